//! The site bundled with the repository (its own site.yaml, content/ and themes/default)
//! builds into a temporary folder with every kind of page, and passes `yokoten check`.

use std::collections::BTreeSet;

use crate::prelude::*;

fn published_cases() -> Vec<CaseInfo> {
    read_cases(&repo_root())
        .into_iter()
        .filter(|c| !c.draft)
        .collect()
}

#[test]
fn bundled_site_has_every_page_type() {
    let run = bundled();
    run.assert_success();
    let cases = published_cases();
    assert!(
        cases.len() >= 12,
        "the bundled site should have at least 12 cases, has {}",
        cases.len()
    );

    for f in [
        "index.html",
        "cases/index.html",
        "categories/index.html",
        "tags/index.html",
        "prefectures/index.html",
        "municipalities/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "cases.json",
        "cases.csv",
    ] {
        run.assert_exists(f);
    }

    // Free pages: content/pages/<name>.md -> /<name>/.
    let pages: Vec<String> = std::fs::read_dir(repo_root().join("content/pages"))
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_string)
        })
        .collect();
    assert!(
        pages.iter().any(|p| p == "about"),
        "content/pages/about.md is expected in the bundled site"
    );
    for p in &pages {
        run.assert_exists(&format!("{p}/index.html"));
    }

    let theme_has_search = repo_root()
        .join("themes/default/templates/search.html")
        .is_file()
        || repo_root().join("templates/search.html").is_file();
    if theme_has_search {
        run.assert_exists("search/index.html");
    }

    let mut terms: [BTreeSet<String>; 4] = Default::default();
    for c in &cases {
        run.assert_exists(&format!("cases/{}/index.html", c.slug));
        terms[0].extend(c.categories.iter().cloned());
        terms[1].extend(c.tags.iter().cloned());
        terms[2].insert(c.prefecture.clone());
        terms[3].insert(c.municipality.clone());
    }
    for (kind, names) in ["categories", "tags", "prefectures", "municipalities"]
        .iter()
        .zip(&terms)
    {
        assert!(!names.is_empty(), "no {kind} in the bundled cases");
        for name in names {
            let plain = format!("{kind}/{name}/index.html");
            // Two municipalities of one name in different prefectures get the prefecture
            // in front (府中市 in 東京都 and 広島県).
            let qualified = cases
                .iter()
                .filter(|c| kind == &"municipalities" && &c.municipality == name)
                .any(|c| run.exists(&format!("{kind}/{}{name}/index.html", c.prefecture)));
            assert!(run.exists(&plain) || qualified, "missing term page {plain}");
        }
    }

    // Exactly the published cases have pages: no drafts, nothing left over.
    let built: BTreeSet<String> = run
        .files()
        .into_iter()
        .filter_map(|f| {
            f.strip_prefix("cases/")
                .and_then(|r| r.strip_suffix("/index.html"))
                .map(str::to_string)
        })
        .filter(|s| !s.contains('/') && s != "page")
        .collect();
    let expected: BTreeSet<String> = cases.iter().map(|c| c.slug.clone()).collect();
    assert_eq!(
        built, expected,
        "case pages built vs. published cases in content/cases"
    );
}

#[test]
fn bundled_site_links_resolve() {
    SiteTest::at(repo_root())
        .build()
        .assert_success()
        .assert_links_ok();
}

#[test]
fn bundled_site_fragment_links_land() {
    // Skip links, tables of contents, footnotes: every `#id` link has its element.
    SiteTest::at(repo_root())
        .build()
        .assert_success()
        .assert_fragments_ok();
}

#[test]
fn bundled_site_passes_check() {
    let site = SiteTest::at(repo_root());
    let run = site.check();
    run.assert_success();
    assert!(
        !run.stderr.contains("error"),
        "check printed errors:\n{}",
        run.stderr
    );
}
