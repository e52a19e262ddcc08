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
    /// Why the system refused to read or write a file (`diagnostics::io_reason`).
    pub fn io_not_found() {
        ja: "ファイルまたはフォルダーがありません",
        en: "no such file or folder",
    }
    pub fn io_permission() {
        ja: "読み書きする権限がありません(ほかのプログラムが開いているか、読み取り専用です)",
        en: "permission denied (another program may hold it open, or it is read-only)",
    }
    pub fn io_exists() {
        ja: "同じ名前のファイルがもうあります",
        en: "a file of that name already exists",
    }
    pub fn io_full() {
        ja: "ディスクの空きがありません",
        en: "the disk is full",
    }
    pub fn io_read_only() {
        ja: "読み取り専用の場所です",
        en: "the location is read-only",
    }
    pub fn io_busy() {
        ja: "ほかのプログラムが使っています",
        en: "another program is using it",
    }
    pub fn io_not_a_folder() {
        ja: "途中にフォルダーではなくファイルがあります",
        en: "a file stands where a folder is expected",
    }
    /// Any other system error: the system's own words, which may be English.
    pub fn io_other(system: &str) {
        ja: "システムのエラー({system})",
        en: "system error ({system})",
    }
}
