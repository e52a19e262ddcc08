//! atom.xml, sitemap.xml, cases.json and cases.csv: well-formed, complete, absolute URLs.

use std::collections::BTreeSet;

use yokoten::yaml::Yaml;

use crate::prelude::*;

const BASE: &str = "https://example.jp/dx/";

/// Four cases whose fields need escaping in XML, JSON and CSV, and one draft.
fn site() -> SiteTest {
    let mut site = SiteTest::new();
    site.config("base_url", BASE)
        .case(
            "awara",
            CaseBuilder::default()
                .title("手上げ式 & <推進員>")
                .summary("要約に, カンマと \"引用符\" を含む")
                .population(27000)
                .source("総務省の事例集", "https://www.soumu.go.jp/?a=1&b=2"),
        )
        .case(
            "kitami",
            CaseBuilder::default()
                .title("書かない窓口")
                .municipality("北見市")
                .prefecture("北海道")
                .published("2024-06-10"),
        )
        .case(
            "hidaka",
            CaseBuilder::default()
                .title("スマホ100台")
                .municipality("日高町")
                .prefecture("北海道")
                .published("2023-11-01"),
        )
        .case_dir(
            "miyakonojo",
            CaseBuilder::default()
                .title("都城市のDX")
                .municipality("都城市")
                .prefecture("宮崎県")
                .published("2024-01-20"),
        )
        .case(
            "draft",
            CaseBuilder::default().title("下書きの事例").draft(true),
        );
    site
}

/// Published cases: (slug, title).
fn expected() -> Vec<(&'static str, &'static str)> {
    vec![
        ("awara", "手上げ式 & <推進員>"),
        ("kitami", "書かない窓口"),
        ("hidaka", "スマホ100台"),
        ("miyakonojo", "都城市のDX"),
    ]
}

fn case_url(slug: &str) -> String {
    format!("{BASE}cases/{slug}/")
}

