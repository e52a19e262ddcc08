//! The one module that reads YAML. Two parsers work together here:
//!
//! - `saphyr-parser`, an event parser, reads the text first. It gives every key, value and
//!   list item with its start and end, the text of each plain scalar as written (`3.10`,
//!   not the number 3.1), and the anchors and aliases. It is the gate: anchors and aliases
//!   (a 1 MB value aliased 64×64 times is 4 GB), nesting deeper than [`MAX_DEPTH`], more
//!   than [`MAX_NODES`] values and a key written twice are refused here, so the rest of the
//!   work is bounded by the length of the text.
//! - `serde_yaml` then deserialises the same text, as it always has: it decides what type
//!   each scalar has (null, true/false, a number or text) and gives the content of text.
//!
//! `saphyr-parser` was chosen over `yaml-rust2`'s parser (same authors, same lineage): it is
//! the successor they maintain, parses borrowed text without copying, reports a start and
//! end for every event (scalars, keys, collections and aliases) and the anchor of every
//! node, is tested against the YAML test suite, and brings two small dependencies
//! (`yaml-rust2` also brings an encoding library we do not need).
//!
//! The result is a [`Node`] tree with byte ranges into the parsed text, so that errors can
//! point at the exact key, value or list item.
//!
//! A text that does not parse is explained in the editor's words by [`explain`]: the
//! mistake (a tab, a full-width colon, a value that needed quotes...), where it is and the
//! line written right. What the parser said is kept as the error's `detail`.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashSet;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScanError, Span};

use crate::messages::front_matter;

pub mod explain;

pub use explain::Explained;

/// Front matter needs three levels (the mapping, `source:`'s list, one source); site.yaml
/// two. Eight leaves room for what the contract may add without letting a pathological
/// document make every later step deep.
pub const MAX_DEPTH: usize = 8;

/// Values (keys, scalars, lists, mappings) in one document. A case uses a few dozen and
/// site.yaml a few hundred; ten thousand keeps every later step cheap whatever the text.
pub const MAX_NODES: usize = 10_000;

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
    pub fn kind(&self) -> String {
        match self {
            Yaml::Null => front_matter::kind_empty(),
            Yaml::Bool(_) => front_matter::kind_bool(),
            Yaml::Int(_) | Yaml::Float(_) => front_matter::kind_number(),
            Yaml::Str(_) => front_matter::kind_text(),
            Yaml::Seq(_) => front_matter::kind_list(),
            Yaml::Map(_) => front_matter::kind_mapping(),
        }
    }
}

/// A value of the document, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the parsed text: a quoted scalar with its quotes, a flow list with its
    /// brackets, a block list from its first `-` to the end of its last item.
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `text` is the scalar as written: a plain scalar's characters (`3.10`, `0x1F`, `~`), a
    /// quoted or block scalar's content. `typed` is what YAML (serde_yaml) makes of it.
    Scalar {
        text: String,
        typed: Scalar,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// The type YAML gives a scalar (serde_yaml's reading).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written; a key that is itself a list or mapping is its source text.
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Node {
    /// `~`, `null` or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(
            self.value,
            Value::Scalar {
                typed: Scalar::Null,
                ..
            }
        )
    }

    /// The text of a scalar as written; `None` for null, a list or a mapping.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar {
                typed: Scalar::Null,
                ..
            } => None,
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A whole number, as YAML types it (`27000`, not `"27000"` or `27000.5`).
    pub fn as_int(&self) -> Option<i64> {
        match self.value {
            Value::Scalar {
                typed: Scalar::Int(i),
                ..
            } => Some(i),
            _ => None,
        }
    }

    /// `true` or `false`, as YAML types it.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Scalar {
                typed: Scalar::Bool(b),
                ..
            } => Some(b),
            _ => None,
        }
    }

    /// The entries of a mapping (none for anything else).
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The entry of a mapping with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// Name of the kind of value, in words an editor understands.
    pub fn kind(&self) -> String {
        match &self.value {
            Value::Scalar { typed, .. } => match typed {
                Scalar::Null => front_matter::kind_empty(),
                Scalar::Bool(_) => front_matter::kind_bool(),
                Scalar::Int(_) | Scalar::Float(_) => front_matter::kind_number(),
                Scalar::Str => front_matter::kind_text(),
            },
            Value::Seq(_) => front_matter::kind_list(),
            Value::Map(_) => front_matter::kind_mapping(),
        }
    }

    /// The plain value tree, typed as YAML reads it.
    pub fn to_yaml(&self) -> Yaml {
        match &self.value {
            Value::Scalar { text, typed } => match *typed {
                Scalar::Null => Yaml::Null,
                Scalar::Bool(b) => Yaml::Bool(b),
                Scalar::Int(i) => Yaml::Int(i),
                Scalar::Float(f) => Yaml::Float(f),
                Scalar::Str => Yaml::Str(text.clone()),
            },
            Value::Seq(items) => Yaml::Seq(items.iter().map(Node::to_yaml).collect()),
            Value::Map(entries) => Yaml::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_yaml()))
                    .collect(),
            ),
        }
    }
}

