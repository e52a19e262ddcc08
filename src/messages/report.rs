//! Messages: how problems are reported (labels, hints, counts).

use crate::catalogue;
use crate::lang::plural;

catalogue! {
    /// The last line of a failed build or check.
    pub fn failed(n: usize) {
        let problems = plural(n, "problem", "problems");
        ja: "{n} 件の問題が見つかりました。公開用のフォルダーは何も変えていません。",
        en: "{n} {problems} found; nothing was written",
    }
}
