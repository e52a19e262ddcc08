//! Messages: `init` and `new case`, and the placeholders they leave for an editor to fill.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    /// `init` in a folder that already holds a site's files.
    /// `init` into a site: `files` names a few, `n` counts them all.
    pub fn init_exists(dir: &str, files: &str, n: usize) {
        let more = if n > 1 { format!(" and {} more", n - 1) } else { String::new() };
        let nado = if n > 1 { format!(" など {n} 個") } else { String::new() };
        ja: "{dir} にはもうサイトのファイルがあります({files}{nado})。上書きしないよう、何も書きませんでした。",
        en: "{dir} already holds a site ({files}{more}); nothing was written, so as not to overwrite it",
    }
    pub fn init_exists_hint() {
        ja: "新しいサイトは、空のフォルダーか、まだない名前のフォルダーに作ってください(例: yokoten init 新しいサイト)。",
        en: "make a new site in an empty or new folder (e.g. yokoten init mysite)",
    }
    /// A file of the new site could not be written.
    pub fn cannot_write(path: &str, error: &str) {
        ja: "{path} を書けません: {error}",
        en: "cannot write {path}: {error}",
    }
    /// `new case NAME` with a name that cannot be a URL.
    pub fn bad_slug(slug: &str) {
        ja: "`{slug}` はファイル名・URL に使えません。文字(日本語も可)・数字・ハイフン(-)だけにしてください(空白や / は使えません)。例: awara-dx-suishinin",
        en: "`{slug}` cannot be a file name and URL: use letters (of any script), digits and `-` only (no spaces or `/`), e.g. awara-dx-suishinin",
    }
    pub fn case_exists(slug: &str, path: &str) {
        ja: "`{slug}` という事例はもうあります({path})。別の名前にしてください。",
        en: "a case named `{slug}` already exists ({path}); choose another name",
    }
    /// The comment at the top of init's sample case.
    pub fn sample_comment() {
        ja: "# これは見本の事例です。draft: true(下書き)なので公開されません。\n# 書き換えて draft の行を消すか、このファイルを消してください。\n",
        en: "# This is a sample case. It is a draft (draft: true), so it is not published.\n# Rewrite it and remove the draft line, or delete this file.\n",
    }
    /// Placeholder text of `init`/`new case` left in a case (a warning).
    pub fn placeholder_left(text: &str) {
        ja: "ひな形の文「{text}」が残っています。",
        en: "the template's text `{text}` is still here",
    }
    pub fn placeholder_hint() {
        ja: "実際の内容に書き換えてください。まだ書きかけなら draft: true にしておくと公開されません。",
        en: "replace it with the real content; while the case is unfinished, `draft: true` keeps it unpublished",
    }
}