/// Why a text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// Not YAML: `message` and `hint` explain the mistake, `detail` is the parser's text.
    Syntax,
    /// YAML, but refused (anchors, depth, size); `message` and `hint` speak to the editor.
    Refused,
}

/// A problem with its place in the parsed text, in the editor's language.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Byte offset of the mistake, and how many bytes of it to underline.
    pub offset: Option<usize>,
    pub len: usize,
    /// What the parser said, for `--verbose`.
    pub detail: Option<String>,
}

impl YamlError {
    fn refused(offset: usize, message: String, hint: String) -> Self {
        YamlError {
            kind: ErrorKind::Refused,
            message,
            hint: Some(hint),
            offset: Some(offset),
            len: 0,
            detail: None,
        }
    }

    /// A syntax error explained: the mistake recognised in `text`, or a general word at
    /// the parser's position.
    fn syntax(text: &str, raw: String, at: Option<usize>) -> Self {
        match explain::explain(text, at, &raw) {
            Some(e) => YamlError {
                kind: ErrorKind::Syntax,
                message: e.message,
                hint: Some(e.hint),
                offset: Some(e.span.start),
                len: e.span.len(),
                detail: Some(raw),
            },
            None => {
                let (message, hint) = explain::generic();
                YamlError {
                    kind: ErrorKind::Syntax,
                    message,
                    hint: Some(hint),
                    offset: at,
                    len: 0,
                    detail: Some(raw),
                }
            }
        }
    }
}

/// Why the parsers stopped, before it is explained.
enum Failure {
    Refused(YamlError),
    /// The parser's words and where it stopped (a byte offset), when it said.
    Syntax(String, Option<usize>),
}

impl From<YamlError> for Failure {
    fn from(e: YamlError) -> Self {
        Failure::Refused(e)
    }
}

/// Parse one YAML document into plain values.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    parse_node(text).map(|n| n.to_yaml())
}

/// Parse one YAML document, with positions and scalars as written. Anchors, aliases, deep
/// nesting and too many values are refused before serde_yaml reads the text.
pub fn parse_node(text: &str) -> Result<Node, YamlError> {
    read(text).map_err(|f| match f {
        Failure::Refused(e) => e,
        Failure::Syntax(raw, at) => YamlError::syntax(text, raw, at),
    })
}

fn read(text: &str) -> Result<Node, Failure> {
    let mut node = read_events(text)?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        Failure::Syntax(without_position(&raw), serde_offset(text, &e, &raw))
    })?;
    settle(&mut node, value);
    Ok(node)
}

/// What the parsers say about a text that does not parse: their words and where.
#[cfg(test)]
pub(crate) fn raw_error(text: &str) -> Option<(String, Option<usize>)> {
    match read(text) {
        Err(Failure::Syntax(raw, at)) => Some((raw, at)),
        _ => None,
    }
}

/// The mistake in a text that parses but is not `key: value` lines (`title:あわら` alone is
/// one text), if it is one editors make.
pub fn explain_shape(text: &str) -> Option<Explained> {
    explain::explain(text, None, "")
}

/// Where serde_yaml stopped, as a byte offset: its location counts bytes (its line numbers
/// count U+0085, U+2028 and U+2029 as line ends, which nothing else shown does). A few
/// errors carry no location but say ` at position N` (bytes too); a location at the very
/// start with such a message is no location.
fn serde_offset(text: &str, e: &serde_yaml::Error, raw: &str) -> Option<usize> {
    let said = raw.rfind(" at position ").and_then(|i| {
        raw[i + 13..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<usize>().ok())
    });
    let at = said.or_else(|| e.location().map(|l| l.index()))?;
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Some(at)
}

