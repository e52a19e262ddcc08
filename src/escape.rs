//! Making text safe for where it goes: the terminal (no control sequences from content),
//! XML (escaped, and no characters XML 1.0 forbids) and CSV opened in a spreadsheet (no
//! formulas).

use std::borrow::Cow;
use std::ops::Range;

/// Characters that must never reach a terminal as they are: C0 controls but tab and newline
/// (ESC starts colour and cursor sequences, BEL rings, NUL truncates), DEL, C1 controls, and
/// the bidirectional overrides and isolates that make a line read differently from what it
/// holds ("Trojan Source").
pub fn is_unsafe_for_terminal(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}') || is_bidi_control(c)
}

/// Bidirectional formatting characters (embeddings, overrides, isolates and marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// Text for the terminal: each unsafe character written as `\u{1b}`.
pub fn terminal(s: &str) -> Cow<'_, str> {
    terminal_with_span(s, 0..0).0
}

/// [`terminal`], and where the byte range `span` of `s` lies in the result.
pub fn terminal_with_span(s: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    if !s.chars().any(is_unsafe_for_terminal) {
        return (Cow::Borrowed(s), span);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let (mut start, mut end) = (span.start, span.end);
    for (i, c) in s.char_indices() {
        if i == span.start {
            start = out.len();
        }
        if i == span.end {
            end = out.len();
        }
        if is_unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if span.start >= s.len() {
        start = out.len();
    }
    if span.end >= s.len() {
        end = out.len();
    }
    (Cow::Owned(out), start..end.max(start))
}

/// Whether XML 1.0 allows the character at all (its `Char` production).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// HTML escaping for autoescaped output: `&`, `<`, `>`, `"` and `'`, which is all that text
/// and quoted attribute values need. Unlike Tera's default it leaves `/` alone, so the many
/// URLs of every page are written as `/dx/cases/` rather than `&#x2F;dx&#x2F;cases&#x2F;`.
pub fn html(input: &str) -> String {
    let bytes = input.as_bytes();
    let Some(first) = bytes
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    else {
        return input.to_string();
    };
    let mut out = String::with_capacity(input.len() + 16);
    out.push_str(&input[..first]);
    let mut start = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&input[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

/// Text escaped for XML content and attribute values, with the characters XML forbids
/// (most C0 controls, U+FFFE, U+FFFF) dropped: one of them makes the whole feed unreadable.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is a formula to Excel (`=HYPERLINK(...)`, `=cmd|...`), so it gets a
/// leading `'`, as OWASP recommends; Excel shows the text as written.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_keeps_the_span() {
        assert_eq!(terminal("福井県"), "福井県");
        assert_eq!(terminal("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(terminal("tab\there\nnext"), "tab\there\nnext");
        let s = "a\u{0}b: 値";
        let at = s.find('値').unwrap();
        let (t, span) = terminal_with_span(s, at..at + '値'.len_utf8());
        assert_eq!(&t[span], "値");
        let (t, span) = terminal_with_span(s, s.len()..s.len());
        assert_eq!(span, t.len()..t.len());
    }

    #[test]
    fn escapes() {
        assert_eq!(html("/dx/cases/"), "/dx/cases/");
        assert_eq!(
            html("<a href=\"x\">A&B's</a>"),
            "&lt;a href=&quot;x&quot;&gt;A&amp;B&#x27;s&lt;/a&gt;"
        );
        assert_eq!(html("人材育成"), "人材育成");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with('\''), "{lead:?}");
        }
        assert_eq!(csv_cell("あわら市"), "あわら市");
        assert_eq!(csv_cell("2024-03-01"), "2024-03-01");
    }

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml("<a href=\"x\">'&'</a>\u{ffff}\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_drops_forbidden_characters() {
        assert_eq!(xml("題\u{ffff}名\u{1}"), "題名");
        assert_eq!(xml("ok\ttab"), "ok\ttab");
        assert!(!xml_allowed('\u{fffe}'));
        assert!(xml_allowed('😀'));
    }
}
