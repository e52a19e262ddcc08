//! Front matter and site.yaml that are bounded, typed as written and clean: anchors and
//! aliases refused before anything expands them, nesting, values, tags and text lengths
//! bounded, scalars kept as written (`3.10` stays `3.10`), errors at the exact line and
//! column of the key, value or list item, invisible characters refused, slugs that would be
//! one folder on Windows or macOS refused, and tags that differ only in case or width
//! merged with a warning.
//!
//! Messages are in Japanese (the default), so the needles are too.

use std::time::{Duration, Instant};

use crate::prelude::*;

/// Refusing a pathological file must not take long; the bound leaves room for a loaded
/// machine (alone, each of these builds takes well under a second in a debug build).
const QUICK: Duration = Duration::from_secs(3);

/// 1-based column, in characters, of `needle` on line `line` of `text`.
fn column_of(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    let at = l
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not on line {line}: {l}"));
    l[..at].chars().count() + 1
}

/// There is an error at exactly `file:line:col`, where line and col are those of the
/// first `needle` in `text`, with a caret, mentioning every one of `needles`. (Not
/// `Run::assert_error`: the report escapes invisible characters, so it does not quote
/// such a line as it is.)
#[track_caller]
fn assert_error_on(run: &Run, file: &str, text: &str, needle: &str, needles: &[&str]) {
    let line = line_of(text, needle);
    let col = column_of(text, line, needle);
    let loc = format!("{file}:{line}:{col}\n");
    let block = run
        .diagnostics()
        .into_iter()
        .find(|b| b.contains(&loc))
        .unwrap_or_else(|| {
            panic!(
                "no error at {file}:{line}:{col} (`{needle}`):\n{}",
                run.stderr
            )
        });
    assert!(block.contains('^'), "no caret:\n{block}");
    for n in needles {
        assert!(
            block.contains(n),
            "the error should mention {n:?}:\n{block}"
        );
    }
}

fn site_with(cases: &[(&str, &CaseBuilder)]) -> SiteTest {
    let mut site = SiteTest::new();
    for (name, c) in cases {
        site.case(name, (*c).clone());
    }
    site
}

fn cases_json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.read("cases.json")).expect("cases.json is JSON")
}

fn case_record<'a>(json: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap_or_else(|| panic!("no case {slug} in cases.json"))
}

#[test]
fn anchors_and_aliases_are_refused_where_they_start() {
    let mut anchor = CaseBuilder::default();
    anchor.raw("summary", "&s あわら市は手上げ式でDX推進員を募りました。");
    let mut alias = CaseBuilder::default();
    alias.raw("tags", "[勉強会, *s]");
    let run = site_with(&[("anchor", &anchor), ("alias", &alias)]).build();
    run.assert_failure();
    assert_error_on(
        &run,
        "content/cases/anchor.md",
        &anchor.text(),
        "&s",
        &["&", "*", "\"...\""],
    );
    assert_error_on(
        &run,
        "content/cases/alias.md",
        &alias.text(),
        "*s",
        &["&", "*"],
    );

    let mut site = SiteTest::new();
    site.config("description", "&d 説明")
        .case("awara", CaseBuilder::default());
    let run = site.build();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    run.assert_failure();
    assert_error_on(&run, "site.yaml", &yaml, "&d", &["&", "*"]);

    // In quotes, `*` is only text.
    let mut quoted = CaseBuilder::default();
    quoted.title("*注* 手上げ式の推進員");
    let run = site_with(&[("quoted", &quoted)]).build();
    run.assert_success();
    assert_eq!(
        case_record(&cases_json(&run), "quoted")["title"],
        "*注* 手上げ式の推進員"
    );
}

#[test]
fn a_megabyte_anchor_aliased_64_by_64_is_refused_at_once() {
    // Expanded, this is 4 GB of text: the build used to abort on memory (exit 134).
    let mut bomb = CaseBuilder::default();
    bomb.raw("a0", &format!("&a0 \"{}\"", "x".repeat(1 << 20)));
    bomb.raw("a1", &format!("&a1 [{}]", vec!["*a0"; 64].join(", ")));
    bomb.raw("a2", &format!("&a2 [{}]", vec!["*a1"; 64].join(", ")));
    let site = site_with(&[("bomb", &bomb)]);
    let start = Instant::now();
    let run = site.build();
    let took = start.elapsed();
    run.assert_failure().stderr_lacks("panicked");
    let text = bomb.text();
    assert_error_on(&run, "content/cases/bomb.md", &text, "&a0", &["&"]);
    assert!(took < QUICK, "refusing the anchors took {took:?}");
}

