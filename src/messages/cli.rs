//! Messages: the command line (`--help`, progress and summary lines, usage errors).

use crate::catalogue;
use crate::lang::plural;

catalogue! {
    /// `yokoten --help`, first line.
    pub fn about() {
        ja: "自治体DXの事例集を、Markdown で書いた事例から静的なウェブサイトとして作ります。",
        en: "Build a static site of municipal DX case studies (自治体DX事例集) from Markdown.",
    }
    /// `yokoten --help`, after the first line.
    pub fn about_long() {
        ja: "サイトは site.yaml、content/cases/ の事例ファイル、themes/ のテーマを持つフォルダーです。\nまず `yokoten init mysite` でサイトを作り、そのフォルダーで `yokoten serve` を実行すると、\nブラウザーで確認しながら書けます。",
        en: "A site is a folder with site.yaml, content/cases/*.md and a theme under themes/.\nStart with `yokoten init mysite`, then `yokoten serve` inside it.",
    }
    pub fn help_color() {
        ja: "エラー表示の色: auto(自動)、always(常に使う)、never(使わない)",
        en: "Colour in error reports: auto, always or never",
    }
    pub fn help_lang() {
        ja: "メッセージの言語: ja(日本語、既定)または en(英語)。環境変数 YOKOTEN_LANG=en でも英語になります",
        en: "Language of messages: ja (default) or en. `YOKOTEN_LANG=en` does the same",
    }
    pub fn help_verbose() {
        ja: "問題ごとに、読み取りに使った部品(YAML の読み取りなど)が出した元の文も表示します",
        en: "Also show what the libraries said about each problem (the YAML parser's own text)",
    }
    pub fn help_help() {
        ja: "この説明を表示します",
        en: "Print help",
    }
    pub fn help_version() {
        ja: "バージョンを表示します",
        en: "Print version",
    }
    pub fn about_init() {
        ja: "新しいサイトを作ります(site.yaml、見本の事例、標準のテーマ)",
        en: "Create a new site with site.yaml, a sample case and the default theme",
    }
    pub fn help_init_dir() {
        ja: "サイトを作るフォルダー(省略すると今いるフォルダー)",
        en: "Folder to create the site in (default: the current folder)",
    }
    pub fn about_new() {
        ja: "ひな形から新しいファイルを作ります",
        en: "Create a new file from a template",
    }
    pub fn about_new_case() {
        ja: "すべての項目の入った事例ファイルを作ります: content/cases/<SLUG>.md",
        en: "A case file with every field, ready to fill in: content/cases/<SLUG>.md",
    }
    pub fn help_new_case_slug() {
        ja: "ファイル名になり、URL にも使われる名前(例: awara-dx-suishinin)。文字(日本語も可)・数字・ハイフンが使えます",
        en: "The file's name, also used in the URL (e.g. awara-dx-suishinin): letters of any script, digits and `-`",
    }
    pub fn about_build() {
        ja: "サイトを公開用のフォルダー(既定は public/)に作ります",
        en: "Build the site into the output folder (public/ by default)",
    }
    pub fn about_serve() {
        ja: "サイトを作ってプレビューを開き、保存するたびに作り直してブラウザーを再読み込みします",
        en: "Build, watch for changes and serve the site with live reload",
    }
    pub fn about_check() {
        ja: "site.yaml、すべての事例、サイト内のリンクを確かめます。ファイルは何も書きません",
        en: "Validate site.yaml, every case and every internal link; write nothing",
    }
    pub fn help_root() {
        ja: "サイトのフォルダー(site.yaml のある所)。「.」は今いるフォルダー",
        en: "The site folder (holding site.yaml); `.` is the current folder",
    }
    pub fn help_drafts() {
        ja: "下書き(draft: true)の事例も含めます",
        en: "Include cases marked `draft: true`",
    }
    pub fn help_external() {
        ja: "事例とページに書かれた外部の URL(出典など)が開けるかも確かめます(インターネット接続が必要です)",
        en: "Also check that the outside addresses written in cases and pages (sources...) answer (needs the network)",
    }
    pub fn help_timeout() {
        ja: "--external で、1 つの URL の応答を待つ秒数(1〜600)",
        en: "With --external: how many seconds to wait for each address (1-600)",
    }
    pub fn help_base_url() {
        ja: "site.yaml の base_url の代わりに使う URL(例: 確認用のサーバーに置くとき)",
        en: "Override base_url from site.yaml (e.g. for a staging host)",
    }
    pub fn help_build_output() {
        ja: "公開用のフォルダー。省略するとサイトのフォルダーの public/",
        en: "Output folder. Default: public/ in the site folder",
    }
    pub fn help_build_force() {
        ja: "yokoten が作っていないファイルのある出力フォルダーでも置き換えます(サイトの元のファイルや、フォルダーでないものは決して置き換えません)",
        en: "Replace an output folder that holds files yokoten did not make (never the site's own sources or a plain file)",
    }
    pub fn help_watch() {
        ja: "事例・テンプレート・静的ファイルが変わるたびに作り直します",
        en: "Rebuild whenever content, templates or static files change",
    }
    pub fn help_poll() {
        ja: "変更の知らせを待つ代わりに、定期的にファイルを確かめます(ネットワークドライブ向け)",
        en: "Poll for changes instead of using file events (for network drives)",
    }
    pub fn help_port() {
        ja: "プレビューのポート番号。使われていれば、次の空いている番号を使います",
        en: "Port to listen on; if taken, the next free one is used",
    }
    pub fn help_bind() {
        ja: "プレビューを開くアドレス。127.0.0.1 なら、このパソコンからだけ見えます",
        en: "Address to bind; with 127.0.0.1 only this computer can open the preview",
    }
    pub fn help_serve_output() {
        ja: "出力フォルダー。省略すると専用の一時フォルダーを使い、終わるときに消します(public/ は build の結果のまま残ります)",
        en: "Output folder. Default: a private temporary folder, removed when serve ends (so public/ keeps what `build` wrote)",
    }
    pub fn help_serve_force() {
        ja: "--output と一緒に使います: yokoten が作っていないファイルのあるフォルダーでも置き換えます",
        en: "With --output: replace a folder that holds files yokoten did not make",
    }
    /// After an option's help: its default value.
    pub fn help_default(value: &str) {
        ja: "(既定: {value})",
        en: " [default: {value}]",
    }
    /// After an option's help: the values it takes.
    pub fn help_possible(values: &str) {
        ja: "(使える値: {values})",
        en: " [possible values: {values}]",
    }
    /// `--help` headings.
    pub fn heading_usage() {
        ja: "使い方:",
        en: "Usage:",
    }
    pub fn heading_options() {
        ja: "オプション",
        en: "Options",
    }
    pub fn heading_arguments() {
        ja: "引数",
        en: "Arguments",
    }
    pub fn heading_commands() {
        ja: "コマンド",
        en: "Commands",
    }

    /// Usage errors (exit 2).
    pub fn usage_unknown_argument(arg: &str) {
        ja: "`{arg}` というオプションはありません。",
        en: "unknown option `{arg}`",
    }
    pub fn usage_unknown_command(command: &str) {
        ja: "`{command}` というコマンドはありません。",
        en: "unknown command `{command}`",
    }
    pub fn usage_suggest(suggestion: &str) {
        ja: "もしかして `{suggestion}` ですか?",
        en: "did you mean `{suggestion}`?",
    }
    pub fn usage_invalid_value(arg: &str, value: &str) {
        ja: "{arg} に `{value}` は使えません。",
        en: "`{value}` is not a valid value for {arg}",
    }
    pub fn usage_possible_values(values: &str) {
        ja: "使える値: {values}",
        en: "possible values: {values}",
    }
    pub fn usage_missing(args: &str) {
        ja: "{args} を指定してください。",
        en: "missing {args}",
    }
    pub fn usage_too_many(value: &str) {
        ja: "`{value}` は余分です。フォルダー名に空白があるときは \"...\" で囲んでください。",
        en: "unexpected `{value}`; quote a folder name that holds spaces",
    }
    pub fn usage_other() {
        ja: "コマンドの書き方が正しくありません。",
        en: "the command line is not right",
    }
    pub fn usage_see_help(command: &str) {
        ja: "使い方は `{command} --help` で確かめられます。",
        en: "see `{command} --help`",
    }

    /// After `build`.
    pub fn built(cases: usize, pages: usize, files: usize, mb: f64, secs: f64) {
        let case_s = plural(cases, "case", "cases");
        let page_s = plural(pages, "page", "pages");
        let file_s = plural(files, "file", "files");
        ja: "完成しました: 事例 {cases} 件、{pages} ページ({files} ファイル、{mb:.1} MB、{secs:.2} 秒)",
        en: "built {cases} {case_s}, {pages} {page_s} ({files} {file_s}, {mb:.1} MB) in {secs:.2} s",
    }
    /// After `check` found nothing wrong.
    pub fn checked(cases: usize, pages: usize, secs: f64) {
        let case_s = plural(cases, "case", "cases");
        let page_s = plural(pages, "page", "pages");
        ja: "確認しました: 事例 {cases} 件、{pages} ページに問題はありません({secs:.2} 秒)",
        en: "checked {cases} {case_s}, {pages} {page_s}: no problems ({secs:.2} s)",
    }
    /// The first build of `build --watch` or `serve`.
    pub fn first_built(cases: usize, pages: usize, secs: f64) {
        let case_s = plural(cases, "case", "cases");
        let page_s = plural(pages, "page", "pages");
        ja: "完成しました: 事例 {cases} 件、{pages} ページ({secs:.2} 秒)",
        en: "built {cases} {case_s}, {pages} {page_s} in {secs:.2} s",
    }
    /// The first build of `build --watch` or `serve` failed.
    pub fn first_build_failed(n: usize) {
        let problems = plural(n, "problem", "problems");
        ja: "{n} 件の問題があります。直して保存すると、もう一度作ります。",
        en: "{n} {problems}; fix them and save: watching for changes",
    }
    pub fn cannot_watch(root: &str, error: &str) {
        ja: "{root} の変更を見張れません: {error}",
        en: "cannot watch {root}: {error}",
    }
    pub fn watching(root: &str) {
        ja: "変更を見張っています: {root}(止めるには Ctrl+C)",
        en: "watching {root} for changes (Ctrl+C to stop)",
    }
    /// One rebuild of the authoring loop.
    pub fn rebuilt(what: &str, rendered: usize, pages: usize, written: usize, removed: usize, ms: f64, since_event: f64) {
        let page_s = plural(pages, "page", "pages");
        let file_s = plural(written, "file", "files");
        ja: "反映しました: {what}({pages} ページ中 {rendered} ページを作り直し、{written} ファイルを書き、{removed} ファイルを消しました。{ms:.1} ms、保存から {since_event:.1} ms)",
        en: "rebuilt after {what}: {rendered} of {pages} {page_s} rendered, {written} {file_s} written, {removed} removed in {ms:.1} ms ({since_event:.1} ms after the file event)",
    }
    /// A rebuild of `build --watch` failed.
    pub fn rebuild_failed_watch(what: &str, n: usize) {
        let problems = plural(n, "problem", "problems");
        ja: "反映できませんでした: {what}({n} 件の問題)。公開用のフォルダーは前の状態のままです。直して保存してください。",
        en: "error after {what}: {n} {problems}; the output keeps the last good site",
    }
    /// A rebuild of `serve` failed.
    pub fn rebuild_failed_serve(what: &str, n: usize) {
        let problems = plural(n, "problem", "problems");
        ja: "反映できませんでした: {what}({n} 件の問題)。プレビューは前の正しい状態のまま、ブラウザーに問題を表示しています。直して保存してください。",
        en: "error after {what}: {n} {problems}; still serving the last good site, with the problems shown in the browser",
    }
    pub fn stopping() {
        ja: "止めています。書きかけのファイルを書き終えるまでお待ちください…",
        en: "stopping: finishing the files being written...",
    }
    /// What changed, in a rebuild line: no file.
    pub fn changed_nothing() {
        ja: "変更なし",
        en: "nothing",
    }
    /// What changed, in a rebuild line: several files.
    pub fn changed_files(n: usize, first: &str) {
        ja: "{first} ほか、計 {n} ファイル",
        en: "{n} files ({first}, ...)",
    }

    /// `serve`.
    pub fn port_taken(wanted: u16, port: u16) {
        ja: "ポート {wanted} は使われているので、{port} を使います。",
        en: "port {wanted} is taken; using {port}",
    }
    pub fn serving(url: &str) {
        ja: "プレビュー: {url} をブラウザーで開いてください。",
        en: "serving at {url}",
    }
    pub fn no_private_folder(error: &str) {
        ja: "作業用の一時フォルダーを作れません: {error}",
        en: "cannot make a private temporary folder: {error}",
    }

    /// `init`.
    pub fn init_done(dir: &str, files: usize) {
        let file_s = plural(files, "file", "files");
        ja: "新しいサイトを作りました: {dir}({files} ファイル)",
        en: "created a new site in {dir} ({files} {file_s})",
    }
    pub fn init_next(dir: &str) {
        ja: "次に `cd {dir}` でフォルダーに移り、`yokoten serve` を実行するとブラウザーで確かめられます。見本の事例(下書き)を書き換えるか、`yokoten new case 名前` で新しい事例を作ってください。",
        en: "next: cd {dir} && yokoten serve; rewrite the sample case (a draft) or make one with `yokoten new case NAME`",
    }
    /// `new case`.
    pub fn new_case_done(path: &str) {
        ja: "事例のファイルを作りました: {path}",
        en: "created {path}",
    }
    pub fn new_case_next() {
        ja: "「ここに…」と書かれた所を書き換えてください。draft: true(下書き)の間は公開されません。`yokoten serve --drafts` で確かめながら書け、書き終えたら draft の行を消してください。",
        en: "replace every `ここに…` text; the case is a draft (`draft: true`) until you remove that line; `yokoten serve --drafts` shows it as you write",
    }
    /// The authoring loop's search index, rebuilt in the background, has landed.
    pub fn search_updated(written: usize, removed: usize, ms: f64) {
        let file_s = plural(written, "file", "files");
        ja: "検索の索引を更新しました: {written} ファイルを書き、{removed} ファイルを消しました(変更から {ms:.1} ms)",
        en: "search index updated: {written} {file_s} written, {removed} removed, {ms:.1} ms after the change",
    }
}
