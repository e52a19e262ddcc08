//! Plain text from the event stream, for the search index and for snippets.
//!
//! The text is what a reader sees: no markup, code kept as text, image alt text included,
//! footnotes (gathered at the end) included. Blocks are separated by a newline (or by a space
//! for [`Blocks::Space`]); table cells by a space. Soft breaks between CJK characters were
//! already removed from the stream, the others become a space.

use pulldown_cmark::{Event, Tag, TagEnd};

/// How blocks are separated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocks {
    Newline,
    Space,
}

struct Writer {
    out: String,
    /// A separator waiting to be written before the next text.
    pending: Option<char>,
    blocks: Blocks,
}

impl Writer {
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(sep) = self.pending.take() {
            if !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                self.out.push(sep);
            } else if sep == '\n' && self.out.ends_with(' ') {
                self.out.pop();
                self.out.push('\n');
            }
        }
        self.out.push_str(s);
    }

    fn block(&mut self) {
        let sep = match self.blocks {
            Blocks::Newline => '\n',
            Blocks::Space => ' ',
        };
        self.pending = Some(sep);
    }

    fn space(&mut self) {
        if self.pending.is_none() {
            self.pending = Some(' ');
        }
    }
}

/// The plain text of a whole event stream.
pub(crate) fn extract(events: &[Event<'_>], blocks: Blocks) -> String {
    let mut w = Writer {
        out: String::new(),
        pending: None,
        blocks,
    };
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                w.text(t)
            }
            Event::SoftBreak => w.text(" "),
            Event::HardBreak => match blocks {
                Blocks::Newline => w.text("\n"),
                Blocks::Space => w.text(" "),
            },
            Event::Html(h) | Event::InlineHtml(h) => {
                let text = html_text(h);
                if !text.trim().is_empty() {
                    w.text(&text);
                }
            }
            Event::Rule => w.block(),
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::MetadataBlock(_) => w.block(),
                Tag::TableCell => w.space(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::MetadataBlock(_) => w.block(),
                TagEnd::TableCell => w.space(),
                _ => {}
            },
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    let mut out = w.out;
    let trimmed_end = out.trim_end().len();
    out.truncate(trimmed_end);
    let lead = out.len() - out.trim_start().len();
    out.drain(..lead);
    if blocks == Blocks::Newline {
        // Code blocks end with a newline of their own; keep one blank-free newline between
        // blocks.
        collapse_newlines(&mut out);
    }
    out
}

/// The plain text of inline events (a heading's content), whitespace collapsed.
pub(crate) fn inline_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::InlineHtml(h) => s.push_str(&html_text(h)),
            _ => {}
        }
    }
    collapse_spaces(&s)
}

/// Collapses runs of whitespace into one space and trims.
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn collapse_newlines(s: &mut String) {
    if !s.contains("\n\n") && !s.contains(" \n") {
        return;
    }
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    *s = out;
}

/// The text content of a raw HTML fragment: tags dropped (with the contents of `script` and
/// `style`), a few common entities decoded.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        if let Some(end_tag) = skip_until {
            match find_ignore_case(rest, end_tag) {
                Some(i) => {
                    rest = &rest[i..];
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        match rest.find('<') {
            Some(i) => {
                push_decoded(&mut out, &rest[..i]);
                rest = &rest[i..];
                let lower_start = rest.get(..7).map(|s| s.to_ascii_lowercase());
                if let Some(tag) = lower_start.as_deref() {
                    if tag.starts_with("<script") {
                        skip_until = Some("</script");
                    } else if tag.starts_with("<style") {
                        skip_until = Some("</style");
                    }
                }
                match rest.find('>') {
                    Some(j) => rest = &rest[j + 1..],
                    None => break,
                }
            }
            None => {
                push_decoded(&mut out, rest);
                break;
            }
        }
    }
    out
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn push_decoded(out: &mut String, s: &str) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entities = [
            ("&amp;", "&"),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&quot;", "\""),
            ("&#39;", "'"),
            ("&apos;", "'"),
            ("&nbsp;", " "),
        ];
        match entities.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, r)) => {
                out.push_str(r);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::html_text;

    #[test]
    fn html_to_text() {
        assert_eq!(html_text("<div class=\"x\">a &amp; b</div>\n"), "a & b\n");
        assert_eq!(html_text("<script>alert(1)</script>ok"), "ok");
        assert_eq!(html_text("<STYLE>p{}</STYLE>ok<br>"), "ok");
        assert_eq!(html_text("<unterminated"), "");
    }
}
