//! Loading and compiling the Tera templates: the theme's `templates/`, overridden file by
//! file by the site's own `templates/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::messages::site;
use crate::sources::{Kind, SiteRoot, TEXT_LIMIT};

/// Template sources read from disk: name -> (file shown in messages, text).
#[derive(Debug, Clone, Default)]
pub struct TemplateSources {
    pub files: Vec<(String, PathBuf, String)>,
}

pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

impl TemplateSources {
    /// Changes whenever any template's name or text changes.
    pub fn fingerprint(&self) -> u64 {
        let parts: Vec<(&str, &str)> = self
            .files
            .iter()
            .map(|(n, _, t)| (n.as_str(), t.as_str()))
            .collect();
        crate::fingerprint::of(&parts)
    }
}

/// Read the theme's and the site's templates (inside the site only: see `sources`).
pub fn load(site: &SiteRoot, theme: &str) -> Result<TemplateSources, Diagnostics> {
    let root = site.path();
    let dir = theme_dir(root, theme);
    let found = crate::config::valid_theme_name(theme)
        && site
            .check_dir(&dir.join("templates"))
            .map_err(|r| Diagnostics::from(r.diagnostic(root, &dir.join("templates"))))?;
    if !found {
        let available: Vec<String> = site
            .list(&root.join("themes"))
            .entries
            .into_iter()
            .filter(|(_, k)| *k == Kind::Dir)
            .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let hint = if available.is_empty() {
            site::theme_missing_init_hint()
        } else {
            site::themes_found(&available.join(", "))
        };
        return Err(
            Diagnostic::new(crate::config::CONFIG_FILE, site::theme_missing(theme))
                .field("theme")
                .hint(hint)
                .into(),
        );
    }
    let mut by_name: HashMap<String, (PathBuf, String)> = HashMap::new();
    let mut errors = Diagnostics::default();
    for folder in [dir.join("templates"), root.join("templates")] {
        if let Err(r) = site.check_dir(&folder) {
            errors.push(r.diagnostic(root, &folder));
            continue;
        }
        let listing = site.list(&folder);
        errors.extend(listing.refused.iter().map(|(p, r)| r.diagnostic(root, p)));
        for (path, kind) in listing.entries {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if kind != Kind::File || !matches!(ext, "html" | "xml" | "txt") {
                continue;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shown = display_path(root, &path);
            let text = site
                .read(&path, TEXT_LIMIT)
                .map_err(|r| r.diagnostic(root, &path))
                .and_then(|b| {
                    crate::text::decode_text(&b)
                        .map_err(|e| Diagnostic::new(&shown, e.message).hint(e.hint))
                });
            match text {
                Ok(text) => {
                    by_name.insert(name, (shown, text));
                }
                Err(d) => errors.push(d),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut files: Vec<(String, PathBuf, String)> =
        by_name.into_iter().map(|(n, (p, t))| (n, p, t)).collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(TemplateSources { files })
}

/// Compile all templates at once (Tera resolves `extends` and `import` across them).
pub fn compile(sources: &TemplateSources) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::escape::html);
    tera.register_filter("num", num_filter);
    tera.register_filter("jdate", jdate_filter);
    let raw: Vec<(&str, &str)> = sources
        .files
        .iter()
        .map(|(n, _, t)| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        let msg = crate::diagnostics::error_chain(&e);
        // Point at the template named in the message when we can.
        let file = sources
            .files
            .iter()
            .find(|(n, _, _)| msg.contains(n.as_str()))
            .map(|(_, p, _)| p.clone())
            .unwrap_or_else(|| PathBuf::from("templates"));
        return Err(Diagnostic::new(file, site::template_error(&msg))
            .hint(site::template_hint())
            .into());
    }
    Ok(tera)
}

/// `{{ "2024-03-01" | jdate }}` -> `2024年3月1日`; anything that is not `YYYY-MM-DD` (three
/// parts split by `-`) is returned as is. A filter rather than a macro: it runs on every card.
fn jdate_filter(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.as_str(),
        tera::Value::Null => "",
        other => return Ok(other.clone()),
    };
    Ok(tera::Value::String(japanese_date(s)))
}

pub fn japanese_date(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 {
        return s.to_string();
    }
    // Like Tera's `int` filter: a part that is not a number counts as 0.
    let n = |p: &str| p.trim().parse::<i64>().unwrap_or(0);
    format!("{}年{}月{}日", parts[0], n(parts[1]), n(parts[2]))
}

/// `{{ 27000 | num }}` -> `27,000`.
fn num_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let n = match value {
        tera::Value::Number(n) => n
            .as_i64()
            .map(|i| i as i128)
            .or_else(|| n.as_u64().map(|u| u as i128)),
        tera::Value::String(s) => s.parse::<i128>().ok(),
        _ => None,
    };
    Ok(tera::Value::String(match n {
        Some(n) => group_thousands(n),
        None => value.as_str().map(str::to_string).unwrap_or_default(),
    }))
}

pub fn group_thousands(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::group_thousands(27000), "27,000");
        assert_eq!(super::group_thousands(926179), "926,179");
        assert_eq!(super::group_thousands(999), "999");
        assert_eq!(super::group_thousands(1000000), "1,000,000");
    }

    #[test]
    fn japanese_dates() {
        assert_eq!(super::japanese_date("2024-03-01"), "2024年3月1日");
        assert_eq!(super::japanese_date("2024-12-31"), "2024年12月31日");
        assert_eq!(super::japanese_date("2024"), "2024");
    }
}
