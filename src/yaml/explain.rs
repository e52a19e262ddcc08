//! What an editor got wrong in a YAML text that does not parse, in their words.
//!
//! The parsers say where they gave up ("mapping values are not allowed in this context"),
//! which is often a line after the mistake and never says what the mistake is. This reads
//! the text line by line, the way an editor wrote it, and recognises the mistakes editors
//! make: a tab or a full-width space for indentation, a full-width colon, no space after
//! `:`, a `: ` or a leading `[`, `"`, `@` in a value that was not put in quotes, a quote or
//! bracket never closed, a `#` that cut a list short, a `---` written with other dashes,
//! an invisible character, indentation that does not line up. Each comes with the exact
//! place and the line written right. The parser's own words stay in the report's detail
//! (`--verbose`).
//!
//! Only the lines up to the one after where the parser gave up are looked at: a mistake
//! can make the parser stop at the next line, never earlier.

use std::ops::Range;

use crate::messages::front_matter;

/// A mistake, explained: where it is in the YAML text, what it is, how to write it.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub span: Range<usize>,
    pub message: String,
    pub hint: String,
}

/// A recognised mistake.
#[derive(Debug, Clone, PartialEq)]
enum Mistake {
    /// A tab in the indentation, or after a list's `-`.
    Tab,
    /// `title：…`.
    FullWidthColon { key: String },
    /// `title:　…`, or full-width spaces as indentation.
    FullWidthSpace,
    /// `title:あわら`.
    NoSpace { key: String },
    /// `title: DX推進: 手上げ式`.
    ColonInValue { key: Option<String> },
    /// `title: "手上げ式`.
    UnclosedQuote { quote: char },
    /// `title: "手上げ式"です`.
    AfterQuote { quote: char },
    /// `categories: [人材育成, 推進体制`.
    UnclosedBracket { open: char, close: char },
    /// `tags: [勉強会, #DX]`: the comment took the `]`.
    HashInFlow,
    /// `title: [速報] 窓口DX`.
    AfterBracket { open: char },
    /// `title: @あわら`.
    Reserved { mark: char },
    /// `ーーー`.
    Fence { written: String },
    /// An invisible character the parser refuses.
    Control { code: String },
    /// A `---` line in the middle: two documents.
    SecondDocument,
    /// A line with no `key:` where one is expected.
    NoColon,
    /// Indentation that lines up with neither the line above nor any parent.
    Indent,
}

/// A mistake at `span` and the line as it should be written (`fixed`, may be empty).
struct Found {
    mistake: Mistake,
    span: Range<usize>,
    fixed: String,
}

impl Found {
    fn explained(self) -> Explained {
        let fixed = self.fixed;
        let (message, hint) = match self.mistake {
            Mistake::Tab => (front_matter::tab(), front_matter::tab_hint(&fixed)),
            Mistake::FullWidthColon { key } => (
                front_matter::full_width_colon(&key),
                front_matter::write_as(&fixed),
            ),
            Mistake::FullWidthSpace => (
                front_matter::full_width_space(),
                front_matter::write_as(&fixed),
            ),
            Mistake::NoSpace { key } => (
                front_matter::no_space_after_colon(&key),
                front_matter::write_as(&fixed),
            ),
            Mistake::ColonInValue { key } => (
                match key {
                    Some(key) => front_matter::colon_in_value(&key),
                    None => front_matter::colon_in_item(),
                },
                front_matter::quote_value(&fixed),
            ),
            Mistake::UnclosedQuote { quote } => (
                front_matter::unclosed_quote(quote),
                front_matter::close_quote(&fixed, quote),
            ),
            Mistake::AfterQuote { quote } => (
                front_matter::text_after_quote(quote),
                front_matter::quote_value_single(&fixed),
            ),
            Mistake::UnclosedBracket { open, close } => (
                front_matter::unclosed_bracket(open, close),
                front_matter::close_bracket(&fixed, close),
            ),
            Mistake::HashInFlow => (
                front_matter::hash_in_list(),
                front_matter::quote_hash_item(&fixed),
            ),
            Mistake::AfterBracket { open } => (
                front_matter::text_after_bracket(open),
                front_matter::quote_value(&fixed),
            ),
            Mistake::Reserved { mark } => (
                front_matter::reserved_mark(mark),
                front_matter::quote_value(&fixed),
            ),
            Mistake::Fence { written } => (
                front_matter::fence_dashes(&written),
                front_matter::fence_dashes_hint(),
            ),
            Mistake::Control { code } => (
                front_matter::invisible_char(&code),
                front_matter::invisible_char_hint(),
            ),
            Mistake::SecondDocument => (
                front_matter::second_document(),
                front_matter::second_document_hint(),
            ),
            Mistake::NoColon => (front_matter::no_colon(), front_matter::no_colon_hint()),
            Mistake::Indent => (front_matter::indent(), front_matter::indent_hint(&fixed)),
        };
        Explained {
            span: self.span,
            message,
            hint,
        }
    }
}

