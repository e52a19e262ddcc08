//! Markdown may hold raw HTML; none of its scripts, event handlers or `javascript:` URLs may
//! reach a page. Harmless HTML (kbd, tables) stays.

use crate::prelude::*;

fn has_js_url(v: &str) -> bool {
    let squeezed: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    squeezed.to_ascii_lowercase().contains("javascript:")
}

/// The HTML inside `<article class="case">` of a case page.
fn article(run: &Run, slug: &str) -> String {
    let html = run.html(&format!("cases/{slug}/index.html"));
    let article = html
        .first_with("article", &[("class", "case")])
        .expect("article.case");
    html.inner(article).to_string()
}

#[test]
fn scripts_and_handlers_are_removed_from_case_bodies() {
    let run = SiteTest::from_fixture("xss").build();
    run.assert_success();
    let page = "cases/xss/index.html";
    let html = run.html(page);
    let body = Html::parse(article(&run, "xss"));
    for t in &body.tags {
        assert!(
            !matches!(
                t.name.as_str(),
                "script" | "iframe" | "form" | "object" | "embed"
            ),
            "{page}: a <{}> element survived",
            t.name
        );
    }
    // Across the whole page: no event-handler attribute, no javascript: URL in any attribute,
    // no script element carrying the payload or loaded from elsewhere.
    for t in &html.tags {
        for (k, v) in &t.attrs {
            assert!(
                !k.starts_with("on"),
                "{page}: <{} {k}=...> is an event handler",
                t.name
            );
            assert!(
                !has_js_url(v),
                "{page}: <{} {k}=\"{v}\"> is a javascript: URL",
                t.name
            );
        }
    }
    for s in html.find("script") {
        assert!(
            !html.inner(s).contains("alert("),
            "{page}: a script element holds the payload"
        );
        assert!(
            !s.attr("src")
                .is_some_and(|src| src.contains("evil.example")),
            "{page}: an outside script is loaded"
        );
    }
}

#[test]
fn case_html_holds_no_script_handler_or_javascript_text() {
    let run = SiteTest::from_fixture("xss").build();
    run.assert_success();
    let body = markup::decode_entities(&article(&run, "xss")).to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "evil.example",
    ] {
        if let Some(i) = body.find(bad) {
            let from = body[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
            let to = body[i..]
                .char_indices()
                .nth(80)
                .map_or(body.len(), |(j, _)| i + j);
            panic!(
                "cases/xss/index.html: `{bad}` is in the case HTML:\n…{}…",
                &body[from..to]
            );
        }
    }
}

#[test]
fn markdown_after_raw_html_blocks_is_rendered() {
    // xss.md has `<SCRIPT SRC=...></SCRIPT>` (upper case) among its attacks; HTML blocks end
    // at their end tag whatever its case (CommonMark 4.6), so the Markdown after it must
    // still be Markdown.
    let run = SiteTest::from_fixture("xss").build();
    run.assert_success();
    let body = Html::parse(article(&run, "xss"));
    assert!(
        body.find("h2")
            .any(|h| markup::text(body.inner(h)) == "安全な書き込み"),
        "the heading `## 安全な書き込み` after the raw HTML is not rendered:\n{}",
        body.source
    );
    assert!(
        body.find("table").next().is_some(),
        "the table after the raw HTML is not rendered"
    );
    assert!(
        body.find("a")
            .any(|a| a.attr("href") == Some("https://example.jp/source")),
        "the link after the raw HTML is not rendered"
    );
}

#[test]
fn harmless_html_and_markdown_extensions_survive() {
    let run = SiteTest::from_fixture("xss").build();
    run.assert_success();
    let body = Html::parse(article(&run, "harmless"));
    assert!(
        body.source.contains("<kbd>Ctrl</kbd>"),
        "<kbd> was removed:\n{}",
        body.source
    );
    let table = body
        .find("table")
        .next()
        .expect("the Markdown table should become a <table>");
    let cells: Vec<String> = body
        .find("td")
        .map(|td| markup::text(body.inner(td)))
        .collect();
    assert_eq!(cells, vec!["推進員", "12人"], "table cells");
    assert!(body.find("th").count() == 2 && table.start < body.source.len());
    assert!(
        body.find("a")
            .any(|a| a.attr("href") == Some("https://example.jp/source")),
        "an ordinary link was removed"
    );
    assert!(
        body.find("del").next().is_some() || body.find("s").next().is_some(),
        "strikethrough is not rendered"
    );
    // A task list keeps which items are done: a checkbox, or at least a check mark.
    let items: Vec<String> = body
        .find("li")
        .map(|li| body.inner(li).to_string())
        .collect();
    let done = items
        .iter()
        .find(|i| i.contains("完了した作業"))
        .expect("the done task item");
    let open = items
        .iter()
        .find(|i| i.contains("残りの作業"))
        .expect("the open task item");
    let marks_done =
        |i: &str| i.contains("checked") || i.contains('☑') || i.contains('✓') || i.contains('✔');
    assert!(
        marks_done(done) && !marks_done(open) && (done.contains("checkbox") || done != open),
        "task list items lost their state (done: {done:?}, open: {open:?})"
    );
    assert!(
        markup::text(&body.source).contains("脚注の本文"),
        "the footnote text is missing"
    );
}

#[test]
fn titles_and_fields_are_escaped() {
    let title = "<script>alert(1)</script>「A&B」<b>太字</b>";
    let mut site = SiteTest::new();
    site.case(
        "escape",
        CaseBuilder::default()
            .title(title)
            .municipality("あわら市<i>")
            .summary("要約 <img src=x onerror=alert(1)> & \"引用\"")
            .tags(&["<b>タグ"]),
    );
    let run = site.build();
    run.assert_success();
    for page in run.html_files() {
        let html = run.html(&page);
        for t in &html.tags {
            assert!(
                !t.attrs.iter().any(|(k, _)| k.starts_with("on")),
                "{page}: an event handler from a field reached <{}>",
                t.name
            );
            assert!(
                t.name != "b" && t.name != "i",
                "{page}: markup from a field became a <{}> element",
                t.name
            );
        }
        for s in html.find("script") {
            let data = s
                .attrs
                .iter()
                .any(|(k, v)| k == "type" && v == "application/ld+json");
            if data {
                // JSON-LD holds the title as data; it must not be able to close the element.
                assert!(
                    !html.inner(s).contains('<'),
                    "{page}: JSON-LD can end its <script> early"
                );
            } else {
                assert!(
                    !html.inner(s).contains("alert("),
                    "{page}: the title became a script"
                );
            }
        }
    }
    let html = run.html("cases/escape/index.html");
    let article = html
        .first_with("article", &[("class", "case")])
        .expect("article.case");
    assert_eq!(
        html.text_of_first_within(article, "h1").as_deref(),
        Some(title),
        "the title should show as text"
    );
}

#[test]
fn footnote_links_land_on_their_note() {
    let run = SiteTest::from_fixture("xss").build();
    run.assert_success();
    let html = run.html("cases/harmless/index.html");
    let refs: Vec<&str> = html
        .links()
        .into_iter()
        .map(|(_, h)| h)
        .filter(|h| h.starts_with('#') && *h != "#main")
        .collect();
    assert!(!refs.is_empty(), "the footnote reference is not a link");
    run.assert_fragments_ok();
}
