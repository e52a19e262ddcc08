//! `site.yaml`: site settings and the controlled vocabulary of categories (分野).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::yaml::{self, Spans, Yaml};

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

/// Read and validate `site.yaml` under `root`.
pub fn load(root: &Path) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let not_found = |e: &dyn std::fmt::Display| {
        Diagnostic::new(&shown, format!("cannot read {}: {e}", path.display())).hint(
            "run yokoten in a site folder, or pass --root DIR (create one with `yokoten init`)",
        )
    };
    let site = crate::sources::SiteRoot::new(root).map_err(|e| not_found(&e))?;
    let bytes = site
        .read(&path, crate::sources::TEXT_LIMIT)
        .map_err(|r| match r {
            crate::sources::Refused::Io(e) => not_found(&e),
            other => other.diagnostic(root, &path),
        })?;
    let text = crate::content::decode_text(&bytes)
        .map_err(|m| Diagnostic::new(&shown, m).hint("save site.yaml as UTF-8"))?;
    parse(&shown, &text)
}

/// Validate the text of a site.yaml; `file` is the name used in messages.
pub fn parse(file: &Path, text: &str) -> Result<Config, Diagnostics> {
    let source: Arc<str> = Arc::from(text);
    let mut errors = Diagnostics::default();
    let value = match yaml::parse(text) {
        Ok(v) => v,
        Err(e) => {
            let at = e.offset.unwrap_or(0);
            return Err(Diagnostic::new(
                file,
                format!("site.yaml is not valid YAML: {}", e.message),
            )
            .at(&source, at..at)
            .hint("check indentation and quote text that contains `: `")
            .into());
        }
    };
    let Yaml::Map(map) = value else {
        return Err(
            Diagnostic::new(file, "site.yaml must be a mapping of `key: value` lines")
                .at(&source, 0..0)
                .hint("start with `title: ...` and `base_url: ...`")
                .into(),
        );
    };
    let spans = Spans::new(text);
    let err = |field: &str, msg: String| {
        let d = Diagnostic::new(file, msg).field(field);
        match spans.value(field) {
            Some(s) => d.at(&source, s),
            None => d.at(&source, 0..0),
        }
    };
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v);

    for (key, _) in &map {
        if !KEYS.contains(&key.as_str()) {
            let mut d =
                Diagnostic::new(file, format!("unknown key `{key}` in site.yaml")).field(key);
            if let Some(s) = spans.key(key) {
                d = d.at(&source, s);
            }
            d = match did_you_mean(key, KEYS) {
                Some(k) => d.hint(format!("did you mean `{k}`?")),
                None => d.hint(format!("known keys: {}", KEYS.join(", "))),
            };
            errors.push(d);
        }
    }

    let mut text_field = |key: &str, required: bool, default: &str| -> String {
        match get(key) {
            None | Some(Yaml::Null) if required => {
                errors.push(
                    err(key, format!("`{key}` is required"))
                        .hint(format!("add a line `{key}: ...`")),
                );
                String::new()
            }
            None | Some(Yaml::Null) => default.to_string(),
            Some(v) => match v.as_text() {
                Some(s) if required && s.trim().is_empty() => {
                    errors.push(err(key, format!("`{key}` must not be empty")));
                    s
                }
                Some(s) => s.trim().to_string(),
                None => {
                    errors.push(err(key, format!("`{key}` must be text, not {}", v.kind())));
                    String::new()
                }
            },
        }
    };
    let title = text_field("title", true, "");
    let base_url_raw = text_field("base_url", true, "");
    let language = text_field("language", false, "ja");
    let theme = text_field("theme", false, "default");
    let description = text_field("description", false, "");
    if !crate::templates::valid_theme_name(&theme) {
        errors.push(
            err(
                "theme",
                crate::msg!(
                    ja: "theme には themes フォルダーの中のフォルダーの名前だけを書きます (`{theme}` は使えません)",
                    en: "theme must be the name of a folder in themes/, not a path (`{theme}`)"
                ),
            )
            .hint(crate::msg!(ja: "例: theme: default", en: "e.g. theme: default")),
        );
    }

    let (base_url, base_path) = match split_base_url(&base_url_raw) {
        Ok(v) => v,
        Err(m) if !base_url_raw.is_empty() => {
            errors.push(err("base_url", m).hint("e.g. base_url: https://example.jp/dx/"));
            (String::new(), "/".into())
        }
        Err(_) => (String::new(), "/".into()),
    };

    let mut categories = Vec::new();
    match get("categories") {
        None | Some(Yaml::Null) => errors.push(
            err(
                "categories",
                "`categories` is required: the list of 分野 cases may use".into(),
            )
            .hint("add `categories:` with one `- 名前` line per category"),
        ),
        Some(Yaml::Seq(items)) => {
            for item in items {
                match item.as_text().map(|s| s.trim().to_string()) {
                    Some(s) if !s.is_empty() => {
                        if categories.contains(&s) {
                            errors.push(
                                Diagnostic::new(file, format!("category `{s}` is listed twice"))
                                    .field("categories")
                                    .at(&source, spans.within("categories", &s).unwrap_or(0..0)),
                            );
                        } else if s.contains(['/', '\\']) {
                            errors.push(
                                Diagnostic::new(
                                    file,
                                    format!("category `{s}` contains `/` or `\\`"),
                                )
                                .field("categories")
                                .at(&source, spans.within("categories", &s).unwrap_or(0..0))
                                .hint("category names become folder names; use ・ instead"),
                            );
                        } else {
                            categories.push(s);
                        }
                    }
                    _ => errors.push(err(
                        "categories",
                        "each category must be a non-empty name".into(),
                    )),
                }
            }
            if items.is_empty() {
                errors.push(err(
                    "categories",
                    "`categories` must list at least one 分野".into(),
                ));
            }
        }
        Some(v) => errors.push(
            err(
                "categories",
                format!("`categories` must be a list, not {}", v.kind()),
            )
            .hint("write one `- 名前` line per category"),
        ),
    }

    let paginate = match get("paginate") {
        None | Some(Yaml::Null) => 20,
        Some(Yaml::Int(n)) if (1..=10_000).contains(n) => *n as usize,
        Some(v) => {
            errors.push(
                err(
                    "paginate",
                    format!(
                        "`paginate` must be a whole number from 1 to 10000, not {}",
                        v.kind()
                    ),
                )
                .hint("e.g. paginate: 20"),
            );
            20
        }
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title,
        base_url,
        base_path,
        language,
        theme,
        description,
        categories,
        paginate,
    })
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