/// The mistake that made `text` fail to parse, if it is one editors make. `error_at`: where
/// the parser gave up (a byte offset), when it said; `raw`: what it said.
pub fn explain(text: &str, error_at: Option<usize>, raw: &str) -> Option<Explained> {
    Reader::new(text, error_at).find(raw).map(Found::explained)
}

/// The generic explanation, at the parser's position, when no mistake is recognised.
pub fn generic() -> (String, String) {
    (front_matter::syntax(), front_matter::syntax_hint())
}

/// Characters editors type for `-` in `---`: the long vowel mark, full-width and other
/// dashes, box-drawing lines.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | 'ー'
            | '－'
            | '—'
            | '―'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '─'
            | '━'
            | 'ｰ'
            | '−'
            | '﹣'
            | '⁃'
            | '〜'
            | '～'
    )
}

/// A line that is meant as a `---` fence but is not one: two or more dashes of any kind
/// and nothing else (blanks around them allowed), other than `---` itself.
pub fn fence_like(line: &str) -> bool {
    let t = line.trim();
    t != "---" && t.chars().count() >= 2 && t.chars().all(is_dash) && t.chars().any(|c| c != '~')
}

/// A character the parsers refuse or read as a line break although it shows as nothing:
/// control characters (but tab and line feed), DEL, C1, the line and paragraph separators
/// and a byte order mark inside the text.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

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

