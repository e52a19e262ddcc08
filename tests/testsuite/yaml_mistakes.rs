//! Issue #18, point 2: front matter that is not valid YAML is explained in the editor's
//! words, never with the parser's text (that only with `--verbose`). Each mistake editors
//! make is named, at the exact line and column of the mistake, with the line written
//! right as the hint; and a failed build leaves the published folder as it was.
//!
//! The helpers here (`Broken`, `col_of`) are shared with `hints.rs`.

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::prelude::*;

/// Words of the YAML parsers that must never reach an editor without `--verbose`.
pub(crate) const PARSER_WORDS: [&str; 8] = [
    "mapping values",
    "did not find expected",
    "found character",
    "while scanning",
    "could not find expected",
    "while parsing",
    "more than one document",
    "詳細:",
];

pub(crate) const FILE: &str = "content/cases/awara.md";

/// A site built once with a good case, then built again with the case rewritten as
/// `text`: the second build's run, checked to have failed and left the output as it was.
pub(crate) struct Broken {
    pub run: Run,
    pub text: String,
}

impl Broken {
    #[track_caller]
    pub fn build(text: &str) -> Broken {
        Broken::build_bytes(text.as_bytes(), &[])
    }

    /// With more arguments to the second build (`--verbose`).
    #[track_caller]
    pub fn build_with(text: &str, extra: &[&str]) -> Broken {
        Broken::build_bytes(text.as_bytes(), extra)
    }

    #[track_caller]
    pub fn build_bytes(bytes: &[u8], extra: &[&str]) -> Broken {
        let mut site = SiteTest::new();
        site.case("awara", CaseBuilder::default());
        let first = site.build();
        first.assert_success();
        let before = files(&first);
        assert!(before.len() > 10, "the first build wrote too little");
        // Let the clock move, so that a rewrite would show in the times.
        std::thread::sleep(std::time::Duration::from_millis(20));
        site.case_file("awara.md", bytes);
        let run = site.build_with(extra);
        run.assert_failure();
        assert!(
            files(&run) == before,
            "the published folder changed after a failed build:\n{}",
            run.stderr
        );
        run.stderr_contains("公開用のフォルダーは何も変えていません");
        Broken {
            run,
            text: String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    /// The error at exactly `line:col` of the case file: the report quotes that line with a
    /// caret under it, mentions every one of `needles`, and holds no parser text.
    #[track_caller]
    pub fn at(&self, line: usize, col: usize, needles: &[&str]) -> &Self {
        let block = self.run.error_at(FILE, line);
        let loc = format!("{FILE}:{line}:{col}");
        assert!(
            block
                .match_indices(&loc)
                .any(|(i, _)| !block[i + loc.len()..].starts_with(|c: char| c.is_ascii_digit())),
            "the report should point at {loc}:\n{block}"
        );
        // The source line as the report shows it (`25 │ ...`), then a caret.
        let lines: Vec<&str> = block.lines().collect();
        let quoted = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{line} │")))
            .unwrap_or_else(|| panic!("the report should quote line {line}:\n{block}"));
        assert!(
            lines[quoted + 1..].iter().take(2).any(|l| l.contains('^')),
            "the report should put a caret under line {line}:\n{block}"
        );
        for n in needles {
            assert!(
                block.contains(n),
                "the report at {loc} should mention {n:?}:\n{block}"
            );
        }
        self.no_parser_words();
        self
    }

    #[track_caller]
    pub fn no_parser_words(&self) -> &Self {
        for w in PARSER_WORDS {
            self.run.stderr_lacks(w);
        }
        self
    }

    /// Line of `needle` in the case file.
    #[track_caller]
    pub fn line(&self, needle: &str) -> usize {
        line_of(&self.text, needle)
    }
}

/// Bytes and times of every output file.
fn files(run: &Run) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    run.snapshot()
}

/// 1-based column (in characters) of `needle` in the line of the text that holds `line_needle`.
#[track_caller]
pub(crate) fn col_of(text: &str, line_needle: &str, needle: &str) -> usize {
    let line = text
        .lines()
        .find(|l| l.contains(line_needle))
        .unwrap_or_else(|| panic!("{line_needle:?} not in:\n{text}"));
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at].chars().count() + 1
}

