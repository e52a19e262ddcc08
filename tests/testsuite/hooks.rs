//! The stable hooks of DESIGN.md Part 1 that browser tests and other tools rely on.

use crate::prelude::*;

/// `<article class="case">` with the case title as the text of its first `<h1>`.
#[track_caller]
fn assert_case_hook(run: &Run, slug: &str, title: &str) {
    let page = format!("cases/{slug}/index.html");
    let html = run.html(&page);
    let article = html
        .first_with("article", &[("class", "case")])
        .unwrap_or_else(|| panic!("{page} has no <article class=\"case\">"));
    let h1 = html
        .text_of_first_within(article, "h1")
        .unwrap_or_else(|| panic!("{page}: no <h1> inside <article class=\"case\">"));
    assert_eq!(
        h1, title,
        "{page}: the <h1> of the article should be the case title"
    );
}

#[track_caller]
fn assert_lang_and_search_box(run: &Run, lang: &str) {
    let pages = run.html_files();
    assert!(!pages.is_empty());
    for page in pages {
        let html = run.html(&page);
        let root = html
            .find("html")
            .next()
            .unwrap_or_else(|| panic!("{page} has no <html> element"));
        assert_eq!(root.attr("lang"), Some(lang), "{page}: <html lang>");
        assert!(
            html.find("input")
                .any(|t| t.attr("type") == Some("search") && t.attr("name") == Some("q")),
            "{page} has no <input type=\"search\" name=\"q\">"
        );
    }
}

#[test]
fn bundled_case_pages_have_article_and_title() {
    let run = bundled();
    run.assert_success();
    let cases: Vec<CaseInfo> = read_cases(&repo_root())
        .into_iter()
        .filter(|c| !c.draft)
        .collect();
    for c in &cases {
        assert_case_hook(&run, &c.slug, &c.title);
    }
}

#[test]
fn bundled_pages_are_japanese_with_a_search_box() {
    let run = bundled();
    run.assert_success();
    assert_lang_and_search_box(&run, "ja");
}

#[test]
fn language_defaults_to_ja_and_hooks_hold_on_a_small_site() {
    let mut site = SiteTest::new();
    // No `language:` in site.yaml: the contract's default is ja.
    site.site_yaml(
        "title: 言語の既定値\nbase_url: https://example.jp/\ncategories:\n  - 人材育成\n",
    )
    .page("about", "このサイトについて", "本文\n")
    .case(
        "awara",
        CaseBuilder::default().title("「手上げ式」で募る & 育てる"),
    )
    .case(
        "kitami",
        CaseBuilder::default()
            .title("書かない窓口")
            .municipality("北見市")
            .prefecture("北海道"),
    );
    let run = site.build();
    run.assert_success();
    assert_lang_and_search_box(&run, "ja");
    assert_case_hook(&run, "awara", "「手上げ式」で募る & 育てる");
    assert_case_hook(&run, "kitami", "書かない窓口");
}