/// Give each scalar of `node` the type serde_yaml read for it, and text its text: the event
/// pass keeps the text of what serde_yaml turns into numbers, true/false and null. Where the
/// two parsers see a different shape (never seen, but they are two parsers), serde_yaml's
/// reading wins and its values take the position of the enclosing node.
fn settle(node: &mut Node, value: serde_yaml::Value) {
    use serde_yaml::Value as V;
    match (&mut node.value, value) {
        (_, V::Tagged(t)) => settle(node, t.value),
        (Value::Scalar { typed, text }, V::String(s)) => {
            *typed = Scalar::Str;
            *text = s;
        }
        (Value::Scalar { typed, .. }, v @ (V::Null | V::Bool(_) | V::Number(_))) => {
            *typed = scalar_type(&v);
        }
        (Value::Seq(items), V::Sequence(values)) if items.len() == values.len() => {
            for (item, v) in items.iter_mut().zip(values) {
                settle(item, v);
            }
        }
        (Value::Map(entries), V::Mapping(map)) if entries.len() == map.len() => {
            for (entry, (k, v)) in entries.iter_mut().zip(map) {
                if let V::String(k) = k {
                    entry.key = k;
                }
                settle(&mut entry.value, v);
            }
        }
        (_, v) => *node = from_value(v, node.span.clone()),
    }
}

fn scalar_type(v: &serde_yaml::Value) -> Scalar {
    use serde_yaml::Value as V;
    match v {
        V::Null => Scalar::Null,
        V::Bool(b) => Scalar::Bool(*b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        _ => Scalar::Str,
    }
}

/// A node made from serde_yaml's value alone, every part at `span`.
fn from_value(v: serde_yaml::Value, span: Range<usize>) -> Node {
    use serde_yaml::Value as V;
    let value = match v {
        V::Tagged(t) => return from_value(t.value, span),
        V::Sequence(items) => Value::Seq(
            items
                .into_iter()
                .map(|v| from_value(v, span.clone()))
                .collect(),
        ),
        V::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| Entry {
                    key: scalar_text(&k),
                    key_span: span.clone(),
                    value: from_value(v, span.clone()),
                })
                .collect(),
        ),
        scalar => Value::Scalar {
            text: scalar_text(&scalar),
            typed: scalar_type(&scalar),
        },
    };
    Node { span, value }
}

fn scalar_text(v: &serde_yaml::Value) -> String {
    use serde_yaml::Value as V;
    match v {
        V::Null => String::new(),
        V::Bool(b) => b.to_string(),
        V::Number(n) => n.to_string(),
        V::String(s) => s.clone(),
        V::Tagged(t) => scalar_text(&t.value),
        V::Sequence(_) | V::Mapping(_) => String::new(),
    }
}

/// A collection being read.
enum Open {
    Seq {
        start: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        entries: Vec<Entry>,
        key: Option<(String, Node)>,
        /// Keys seen, to refuse one written twice (serde_yaml does too, but without a
        /// position).
        seen: HashSet<String>,
    },
}

