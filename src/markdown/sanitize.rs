//! Sanitising the rendered HTML with ammonia.
//!
//! Authors may write raw HTML; whatever they write, no script survives: `<script>`, `<style>`,
//! `<iframe>` and other unknown elements are removed, every `on*=` attribute is dropped, and
//! URLs with schemes such as `javascript:` lose their `href`/`src`. What Markdown itself
//! produces stays: tables with their alignment, task-list checkboxes, heading ids, footnote
//! markup, images, `language-*` classes on code. Relative URLs are kept as written, so
//! `flow.svg` or `report.pdf` beside a case's `index.md` keep working.

use std::borrow::Cow;
use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["section"])
            .add_tag_attributes("h1", ["id"])
            .add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("section", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("a", ["id", "class"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .url_relative(UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .attribute_filter(filter_attribute);
        b
    })
}

/// Keeps only the attribute values Markdown output uses.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let keep = match (element, attribute) {
        ("code", "class") => value
            .strip_prefix("language-")
            .is_some_and(|l| !l.is_empty() && l.chars().all(is_language_char)),
        ("section", "class") => value == "footnotes",
        ("sup", "class") => value == "footnote-ref",
        ("a", "class") => value == "footnote-backref",
        ("a", "id") => value.starts_with("fnref-"),
        ("li", "id") => value.starts_with("fn-"),
        // Table alignment, exactly as pulldown-cmark writes it.
        ("th" | "td", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

fn is_language_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')
}

/// Stands for a task-list checkbox until the HTML is sanitised: authors may not write
/// `<input>` themselves, so the checkboxes are put in afterwards. Noncharacters never reach
/// here from the source (see [`super::strip_noncharacters`]).
pub(crate) const TASK_OPEN: char = '\u{FDEE}';
pub(crate) const TASK_DONE: char = '\u{FDEF}';

/// Sanitises an HTML fragment.
pub(crate) fn clean(html: &str) -> String {
    let cleaned = align_classes(builder().clean(html).to_string());
    if !cleaned.contains([TASK_OPEN, TASK_DONE]) {
        return cleaned;
    }
    cleaned
        .replace(TASK_OPEN, "<input type=\"checkbox\" disabled=\"\">")
        .replace(
            TASK_DONE,
            "<input type=\"checkbox\" disabled=\"\" checked=\"\">",
        )
}

/// Table alignment as classes (`align-left` …) instead of the `style` attributes
/// pulldown-cmark writes: the theme's Content-Security-Policy allows no inline styles, so
/// that nothing in a case body can restyle the page. After sanitising, these three exact
/// attributes are the only `style` left (see `filter_attribute`).
fn align_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_dangerous_markup() {
        let out = clean(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">l</a>\
             <img src=\"x.png\" onerror=\"y()\"><iframe src=\"https://evil\"></iframe>\
             <style>p{}</style><a href=\"JaVaScRiPt:alert(1)\">m</a></p>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(!out.to_ascii_lowercase().contains("javascript"), "{out}");
        assert!(!out.contains("iframe") && !out.contains("<style"), "{out}");
        assert!(out.contains("src=\"x.png\""), "{out}");
    }

    #[test]
    fn keeps_markdown_output() {
        let html = "<h2 id=\"背景\">背景</h2><pre><code class=\"language-rust\">x</code></pre>\
                    <table><tr><th style=\"text-align: center\">a</th></tr></table>\
                    <ul><li>\u{FDEF}done</li></ul>\
                    <a href=\"flow.svg\">f</a><img src=\"./figure.png\" alt=\"図\">";
        let out = clean(html);
        for want in [
            "id=\"背景\"",
            "class=\"language-rust\"",
            "<th class=\"align-center\">",
            "<li><input type=\"checkbox\" disabled=\"\" checked=\"\">done</li>",
            "href=\"flow.svg\"",
            "src=\"./figure.png\"",
            "alt=\"図\"",
        ] {
            assert!(out.contains(want), "{want} missing in {out}");
        }
        assert!(!clean("<code class=\"evil x\">a</code>").contains("class"));
        assert!(!clean("<form><input type=\"password\"></form>").contains("input"));
    }
}
