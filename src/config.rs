//! `site.yaml`: site settings and the controlled vocabulary of categories (分野).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::limits;
use crate::fields::{Doc, Fields, Item};
use crate::messages::{front_matter, site};

pub const CONFIG_FILE: &str = "site.yaml";
const KEYS: [&str; 7] = [
    "title",
    "base_url",
    "language",
    "theme",
    "description",
    "categories",
    "paginate",
];

/// Words editors write for a setting, and the setting they mean.
const SYNONYMS: &[(&str, &str)] = &[
    ("url", "base_url"),
    ("baseurl", "base_url"),
    ("サイト名", "title"),
    ("タイトル", "title"),
    ("分野", "categories"),
    ("category", "categories"),
    ("説明", "description"),
    ("テーマ", "theme"),
];

#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of base_url, always starting and ending with `/` (e.g. `/dx/`).
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub description: String,
    pub categories: Vec<String>,
    /// Cases per list page.
    pub paginate: usize,
    /// Problems in site.yaml that do not stop a build (reported with the content's).
    #[serde(skip)]
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Config {
    /// Replace the base URL (from `--base-url`, or `serve`'s local address).
    pub fn with_base_url(mut self, url: &str) -> Result<Self, String> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        // What site.yaml's address was warned about no longer applies.
        self.warnings
            .retain(|w| w.field.as_deref() != Some("base_url"));
        Ok(self)
    }
}

/// Read and validate the site's `site.yaml`.
pub fn load(site: &crate::sources::SiteRoot) -> Result<Config, Diagnostics> {
    let path = site.path().join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let bytes = site
        .read(&path, crate::sources::TEXT_LIMIT)
        .map_err(|r| match r {
            crate::sources::Refused::Io(e) => Diagnostic::new(
                &shown,
                site::cannot_read(
                    &path.display().to_string(),
                    &crate::diagnostics::io_cause(&e),
                ),
            )
            .hint(site::cannot_read_hint()),
            other => other.diagnostic(site.path(), &path),
        })?;
    let text = crate::text::decode_text(&bytes)
        .map_err(|e| Diagnostic::new(&shown, e.message).hint(site::save_site_yaml_as_utf8()))?;
    parse(&shown, &text)
}

/// Validate the text of a site.yaml; `file` is the name used in messages.
pub fn parse(file: &Path, text: &str) -> Result<Config, Diagnostics> {
    let source: Arc<str> = Arc::from(text);
    let mut f = Fields::parse(Doc::SiteYaml, file, source, 0, text)?;
    f.reject_unknown(&KEYS, SYNONYMS);

    let title = f.text("title", true, limits::SITE_TITLE);
    let base_url_raw = f.text("base_url", true, limits::URL);
    let language = f.text("language", false, limits::LANGUAGE);
    let theme = f.text("theme", false, limits::THEME);
    let description = f.text("description", false, limits::DESCRIPTION);
    if let Some(theme) = theme.as_deref().filter(|t| !valid_theme_name(t)) {
        f.error("theme", site::theme_path(theme), Some(site::theme_hint()));
    }

    let (base_url, base_path) = match base_url_raw.as_deref().map(split_base_url) {
        Some(Ok(v)) => {
            if is_example_host(&v.0) {
                f.warn(
                    "base_url",
                    site::base_url_example(&v.0),
                    site::base_url_example_hint(),
                );
            }
            v
        }
        Some(Err(m)) => {
            f.error("base_url", m, Some(site::base_url_hint()));
            (String::new(), "/".into())
        }
        None => (String::new(), "/".into()),
    };

    let categories = vocabulary(&mut f);

    let paginate = match f.get("paginate").map(|v| (v.as_int(), v.kind())) {
        None => 20,
        Some((Some(n), _)) if (1..=10_000).contains(&n) => n as usize,
        Some((_, kind)) => {
            f.error(
                "paginate",
                site::paginate(&kind),
                Some(site::paginate_hint()),
            );
            20
        }
    };

    if !f.errors.is_empty() {
        return Err(Diagnostics(f.errors));
    }
    Ok(Config {
        title: title.unwrap_or_default(),
        base_url,
        base_path,
        language: language.unwrap_or_else(|| "ja".into()),
        theme: theme.unwrap_or_else(|| "default".into()),
        description: description.unwrap_or_default(),
        categories,
        paginate,
        warnings: f.warnings,
    })
}