#[test]
fn atom_feed_is_valid_and_lists_the_cases() {
    let run = site().build();
    run.assert_success();
    let feed = markup::parse_xml(&run.read("atom.xml"))
        .unwrap_or_else(|e| panic!("atom.xml is not well-formed XML: {e}"));
    assert_eq!(feed.name, "feed");
    assert_eq!(
        feed.attr("xmlns"),
        Some("http://www.w3.org/2005/Atom"),
        "atom.xml needs the Atom namespace"
    );
    for required in ["title", "id", "updated"] {
        assert!(
            feed.child(required)
                .is_some_and(|e| !e.text().trim().is_empty()),
            "the feed has no <{required}>"
        );
    }
    let entries = feed.all("entry");
    assert_eq!(
        entries.len(),
        expected().len(),
        "one entry per published case (no drafts)"
    );
    let mut seen = BTreeSet::new();
    for e in entries {
        let title = e.child("title").expect("entry <title>").text();
        let link = e
            .all("link")
            .iter()
            .find(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
            .and_then(|l| l.attr("href"))
            .expect("entry <link href>")
            .to_string();
        let (slug, want_title) = expected()
            .into_iter()
            .find(|(s, _)| link == case_url(s))
            .unwrap_or_else(|| panic!("entry link {link} is not an absolute case URL"));
        assert_eq!(
            title, want_title,
            "entry title of {slug} (escaping must round-trip)"
        );
        run.resolve("index.html", &run.internalise(&link).unwrap())
            .unwrap_or_else(|e| panic!("{link}: {e}"));
        let id = e.child("id").expect("entry <id>").text();
        assert!(!id.trim().is_empty());
        let updated = e.child("updated").expect("entry <updated>").text();
        assert!(
            updated.len() >= 20 && updated.as_bytes()[10] == b'T',
            "entry <updated> {updated} is not RFC 3339"
        );
        seen.insert(slug);
    }
    assert_eq!(
        seen.len(),
        expected().len(),
        "duplicate entries in atom.xml"
    );
    assert!(
        !run.read("atom.xml").contains("下書き"),
        "a draft is in the feed"
    );
}

#[test]
fn sitemap_lists_every_case() {
    let run = site().build();
    run.assert_success();
    let sm = markup::parse_xml(&run.read("sitemap.xml"))
        .unwrap_or_else(|e| panic!("sitemap.xml is not well-formed XML: {e}"));
    assert_eq!(sm.name, "urlset");
    assert_eq!(
        sm.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = sm
        .all("url")
        .iter()
        .map(|u| u.child("loc").expect("<loc>").text())
        .collect();
    let set: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(set.len(), locs.len(), "duplicate <loc> in sitemap.xml");
    assert!(
        set.contains(&BASE.to_string()),
        "the home page is not in sitemap.xml"
    );
    for (slug, _) in expected() {
        assert!(
            set.contains(&case_url(slug)),
            "sitemap.xml lacks {}",
            case_url(slug)
        );
    }
    assert!(
        !set.contains(&case_url("draft")),
        "a draft is in sitemap.xml"
    );
    for loc in &locs {
        run.resolve("index.html", &run.internalise(loc).unwrap())
            .unwrap_or_else(|e| panic!("sitemap.xml: {loc}: {e}"));
    }
}

#[test]
fn cases_json_has_every_case_with_its_url() {
    let run = site().build();
    run.assert_success();
    // JSON is YAML; yokoten::yaml is a thin serde_yaml wrapper.
    let doc = yokoten::yaml::parse(&run.read("cases.json")).expect("cases.json parses");
    let Yaml::Map(top) = doc else {
        panic!("cases.json is not an object")
    };
    let Some((_, Yaml::Seq(cases))) = top.iter().find(|(k, _)| k == "cases") else {
        panic!("cases.json has no `cases` list")
    };
    assert_eq!(
        cases.len(),
        expected().len(),
        "cases.json: one record per published case"
    );
    let mut slugs = BTreeSet::new();
    for c in cases {
        let Yaml::Map(m) = c else {
            panic!("a case record is not an object")
        };
        let get = |k: &str| {
            m.iter()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| v.as_text())
                .unwrap_or_default()
        };
        let slug = get("slug");
        let (_, title) = expected()
            .into_iter()
            .find(|(s, _)| *s == slug)
            .unwrap_or_else(|| panic!("unexpected slug {slug}"));
        assert_eq!(get("title"), title);
        assert_eq!(get("url"), case_url(&slug), "cases.json url of {slug}");
        let population = m
            .iter()
            .find(|(k, _)| k == "population")
            .map(|(_, v)| v.clone());
        if slug == "awara" {
            assert_eq!(
                population,
                Some(Yaml::Int(27000)),
                "cases.json population of awara"
            );
            let sources = format!(
                "{:?}",
                m.iter()
                    .find(|(k, _)| k == "sources" || k == "source")
                    .map(|(_, v)| v)
            );
            assert!(
                sources.contains("https://www.soumu.go.jp/?a=1&b=2"),
                "cases.json lacks the source URL: {sources}"
            );
        } else {
            assert!(
                matches!(population, None | Some(Yaml::Null)),
                "{slug} has no population, cases.json says {population:?}"
            );
        }
        slugs.insert(slug);
    }
    assert_eq!(slugs.len(), expected().len());
}

#[test]
fn cases_csv_has_bom_header_and_a_row_per_case() {
    let run = site().build();
    run.assert_success();
    let bytes = run.bytes("cases.csv");
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "cases.csv must start with the UTF-8 BOM for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("cases.csv is UTF-8");
    let rows = markup::parse_csv(text).unwrap_or_else(|e| panic!("cases.csv: {e}"));
    let header = &rows[0];
    assert_eq!(
        rows.len(),
        1 + expected().len(),
        "a header and one row per published case"
    );
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no `{name}` column in {header:?}"))
    };
    let (slug_col, title_col, url_col, summary_col) =
        (col("slug"), col("title"), col("url"), col("summary"));
    for row in &rows[1..] {
        assert_eq!(
            row.len(),
            header.len(),
            "row {row:?} has a different number of fields than the header"
        );
        let (_, title) = expected()
            .into_iter()
            .find(|(s, _)| *s == row[slug_col])
            .unwrap_or_else(|| panic!("unexpected row {row:?}"));
        assert_eq!(row[title_col], title);
        assert_eq!(row[url_col], case_url(&row[slug_col]));
        if row[slug_col] == "awara" {
            assert_eq!(
                row[summary_col], "要約に, カンマと \"引用符\" を含む",
                "quoting must round-trip"
            );
            assert!(
                row.contains(&"27000".to_string()),
                "the population is not in the CSV row: {row:?}"
            );
        }
    }
}
