//! Every validation rule of DESIGN.md Part 1 has a failing site here. Each error must name
//! the file and line (`file:line:col`), quote the offending line with a caret under it, and
//! give the hint the contract asks for. All errors of one build are reported together,
//! with exit code 1; usage errors exit with 2.

use crate::prelude::*;

/// A site holding `cases` (file name, builder), built once; returns the site and the run.
fn build_cases(cases: &[(&str, CaseBuilder)]) -> (SiteTest, Run) {
    let mut site = SiteTest::new();
    for (name, c) in cases {
        site.case(name, c.clone());
    }
    let run = site.build();
    (site, run)
}

/// Line of `needle` in the text the builder writes.
fn line(c: &CaseBuilder, needle: &str) -> usize {
    line_of(&c.text(), needle)
}

#[track_caller]
fn assert_nothing_written(site: &SiteTest, run: &Run) {
    assert!(
        !run.out.exists(),
        "a failed build must not write {}",
        run.out.display()
    );
    let beside: Vec<String> = std::fs::read_dir(site.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        vec!["site".to_string()],
        "a failed build left files beside the site: {beside:?}"
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_field() {
    let mut c = CaseBuilder::default();
    c.raw("sumary", "\"要約の綴り間違い\"").without("summary");
    let (_, run) = build_cases(&[("awara", c.clone())]);
    run.assert_failure().assert_error(
        "content/cases/awara.md",
        line(&c, "sumary:"),
        &[
            "`sumary` という項目はありません",
            "`summary` のことですか？",
        ],
    );
}

#[test]
fn wrong_types_are_errors() {
    let mut title_list = CaseBuilder::default();
    title_list.raw("title", "[若手, 手上げ式]");
    let mut pop_text = CaseBuilder::default();
    pop_text.raw("population", "27,000");
    let mut pop_quoted = CaseBuilder::default();
    pop_quoted.raw("population", "\"27000人\"");
    let mut draft_text = CaseBuilder::default();
    draft_text.raw("draft", "\"はい\"");
    let (_, run) = build_cases(&[
        ("title-list", title_list.clone()),
        ("pop-text", pop_text.clone()),
        ("pop-quoted", pop_quoted.clone()),
        ("draft-text", draft_text.clone()),
    ]);
    run.assert_failure()
        .assert_error(
            "content/cases/title-list.md",
            line(&title_list, "title:"),
            &["`title` には文字を書きます", "一覧"],
        )
        .assert_error(
            "content/cases/pop-text.md",
            line(&pop_text, "population:"),
            &["population", "27000"],
        )
        .assert_error(
            "content/cases/pop-quoted.md",
            line(&pop_quoted, "population:"),
            &["population"],
        )
        .assert_error(
            "content/cases/draft-text.md",
            line(&draft_text, "draft:"),
            &["draft"],
        );
}

#[test]
fn prefecture_must_be_one_of_47_with_a_hint() {
    let mut fukui = CaseBuilder::default();
    fukui.prefecture("福井");
    let mut tokyo = CaseBuilder::default();
    tokyo.prefecture("東京").municipality("府中市");
    let mut romaji = CaseBuilder::default();
    romaji.prefecture("Fukui");
    let (_, run) = build_cases(&[
        ("fukui", fukui.clone()),
        ("tokyo", tokyo.clone()),
        ("romaji", romaji.clone()),
    ]);
    run.assert_failure()
        .assert_error(
            "content/cases/fukui.md",
            line(&fukui, "prefecture:"),
            &[
                "「福井」は都道府県の名前ではありません",
                "「福井県」のことですか？",
            ],
        )
        .assert_error(
            "content/cases/tokyo.md",
            line(&tokyo, "prefecture:"),
            &["東京", "東京都"],
        )
        .assert_error(
            "content/cases/romaji.md",
            line(&romaji, "prefecture:"),
            &["Fukui", "prefecture"],
        );
}

#[test]
fn caret_points_at_the_value_not_the_key() {
    let mut c = CaseBuilder::default();
    c.prefecture("福井");
    let (_, run) = build_cases(&[("awara", c.clone())]);
    let n = line(&c, "prefecture:");
    let block = run.assert_failure().error_at("content/cases/awara.md", n);
    let loc = format!("content/cases/awara.md:{n}:");
    let at = block.find(&loc).unwrap() + loc.len();
    let col: usize = block[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();
    assert!(
        col > "prefecture:".len(),
        "column {col} should point at the value after `prefecture: `:\n{block}"
    );
}

#[test]
fn category_must_be_in_the_vocabulary_with_a_hint() {
    let mut typo = CaseBuilder::default();
    typo.categories(&["人財育成"]);
    let mut second = CaseBuilder::default();
    second.categories(&["推進体制", "窓口ＤＸ改革"]);
    let (_, run) = build_cases(&[("typo", typo.clone()), ("second", second.clone())]);
    run.assert_failure()
        .assert_error(
            "content/cases/typo.md",
            line(&typo, "categories:"),
            &[
                "「人財育成」はこのサイトの分野にありません",
                "「人材育成」のことですか？",
            ],
        )
        .assert_error(
            "content/cases/second.md",
            line(&second, "categories:"),
            &["窓口ＤＸ改革"],
        )
        .stderr_lacks("「推進体制」はこのサイトの分野");
}

#[test]
fn bad_dates_are_errors() {
    let mut feb30 = CaseBuilder::default();
    feb30.published("2024-02-30");
    let mut slashes = CaseBuilder::default();
    slashes.published("2024/03/01");
    let mut month13 = CaseBuilder::default();
    month13.updated("2024-13-01");
    let mut japanese = CaseBuilder::default();
    japanese.published("2024年3月1日");
    let (_, run) = build_cases(&[
        ("feb30", feb30.clone()),
        ("slashes", slashes.clone()),
        ("month13", month13.clone()),
        ("japanese", japanese.clone()),
    ]);
    run.assert_failure()
        .assert_error(
            "content/cases/feb30.md",
            line(&feb30, "published:"),
            &["published", "2024年2月30日はありません", "2月は29日まで"],
        )
        .assert_error(
            "content/cases/slashes.md",
            line(&slashes, "published:"),
            &[
                "published",
                "2024/03/01",
                "`published: 2024-03-01` と書いてください",
            ],
        )
        .assert_error(
            "content/cases/month13.md",
            line(&month13, "updated:"),
            &["updated", "2024年13月はありません"],
        )
        .assert_error(
            "content/cases/japanese.md",
            line(&japanese, "published:"),
            &["published", "`published: 2024-03-01` と書いてください"],
        );
}

#[test]
fn leap_day_is_a_valid_date() {
    let mut c = CaseBuilder::default();
    c.published("2024-02-29");
    let (_, run) = build_cases(&[("leap", c)]);
    run.assert_success().assert_exists("cases/leap/index.html");
}

#[test]
fn empty_title_is_an_error() {
    let mut empty = CaseBuilder::default();
    empty.title("");
    let mut blank = CaseBuilder::default();
    blank.title("   ");
    let mut null = CaseBuilder::default();
    null.raw("title", "");
    let (_, run) = build_cases(&[
        ("empty", empty.clone()),
        ("blank", blank.clone()),
        ("null", null.clone()),
    ]);
    run.assert_failure()
        .assert_error("content/cases/empty.md", line(&empty, "title:"), &["title"])
        .assert_error("content/cases/blank.md", line(&blank, "title:"), &["title"])
        .assert_error_in("content/cases/null.md", &["title"]);
}

#[test]
fn every_missing_required_field_is_named() {
    let required = [
        "title",
        "municipality",
        "prefecture",
        "published",
        "categories",
        "summary",
    ];
    let cases: Vec<(String, CaseBuilder)> = required
        .iter()
        .map(|f| {
            let mut c = CaseBuilder::default();
            c.without(f);
            (format!("no-{f}"), c)
        })
        .collect();
    let refs: Vec<(&str, CaseBuilder)> =
        cases.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
    let (_, run) = build_cases(&refs);
    run.assert_failure();
    for f in required {
        let file = format!("content/cases/no-{f}.md");
        let block = run
            .diagnostics()
            .into_iter()
            .find(|b| b.contains(&format!("{file}:")) && b.contains(f))
            .unwrap_or_else(|| panic!("no located error naming {file} and `{f}`:\n{}", run.stderr));
        assert!(
            block.contains(&format!("必ず書く項目 `{f}` がありません")),
            "the error for a missing `{f}` should say it is required:\n{block}"
        );
    }
    // Optional fields may be left out.
    let mut minimal = CaseBuilder::default();
    minimal.without("tags");
    let (_, ok) = build_cases(&[("minimal", minimal)]);
    ok.assert_success();
}

#[test]
fn unknown_site_yaml_key_suggests_the_key() {
    let mut site = SiteTest::new();
    site.config("paginte", "5")
        .case("awara", CaseBuilder::default());
    let run = site.build();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    run.assert_failure().assert_error(
        "site.yaml",
        line_of(&yaml, "paginte:"),
        &[
            "`paginte` という項目はありません",
            "`paginate` のことですか？",
        ],
    );
    assert_nothing_written(&site, &run);
}

#[test]
fn site_yaml_without_required_keys_is_an_error() {
    let mut site = SiteTest::new();
    site.site_yaml("language: ja\n")
        .case("awara", CaseBuilder::default());
    let run = site.build();
    run.assert_failure()
        .assert_error_in("site.yaml", &["title"])
        .assert_error_in("site.yaml", &["base_url"])
        .assert_error_in("site.yaml", &["categories"]);
}

#[test]
fn duplicate_slugs_name_both_files() {
    let mut copy = CaseBuilder::default();
    copy.title("別の事例").slug("awara");
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default())
        .case("awara-copy", copy);
    let run = site.build();
    run.assert_failure();
    let both = run.diagnostics().into_iter().any(|b| {
        b.contains("content/cases/awara.md")
            && b.contains("content/cases/awara-copy.md")
            && b.contains("awara")
    });
    assert!(
        both,
        "one error should name both files with the slug `awara`:\n{}",
        run.stderr
    );
    assert_nothing_written(&site, &run);
}

#[test]
fn duplicate_slug_of_a_file_and_a_case_folder_names_both() {
    let mut site = SiteTest::new();
    site.case("kitami", CaseBuilder::default())
        .case_dir("kitami", CaseBuilder::default().title("フォルダ版"));
    let run = site.build();
    run.assert_failure();
    let both = run.diagnostics().into_iter().any(|b| {
        b.contains("content/cases/kitami.md") && b.contains("content/cases/kitami/index.md")
    });
    assert!(
        both,
        "one error should name content/cases/kitami.md and content/cases/kitami/index.md:\n{}",
        run.stderr
    );
}

#[test]
fn duplicate_slug_error_points_at_the_slug_field() {
    let mut copy = CaseBuilder::default();
    copy.title("別の事例").slug("awara");
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default())
        .case("awara-copy", copy.clone());
    let run = site.build();
    run.assert_failure().assert_error(
        "content/cases/awara-copy.md",
        line(&copy, "slug:"),
        &["awara"],
    );
}

#[test]
fn slugs_cannot_leave_their_folder() {
    let mut dots = CaseBuilder::default();
    dots.slug("../../escaped");
    let mut slash = CaseBuilder::default();
    slash.slug("a/b");
    let mut backslash = CaseBuilder::default();
    backslash.slug("a\\b");
    let mut control = CaseBuilder::default();
    control.slug("a\u{7}b");
    let mut site = SiteTest::new();
    site.case("dots", dots.clone())
        .case("slash", slash.clone())
        .case("backslash", backslash.clone())
        .case("control", control.clone())
        // A file name that is not a valid slug, with no slug field.
        .case("bad name", CaseBuilder::default());
    let run = site.build();
    run.assert_failure()
        .assert_error(
            "content/cases/dots.md",
            line(&dots, "slug:"),
            &["slug", "../../escaped"],
        )
        .assert_error(
            "content/cases/slash.md",
            line(&slash, "slug:"),
            &["slug", "a/b"],
        )
        .assert_error(
            "content/cases/backslash.md",
            line(&backslash, "slug:"),
            &["slug"],
        )
        .assert_error(
            "content/cases/control.md",
            line(&control, "slug:"),
            &["slug"],
        )
        .assert_error_in("content/cases/bad name.md", &["bad name"]);
    assert_nothing_written(&site, &run);
    assert!(
        !site.tmp().join("escaped").exists()
            && !site.tmp().parent().unwrap().join("escaped").exists()
    );
}

#[test]
fn slug_may_use_any_script() {
    let mut c = CaseBuilder::default();
    c.slug("あわら市-dx-2024");
    let (_, run) = build_cases(&[("awara", c)]);
    run.assert_success()
        .assert_exists("cases/あわら市-dx-2024/index.html")
        .assert_links_ok();
}

/// "---\ntitle: あわら市の事例\n..." with the title in Shift_JIS.
fn shift_jis_case() -> Vec<u8> {
    let mut b = b"---\ntitle: ".to_vec();
    // あわら市の事例 in Shift_JIS.
    b.extend_from_slice(&[
        0x82, 0xA0, 0x82, 0xED, 0x82, 0xE7, 0x8E, 0x73, 0x82, 0xCC, 0x8E, 0x96, 0x97, 0xE1,
    ]);
    b.extend_from_slice(
        "\nmunicipality: awara\nprefecture: x\npublished: 2024-03-01\ncategories: [x]\nsummary: x\n---\nbody\n".as_bytes(),
    );
    b
}

#[test]
fn non_utf8_file_is_an_error() {
    let mut site = SiteTest::new();
    site.case_file("sjis.md", shift_jis_case())
        .case("good", CaseBuilder::default());
    let run = site.build();
    run.assert_failure()
        .assert_error_in("content/cases/sjis.md", &["UTF-8"]);
    assert_nothing_written(&site, &run);
}

#[test]
fn non_utf8_error_names_the_line() {
    let mut site = SiteTest::new();
    site.case_file("sjis.md", shift_jis_case());
    let run = site.build();
    // The first byte that is not UTF-8 is on line 2 (the title).
    run.assert_failure();
    run.error_at("content/cases/sjis.md", 2);
}

#[test]
fn empty_files_are_errors() {
    let mut site = SiteTest::new();
    site.case_file("empty.md", "")
        .case_file("blank.md", "\n  \n\n")
        .case("good", CaseBuilder::default());
    let run = site.build();
    run.assert_failure()
        .assert_error("content/cases/empty.md", 1, &["ファイルが空です"])
        .assert_error_in("content/cases/blank.md", &["ファイルが空です"]);
}

#[test]
fn front_matter_without_closing_fence_is_an_error() {
    let text = "---\ntitle: 閉じ忘れ\nmunicipality: あわら市\nprefecture: 福井県\n\n本文がここから始まるつもり。\n";
    let mut site = SiteTest::new();
    site.case_file("unclosed.md", text);
    let run = site.build();
    // (The message quotes `---` itself, so `assert_error`'s search for the quoted line
    // would stop at the message: the block is checked here.)
    run.assert_failure();
    let block = run.error_at("content/cases/unclosed.md", 1);
    for needle in [
        "終わりを示す「---」の行がありません",
        "content/cases/unclosed.md:1:1",
        "1 │ ---",
        "^^^",
        "最後の項目の次の行に --- を書き",
    ] {
        assert!(block.contains(needle), "{needle:?} missing:\n{block}");
    }
}

#[test]
fn file_without_front_matter_is_an_error() {
    let mut site = SiteTest::new();
    site.case_file("plain.md", "# 見出しだけ\n\n本文。\n");
    let run = site.build();
    run.assert_failure()
        .assert_error("content/cases/plain.md", 1, &["---"]);
}

#[test]
fn front_matter_that_is_a_list_is_an_error() {
    let mut site = SiteTest::new();
    site.case_file("list.md", "---\n- title\n- あわら市\n---\n本文\n");
    let run = site.build();
    run.assert_failure().assert_error(
        "content/cases/list.md",
        2,
        &["「項目名: 値」の行で書きます", "一覧"],
    );
}

#[test]
fn invalid_yaml_is_an_error_with_its_line() {
    let text = "---\ntitle: 事例\nmunicipality: あわら市\ncategories: [人材育成\nprefecture: 福井県\n---\n本文\n";
    let mut site = SiteTest::new();
    site.case_file("broken.md", text);
    let run = site.build();
    run.assert_failure();
    let located = run.diagnostics().into_iter().any(|b| {
        (2..=6).any(|l| {
            let loc = format!("content/cases/broken.md:{l}:");
            b.match_indices(&loc)
                .any(|(i, _)| b[i + loc.len()..].starts_with(|c: char| c.is_ascii_digit()))
        })
    });
    assert!(
        located,
        "a YAML syntax error should point into the front matter (lines 2-6):\n{}",
        run.stderr
    );
}

#[test]
fn body_near_the_size_limit_builds_and_a_larger_one_is_refused() {
    let para = "自治体のDXを進めるうえで大切なのは、職員が自分の業務を見直すことです。".repeat(40);
    let body_of = |bytes: usize| {
        let mut body = String::with_capacity(bytes + 4096);
        while body.len() < bytes {
            body.push_str(&para);
            body.push_str("\n\n");
        }
        body.push_str("最後の段落-END-OF-BODY\n");
        body
    };
    let mut site = SiteTest::new();
    site.case("huge", CaseBuilder::default().body(&body_of(1_900_000)));
    let run = site.build();
    run.assert_success().stderr_lacks("panicked");
    let page = run.read("cases/huge/index.html");
    assert!(
        page.contains("最後の段落-END-OF-BODY"),
        "the end of the body is missing from the page"
    );

    // Ten megabytes (a file saved over a case, an image pasted as text): a clear error
    // naming the file and its size, and the site as it was.
    let before = run.snapshot();
    site.case(
        "huge",
        CaseBuilder::default().body(&body_of(10 * 1024 * 1024)),
    );
    let run = site.build();
    run.assert_failure()
        .stderr_contains("content/cases/huge.md")
        .stderr_contains("大きすぎます")
        .stderr_contains("2.0 MB")
        .stderr_lacks("panicked");
    assert_eq!(run.snapshot(), before, "a refused build changed the site");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let mut c = CaseBuilder::default();
    c.title("改行コードCRLFの事例")
        .tags(&["BOM", "CRLF"])
        .body("一行目\n\n## 見出し\n\n二行目\n");
    let text = c.text().replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let mut site = SiteTest::new();
    site.case_file("windows.md", bytes);
    let run = site.build();
    run.assert_success();
    let html = run.html("cases/windows/index.html");
    let article = html
        .first_with("article", &[("class", "case")])
        .expect("article.case");
    assert_eq!(
        html.text_of_first_within(article, "h1").as_deref(),
        Some("改行コードCRLFの事例")
    );
    assert!(
        !html.source.contains('\u{feff}'),
        "the BOM leaked into the page"
    );
    assert!(!html.source.contains('\r'), "a CR leaked into the page");
    run.assert_exists("tags/CRLF/index.html").assert_links_ok();
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let mut bad_pref = CaseBuilder::default();
    bad_pref.prefecture("福井");
    let mut bad_date = CaseBuilder::default();
    bad_date.published("2024-02-30");
    let mut bad_both = CaseBuilder::default();
    bad_both
        .categories(&["人財育成"])
        .raw("population", "27,000");
    let mut site = SiteTest::new();
    site.case("a-pref", bad_pref.clone())
        .case("b-good", CaseBuilder::default())
        .case("c-date", bad_date.clone())
        .case_dir("d-folder", bad_both.clone());
    let run = site.build();
    run.assert_failure()
        .assert_error(
            "content/cases/a-pref.md",
            line(&bad_pref, "prefecture:"),
            &["福井"],
        )
        .assert_error(
            "content/cases/c-date.md",
            line(&bad_date, "published:"),
            &["2024-02-30"],
        )
        .assert_error(
            "content/cases/d-folder/index.md",
            line(&bad_both, "categories:"),
            &["人財育成"],
        )
        .assert_error(
            "content/cases/d-folder/index.md",
            line(&bad_both, "population:"),
            &["population"],
        )
        .stderr_lacks("b-good");
    assert_nothing_written(&site, &run);
}

#[test]
fn usage_errors_exit_with_2() {
    let site = SiteTest::new();
    let r = site.run(&["build", "--no-such-flag"]);
    r.assert_code(2).stderr_contains("--no-such-flag");
    site.run(&["frobnicate"]).assert_code(2);
    site.run(&["build", "--output"]).assert_code(2);
    site.run(&["serve", "--port", "not-a-number"])
        .assert_code(2);
    assert!(
        !site.root().join("public").exists(),
        "a usage error must not build anything"
    );
}
