//! Messages: links between pages and to files, anchors, `check --external`.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    pub fn target_not_found(link: impl std::fmt::Display) {
        ja: "リンク先のページが見つかりません: {link}",
        en: "the page this link points to does not exist: {link}",
    }
    pub fn target_not_found_hint() {
        ja: "リンク先は、このファイルからの場所 (例: `../cases/awara.md`) か、content フォルダーからの場所 (例: `@/cases/awara.md`) で書きます。ファイルの名前を確かめてください",
        en: "write the target relative to this file (e.g. `../cases/awara.md`) or from the content folder (e.g. `@/cases/awara.md`); check the file name",
    }
    pub fn did_you_mean(suggestion: impl std::fmt::Display) {
        ja: "もしかして {suggestion} ですか?",
        en: "did you mean {suggestion}?",
    }
    pub fn outside_content(link: impl std::fmt::Display) {
        ja: "content フォルダーの外を指すリンクは使えません: {link}",
        en: "a link may not point outside the content folder: {link}",
    }
    pub fn outside_content_hint() {
        ja: "`../` が多すぎないか確かめてください。content フォルダーからの場所で `@/cases/awara.md` のように書くこともできます",
        en: "check for one `../` too many; you can also write the place from the content folder, like `@/cases/awara.md`",
    }
    pub fn draft_target(link: impl std::fmt::Display) {
        ja: "リンク先の事例は下書き (draft: true) なので、公開されるサイトにはありません: {link}",
        en: "the case this link points to is a draft (draft: true), so it is not on the published site: {link}",
    }
    pub fn draft_target_hint() {
        ja: "リンク先の事例を公開する (draft: true を消す) か、このリンクを外してください。下書きを含めた確認は build --drafts でできます",
        en: "publish the linked case (remove draft: true) or remove this link; build --drafts shows drafts too",
    }
    pub fn anchor_not_found(link: impl std::fmt::Display) {
        ja: "リンク先のページに、この見出しがありません: {link}",
        en: "the page this link points to has no such heading: {link}",
    }
    pub fn anchor_hint() {
        ja: "見出しへのリンクは `#` のあとに見出しの文字を書きます (例: `#背景と課題`)。見出しの文字が変わっていないか確かめてください",
        en: "a link to a heading is `#` followed by the heading's text (e.g. `#背景と課題`); check that the heading was not reworded",
    }
    pub fn page_not_found(link: impl std::fmt::Display) {
        ja: "リンク先のページ (またはファイル) がありません: {link}",
        en: "the page (or file) this link points to does not exist: {link}",
    }
    pub fn page_not_found_hint() {
        ja: "ほかの事例やページへのリンクは、URL ではなくファイルの名前で書くと切れません (例: `@/cases/awara.md`、`@/pages/about.md`)",
        en: "link to another case or page by its file instead of its URL and the link cannot break (e.g. `@/cases/awara.md`, `@/pages/about.md`)",
    }
    pub fn outside_site(link: impl std::fmt::Display, base: impl std::fmt::Display) {
        ja: "このリンクはサイトの外 (公開する場所 {base} の外) を指しています: {link}",
        en: "this link points outside the site (outside {base}, where it is published): {link}",
    }
    pub fn outside_site_hint() {
        ja: "`/about/` のように / で始まるリンクは、サイトを `/dx/` のような場所に公開すると切れます。ファイルの名前で `@/pages/about.md` のように書いてください",
        en: "links starting with / (like `/about/`) break when the site is published under a path (like `/dx/`); write the file instead, like `@/pages/about.md`",
    }
    pub fn html_md_link(link: impl std::fmt::Display) {
        ja: "HTML のタグの中に書いた .md へのリンクは、ページの場所に書き換えられません: {link}",
        en: "a link to a .md file inside an HTML tag is not turned into the page's address: {link}",
    }
    pub fn html_md_link_hint() {
        ja: "Markdown のリンク `[文字](../cases/awara.md)` で書いてください",
        en: "write it as a Markdown link: `[text](../cases/awara.md)`",
    }
    pub fn template_link(link: impl std::fmt::Display, page: impl std::fmt::Display, more: usize) {
        ja: "テーマ・テンプレート・静的ファイルに書かれたリンクが切れています: {link} ({page} ほか {more} ページ)",
        en: "a link written by the theme, a template or a static file leads nowhere: {link} (on {page} and {more} more pages)",
    }
    pub fn template_link_one(link: impl std::fmt::Display, page: impl std::fmt::Display) {
        ja: "テーマ・テンプレート・静的ファイルに書かれたリンクが切れています: {link} ({page})",
        en: "a link written by the theme, a template or a static file leads nowhere: {link} (on {page})",
    }
    pub fn template_link_hint() {
        ja: "テーマやテンプレートのリンクを直すか、リンク先のファイルを置いてください",
        en: "fix the link in the theme or template, or add the missing file",
    }
    pub fn external_start(n: usize, secs: u64) {
        let urls = plural(n, "URL", "URLs");
        ja: "外部のリンクと出典を確かめています ({n} 件。1 件につき最大 {secs} 秒待ちます)",
        en: "checking {n} external {urls} (links and sources; up to {secs} s each)",
    }
    pub fn external_broken(at: impl std::fmt::Display, url: impl std::fmt::Display, status: u16) {
        ja: "{at}: リンク先が開けません (HTTP {status}): {url}",
        en: "{at}: the link does not open (HTTP {status}): {url}",
    }
    pub fn external_timeout(at: impl std::fmt::Display, url: impl std::fmt::Display, secs: u64) {
        ja: "{at}: リンク先が {secs} 秒たっても応答しません: {url}",
        en: "{at}: no answer within {secs} s: {url}",
    }
    pub fn external_failed(at: impl std::fmt::Display, url: impl std::fmt::Display, why: impl std::fmt::Display) {
        ja: "{at}: リンク先につながりません ({why}): {url}",
        en: "{at}: cannot reach the link ({why}): {url}",
    }
    pub fn external_ok(n: usize) {
        let urls = plural(n, "URL", "URLs");
        ja: "外部のリンクと出典 {n} 件はすべて開けました",
        en: "all {n} external {urls} open",
    }
    pub fn external_summary(bad: usize, n: usize) {
        ja: "外部のリンクと出典 {n} 件のうち {bad} 件が開けません。URL が変わっていないか確かめてください",
        en: "{bad} of {n} external links and sources do not open; check whether their addresses changed",
    }
}
