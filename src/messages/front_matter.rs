//! Messages: a case's front matter and YAML (syntax, fields, values), shared with site.yaml
//! where the words are the same; reading a file's text (UTF-8).
//!
//! The words are a clerk's, not a programmer's: 項目 (a key), 値 (a value), 一覧 (a list),
//! 行 and 文字目; never マッピング, スカラー or the parser's own text (that goes to the
//! report's detail, shown with `--verbose`).

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    // YAML the editor wrote in a way it cannot be read.

    /// A tab in the indentation or after `-`.
    pub fn tab() {
        ja: "ここにタブ文字があります。行の始めの空白や「-」のあとには、半角スペースしか使えません",
        en: "there is a tab here; indentation and the space after `-` must be plain spaces",
    }
    pub fn tab_hint(fixed: &str) {
        ja: "タブを半角スペースに変えて `{fixed}` と書いてください",
        en: "replace the tab with spaces: `{fixed}`",
    }
    /// `title：…`.
    pub fn full_width_colon(key: &str) {
        ja: "`{key}` のあとの「：」が全角です。半角の「:」にしてください",
        en: "the colon after `{key}` is a full-width `：`; use a plain `:`",
    }
    /// `title:　…` or a full-width space as indentation.
    pub fn full_width_space() {
        ja: "ここに全角の空白があります。「:」のあとや行の始めの空白は、半角スペースにしてください",
        en: "there is a full-width space here; after `:` and at the start of a line, use plain spaces",
    }
    /// `title:あわら`.
    pub fn no_space_after_colon(key: &str) {
        ja: "`{key}:` のあとに半角スペースがありません",
        en: "there is no space after `{key}:`",
    }
    /// The corrected line.
    pub fn write_as(fixed: &str) {
        ja: "`{fixed}` と書いてください",
        en: "write it as `{fixed}`",
    }
    /// `title: DX推進: 手上げ式`.
    pub fn colon_in_value(key: &str) {
        ja: "`{key}` の値の中に「: 」（コロンと空白）があります。このままでは、ここで項目が区切られたと読まれます",
        en: "the value of `{key}` holds `: ` (a colon and a space), which is read as the start of another field",
    }
    /// `- DX推進: 手上げ式`.
    pub fn colon_in_item() {
        ja: "値の中に「: 」（コロンと空白）があります。このままでは、ここで項目が区切られたと読まれます",
        en: "the value holds `: ` (a colon and a space), which is read as the start of another field",
    }
    pub fn quote_value(fixed: &str) {
        ja: "`{fixed}` のように値全体を \" で囲んでください",
        en: "put the whole value in quotes: `{fixed}`",
    }
    pub fn quote_value_single(fixed: &str) {
        ja: "`{fixed}` のように値全体を ' で囲んでください",
        en: "put the whole value in single quotes: `{fixed}`",
    }
    /// `title: "手上げ式`.
    pub fn unclosed_quote(quote: char) {
        ja: "{quote} で始めた値が、閉じられていません",
        en: "the value starts with {quote} but never ends with one",
    }
    pub fn close_quote(fixed: &str, quote: char) {
        ja: "`{fixed}` のように、値の終わりにも {quote} を書いてください",
        en: "end the value with {quote} too: `{fixed}`",
    }
    /// `title: "手上げ式"です`.
    pub fn text_after_quote(quote: char) {
        ja: "{quote} で囲んだあとにも文字が続いています",
        en: "there is more text after the closing {quote}",
    }
    /// `categories: [人材育成, 推進体制`.
    pub fn unclosed_bracket(open: char, close: char) {
        ja: "「{open}」で始めた一覧が「{close}」で閉じられていません",
        en: "the list started with `{open}` is never closed with `{close}`",
    }
    pub fn close_bracket(fixed: &str, close: char) {
        ja: "`{fixed}` のように、最後に {close} を書いてください",
        en: "close it with {close}: `{fixed}`",
    }
    /// `tags: [勉強会, #DX]`.
    pub fn hash_in_list() {
        ja: "「 #」から後ろはメモ（コメント）として読み飛ばされるため、一覧が閉じられていません",
        en: "everything from ` #` on is read as a comment, so the list is never closed",
    }
    pub fn quote_hash_item(fixed: &str) {
        ja: "# を含む言葉は `{fixed}` のように \" で囲んでください",
        en: "put words holding # in quotes: `{fixed}`",
    }
    /// `title: [速報] 窓口DX`.
    pub fn text_after_bracket(open: char) {
        ja: "値が「{open}」で始まっているため、一覧として読まれ、そのあとの文字が読めません",
        en: "a value starting with `{open}` is read as a list, and the text after it cannot be read",
    }
    /// `title: @あわら`.
    pub fn reserved_mark(mark: char) {
        ja: "値の最初の「{mark}」は、そのままでは使えない記号です",
        en: "a value cannot start with a bare `{mark}`",
    }
    /// `ーーー` for `---`.
    pub fn fence_dashes(written: &str) {
        ja: "区切りの線「{written}」は、半角のハイフン3つ「---」で書いてください",
        en: "the separator line `{written}` must be three plain hyphens: `---`",
    }
    pub fn fence_dashes_hint() {
        ja: "--- は半角（英数字入力）で入力します。全角の「－」や長音の「ー」、長い線「―」では区切りになりません",
        en: "type --- with plain hyphens; full-width dashes, the long vowel mark and long dashes do not count",
    }
    /// The first line is blank; `---` comes later.
    pub fn fence_not_first() {
        ja: "「---」の前に空の行があります。「---」は1行目に書いてください",
        en: "there are blank lines before `---`; it must be the first line",
    }
    pub fn fence_not_first_hint() {
        ja: "ファイルの先頭にある空の行を消してください",
        en: "delete the blank lines at the top of the file",
    }
    /// `  ---`.
    pub fn fence_indented() {
        ja: "「---」の前に空白があります。「---」は行の始めから書いてください",
        en: "there are spaces before `---`; it must start the line",
    }
    pub fn fence_indented_hint() {
        ja: "`---` の前の空白を消してください",
        en: "delete the spaces before `---`",
    }
    /// A control character, a line separator or a BOM inside the text.
    pub fn invisible_char(code: &str) {
        ja: "見えない文字 {code} が入っています。消してください",
        en: "there is an invisible character {code} here; delete it",
    }
    pub fn invisible_char_hint() {
        ja: "見えない文字は、前後の文字ごと消して書き直すと確実に消せます",
        en: "delete the characters around it and type them again",
    }
    /// A `---` line in the middle of site.yaml.
    pub fn second_document() {
        ja: "途中に「---」の行があるため、ファイルが2つに分かれて読まれています",
        en: "a `---` line in the middle splits the file in two",
    }
    pub fn second_document_hint() {
        ja: "この行を消してください",
        en: "delete this line",
    }
    /// A line without `key:`.
    pub fn no_colon() {
        ja: "この行には「項目名: 値」の「:」がありません",
        en: "this line has no `name: value` colon",
    }
    pub fn no_colon_hint() {
        ja: "項目は `title: 事例のタイトル` のように、項目名、半角の「:」と空白、値の順に書きます。本文のつもりなら、その前に --- の行が要ります",
        en: "write each field as `title: 事例のタイトル` (the name, a colon and a space, the value); if this is the text of the page, put a `---` line before it",
    }
    /// `- あわら市` under `prefecture: 福井県`.
    pub fn item_under_value() {
        ja: "「- 」で始まる行（一覧の1つ）が、すでに値のある項目の下に書かれています",
        en: "a `- ` line (a list item) follows a field that already has a value",
    }
    pub fn item_under_value_hint(item: &str) {
        ja: "別の項目のつもりなら、`municipality: {item}` のように項目名と「: 」を付けてください。一覧のつもりなら、上の項目名の行を `tags:` のように値なしにして、その下に `  - {item}` と書きます",
        en: "if it is another field, give it a name and a colon, like `municipality: {item}`; if it is a list, leave the field above without a value (`tags:`) and write `  - {item}` below it",
    }
    /// Indentation that lines up with nothing above.
    pub fn indent() {
        ja: "この行の始めの空白（字下げ）が、上の行とそろっていません",
        en: "the indentation of this line lines up with nothing above it",
    }
    pub fn indent_hint(fixed: &str) {
        ja: "同じ並びの項目は、行の始めの空白の数をそろえます。`{fixed}` と書いてください",
        en: "fields at the same level start with the same number of spaces: `{fixed}`",
    }
    /// No known mistake: the parser's position, in general words.
    pub fn syntax() {
        ja: "この辺りの書き方が読み取れません",
        en: "the text around here cannot be read",
    }
    pub fn syntax_hint() {
        ja: "行の始めの空白の数がそろっているか、\" や [ ] が閉じているかを確かめてください。値に「: 」や「 #」を含めるときは、値全体を \" で囲みます",
        en: "check that the indentation lines up and that quotes and [ ] are closed; a value holding `: ` or ` #` must be in quotes",
    }

    // YAML that reads, but is refused.

    pub fn anchors() {
        ja: "`&` や `*` で始まる書き方（アンカーと別名）は使えません",
        en: "anchors (`&name`) and aliases (`*name`) are not allowed",
    }
    pub fn anchors_hint() {
        ja: "同じ内容をもう一度使うときは、そのまま書き写してください。`&` や `*` で始まる文字をそのまま使いたいときは、全体を \"...\" で囲んでください",
        en: "write the value out in full each time; to start a text with `&` or `*`, put it in quotes: \"...\"",
    }
    pub fn too_deep(max: usize) {
        ja: "入れ子が深すぎます（{max} 段まで）",
        en: "values are nested too deeply (at most {max} levels)",
    }
    pub fn too_deep_hint() {
        ja: "行の始めの空白の数と、[ ] や {{ }} の組み合わせを確かめてください",
        en: "check the indentation and the [ ] and {{ }} brackets",
    }
    pub fn key_twice(key: &str) {
        ja: "`{key}` が2回書かれています",
        en: "`{key}` is written twice",
    }
    pub fn key_twice_hint() {
        ja: "どちらか1つにまとめてください",
        en: "keep one of them",
    }
    pub fn too_many_values(max: usize) {
        ja: "書かれている値が多すぎます（全部で {max} 個まで）",
        en: "too many values (at most {max} in all)",
    }
    pub fn too_many_values_hint() {
        ja: "ここから後ろを見直して、いらない行を消してください",
        en: "remove the values that are not needed from here on",
    }

    // What YAML makes of a value, in messages about its type.

    pub fn kind_empty() {
        ja: "空",
        en: "nothing (empty)",
    }
    pub fn kind_bool() {
        ja: "true/false の値",
        en: "true/false",
    }
    pub fn kind_number() {
        ja: "数",
        en: "a number",
    }
    pub fn kind_text() {
        ja: "文字",
        en: "text",
    }
    pub fn kind_list() {
        ja: "一覧",
        en: "a list",
    }
    pub fn kind_mapping() {
        ja: "「名前: 値」の組",
        en: "a mapping",
    }

    // The shape of the front matter.

    pub fn file_empty() {
        ja: "ファイルが空です",
        en: "the file is empty",
    }
    pub fn file_empty_hint() {
        ja: "1行目に ---、続けて title: などの項目、最後にもう一度 --- を書き、その後ろに本文を書きます（yokoten new case 名前 でひな形を作れます）",
        en: "start with a line `---`, the fields (`title: ...`), and `---` again, then the text (`yokoten new case NAME` writes one)",
    }
    pub fn no_opening() {
        ja: "ファイルが「---」の行で始まっていません",
        en: "the file does not start with a `---` line",
    }
    pub fn no_opening_hint() {
        ja: "1行目に --- を書き、続けて title: などの項目、最後にもう一度 --- を書いてください",
        en: "put a line `---` first, then the fields (title, municipality, ...), then `---`",
    }
    pub fn no_closing() {
        ja: "先頭の項目の終わりを示す「---」の行がありません",
        en: "the fields at the top are never closed with a `---` line",
    }
    pub fn no_closing_hint() {
        ja: "最後の項目の次の行に --- を書き、その後ろに本文を書いてください",
        en: "add a line `---` after the last field, before the text",
    }
    /// The front matter is a list or a lone text.
    pub fn not_fields(kind: &str) {
        ja: "先頭の --- と --- の間は「項目名: 値」の行で書きます（いまは{kind}になっています）",
        en: "the lines between the two `---` must be `name: value` fields, not {kind}",
    }
    pub fn not_fields_hint() {
        ja: "例: `title: 事例のタイトル`",
        en: "e.g. `title: 事例のタイトル`",
    }

    // Fields.

    pub fn unknown_field(key: &str) {
        ja: "`{key}` という項目はありません",
        en: "there is no field `{key}`",
    }
    pub fn did_you_mean_field(key: &str) {
        ja: "`{key}` のことですか？",
        en: "did you mean `{key}`?",
    }
    pub fn did_you_mean_line(key: &str, fixed: &str) {
        ja: "`{key}` のことですか？ `{fixed}` と書いてください",
        en: "did you mean `{key}`? write `{fixed}`",
    }
    pub fn allowed_fields(list: &str) {
        ja: "使える項目: {list}",
        en: "the fields are: {list}",
    }
    /// A key with a full-width space in or around it.
    pub fn key_full_width_space(key: &str) {
        ja: "項目名 `{key}` に全角の空白が入っています",
        en: "the field name `{key}` holds a full-width space",
    }
    pub fn key_full_width_space_hint(fixed: &str) {
        ja: "全角の空白を消すか半角スペースにして、`{fixed}` と書いてください",
        en: "remove the full-width space or make it a plain space: `{fixed}`",
    }
    /// A required field is not there.
    pub fn required(key: &str) {
        ja: "必ず書く項目 `{key}` がありません",
        en: "the required field `{key}` is missing",
    }
    pub fn required_hint(key: &str) {
        ja: "`{key}: …` の行を足してください",
        en: "add a line `{key}: ...`",
    }
    /// `title:` with nothing after it.
    pub fn empty(key: &str) {
        ja: "`{key}` の値が空です",
        en: "`{key}` is empty",
    }
    pub fn empty_hint(key: &str) {
        ja: "`{key}:` のあとに半角スペースを空けて、値を書いてください",
        en: "write its value after `{key}: `",
    }
    /// `title: #DX推進`: the comment took the whole value.
    pub fn empty_by_comment(key: &str) {
        ja: "`{key}` の値が空です。「#」から後ろはメモ（コメント）として読み飛ばされます",
        en: "`{key}` is empty: everything from `#` on is read as a comment",
    }
    /// `title: 第2弾 #DX推進`: a warning.
    pub fn cut_by_comment(key: &str, cut: &str, kept: &str) {
        ja: "`{key}` の「{cut}」は、メモ（コメント）として読み飛ばされます（値は「{kept}」になります）",
        en: "in `{key}`, `{cut}` is read as a comment and left out (the value is `{kept}`)",
    }
    pub fn cut_by_comment_hint(fixed: &str) {
        ja: "# も値に含めるなら `{fixed}` のように値全体を \" で囲んでください。メモのつもりなら、# の後ろに空白を入れると、この注意は出なくなります",
        en: "to keep the # in the value, put the whole value in quotes: `{fixed}`; if it is a note, put a space after the # and this warning goes away",
    }
    pub fn not_text(key: &str, kind: &str) {
        ja: "`{key}` には文字を書きます（いまは{kind}になっています）",
        en: "`{key}` must be text, not {kind}",
    }
    pub fn not_list(key: &str, kind: &str) {
        ja: "`{key}` は一覧で書きます（いまは{kind}になっています）",
        en: "`{key}` must be a list, not {kind}",
    }
    pub fn not_list_hint(key: &str) {
        ja: "`{key}: [一つ目, 二つ目]` のように書いてください",
        en: "e.g. `{key}: [一つ目, 二つ目]`",
    }
    pub fn item_not_text(key: &str, kind: &str) {
        ja: "`{key}` の一覧の中身には文字を書きます（いまは{kind}になっています）",
        en: "each item of `{key}` must be text, not {kind}",
    }
    pub fn empty_item(key: &str) {
        ja: "`{key}` の一覧に空のものがあります",
        en: "`{key}` has an empty item",
    }
    pub fn empty_item_hint() {
        ja: "「,」が続いていないか、「- 」のあとに何か書いてあるかを確かめてください",
        en: "check for two commas in a row, or a `- ` with nothing after it",
    }
    pub fn invisible_in(label: &str, code: &str) {
        ja: "{label}に見えない文字 {code} が入っています。消してください",
        en: "there is an invisible character {code} in {label}; delete it",
    }
    pub fn too_long(label: &str, max: usize, n: usize) {
        ja: "{label}は {max} 文字までです（いまは {n} 文字）。短くしてください",
        en: "{label} may be at most {max} characters long (it has {n})",
    }
    pub fn too_many_items(label: &str, key: &str, max: usize, n: usize) {
        ja: "{label}（`{key}`）は {max} 個までです（いまは {n} 個）",
        en: "`{key}` ({label}) may hold at most {max} items (it has {n})",
    }
    pub fn too_many_items_hint(max: usize) {
        ja: "大事なものを {max} 個まで選んで、ほかは消してください",
        en: "keep the {max} that matter most",
    }

    // true/false.

    pub fn not_bool(key: &str, written: &str) {
        ja: "`{key}` は true か false で書きます（「{written}」は使えません）",
        en: "`{key}` must be true or false, not `{written}`",
    }
    pub fn not_bool_kind(key: &str, kind: &str) {
        ja: "`{key}` は true か false で書きます（いまは{kind}になっています）",
        en: "`{key}` must be true or false, not {kind}",
    }
    pub fn bool_true_hint(key: &str) {
        ja: "「はい」の意味なら `{key}: true` と書いてください",
        en: "for yes, write `{key}: true`",
    }
    pub fn bool_false_hint(key: &str) {
        ja: "「いいえ」の意味なら `{key}: false` と書いてください",
        en: "for no, write `{key}: false`",
    }
    pub fn bool_hint(key: &str) {
        ja: "`{key}: true`（はい）か `{key}: false`（いいえ）と書いてください",
        en: "write `{key}: true` (yes) or `{key}: false` (no)",
    }
    pub fn draft_hint(key: &str) {
        ja: "下書きにするなら `{key}: true`、公開するなら `{key}: false` と書いてください",
        en: "write `{key}: true` to keep it a draft, `{key}: false` to publish it",
    }

    // Dates.

    /// A date in another shape (2024/3/1, 令和6年3月1日...): read, and shown right.
    pub fn date_shape(key: &str, written: &str) {
        ja: "`{key}` の日付「{written}」は、2024-03-01 の形（西暦の年-月-日）で書きます",
        en: "the date `{written}` in `{key}` must be written as year-month-day, like 2024-03-01",
    }
    /// Not a date at all.
    pub fn date_unreadable(key: &str, written: &str) {
        ja: "`{key}` の「{written}」は日付として読み取れません",
        en: "`{written}` in `{key}` is not a date",
    }
    /// 2024-02-30.
    pub fn date_no_such_day(key: &str, y: u32, m: u32, d: u32, last: u32) {
        ja: "`{key}` の {y}年{m}月{d}日はありません（{y}年の{m}月は{last}日までです）",
        en: "`{key}`: there is no day {d} in month {m} of {y} (it has {last} days)",
    }
    /// 2024-13-01.
    pub fn date_no_such_month(key: &str, y: u32, m: u32) {
        ja: "`{key}` の {y}年{m}月はありません（月は 1 から 12 までです）",
        en: "`{key}`: there is no month {m} in {y} (months go from 1 to 12)",
    }
    /// 0999-03-01 and the like.
    pub fn date_year(key: &str, y: u32) {
        ja: "`{key}` の年「{y}」は西暦の4けたで書いてください",
        en: "`{key}`: write the year `{y}` as four digits of the Western calendar",
    }
    pub fn date_fix_hint(key: &str, fixed: &str) {
        ja: "`{key}: {fixed}` と書いてください",
        en: "write `{key}: {fixed}`",
    }
    pub fn date_wareki_hint(key: &str, fixed: &str) {
        ja: "和暦は西暦に直して `{key}: {fixed}` と書いてください",
        en: "write the Japanese era date in the Western calendar: `{key}: {fixed}`",
    }
    pub fn date_digits_hint(key: &str, fixed: &str) {
        ja: "数字と「-」を半角にして `{key}: {fixed}` と書いてください",
        en: "use plain (half-width) digits and hyphens: `{key}: {fixed}`",
    }
    pub fn date_example_hint(key: &str) {
        ja: "`{key}: 2024-03-01` のように、西暦の 年-月-日 を半角で書いてください（月と日は2けた）",
        en: "write year-month-day with plain digits, e.g. `{key}: 2024-03-01` (two digits for month and day)",
    }
    pub fn date_check_hint() {
        ja: "日付を確かめてください",
        en: "check the date",
    }
    pub fn date_order(key: &str, this: &str, other: &str, before: &str) {
        ja: "`{key}`（{this}）が `{other}`（{before}）より前の日付になっています",
        en: "`{key}` ({this}) is before `{other}` ({before})",
    }
    pub fn date_order_hint(key: &str, other: &str) {
        ja: "`{key}` は `{other}` と同じ日か、それより後の日付にしてください",
        en: "`{key}` must be on or after `{other}`",
    }

    // Whole numbers (population).

    pub fn count_not_number(key: &str, written: &str) {
        ja: "`{key}` は半角数字だけで書きます（「{written}」は数として読めません）",
        en: "`{key}` must be plain digits only; `{written}` is not read as a number",
    }
    pub fn count_kind(key: &str, kind: &str) {
        ja: "`{key}` は半角数字だけで書きます（いまは{kind}になっています）",
        en: "`{key}` must be a whole number in plain digits, not {kind}",
    }
    pub fn count_not_positive(key: &str, written: &str) {
        ja: "`{key}` は 1 以上の整数で書きます（いまは「{written}」）",
        en: "`{key}` must be a whole number of 1 or more, not `{written}`",
    }
    pub fn count_fix_hint(key: &str, n: &str) {
        ja: "`{key}: {n}` のように、カンマや単位を付けずに半角数字だけで書いてください",
        en: "write plain digits only, without commas or units: `{key}: {n}`",
    }
    pub fn count_example_hint(key: &str) {
        ja: "`{key}: 27000` のように、カンマや単位を付けずに半角数字だけで書いてください",
        en: "write plain digits only, without commas or units, e.g. `{key}: 27000`",
    }

    // Prefectures, categories, tags, slugs.

    pub fn not_prefecture(written: &str) {
        ja: "「{written}」は都道府県の名前ではありません",
        en: "`{written}` is not a prefecture",
    }
    pub fn prefecture_suggest(name: &str) {
        ja: "「{name}」のことですか？都道府県は「県」「都」「府」「道」まで書きます",
        en: "did you mean `{name}`? write the prefecture in full, with its 都, 道, 府 or 県",
    }
    pub fn prefecture_suggest_line(name: &str, fixed: &str) {
        ja: "「{name}」のことですか？ `{fixed}` と書いてください（都道府県は「県」「都」「府」「道」まで書きます）",
        en: "did you mean `{name}`? write `{fixed}` (the prefecture in full, with its 都, 道, 府 or 県)",
    }
    pub fn prefecture_hint() {
        ja: "47 都道府県のどれかを「県」「都」「府」「道」まで書いてください（例: 福井県、東京都、北海道）",
        en: "write one of the 47 prefectures in full, e.g. `福井県`, `東京都`, `北海道`",
    }
    pub fn not_category(written: &str) {
        ja: "「{written}」はこのサイトの分野にありません",
        en: "`{written}` is not a category of this site",
    }
    pub fn category_suggest_line(name: &str, fixed: &str) {
        ja: "「{name}」のことですか？ `{fixed}` と書いてください（分野は site.yaml の categories に書いたものだけが使えます）",
        en: "did you mean `{name}`? write `{fixed}` (only the categories listed in site.yaml can be used)",
    }
    pub fn category_list_hint(list: &str) {
        ja: "使える分野: {list}（site.yaml の categories に書いたもの）",
        en: "the categories are: {list} (listed in site.yaml)",
    }
    /// `categories: 人材育成、推進体制`.
    pub fn category_split_hint(fixed: &str) {
        ja: "分野を2つ以上書くときは、`{fixed}` のように [ ] で囲んで半角の「,」で区切ります",
        en: "to give more than one, put them in [ ] separated by commas: `{fixed}`",
    }
    pub fn categories_required_hint(key: &str, first: &str) {
        ja: "`{key}: [{first}]` のような行を足してください。使える分野は site.yaml の categories にあります",
        en: "add a line like `{key}: [{first}]`; the categories are listed in site.yaml",
    }
    pub fn categories_empty(key: &str) {
        ja: "`{key}` に分野を1つ以上書いてください",
        en: "`{key}` must list at least one category",
    }
    /// `tags: 勉強会、DX推進員`: read as one tag (a warning).
    pub fn tag_one_word(tag: &str) {
        ja: "タグ「{tag}」は、区切られずに1つのタグとして読まれます",
        en: "the tag `{tag}` is read as one single tag",
    }
    pub fn tag_split_hint(fixed: &str, tag: &str) {
        ja: "タグを分けるときは `{fixed}` のように [ ] で囲んで半角の「,」で区切ります。1つのタグのつもりなら `tags: [\"{tag}\"]` のように \" で囲むと、この注意は出なくなります",
        en: "to give several tags, put them in [ ] separated by commas: `{fixed}`; if it is one tag, put it in quotes (`tags: [\"{tag}\"]`) and this warning goes away",
    }
    /// A name that becomes a folder holds `/` or `\`.
    pub fn name_slash(label: &str, written: &str) {
        ja: "{label}「{written}」には / や \\ を使えません（URL の一部になります）",
        en: "{label} `{written}` must not contain `/` or `\\` (it becomes part of a URL)",
    }
    pub fn name_dots(label: &str, written: &str) {
        ja: "{label}「{written}」を「.」や「..」だけにはできません",
        en: "{label} cannot be `{written}` (`.` or `..`)",
    }
    pub fn name_slash_hint() {
        ja: "/ の代わりに「・」を使ってください",
        en: "use `・` instead of /",
    }
    pub fn slug_invalid(written: &str) {
        ja: "slug「{written}」には、文字、数字、「-」だけが使えます",
        en: "slug `{written}` may hold only letters, digits and `-`",
    }
    pub fn slug_hint() {
        ja: "例: `slug: awara-dx-suishinin`",
        en: "e.g. `slug: awara-dx-suishinin`",
    }
    pub fn file_name_too_long(max: usize, n: usize) {
        ja: "ファイル名が長すぎます（URL に使う名前は {max} 文字まで、いまは {n} 文字）",
        en: "the file name is too long for a slug (at most {max} characters, it has {n})",
    }
    pub fn file_name_too_long_hint() {
        ja: "ファイル名を短くするか、`slug:` の行を足してください",
        en: "shorten the file name or add a `slug:` field",
    }
    pub fn file_name_not_slug(name: &str) {
        ja: "ファイル名「{name}」は URL に使えません（文字、数字、「-」だけが使えます）",
        en: "the file name `{name}` is not a valid slug: only letters, digits and `-`",
    }
    pub fn file_name_not_slug_hint() {
        ja: "ファイル名を変える（例: awara-dx.md）か、`slug:` の行を足してください",
        en: "rename the file (e.g. awara-dx.md) or add a `slug:` field",
    }
    pub fn slug_same(slug: &str, a: &str, b: &str) {
        ja: "2つの事例の slug が同じ「{slug}」です: {a} と {b}",
        en: "two cases have the slug `{slug}`: {a} and {b}",
    }
    pub fn slug_same_form(a: &str, fa: &str, b: &str, fb: &str) {
        ja: "2つの事例の slug「{a}」（{fa}）と「{b}」（{fb}）は、見た目は同じで文字の表し方（Unicode の正規化）だけが違います。Windows や Mac では同じフォルダになり、片方のページがもう片方を上書きします",
        en: "two cases have slugs that look the same and differ only in Unicode normalisation: `{a}` ({fa}) and `{b}` ({fb}); on Windows and macOS they are one folder, and one page would overwrite the other",
    }
    pub fn slug_same_case(a: &str, fa: &str, b: &str, fb: &str) {
        ja: "2つの事例の slug「{a}」（{fa}）と「{b}」（{fb}）は、大文字と小文字の違いしかありません。Windows や Mac では同じフォルダになり、片方のページがもう片方を上書きします",
        en: "two cases have slugs that differ only in case: `{a}` ({fa}) and `{b}` ({fb}); on Windows and macOS they are one folder, and one page would overwrite the other",
    }
    pub fn slug_same_hint() {
        ja: "どちらかのファイル名を変えるか、`slug:` の行で別の名前を付けてください",
        en: "give one of them another file name or a `slug:` field",
    }
    pub fn tags_merged(written: &str, chosen: &str, files: &str) {
        ja: "タグ{written}は大文字と小文字、全角と半角の違いだけなので、「{chosen}」にまとめました（書き換えた事例: {files}）",
        en: "the tags {written} differ only in case or width, so they are merged into `{chosen}` (cases changed: {files})",
    }
    pub fn tags_merged_hint(chosen: &str) {
        ja: "これらの事例でも「{chosen}」と書くと、この注意は出なくなります",
        en: "write `{chosen}` in these cases too and this warning goes away",
    }
    pub fn tag_form(form: &str, n: usize) {
        ja: "「{form}」（{n} 件）",
        en: "`{form}` ({n})",
    }
    pub fn list_separator() {
        ja: "、",
        en: ", ",
    }
    pub fn and_more(n: usize) {
        ja: " ほか {n} 件",
        en: " and {n} more",
    }

    // Sources.

    pub fn source_not_mapping(kind: &str) {
        ja: "`source` には title と url の組か、その一覧を書きます（いまは{kind}になっています）",
        en: "`source` must be a mapping with title and url, or a list of them, not {kind}",
    }
    pub fn source_example_hint() {
        ja: "次のように書きます: `source:` の次の行に `  title: 出典の名前`、その次の行に `  url: https://...`",
        en: "write `source:`, then `  title: 出典の名前` and `  url: https://...` on the lines below",
    }
    pub fn source_item_not_mapping() {
        ja: "出典には `title:`（と `url:`）を書きます",
        en: "each source must have `title:` (and optionally `url:`)",
    }
    pub fn source_list_hint() {
        ja: "出典が2つ以上なら、`- title: 出典の名前` の行と、その下に `    url: https://...` の行を、出典ごとに書きます",
        en: "for several sources, write `- title: 出典の名前` and below it `    url: https://...` for each",
    }
    pub fn unknown_source_field(field: &str) {
        ja: "出典に `{field}` という項目はありません",
        en: "a source has no field `{field}`",
    }
    pub fn source_fields_hint() {
        ja: "出典に書けるのは title と url です",
        en: "a source has `title` and `url`",
    }
    pub fn source_url_scheme(url: &str) {
        ja: "出典の url「{url}」は http:// か https:// で始めてください",
        en: "source url `{url}` must start with http:// or https://",
    }
    pub fn source_needs_title() {
        ja: "出典には少なくとも title を書いてください",
        en: "a source needs at least a `title`",
    }
    pub fn too_many_sources(max: usize, n: usize) {
        ja: "出典は {max} 件までです（いまは {n} 件）",
        en: "at most {max} sources (there are {n})",
    }
    pub fn too_many_sources_hint(max: usize) {
        ja: "大事な出典を {max} 件まで選んでください",
        en: "keep the {max} that matter most",
    }

    // Reading files.

    /// Bytes that are not UTF-8, and look like Shift_JIS.
    pub fn shift_jis(line: usize) {
        ja: "このファイルは Shift_JIS で保存されているようです（{line} 行目に UTF-8 でない文字があります）",
        en: "this file seems to be saved as Shift_JIS (line {line} holds bytes that are not UTF-8)",
    }
    /// Bytes that are not UTF-8.
    pub fn not_utf8(line: usize) {
        ja: "このファイルは UTF-8 で保存されていません（{line} 行目に UTF-8 でない文字があります）",
        en: "this file is not saved as UTF-8 (line {line} holds bytes that are not UTF-8)",
    }
    /// A UTF-16 file (Notepad's "Unicode").
    pub fn utf16() {
        ja: "このファイルは UTF-16 で保存されています",
        en: "this file is saved as UTF-16",
    }
    pub fn save_as_utf8() {
        ja: "メモ帳などで開き、「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください",
        en: "open it in your editor and save it again with the encoding UTF-8",
    }
    pub fn changed_while_building() {
        ja: "サイトを作っている間にファイルが書き換えられました",
        en: "the file changed while the site was being built",
    }
    pub fn build_again() {
        ja: "もう一度実行してください",
        en: "build again",
    }

    // Content.

    pub fn no_content() {
        ja: "content フォルダーがありません。事例がないので、サイトを作りません (公開フォルダーは前のままです)",
        en: "there is no content folder; with no cases, no site is built (the published folder is as it was)",
    }
    pub fn no_content_hint() {
        ja: "事例は content/cases/ に 1 件 1 ファイルで書きます。サイトのフォルダーで実行しているか、--root の指定を確かめてください",
        en: "cases are written in content/cases/, one file each; check that you run yokoten in the site folder or pass --root",
    }
    pub fn no_cases() {
        ja: "事例のファイルが 1 つもありません。空のサイトで公開中のサイトを置き換えないよう、作りません (公開フォルダーは前のままです)",
        en: "there is no case file at all; an empty site would replace the published one, so none is built (the published folder is as it was)",
    }
    pub fn no_cases_hint() {
        ja: "content/cases/ に事例の .md ファイルを置いてください (yokoten new case 名前 で作れます)",
        en: "put case .md files in content/cases/ (`yokoten new case NAME` makes one)",
    }
    pub fn stray_folder() {
        ja: "この事例のフォルダーには index.md がありません",
        en: "this case folder has no index.md",
    }
    pub fn stray_folder_hint() {
        ja: "フォルダーに分けた事例は、その中の index.md に書きます",
        en: "a case in its own folder is written in `index.md` inside it",
    }
    pub fn too_deep_markdown(max: usize) {
        ja: "本文の入れ子が深すぎます。引用の「>」やリストの記号が {max} 段より多く重なっています",
        en: "the text nests too deeply: more than {max} quote (`>`) or list markers at the start of a line",
    }
    pub fn too_deep_html(max: usize) {
        ja: "本文の HTML が深すぎます。閉じていないタグが {max} 段より多く重なっています",
        en: "the HTML in the text nests too deeply: more than {max} tags left open",
    }
    pub fn too_deep_body_hint() {
        ja: "入れ子を減らしてください (ふつうの文書は深くても数段です)",
        en: "nest less deeply (real documents nest a few levels at most)",
    }
    pub fn page_name(name: &str) {
        ja: "ページのファイル名「{name}」には、文字、数字、「-」だけが使えます",
        en: "page file name `{name}` may hold only letters, digits and `-`",
    }
    pub fn page_name_hint() {
        ja: "ファイル名を変えてください（例: about.md）",
        en: "rename the file, e.g. about.md",
    }
    pub fn page_reserved(name: &str) {
        ja: "ページに「{name}」という名前は使えません。/{name}/ はサイトが使っています",
        en: "a page cannot be named `{name}`: the site uses /{name}/ itself",
    }
    pub fn page_reserved_hint() {
        ja: "ファイル名を変えてください",
        en: "rename the file",
    }
    pub fn page_no_front_matter() {
        ja: "ページは、タイトルを書いた「---」の行で始めます",
        en: "a page must start with front matter holding its title",
    }
    pub fn page_no_front_matter_hint() {
        ja: "1行目から `---`、`title: このサイトについて`、`---` の3行を書いてください",
        en: "start with the three lines `---`, `title: このサイトについて`, `---`",
    }

    // What a field is called in messages about its length and characters.

    pub fn label_title() {
        ja: "タイトル",
        en: "the title",
    }
    pub fn label_summary() {
        ja: "要約",
        en: "the summary",
    }
    pub fn label_municipality() {
        ja: "自治体名",
        en: "the municipality",
    }
    pub fn label_prefecture() {
        ja: "都道府県",
        en: "the prefecture",
    }
    pub fn label_tag() {
        ja: "タグ",
        en: "a tag",
    }
    pub fn label_category() {
        ja: "分野",
        en: "a category",
    }
    pub fn label_source_title() {
        ja: "出典の名前",
        en: "the source title",
    }
    pub fn label_url() {
        ja: "URL（アドレス）",
        en: "the URL",
    }
    pub fn label_slug() {
        ja: "slug（URL に使う名前）",
        en: "the slug",
    }
    pub fn label_population() {
        ja: "人口",
        en: "the population",
    }
    pub fn label_draft() {
        ja: "下書き",
        en: "draft",
    }
    pub fn label_sources() {
        ja: "出典",
        en: "the source",
    }
    pub fn label_date() {
        ja: "日付",
        en: "the date",
    }
}
