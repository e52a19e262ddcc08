//! Fixture cases: whole case bodies rendered through the public API, checked for bold text,
//! no space between wrapped Japanese lines, the right link targets, the table of contents,
//! sanitising, and the plain text used by the search index.

use std::path::Path;

use serde::Deserialize;
use yokoten::markdown::{plain_inline, render, TocEntry};

#[derive(Deserialize)]
struct Fixtures {
    fixtures: Vec<Fixture>,
}

#[derive(Deserialize)]
struct Fixture {
    file: String,
    #[serde(default)]
    html_contains: Vec<String>,
    #[serde(default)]
    html_not_contains: Vec<String>,
    /// Every `href` in the HTML, in order, exactly.
    links: Vec<String>,
    toc: Vec<(u8, String, String)>,
    #[serde(default)]
    plain_contains: Vec<String>,
    #[serde(default)]
    plain_not_contains: Vec<String>,
    /// Text that legitimately shows `**` (code, raw HTML blocks).
    #[serde(default)]
    literal_asterisks: Vec<String>,
}

fn fixtures() -> Vec<(Fixture, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/markdown");
    let json = std::fs::read_to_string(dir.join("fixtures.json")).expect("fixtures.json");
    let list: Fixtures = serde_json::from_str(&json).expect("valid fixtures.json");
    list.fixtures
        .into_iter()
        .map(|f| {
            let md = std::fs::read_to_string(dir.join("fixtures").join(&f.file)).expect("fixture");
            (f, md)
        })
        .collect()
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap_or(rest.len())].to_string())
        .collect()
}

fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

/// "X Y" or "X\nY" with X and Y Japanese where the source wraps a line between X and Y: the
/// line break leaked into the output as a space.
fn stray_spaces(text: &str, source: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .filter(|w| is_cjk_letter(w[0]) && matches!(w[1], ' ' | '\n') && is_cjk_letter(w[2]))
        .map(|w| w.iter().collect::<String>())
        .filter(|s| {
            let mut wrapped = s.chars();
            let (x, y) = (wrapped.next(), wrapped.nth(1));
            let in_source = format!("{}\n{}", x.unwrap_or(' '), y.unwrap_or(' '));
            source.contains(&in_source)
        })
        .collect()
}

#[test]
fn fixture_cases() {
    let all = fixtures();
    assert_eq!(all.len(), 3);
    for (f, md) in all {
        let r = render(&md);
        let name = &f.file;
        for want in &f.html_contains {
            assert!(
                r.html.contains(want.as_str()),
                "{name}: missing {want:?} in\n{}",
                r.html
            );
        }
        for bad in &f.html_not_contains {
            assert!(
                !r.html.to_lowercase().contains(&bad.to_lowercase()),
                "{name}: {bad:?} survived in\n{}",
                r.html
            );
        }
        assert_eq!(hrefs(&r.html), f.links, "{name}: link targets");
        let toc: Vec<TocEntry> = f
            .toc
            .iter()
            .map(|(level, id, title)| TocEntry {
                level: *level,
                id: id.clone(),
                title: title.clone(),
            })
            .collect();
        assert_eq!(r.toc, toc, "{name}: toc");
        for want in &f.plain_contains {
            assert!(
                r.plain.contains(want.as_str()),
                "{name}: plain lacks {want:?}:\n{}",
                r.plain
            );
        }
        for bad in &f.plain_not_contains {
            assert!(!r.plain.contains(bad.as_str()), "{name}: plain has {bad:?}");
        }
        let (mut html, mut plain) = (r.html.clone(), r.plain.clone());
        for allowed in &f.literal_asterisks {
            html = html.replace(allowed.as_str(), "");
            plain = plain.replace(allowed.as_str(), "");
        }
        assert!(
            !html.contains("**"),
            "{name}: literal ** in html\n{}",
            r.html
        );
        assert!(
            !plain.contains("**"),
            "{name}: literal ** in plain\n{}",
            r.plain
        );
        assert!(
            !r.plain.contains('<'),
            "{name}: markup in plain:\n{}",
            r.plain
        );
        assert!(
            !r.html.contains(['\u{FDD0}', '\u{1D000}']),
            "{name}: marker leaked"
        );
        assert_eq!(
            stray_spaces(&r.html, &md),
            Vec::<String>::new(),
            "{name}: stray spaces in html"
        );
        assert_eq!(
            stray_spaces(&r.plain, &md),
            Vec::<String>::new(),
            "{name}: stray spaces in plain"
        );
    }
}

#[test]
fn summaries() {
    assert_eq!(
        plain_inline("判断から**若手職員に限定せず「本人の手上げ式」**にしています。"),
        "判断から若手職員に限定せず「本人の手上げ式」にしています。"
    );
    assert_eq!(
        plain_inline("手上げ式の\n**「推進員」**を募集。"),
        "手上げ式の「推進員」を募集。"
    );
}

#[test]
fn rendered_serialises_for_templates() {
    let r = render("## 背景\n\n本文");
    let v = serde_json::to_value(&r).expect("serialise");
    assert_eq!(v["toc"][0]["id"], "背景");
    assert_eq!(v["toc"][0]["level"], 2);
    assert_eq!(v["toc"][0]["title"], "背景");
    assert!(v["html"].as_str().unwrap_or("").contains("<p>本文</p>"));
    assert_eq!(v["plain"], "背景\n本文");
}
