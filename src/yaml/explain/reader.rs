//! Reading a YAML text line by line, the way an editor wrote it, to find the mistake that
//! made it fail to parse: where each key, list item and value is, what indentation the
//! line above asks for, and which marks open what.

use super::marks::{
    double_quoted, flow_end, quote_end, quote_hash_items, single_quoted, strip_comment, Flow,
};
use super::{fence_like, is_invisible, Found, Mistake};

/// A key as the schema and site.yaml write them: ASCII letters, digits, `_` and `-`.
fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// One line of the text: where it starts, and its text without the line feed.
#[derive(Clone, Copy)]
struct Line<'t> {
    start: usize,
    text: &'t str,
}

/// A key line's place in the indentation.
#[derive(Clone, Copy)]
struct KeyLine {
    /// Column (in characters) of the key.
    indent: usize,
    /// Its value is empty: the next lines may be its children.
    opens: bool,
    /// Its value is plain text: deeper lines continue it.
    plain: bool,
}

pub(super) struct Reader<'t> {
    text: &'t str,
    lines: Vec<Line<'t>>,
    /// The parser gave up on this line (index), when it said where.
    error_line: Option<usize>,
    /// Where the parser gave up, or the end of the text.
    until: usize,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str, error_at: Option<usize>) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for l in text.split_inclusive('\n') {
            lines.push(Line {
                start,
                text: l.strip_suffix('\n').unwrap_or(l),
            });
            start += l.len();
        }
        let error_at = error_at.map(|at| {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        });
        let error_line = error_at.map(|at| {
            lines
                .iter()
                .rposition(|l| l.start <= at)
                .unwrap_or_default()
        });
        Reader {
            text,
            lines,
            error_line,
            until: error_at.map_or(text.len(), |at| {
                // The whole line the parser stopped on: a quote may close later on it.
                text[at..].find('\n').map_or(text.len(), |i| at + i)
            }),
        }
    }

    /// Whether line `i` is where the parser stopped or the line before (for the weaker
    /// signs: a line with no colon, indentation).
    fn near_error(&self, i: usize) -> bool {
        match self.error_line {
            Some(e) => i == e || i + 1 == e,
            None => true,
        }
    }

    pub(super) fn find(&self, raw: &str) -> Option<Found> {
        if raw.contains("more than one document") {
            if let Some(l) = self
                .lines
                .iter()
                .skip(1)
                .find(|l| matches!(l.text.trim_end(), "---" | "..."))
            {
                return Some(Found {
                    mistake: Mistake::SecondDocument,
                    span: l.start..l.start + 3,
                    fixed: String::new(),
                });
            }
        }
        // The parser can stop on the line before a tab or a broken key; never further up.
        let last = self
            .error_line
            .map_or(self.lines.len(), |e| (e + 2).min(self.lines.len()));
        let mut keys: Vec<KeyLine> = Vec::new();
        let mut block: Option<usize> = None;
        let mut skip_to = 0usize;
        for i in 0..last {
            let line = self.lines[i];
            if let Some((at, c)) = line.text.char_indices().find(|&(_, c)| is_invisible(c)) {
                let at = line.start + at;
                return Some(Found {
                    mistake: Mistake::Control {
                        code: format!("U+{:04X}", c as u32),
                    },
                    span: at..at + c.len_utf8(),
                    fixed: String::new(),
                });
            }
            if line.start < skip_to {
                continue;
            }
            let indent = indent_of(line.text);
            let body = &line.text[indent.bytes..];
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if let Some(b) = block {
                if indent.chars > b {
                    continue;
                }
                block = None;
            }
            match self.check_line(i, &mut keys) {
                Step::Found(f) => return Some(f),
                Step::Next => {}
                Step::Block(b) => block = Some(b),
                Step::SkipTo(at) => skip_to = at,
            }
        }
        None
    }

    /// The indentation the line above asks for: its own, or two more after a `key:` with
    /// no value.
    fn expected_indent(&self, i: usize) -> String {
        let above = self.lines[..i].iter().rev().find(|l| {
            let t = l.text.trim();
            !t.is_empty() && !t.starts_with('#')
        });
        match above {
            None => String::new(),
            Some(l) => {
                let n = indent_of(l.text).chars;
                let opens = strip_comment(l.text).trim_end().ends_with(':');
                " ".repeat(if opens { n + 2 } else { n })
            }
        }
    }

    fn check_line(&self, i: usize, keys: &mut Vec<KeyLine>) -> Step {
        let line = self.lines[i];
        let indent = indent_of(line.text);
        let lead = &line.text[..indent.bytes];
        let body = &line.text[indent.bytes..];
        if fence_like(body) {
            return Step::Found(Found {
                mistake: Mistake::Fence {
                    written: body.trim().to_string(),
                },
                span: line.start + indent.bytes..line.start + indent.bytes + body.trim_end().len(),
                fixed: String::new(),
            });
        }
        if let Some(at) = lead.find(['\t', '\u{3000}']) {
            let c = lead[at..].chars().next().unwrap_or('\t');
            let fixed = format!("{}{}", self.expected_indent(i), body.trim_end());
            return Step::Found(blank_found(c, line.start + at, fixed));
        }
        // List markers.
        let mut rest = body;
        let mut prefix = lead.to_string();
        let mut item = false;
        while let Some(after) = rest.strip_prefix('-') {
            match after.chars().next() {
                None => return Step::Next,
                Some(' ') => {}
                Some(c @ ('\t' | '\u{3000}')) => {
                    let at = line.start + (line.text.len() - after.len());
                    let value = after.trim_start_matches([' ', '\t', '\u{3000}']);
                    let fixed = format!("{prefix}- {}", value.trim_end());
                    return Step::Found(blank_found(c, at, fixed));
                }
                Some(_) => break,
            }
            item = true;
            let value = after.trim_start_matches(' ');
            prefix.push_str(&rest[..rest.len() - value.len()]);
            rest = value;
        }
        let col = line.text.len() - rest.len();
        let key_indent = line.text[..col].chars().count();
        // `- あわら市` under `prefecture: 福井県`: a list item where a field is expected.
        if item && self.near_error(i) {
            let parent = keys.iter().rev().find(|k| k.indent <= indent.chars);
            if parent.is_some_and(|k| !k.opens) {
                let at = line.start + indent.bytes;
                return Step::Found(Found {
                    mistake: Mistake::ItemUnderValue,
                    span: at..at + 1,
                    fixed: strip_comment(rest).trim_end().to_string(),
                });
            }
        }
        // A deeper line under a plain value continues it (YAML folds it in).
        let continues = !item
            && keys
                .last()
                .is_some_and(|k| k.plain && key_indent > k.indent);
        if continues {
            if let Some(found) = self.continued_key(i, rest, col, keys) {
                return Step::Found(found);
            }
            return Step::Next;
        }
        let end = rest
            .find([':', '：', ' ', '\t', '\u{3000}'])
            .unwrap_or(rest.len());
        let key = &rest[..end];
        let delimiter = rest[end..].chars().next();
        let quoted = rest.starts_with(['"', '\'']);
        match delimiter {
            Some('：') if !quoted && (is_ident(key) || (!item && !key.is_empty())) => {
                let after = rest[end + '：'.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
                let at = line.start + col + end;
                Step::Found(Found {
                    mistake: Mistake::FullWidthColon {
                        key: key.to_string(),
                    },
                    span: at..at + '：'.len_utf8(),
                    fixed: format!("{prefix}{key}: {}", after.trim_end()),
                })
            }
            Some(':') if !quoted && !key.is_empty() => {
                let after = &rest[end + 1..];
                let value_at = line.start + col + end + 1;
                match after.chars().next() {
                    None | Some(' ' | '\t') => {
                        if let Some(found) = self.indentation(i, key_indent, item, keys) {
                            return Step::Found(found);
                        }
                        let value = after.trim_start_matches([' ', '\t']);
                        let value_at = value_at + (after.len() - value.len());
                        let opens = strip_comment(value).trim().is_empty();
                        let plain = !opens && !value.starts_with(['"', '\'', '[', '{', '|', '>']);
                        keys.retain(|k| k.indent < key_indent);
                        keys.push(KeyLine {
                            indent: key_indent,
                            opens,
                            plain,
                        });
                        let prefix = format!("{prefix}{key}: ");
                        self.check_value(value, value_at, Some(key), &prefix, key_indent)
                    }
                    Some('\u{3000}') => {
                        let value = after.trim_start_matches([' ', '\u{3000}']);
                        Step::Found(Found {
                            mistake: Mistake::FullWidthSpace,
                            span: value_at..value_at + '\u{3000}'.len_utf8(),
                            fixed: format!("{prefix}{key}: {}", value.trim_end()),
                        })
                    }
                    Some('/') => {
                        self.check_value(rest, line.start + col, None, &prefix, key_indent)
                    }
                    Some(_) if is_ident(key) && !item => Step::Found(Found {
                        mistake: Mistake::NoSpace {
                            key: key.to_string(),
                        },
                        span: value_at - 1..value_at,
                        fixed: format!("{prefix}{key}: {}", after.trim_end()),
                    }),
                    Some(_) => self.check_value(rest, line.start + col, None, &prefix, key_indent),
                }
            }
            _ if item => self.check_value(rest, line.start + col, None, &prefix, key_indent),
            _ if self.near_error(i) && !quoted => Step::Found(Found {
                mistake: Mistake::NoColon,
                span: line.start + col..line.start + col + rest.trim_end().len(),
                fixed: String::new(),
            }),
            _ => Step::Next,
        }
    }

    /// A line deeper than a plain value: YAML reads it as more of that value, and a
    /// `key: value` there means its indentation is off.
    fn continued_key(&self, i: usize, rest: &str, col: usize, keys: &[KeyLine]) -> Option<Found> {
        let end = rest.find(':')?;
        let key = &rest[..end];
        if !is_ident(key) || !matches!(rest[end + 1..].chars().next(), None | Some(' ' | '\t')) {
            return None;
        }
        if !self.near_error(i) {
            return None;
        }
        let line = self.lines[i];
        let indent = keys.last().map_or(0, |k| k.indent);
        Some(Found {
            mistake: Mistake::Indent,
            span: line.start..line.start + col,
            fixed: format!("{}{}", " ".repeat(indent), rest.trim_end()),
        })
    }

    /// A key line whose indentation matches neither the line above nor any parent.
    fn indentation(&self, i: usize, indent: usize, item: bool, keys: &[KeyLine]) -> Option<Found> {
        if item || !self.near_error(i) {
            return None;
        }
        let last = keys.last()?;
        if last.opens && indent > last.indent {
            return None;
        }
        if keys.iter().any(|k| k.indent == indent) {
            return None;
        }
        let line = self.lines[i];
        let body = line.text.trim_start();
        let col = line.text.len() - body.len();
        if indent < keys[0].indent {
            // Less than the first key: that one is the odd one out.
            let first = self.lines[..i]
                .iter()
                .find(|l| {
                    let t = l.text.trim();
                    !t.is_empty() && !t.starts_with('#')
                })
                .copied()
                .unwrap_or(line);
            let body = first.text.trim_start();
            let col = first.text.len() - body.len();
            return Some(Found {
                mistake: Mistake::Indent,
                span: first.start..first.start + col,
                fixed: body.trim_end().to_string(),
            });
        }
        // The nearest level of the keys above (the closest below on a tie).
        let level = keys
            .iter()
            .map(|k| k.indent)
            .min_by_key(|&l| (l.abs_diff(indent), std::cmp::Reverse(l)))
            .unwrap_or(0);
        Some(Found {
            mistake: Mistake::Indent,
            span: line.start..line.start + col.max(1).min(line.text.len()),
            fixed: format!("{}{}", " ".repeat(level), body.trim_end()),
        })
    }

    /// A value starting at byte `at` of the text (`value` is the rest of its line).
    /// `prefix` is the line up to the value, as it should be written.
    fn check_value(
        &self,
        value: &str,
        at: usize,
        key: Option<&str>,
        prefix: &str,
        indent: usize,
    ) -> Step {
        let line_end = at + value.len();
        let Some(first) = value.chars().next() else {
            return Step::Next;
        };
        match first {
            '#' => Step::Next,
            '"' | '\'' => match quote_end(self.text, at, line_end) {
                Some(end) => {
                    let after = self.text[end..line_end].trim_start_matches([' ', '\t']);
                    if after.is_empty()
                        || after.starts_with('#')
                            && end < line_end
                            && self.text[end..].starts_with([' ', '\t'])
                    {
                        return Step::Next;
                    }
                    let at = line_end - after.len();
                    Step::Found(Found {
                        mistake: Mistake::AfterQuote { quote: first },
                        span: at..at + after.chars().next().map_or(0, char::len_utf8),
                        fixed: format!("{prefix}{}", single_quoted(value.trim_end())),
                    })
                }
                None => match quote_end(self.text, at, self.until) {
                    Some(end) => Step::SkipTo(end),
                    None => Step::Found(Found {
                        mistake: Mistake::UnclosedQuote { quote: first },
                        span: at..at + 1,
                        fixed: format!("{prefix}{}{first}", value.trim_end()),
                    }),
                },
            },
            '[' | '{' => {
                let close = if first == '[' { ']' } else { '}' };
                match flow_end(self.text, at, line_end) {
                    Flow::Closed(end) => {
                        let after = self.text[end..line_end].trim_start_matches([' ', '\t']);
                        if after.is_empty()
                            || after.starts_with('#') && self.text[end..].starts_with([' ', '\t'])
                        {
                            return Step::Next;
                        }
                        Step::Found(Found {
                            mistake: Mistake::AfterBracket { open: first },
                            span: at..at + 1,
                            fixed: format!("{prefix}{}", double_quoted(value.trim_end())),
                        })
                    }
                    Flow::Comment(hash) => Step::Found(Found {
                        mistake: Mistake::HashInFlow,
                        span: hash..hash + 1,
                        fixed: format!("{prefix}{}", quote_hash_items(value.trim_end(), close)),
                    }),
                    Flow::Open => match flow_end(self.text, at, self.until) {
                        Flow::Closed(end) => Step::SkipTo(end),
                        _ => Step::Found(Found {
                            mistake: Mistake::UnclosedBracket { open: first, close },
                            span: at..at + 1,
                            fixed: format!("{prefix}{}{close}", value.trim_end()),
                        }),
                    },
                }
            }
            '|' | '>' => Step::Block(indent),
            '@' | '`' | '%' => Step::Found(Found {
                mistake: Mistake::Reserved { mark: first },
                span: at..at + 1,
                fixed: format!("{prefix}{}", double_quoted(strip_comment(value).trim_end())),
            }),
            _ => {
                let text = strip_comment(value);
                let colon = text
                    .char_indices()
                    .find(|&(i, c)| {
                        c == ':'
                            && text[i + 1..]
                                .chars()
                                .next()
                                .is_none_or(|n| n == ' ' || n == '\t')
                    })
                    .map(|(i, _)| i);
                match colon {
                    Some(c) => {
                        // A comment written as one (`# memo`) stays one; `#DX` was text.
                        let (quoted, rest) = match value[text.len()..].trim_start() {
                            r if r.starts_with("# ") => (text.trim_end(), format!(" {r}")),
                            _ => (value.trim_end(), String::new()),
                        };
                        Step::Found(Found {
                            mistake: Mistake::ColonInValue {
                                key: key.map(str::to_string),
                            },
                            span: at + c..at + c + 1,
                            fixed: format!("{prefix}{}{}", double_quoted(quoted), rest.trim_end()),
                        })
                    }
                    None => Step::Next,
                }
            }
        }
    }
}

enum Step {
    Found(Found),
    Next,
    /// A block scalar (`|`, `>`) starts: lines deeper than this indentation are its text.
    Block(usize),
    /// A quote or bracket opened here closes at this byte: the lines before are inside it.
    SkipTo(usize),
}

/// Leading blanks of a line (spaces, tabs, full-width spaces): bytes and characters.
#[derive(Clone, Copy)]
struct Indent {
    bytes: usize,
    chars: usize,
}

fn indent_of(line: &str) -> Indent {
    let body = line.trim_start_matches([' ', '\t', '\u{3000}']);
    let bytes = line.len() - body.len();
    Indent {
        bytes,
        chars: line[..bytes].chars().count(),
    }
}

/// A tab or a full-width space (`c`) at byte `at` where YAML wants a plain space.
fn blank_found(c: char, at: usize, fixed: String) -> Found {
    Found {
        mistake: if c == '\t' {
            Mistake::Tab
        } else {
            Mistake::FullWidthSpace
        },
        span: at..at + c.len_utf8(),
        fixed,
    }
}