struct Reader<'t> {
    text: &'t str,
    lines: Vec<Line<'t>>,
    /// The parser gave up on this line (index), when it said where.
    error_line: Option<usize>,
    /// Where the parser gave up, or the end of the text.
    until: usize,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, error_at: Option<usize>) -> Self {
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

    fn find(&self, raw: &str) -> Option<Found> {
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
            let at = line.start + at;
            return Step::Found(Found {
                mistake: if c == '\t' {
                    Mistake::Tab
                } else {
                    Mistake::FullWidthSpace
                },
                span: at..at + c.len_utf8(),
                fixed,
            });
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
                    return Step::Found(Found {
                        mistake: if c == '\t' {
                            Mistake::Tab
                        } else {
                            Mistake::FullWidthSpace
                        },
                        span: at..at + c.len_utf8(),
                        fixed: format!("{prefix}- {}", value.trim_end()),
                    });
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

/// A plain value without its comment: from a `#` that follows a blank.
fn strip_comment(value: &str) -> &str {
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
pub(crate) fn quote_end(text: &str, at: usize, until: usize) -> Option<usize> {
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

enum Flow {
    /// Closed; the byte after its closing bracket.
    Closed(usize),
    /// A comment (` #`) at this byte ended the line before it closed.
    Comment(usize),
    Open,
}

/// Where the flow collection opened at `at` closes, reading up to `until`.
fn flow_end(text: &str, at: usize, until: usize) -> Flow {
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
fn double_quoted(v: &str) -> String {
    if v.contains('"') && !v.contains('\'') {
        return single_quoted(v);
    }
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `v` in single quotes (a `'` written twice).
fn single_quoted(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// `[勉強会, #DX` -> `[勉強会, "#DX"]`: each item that starts with `#` quoted, and the list
/// closed.
fn quote_hash_items(value: &str, close: char) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The mistake found in `text` when the parser stops where it does.
    fn found(text: &str) -> (Mistake, String, String) {
        let e = crate::yaml::raw_error(text).expect("the text should not parse");
        let f = Reader::new(text, e.1)
            .find(&e.0)
            .unwrap_or_else(|| panic!("nothing recognised in {text:?} ({e:?})"));
        (f.mistake, text[f.span].to_string(), f.fixed)
    }

    #[test]
    fn tabs_in_the_indentation() {
        let (m, at, fixed) = found("title: a\n\tsummary: b\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Tab, "\t", "summary: b")
        );
        let (m, _, fixed) = found("source:\n  title: a\n\turl: https://x.jp/\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "  url: https://x.jp/"));
        let (m, _, fixed) = found("categories:\n-\t人材育成\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "- 人材育成"));
        let (m, _, fixed) = found("categories:\n\t- 人材育成\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "  - 人材育成"));
    }

    #[test]
    fn full_width_colons_and_spaces() {
        let (m, at, fixed) = found("title：あわら\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::FullWidthColon {
                    key: "title".into()
                },
                "：",
                "title: あわら"
            )
        );
        let (m, at, fixed) = found("a: 1\nsummary:　要約\nb: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::FullWidthSpace, "\u{3000}", "summary: 要約")
        );
        let (m, _, fixed) = found("a: 1\nb: 2\ndraft：false\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::FullWidthColon {
                    key: "draft".into()
                },
                "draft: false"
            )
        );
    }

    #[test]
    fn colons_and_marks_in_values() {
        let (m, at, fixed) = found("title: DX推進: 手上げ式\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::ColonInValue {
                    key: Some("title".into())
                },
                ":",
                "title: \"DX推進: 手上げ式\""
            )
        );
        let (_, _, fixed) = found("title: 「A」: \"B\" # メモ\n");
        assert_eq!(fixed, "title: '「A」: \"B\"' # メモ");
        let (m, _, fixed) = found("title:あわら\nb: 1\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::NoSpace {
                    key: "title".into()
                },
                "title: あわら"
            )
        );
        let (m, _, fixed) = found("title: [速報] 窓口DX\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::AfterBracket { open: '[' },
                "title: \"[速報] 窓口DX\""
            )
        );
        let (m, _, fixed) = found("title: @あわら\n");
        assert_eq!(
            (m, fixed.as_str()),
            (Mistake::Reserved { mark: '@' }, "title: \"@あわら\"")
        );
    }

    #[test]
    fn quotes_and_brackets_left_open() {
        let (m, at, fixed) = found("title: \"手上げ式\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::UnclosedQuote { quote: '"' },
                "\"",
                "title: \"手上げ式\""
            )
        );
        let (m, _, fixed) = found("title: \"手上げ式\"です\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::AfterQuote { quote: '"' },
                "title: '\"手上げ式\"です'"
            )
        );
        let (m, _, fixed) = found("categories: [人材育成, 推進体制\ntags: [a]\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::UnclosedBracket {
                    open: '[',
                    close: ']'
                },
                "categories: [人材育成, 推進体制]"
            )
        );
        let (m, at, fixed) = found("tags: [勉強会, #DX]\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::HashInFlow, "#", "tags: [勉強会, \"#DX\"]")
        );
        // A list or a quote over several lines is fine; the mistake is after it.
        let (m, _, _) = found("tags: [a,\n  b]\nsummary: \"x\n  y\"\ntitle：t\n");
        assert_eq!(
            m,
            Mistake::FullWidthColon {
                key: "title".into()
            }
        );
    }

    #[test]
    fn fences_control_characters_and_documents() {
        let (m, at, _) = found("title: a\nーーー\n本文\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Fence {
                    written: "ーーー".into()
                },
                "ーーー"
            )
        );
        let (m, at, _) = found("title: ok\nsummary: a\u{2028}b\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Control {
                    code: "U+2028".into()
                },
                "\u{2028}"
            )
        );
        let (m, at, _) = found("title: ああ\u{1}b\nx: 1\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Control {
                    code: "U+0001".into()
                },
                "\u{1}"
            )
        );
        let (m, _, _) = found("a: 1\n---\nb: 2\n");
        assert_eq!(m, Mistake::SecondDocument);
    }

    #[test]
    fn indentation_and_stray_lines() {
        let (m, at, fixed) = found("a: 1\n  b: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Indent, "  ", "b: 2")
        );
        let (m, _, fixed) = found("a:\n  b: 2\n c: 3\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Indent, "  c: 3"));
        let (m, at, fixed) = found(" a: 1\nb: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Indent, " ", "a: 1")
        );
        let (m, at, _) = found("title: x\n\n本文です\n");
        assert_eq!((m, at.as_str()), (Mistake::NoColon, "本文です"));
    }

    #[test]
    fn what_is_not_a_mistake_is_not_named() {
        // A URL in a list, a colon in quotes, a block scalar, a comment.
        for text in [
            "a:\n  - https://x.jp/\nb: [\n",
            "a: \"x: y\"\nb: [\n",
            "a: |\n  x: y\n  z\nb: [\n",
            "a: b # x: y\nc: [\n",
        ] {
            let e = crate::yaml::raw_error(text).unwrap();
            let f = Reader::new(text, e.1).find(&e.0).map(|f| f.mistake);
            assert!(
                matches!(f, Some(Mistake::UnclosedBracket { .. })),
                "{text:?}: {f:?}"
            );
        }
    }

    /// Whatever an editor types, explaining it never panics (slicing at a character
    /// boundary, a quote at the end of the text, an empty line...): texts made of the
    /// characters the explanations look at, from a fixed seed.
    #[test]
    fn explaining_never_panics() {
        const PARTS: [&str; 26] = [
            ":", "：", " ", "\t", "\u{3000}", "\"", "'", "[", "]", "{", "}", "#", "-", "ー", "\n",
            "a", "あ", "|", ">", "@", ",", "title", "---", "\\", "\u{2028}", "~",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let text: String = (0..n)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            let _ = crate::yaml::parse_node(&text);
            let _ = crate::yaml::explain_shape(&text);
            let _ = explain(&text, Some(text.len() / 2), "");
        }
    }
}
