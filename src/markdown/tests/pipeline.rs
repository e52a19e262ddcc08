//! The whole pipeline through the public API: emphasis, line breaks, bare URLs, headings,
//! footnotes, plain text, sanitising, robustness.

use std::time::{Duration, Instant};

use super::super::{plain_inline, render, TocEntry};

fn html(md: &str) -> String {
    render(md).html
}

// ---- Issue 7.1: CJK-friendly emphasis ----

#[test]
fn issue_examples_are_bold() {
    let cases = [
        (
            "判断から**若手職員に限定せず「本人の手上げ式」**にしています。",
            "<p>判断から<strong>若手職員に限定せず「本人の手上げ式」</strong>にしています。</p>",
        ),
        (
            "これは**「重要」**です",
            "<p>これは<strong>「重要」</strong>です</p>",
        ),
        (
            "**テスト。**テスト",
            "<p><strong>テスト。</strong>テスト</p>",
        ),
        ("*「注」*を読む", "<p><em>「注」</em>を読む</p>"),
    ];
    for (md, want) in cases {
        assert_eq!(html(md).trim_end(), want, "{md}");
    }
}

#[test]
fn emphasis_in_containers() {
    // Line starts after container markers and table pipes count as whitespace, as in
    // pulldown-cmark itself.
    let h = html("> 前文\n>**「注」**です\n\n- **「一」**です\n\n| 列 |\n|---|\n|**「表」**だ|\n");
    assert_eq!(h.matches("<strong>").count(), 3, "{h}");
    assert!(!h.contains("**"), "{h}");
    // Inside link text, image alt text and headings too.
    let h = html("## **「見出し」**です\n\n[**「リンク」**です](a.html)\n");
    assert!(h.contains("<strong>「見出し」</strong>です"), "{h}");
    assert!(
        h.contains(
            "<a href=\"a.html\" rel=\"noopener noreferrer\"><strong>「リンク」</strong>です</a>"
        ),
        "{h}"
    );
}

#[test]
fn emphasis_markers_never_leak() {
    let md = "[**「参照」**]\n\n[**「参照」**]: https://example.jp/ref\n\n`**「コード」**`と**「本文」**\n";
    let r = render(md);
    assert!(
        r.html.contains("href=\"https://example.jp/ref\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<code>**「コード」**</code>"), "{}", r.html);
    for s in [&r.html, &r.plain] {
        assert!(!s.contains(|c: char| matches!(c as u32, 0xFDD0..=0xFDEF | 0x1D000..=0x1D01F)));
    }
}

// ---- Issue 7.2: no stray spaces from line wrapping ----

#[test]
fn soft_breaks_between_japanese_vanish() {
    // goldmark's East Asian line break cases.
    let cases = [
        (
            "太郎は\\ **「こんにちわ」**\\ と言った\nんです",
            "<p>太郎は\\ <strong>「こんにちわ」</strong>\\ と言ったんです</p>",
        ),
        (
            "太郎は**「こんにちわ」**と、\r\n言った\r\nんです",
            "<p>太郎は<strong>「こんにちわ」</strong>と、言ったんです</p>",
        ),
        ("と言ったa\nbんです", "<p>と言ったa\nbんです</p>"),
        ("と言ったa\nんです", "<p>と言ったa\nんです</p>"),
        ("と言った\nbんです", "<p>と言った\nbんです</p>"),
        ("English\nwords wrap", "<p>English\nwords wrap</p>"),
        ("（注）\n次の行", "<p>（注）次の行</p>"),
        ("**強調**\n次の行", "<p><strong>強調</strong>次の行</p>"),
        ("한국어\n문장", "<p>한국어\n문장</p>"),
    ];
    for (md, want) in cases {
        assert_eq!(html(md).trim_end(), want, "{md:?}");
    }
}

#[test]
fn plain_text_has_no_stray_spaces_or_markup() {
    let r = render("# 題\n\nマイナンバー\nカードの**「申請」**を\n支援。English\nwords.\n");
    assert_eq!(
        r.plain,
        "題\nマイナンバーカードの「申請」を支援。English words."
    );
}

