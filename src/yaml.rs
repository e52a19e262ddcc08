//! The one module that talks to serde_yaml. It turns YAML text into a small value tree of our
//! own, and finds where a top-level key or value sits in the text so that errors can point
//! at the right line and column (serde_yaml's values carry no positions).

use std::ops::Range;

/// A YAML value, reduced to what site.yaml and front matter can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Yaml>),
    /// Keys in document order; non-string keys are turned into their text.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A scalar as text, for fields where `title: 2024` should still mean the words "2024".
    pub fn as_text(&self) -> Option<String> {
        match self {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Name of the kind of value, in words an editor understands.
    pub fn kind(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing (empty)",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) => "a number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }
}

/// A syntax error with its byte offset in the parsed text.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Parse one YAML document.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| YamlError {
        offset: e.location().map(|l| l.index()),
        message: e.to_string(),
    })?;
    Ok(convert(value))
}

fn convert(v: serde_yaml::Value) -> Yaml {
    use serde_yaml::Value;
    match v {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Int(i),
            None => Yaml::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Yaml::Str(s),
        Value::Sequence(seq) => Yaml::Seq(seq.into_iter().map(convert).collect()),
        Value::Mapping(map) => Yaml::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match convert(k) {
                        Yaml::Str(s) => s,
                        other => other.as_text().unwrap_or_default(),
                    };
                    (key, convert(v))
                })
                .collect(),
        ),
        Value::Tagged(t) => convert(t.value),
    }
}

/// Where things are in a block-style YAML mapping whose keys start at column 0.
pub struct Spans<'a> {
    text: &'a str,
    /// (key, byte range of the key, byte range of everything up to the next top-level key)
    keys: Vec<(&'a str, Range<usize>, Range<usize>)>,
}

impl<'a> Spans<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut keys: Vec<(&str, Range<usize>, Range<usize>)> = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let first = line.chars().next();
            if matches!(first, None | Some(' ' | '\t' | '#' | '-' | '\r' | '\n')) {
                continue;
            }
            if let Some(colon) = line.find(':') {
                let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
                if let Some(last) = keys.last_mut() {
                    last.2.end = start;
                }
                keys.push((key, start..start + colon, start + colon + 1..offset));
            }
        }
        Spans { text, keys }
    }

    /// The span of a top-level key.
    pub fn key(&self, key: &str) -> Option<Range<usize>> {
        self.keys
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, r, _)| r.clone())
    }

    /// The span of a top-level key's value (trimmed), or the key itself when the value is empty.
    pub fn value(&self, key: &str) -> Option<Range<usize>> {
        let (_, key_span, value_span) = self.keys.iter().find(|(k, _, _)| *k == key)?;
        let raw = &self.text[value_span.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Some(key_span.clone());
        }
        let lead = raw.len() - raw.trim_start().len();
        let start = value_span.start + lead;
        // Only the first line: a caret under a whole block is noise.
        let first_line_len = trimmed.find('\n').unwrap_or(trimmed.len());
        let first = trimmed[..first_line_len].trim_end();
        Some(start..start + first.len())
    }

    /// The span of `needle` inside the value of `key` (a list item, a nested field).
    pub fn within(&self, key: &str, needle: &str) -> Option<Range<usize>> {
        let (_, key_span, value_span) = self.keys.iter().find(|(k, _, _)| *k == key)?;
        if needle.is_empty() {
            return Some(key_span.clone());
        }
        let hay = &self.text[value_span.clone()];
        hay.find(needle)
            .map(|i| value_span.start + i..value_span.start + i + needle.len())
            .or_else(|| self.value(key))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(k, _, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scalars_lists_and_maps() {
        let y = parse("a: 1\nb: [x, 2]\nc:\n  title: t\n").unwrap();
        let Yaml::Map(m) = y else { panic!() };
        assert_eq!(m[0], ("a".into(), Yaml::Int(1)));
        assert_eq!(m[1].1, Yaml::Seq(vec![Yaml::Str("x".into()), Yaml::Int(2)]));
        assert!(matches!(&m[2].1, Yaml::Map(_)));
    }

    #[test]
    fn dates_stay_text() {
        assert_eq!(parse("2024-03-01").unwrap(), Yaml::Str("2024-03-01".into()));
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.offset.is_some());
    }

    #[test]
    fn spans_find_keys_values_and_items() {
        let text = "title: 事例\ncategories:\n  - 人材育成\n  - 推進\nprefecture: 福井\n";
        let s = Spans::new(text);
        assert_eq!(&text[s.key("prefecture").unwrap()], "prefecture");
        assert_eq!(&text[s.value("prefecture").unwrap()], "福井");
        assert_eq!(&text[s.within("categories", "推進").unwrap()], "推進");
        assert_eq!(&text[s.value("categories").unwrap()], "- 人材育成");
    }
}
