//! Messages: how problems are reported (labels, hints, counts).

use crate::catalogue;
use crate::lang::plural;

catalogue! {
    /// The word that heads an error (a report, or a one-line message).
    pub fn error_word() {
        ja: "エラー",
        en: "error",
    }
    /// The word that heads a warning: a problem that does not stop the build.
    pub fn warning_word() {
        ja: "注意",
        en: "warning",
    }
    /// A one-line error that points at no file.
    pub fn error_line(message: &str) {
        ja: "エラー: {message}",
        en: "error: {message}",
    }
    pub fn hint_line(hint: &str) {
        ja: "ヒント: {hint}",
        en: "hint: {hint}",
    }
    /// What a library said, under `--verbose`.
    pub fn detail_line(detail: &str) {
        ja: "詳細: {detail}",
        en: "detail: {detail}",
    }
    /// Under the caret: the field at fault.
    pub fn field_label(field: &str) {
        ja: "項目 `{field}`",
        en: "field `{field}`",
    }
    /// A report without a position: the file it is about.
    pub fn in_file(file: &str) {
        ja: "ファイル: {file}",
        en: "in {file}",
    }
    /// The last line of a failed build or check.
    pub fn failed(n: usize) {
        let problems = plural(n, "problem", "problems");
        ja: "{n} 件の問題が見つかりました。公開用のフォルダーは何も変えていません。",
        en: "{n} {problems} found; nothing was written",
    }
}
