//! A case's front matter, validated against the contract and the site's vocabulary.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::prefectures;
use crate::yaml::{Node, Scalar, Value};

use super::frontmatter::{split, SplitError};
use crate::fields::limits;
use crate::fields::{Doc, Fields, Item};
use crate::names::{valid_slug, valid_term};

pub const CASE_FIELDS: [&str; 12] = [
    "title",
    "municipality",
    "prefecture",
    "published",
    "updated",
    "categories",
    "tags",
    "summary",
    "population",
    "source",
    "slug",
    "draft",
];

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// One case as written by its editor, before Markdown is rendered.
#[derive(Debug, Clone, Hash)]
pub struct Case {
    pub slug: String,
    /// The Markdown file, as shown in messages (relative to the site root).
    pub file: PathBuf,
    /// The case's own folder and its asset files (relative to that folder).
    pub dir: Option<PathBuf>,
    pub assets: Vec<PathBuf>,
    pub title: String,
    pub municipality: String,
    pub prefecture: String,
    pub published: String,
    pub updated: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub population: Option<u64>,
    pub sources: Vec<Source>,
    pub draft: bool,
    /// Shared so that keeping a parsed case between rebuilds costs no copy of its text.
    /// Fingerprint of the body's Markdown text (the body itself is read again, from the
    /// file, when its page is rendered: 100,000 bodies are never in memory at once).
    pub body_fp: u64,
}

