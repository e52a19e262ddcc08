//! The marks of a YAML line: where a comment starts, where a quote or a bracket closes,
//! and a value put in quotes, as the hints write it.

/// A plain value without its comment: from a `#` that follows a blank.
pub(super) fn strip_comment(value: &str) -> &str {
    let mut prev = ' ';
    for (i, c) in value.char_indices() {
        if c == '#' && (prev == ' ' || prev == '\t') {
            return &value[..i];
        }
        prev = c;
    }
    value
}

/// The byte after the quote that closes the one at `at` (`"` with `\` escapes, `'` with
/// `''`), if it closes before `until`.
pub(super) fn quote_end(text: &str, at: usize, until: usize) -> Option<usize> {
    let quote = text[at..].chars().next()?;
    let mut chars = text[at + 1..until.max(at + 1)].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let here = at + 1 + i;
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(here + 1);
                }
            }
            _ => {}
        }
    }
    None
}

pub(super) enum Flow {
    /// Closed; the byte after its closing bracket.
    Closed(usize),
    /// A comment (` #`) at this byte ended the line before it closed.
    Comment(usize),
    Open,
}

/// Where the flow collection opened at `at` closes, reading up to `until`.
pub(super) fn flow_end(text: &str, at: usize, until: usize) -> Flow {
    let mut depth = 0usize;
    let mut i = at;
    let mut prev = ' ';
    while i < until {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Flow::Closed(i + 1);
                }
            }
            '"' | '\'' if matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':' | '\n') => {
                match quote_end(text, i, until) {
                    Some(end) => {
                        i = end;
                        prev = c;
                        continue;
                    }
                    None => return Flow::Open,
                }
            }
            '#' if matches!(prev, ' ' | '\t') => {
                let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                if !text[at..i].contains('\n') {
                    return Flow::Comment(i);
                }
                i = line_end;
                continue;
            }
            _ => {}
        }
        prev = c;
        i += c.len_utf8();
    }
    Flow::Open
}

/// `v` in double quotes, `\` and `"` escaped; in single quotes if it holds `"` but no `'`.
pub(super) fn double_quoted(v: &str) -> String {
    if v.contains('"') && !v.contains('\'') {
        return single_quoted(v);
    }
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `v` in single quotes (a `'` written twice).
pub(super) fn single_quoted(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// `[勉強会, #DX` -> `[勉強会, "#DX"]`: each item that starts with `#` quoted, and the list
/// closed.
pub(super) fn quote_hash_items(value: &str, close: char) -> String {
    let inner = value
        .trim_start_matches(['[', '{'])
        .trim_end_matches([']', '}']);
    let items: Vec<String> = inner
        .split(',')
        .map(|item| {
            let t = item.trim();
            if t.starts_with('#') {
                double_quoted(t)
            } else {
                t.to_string()
            }
        })
        .collect();
    let open = if close == ']' { '[' } else { '{' };
    format!("{open}{}{close}", items.join(", "))
}
