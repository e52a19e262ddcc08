//! Lists: prefectures in JIS X 0401 order, drafts only with --drafts, pagination.

use std::collections::BTreeMap;

use crate::prelude::*;

/// Slugs of the case pages a list page links to, in order, once each.
fn case_links(run: &Run, page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, href) in run.html(page).links() {
        let Some(internal) = run.internalise(href) else {
            continue;
        };
        let Ok(target) = run.resolve(page, &internal) else {
            continue;
        };
        let Some(slug) = target
            .strip_prefix("cases/")
            .and_then(|r| r.strip_suffix("/index.html"))
        else {
            continue;
        };
        if !slug.contains('/') && !out.iter().any(|s| s == slug) {
            out.push(slug.to_string());
        }
    }
    out
}

#[test]
fn prefectures_are_listed_in_jis_order() {
    // Unicode order would be 北 < 宮 < 福, date order and file order differ again.
    let mut site = SiteTest::new();
    site.case(
        "a-miyazaki",
        CaseBuilder::default()
            .municipality("都城市")
            .prefecture("宮崎県")
            .published("2024-09-01"),
    )
    .case(
        "b-fukui",
        CaseBuilder::default()
            .municipality("あわら市")
            .prefecture("福井県")
            .published("2023-01-01"),
    )
    .case(
        "c-hokkaido",
        CaseBuilder::default()
            .municipality("北見市")
            .prefecture("北海道")
            .published("2024-03-01"),
    )
    .case(
        "d-okinawa",
        CaseBuilder::default()
            .municipality("那覇市")
            .prefecture("沖縄県")
            .published("2022-05-05"),
    )
    .case(
        "e-tokyo",
        CaseBuilder::default()
            .municipality("渋谷区")
            .prefecture("東京都")
            .published("2024-12-01"),
    );
    let run = site.build();
    run.assert_success();
    let html = run.html("prefectures/index.html");
    let mut order: Vec<String> = Vec::new();
    for (_, href) in html.links() {
        let path = percent_decode(href);
        if let Some(name) = path
            .strip_prefix("/prefectures/")
            .and_then(|r| r.strip_suffix('/'))
        {
            if !name.is_empty() && !order.iter().any(|n| n == name) {
                order.push(name.to_string());
            }
        }
    }
    assert_eq!(
        order,
        vec!["北海道", "東京都", "福井県", "宮崎県", "沖縄県"],
        "prefectures/ should follow JIS X 0401 order"
    );
    // Municipalities follow their prefecture's order too.
    let html = run.html("municipalities/index.html");
    let text = markup::text(&html.source);
    let pos = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} not on municipalities/"))
    };
    assert!(
        pos("北見市") < pos("渋谷区")
            && pos("渋谷区") < pos("あわら市")
            && pos("あわら市") < pos("都城市")
            && pos("都城市") < pos("那覇市")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default().tags(&["勉強会"]))
        .case(
            "secret",
            CaseBuilder::default()
                .title("非公開の下書き")
                .municipality("下書町")
                .tags(&["下書きだけのタグ"])
                .draft(true),
        );
    let run = site.build();
    run.assert_success()
        .assert_exists("cases/awara/index.html")
        .assert_missing("cases/secret/index.html");
    run.assert_missing("tags/下書きだけのタグ/index.html")
        .assert_missing("municipalities/下書町/index.html");
    for f in run.files() {
        if f.ends_with(".html")
            || f.ends_with(".xml")
            || f.ends_with(".json")
            || f.ends_with(".csv")
        {
            let text = run.read(&f);
            assert!(
                !text.contains("非公開の下書き") && !text.contains("secret"),
                "{f} mentions the draft"
            );
        }
    }
    run.assert_links_ok();

    let run = site.build_with(&["--drafts"]);
    run.assert_success()
        .assert_exists("cases/secret/index.html")
        .assert_exists("tags/下書きだけのタグ/index.html")
        .assert_file_contains("cases.json", "非公開の下書き")
        .assert_links_ok();
    assert!(
        case_links(&run, "cases/index.html").contains(&"secret".to_string()),
        "with --drafts the draft is listed"
    );
}