#[test]
fn nesting_is_limited_to_eight_levels() {
    let mut deep = CaseBuilder::default();
    // The front matter is level 1; the eighth `[` would be level 9.
    deep.raw("source", "[[[[[[[[[出典]]]]]]]]]");
    let run = site_with(&[("deep", &deep)]).build();
    run.assert_failure();
    let text = deep.text();
    let line = line_of(&text, "source:");
    run.assert_error("content/cases/deep.md", line, &["入れ子", "8"]);
    let col = "source: [[[[[[[".chars().count() + 1;
    run.stderr_contains(&format!("content/cases/deep.md:{line}:{col}\n"));
}

#[test]
fn the_number_of_values_is_limited() {
    let mut many = CaseBuilder::default();
    many.raw("tags", &format!("[{}]", vec!["t"; 12_000].join(", ")));
    let site = site_with(&[("many", &many)]);
    let start = Instant::now();
    let run = site.build();
    let took = start.elapsed();
    run.assert_failure();
    let text = many.text();
    run.assert_error(
        "content/cases/many.md",
        line_of(&text, "tags:"),
        &["多すぎ", "10000"],
    );
    assert!(took < QUICK, "refusing 12,000 values took {took:?}");
}

#[test]
fn eight_thousand_tags_are_refused_quickly_at_the_51st() {
    let tags: Vec<String> = (0..8000).map(|i| format!("タグ{i}")).collect();
    let mut c = CaseBuilder::default();
    c.raw("tags", &format!("[{}]", tags.join(", ")));
    let site = site_with(&[("many", &c)]);
    let start = Instant::now();
    let run = site.build();
    let took = start.elapsed();
    run.assert_failure();
    let text = c.text();
    let line = line_of(&text, "tags:");
    run.assert_error("content/cases/many.md", line, &["タグ", "50", "8000"]);
    let col = column_of(&text, line, "タグ50,");
    run.stderr_contains(&format!("content/cases/many.md:{line}:{col}\n"));
    assert!(took < QUICK, "refusing 8,000 tags took {took:?}");

    // Fifty is fine.
    let mut fifty = CaseBuilder::default();
    fifty.raw("tags", &format!("[{}]", tags[..50].join(", ")));
    site_with(&[("fifty", &fifty)]).build().assert_success();
}

#[test]
fn text_lengths_are_limited_per_field() {
    let long = |n: usize| "あ".repeat(n);
    let mut title = CaseBuilder::default();
    title.title(&long(201));
    let mut summary = CaseBuilder::default();
    summary.summary(&long(1001));
    let mut municipality = CaseBuilder::default();
    municipality.municipality(&long(41));
    let mut tag = CaseBuilder::default();
    tag.tags(&["勉強会", &long(51)]);
    let mut source_title = CaseBuilder::default();
    source_title.source(&long(301), "https://example.jp/");
    let mut url = CaseBuilder::default();
    url.source("出典", &format!("https://example.jp/{}", "a".repeat(2000)));
    let mut slug = CaseBuilder::default();
    slug.slug(&"a".repeat(101));
    let run = site_with(&[
        ("title", &title),
        ("summary", &summary),
        ("municipality", &municipality),
        ("tag", &tag),
        ("source-title", &source_title),
        ("url", &url),
        ("slug", &slug),
    ])
    .build();
    run.assert_failure();
    for (file, c, key, needles) in [
        ("title", &title, "title:", ["タイトル", "200", "201"]),
        ("summary", &summary, "summary:", ["要約", "1000", "1001"]),
        (
            "municipality",
            &municipality,
            "municipality:",
            ["自治体名", "40", "41"],
        ),
        ("tag", &tag, "tags:", ["タグ", "50", "51"]),
        (
            "source-title",
            &source_title,
            "  title:",
            ["出典の名前", "300", "301"],
        ),
        ("url", &url, "  url:", ["URL", "2000", "2019"]),
        ("slug", &slug, "slug:", ["slug", "100", "101"]),
    ] {
        let file = format!("content/cases/{file}.md");
        run.assert_error(&file, line_of(&c.text(), key), &needles);
    }

    // At the limit, all is well.
    let mut at_limit = CaseBuilder::default();
    at_limit
        .title(&long(200))
        .summary(&long(1000))
        .tags(&[&long(50)])
        .source(&long(300), "https://example.jp/");
    site_with(&[("limit", &at_limit)]).build().assert_success();
}