// ---- Issue 7.3: bare URLs ----

#[test]
fn bare_urls_become_links_that_stop_at_the_url() {
    let h = html("出典：https://example.jp/dx/のページ（https://example.jp/a?b=1）。\n");
    assert!(h.contains("<a href=\"https://example.jp/dx/\" rel=\"noopener noreferrer\">https://example.jp/dx/</a>のページ"), "{h}");
    assert!(h.contains("<a href=\"https://example.jp/a?b=1\" rel=\"noopener noreferrer\">https://example.jp/a?b=1</a>）。"), "{h}");
    let h = html("「https://example.jp/x」、https://example.jp/y.\n");
    assert!(h.contains(">https://example.jp/x</a>」、"), "{h}");
    assert!(h.contains(">https://example.jp/y</a>."), "{h}");
}

#[test]
fn bare_urls_left_alone_in_code_and_links() {
    let md = "`https://example.jp/code`\n\n```\nhttps://example.jp/block\n```\n\n\
              [https://example.jp/text](https://example.jp/target)\n\n<https://example.jp/auto>\n";
    let h = html(md);
    assert!(h.contains("<code>https://example.jp/code</code>"), "{h}");
    assert!(
        h.contains("<pre><code>https://example.jp/block\n</code></pre>"),
        "{h}"
    );
    assert_eq!(h.matches("<a ").count(), 2, "{h}");
    assert!(h.contains("href=\"https://example.jp/target\""), "{h}");
    assert!(h.contains("href=\"https://example.jp/auto\""), "{h}");
}

// ---- Headings and the table of contents ----

#[test]
fn heading_ids_and_toc() {
    let md = "# 題名\n\n## 背景と課題\n\n### 取り組み（2024年度）\n\n## 背景と課題\n\n\
              #### 深い\n\n## Getting **Started** {#start}\n\n## `code` & more\n";
    let r = render(md);
    assert!(r.html.contains("<h1 id=\"題名\">題名</h1>"), "{}", r.html);
    assert!(
        r.html.contains("<h2 id=\"背景と課題\">背景と課題</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"背景と課題-1\">"), "{}", r.html);
    assert!(r.html.contains("<h4 id=\"深い\">"), "{}", r.html);
    assert!(
        r.html
            .contains("<h2 id=\"start\">Getting <strong>Started</strong></h2>"),
        "{}",
        r.html
    );
    let toc = |level, id: &str, title: &str| TocEntry {
        level,
        id: id.into(),
        title: title.into(),
    };
    assert_eq!(
        r.toc,
        vec![
            toc(2, "背景と課題", "背景と課題"),
            toc(3, "取り組み2024年度", "取り組み（2024年度）"),
            toc(2, "背景と課題-1", "背景と課題"),
            toc(2, "start", "Getting Started"),
            toc(2, "code-more", "code & more"),
        ]
    );
}

#[test]
fn heading_ids_avoid_custom_and_footnote_ids() {
    let r = render("## A\n\n## B {#a}\n\n## fn 1\n\nx[^1]\n\n[^1]: n\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a", "fn-1-1"]);
}

// ---- Footnotes, tables, task lists ----

#[test]
fn footnotes_are_numbered_and_gathered() {
    let r = render("本文[^b]と[^a]と[^b]。\n\n[^a]: 注A\n[^b]: 注**「B」**\n[^unused]: 使わない\n");
    let h = &r.html;
    assert!(
        h.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\""),
        "{h}"
    );
    assert!(h.contains("<a href=\"#fn-2\" id=\"fnref-2\""), "{h}");
    assert!(h.contains("<a href=\"#fn-1\" id=\"fnref-1-2\""), "{h}");
    assert!(h.contains("<section class=\"footnotes\">"), "{h}");
    assert!(
        h.contains("<li id=\"fn-1\">\n<p>注<strong>「B」</strong>"),
        "{h}"
    );
    assert!(
        h.contains("href=\"#fnref-1-2\" class=\"footnote-backref\""),
        "{h}"
    );
    assert!(!h.contains("使わない"), "{h}");
    assert_eq!(r.plain, "本文とと。\n注「B」\n注A");
}