/// The default case written the way editors write, without quotes.
pub(crate) fn plain() -> CaseBuilder {
    let mut c = CaseBuilder::default();
    c.raw("title", TITLE)
        .raw("municipality", "あわら市")
        .raw("prefecture", "福井県")
        .raw("categories", "[人材育成]")
        .raw("tags", "[勉強会]")
        .raw("summary", SUMMARY);
    c
}

/// [`plain`]'s text with the first `from` replaced by `to`.
#[track_caller]
pub(crate) fn edited(from: &str, to: &str) -> String {
    let text = plain().text();
    assert!(text.contains(from), "{from:?} not in:\n{text}");
    text.replacen(from, to, 1)
}

pub(crate) const TITLE: &str = "職員の手上げ式でDX推進員を募る";
const SUMMARY: &str = "あわら市は手上げ式でDX推進員を募りました。";

#[test]
fn a_tab_in_the_indentation_is_named_as_a_tab() {
    let mut c = CaseBuilder::default();
    c.raw("source", "\n  title: 出典\n\turl: https://example.jp/");
    let b = Broken::build(&c.text());
    b.at(
        b.line("url:"),
        1,
        &[
            "ここにタブ文字があります",
            "タブを半角スペースに変えて `  url: https://example.jp/` と書いてください",
        ],
    );
}

#[test]
fn a_tab_after_a_list_dash_is_named_as_a_tab() {
    let mut c = CaseBuilder::default();
    c.raw("categories", "\n  -\t人材育成");
    let b = Broken::build(&c.text());
    b.at(
        b.line("人材育成"),
        4,
        &["タブ文字", "`  - 人材育成` と書いてください"],
    );
}

/// The line in the report is the line in the file, even below comments (the issue saw
/// "line 21" under a header saying :22).
#[test]
fn a_tab_below_comments_is_reported_on_its_own_line() {
    let mut c = plain();
    c.raw("tags", "\n  # タグのメモ\n  # 二行目のメモ\n\t- 勉強会");
    let b = Broken::build(&c.text());
    b.at(
        b.line("- 勉強会"),
        1,
        &["タブ文字", "`  - 勉強会` と書いてください"],
    );
}

#[test]
fn a_full_width_colon_is_named() {
    let text = edited("title: ", "title：");
    let b = Broken::build(&text);
    b.at(
        b.line("title："),
        col_of(&text, "title：", "："),
        &[
            "`title` のあとの「：」が全角です",
            &format!("`title: {TITLE}` と書いてください"),
        ],
    );
}

#[test]
fn a_full_width_colon_on_the_last_line_is_named() {
    let text = edited("summary: ", "summary：");
    let b = Broken::build(&text);
    b.at(
        b.line("summary："),
        col_of(&text, "summary：", "："),
        &[
            "`summary` のあとの「：」が全角です",
            "`summary: あわら市は手上げ式でDX推進員を募りました。` と書いてください",
        ],
    );
}

#[test]
fn a_full_width_space_after_the_colon_is_named() {
    let text = edited("title: ", "title:\u{3000}");
    let b = Broken::build(&text);
    b.at(
        b.line("title:"),
        col_of(&text, "title:", "\u{3000}"),
        &[
            "全角の空白があります",
            &format!("`title: {TITLE}` と書いてください"),
        ],
    );
}

#[test]
fn a_full_width_space_as_indentation_is_named() {
    let mut c = CaseBuilder::default();
    c.raw(
        "source",
        "\n  title: 出典\n\u{3000}url: https://example.jp/",
    );
    let b = Broken::build(&c.text());
    b.at(
        b.line("url:"),
        1,
        &[
            "全角の空白があります",
            "`  url: https://example.jp/` と書いてください",
        ],
    );
}

#[test]
fn an_unquoted_colon_in_a_value_is_named_at_the_colon() {
    let text = edited(TITLE, "DX推進: 手上げ式で募集");
    let b = Broken::build(&text);
    b.at(
        b.line("DX推進: "),
        col_of(&text, "DX推進: ", ": 手"),
        &[
            "`title` の値の中に「: 」（コロンと空白）があります",
            "`title: \"DX推進: 手上げ式で募集\"` のように値全体を \" で囲んでください",
        ],
    );
}