/// Parse the front matter and body of a case file. `file` names it in messages;
/// `default_slug` is the file or folder name.
pub fn parse(
    file: &Path,
    text: &str,
    default_slug: &str,
    config: &Config,
) -> Result<Case, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let parts = match split(text) {
        Ok(p) => p,
        Err(e) => {
            let (msg, hint) = match e {
                SplitError::Empty => ("the file is empty", "start with a front matter block: `---`, `title: ...`, ..., `---`"),
                SplitError::NoOpening => (
                    "the file does not start with front matter (`---`)",
                    "put a line `---` first, then the fields (title, municipality, ...), then `---`",
                ),
                SplitError::NoClosing => (
                    "the front matter is never closed",
                    "add a line `---` after the last field, before the body",
                ),
            };
            return Err(vec![Diagnostic::new(file, msg)
                .at(&source, 0..3.min(text.len()))
                .hint(hint)]);
        }
    };
    let mut f = Fields::parse(
        Doc::FrontMatter,
        file,
        source,
        parts.yaml_offset,
        parts.yaml,
    )
    .map_err(|d| vec![d])?;
    f.reject_unknown(&CASE_FIELDS);

    let title = f.text("title", true, limits::TITLE);
    let municipality = f.text("municipality", true, limits::MUNICIPALITY);
    if let Some(m) = &municipality {
        if let Err(why) = valid_term(m) {
            f.error("municipality", format!("municipality {why}"), None);
        }
    }
    let prefecture = f.text("prefecture", true, limits::PREFECTURE);
    if let Some(p) = &prefecture {
        if prefectures::code(p).is_none() {
            let hint = match prefectures::suggest(p) {
                Some(s) => {
                    format!("did you mean {s}? prefecture must be one of the 47, written in full")
                }
                None => {
                    "prefecture must be one of the 47, written in full, e.g. 福井県, 東京都, 北海道"
                        .into()
                }
            };
            f.error(
                "prefecture",
                format!("`{p}` is not a prefecture"),
                Some(hint),
            );
        }
    }
    let published = f.date("published", true);
    let updated = f.date("updated", false);
    if let (Some(p), Some(u)) = (&published, &updated) {
        if u < p {
            f.error(
                "updated",
                format!("`updated` ({u}) is before `published` ({p})"),
                Some("updated must be on or after published".into()),
            );
        }
    }

    let categories = unique(f.list("categories", limits::MAX_CATEGORIES, limits::CATEGORY));
    if f.get("categories").is_some()
        && categories.is_empty()
        && !f
            .errors
            .iter()
            .any(|e| e.field.as_deref() == Some("categories"))
    {
        f.error(
            "categories",
            "`categories` must list at least one 分野",
            None,
        );
    }
    if f.get("categories").is_none() {
        let first = config.categories.first().cloned().unwrap_or_default();
        f.error(
            "categories",
            "`categories` is required",
            Some(format!(
                "add e.g. `categories: [{first}]`; the 分野 are listed in site.yaml"
            )),
        );
    }
    for Item { text: c, span } in &categories {
        if !config.categories.contains(c) {
            let hint = match did_you_mean(c, config.categories.iter().map(String::as_str)) {
                Some(s) => format!("did you mean {s}? categories must be listed in site.yaml"),
                None => format!(
                    "categories must be listed in site.yaml: {}",
                    config.categories.join(", ")
                ),
            };
            f.error_at(
                "categories",
                span.clone(),
                format!("`{c}` is not a category of this site"),
                Some(hint),
            );
        }
    }
    let tags = unique(f.list("tags", limits::MAX_TAGS, limits::TAG));
    for Item { text: t, span } in &tags {
        if let Err(why) = valid_term(t) {
            f.error_at("tags", span.clone(), format!("tag `{t}` {why}"), None);
        }
    }
    let summary = f.text("summary", true, limits::SUMMARY);

    let population = population(&mut f);

    let sources = parse_sources(&mut f);

    let slug = match f.text("slug", false, limits::SLUG) {
        Some(s) => {
            if !valid_slug(&s) {
                f.error(
                    "slug",
                    format!("slug `{s}` may hold only letters, digits and `-`"),
                    Some("e.g. slug: awara-dx-suishinin".into()),
                );
            }
            s
        }
        None if f.get("slug").is_some() => default_slug.to_string(),
        None => {
            let (max, n) = (limits::SLUG.max_chars, default_slug.chars().count());
            if n > max {
                let d = Diagnostic::new(
                    file,
                    crate::msg!(
                        ja: "ファイル名が長すぎます（URL に使う名前は {max} 文字まで、いまは {n} 文字）",
                        en: "the file name is too long for a slug (at most {max} characters, it has {n})"
                    ),
                )
                .at(f.source_text(), 0..0)
                .hint(crate::msg!(
                    ja: "ファイル名を短くするか、`slug:` の行を足してください",
                    en: "shorten the file name or add a `slug:` field"
                ));
                f.errors.push(d);
            } else if !valid_slug(default_slug) {
                let d = Diagnostic::new(file, format!("the file name `{default_slug}` is not a valid slug: only letters, digits and `-`"))
                    .at(f.source_text(), 0..0)
                    .hint("rename the file (e.g. awara-dx.md) or add a `slug:` field");
                f.errors.push(d);
            }
            default_slug.to_string()
        }
    };
    let draft = f.boolean("draft");

    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    Ok(Case {
        slug,
        file: file.to_path_buf(),
        dir: None,
        assets: Vec::new(),
        title: title.unwrap_or_default(),
        municipality: municipality.unwrap_or_default(),
        prefecture: prefecture.unwrap_or_default(),
        published: published.unwrap_or_default(),
        updated,
        categories: categories.into_iter().map(|i| i.text).collect(),
        tags: tags.into_iter().map(|i| i.text).collect(),
        summary: summary.unwrap_or_default(),
        population,
        sources,
        draft,
        body_fp: crate::fingerprint::bytes(parts.body.as_bytes()),
    })
}