#[test]
fn tables_and_task_lists() {
    let h = html("| 左 | 中 | 右 |\n|:--|:-:|--:|\n| a | b | c |\n\n- [x] 済\n- [ ] 未\n");
    assert!(h.contains("<th class=\"align-left\">左</th>"), "{h}");
    assert!(h.contains("<td class=\"align-center\">b</td>"), "{h}");
    assert!(
        h.contains("<li><input type=\"checkbox\" disabled=\"\" checked=\"\">済</li>"),
        "{h}"
    );
    assert!(h.contains("~~") || !h.contains("<del>"));
    assert!(html("~~取り消し~~").contains("<del>取り消し</del>"));
}

// ---- Sanitising ----

#[test]
fn raw_html_is_sanitised() {
    let md = "<script>alert(1)</script>\n\n<div onclick=\"steal()\">箱</div>\n\n\
              [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>\n\n\
              <img src=\"x.png\" onerror=\"alert(3)\"><iframe src=\"https://evil.example\"></iframe>\n\n\
              <style>body{display:none}</style>\n\n![図](data:text/html,evil)\n";
    let h = html(md);
    let lower = h.to_ascii_lowercase();
    for bad in [
        "<script",
        "alert(1)",
        "onclick",
        "onerror",
        "javascript:",
        "<iframe",
        "<style",
        "display:none",
        "data:",
    ] {
        assert!(!lower.contains(bad), "{bad} survived: {h}");
    }
    assert!(h.contains("<div>箱</div>"), "{h}");
}

#[test]
fn relative_links_to_files_beside_a_case_work() {
    let h = html("![業務フロー](flow.svg \"図1\")\n\n[報告書（PDF）](./report.pdf) [上](../other/) [#](#背景)\n");
    assert!(
        h.contains("<img src=\"flow.svg\" alt=\"業務フロー\" title=\"図1\">"),
        "{h}"
    );
    assert!(h.contains("href=\"./report.pdf\""), "{h}");
    assert!(h.contains("href=\"../other/\""), "{h}");
    assert!(
        h.contains("href=\"#%E8%83%8C%E6%99%AF\"") || h.contains("href=\"#背景\""),
        "{h}"
    );
}

#[test]
fn code_blocks_keep_their_language_class() {
    let h = html("```rust\nfn main() {}\n```\n\n```evil\" onclick=\"x\nx\n```\n");
    assert!(
        h.contains("<pre><code class=\"language-rust\">fn main() {}\n</code></pre>"),
        "{h}"
    );
    assert!(!h.contains("onclick"), "{h}");
}

// ---- Plain text ----

#[test]
fn plain_text_for_search() {
    let md = "# 見出し\n\n段落の**強調**と`code`。\n\n![代替テキスト](a.png)\n\n- 項目1\n- 項目2\n\n\
              > 引用\n\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>生のHTML &amp; 文字</div>\n";
    assert_eq!(
        render(md).plain,
        "見出し\n段落の強調とcode。\n代替テキスト\n項目1\n項目2\n引用\nlet x = 1;\na b\n1 2\n生のHTML & 文字"
    );
}

#[test]
fn plain_inline_summaries() {
    assert_eq!(
        plain_inline("**「手上げ式」**で推進員を\n募集。"),
        "「手上げ式」で推進員を募集。"
    );
    assert_eq!(
        plain_inline("詳細は[こちら](https://example.jp/)。"),
        "詳細はこちら。"
    );
    assert_eq!(
        plain_inline("Two\nlines, *one* summary."),
        "Two lines, one summary."
    );
    assert_eq!(plain_inline("  "), "");
    assert_eq!(plain_inline("# 見出し風\n\n二段落目"), "見出し風 二段落目");
}