#[test]
fn text_fields_keep_the_text_as_written() {
    let mut c = CaseBuilder::default();
    c.raw("title", "3.10")
        .raw("summary", "0x1F")
        .raw("tags", "[5.0, 1e3, true, 0o17, 1_000]")
        .raw("slug", "0x1F")
        .raw("source", "\n  title: 3.10\n  url: https://example.jp/")
        .raw("population", "27000")
        .raw("draft", "false");
    let mut single = CaseBuilder::default();
    single.raw("tags", "5.0");
    let mut site = site_with(&[("numbers", &c), ("single", &single)]);
    site.config("title", "2024");
    let run = site.build();
    run.assert_success();
    let json = cases_json(&run);
    assert_eq!(json["title"], "2024");
    let case = case_record(&json, "0x1F");
    assert_eq!(case["title"], "3.10");
    assert_eq!(case["summary"], "0x1F");
    assert_eq!(
        case["tags"],
        serde_json::json!(["5.0", "1e3", "true", "0o17", "1_000"])
    );
    assert_eq!(case["sources"][0]["title"], "3.10");
    // Numbers where numbers are expected, and dates, are as before.
    assert_eq!(case["population"], 27000);
    assert_eq!(case["published"], "2024-03-01");
    assert_eq!(
        case_record(&json, "single")["tags"],
        serde_json::json!(["5.0"])
    );
    run.assert_exists("cases/0x1F/index.html")
        .assert_exists("tags/5.0/index.html")
        .assert_exists("tags/1e3/index.html");
    let html = run.html("cases/0x1F/index.html");
    let article = html.first_with("article", &[("class", "case")]).unwrap();
    assert_eq!(
        html.text_of_first_within(article, "h1").as_deref(),
        Some("3.10")
    );
}

#[test]
fn null_where_text_is_required_is_missing() {
    let mut tilde = CaseBuilder::default();
    tilde.raw("title", "~");
    let mut null = CaseBuilder::default();
    null.raw("municipality", "null");
    let run = site_with(&[("tilde", &tilde), ("null", &null)]).build();
    run.assert_failure()
        .assert_error(
            "content/cases/tilde.md",
            line_of(&tilde.text(), "title:"),
            &["`title` の値が空です"],
        )
        .assert_error(
            "content/cases/null.md",
            line_of(&null.text(), "municipality:"),
            &["`municipality` の値が空です"],
        );
}

#[test]
fn a_list_or_mapping_where_text_is_expected_is_an_error_at_it() {
    let mut summary = CaseBuilder::default();
    summary.raw("summary", "{要約: あわら市}");
    let mut tag = CaseBuilder::default();
    tag.raw("tags", "[勉強会, [入れ子]]");
    let mut source = CaseBuilder::default();
    source.raw("source", "\n  title: [出典]\n  url: https://example.jp/");
    let mut slug = CaseBuilder::default();
    slug.raw("slug", "[awara]");
    let run = site_with(&[
        ("summary", &summary),
        ("tag", &tag),
        ("source", &source),
        ("slug", &slug),
    ])
    .build();
    run.assert_failure();
    assert_error_on(
        &run,
        "content/cases/summary.md",
        &summary.text(),
        "{要約",
        &["`summary` には文字を書きます", "「名前: 値」の組"],
    );
    assert_error_on(
        &run,
        "content/cases/tag.md",
        &tag.text(),
        "[入れ子]",
        &["`tags` の一覧の中身には文字を書きます", "一覧"],
    );
    assert_error_on(
        &run,
        "content/cases/source.md",
        &source.text(),
        "[出典]",
        &["`source` には文字を書きます", "一覧"],
    );
    assert_error_on(
        &run,
        "content/cases/slug.md",
        &slug.text(),
        "[awara]",
        &["`slug` には文字を書きます", "一覧"],
    );
}