/// `population`: a positive whole number, as YAML types it (`27,000` is text).
fn population(f: &mut Fields) -> Option<u64> {
    let v = f.get("population")?.clone();
    if let Some(n) = v.as_int().filter(|&n| n > 0) {
        return Some(n as u64);
    }
    let hint = match &v.value {
        Value::Scalar {
            typed: Scalar::Str,
            text,
        } => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            format!(
                "write digits only, e.g. population: {}",
                if digits.is_empty() {
                    "27000".into()
                } else {
                    digits
                }
            )
        }
        _ => "e.g. population: 27000".into(),
    };
    f.error(
        "population",
        format!(
            "`population` must be a positive whole number, not {}",
            v.kind()
        ),
        Some(hint),
    );
    None
}

/// The first of each text, in order: a case listing a tag twice has it once.
fn unique(items: Vec<Item>) -> Vec<Item> {
    let mut seen = HashSet::with_capacity(items.len());
    items
        .into_iter()
        .filter(|i| seen.insert(i.text.clone()))
        .collect()
}

/// A source's address: a web page, `http://` or `https://`.
fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn parse_sources(f: &mut Fields) -> Vec<Source> {
    let Some(node) = f.get("source").cloned() else {
        return Vec::new();
    };
    let items = match node.value {
        Value::Seq(items) => items,
        Value::Map(_) => vec![node],
        Value::Scalar { .. } => {
            return match f.text_of("source", &node, limits::URL) {
                Some(url) if is_web_url(&url) => vec![Source {
                    title: url.clone(),
                    url,
                }],
                Some(_) => {
                    f.error(
                        "source",
                        format!(
                            "`source` must be a mapping with title and url, or a list of them, not {}",
                            node.kind()
                        ),
                        Some("source:\n  title: 出典の名前\n  url: https://...".into()),
                    );
                    Vec::new()
                }
                None => Vec::new(),
            };
        }
    };
    if let Some(extra) = items.get(limits::MAX_SOURCES) {
        let (max, n) = (limits::MAX_SOURCES, items.len());
        f.error_at(
            "source",
            extra.span.clone(),
            crate::msg!(
                ja: "出典は {max} 件までです（いまは {n} 件）",
                en: "at most {max} sources (there are {n})"
            ),
            Some(crate::msg!(
                ja: "大事な出典を {max} 件まで選んでください",
                en: "keep the {max} that matter most"
            )),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in &items {
        if let Some(source) = parse_source(f, item) {
            out.push(source);
        }
    }
    out
}

/// One `title:`/`url:` mapping; `None` when it has a problem (reported).
fn parse_source(f: &mut Fields, item: &Node) -> Option<Source> {
    let Value::Map(entries) = &item.value else {
        f.error_at(
            "source",
            item.span.clone(),
            "each source must have `title:` (and optionally `url:`)",
            Some("- title: 出典の名前\n    url: https://...".into()),
        );
        return None;
    };
    let before = f.errors.len();
    let (mut title, mut url, mut url_span) = (String::new(), String::new(), item.span.clone());
    for e in entries {
        match e.key.as_str() {
            "title" => {
                title = f
                    .text_of("source", &e.value, limits::SOURCE_TITLE)
                    .unwrap_or_default()
            }
            "url" => {
                url = f
                    .text_of("source", &e.value, limits::URL)
                    .unwrap_or_default();
                url_span = e.value.span.clone();
            }
            other => {
                let hint =
                    did_you_mean(other, ["title", "url"]).map(|s| format!("did you mean `{s}`?"));
                f.error_at(
                    "source",
                    e.key_span.clone(),
                    format!("unknown source field `{other}`"),
                    hint.or(Some("a source has `title` and `url`".into())),
                );
            }
        }
    }
    if !(url.is_empty() || is_web_url(&url)) {
        f.error_at(
            "source",
            url_span,
            format!("source url `{url}` must start with http:// or https://"),
            None,
        );
    }
    if f.errors.len() > before {
        return None;
    }
    if title.is_empty() && url.is_empty() {
        f.error_at(
            "source",
            item.span.clone(),
            "a source needs at least a `title`",
            None,
        );
        return None;
    }
    if title.is_empty() {
        title = url.clone();
    }
    Some(Source { title, url })
}
