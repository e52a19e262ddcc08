//! Reading typed fields out of a front-matter mapping, collecting one diagnostic per problem
//! with the line and column of the field in the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::yaml::{Spans, Yaml};

pub struct Fields<'a> {
    file: PathBuf,
    source: Arc<str>,
    /// Byte offset of the front matter within the file text.
    offset: usize,
    spans: Spans<'a>,
    map: Vec<(String, Yaml)>,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(
        file: &Path,
        source: Arc<str>,
        offset: usize,
        yaml: &'a str,
        map: Vec<(String, Yaml)>,
    ) -> Self {
        Fields {
            file: file.to_path_buf(),
            source,
            offset,
            spans: Spans::new(yaml),
            map,
            errors: Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Yaml> {
        self.map
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Yaml::Null)
    }

    fn shift(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        r.start + self.offset..r.end + self.offset
    }

    /// A diagnostic pointing at the value of `field` (or the start of the front matter).
    pub fn error(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        let span = self
            .spans
            .value(field)
            .map(|r| self.shift(r))
            .unwrap_or(self.offset..self.offset);
        self.push(field, span, message.into(), hint);
    }

    /// A diagnostic pointing at `needle` inside the value of `field` (a list item).
    pub fn error_at_item(
        &mut self,
        field: &str,
        needle: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let span = self
            .spans
            .within(field, needle)
            .map(|r| self.shift(r))
            .unwrap_or(self.offset..self.offset);
        self.push(field, span, message.into(), hint);
    }

    fn push(
        &mut self,
        field: &str,
        span: std::ops::Range<usize>,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(&self.file, message)
            .field(field)
            .at(&self.source, span);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.errors.push(d);
    }

    /// Report every key not in `known`, with the nearest known key as a hint.
    pub fn reject_unknown(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .map
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let span = self
                .spans
                .key(&key)
                .map(|r| self.shift(r))
                .unwrap_or(self.offset..self.offset);
            let hint = match did_you_mean(&key, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("allowed fields: {}", known.join(", ")),
            };
            self.push(&key, span, format!("unknown field `{key}`"), Some(hint));
        }
    }

    /// A required or optional single line of text, trimmed.
    pub fn text(&mut self, key: &str, required: bool) -> Option<String> {
        match self.get(key).cloned() {
            None => {
                if required {
                    self.error(
                        key,
                        format!("`{key}` is required"),
                        Some(format!("add a line `{key}: ...`")),
                    );
                }
                None
            }
            Some(v) => match v.as_text() {
                Some(s) if s.trim().is_empty() => {
                    if required {
                        self.error(key, format!("`{key}` must not be empty"), None);
                    }
                    None
                }
                Some(s) => Some(s.trim().to_string()),
                None => {
                    self.error(key, format!("`{key}` must be text, not {}", v.kind()), None);
                    None
                }
            },
        }
    }

    /// A list of short texts; a single text is taken as a list of one.
    pub fn list(&mut self, key: &str) -> Vec<String> {
        let items = match self.get(key).cloned() {
            None => return Vec::new(),
            Some(Yaml::Seq(items)) => items,
            Some(v @ (Yaml::Str(_) | Yaml::Int(_))) => vec![v],
            Some(v) => {
                self.error(
                    key,
                    format!("`{key}` must be a list, not {}", v.kind()),
                    Some(format!("e.g. {key}: [一つ目, 二つ目]")),
                );
                return Vec::new();
            }
        };
        let mut out: Vec<String> = Vec::new();
        for item in items {
            match item.as_text().map(|s| s.trim().to_string()) {
                Some(s) if !s.is_empty() => {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
                Some(_) => self.error(key, format!("`{key}` has an empty item"), None),
                None => self.error(
                    key,
                    format!("each item of `{key}` must be text, not {}", item.kind()),
                    None,
                ),
            }
        }
        out
    }

    pub fn boolean(&mut self, key: &str) -> bool {
        match self.get(key).cloned() {
            None => false,
            Some(Yaml::Bool(b)) => b,
            Some(v) => {
                self.error(
                    key,
                    format!("`{key}` must be true or false, not {}", v.kind()),
                    None,
                );
                false
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &str, required: bool) -> Option<String> {
        let s = self.text(key, required)?;
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

/// Slugs and taxonomy terms become folder names: letters of any script, digits and `-`.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-') && !s.starts_with('-')
}

/// A term (tag, municipality) becomes a folder name: no separators, no control characters,
/// not `.` or `..`.
pub fn valid_term(s: &str) -> Result<(), String> {
    if s.contains(['/', '\\']) {
        return Err("must not contain `/` or `\\` (it becomes part of a URL)".into());
    }
    if s.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    if s == "." || s == ".." {
        return Err("must not be `.` or `..`".into());
    }
    Ok(())
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

    #[test]
    fn slugs() {
        assert!(valid_slug("awara-dx"));
        assert!(valid_slug("あわら市-dx"));
        assert!(!valid_slug("../etc"));
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug("a_b"));
        assert!(!valid_slug(""));
        assert!(!valid_slug("a\u{7}"));
    }
}
