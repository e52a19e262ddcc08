//! `site.yaml`: site settings and the controlled vocabulary of categories (分野).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::limits;
use crate::fields::{Doc, Fields, Item};

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
}

impl Config {
    /// Replace the base URL (from `--base-url`, or `serve`'s local address).
    pub fn with_base_url(mut self, url: &str) -> Result<Self, String> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
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
                format!("cannot read {}: {e}", path.display()),
            )
            .hint(
                "run yokoten in a site folder, or pass --root DIR (create one with `yokoten init`)",
            ),
            other => other.diagnostic(site.path(), &path),
        })?;
    let text = crate::text::decode_text(&bytes)
        .map_err(|m| Diagnostic::new(&shown, m).hint("save site.yaml as UTF-8"))?;
    parse(&shown, &text)
}

/// Validate the text of a site.yaml; `file` is the name used in messages.
pub fn parse(file: &Path, text: &str) -> Result<Config, Diagnostics> {
    let source: Arc<str> = Arc::from(text);
    let mut f = Fields::parse(Doc::SiteYaml, file, source, 0, text)?;
    f.reject_unknown(&KEYS);

    let title = f.text("title", true, limits::SITE_TITLE);
    let base_url_raw = f.text("base_url", true, limits::URL);
    let language = f.text("language", false, limits::LANGUAGE);
    let theme = f.text("theme", false, limits::THEME);
    let description = f.text("description", false, limits::DESCRIPTION);
    if let Some(theme) = theme.as_deref().filter(|t| !valid_theme_name(t)) {
        f.error(
            "theme",
            crate::msg!(
                ja: "theme には themes フォルダーの中のフォルダーの名前だけを書きます (`{theme}` は使えません)",
                en: "theme must be the name of a folder in themes/, not a path (`{theme}`)"
            ),
            Some(crate::msg!(ja: "例: theme: default", en: "e.g. theme: default")),
        );
    }

    let (base_url, base_path) = match base_url_raw.as_deref().map(split_base_url) {
        Some(Ok(v)) => v,
        Some(Err(m)) => {
            f.error(
                "base_url",
                m,
                Some("e.g. base_url: https://example.jp/dx/".into()),
            );
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
                format!("`paginate` must be a whole number from 1 to 10000, not {kind}"),
                Some("e.g. paginate: 20".into()),
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
    })
}

/// The 分野 that cases may use. Two names that would be one folder on Windows or macOS
/// (`窓口DX`, `窓口dx`) are one name listed twice.
fn vocabulary(f: &mut Fields) -> Vec<String> {
    if f.get("categories").is_none() {
        f.error(
            "categories",
            "`categories` is required: the list of 分野 cases may use",
            Some("add `categories:` with one `- 名前` line per category".into()),
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
                format!("category `{s}` is listed twice"),
                None,
            );
        } else if let Err(why) = crate::names::valid_term(&s) {
            // (`..` would make /categories/../ the home page.)
            f.error_at(
                "categories",
                span,
                format!("category `{s}` {why}"),
                Some("category names become folder names; use ・ instead".into()),
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
        f.error(
            "categories",
            "`categories` must list at least one 分野",
            None,
        );
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
        .ok_or_else(|| format!("base_url `{url}` must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host name"));
    }
    if rest.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must not contain `?`, `#` or spaces"
        ));
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
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.line_col(), Some((4, 1)));
    }

    #[test]
    fn missing_required() {
        let e = parse(Path::new("site.yaml"), "language: ja\n").unwrap_err();
        let msgs: Vec<_> = e.iter().map(|d| d.message.clone()).collect();
        assert!(msgs.iter().any(|m| m.contains("`title` is required")));
        assert!(msgs.iter().any(|m| m.contains("`base_url` is required")));
        assert!(msgs.iter().any(|m| m.contains("`categories` is required")));
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(split_base_url("http://127.0.0.1:1111").unwrap().1, "/");
        assert!(split_base_url("example.jp").is_err());
        assert!(split_base_url("https:///x").is_err());
    }
}
