//! A bound on how deeply a document nests, checked on the source before it is rendered.
//!
//! The HTML sanitiser (html5ever, through ammonia) looks through the stack of open elements
//! for many tags, so its time grows with the square of the nesting: 20,000 nested `>` took
//! a second and 100,000 took a minute and a half. No real document nests more than a few
//! levels, so a document deeper than [`MAX_DEPTH`] is refused before any of that work, with
//! the line where it gets too deep.
//!
//! Two kinds of nesting are counted, both in one pass over the text:
//! - Markdown containers at the start of a line: `>` quotes and list markers (`- `, `1. `),
//!   as in `> > - > 1. text`;
//! - raw HTML elements left open (`<div><div>…`), leaving out void elements and those whose
//!   end tag is optional (a `<p>` or `<li>` closes the one before instead of nesting).

/// Deeper than any real document by an order of magnitude; the sanitiser's quadratic cost
/// is negligible at this depth.
pub const MAX_DEPTH: usize = 64;

/// Where a document first nests deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset in the checked text.
    pub offset: usize,
    /// Markdown containers (true) or raw HTML elements (false).
    pub markdown: bool,
}

/// Check `src` against [`MAX_DEPTH`].
pub fn check(src: &str) -> Result<(), TooDeep> {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        if container_depth(line) > MAX_DEPTH {
            return Err(TooDeep {
                offset,
                markdown: true,
            });
        }
        offset += line.len();
    }
    html_depth(src)
}

/// Quote and list markers at the start of a line.
fn container_depth(line: &str) -> usize {
    let b = line.as_bytes();
    let (mut i, mut depth) = (0, 0);
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= b.len() {
            return depth;
        }
        let marker_end = match b[i] {
            b'>' => i + 1,
            b'-' | b'*' | b'+' if b.get(i + 1).is_some_and(|c| *c == b' ' || *c == b'\t') => i + 1,
            b'0'..=b'9' => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + digits;
                if digits <= 9
                    && matches!(b.get(after), Some(b'.' | b')'))
                    && b.get(after + 1).is_some_and(|c| *c == b' ' || *c == b'\t')
                {
                    after + 1
                } else {
                    return depth;
                }
            }
            _ => return depth,
        };
        depth += 1;
        i = marker_end;
    }
}

/// Elements that never hold others, or close the previous one of their kind: they do not
/// deepen the tree.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rt", "rp",
];

/// Raw HTML elements open at once, at most.
fn html_depth(src: &str) -> Result<(), TooDeep> {
    let b = src.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let at = i + p;
        i = at + 1;
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = b[name_start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        // A tag name starts with a letter and ends at a space, `/` or `>`: `<https://…>`,
        // `<a@b.jp>` and `a < b` are not tags.
        if name_len == 0
            || !b[name_start].is_ascii_alphabetic()
            || !matches!(
                b.get(name_start + name_len),
                Some(b' ' | b'\t' | b'\n' | b'/' | b'>')
            )
        {
            continue;
        }
        let name = &src[name_start..name_start + name_len];
        if FLAT.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        // Looked for within one tag's reach only, so that `<x<x<x…` with no `>` stays linear.
        let reach = &b[i..b.len().min(i + 1024)];
        let tag_end = reach.iter().position(|c| *c == b'>').map(|e| i + e);
        if tag_end.is_some_and(|e| b[e - 1] == b'/') {
            continue; // <x/>
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(TooDeep {
                offset: at,
                markdown: false,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_documents_pass() {
        let doc =
            "> 引用\n> > 入れ子\n\n- a\n  - b\n    1. c\n\n* * *\n\n<div><p>一<p>二<br></div>\n\
                   <https://example.jp/> <a@b.jp> 1 < 2\n";
        assert_eq!(check(doc), Ok(()));
        let many_paragraphs = "<p>段落\n".repeat(10_000);
        assert_eq!(check(&many_paragraphs), Ok(()));
        let many_links = "<https://example.jp/>\n".repeat(10_000);
        assert_eq!(check(&many_links), Ok(()));
    }

    #[test]
    fn deep_quotes_lists_and_html_are_found_at_their_line() {
        let deep_quote = format!("ok\n{} deep\n", ">".repeat(100_000));
        assert_eq!(
            check(&deep_quote),
            Err(TooDeep {
                offset: 3,
                markdown: true
            })
        );
        let deep_list = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        assert!(check(&deep_list).is_err());
        let at_limit = format!("{}x\n", "> ".repeat(MAX_DEPTH));
        assert_eq!(check(&at_limit), Ok(()));
        let deep_html = format!("a\n{}", "<div>".repeat(100_000));
        let e = check(&deep_html).unwrap_err();
        assert!(!e.markdown);
        assert_eq!(e.offset, 2 + 5 * MAX_DEPTH);
    }
}
