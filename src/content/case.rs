//! A case's front matter, validated against the contract and the site's vocabulary.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::prefectures;
use crate::yaml::{self, Yaml};

use super::fields::{valid_slug, valid_term, Fields};
use super::frontmatter::{split, SplitError};

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
#[derive(Debug, Clone)]
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
    pub body: Arc<str>,
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
    let map = match yaml::parse(parts.yaml) {
        Ok(Yaml::Map(m)) => m,
        Ok(Yaml::Null) => Vec::new(),
        Ok(other) => {
            return Err(vec![Diagnostic::new(
                file,
                format!(
                    "front matter must be `field: value` lines, not {}",
                    other.kind()
                ),
            )
            .at(
                &source,
                parts.yaml_offset..parts.yaml_offset + parts.yaml.trim_end().len(),
            )
            .hint("e.g. `title: 事例のタイトル`")]);
        }
        Err(e) => {
            let at = parts.yaml_offset + e.offset.unwrap_or(0);
            return Err(vec![Diagnostic::new(file, format!("front matter is not valid YAML: {}", e.message))
                .at(&source, at..at)
                .hint("check indentation, and put text containing `: ` or starting with `[`, `{`, `*` in quotes")]);
        }
    };
    let mut f = Fields::new(file, source, parts.yaml_offset, parts.yaml, map);
    f.reject_unknown(&CASE_FIELDS);

    let title = f.text("title", true);
    let municipality = f.text("municipality", true);
    if let Some(m) = &municipality {
        if let Err(why) = valid_term(m) {
            f.error("municipality", format!("municipality {why}"), None);
        }
    }
    let prefecture = f.text("prefecture", true);
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

    let categories = f.list("categories");
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
    for c in &categories {
        if !config.categories.contains(c) {
            let hint = match did_you_mean(c, config.categories.iter().map(String::as_str)) {
                Some(s) => format!("did you mean {s}? categories must be listed in site.yaml"),
                None => format!(
                    "categories must be listed in site.yaml: {}",
                    config.categories.join(", ")
                ),
            };
            f.error_at_item(
                "categories",
                c,
                format!("`{c}` is not a category of this site"),
                Some(hint),
            );
        }
    }
    let tags = f.list("tags");
    for t in &tags {
        if let Err(why) = valid_term(t) {
            f.error_at_item("tags", t, format!("tag `{t}` {why}"), None);
        }
    }
    let summary = f.text("summary", true);

    let population = match f.get("population").cloned() {
        None => None,
        Some(Yaml::Int(n)) if n > 0 => Some(n as u64),
        Some(v) => {
            let hint = match &v {
                Yaml::Str(s) => {
                    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
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
    };

    let sources = parse_sources(&mut f);

    let slug = match f.text("slug", false) {
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
        None => {
            if !valid_slug(default_slug) {
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
        categories,
        tags,
        summary: summary.unwrap_or_default(),
        population,
        sources,
        draft,
        body: Arc::from(parts.body),
    })
}

fn parse_sources(f: &mut Fields) -> Vec<Source> {
    let items = match f.get("source").cloned() {
        None => return Vec::new(),
        Some(Yaml::Seq(items)) => items,
        Some(m @ Yaml::Map(_)) => vec![m],
        Some(Yaml::Str(url)) if url.starts_with("http") => {
            return vec![Source {
                title: url.clone(),
                url,
            }];
        }
        Some(v) => {
            f.error(
                "source",
                format!(
                    "`source` must be a mapping with title and url, or a list of them, not {}",
                    v.kind()
                ),
                Some("source:\n  title: 出典の名前\n  url: https://...".into()),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Yaml::Map(m) = item else {
            f.error(
                "source",
                "each source must have `title:` (and optionally `url:`)",
                Some("- title: 出典の名前\n    url: https://...".into()),
            );
            continue;
        };
        let mut title = String::new();
        let mut url = String::new();
        for (k, v) in m {
            match (k.as_str(), v.as_text()) {
                ("title", Some(t)) => title = t.trim().to_string(),
                ("url", Some(u)) => url = u.trim().to_string(),
                ("title" | "url", None) => {
                    f.error_at_item("source", &k, format!("source `{k}` must be text"), None)
                }
                (other, _) => {
                    let hint = did_you_mean(other, ["title", "url"])
                        .map(|s| format!("did you mean `{s}`?"));
                    f.error_at_item(
                        "source",
                        other,
                        format!("unknown source field `{other}`"),
                        hint.or(Some("a source has `title` and `url`".into())),
                    );
                }
            }
        }
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            f.error_at_item(
                "source",
                &url,
                format!("source url `{url}` must start with http:// or https://"),
                None,
            );
        }
        if title.is_empty() && url.is_empty() {
            f.error("source", "a source needs at least a `title`", None);
            continue;
        }
        if title.is_empty() {
            title = url.clone();
        }
        out.push(Source { title, url });
    }
    out
}
