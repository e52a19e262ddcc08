//! Markdown -> sanitised HTML, a table of contents, and plain text, with care for Japanese.
//!
//! The pipeline, one small module per step:
//!
//! 1. [`cjk_emphasis`]: CJK-friendly emphasis, so `**「手上げ式」**にして` is bold (a pre-pass
//!    over the source that pulldown-cmark then parses as usual); `~~` likewise.
//! 2. pulldown-cmark 0.13 with tables, footnotes, strikethrough and task lists.
//! 3. [`links`]: every link that stays in the site, with where it is written; the caller's
//!    resolver rewrites each (a link by source file becomes the URL of that page).
//! 4. [`autolink`]: bare `https://` URLs become links, ending where the URL ends even without
//!    a space (`https://example.jp/dx/のページ`).
//! 5. [`softbreak`]: a line break inside Japanese text leaves no space.
//! 6. [`footnotes`]: numbered in reference order, gathered at the end.
//! 7. [`headings`]: ids that keep Japanese text, unique per document; the table of contents.
//! 8. [`plain`]: the text for search and snippets, from the same events.
//! 9. [`sanitize`]: ammonia removes scripts, event handlers and `javascript:` URLs.
//!
//! Before any of it, [`nesting::check`] refuses a document nested too deeply for the
//! sanitiser (its cost grows with the square of the depth).
//!
//! Everything here is pure and never panics on any input.

mod autolink;
mod chars;
mod cjk_emphasis;
mod footnotes;
mod headings;
pub mod links;
pub mod nesting;
mod plain;
mod sanitize;
mod softbreak;

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options};
use serde::Serialize;

pub use headings::slugify;
pub use links::{is_external, LinkKind, LinkRef, Resolve};

/// An entry of a case's table of contents (headings of level 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    /// The heading's `id` attribute (link to it with `#` + id, percent-encoded if needed).
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
}

/// The result of rendering a Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// Headings of level 2 and 3, in document order.
    pub toc: Vec<TocEntry>,
    /// The text without markup, blocks separated by newlines, for the search index.
    pub plain: String,
    /// Every id a link may point at: the headings' (all levels) and the footnotes'.
    pub anchors: Vec<String>,
    /// The links that stay in the site, in document order, as written.
    pub links: Vec<LinkRef>,
}

/// The Markdown extensions in use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Full Markdown -> sanitised HTML, table of contents and plain text, links kept as
/// written.
///
/// CommonMark with tables, footnotes, strikethrough and task lists; CJK-friendly emphasis;
/// no space for a line break between CJK characters; bare URLs linked; heading ids that keep
/// Japanese text; raw HTML sanitised, relative URLs kept.
pub fn render(src: &str) -> Rendered {
    render_with(src, &|_| None)
}

/// [`render`], each link that stays in the site written as `resolve` says (see [`links`]).
pub fn render_with(src: &str, resolve: Resolve) -> Rendered {
    let src = strip_noncharacters(src);
    let src = lowercase_block_end_tags(&src);
    let prepared = cjk_emphasis::prepare(&src, options());
    let mut located = prepared.parse_with_offsets(options());
    let links = links::collect(&mut located, &src, resolve);
    let events = inline_events(located.into_iter().map(|(e, _)| e).collect());
    let (mut events, notes) = footnotes::collect(events);
    let reserved = notes.reserved_ids();
    let ids = headings::assign_ids(&mut events, &reserved);
    let mut anchors = ids.all;
    let mut notes_ids: Vec<String> = reserved.into_iter().collect();
    // (A set: in a fixed order, since pages are fingerprinted by what they hold.)
    notes_ids.sort_unstable();
    anchors.extend(notes_ids);
    let plain = plain::extract(&events, plain::Blocks::Newline);
    let events = notes
        .into_html_events(events)
        .into_iter()
        .map(|event| match event {
            Event::TaskListMarker(done) => Event::Text(CowStr::from(if done {
                sanitize::TASK_DONE
            } else {
                sanitize::TASK_OPEN
            })),
            other => other,
        });
    let mut html = String::with_capacity(src.len() + src.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html: sanitize::clean(&html),
        toc: ids.toc,
        plain,
        anchors,
        links,
    }
}

