//! Reading typed fields out of a YAML mapping (front matter, site.yaml), collecting one
//! diagnostic per problem with the line and column of the key, value or list item at fault.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::suggest::did_you_mean;
use crate::yaml::{self, ErrorKind, Node, Value};

pub mod limits;

use limits::Limit;

/// Which document a mapping is, for the messages about its shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Doc {
    FrontMatter,
    SiteYaml,
}

/// One text item of a list, with its place in the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub text: String,
    pub span: Range<usize>,
}

pub struct Fields {
    file: PathBuf,
    source: Arc<str>,
    /// Byte offset of the YAML within `source` (after the opening `---` of front matter).
    offset: usize,
    root: Node,
    pub errors: Vec<Diagnostic>,
}

impl Fields {
    /// Parse `yaml`, found at `offset` in the file text `source`, as a mapping of fields.
    /// Empty YAML is a mapping with no fields.
    pub fn parse(
        doc: Doc,
        file: &Path,
        source: Arc<str>,
        offset: usize,
        yaml: &str,
    ) -> Result<Fields, Diagnostic> {
        let root = match yaml::parse_node(yaml) {
            Ok(root) => root,
            Err(e) => {
                let at = offset + e.offset.unwrap_or(0);
                let d = match (e.kind, doc) {
                    (ErrorKind::Refused, _) => Diagnostic::new(file, e.message)
                        .hint(e.hint.unwrap_or_default()),
                    (ErrorKind::Syntax, Doc::SiteYaml) => Diagnostic::new(
                        file,
                        format!("site.yaml is not valid YAML: {}", e.message),
                    )
                    .hint("check indentation and quote text that contains `: `"),
                    (ErrorKind::Syntax, Doc::FrontMatter) => Diagnostic::new(
                        file,
                        format!("front matter is not valid YAML: {}", e.message),
                    )
                    .hint("check indentation, and put text containing `: ` or starting with `[`, `{`, `*` in quotes"),
                };
                return Err(d.at(&source, at..at));
            }
        };
        if !matches!(root.value, Value::Map(_)) && !root.is_null() {
            let d = match doc {
                Doc::SiteYaml => {
                    Diagnostic::new(file, "site.yaml must be a mapping of `key: value` lines")
                        .at(&source, 0..0)
                        .hint("start with `title: ...` and `base_url: ...`")
                }
                Doc::FrontMatter => Diagnostic::new(
                    file,
                    format!(
                        "front matter must be `field: value` lines, not {}",
                        root.kind()
                    ),
                )
                .at(&source, offset..offset + yaml.trim_end().len())
                .hint("e.g. `title: 事例のタイトル`"),
            };
            return Err(d);
        }
        Ok(Fields {
            file: file.to_path_buf(),
            source,
            offset,
            root,
            errors: Vec::new(),
        })
    }

