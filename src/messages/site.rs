//! Messages: site.yaml (the site's settings and its 分野) and the theme's templates.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    // site.yaml.

    /// site.yaml cannot be read at all.
    pub fn cannot_read(path: &str, why: &str) {
        ja: "{path} を読めません（{why}）",
        en: "cannot read {path}: {why}",
    }
    pub fn cannot_read_hint() {
        ja: "サイトのフォルダーで実行するか、--root でフォルダーを指定してください（新しく作るときは `yokoten init`）",
        en: "run yokoten in a site folder, or pass --root DIR (create one with `yokoten init`)",
    }
    /// site.yaml is a list or a lone text.
    pub fn not_fields(kind: &str) {
        ja: "site.yaml は「項目名: 値」の行で書きます（いまは{kind}になっています）",
        en: "site.yaml must be `name: value` lines, not {kind}",
    }
    pub fn not_fields_hint() {
        ja: "`title: サイトの名前` と `base_url: https://...` の行から始めてください",
        en: "start with `title: ...` and `base_url: ...`",
    }
    pub fn theme_path(theme: &str) {
        ja: "theme には themes フォルダーの中のフォルダーの名前だけを書きます (`{theme}` は使えません)",
        en: "theme must be the name of a folder in themes/, not a path (`{theme}`)",
    }
    pub fn theme_hint() {
        ja: "例: `theme: default`",
        en: "e.g. `theme: default`",
    }
    pub fn base_url_scheme(url: &str) {
        ja: "base_url「{url}」は http:// か https:// で始めてください",
        en: "base_url `{url}` must start with http:// or https://",
    }
    pub fn base_url_no_host(url: &str) {
        ja: "base_url「{url}」にサイトの名前（ドメイン）がありません",
        en: "base_url `{url}` has no host name",
    }
    pub fn base_url_marks(url: &str) {
        ja: "base_url「{url}」には「?」「#」や空白を入れられません",
        en: "base_url `{url}` must not contain `?`, `#` or spaces",
    }
    pub fn base_url_hint() {
        ja: "例: `base_url: https://example.jp/dx/`",
        en: "e.g. `base_url: https://example.jp/dx/`",
    }
    /// site.yaml still has the example address `init` writes.
    pub fn base_url_example(url: &str) {
        ja: "base_url がまだ見本のアドレス「{url}」のままです。このまま公開すると、RSS やページの共有用のリンクがほかのサイトを指します。",
        en: "base_url is still the example address `{url}`: published like this, the feeds and share links point at another site",
    }
    pub fn base_url_example_hint() {
        ja: "公開する場所のアドレスに書き換えてください(例: `base_url: https://www.city.example.lg.jp/dx/`)。",
        en: "write the address the site is published at (e.g. `base_url: https://www.city.example.lg.jp/dx/`)",
    }
    pub fn paginate(kind: &str) {
        ja: "`paginate` は 1 から 10000 までの半角の整数で書きます（いまは{kind}になっています）",
        en: "`paginate` must be a whole number from 1 to 10000, not {kind}",
    }
    pub fn paginate_hint() {
        ja: "例: `paginate: 20`",
        en: "e.g. `paginate: 20`",
    }
    pub fn categories_required() {
        ja: "`categories`（事例に使える分野の一覧）がありません",
        en: "`categories` is required: the list of categories cases may use",
    }
    pub fn categories_required_hint() {
        ja: "`categories:` の行を書き、その下に分野ごとに `  - 名前` の行を書いてください",
        en: "add `categories:` with one `- name` line per category",
    }
    pub fn category_twice(name: &str) {
        ja: "分野「{name}」が2回書かれています",
        en: "category `{name}` is listed twice",
    }
    pub fn category_twice_hint() {
        ja: "どちらか1つを消してください（大文字と小文字、全角と半角の違いだけのものも同じ分野です）",
        en: "delete one of them (names that differ only in case or width are the same category)",
    }
    pub fn categories_empty() {
        ja: "`categories` に分野を1つ以上書いてください",
        en: "`categories` must list at least one category",
    }
    pub fn save_site_yaml_as_utf8() {
        ja: "site.yaml をメモ帳などで開き、「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください",
        en: "open site.yaml in your editor and save it again with the encoding UTF-8",
    }

    // Themes and templates.

    pub fn theme_missing(theme: &str) {
        ja: "テーマ「{theme}」が見つかりません（themes/{theme}/templates というフォルダーがありません）",
        en: "theme `{theme}` not found: no folder themes/{theme}/templates",
    }
    pub fn theme_missing_init_hint() {
        ja: "`yokoten init` で themes/default を作れます",
        en: "create one with `yokoten init`, which writes themes/default",
    }
    pub fn themes_found(list: &str) {
        ja: "使えるテーマ: {list}",
        en: "themes found: {list}",
    }
    pub fn template_error(detail: &str) {
        ja: "テンプレートを読み取れません: {detail}",
        en: "template error: {detail}",
    }
    /// `--base-url` given on the command line is not a site address.
    pub fn base_url_flag_hint() {
        ja: "例: `--base-url https://example.jp/dx/`",
        en: "e.g. `--base-url https://example.jp/dx/`",
    }
    /// A template failed while a page was made from it.
    pub fn cannot_render(path: &str, detail: &str) {
        ja: "{path} をテンプレートから作れません: {detail}",
        en: "cannot render {path}: {detail}",
    }
    pub fn cannot_render_hint() {
        ja: "テンプレートで使える値の一覧は docs/ARCHITECTURE.md にあります。テーマを変えていなければ、`yokoten init` で作った新しいテーマと比べてください",
        en: "check the template against the variables listed in docs/ARCHITECTURE.md",
    }
    pub fn template_hint() {
        ja: "テンプレートの書き方は https://keats.github.io/tera/docs/ にあります（テンプレートを変えていなければ、`yokoten init` で作り直せます）",
        en: "see https://keats.github.io/tera/docs/ for the template syntax",
    }

    // What a field is called in messages about its length and characters.

    pub fn label_site_title() {
        ja: "サイトの名前",
        en: "the site title",
    }
    pub fn label_description() {
        ja: "サイトの説明",
        en: "the description",
    }
    pub fn label_language() {
        ja: "言語",
        en: "the language",
    }
    pub fn label_theme() {
        ja: "テーマ",
        en: "the theme",
    }
}