#[test]
fn an_unquoted_hash_in_a_list_is_named_at_the_hash() {
    let mut c = CaseBuilder::default();
    c.raw("tags", "[勉強会, #DX]");
    let text = c.text();
    let b = Broken::build(&text);
    b.at(
        b.line("#DX"),
        col_of(&text, "#DX", "#"),
        &[
            "メモ（コメント）として読み飛ばされる",
            "`tags: [勉強会, \"#DX\"]` のように \" で囲んでください",
        ],
    );
}

#[test]
fn a_hash_that_empties_a_value_is_named() {
    let mut c = CaseBuilder::default();
    c.raw("title", "#DX推進");
    let b = Broken::build(&c.text());
    b.at(
        b.line("title:"),
        1,
        &[
            "`title` の値が空です。「#」から後ろはメモ（コメント）として読み飛ばされます",
            "`title: \"#DX推進\"` のように値全体を \" で囲んでください",
        ],
    );
}

#[test]
fn a_missing_space_after_the_colon_is_named() {
    let text = edited("title: ", "title:");
    let b = Broken::build(&text);
    b.at(
        b.line("title:"),
        col_of(&text, "title:", ":"),
        &[
            "`title:` のあとに半角スペースがありません",
            &format!("`title: {TITLE}` と書いてください"),
        ],
    );
}

#[test]
fn a_list_written_with_nakaguro_or_touten_is_shown_as_a_list() {
    for sep in ["・", "、"] {
        let mut c = CaseBuilder::default();
        c.raw("categories", &format!("人材育成{sep}推進体制"));
        let text = c.text();
        let b = Broken::build(&text);
        b.at(
            b.line("categories:"),
            col_of(&text, "categories:", "人材育成"),
            &[
                &format!("「人材育成{sep}推進体制」はこのサイトの分野にありません"),
                "`categories: [人材育成, 推進体制]` のように [ ] で囲んで半角の「,」で区切ります",
            ],
        );
    }
}

#[test]
fn an_unclosed_quote_is_named_where_it_opens() {
    let text = edited(&format!("title: {TITLE}"), "title: \"手上げ式で募集");
    let b = Broken::build(&text);
    b.at(
        b.line("title:"),
        col_of(&text, "title:", "\""),
        &[
            "\" で始めた値が、閉じられていません",
            "`title: \"手上げ式で募集\"` のように、値の終わりにも \" を書いてください",
        ],
    );
}

#[test]
fn an_unclosed_bracket_is_named_where_it_opens() {
    let mut c = CaseBuilder::default();
    c.raw("categories", "[人材育成, 推進体制");
    let text = c.text();
    let b = Broken::build(&text);
    b.at(
        b.line("categories:"),
        col_of(&text, "categories:", "["),
        &[
            "「[」で始めた一覧が「]」で閉じられていません",
            "`categories: [人材育成, 推進体制]` のように、最後に ] を書いてください",
        ],
    );
}

#[test]
fn a_closing_fence_of_other_dashes_is_named() {
    for dashes in ["ーーー", "―――", "－－－", "———"] {
        let text = plain().text();
        // The second `---` line: the closing fence.
        let at = text.match_indices("\n---\n").next().unwrap().0;
        let text = format!("{}\n{dashes}\n{}", &text[..at], &text[at + 5..]);
        let b = Broken::build(&text);
        b.at(
            b.line(dashes),
            1,
            &[
                &format!("区切りの線「{dashes}」は、半角のハイフン3つ「---」で書いてください"),
                "--- は半角（英数字入力）で入力します",
            ],
        );
    }
}

#[test]
fn an_opening_fence_of_other_dashes_is_named() {
    for dashes in ["ーーー", "－－－"] {
        let text = edited("---\n", &format!("{dashes}\n"));
        let b = Broken::build(&text);
        b.at(
            1,
            1,
            &[&format!(
                "区切りの線「{dashes}」は、半角のハイフン3つ「---」で書いてください"
            )],
        );
    }
}

/// The parser's own words are kept for a developer: `--verbose` shows them as the
/// report's detail, after the explanation.
#[test]
fn parser_text_only_with_verbose() {
    let tab = {
        let mut c = plain();
        c.raw("source", "\n  title: 出典\n\turl: https://example.jp/");
        c.text()
    };
    let colon = edited(TITLE, "DX推進: 手上げ式で募集");
    for (text, words) in [(&tab, "found a tab"), (&colon, "mapping values")] {
        let quiet = Broken::build(text);
        quiet.no_parser_words().run.stderr_lacks(words);
        let verbose = Broken::build_with(text, &["--verbose"]);
        verbose.run.stderr_contains("詳細:").stderr_contains(words);
    }
}