/// Inline Markdown (a summary line) -> plain text on one line, with the same rules as
/// [`render`]: no `**`, no space where a line break sat between Japanese characters.
pub fn plain_inline(src: &str) -> String {
    let src = strip_noncharacters(src);
    let prepared = cjk_emphasis::prepare(&src, options());
    let events = inline_events(prepared.parse(options()));
    let (events, _) = footnotes::collect(events);
    plain::collapse_spaces(&plain::extract(&events, plain::Blocks::Space))
}

/// Drops a leading byte-order mark and the noncharacters U+FDD0..U+FDEF, which mean
/// nothing in text and which the pipeline uses internally as placeholders.
fn strip_noncharacters(src: &str) -> Cow<'_, str> {
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    // All of U+FDD0..U+FDEF encode as EF B7 90..EF B7 AF.
    let b = src.as_bytes();
    let present = memchr::memmem::find_iter(b, b"\xEF\xB7")
        .any(|i| b.get(i + 2).is_some_and(|c| (0x90..=0xAF).contains(c)));
    if !present {
        return Cow::Borrowed(src);
    }
    Cow::Owned(
        src.chars()
            .filter(|c| !matches!(*c as u32, 0xFDD0..=0xFDEF))
            .collect(),
    )
}

/// The shared inline passes: merged text, bare URLs, East Asian line breaks.
fn inline_events(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut events = autolink::linkify(merge_text(events));
    softbreak::remove_between_cjk(&mut events);
    events
}

/// Joins adjacent text events (the parser splits text at escapes and entities).
fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    fn flush(out: &mut [Event<'_>], joined: &mut Option<String>) {
        if let (Some(s), Some(Event::Text(last))) = (joined.take(), out.last_mut()) {
            *last = CowStr::from(s);
        }
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // The text of the last event of `out` plus the text events that followed it.
    let mut joined: Option<String> = None;
    for event in events {
        match event {
            Event::Text(t) if matches!(out.last(), Some(Event::Text(_))) => {
                let acc = joined.get_or_insert_with(|| match out.last() {
                    Some(Event::Text(prev)) => prev.to_string(),
                    _ => String::new(),
                });
                acc.push_str(&t);
            }
            other => {
                flush(&mut out, &mut joined);
                out.push(other);
            }
        }
    }
    flush(&mut out, &mut joined);
    out
}

#[cfg(test)]
mod tests;

/// CommonMark ends an HTML block that starts with `<script`, `<pre`, `<style` or `<textarea`
/// at the matching end tag in any letter case (spec 4.6), but pulldown-cmark 0.13 looks for
/// the lower-case tag only: after `<SCRIPT>...</SCRIPT>` the rest of the document would be
/// swallowed as raw HTML. Lower-casing these end tags gives the spec's result.
fn lowercase_block_end_tags(src: &str) -> std::borrow::Cow<'_, str> {
    const NAMES: [&str; 4] = ["script", "pre", "style", "textarea"];
    let bytes = src.as_bytes();
    let mut fixes: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find("</").map(|i| from + i) {
        from = i + 2;
        for name in NAMES {
            let end = i + 2 + name.len();
            if end < bytes.len()
                && bytes[i + 2..end].eq_ignore_ascii_case(name.as_bytes())
                && bytes[i + 2..end] != *name.as_bytes()
                && matches!(bytes[end], b'>' | b' ' | b'\t' | b'\n')
            {
                fixes.push((i + 2, end));
            }
        }
    }
    if fixes.is_empty() {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    let mut last = 0;
    for (a, b) in fixes {
        out.push_str(&src[last..a]);
        out.push_str(&src[a..b].to_ascii_lowercase());
        last = b;
    }
    out.push_str(&src[last..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod block_end_tests {
    #[test]
    fn upper_case_end_tags_end_html_blocks() {
        let r = super::render("<SCRIPT SRC=\"x.js\"></SCRIPT>\n\n## 見出し\n");
        assert!(r.html.contains("<h2"), "{}", r.html);
        assert!(
            !r.html.to_ascii_lowercase().contains("<script"),
            "{}",
            r.html
        );
        assert_eq!(
            super::lowercase_block_end_tags("a </b> </pre>"),
            "a </b> </pre>"
        );
    }
}
