//! Messages: sources.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    pub fn link_outside(name: impl std::fmt::Display) {
        ja: "{name} はサイトのフォルダーの外 (または隠しフォルダー) を指すリンク (シンボリックリンク) です。サイトの外のファイルは読みません",
        en: "{name} is a symbolic link to outside the site folder (or into a hidden folder); yokoten reads nothing outside the site",
    }
    pub fn link_outside_hint() {
        ja: "リンクではなく、ファイルそのものをサイトのフォルダーの中に置いてください",
        en: "put the file itself inside the site folder instead of a link",
    }
    pub fn not_regular(name: impl std::fmt::Display) {
        ja: "{name} はふつうのファイルではありません (名前付きパイプや装置など)。読みません",
        en: "{name} is not a regular file (a named pipe, socket or device); it is not read",
    }
    pub fn not_regular_hint() {
        ja: "消すか、ふつうのファイルに置き換えてください",
        en: "remove it or replace it with a regular file",
    }
    pub fn too_big(name: impl std::fmt::Display, size: impl std::fmt::Display, limit: impl std::fmt::Display) {
        ja: "{name} は大きすぎます ({size}。上限は {limit})",
        en: "{name} is too large ({size}; the limit is {limit})",
    }
    pub fn too_big_hint() {
        ja: "ファイルを小さくするか、分けてください",
        en: "make the file smaller or split it",
    }
    pub fn link_loop(name: impl std::fmt::Display) {
        ja: "{name} はリンク (シンボリックリンク) で自分を含むフォルダーを指していて、中をたどると終わりません。読みません",
        en: "{name} leads back into a folder that holds it (through a symbolic link), so it has no end; it is not read",
    }
    pub fn link_loop_hint() {
        ja: "そのリンクを消してください",
        en: "remove that link",
    }
    pub fn cannot_read(name: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "{name} を読めません: {e}",
        en: "cannot read {name}: {e}",
    }
    pub fn cannot_open_site(a0: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "サイトのフォルダー {a0} を開けません: {e}",
        en: "cannot open the site folder {a0}: {e}",
    }
    pub fn cannot_open_site_hint() {
        ja: "サイトのフォルダー (site.yaml のあるフォルダー) で実行するか、--root で指定してください",
        en: "run yokoten in the site folder (the one with site.yaml), or pass it with --root",
    }
    pub fn no_extension() {
        ja: "(拡張子なし)",
        en: "(no extension)",
    }
    pub fn asset_kind_refused(name: impl std::fmt::Display, ext: impl std::fmt::Display) {
        ja: "{name}: この種類のファイル ({ext}) は事例といっしょに公開できません。HTML や JavaScript などはサイトの中で動いてしまうためです",
        en: "{name}: files of this kind ({ext}) cannot be published with a case; HTML, JavaScript and the like would run inside the site",
    }
    pub fn asset_kind_hint(allowed: impl std::fmt::Display) {
        ja: "公開できるのは {allowed} です。ほかのファイルは事例のフォルダーから外してください",
        en: "allowed: {allowed}; move other files out of the case folder",
    }
    pub fn asset_content_mismatch(name: impl std::fmt::Display, kind: impl std::fmt::Display) {
        ja: "{name}: 名前は {kind} のファイルですが、中身がちがいます (名前を変えた別の種類のファイルかもしれません)",
        en: "{name}: named as a {kind} file, but its content is something else",
    }
    pub fn asset_content_hint() {
        ja: "画像や文書のソフトで、正しい形式で保存し直してください",
        en: "save it again in the right format from the program that made it",
    }
    pub fn svg_active(name: impl std::fmt::Display, what: impl std::fmt::Display) {
        ja: "{name}: この SVG 画像には、サイトの中で動いたり外から読み込んだりするもの ({what}) が入っているので公開できません",
        en: "{name}: this SVG holds something that runs or loads from elsewhere ({what}), so it is not published",
    }
    pub fn svg_active_hint() {
        ja: "描画ソフトで「プレーンな SVG」として書き出し直すか、PNG にしてください",
        en: "export it again as plain SVG from the drawing program, or use PNG",
    }
    pub fn asset_index_html(name: impl std::fmt::Display) {
        ja: "{name}: index.html という名前のファイルは、事例のページと重なるので置けません",
        en: "{name}: a file named index.html would take the place of the case's page",
    }
    pub fn asset_index_html_hint() {
        ja: "名前を変えてください",
        en: "rename it",
    }
    pub fn svg_not_utf8() {
        ja: "UTF-8 でない SVG",
        en: "an SVG that is not UTF-8",
    }
    pub fn svg_style_element() {
        ja: "<style> の中の要素",
        en: "an element inside <style>",
    }
    pub fn svg_style_char_ref() {
        ja: "スタイルの中の文字参照 (&#…;)",
        en: "a character reference (&#…;) in a style",
    }
    pub fn svg_doctype() {
        ja: "<!DOCTYPE> (実体の定義)",
        en: "<!DOCTYPE> (entity definitions)",
    }
    pub fn svg_processing_instruction() {
        ja: "<?…?> (処理命令)",
        en: "<?…?> (a processing instruction)",
    }
    pub fn svg_unreadable(e: impl std::fmt::Display) {
        ja: "読めない XML ({e})",
        en: "unreadable XML ({e})",
    }
    pub fn svg_unreadable_attribute(e: impl std::fmt::Display) {
        ja: "読めない属性 ({e})",
        en: "an unreadable attribute ({e})",
    }
    pub fn svg_unreadable_value(key: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "{key} の読めない値 ({e})",
        en: "an unreadable value of {key} ({e})",
    }
    pub fn svg_event_attribute(key: impl std::fmt::Display) {
        ja: "{key}= (イベントで動くスクリプト)",
        en: "{key}= (a script run by an event)",
    }
    pub fn svg_external_link(key: impl std::fmt::Display, value: impl std::fmt::Display) {
        ja: "{key}=\"{value}\" (外部や別のファイルへのリンク)",
        en: "{key}=\"{value}\" (a link to elsewhere)",
    }
    pub fn svg_css_import() {
        ja: "スタイルの @import や url(...) など、外から読み込むもの",
        en: "@import, url(...) or another way to load from elsewhere",
    }
}