#[test]
fn cases_are_paginated() {
    let mut site = SiteTest::new();
    site.config("paginate", "2");
    for (i, slug) in ["one", "two", "three", "four", "five"].iter().enumerate() {
        site.case(
            slug,
            CaseBuilder::default()
                .title(&format!("事例{slug}"))
                .published(&format!("2024-0{}-01", i + 1)),
        );
    }
    let run = site.build();
    run.assert_success()
        .assert_exists("cases/index.html")
        .assert_exists("cases/page/2/index.html")
        .assert_exists("cases/page/3/index.html")
        .assert_missing("cases/page/4/index.html")
        .assert_exists("categories/人材育成/page/3/index.html")
        .assert_missing("categories/人材育成/page/4/index.html")
        .assert_links_ok();

    let pages = [
        "cases/index.html",
        "cases/page/2/index.html",
        "cases/page/3/index.html",
    ];
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut sizes = Vec::new();
    let mut all = Vec::new();
    for p in pages {
        let slugs = case_links(&run, p);
        sizes.push(slugs.len());
        for s in slugs {
            *seen.entry(s.clone()).or_default() += 1;
            all.push(s);
        }
    }
    assert_eq!(sizes, vec![2, 2, 1], "cases per page with paginate: 2");
    assert!(
        seen.values().all(|&n| n == 1) && seen.len() == 5,
        "each case on exactly one list page: {seen:?}"
    );
    assert_eq!(
        all,
        vec!["five", "four", "three", "two", "one"],
        "newest first across the pages"
    );
    // Each page links the next one.
    let links = |p: &str| {
        run.html(p)
            .links()
            .iter()
            .filter_map(|(_, h)| run.internalise(h))
            .filter_map(|h| run.resolve(p, &h).ok())
            .collect::<Vec<_>>()
    };
    assert!(links("cases/index.html").contains(&"cases/page/2/index.html".to_string()));
    assert!(links("cases/page/2/index.html").contains(&"cases/page/3/index.html".to_string()));
}

/// A long list's page navigation: the first and last page, the current one ±2 as links,
/// a gap (…) where pages are left out, on the terms' lists as on /cases/.
#[test]
fn long_lists_show_a_window_of_page_links() {
    let mut site = SiteTest::new();
    site.config("paginate", "1");
    for i in 0..15 {
        site.case(
            &format!("c{i:02}"),
            CaseBuilder::default().published(&format!("2024-01-{:02}", i + 1)),
        );
    }
    let run = site.build();
    run.assert_success().assert_links_ok();
    let nav = |p: &str| -> (Vec<String>, usize) {
        let html = run.read(p);
        let start = html
            .find("class=\"pagination\"")
            .expect("a page navigation");
        let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
        let numbers = nav
            .split("<a href=")
            .skip(1)
            .map(|a| {
                let text = &a[a.find('>').unwrap() + 1..];
                text[..text.find('<').unwrap()].to_string()
            })
            .collect();
        (numbers, nav.matches("pagination-gap").count())
    };
    for list in ["cases", "categories/人材育成"] {
        let (links, gaps) = nav(&format!("{list}/page/8/index.html"));
        assert_eq!(
            links,
            ["前へ", "1", "6", "7", "8", "9", "10", "15", "次へ"],
            "{list} page 8"
        );
        assert_eq!(gaps, 2, "{list} page 8: a gap on each side");
        let (links, gaps) = nav(&format!("{list}/index.html"));
        assert_eq!(links, ["1", "2", "3", "15", "次へ"], "{list} page 1");
        assert_eq!(gaps, 1, "{list} page 1");
        let (links, _) = nav(&format!("{list}/page/15/index.html"));
        assert_eq!(links, ["前へ", "1", "13", "14", "15"], "{list} last page");
    }
}