/// Read the events of `text` into a tree (every scalar typed as text for now), refusing
/// anchors, aliases, depth and size beyond the limits as soon as they are seen.
fn read_events(text: &str) -> Result<Node, Failure> {
    let gate = untab_values(text);
    let offsets = ByteOffsets::new(text);
    let range = |span: &Span| offsets.byte(span.start.index())..offsets.byte(span.end.index());
    let mut open: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    for event in Parser::new_from_str(&gate) {
        let (event, span) = event.map_err(|e| scan_error(text, &offsets, &e))?;
        let at = range(&span);
        let anchor = match &event {
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _) => *anchor,
            _ => 0,
        };
        if anchor != 0 {
            return Err(anchors_refused(anchor_position(text, at.start)).into());
        }
        if matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        ) {
            nodes += 1;
            if nodes > MAX_NODES {
                return Err(too_many(at.start).into());
            }
        }
        let done = match event {
            Event::Alias(_) => return Err(anchors_refused(at.start).into()),
            Event::Scalar(value, ..) => Node {
                span: at,
                value: Value::Scalar {
                    text: value.into_owned(),
                    typed: Scalar::Str,
                },
            },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if open.len() >= MAX_DEPTH {
                    return Err(too_deep(at.start).into());
                }
                open.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq {
                        start: at.start,
                        items: Vec::new(),
                    }
                } else {
                    Open::Map {
                        start: at.start,
                        entries: Vec::new(),
                        key: None,
                        seen: HashSet::new(),
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some(collection) => close(collection, at),
                None => continue,
            },
            _ => continue,
        };
        match open.last_mut() {
            Some(Open::Seq { items, .. }) => items.push(done),
            Some(Open::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => {
                    let name = key_text(text, &done);
                    if !seen.insert(name.clone()) {
                        return Err(key_twice(&name, done.span.start).into());
                    }
                    *key = Some((name, done));
                }
                Some((name, k)) => entries.push(Entry {
                    key: name,
                    key_span: k.span,
                    value: done,
                }),
            },
            // Later documents are checked against the limits but not kept: serde_yaml
            // refuses a text of several documents.
            None => {
                root.get_or_insert(done);
            }
        }
    }
    Ok(root.unwrap_or(Node {
        span: 0..0,
        value: Value::Scalar {
            text: String::new(),
            typed: Scalar::Null,
        },
    }))
}

/// saphyr-parser refuses a tab between `:` and a value that starts with a letter or digit
/// (`published:<TAB>2024-03-01`), which serde_yaml accepts and editors who line values up
/// with tabs write. The event pass reads a copy with the tabs after each `:` made spaces:
/// the same length, so every position holds; and no text it gives changes, since a plain
/// scalar cannot hold `:` and a blank, and text (quoted, block) is taken from serde_yaml.
fn untab_values(text: &str) -> Cow<'_, str> {
    if !text.contains(":\t") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut after_colon = false;
    for c in text.chars() {
        after_colon = match c {
            '\t' if after_colon => {
                out.push(' ');
                continue;
            }
            ':' => true,
            ' ' => after_colon,
            _ => false,
        };
        out.push(c);
    }
    Cow::Owned(out)
}

/// A finished collection. A block collection's end event sits at the next token, past
/// blank lines and comments: it ends with its last item instead.
fn close(collection: Open, end: Range<usize>) -> Node {
    let (start, value, last) = match collection {
        Open::Seq { start, items } => {
            let last = items.last().map(|n| n.span.end);
            (start, Value::Seq(items), last)
        }
        Open::Map { start, entries, .. } => {
            let last = entries.last().map(|e| e.value.span.end);
            (start, Value::Map(entries), last)
        }
    };
    let end = if end.is_empty() {
        last.unwrap_or(start).max(start)
    } else {
        end.end
    };
    Node {
        span: start..end,
        value,
    }
}

fn key_text(text: &str, key: &Node) -> String {
    match &key.value {
        Value::Scalar { text, .. } => text.clone(),
        _ => text.get(key.span.clone()).unwrap_or_default().to_string(),
    }
}

/// A node's span starts at its properties (`!tag &name`, in either order): the `&`.
fn anchor_position(text: &str, start: usize) -> usize {
    let mut i = start;
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        match c {
            '&' => return i,
            '!' => {
                i += text[i..]
                    .find(char::is_whitespace)
                    .unwrap_or(text.len() - i)
            }
            '#' => i += text[i..].find('\n').unwrap_or(text.len() - i),
            c if c.is_whitespace() => i += c.len_utf8(),
            _ => break,
        }
    }
    start
}

fn anchors_refused(at: usize) -> YamlError {
    YamlError::refused(at, front_matter::anchors(), front_matter::anchors_hint())
}

fn too_deep(at: usize) -> YamlError {
    YamlError::refused(
        at,
        front_matter::too_deep(MAX_DEPTH),
        front_matter::too_deep_hint(),
    )
}

fn key_twice(key: &str, at: usize) -> YamlError {
    YamlError::refused(
        at,
        front_matter::key_twice(key),
        front_matter::key_twice_hint(),
    )
}

fn too_many(at: usize) -> YamlError {
    YamlError::refused(
        at,
        front_matter::too_many_values(MAX_NODES),
        front_matter::too_many_values_hint(),
    )
}

