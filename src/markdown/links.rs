//! Links: every link, image and raw-HTML `href`/`src` of the document with where it is
//! written, and the address the caller wants written instead.
//!
//! The pipeline knows nothing of the site: the caller passes a function that answers, for a
//! destination as the editor wrote it, the address to write in the page (a link by source
//! file, `../cases/a.md` or `@/cases/a.md`, becomes the URL of that case under the base
//! path), or `None` to keep it as written. Links with a scheme (`https:`, `mailto:`) or
//! starting with `//` lead out of the site and are neither asked about nor listed. Links in
//! raw HTML are listed (so that they are checked) but never rewritten.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};
use serde::Serialize;

/// How a link is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LinkKind {
    /// `[text](dest)` or a reference link.
    Link,
    /// `![alt](dest)`.
    Image,
    /// `href="..."` or `src="..."` in raw HTML: checked, never rewritten.
    Html,
}

/// A link that stays in the site, as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LinkRef {
    /// The destination as written, with character references and escapes resolved.
    pub dest: String,
    /// Where it is written: the destination itself when it is found in the link's text,
    /// else the whole link (byte offsets into the source).
    pub span: Range<usize>,
    pub kind: LinkKind,
}

/// The caller's answer for a destination: the address to write instead, or `None` to keep
/// it as written.
pub type Resolve<'r> = &'r dyn Fn(&str) -> Option<String>;

/// Whether a destination leads out of the site: a scheme (`https:`, `mailto:`, `tel:`...) or
/// a protocol-relative `//host/`.
pub fn is_external(dest: &str) -> bool {
    let dest = dest.trim_start();
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) if i > 0 => {
            let scheme = &dest[..i];
            scheme.as_bytes()[0].is_ascii_alphabetic()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        }
        _ => false,
    }
}

/// Lists the links of `events` (each with the range of `src` it was parsed from) and writes
/// the addresses `resolve` gives into them.
pub(crate) fn collect(
    events: &mut [(Event<'_>, Range<usize>)],
    src: &str,
    resolve: Resolve,
) -> Vec<LinkRef> {
    let mut out = Vec::new();
    for (event, range) in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                link(&mut out, dest_url, LinkKind::Link, src, range, resolve);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                link(&mut out, dest_url, LinkKind::Image, src, range, resolve);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for value in attribute_values(html) {
                    if value.is_empty() || is_external(&value) || scheme_like(&value) {
                        continue;
                    }
                    let span = destination_span(src, range.clone(), &value);
                    out.push(LinkRef {
                        dest: value,
                        span,
                        kind: LinkKind::Html,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Lists one Markdown link or image and writes the caller's address into it.
fn link(
    out: &mut Vec<LinkRef>,
    dest_url: &mut CowStr<'_>,
    kind: LinkKind,
    src: &str,
    range: &Range<usize>,
    resolve: Resolve,
) {
    if dest_url.is_empty() || is_external(dest_url) {
        return;
    }
    out.push(LinkRef {
        dest: dest_url.to_string(),
        span: destination_span(src, range.clone(), dest_url),
        kind,
    });
    if let Some(href) = resolve(dest_url) {
        *dest_url = CowStr::from(href);
    }
}

/// Where `dest` is written within the link at `range`: after the `](` of an inline link, or
/// anywhere in a raw-HTML tag; the whole link when it is not there as such (a reference
/// link, escapes in the destination).
fn destination_span(src: &str, range: Range<usize>, dest: &str) -> Range<usize> {
    let Some(text) = src.get(range.clone()) else {
        return range;
    };
    let from = text.rfind("](").map_or(0, |i| i + 2);
    match text[from..].find(dest) {
        Some(i) if !dest.is_empty() => {
            let start = range.start + from + i;
            start..start + dest.len()
        }
        _ => range,
    }
}

/// The values of the `href` and `src` attributes of raw HTML, quoted with `"` or `'`, with
/// the character references a URL may hold resolved.
fn attribute_values(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'=', &bytes[i..]) {
        let eq = i + off;
        i = eq + 1;
        let name_end = html[..eq].trim_end().len();
        let name = &html[..name_end];
        let is_url = ["href", "src"].iter().any(|n| {
            name.len() > n.len()
                && name[name.len() - n.len()..].eq_ignore_ascii_case(n)
                && name.as_bytes()[name.len() - n.len() - 1].is_ascii_whitespace()
        });
        if !is_url {
            continue;
        }
        let rest = html[eq + 1..].trim_start();
        let start = html.len() - rest.len();
        let Some(quote) = rest.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            continue;
        };
        let Some(len) = rest[1..].find(quote) else {
            break;
        };
        let value = &html[start + 1..start + 1 + len];
        out.push(unescape(value));
        i = start + 1 + len;
    }
    out
}

/// A value that a browser may read as having a scheme once it drops the whitespace and
/// control characters in it (`java\tscript:`): the sanitiser's to judge, not a link of the
/// site.
fn scheme_like(value: &str) -> bool {
    let bare: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let head = bare.split(['/', '?', '#']).next().unwrap_or("");
    head.contains(':')
}

/// The character references of an attribute value resolved (`&amp;`, `&#106;`, `&#x2F;`).
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_destinations() {
        for d in [
            "https://e.jp/",
            "HTTP://e.jp",
            "mailto:a@e.jp",
            "tel:0120",
            "//e.jp/x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "../cases/a.md",
            "@/cases/a.md",
            "/about/",
            "#見出し",
            "a.md#x:y",
            "flow.svg",
        ] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn raw_html_references_and_schemes() {
        assert_eq!(
            unescape("&#106;ava&#x73;cript:x&amp;y&bogus;"),
            "javascript:x&y&bogus;"
        );
        assert!(scheme_like("java\tscript:alert(1)"));
        assert!(!scheme_like("../a/?q=x:y"));
    }

    #[test]
    fn raw_html_attributes() {
        assert_eq!(
            attribute_values("<a class=\"x\" href=\"/a/?q=1&amp;r=2\">a</a><img alt='=' src='p.png'><a data-href=\"no\">"),
            vec!["/a/?q=1&r=2", "p.png"]
        );
    }

    #[test]
    fn spans_point_at_the_destination() {
        let src = "前 [あ](../cases/a.md#見出し) 後";
        let start = src.find('[').unwrap();
        let end = src.find(')').unwrap() + 1;
        let span = destination_span(src, start..end, "../cases/a.md#見出し");
        assert_eq!(&src[span], "../cases/a.md#見出し");
        // A destination not written as such: the whole link.
        assert_eq!(destination_span(src, start..end, "x"), start..end);
    }
}
