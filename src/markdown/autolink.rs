//! Bare URLs become links.
//!
//! Sources (出典) are often pasted as bare URLs in the middle of Japanese text, without spaces:
//! `詳しくはhttps://example.jp/dx/のページ（https://example.jp/a）。`. A URL here is `http://` or
//! `https://`, a host with a dot, then printable ASCII; it ends at whitespace, at the first
//! non-ASCII character (so `のページ` and `）」。、` are never part of it), or at `<`, `>`, `"`,
//! `` ` ``. As in GFM's autolink extension, trailing `.,:;!?'"*_~` and an unbalanced `)` or
//! `]` are left out. Text inside links, images, code and raw HTML links is not touched.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Turns bare URLs in text events into links.
pub(crate) fn linkify(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if contains_scheme(t)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut in_link = 0usize;
    let mut in_code_block = 0usize;
    let mut in_html_link = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::InlineHtml(h) => {
                if is_tag(h, "<a") {
                    in_html_link += 1;
                } else if is_tag(h, "</a") {
                    in_html_link = in_html_link.saturating_sub(1);
                }
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => in_html_link = 0,
            Event::Text(t) if in_link == 0 && in_code_block == 0 && in_html_link == 0 => {
                let urls = find_urls(t);
                if !urls.is_empty() {
                    push_linked(&mut out, t, &urls);
                    continue;
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

fn push_linked<'a>(out: &mut Vec<Event<'a>>, text: &str, urls: &[(usize, usize)]) {
    let mut at = 0;
    for &(start, end) in urls {
        if start > at {
            out.push(Event::Text(CowStr::from(text[at..start].to_string())));
        }
        let url = text[start..end].to_string();
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(url.clone()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(CowStr::from(url)));
        out.push(Event::End(TagEnd::Link));
        at = end;
    }
    if at < text.len() {
        out.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
}

fn is_tag(html: &str, prefix: &str) -> bool {
    let b = html.as_bytes();
    b.len() > prefix.len()
        && b[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        && matches!(b[prefix.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/')
}

fn contains_scheme(t: &str) -> bool {
    t.contains("://")
}

/// Byte ranges of the bare URLs in `text`, in order.
pub(crate) fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    while i + 7 < bytes.len() {
        // Cheap skip to the next "://".
        let Some(off) = text[i..].find("://") else {
            break;
        };
        let colon = i + off;
        let scheme_len = if colon >= 5 && bytes[colon - 5..colon].eq_ignore_ascii_case(b"https") {
            5
        } else if colon >= 4 && bytes[colon - 4..colon].eq_ignore_ascii_case(b"http") {
            4
        } else {
            i = colon + 3;
            continue;
        };
        let start = colon - scheme_len;
        // Not glued to a preceding ASCII word ("xhttp://").
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'/') {
            i = colon + 3;
            continue;
        }
        let mut end = colon + 3;
        while end < bytes.len() && is_url_byte(bytes[end]) {
            end += 1;
        }
        let end = trim_trailing(&text[start..end]) + start;
        if valid_host(&text[colon + 3..end]) {
            urls.push((start, end));
            i = end;
        } else {
            i = colon + 3;
        }
    }
    urls
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'<' | b'>' | b'"' | b'`' | b'\\' | b'{' | b'}' | b'|' | b'^'
        )
}

/// Length of `url` without trailing punctuation that belongs to the sentence.
fn trim_trailing(url: &str) -> usize {
    let b = url.as_bytes();
    let (mut open_paren, mut close_paren) = (count(b, b'('), count(b, b')'));
    let (mut open_bracket, mut close_bracket) = (count(b, b'['), count(b, b']'));
    let mut end = b.len();
    while let Some(&last) = b[..end].last() {
        let drop = match last {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'"' | b'*' | b'_' | b'~' => true,
            b')' => close_paren > open_paren,
            b']' => close_bracket > open_bracket,
            _ => false,
        };
        if !drop {
            break;
        }
        match last {
            b')' => close_paren -= 1,
            b']' => close_bracket -= 1,
            b'(' => open_paren -= 1,
            b'[' => open_bracket -= 1,
            _ => {}
        }
        end -= 1;
    }
    end
}

fn count(b: &[u8], c: u8) -> usize {
    b.iter().filter(|&&x| x == c).count()
}

/// The part after `scheme://` must start with a host holding a dot between labels.
fn valid_host(rest: &str) -> bool {
    let host_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let host = &rest[..host_end];
    host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && !host.contains("..")
}

#[cfg(test)]
mod tests {
    use super::find_urls;

    fn urls(s: &str) -> Vec<&str> {
        find_urls(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn stops_at_japanese() {
        assert_eq!(
            urls("https://example.jp/dx/のページ"),
            ["https://example.jp/dx/"]
        );
        assert_eq!(
            urls("出典：https://example.jp/a?b=1&c=2。"),
            ["https://example.jp/a?b=1&c=2"]
        );
        assert_eq!(urls("（https://example.jp/x）"), ["https://example.jp/x"]);
        assert_eq!(urls("「http://example.jp」、"), ["http://example.jp"]);
    }

    #[test]
    fn gfm_trailing_rules() {
        assert_eq!(
            urls("see https://example.com/a."),
            ["https://example.com/a"]
        );
        assert_eq!(urls("(https://example.com/a)"), ["https://example.com/a"]);
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar)"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            urls("a https://x.jp b https://y.jp/c, d"),
            ["https://x.jp", "https://y.jp/c"]
        );
        assert_eq!(urls("HTTPS://EXAMPLE.COM"), ["HTTPS://EXAMPLE.COM"]);
    }

    #[test]
    fn not_urls() {
        assert!(urls("xhttps://example.com").is_empty());
        assert!(urls("https://localhost").is_empty());
        assert!(urls("https://").is_empty());
        assert!(urls("ftp://example.com").is_empty());
        assert!(urls("https://.com").is_empty());
    }
}
