//! The case schema: one table says, for every field of a case, how it is written, read and
//! checked, how it is shown, whether it is a column of the catalogue, what the search index
//! does with it and whether it moves a case in the lists. Everything that handles case
//! fields reads this table instead of naming the fields again:
//!
//! - parsing and validation (`case::parse`), and the list of known keys;
//! - `yokoten new case` (`scaffold`): a comment and an example line per field;
//! - cases.json and cases.csv columns (`feeds`);
//! - the card every list and case page shows (`pages::cards`);
//! - the search document (`build::search`);
//! - fingerprints: a case's placement (what decides where it is listed) is the hash of the
//!   fields marked so; everything else only changes what its own card and page show.
//!
//! The table itself, and the `Case` struct it makes (one typed field per row, so that code
//! that needs a field by name still reads `case.title`), are in `case.rs` ([`case_schema!`]).
//! Adding a field is one row there, and its use in the templates.

use crate::fields::limits::Limit;
use crate::urls;

/// A source of a case (出典): a name and, usually, the page it is on.
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// How a field is written and read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One line of text (a number is the text it is written with).
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A list of names; a single value is a list of one. `vocabulary`: only the 分野 of
    /// site.yaml.
    Terms { vocabulary: bool },
    /// A positive whole number.
    Count,
    /// `true` or `false`.
    Flag,
    /// One `title:`/`url:` mapping, a list of them, or a bare URL.
    Sources,
    /// A URL name; the file or folder name when not written.
    Slug,
}

/// A check of a field's text beyond its kind's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    None,
    /// A name that becomes a folder (`names::valid_term`).
    Term,
    /// One of the 47 prefectures, written in full.
    Prefecture,
    /// On or after the date of the field named.
    NotBefore(&'static str),
}

/// How the card (lists, the case page, templates) shows a field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// Not on the card.
    No,
    /// As written.
    Plain,
    /// With its inline Markdown taken out (`**強調**` shows as 強調).
    PlainInline,
    /// As a term of a taxonomy: the name, and `<name>_url` the link to its page (one
    /// value), or a list of links (a list).
    Term(urls::Kind),
}

/// What the search index does with a field. The index has fixed roles (see
/// `search::SearchDoc`); a field fills one of them, or adds its words to `Keywords`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Search {
    No,
    /// Found by a search, with the weight of the place and the terms (below the title,
    /// above the summary); not a facet and not shown in results. Any text or list field.
    Keywords,
    Title,
    Summary,
    Municipality,
    Prefecture,
    Categories,
    Tags,
    Published,
    Population,
}

/// One row of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key in the front matter.
    pub key: &'static str,
    /// The field's name in code, in cases.json/csv and in the templates' `case.<name>`.
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The longest text (of each item, for a list), and what the field is called.
    pub limit: Limit,
    /// The most items of a list.
    pub max_items: usize,
    /// A check beyond the kind's own.
    pub check: Check,
    /// What `new case` writes above the field.
    pub help: &'static str,
    /// What `new case` writes as its value (`{date}`, `{category}` and `{slug}` are filled
    /// in).
    pub example: &'static str,
    /// `new case` writes the line as a comment only: an optional field shown by example.
    pub example_commented: bool,
    /// A column of cases.json and cases.csv.
    pub column: bool,
    pub shown: Shown,
    /// Decides where a case is listed (its order, its terms, its related cases, whether it
    /// is published): an edit of it is never a patch of the kept model.
    pub placement: bool,
    pub search: Search,
}

