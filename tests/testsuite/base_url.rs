//! A base URL with a path (https://example.jp/dx/): every link works under it, absolute URLs
//! are under it, and Japanese terms are UTF-8 folders on disk, percent-encoded in links.

use crate::prelude::*;

const BASE: &str = "https://example.jp/dx/";

fn site() -> SiteTest {
    let mut site = SiteTest::new();
    site.case(
        "awara",
        CaseBuilder::default()
            .categories(&["人材育成", "推進体制"])
            .tags(&["手上げ式", "DX推進員"]),
    )
    .case(
        "kitami",
        CaseBuilder::default()
            .title("書かない窓口")
            .municipality("北見市")
            .prefecture("北海道")
            .published("2024-06-10")
            .categories(&["窓口DX"])
            .tags(&["書かない窓口"]),
    )
    .case_dir(
        "miyakonojo",
        CaseBuilder::default()
            .municipality("都城市")
            .prefecture("宮崎県")
            .body("![図](chart.svg)\n\n[前の事例](../awara/)\n"),
    )
    .write(
        "content/cases/miyakonojo/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site
}

#[track_caller]
fn assert_everything_under_base(run: &Run) {
    run.assert_success().assert_links_ok();
    assert_eq!(run.base_path(), "/dx/");

    // Links: root-relative ones start with the base path; none carries raw non-ASCII.
    let links = run.internal_links();
    for page in run.html_files() {
        let on_page: Vec<_> = links.iter().filter(|l| l.page == page).collect();
        assert!(
            on_page.iter().any(|l| l.href.starts_with("/dx/")),
            "{page} has no link under /dx/"
        );
        for l in on_page {
            if l.href.starts_with('/') {
                assert!(
                    l.href.starts_with("/dx/"),
                    "{page}: <{}> {} is not under /dx/",
                    l.tag,
                    l.href
                );
            }
            assert!(
                l.href.is_ascii(),
                "{page}: <{}> {} is not percent-encoded",
                l.tag,
                l.href
            );
            if page == "404.html" {
                assert!(
                    l.href.starts_with('/'),
                    "404.html is served at any path; its link {} must be root-relative",
                    l.href
                );
            }
        }
    }

    // Canonical URLs: absolute, under the base, and naming the page itself.
    for page in run.html_files() {
        let html = run.html(&page);
        let canonical = html
            .find("link")
            .find(|t| t.attr("rel") == Some("canonical"))
            .and_then(|t| t.attr("href"))
            .unwrap_or_else(|| panic!("{page} has no <link rel=\"canonical\">"))
            .to_string();
        assert!(
            canonical.starts_with(BASE),
            "{page}: canonical {canonical} is not under {BASE}"
        );
        let internal = run.internalise(&canonical).unwrap();
        assert_eq!(
            run.resolve(&page, &internal).as_deref(),
            Ok(page.as_str()),
            "{page}: canonical {canonical} names another page"
        );
    }

    // Feeds and data: absolute URLs under the base.
    let atom = markup::parse_xml(&run.read("atom.xml")).expect("atom.xml is XML");
    let mut atom_urls: Vec<String> = atom
        .all("link")
        .iter()
        .filter_map(|l| l.attr("href"))
        .map(str::to_string)
        .collect();
    for e in atom.all("entry") {
        atom_urls.extend(
            e.all("link")
                .iter()
                .filter_map(|l| l.attr("href"))
                .map(str::to_string),
        );
        atom_urls.push(e.child("id").expect("entry id").text());
    }
    assert!(
        atom_urls.len() >= 3 * 2,
        "too few URLs in atom.xml: {atom_urls:?}"
    );
    for u in &atom_urls {
        assert!(u.starts_with(BASE), "atom.xml: {u} is not under {BASE}");
    }
    let sitemap = markup::parse_xml(&run.read("sitemap.xml")).expect("sitemap.xml is XML");
    for url in sitemap.all("url") {
        let loc = url.child("loc").expect("<loc>").text();
        assert!(
            loc.starts_with(BASE),
            "sitemap.xml: {loc} is not under {BASE}"
        );
        let internal = run.internalise(&loc).unwrap();
        run.resolve("index.html", &internal)
            .unwrap_or_else(|e| panic!("sitemap.xml: {loc}: {e}"));
    }
    let json = run.read("cases.json");
    assert!(
        json.contains(&format!("{BASE}cases/awara/")),
        "cases.json lacks the absolute case URL"
    );

    // Japanese terms: UTF-8 folders on disk, percent-encoded links.
    for f in [
        "categories/人材育成/index.html",
        "categories/窓口DX/index.html",
        "tags/手上げ式/index.html",
        "tags/DX推進員/index.html",
        "prefectures/福井県/index.html",
        "prefectures/北海道/index.html",
        "municipalities/あわら市/index.html",
        "municipalities/北見市/index.html",
    ] {
        run.assert_exists(f);
    }
    let case = run.html("cases/awara/index.html");
    for (kind, term) in [
        ("categories", "人材育成"),
        ("tags", "手上げ式"),
        ("prefectures", "福井県"),
        ("municipalities", "あわら市"),
    ] {
        let want = format!("/dx/{kind}/{term}/");
        let encoded = format!("/dx/{kind}/{}/", percent_encode(term));
        let found = case.links().iter().any(|(_, h)| {
            h.is_ascii() && percent_decode(h) == want && h.eq_ignore_ascii_case(&encoded)
        });
        assert!(
            found,
            "cases/awara/index.html should link {encoded} (= {want})"
        );
    }
    // The case folder's own files stay beside the page.
    run.assert_exists("cases/miyakonojo/chart.svg");
}

#[test]
fn base_url_with_path_from_site_yaml() {
    let mut site = site();
    site.config("base_url", BASE);
    assert_everything_under_base(&site.build());
}

#[test]
fn base_url_with_path_from_the_command_line() {
    let mut site = site();
    site.config("base_url", "https://other.example.org/");
    let run = site.build_with(&["--base-url", BASE]);
    assert_everything_under_base(&run);
    for f in run.files() {
        if f.ends_with(".html")
            || f.ends_with(".xml")
            || f.ends_with(".json")
            || f.ends_with(".csv")
        {
            assert!(
                !run.read(&f).contains("other.example.org"),
                "{f} still uses the base_url of site.yaml"
            );
        }
    }
}

#[test]
fn bad_base_url_is_an_error() {
    let mut site = site();
    site.config("base_url", "example.jp/dx/");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.build().assert_failure().assert_error(
        "site.yaml",
        line_of(&yaml, "base_url:"),
        &["base_url"],
    );
    let mut site = self::site();
    site.config("base_url", BASE);
    let run = site.build_with(&["--base-url", "not a url"]);
    assert_ne!(
        run.code,
        Some(0),
        "--base-url `not a url` should be refused"
    );
    assert!(
        run.stderr.contains("base-url") || run.stderr.contains("base_url"),
        "the error should name --base-url:\n{}",
        run.stderr
    );
}

#[test]
fn terms_with_url_special_characters_resolve() {
    let mut site = SiteTest::new();
    site.config("base_url", BASE)
        .case(
            "awara",
            CaseBuilder::default().tags(&["Q&A", "C#", "100%達成", "AI 活用", "?とは", "a+b"]),
        )
        // One municipality name in two prefectures: two separate term pages.
        .case(
            "fuchu-tokyo",
            CaseBuilder::default()
                .municipality("府中市")
                .prefecture("東京都"),
        )
        .case(
            "fuchu-hiroshima",
            CaseBuilder::default()
                .municipality("府中市")
                .prefecture("広島県"),
        );
    let run = site.build();
    run.assert_success().assert_links_ok();
    for tag in ["Q&A", "C#", "100%達成", "AI 活用", "?とは", "a+b"] {
        run.assert_exists(&format!("tags/{tag}/index.html"));
    }
    let muni_pages: Vec<String> = run
        .files()
        .into_iter()
        .filter(|f| {
            f.starts_with("municipalities/") && f.contains("府中市") && f.ends_with("/index.html")
        })
        .collect();
    assert_eq!(
        muni_pages.len(),
        2,
        "府中市 of 東京都 and of 広島県 need a page each: {muni_pages:?}"
    );
    for l in run.internal_links() {
        assert!(
            !l.href.contains(' ') && l.href.is_ascii(),
            "{}: {} is not fully percent-encoded",
            l.page,
            l.href
        );
    }
}
