//! The CJK-friendly emphasis pass: the specification's test cases, CommonMark's emphasis
//! examples, and differential tests against plain pulldown-cmark.

use serde::Deserialize;

use super::{emphasis_html, vanilla_html};

#[derive(Deserialize)]
struct CjkVectors {
    vectors: Vec<CjkVector>,
}

#[derive(Deserialize)]
struct CjkVector {
    group: String,
    markdown: String,
    html: String,
}

#[derive(Deserialize)]
struct SpecExamples {
    emphasis_examples: (u32, u32),
    examples: Vec<SpecExample>,
}

#[derive(Deserialize)]
struct SpecExample {
    example: u32,
    markdown: String,
    html: String,
}

fn cjk_vectors() -> Vec<CjkVector> {
    let json = include_str!("../../../tests/markdown/cjk_friendly.json");
    serde_json::from_str::<CjkVectors>(json)
        .expect("cjk_friendly.json")
        .vectors
}

fn spec_examples() -> SpecExamples {
    let json = include_str!("../../../tests/markdown/commonmark_spec.json");
    serde_json::from_str(json).expect("commonmark_spec.json")
}

#[test]
fn cjk_friendly_specification_examples() {
    let mut failures = Vec::new();
    let vectors = cjk_vectors();
    assert!(vectors.len() > 100);
    for v in &vectors {
        let got = emphasis_html(&v.markdown);
        if got.trim_end() != v.html {
            failures.push(format!(
                "[{}] {:?}\n  want {}\n  got  {}",
                v.group,
                v.markdown,
                v.html,
                got.trim_end()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn japanese_chinese_korean_examples_differ_from_vanilla() {
    // The point of the pass: these stay literal without it.
    for md in [
        "判断から**若手職員に限定せず「本人の手上げ式」**にしています。",
        "これは**「重要」**です",
        "**テスト。**テスト",
        "**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。",
        "**스크립트(script)**라고",
    ] {
        assert!(vanilla_html(md).contains("**"), "{md}");
        let html = emphasis_html(md);
        assert!(
            html.contains("<strong>") && !html.contains("**"),
            "{md} -> {html}"
        );
    }
}

#[test]
fn commonmark_emphasis_examples_pass() {
    let spec = spec_examples();
    let (first, last) = spec.emphasis_examples;
    let mut n = 0;
    for e in spec
        .examples
        .iter()
        .filter(|e| (first..=last).contains(&e.example))
    {
        assert_eq!(emphasis_html(&e.markdown), e.html, "example {}", e.example);
        n += 1;
    }
    assert_eq!(n, 132);
}

#[test]
fn commonmark_examples_unchanged() {
    for e in spec_examples().examples {
        assert_eq!(
            emphasis_html(&e.markdown),
            vanilla_html(&e.markdown),
            "example {}",
            e.example
        );
    }
}

/// Without CJK characters or variation selectors the pass must not change anything, whatever
/// the mix of delimiters, punctuation, and non-ASCII Latin text.
#[test]
fn random_non_cjk_text_is_unchanged() {
    let alphabet = [
        "a", "b", "é", "ß", " ", " ", "*", "*", "**", "_", "__", "~~", ".", "(", ")", "«", "»",
        "“", "”", "€", "\\", "`", "[", "]", "(u)", "\n", "\n\n", "> ", "- ", "|", "<b>", "&amp;",
        "1.", "#",
    ];
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for _ in 0..4000 {
        let len = 1 + rng.usize(..16);
        let md: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let prepared = super::cjk_emphasis::prepare(&md, super::options());
        assert!(prepared.markers.is_none(), "{md:?}");
        assert_eq!(emphasis_html(&md), vanilla_html(&md), "{md:?}");
    }
}

/// CJK text: the pass must agree with an independent implementation of the amended flanking
/// rules and CommonMark's emphasis algorithm.
#[test]
fn random_cjk_text_matches_reference() {
    let alphabet = [
        "a",
        "b",
        "あ",
        "漢",
        "가",
        " ",
        "*",
        "*",
        "*",
        "**",
        "_",
        "_",
        "__",
        "「",
        "」",
        "。",
        "、",
        "（",
        "）",
        "(",
        ")",
        ".",
        "?",
        "“",
        "”\u{FE01}",
        "〰\u{FE0E}",
        "葛\u{E0100}",
        "。\u{FE01}",
        "(\u{FE00}",
        "⭕",
        "🈯",
        "〽",
        "¥",
        "ｱ",
        "\\!",
        "\\（",
        "[l](u)",
        "\nz",
    ];
    // MD_FUZZ_ITERS / MD_FUZZ_SEED run it longer or differently.
    let iters = env_number("MD_FUZZ_ITERS").unwrap_or(20000);
    let mut rng = fastrand::Rng::with_seed(env_number("MD_FUZZ_SEED").unwrap_or(0xc0ffee) as u64);
    let mut checked = 0;
    for _ in 0..iters {
        let len = 1 + rng.usize(..env_number("MD_FUZZ_LEN").unwrap_or(10));
        let body: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        // Letters around the body keep block syntax (lists, rules) out of the way.
        let mut md = format!("x{body}y");
        // Spaces before a line break are not part of the paragraph's text.
        while md.contains(" \n") {
            md = md.replace(" \n", "\n");
        }
        // The reference reads escapes, links and line breaks as plain characters, which is
        // what the flanking rules see; only their rendering differs.
        let want = super::reference::render_inline(&md)
            .replace("\\!", "!")
            .replace("[l](u)", "<a href=\"u\">l</a>");
        let got = emphasis_html(&md);
        assert_eq!(got, want, "{md:?}");
        checked += 1;
    }
    assert_eq!(checked, iters);
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}