/// A field's value, whatever its type, for code that goes through the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    /// An optional text (an empty string is never stored).
    Optional(Option<&'a str>),
    List(&'a [String]),
    Count(Option<u64>),
    Flag(bool),
    Sources(&'a [Source]),
}

impl Value<'_> {
    /// The value as one cell of text: lists joined with `;`, sources by their URL (or
    /// title), nothing as the empty text.
    pub fn cell(&self) -> String {
        match *self {
            Value::Text(s) => s.to_string(),
            Value::Optional(s) => s.unwrap_or_default().to_string(),
            Value::List(items) => items.join(";"),
            Value::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::Flag(b) => b.to_string(),
            Value::Sources(s) => s
                .iter()
                .map(|s| {
                    if s.url.is_empty() {
                        s.title.as_str()
                    } else {
                        s.url.as_str()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The value as JSON.
    pub fn json(&self) -> serde_json::Value {
        match *self {
            Value::Text(s) => s.into(),
            Value::Optional(s) => s.into(),
            Value::List(items) => items.into(),
            Value::Count(n) => n.into(),
            Value::Flag(b) => b.into(),
            Value::Sources(s) => serde_json::to_value(s).unwrap_or_default(),
        }
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}
impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(s: &'a Option<String>) -> Self {
        Value::Optional(s.as_deref())
    }
}
impl<'a> From<&'a Vec<String>> for Value<'a> {
    fn from(s: &'a Vec<String>) -> Self {
        Value::List(s)
    }
}
impl<'a> From<&'a Option<u64>> for Value<'a> {
    fn from(n: &'a Option<u64>) -> Self {
        Value::Count(*n)
    }
}
impl<'a> From<&'a bool> for Value<'a> {
    fn from(b: &'a bool) -> Self {
        Value::Flag(*b)
    }
}
impl<'a> From<&'a Vec<Source>> for Value<'a> {
    fn from(s: &'a Vec<Source>) -> Self {
        Value::Sources(s)
    }
}

/// A field as read from the front matter, before it becomes its typed field.
#[derive(Debug, Clone, Default)]
pub enum Read {
    #[default]
    Missing,
    Text(String),
    List(Vec<String>),
    Count(u64),
    Flag(bool),
    Sources(Vec<Source>),
}

/// Turning what was read into a field's type (a missing value is the type's empty value).
pub trait FromRead: Sized {
    fn from_read(r: Read) -> Self;
}

impl FromRead for String {
    fn from_read(r: Read) -> Self {
        match r {
            Read::Text(s) => s,
            _ => String::new(),
        }
    }
}
impl FromRead for Option<String> {
    fn from_read(r: Read) -> Self {
        match r {
            Read::Text(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
}
impl FromRead for Vec<String> {
    fn from_read(r: Read) -> Self {
        match r {
            Read::List(v) => v,
            _ => Vec::new(),
        }
    }
}
impl FromRead for Option<u64> {
    fn from_read(r: Read) -> Self {
        match r {
            Read::Count(n) => Some(n),
            _ => None,
        }
    }
}
impl FromRead for bool {
    fn from_read(r: Read) -> Self {
        matches!(r, Read::Flag(true))
    }
}
impl FromRead for Vec<Source> {
    fn from_read(r: Read) -> Self {
        match r {
            Read::Sources(v) => v,
            _ => Vec::new(),
        }
    }
}

/// Make the `Case` struct and the schema table from one list of rows:
///
/// ```ignore
/// case_schema! {
///     title: String = Field { key: "title", name: "title", ... },
/// }
/// ```
///
/// gives `pub struct Case { pub title: String, ..., file, dir, assets, body_fp }`,
/// `pub static FIELDS: &[Field]` in the same order, `Case::values()` (each field with its
/// value, in table order), `Case::placement_fingerprint()` and `Case::from_reads()`.
macro_rules! case_schema {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty = $field:expr ),* $(,)?) => {
        /// One case as written by its editor, before Markdown is rendered: the fields of
        /// the schema (see `FIELDS`), then what the walk found.
        #[derive(Debug, Clone, Hash)]
        pub struct Case {
            $( $(#[$doc])* pub $name: $ty, )*
            /// The Markdown file, as shown in messages (relative to the site root).
            pub file: std::path::PathBuf,
            /// The case's own folder and its files (relative to that folder).
            pub dir: Option<std::path::PathBuf>,
            pub assets: Vec<std::path::PathBuf>,
            /// Fingerprint of the body's Markdown text (the body itself is read again, from
            /// the file, when its page is rendered: 100,000 bodies are never in memory at
            /// once).
            pub body_fp: u64,
            /// Text left from the template of `new case` (warnings, `leftovers`).
            pub leftovers: Vec<$crate::diagnostics::Diagnostic>,
        }

        /// The case schema, one row per field of `Case`, in the same order.
        pub static FIELDS: &[$crate::content::schema::Field] = &[ $( $field ),* ];

        impl Case {
            /// Every field of the schema with its value, in table order.
            pub fn values(&self) -> Vec<(&'static $crate::content::schema::Field, $crate::content::schema::Value<'_>)> {
                let values = [ $( $crate::content::schema::Value::from(&self.$name) ),* ];
                FIELDS.iter().zip(values).collect()
            }

            /// What decides where the case is listed: the fields marked `placement`, and
            /// its folder and files.
            pub fn placement_fingerprint(&self) -> u64 {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                let mut row = FIELDS.iter();
                $(
                    if row.next().is_some_and(|f| f.placement) {
                        self.$name.hash(&mut h);
                    }
                )*
                (&self.dir, &self.assets).hash(&mut h);
                h.finish()
            }

            /// A case from what was read for each field (table order).
            fn from_reads(reads: Vec<$crate::content::schema::Read>, file: &std::path::Path, body_fp: u64) -> Case {
                use $crate::content::schema::FromRead;
                let mut reads = reads.into_iter();
                Case {
                    $( $name: FromRead::from_read(reads.next().unwrap_or_default()), )*
                    file: file.to_path_buf(),
                    dir: None,
                    assets: Vec::new(),
                    body_fp,
                    leftovers: Vec::new(),
                }
            }

            /// The names the macro gave the fields, for the test that they match the table.
            #[cfg(test)]
            fn field_names() -> &'static [&'static str] {
                &[ $( stringify!($name) ),* ]
            }
        }
    };
}

pub(crate) use case_schema;