#[test]
fn errors_point_at_the_exact_item_key_or_value() {
    // The second item is a prefix of the first: searching the text finds the wrong one.
    let mut flow = CaseBuilder::default();
    flow.raw("categories", "[推進体制, 推進]");
    let mut block = CaseBuilder::default();
    block.raw("categories", "\n  - 人材育成\n  - 人財育成");
    let mut nested = CaseBuilder::default();
    nested.raw("source", "\n  title: 出典\n  url: ftp://example.jp/");
    let mut escaped = CaseBuilder::default();
    escaped.raw("tags", r#"[勉強会, "推進\u002F体制"]"#);
    let mut twice = CaseBuilder::default();
    twice.raw("tags", "[勉強会, a/b2, a/b]");
    let mut commented = CaseBuilder::default();
    commented.raw("prefecture", "\"福井\"  # 県が抜けている");
    let run = site_with(&[
        ("flow", &flow),
        ("block", &block),
        ("nested", &nested),
        ("escaped", &escaped),
        ("twice", &twice),
        ("commented", &commented),
    ])
    .build();
    run.assert_failure();
    assert_error_on(
        &run,
        "content/cases/flow.md",
        &flow.text(),
        "推進]",
        &["推進"],
    );
    assert_error_on(
        &run,
        "content/cases/block.md",
        &block.text(),
        "人財育成",
        &["人財育成"],
    );
    assert_error_on(
        &run,
        "content/cases/nested.md",
        &nested.text(),
        "ftp://",
        &["ftp://"],
    );
    assert_error_on(
        &run,
        "content/cases/escaped.md",
        &escaped.text(),
        "\"推進",
        &["推進/体制"],
    );
    assert_error_on(
        &run,
        "content/cases/twice.md",
        &twice.text(),
        "a/b]",
        &["a/b"],
    );
    assert_error_on(
        &run,
        "content/cases/commented.md",
        &commented.text(),
        "\"福井\"",
        &["福井県"],
    );

    // Keys indented as a whole are still keys.
    let text = "---\n  title: 字下げした事例\n  municipality: あわら市\n  prefecture: 福井\n  published: 2024-03-01\n  categories: [人材育成]\n  summary: 要約。\n---\n本文\n";
    let mut site = SiteTest::new();
    site.case_file("indented.md", text);
    let run = site.build();
    run.assert_failure();
    assert_error_on(&run, "content/cases/indented.md", text, "福井", &["福井県"]);
}

#[test]
fn a_key_written_twice_is_an_error_at_the_second() {
    let mut c = CaseBuilder::default();
    c.raw("draft", "false");
    let text = c.text().replace("draft: false\n", "tags: [二回目]\n");
    let mut site = SiteTest::new();
    site.case_file("twice.md", &text);
    let run = site.build();
    run.assert_failure();
    assert_error_on(
        &run,
        "content/cases/twice.md",
        &text,
        "tags: [二回目]",
        &["tags", "2回"],
    );
}

#[test]
fn names_refuse_control_and_bidirectional_characters() {
    let mut municipality = CaseBuilder::default();
    municipality.municipality("あわら\u{202e}市");
    let mut tag = CaseBuilder::default();
    tag.tags(&["勉強会", "推進\u{7}"]);
    let mut category = CaseBuilder::default();
    category.categories(&["人材育成\u{200f}"]);
    let mut source = CaseBuilder::default();
    source.raw(
        "source",
        "\n  title: \"出\\u0085典\"\n  url: https://example.jp/",
    );
    let mut prefecture = CaseBuilder::default();
    prefecture.prefecture("福井県\u{2066}");
    let run = site_with(&[
        ("municipality", &municipality),
        ("tag", &tag),
        ("category", &category),
        ("source", &source),
        ("prefecture", &prefecture),
    ])
    .build();
    run.assert_failure();
    // Written as is, the caret is under the character itself.
    assert_error_on(
        &run,
        "content/cases/municipality.md",
        &municipality.text(),
        "\u{202e}",
        &["自治体名に見えない文字 U+202E が入っています。消してください"],
    );
    assert_error_on(
        &run,
        "content/cases/tag.md",
        &tag.text(),
        "\"推進",
        &["タグ", "U+0007"],
    );
    assert_error_on(
        &run,
        "content/cases/category.md",
        &category.text(),
        "\u{200f}",
        &["分野", "U+200F"],
    );
    assert_error_on(
        &run,
        "content/cases/source.md",
        &source.text(),
        "\"出\\u0085",
        &["出典の名前", "U+0085"],
    );
    assert_error_on(
        &run,
        "content/cases/prefecture.md",
        &prefecture.text(),
        "\u{2066}",
        &["都道府県", "U+2066"],
    );

    let mut site = SiteTest::new();
    site.categories(&["人材育成", "\"防災\u{202d}\""])
        .case("awara", CaseBuilder::default());
    let run = site.build();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    run.assert_failure();
    assert_error_on(&run, "site.yaml", &yaml, "\u{202d}", &["分野", "U+202D"]);
}

#[test]
fn every_text_refuses_noncharacters_and_control_characters() {
    let mut title = CaseBuilder::default();
    title.raw("title", r#""手上げ式の推進員\uFFFF""#);
    let mut summary = CaseBuilder::default();
    summary.summary("要約\u{fdd0}です。");
    let mut control = CaseBuilder::default();
    control.summary("要約\u{1}です。");
    let mut site = site_with(&[
        ("title", &title),
        ("summary", &summary),
        ("control", &control),
    ]);
    let run = site.build();
    run.assert_failure();
    assert_error_on(
        &run,
        "content/cases/title.md",
        &title.text(),
        "\"手上げ式",
        &["タイトルに見えない文字 U+FFFF が入っています。消してください"],
    );
    assert_error_on(
        &run,
        "content/cases/summary.md",
        &summary.text(),
        "\u{fdd0}",
        &["要約", "U+FDD0"],
    );
    assert_error_on(
        &run,
        "content/cases/control.md",
        &control.text(),
        "\"要約",
        &["要約", "U+0001"],
    );

    // Bidirectional marks and line breaks are text in a title and a summary.
    site.remove("content/cases/title.md")
        .remove("content/cases/summary.md")
        .remove("content/cases/control.md");
    let mut fine = CaseBuilder::default();
    fine.title("アラビア語の \u{200f}مرحبا 表記")
        .summary("一行目\n二行目");
    site.case("fine", fine);
    site.build().assert_success();
}

#[test]
fn slugs_that_are_one_folder_on_windows_and_macos_collide() {
    let mut site = SiteTest::new();
    site.case("Awara", CaseBuilder::default())
        .case("awara", CaseBuilder::default().title("小文字の事例"));
    let run = site.build();
    run.assert_failure();
    let both = run
        .diagnostics()
        .into_iter()
        .any(|b| b.contains("content/cases/Awara.md") && b.contains("content/cases/awara.md"));
    assert!(both, "one error should name both files:\n{}", run.stderr);

    // が precomposed (NFC, as Windows writes it) and decomposed (NFD, as macOS does).
    let (nfc, nfd) = ("\u{304c}", "\u{304b}\u{3099}");
    let mut site = SiteTest::new();
    site.case(nfc, CaseBuilder::default())
        .case("other", CaseBuilder::default().slug(nfd));
    let run = site.build();
    run.assert_failure();
    let both = run.diagnostics().into_iter().any(|b| {
        b.contains(&format!("content/cases/{nfc}.md")) && b.contains("content/cases/other.md")
    });
    assert!(both, "one error should name both files:\n{}", run.stderr);

    // Either alone is a fine slug.
    let mut site = SiteTest::new();
    site.case(nfd, CaseBuilder::default());
    site.build().assert_success();
}

#[test]
fn tags_that_differ_only_in_case_or_width_are_merged_with_a_warning() {
    let mut site = SiteTest::new();
    site.case("a", CaseBuilder::default().tags(&["LINE"]))
        .case("b", CaseBuilder::default().tags(&["LINE", "勉強会"]))
        .case("c", CaseBuilder::default().tags(&["Line"]))
        .case("d", CaseBuilder::default().tags(&["ＬＩＮＥ", "LINE"]));
    let run = site.build();
    run.assert_success();
    run.assert_exists("tags/LINE/index.html")
        .assert_missing("tags/Line/index.html")
        .assert_missing("tags/ＬＩＮＥ/index.html");
    let json = cases_json(&run);
    for slug in ["a", "c", "d"] {
        assert_eq!(
            case_record(&json, slug)["tags"],
            serde_json::json!(["LINE"]),
            "{slug}"
        );
    }
    let warning = run
        .diagnostics()
        .into_iter()
        .find(|b| b.starts_with("注意"))
        .unwrap_or_else(|| panic!("no warning:\n{}", run.stderr));
    for needle in [
        "「LINE」",
        "「Line」",
        "「ＬＩＮＥ」",
        "content/cases/c.md",
        "content/cases/d.md",
    ] {
        assert!(
            warning.contains(needle),
            "the warning should name {needle}:\n{warning}"
        );
    }
    assert!(
        !warning.contains("content/cases/a.md"),
        "a.md was not changed:\n{warning}"
    );
}

#[test]
fn values_lined_up_with_tabs_still_read() {
    // The event parser alone would refuse a tab before a value starting with a letter or
    // digit; serde_yaml, and so yokoten before, accepts it.
    let mut c = CaseBuilder::default();
    c.raw("published", "\t2024-03-01")
        .raw("slug", "\tawara-tab");
    let text = c.text().replace("published: \t", "published:\t");
    let mut site = SiteTest::new();
    site.case_file("tabs.md", &text);
    let run = site.build();
    run.assert_success();
    let json = cases_json(&run);
    assert_eq!(case_record(&json, "awara-tab")["published"], "2024-03-01");
}