// ---- Robustness ----

#[test]
fn never_panics_on_odd_input() {
    let pieces = [
        "*",
        "**",
        "***",
        "_",
        "__",
        "~~",
        "`",
        "```",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "[^",
        "]:",
        "|",
        "-",
        "#",
        "> ",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "\t",
        "    ",
        " ",
        "&",
        "&#",
        ";",
        "{#",
        "}",
        "あ",
        "「",
        "」",
        "。",
        "漢",
        "\u{FE00}",
        "\u{FE01}",
        "\u{E0100}",
        "\u{200B}",
        "\u{FDD0}",
        "\u{1D000}",
        "\u{FEFF}",
        "\u{0}",
        "\u{301}",
        "😀",
        "🈯",
        "https://",
        "a.jp",
        "<script>",
        "<!--",
        "-->",
        "<a href=",
        "javascript:",
        "1. ",
        "- [ ] ",
        "$",
        "^",
        "\u{10FFFF}",
    ];
    let mut rng = fastrand::Rng::with_seed(0xdead_beef);
    for _ in 0..3000 {
        let len = rng.usize(..40);
        let md: String = (0..len)
            .map(|_| pieces[rng.usize(..pieces.len())])
            .collect();
        let r = render(&md);
        let _ = plain_inline(&md);
        assert!(
            !r.html.contains('\u{FDD0}') || md.contains('\u{FDD0}'),
            "{md:?}"
        );
    }
    for md in [
        "",
        "\u{FEFF}",
        "**",
        "[^x]: ",
        "[^x]:\n[^x]",
        "## {#}",
        "## {#a}",
        "[]: x",
        "*\u{FE00}*",
    ] {
        render(md);
        plain_inline(md);
    }
}

#[test]
fn nesting_and_long_runs_do_not_blow_up() {
    for md in [
        "*".repeat(50_000),
        "「**".repeat(20_000),
        "**「".repeat(20_000) + &"」**です".repeat(20_000),
        "[".repeat(20_000),
        "> ".repeat(5_000) + "**「a」**b",
        "- ".repeat(2_000) + "x",
        "https://a.jp/".to_string() + &")".repeat(50_000),
        "a\\".repeat(30_000),
    ] {
        let start = Instant::now();
        render(&md);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "slow: {:?}",
            &md[..20]
        );
    }
}

/// A case-sized document, repeated: time must grow linearly with size.
#[test]
fn large_input_is_linear() {
    let case = "## 背景と課題\n\n判断から**若手職員に限定せず「本人の手上げ式」**にしています。\n\
                研修は年3回、https://example.jp/dx/のページで公開。\n\n\
                | 項目 | 値 |\n|---|---|\n| 人数 | **12**名 |\n\n- [x] 済\n\n注[^1]。\n\n[^1]: 出典：https://example.jp/a\n\n";
    let small = case.repeat(500);
    let large = case.repeat(4000);
    let t_small = time(&small);
    let t_large = time(&large);
    // 8x the input may cost up to ~8x the time; allow noise, catch quadratic behaviour.
    assert!(
        t_large < t_small * 20 + Duration::from_millis(200),
        "small {t_small:?} large {t_large:?}"
    );
}

fn time(md: &str) -> Duration {
    let start = Instant::now();
    let r = render(md);
    assert!(r.html.len() > md.len() / 2);
    start.elapsed()
}

/// 10 MB of Japanese Markdown. Run with `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn ten_megabytes() {
    let case = "## 背景\n\n判断から**若手職員に限定せず「本人の手上げ式」**にしています。\nhttps://example.jp/dx/のページ\n\n";
    let md = case.repeat(10 * 1024 * 1024 / case.len());
    let start = Instant::now();
    let r = render(&md);
    eprintln!("10 MB: {:?}, {} headings", start.elapsed(), r.toc.len());
    assert!(start.elapsed() < Duration::from_secs(30));
}