/// English only when asked for, with the same place and corrected line.
#[test]
fn english_on_request() {
    let mut site = SiteTest::new();
    site.case_file("awara.md", edited("title: ", "title："));
    let run = site.run_env(
        &[
            "build",
            "--root",
            &site.root().to_string_lossy(),
            "--output",
            &site.out().to_string_lossy(),
        ],
        &[("YOKOTEN_LANG", "en")],
    );
    run.assert_failure()
        .assert_error_at(
            FILE,
            2,
            6,
            &[
                "the colon after `title` is a full-width `：`",
                &format!("write it as `title: {TITLE}`"),
            ],
        )
        .stderr_lacks("全角です");
}

/// `title: 第2弾 #DX推進`: YAML makes a comment of `#DX推進`. The build goes on (it is valid
/// YAML), with a warning at the `#` and the line written in quotes; a note written as one
/// (`# メモ`) is left alone.
#[test]
fn a_hash_that_cuts_a_value_short_is_a_warning() {
    let mut site = SiteTest::new();
    site.case_file("awara.md", edited(TITLE, "第2弾 #DX推進"));
    let text = edited(TITLE, "第2弾 #DX推進");
    let run = site.build();
    run.assert_success()
        .assert_error_at(
            FILE,
            line_of(&text, "#DX推進"),
            col_of(&text, "#DX推進", "#"),
            &[
                "注意[title]",
                "`title` の「#DX推進」は、メモ（コメント）として読み飛ばされます（値は「第2弾」になります）",
                "`title: \"第2弾 #DX推進\"` のように値全体を \" で囲んでください",
            ],
        )
        .assert_file_contains("cases/awara/index.html", "第2弾");

    let mut note = SiteTest::new();
    note.case_file("awara.md", edited(TITLE, "第2弾 # 題は仮"));
    note.build().assert_success().stderr_lacks("注意");
}

/// `tags: 勉強会、DX推進員` is one tag to YAML: a warning shows the list written with
/// [ ] and commas; in quotes it is one tag on purpose, and not warned about.
#[test]
fn tags_written_with_touten_are_a_warning() {
    let text = edited("tags: [勉強会]", "tags: 勉強会、DX推進員");
    let mut site = SiteTest::new();
    site.case_file("awara.md", &text);
    site.build().assert_success().assert_error_at(
        FILE,
        line_of(&text, "tags:"),
        col_of(&text, "tags:", "勉強会"),
        &[
            "注意[tags]",
            "タグ「勉強会、DX推進員」は、区切られずに1つのタグとして読まれます",
            "`tags: [勉強会, DX推進員]` のように [ ] で囲んで",
        ],
    );

    let mut quoted = SiteTest::new();
    quoted.case_file(
        "awara.md",
        edited("tags: [勉強会]", "tags: [\"勉強会、DX推進員\"]"),
    );
    quoted.build().assert_success().stderr_lacks("注意");
}

/// `- あわら市` where `municipality: あわら市` was meant (the key deleted).
#[test]
fn a_list_item_where_a_field_is_expected_is_named() {
    let text = edited("municipality: あわら市", "- あわら市");
    let b = Broken::build(&text);
    b.at(
        b.line("- あわら市"),
        1,
        &[
            "「- 」で始まる行（一覧の1つ）が、すでに値のある項目の下に書かれています",
            "`municipality: あわら市` のように項目名と「: 」を付けてください",
        ],
    );
}

/// site.yaml is read the same way: its mistakes are explained too.
#[test]
fn site_yaml_mistakes_are_explained() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let line = yaml
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("site.yaml has a title")
        .to_string();
    let broken = yaml.replacen(&line, &line.replacen("title: ", "title：", 1), 1);
    site.site_yaml(&broken);
    let run = site.build();
    run.assert_failure().assert_error_at(
        "site.yaml",
        line_of(&broken, "title："),
        6,
        &[
            "`title` のあとの「：」が全角です",
            &format!("`{line}` と書いてください"),
        ],
    );
    for w in PARSER_WORDS {
        run.stderr_lacks(w);
    }
}