/// A syntax error of the event parser. An alias to an anchor never defined is an error
/// there; it is refused like any alias.
fn scan_error(text: &str, offsets: &ByteOffsets, e: &ScanError) -> Failure {
    let at = offsets.byte(e.marker().index());
    if text[at..].starts_with('*') {
        return anchors_refused(at).into();
    }
    // Flow collections nested past the scanner's own limit (a few hundred levels).
    if e.info() == "recursion limit exceeded" {
        return too_deep(at).into();
    }
    // No position in the text: the report's caret and file:line:column show it, counted
    // from the top of the file (the parser counts from the front matter).
    Failure::Syntax(e.info().to_string(), Some(at))
}

/// serde_yaml's message without the position it appends (` at line 3 column 13`, ` at
/// position 95`): counted from the front matter, it would contradict the report's own
/// file:line:column.
fn without_position(message: &str) -> String {
    let cut = [" at line ", " at position "]
        .iter()
        .filter_map(|p| message.find(p))
        .min()
        .unwrap_or(message.len());
    message[..cut].to_string()
}

/// Character index to byte offset. The event parser counts characters. Its positions come
/// nearly in order, so each lookup walks on from the last one; a checkpoint every `STEP`
/// characters bounds the walk when one goes back.
struct ByteOffsets<'t> {
    text: &'t str,
    /// The byte offset of character `k * STEP`; empty when the text is ASCII.
    checkpoints: Vec<usize>,
    /// The last (character, byte) looked up.
    last: Cell<(usize, usize)>,
}

impl<'t> ByteOffsets<'t> {
    const STEP: usize = 64;

    fn new(text: &'t str) -> Self {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(Self::STEP)
                .map(|(i, _)| i)
                .collect()
        };
        ByteOffsets {
            text,
            checkpoints,
            last: Cell::new((0, 0)),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return char_index.min(self.text.len());
        }
        let (mut char_at, mut byte_at) = self.last.get();
        let checkpoint = char_index / Self::STEP;
        if char_index < char_at || char_index - char_at > char_index - checkpoint * Self::STEP {
            let Some(&from) = self.checkpoints.get(checkpoint) else {
                return self.text.len();
            };
            (char_at, byte_at) = (checkpoint * Self::STEP, from);
        }
        let byte = self.text[byte_at..]
            .char_indices()
            .nth(char_index - char_at)
            .map_or(self.text.len(), |(i, _)| byte_at + i);
        self.last.set((char_index, byte));
        byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Node {
        parse_node(text).unwrap()
    }

