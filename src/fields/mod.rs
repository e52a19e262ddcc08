//! Reading typed fields out of a YAML mapping (front matter, site.yaml), collecting one
//! diagnostic per problem with the line and column of the key, value or list item at fault.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::messages::{front_matter, site};
use crate::suggest::{self, did_you_mean};
use crate::yaml::{self, Node, Scalar, Value};

pub mod dates;
pub mod limits;
pub mod numbers;
pub mod words;

use dates::Date;
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
    doc: Doc,
    file: PathBuf,
    source: Arc<str>,
    /// Byte offset of the YAML within `source` (after the opening `---` of front matter).
    offset: usize,
    root: Node,
    pub errors: Vec<Diagnostic>,
    /// Problems that do not stop the build (a `#` that made a comment of part of a value).
    pub warnings: Vec<Diagnostic>,
    /// Fields an unknown key was taken for (`date:` is `published`): not reported missing
    /// too, one mistake being one error.
    meant: Vec<String>,
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
                // Explained in the editor's words (see yaml::explain); the parser's own
                // text only for --verbose.
                let at = offset + e.offset.unwrap_or(0);
                let mut d = Diagnostic::new(file, e.message).at(&source, at..at + e.len);
                if let Some(h) = e.hint {
                    d = d.hint(h);
                }
                if let Some(raw) = e.detail {
                    d = d.detail(raw);
                }
                return Err(d);
            }
        };
        if !matches!(root.value, Value::Map(_)) && !root.is_null() {
            // `title:あわら` or `title：あわら` alone parses as one text: name the mistake.
            if let Some(x) = yaml::explain_shape(yaml) {
                let at = offset + x.span.start;
                return Err(Diagnostic::new(file, x.message)
                    .at(&source, at..offset + x.span.end)
                    .hint(x.hint));
            }
            let d = match doc {
                Doc::SiteYaml => Diagnostic::new(file, site::not_fields(&root.kind()))
                    .at(&source, 0..0)
                    .hint(site::not_fields_hint()),
                Doc::FrontMatter => Diagnostic::new(file, front_matter::not_fields(&root.kind()))
                    .at(&source, offset..offset + yaml.trim_end().len())
                    .hint(front_matter::not_fields_hint()),
            };
            return Err(d);
        }
        Ok(Fields {
            doc,
            file: file.to_path_buf(),
            source,
            offset,
            root,
            errors: Vec::new(),
            warnings: Vec::new(),
            meant: Vec::new(),
        })
    }

    /// The value of `key`, unless it is missing or null.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.root
            .entry(key)
            .map(|e| &e.value)
            .filter(|v| !v.is_null())
    }

    /// Whether an unknown key was taken for `key` (and reported as such).
    pub fn was_meant(&self, key: &str) -> bool {
        self.meant.iter().any(|k| k == key)
    }

    /// Whether `key` is written at all (maybe with no value).
    pub fn has(&self, key: &str) -> bool {
        self.root.entry(key).is_some()
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

    /// A diagnostic pointing at the value of `field`; when the field is not written, at
    /// front matter's opening `---` (the first field line may be a comment about something
    /// else), or at site.yaml as a whole.
    pub fn error(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        match self.value_span(field) {
            Some(span) => self.error_at(field, span, message, hint),
            None => self.error_at_top(field, message, hint),
        }
    }

    /// A diagnostic about `field` at the first line of the front matter (its opening
    /// `---`), or naming site.yaml alone.
    pub fn error_at_top(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::new(&self.file, message).field(field);
        match self.doc {
            // Front matter starts the file: its `---` is bytes 0..3.
            Doc::FrontMatter => d = d.at(&self.source, 0..3.min(self.source.len())),
            // site.yaml has no such line (its first line may be a comment about something
            // else): the file is named alone.
            Doc::SiteYaml => {}
        }
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.errors.push(d);
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

    /// A warning pointing at the value of `field` (which must be written): a problem that
    /// does not stop the build.
    pub fn warn(&mut self, field: &str, message: impl Into<String>, hint: String) {
        if let Some(span) = self.value_span(field) {
            self.warnings.push(
                Diagnostic::warning(&self.file, message)
                    .field(field)
                    .at(&self.source, self.in_file(span))
                    .hint(hint),
            );
        }
    }

    /// The file these fields are in, as shown in messages.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line holding `span` of the YAML with what is written there replaced by `with`:
    /// the line as it should be written.
    pub fn line_with(&self, span: Range<usize>, with: &str) -> String {
        let at = self.in_file(span);
        let start = self.source[..at.start].rfind('\n').map_or(0, |i| i + 1);
        let end = self.source[at.end..]
            .find('\n')
            .map_or(self.source.len(), |i| at.end + i);
        format!(
            "{}{with}{}",
            &self.source[start..at.start],
            &self.source[at.end..end]
        )
        .trim_end()
        .to_string()
    }

    /// `span` of the YAML as a range of the file (see `in_file`).
    pub fn span_in_file(&self, span: Range<usize>) -> Range<usize> {
        self.in_file(span)
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

    /// Report every key not in `known`, with the key meant as a hint: a word editors use
    /// for it (`synonyms`: `date` is `published`) or the nearest known key.
    pub fn reject_unknown(&mut self, known: &[&str], synonyms: &[(&str, &str)]) {
        let unknown: Vec<(String, Range<usize>)> = self
            .root
            .entries()
            .iter()
            .filter(|e| !known.contains(&e.key.as_str()))
            .map(|e| (e.key.clone(), e.key_span.clone()))
            .collect();
        for (key, span) in unknown {
            // `　url:`: a full-width space as indentation (YAML reads it as part of the key).
            if key.starts_with('\u{3000}') {
                let spaces = key.len() - key.trim_start_matches('\u{3000}').len();
                let start = self.in_file(span.clone()).start;
                let line = self.source[start..].lines().next().unwrap_or("");
                let fixed = format!(
                    "{}{}",
                    "  ".repeat(spaces / '\u{3000}'.len_utf8()),
                    line.trim_start_matches('\u{3000}').trim_end()
                );
                let at = span.start..span.start + spaces;
                self.error_at(
                    &key,
                    at,
                    front_matter::full_width_space(),
                    Some(front_matter::write_as(&fixed)),
                );
                continue;
            }
            if key.contains('\u{3000}') {
                let fixed = key.replace('\u{3000}', "");
                self.error_at(
                    &key,
                    span,
                    front_matter::key_full_width_space(&key),
                    Some(front_matter::key_full_width_space_hint(&fixed)),
                );
                continue;
            }
            let folded = suggest::fold(&key);
            let meant = synonyms
                .iter()
                .find(|(word, _)| suggest::fold(word) == folded)
                .map(|(_, k)| *k)
                .filter(|k| known.contains(k))
                .or_else(|| did_you_mean(&key, known.iter().copied()));
            let hint = match meant {
                Some(k) => {
                    self.meant.push(k.to_string());
                    // The line with the key written right, when it is a one-line field.
                    let start = self.in_file(span.clone()).start;
                    let line = self.source[start..].lines().next().unwrap_or("");
                    match line.strip_prefix(key.as_str()) {
                        Some(rest) if rest.starts_with(':') && rest.trim_end().len() > 1 => {
                            front_matter::did_you_mean_line(k, &format!("{k}{}", rest.trim_end()))
                        }
                        _ => front_matter::did_you_mean_field(k),
                    }
                }
                None => front_matter::allowed_fields(&known.join(", ")),
            };
            self.error_at(&key, span, front_matter::unknown_field(&key), Some(hint));
        }
    }

    /// A required or optional text, trimmed. A number or true/false counts as the text it
    /// is written with (`title: 3.10` is the words "3.10"); a list or mapping is an error.
    pub fn text(&mut self, key: &str, required: bool, limit: Limit) -> Option<String> {
        let Some(node) = self.get(key).cloned() else {
            if required {
                self.required(key);
            }
            return None;
        };
        let text = self.text_of(key, &node, limit)?;
        if text.is_empty() {
            if required {
                self.required(key);
            }
            return None;
        }
        Some(text)
    }

    /// A required field that is missing (named at the top) or empty (at its key, with the
    /// comment that emptied it named when there is one).
    pub fn required(&mut self, key: &str) {
        let Some(entry) = self.root.entry(key) else {
            if self.was_meant(key) {
                return;
            }
            self.error_at_top(
                key,
                front_matter::required(key),
                Some(front_matter::required_hint(key)),
            );
            return;
        };
        let span = entry.key_span.clone();
        // `title: #DX推進`: the `#` made a comment of the whole value.
        let start = (span.start + self.offset).min(self.source.len());
        let line = self.source[start..]
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let after = line
            .split_once(':')
            .map_or("", |(_, v)| v)
            .trim_start_matches([' ', '\t']);
        if after.starts_with('#') {
            let fixed = format!("{key}: \"{}\"", after.trim_end());
            self.error_at(
                key,
                span,
                front_matter::empty_by_comment(key),
                Some(front_matter::quote_value(&fixed)),
            );
        } else {
            self.error_at(
                key,
                span,
                front_matter::empty(key),
                Some(front_matter::empty_hint(key)),
            );
        }
    }

    /// The text of `node` (the value of `field`, or a part of it), trimmed and checked
    /// against `limit`. `None` when it is null, or not text or not allowed (reported).
    pub fn text_of(&mut self, field: &str, node: &Node, limit: Limit) -> Option<String> {
        if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
            self.error_at(
                field,
                node.span.clone(),
                front_matter::not_text(field, &node.kind()),
                None,
            );
            return None;
        }
        let text = node.text()?.trim();
        if !self.allowed(field, node.span.clone(), text, limit) {
            return None;
        }
        self.cut_by_comment(field, node, text);
        Some(text.to_string())
    }

    /// `title: 第2弾 #DX推進`: YAML reads ` #DX推進` as a comment and the value as `第2弾`.
    /// A `#` followed by a word (not `# メモ`) after an unquoted value was most likely
    /// meant as part of it: a warning, with the line quoted.
    fn cut_by_comment(&mut self, field: &str, node: &Node, kept: &str) {
        let span = self.in_file(node.span.clone());
        let source = self.source.clone();
        if kept.is_empty() || source[span.start..].starts_with(['"', '\'', '|', '>']) {
            return;
        }
        let line_end = source[span.end..]
            .find('\n')
            .map_or(source.len(), |i| span.end + i);
        let after = &source[span.end..line_end];
        let rest = after.trim_start_matches([' ', '\t']);
        let Some(word) = rest.strip_prefix('#') else {
            return;
        };
        if after.len() == rest.len() || word.is_empty() || word.starts_with([' ', '\t', '#']) {
            return;
        }
        let hash = line_end - rest.len();
        let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &source[line_start..span.start];
        let whole = source[span.start..line_end].trim_end();
        let fixed = format!(
            "{prefix}\"{}\"",
            whole.replace('\\', "\\\\").replace('"', "\\\"")
        );
        let cut = rest.trim_end();
        self.warnings.push(
            Diagnostic::warning(&self.file, front_matter::cut_by_comment(field, cut, kept))
                .field(field)
                .at(&source, hash..hash + cut.len())
                .hint(front_matter::cut_by_comment_hint(&fixed)),
        );
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
                front_matter::invisible_in(&label, &code),
                Some(front_matter::invisible_char_hint()),
            );
            return false;
        }
        let (max, n) = (limit.max_chars, text.chars().count());
        if n > max {
            self.error_at(field, span, front_matter::too_long(&label, max, n), None);
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
                    front_matter::not_list(key, &node.kind()),
                    Some(front_matter::not_list_hint(key)),
                );
                return Vec::new();
            }
        };
        if let Some(extra) = items.get(max_items) {
            let (label, n) = (limit.label(), items.len());
            self.error_at(
                key,
                extra.span.clone(),
                front_matter::too_many_items(&label, key, max_items, n),
                Some(front_matter::too_many_items_hint(max_items)),
            );
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            if matches!(item.value, Value::Seq(_) | Value::Map(_)) {
                self.error_at(
                    key,
                    item.span.clone(),
                    front_matter::item_not_text(key, &item.kind()),
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
                    front_matter::empty_item(key),
                    Some(front_matter::empty_item_hint()),
                ),
                None if item.is_null() => self.error_at(
                    key,
                    item.span.clone(),
                    front_matter::empty_item(key),
                    Some(front_matter::empty_item_hint()),
                ),
                None => {}
            }
        }
        out
    }

    /// true or false; `はい`, `yes`... are named with the line to write.
    pub fn boolean(&mut self, key: &str) -> bool {
        let Some(node) = self.get(key).cloned() else {
            return false;
        };
        if let Some(b) = node.as_bool() {
            return b;
        }
        let written = node.text().map(str::trim).unwrap_or("");
        let message = match &node.value {
            Value::Scalar { .. } => front_matter::not_bool(key, written),
            _ => front_matter::not_bool_kind(key, &node.kind()),
        };
        let hint = match words::yes_no(written) {
            Some(true) => front_matter::bool_true_hint(key),
            Some(false) => front_matter::bool_false_hint(key),
            None if key == "draft" => front_matter::draft_hint(key),
            None => front_matter::bool_hint(key),
        };
        self.error(key, message, Some(hint));
        false
    }

    /// A `YYYY-MM-DD` date; any other way of writing one is named with the date written
    /// right.
    pub fn date(&mut self, key: &str, required: bool) -> Option<String> {
        let s = self.text(key, required, limits::DATE)?;
        let (message, hint) = match dates::read(&s) {
            Date::Valid => return Some(s),
            Date::Shape { fixed } => (
                front_matter::date_shape(key, &s),
                front_matter::date_fix_hint(key, &fixed),
            ),
            Date::Digits { fixed } => (
                front_matter::date_shape(key, &s),
                front_matter::date_digits_hint(key, &fixed),
            ),
            Date::Wareki { fixed } => (
                front_matter::date_shape(key, &s),
                front_matter::date_wareki_hint(key, &fixed),
            ),
            Date::NoSuchDay { y, m, d, last } => (
                front_matter::date_no_such_day(key, y, m, d, last),
                front_matter::date_check_hint(),
            ),
            Date::NoSuchMonth { y, m } => (
                front_matter::date_no_such_month(key, y, m),
                front_matter::date_check_hint(),
            ),
            Date::Year { y } => (
                front_matter::date_year(key, y),
                front_matter::date_example_hint(key),
            ),
            Date::Unreadable => (
                front_matter::date_unreadable(key, &s),
                front_matter::date_example_hint(key),
            ),
        };
        self.error(key, message, Some(hint));
        None
    }

    /// A positive whole number in digits. `8万人`, `80,000人`, `約8万` are named with the
    /// number written right.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        let v = self.get(key)?.clone();
        if let Some(n) = v.as_int().filter(|&n| n > 0) {
            return Some(n as u64);
        }
        let (message, hint) = match &v.value {
            Value::Scalar {
                typed: Scalar::Int(_),
                text,
            } => (
                front_matter::count_not_positive(key, text.trim()),
                front_matter::count_example_hint(key),
            ),
            Value::Scalar {
                typed: Scalar::Str,
                text,
            } => (
                front_matter::count_not_number(key, text.trim()),
                match numbers::read(text) {
                    Some(n) => front_matter::count_fix_hint(key, &n.to_string()),
                    None => front_matter::count_example_hint(key),
                },
            ),
            _ => (
                front_matter::count_kind(key, &v.kind()),
                front_matter::count_example_hint(key),
            ),
        };
        self.error(key, message, Some(hint));
        None
    }

    pub fn source_text(&self) -> &Arc<str> {
        &self.source
    }
}

/// `YYYY-MM-DD` with a real month and day (leap years included).
pub fn valid_date(s: &str) -> bool {
    dates::read(s) == Date::Valid
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
        assert!(!valid_date("２０２４-０３-０１"));
    }
}