/// The address `init` writes into site.yaml, for the editor to replace.
pub const INIT_BASE_URL: &str = "https://example.jp/dx/";

/// Whether site.yaml still holds `init`'s address: a site built with it would point its
/// feeds and shared links at somebody else's domain. (Only that exact address: another
/// example domain was written on purpose, as the tests' sites do.)
fn is_example_host(base_url: &str) -> bool {
    base_url == INIT_BASE_URL
}

/// The 分野 that cases may use. Two names that would be one folder on Windows or macOS
/// (`窓口DX`, `窓口dx`) are one name listed twice.
fn vocabulary(f: &mut Fields) -> Vec<String> {
    if f.get("categories").is_none() {
        f.error(
            "categories",
            site::categories_required(),
            Some(site::categories_required_hint()),
        );
        return Vec::new();
    }
    let items = f.list("categories", limits::MAX_VOCABULARY, limits::CATEGORY);
    let mut seen = HashSet::new();
    let mut categories = Vec::new();
    for Item { text: s, span } in items {
        if !seen.insert(crate::names::file_key(&s)) {
            f.error_at(
                "categories",
                span,
                site::category_twice(&s),
                Some(site::category_twice_hint()),
            );
        } else if crate::names::valid_term(&s).is_err() {
            // (`..` would make /categories/../ the home page.)
            let label = limits::CATEGORY.label();
            let message = if s.contains(['/', '\\']) {
                front_matter::name_slash(&label, &s)
            } else {
                front_matter::name_dots(&label, &s)
            };
            f.error_at(
                "categories",
                span,
                message,
                Some(front_matter::name_slash_hint()),
            );
        } else {
            categories.push(s);
        }
    }
    let failed = f
        .errors
        .iter()
        .any(|e| e.field.as_deref() == Some("categories"));
    if categories.is_empty() && !failed {
        f.error("categories", site::categories_empty(), None);
    }
    categories
}

/// A theme is a folder directly under `themes/`: its name alone, never a path (`../x`,
/// `/etc`), so that templates and static files come from inside the site.
pub fn valid_theme_name(theme: &str) -> bool {
    !theme.is_empty()
        && theme != "."
        && theme != ".."
        && !theme.starts_with('.')
        && !theme.contains(['/', '\\', ':'])
        && !theme.chars().any(char::is_control)
}

/// `https://example.jp/dx` -> (`https://example.jp/dx/`, `/dx/`).
pub fn split_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| site::base_url_scheme(url))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(site::base_url_no_host(url));
    }
    if rest.contains(['?', '#', ' ']) {
        return Err(site::base_url_marks(url));
    }
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    };
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let mut base = url.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    Ok((base, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str =
        "title: T\nbase_url: https://example.jp/dx\ncategories: [人材育成, 推進体制]\n";

    #[test]
    fn parses_and_defaults() {
        let c = parse(Path::new("site.yaml"), OK).unwrap();
        assert_eq!(c.base_url, "https://example.jp/dx/");
        assert_eq!(c.base_path, "/dx/");
        assert_eq!(c.language, "ja");
        assert_eq!(c.theme, "default");
        assert_eq!(c.paginate, 20);
        assert_eq!(c.categories, vec!["人材育成", "推進体制"]);
    }

    #[test]
    fn unknown_key_suggests() {
        let e = parse(Path::new("site.yaml"), &format!("{OK}titel: x\n")).unwrap_err();
        let d = &e.0[0];
        assert_eq!(
            d.hint.as_deref(),
            Some("`title` のことですか？ `title: x` と書いてください")
        );
        assert_eq!(d.line_col(), Some((4, 1)));
    }

    #[test]
    fn missing_required() {
        let e = parse(Path::new("site.yaml"), "language: ja\n").unwrap_err();
        let msgs: Vec<_> = e.iter().map(|d| d.message.clone()).collect();
        assert!(msgs
            .iter()
            .any(|m| m.contains("必ず書く項目 `title` がありません")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("必ず書く項目 `base_url` がありません")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("`categories`（事例に使える分野の一覧）がありません")));
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(split_base_url("http://127.0.0.1:1111").unwrap().1, "/");
        assert!(split_base_url("example.jp").is_err());
        assert!(split_base_url("https:///x").is_err());
    }
}