    fn at<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
        &text[span.clone()]
    }

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
        let text = "a: [1, 2\nb: 3\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.offset.is_some_and(|o| o <= text.len()));
    }

    #[test]
    fn scalars_keep_the_text_as_written_and_their_type() {
        let text = "a: 3.10\nb: 0x1F\nc: [5.0, 1e3]\nd: True\ne: ~\nf: 2024-03-01\ng: \"3.10\"\n";
        let n = map(text);
        let scalar = |key: &str| match &n.entry(key).unwrap().value.value {
            Value::Scalar { text, typed } => (text.clone(), *typed),
            v => panic!("{v:?}"),
        };
        assert_eq!(scalar("a"), ("3.10".into(), Scalar::Float(3.1)));
        assert_eq!(scalar("b"), ("0x1F".into(), Scalar::Int(31)));
        assert_eq!(scalar("d"), ("True".into(), Scalar::Bool(true)));
        assert_eq!(scalar("e"), ("~".into(), Scalar::Null));
        assert_eq!(scalar("f"), ("2024-03-01".into(), Scalar::Str));
        assert_eq!(scalar("g"), ("3.10".into(), Scalar::Str));
        assert!(n.entry("e").unwrap().value.text().is_none());
        let Value::Seq(items) = &n.entry("c").unwrap().value.value else {
            panic!()
        };
        let texts: Vec<_> = items.iter().map(|i| i.text().unwrap()).collect();
        assert_eq!(texts, ["5.0", "1e3"]);
    }

    #[test]
    fn spans_are_exact_for_keys_values_and_items() {
        let text = "title: 事例\ncategories:\n  - 人材育成\n  - \"推進\"\ntags: [a, 福井]\n\
                    source:\n  title: 出典\n  url: https://x.jp/\nempty:\n";
        let n = map(text);
        let e = n.entry("title").unwrap();
        assert_eq!(at(text, &e.key_span), "title");
        assert_eq!(at(text, &e.value.span), "事例");
        let cats = &n.entry("categories").unwrap().value;
        assert_eq!(at(text, &cats.span), "- 人材育成\n  - \"推進\"");
        let Value::Seq(items) = &cats.value else {
            panic!()
        };
        assert_eq!(at(text, &items[1].span), "\"推進\"");
        let Value::Seq(tags) = &n.entry("tags").unwrap().value.value else {
            panic!()
        };
        assert_eq!(at(text, &tags[1].span), "福井");
        assert_eq!(at(text, &n.entry("tags").unwrap().value.span), "[a, 福井]");
        let src = &n.entry("source").unwrap().value;
        let url = src.entry("url").unwrap();
        assert_eq!(at(text, &url.key_span), "url");
        assert_eq!(at(text, &url.value.span), "https://x.jp/");
        assert!(n.entry("empty").unwrap().value.is_null());
    }

    #[test]
    fn anchors_and_aliases_are_refused_where_they_start() {
        for (text, mark) in [
            ("a: &x 1\nb: *x\n", "&x"),
            ("a: !!str &x 1\n", "&x"),
            ("a:\n  - &list [1]\n", "&list"),
            ("a: *nowhere\n", "*nowhere"),
            ("a: [1, *x]\n", "*x"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Refused, "{text}");
            assert!(text[e.offset.unwrap()..].starts_with(mark), "{text}: {e:?}");
        }
        // In quotes, `&` and `*` are text.
        assert_eq!(parse("a: \"*注\"").unwrap(), parse("a: '*注'").unwrap());
    }

    #[test]
    fn a_billion_laughs_is_refused_before_any_expansion() {
        let mut text = format!("a0: &a0 \"{}\"\n", "x".repeat(1 << 20));
        for i in 1..4 {
            let refs = vec![format!("*a{}", i - 1); 64].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let start = std::time::Instant::now();
        let e = parse(&text).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert_eq!(e.offset, Some(4));
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let deep = format!("{}1{}", "[".repeat(20), "]".repeat(20));
        let e = parse(&deep).unwrap_err();
        assert_eq!((e.kind, e.offset), (ErrorKind::Refused, Some(MAX_DEPTH)));
        let block: String = (0..20).map(|i| format!("{}- \n", "  ".repeat(i))).collect();
        let e = parse(&block).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert_eq!(
            &block[..e.offset.unwrap()].matches('\n').count(),
            &MAX_DEPTH
        );
        // The scanner stops a deeper flow by itself, long before the end.
        let deeper = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(&deeper).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert!(e.offset.unwrap() < 1000);
        let fine = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
        let many = format!("[{}]", vec!["1"; MAX_NODES].join(","));
        let e = parse(&many).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert_eq!(&many[e.offset.unwrap()..e.offset.unwrap() + 2], "1]");
    }

    #[test]
    fn a_tab_after_a_colon_separates_as_a_space_does() {
        let text = "published:\t2024-03-01\ntitle:\t \tabc\nsummary: \"a:\tb\"\n";
        let n = map(text);
        let published = &n.entry("published").unwrap().value;
        assert_eq!(published.text(), Some("2024-03-01"));
        assert_eq!(at(text, &published.span), "2024-03-01");
        assert_eq!(n.entry("title").unwrap().value.text(), Some("abc"));
        // Text keeps its tab.
        assert_eq!(n.entry("summary").unwrap().value.text(), Some("a:\tb"));
    }

    #[test]
    fn a_key_written_twice_is_refused_at_the_second() {
        let text = "題名: a\nb: [1]\n題名: b\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert_eq!(e.offset, text.rfind("題名"));
        assert!(parse("a: {x: 1}\nb: {x: 2}\n").is_ok());
    }

    #[test]
    fn byte_offsets_of_characters() {
        let text = "あ".repeat(200) + "x";
        let o = ByteOffsets::new(&text);
        for (c, b) in [
            (0, 0),
            (65, 195),
            (70, 210),
            (3, 9),
            (200, 600),
            (130, 390),
            (201, 601),
        ] {
            assert_eq!(o.byte(c), b, "character {c}");
        }
        assert_eq!(o.byte(500), text.len());
        assert_eq!(o.byte(10), 30);
        assert_eq!(ByteOffsets::new("abc").byte(2), 2);
    }
}