    /// The value of `key`, unless it is missing or null.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.root
            .entry(key)
            .map(|e| &e.value)
            .filter(|v| !v.is_null())
    }

    /// Where an error about `key` points: its value, or the key when the value is empty.
    fn value_span(&self, key: &str) -> Option<Range<usize>> {
        let entry = self.root.entry(key)?;
        Some(if entry.value.is_null() {
            entry.key_span.clone()
        } else {
            entry.value.span.clone()
        })
    }

    /// A diagnostic pointing at the value of `field` (or the start of the YAML).
    pub fn error(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        let span = self.value_span(field).unwrap_or(0..0);
        self.error_at(field, span, message, hint);
    }

    /// A diagnostic pointing at `span` of the YAML text (a list item, a nested value).
    pub fn error_at(
        &mut self,
        field: &str,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(&self.file, message)
            .field(field)
            .at(&self.source, self.in_file(span));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.errors.push(d);
    }

    /// `span` of the YAML as a range of the file, cut at the end of its first line: a caret
    /// under a whole block is noise.
    fn in_file(&self, span: Range<usize>) -> Range<usize> {
        let start = (span.start + self.offset).min(self.source.len());
        let end = (span.end + self.offset).clamp(start, self.source.len());
        let end = self
            .source
            .get(start..end)
            .and_then(|s| s.find('\n'))
            .map_or(end, |i| start + i);
        start..end
    }

    /// Report every key not in `known`, with the nearest known key as a hint.
    pub fn reject_unknown(&mut self, known: &[&str]) {
        let unknown: Vec<(String, Range<usize>)> = self
            .root
            .entries()
            .iter()
            .filter(|e| !known.contains(&e.key.as_str()))
            .map(|e| (e.key.clone(), e.key_span.clone()))
            .collect();
        for (key, span) in unknown {
            let hint = match did_you_mean(&key, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("allowed fields: {}", known.join(", ")),
            };
            self.error_at(&key, span, format!("unknown field `{key}`"), Some(hint));
        }
    }

    /// A required or optional text, trimmed. A number or true/false counts as the text it
    /// is written with (`title: 3.10` is the words "3.10"); a list or mapping is an error.
    pub fn text(&mut self, key: &str, required: bool, limit: Limit) -> Option<String> {
        let Some(node) = self.get(key).cloned() else {
            if required {
                self.error(
                    key,
                    format!("`{key}` is required"),
                    Some(format!("add a line `{key}: ...`")),
                );
            }
            return None;
        };
        let text = self.text_of(key, &node, limit)?;
        if text.is_empty() {
            if required {
                self.error(key, format!("`{key}` must not be empty"), None);
            }
            return None;
        }
        Some(text)
    }

    /// The text of `node` (the value of `field`, or a part of it), trimmed and checked
    /// against `limit`. `None` when it is null, or not text or not allowed (reported).
    pub fn text_of(&mut self, field: &str, node: &Node, limit: Limit) -> Option<String> {
        if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
            self.error_at(
                field,
                node.span.clone(),
                format!("`{field}` must be text, not {}", node.kind()),
                None,
            );
            return None;
        }
        let text = node.text()?.trim();
        self.allowed(field, node.span.clone(), text, limit)
            .then(|| text.to_string())
    }

    /// Whether `text`, written at `span`, keeps to `limit`; if not, the error is reported.
    fn allowed(&mut self, field: &str, span: Range<usize>, text: &str, limit: Limit) -> bool {
        let label = limit.label();
        if let Some(c) = limits::forbidden_char(text, limit) {
            let code = format!("U+{:04X}", c as u32);
            // The character itself when it is written as is, else the whole value.
            let at = self
                .source
                .get(span.start + self.offset..span.end + self.offset)
                .and_then(|s| s.find(c))
                .map_or(span.clone(), |i| {
                    span.start + i..span.start + i + c.len_utf8()
                });
            self.error_at(
                field,
                at,
                crate::msg!(
                    ja: "{label}に見えない文字 {code} が入っています。消してください",
                    en: "there is an invisible character {code} in {label}; delete it"
                ),
                Some(crate::msg!(
                    ja: "見えない文字は、前後の文字ごと消して書き直すと確実に消せます",
                    en: "delete the characters around it and type them again"
                )),
            );
            return false;
        }
        let (max, n) = (limit.max_chars, text.chars().count());
        if n > max {
            self.error_at(
                field,
                span,
                crate::msg!(
                    ja: "{label}は {max} 文字までです（いまは {n} 文字）。短くしてください",
                    en: "{label} may be at most {max} characters long (it has {n})"
                ),
                None,
            );
            return false;
        }
        true
    }

    /// A list of short texts, in order, as written (duplicates kept); a single value is a
    /// list of one. More than `max_items` is one error at the first item too many.
    pub fn list(&mut self, key: &str, max_items: usize, limit: Limit) -> Vec<Item> {
        let Some(node) = self.get(key).cloned() else {
            return Vec::new();
        };
        let items = match node.value {
            Value::Seq(items) => items,
            Value::Scalar { .. } => vec![node],
            Value::Map(_) => {
                self.error(
                    key,
                    format!("`{key}` must be a list, not {}", node.kind()),
                    Some(format!("e.g. {key}: [一つ目, 二つ目]")),
                );
                return Vec::new();
            }
        };
        if let Some(extra) = items.get(max_items) {
            let (label, n) = (limit.label(), items.len());
            self.error_at(
                key,
                extra.span.clone(),
                crate::msg!(
                    ja: "{label}は {max_items} 個までです（いまは {n} 個）",
                    en: "`{key}` may hold at most {max_items} items (it has {n})"
                ),
                Some(crate::msg!(
                    ja: "大事なものを {max_items} 個まで選んで、ほかは消してください",
                    en: "keep the {max_items} that matter most"
                )),
            );
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            if matches!(item.value, Value::Seq(_) | Value::Map(_)) {
                self.error_at(
                    key,
                    item.span.clone(),
                    format!("each item of `{key}` must be text, not {}", item.kind()),
                    None,
                );
                continue;
            }
            match self.text_of(key, item, limit) {
                Some(text) if !text.is_empty() => out.push(Item {
                    text,
                    span: item.span.clone(),
                }),
                Some(_) => self.error_at(
                    key,
                    item.span.clone(),
                    format!("`{key}` has an empty item"),
                    None,
                ),
                None if item.is_null() => self.error_at(
                    key,
                    item.span.clone(),
                    format!("`{key}` has an empty item"),
                    None,
                ),
                None => {}
            }
        }
        out
    }

    pub fn boolean(&mut self, key: &str) -> bool {
        match self.get(key).map(|v| (v.as_bool(), v.kind())) {
            None => false,
            Some((Some(b), _)) => b,
            Some((None, kind)) => {
                self.error(
                    key,
                    format!("`{key}` must be true or false, not {kind}"),
                    None,
                );
                false
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &str, required: bool) -> Option<String> {
        let s = self.text(key, required, limits::DATE)?;
        if valid_date(&s) {
            Some(s)
        } else {
            self.error(
                key,
                format!("`{key}` is not a valid date: `{s}`"),
                Some("write the date as YYYY-MM-DD, e.g. 2024-03-01".into()),
            );
            None
        }
    }

    pub fn source_text(&self) -> &Arc<str> {
        &self.source
    }
}

/// `YYYY-MM-DD` with a real month and day (leap years included).
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s[r].parse::<u32>()
            .ok()
            .filter(|_| b.iter().all(|c| c.is_ascii_digit() || *c == b'-'))
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-13-01"));
        assert!(!valid_date("2024-3-1"));
        assert!(!valid_date("2024/03/01"));
        assert!(!valid_date("+024-03-01"));
    }
}
