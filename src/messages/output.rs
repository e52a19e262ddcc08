//! Messages: output.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    pub fn cannot_look_output(shown: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "出力先 {shown} を調べられません: {e}",
        en: "cannot look at the output folder {shown}: {e}",
    }
    pub fn cannot_look_output_hint() {
        ja: "書き込めるフォルダーを --output で指定してください",
        en: "pass a writable folder with --output",
    }
    pub fn cannot_look_site(a0: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "サイトのフォルダー {a0} を調べられません: {e}",
        en: "cannot look at the site folder {a0}: {e}",
    }
    pub fn cannot_look_site_hint() {
        ja: "--root でサイトのフォルダーを指定してください",
        en: "pass the site folder with --root",
    }
    pub fn choose_other_output_hint() {
        ja: "サイトの原稿と重ならない別のフォルダー (たとえば public) を --output で指定してください",
        en: "choose another folder with --output, e.g. public",
    }
    pub fn output_is_link(shown: impl std::fmt::Display) {
        ja: "出力先 {shown} はリンク (シンボリックリンク) です。リンクは別のものに置き換えられてしまうので、書き込みません",
        en: "the output {shown} is a symbolic link; yokoten would replace it, so it writes nothing",
    }
    pub fn output_is_link_hint() {
        ja: "リンク先のフォルダーを --output で直接指定してください",
        en: "pass the folder it points to with --output",
    }
    pub fn cannot_prepare_output(shown: impl std::fmt::Display, e: impl std::fmt::Display) {
        ja: "出力先 {shown} を使う準備ができません: {e}",
        en: "cannot prepare the output folder {shown}: {e}",
    }
    pub fn writable_hint() {
        ja: "書き込めるフォルダーか、ディスクに空きがあるかを確かめてください",
        en: "check that the folder is writable and the disk is not full",
    }
    pub fn output_is_file(shown: impl std::fmt::Display) {
        ja: "出力先 {shown} はフォルダーではなくファイルです。yokoten が作っていないファイルは置き換えません",
        en: "the output {shown} is a file, not a folder; yokoten never replaces a file it did not write",
    }
    pub fn new_folder_hint() {
        ja: "まだない名前か、空のフォルダーを --output で指定してください",
        en: "pass a new or empty folder with --output",
    }
    pub fn foreign_files(shown: impl std::fmt::Display, some: impl std::fmt::Display) {
        ja: "出力先 {shown} には yokoten が作ったのではないファイルがあります ({some})。ビルドするとこれらは消えてしまうので、書き込みません",
        en: "the output {shown} holds files yokoten did not make ({some}); a build would delete them, so it writes nothing",
    }
    pub fn foreign_files_hint() {
        ja: "まだない名前か空のフォルダーを --output で指定してください。中身を消してよいときだけ --force をつけます",
        en: "pass a new or empty folder with --output; add --force only if its files may be deleted",
    }
    pub fn output_holds_site(shown: impl std::fmt::Display) {
        ja: "出力先 {shown} はサイトのフォルダーそのものか、それを含むフォルダーです。ビルドするとサイトの原稿が消えてしまいます",
        en: "the output {shown} is the site folder or holds it; a build would delete the site's own sources",
    }
    pub fn output_overlaps_site(shown: impl std::fmt::Display, name: impl std::fmt::Display) {
        ja: "出力先 {shown} はサイトの {name} と重なっています。ビルドするとサイトの原稿が消えてしまいます",
        en: "the output {shown} overlaps the site's {name}; a build would delete the site's own sources",
    }
    pub fn waiting_for_lock(a0: impl std::fmt::Display) {
        ja: "ほかの yokoten (build か build --watch) が {a0} に書き込んでいます。終わるまで待ちます (Ctrl+C でやめられます)…",
        en: "another yokoten (build or build --watch) is writing {a0}; waiting for it to finish (Ctrl+C to stop)...",
    }
    pub fn journal_completed(a0: impl std::fmt::Display, moved: usize, removed: usize) {
        ja: "前回のビルドは {a0} を書き換える途中で止まっていました。その続き({moved} ファイルの入れ替えと {removed} ファイルの削除)を終えました",
        en: "the last build stopped while replacing the files of {a0}; finished what it had begun ({moved} files moved in, {removed} removed)",
    }
    pub fn stopped_waiting() {
        ja: "待つのをやめました (Ctrl+C)",
        en: "stopped waiting (Ctrl+C)",
    }
    pub fn names_collide(first: impl std::fmt::Display, path: impl std::fmt::Display) {
        ja: "できあがるサイトの {first} と {path} は、Windows や Mac では同じ名前になり、片方がもう片方を上書きしてしまいます (大文字と小文字、濁点の書き方だけが違う名前です)",
        en: "{first} and {path} of the site are one name on Windows and macOS (they differ only in case or Unicode form), so one would replace the other",
    }
    pub fn names_collide_hint() {
        ja: "どちらかの名前 (ファイル名、自治体名など) を変えてください",
        en: "rename one of them (the file, the municipality...)",
    }
    pub fn cannot_write_site(e: impl std::fmt::Display) {
        ja: "サイトを書き出せません: {e}",
        en: "cannot write the site: {e}",
    }
    pub fn cannot_write_site_hint() {
        ja: "フォルダーに書き込めるか、ディスクに空きがあるかを確かめてください。公開フォルダーは前のままです",
        en: "check that the folder is writable and the disk is not full; the published folder is as it was",
    }
    pub fn stopped_unchanged() {
        ja: "途中で止めました (Ctrl+C)。公開フォルダーは前のままです",
        en: "stopped (Ctrl+C); the published folder is as it was",
    }
    pub fn files_not_written(n: impl std::fmt::Display, list: impl std::fmt::Display) {
        ja: "出力フォルダーに書き込めなかったファイルが {n} 件あります:\n  {list}",
        en: "{n} files of the output folder could not be written:\n  {list}",
    }
    pub fn files_not_written_hint() {
        ja: "フォルダーに書き込めるか、ディスクに空きがあるか、ほかのソフトがファイルを開いていないかを確かめてください。次に保存したときに、もう一度書き込みます",
        en: "check that the folder is writable, the disk is not full and no other program holds the files; they are written again on the next change",
    }
}
