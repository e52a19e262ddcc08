//! Internal-link checker: every `href` and `src` of every HTML page that points inside the
//! site must name a file the build writes. Used by `yokoten check` and by the tests.

use std::collections::HashSet;

use percent_encoding::percent_decode_str;

use crate::output::{Body, OutputFile};

#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    /// The page holding the link (output path).
    pub page: String,
    /// The link as written.
    pub href: String,
    /// What it was resolved to (output path), or why it could not be.
    pub target: String,
}

/// Check the links of all HTML files among `files`, against the set of paths written.
pub fn check(files: &[OutputFile], base_path: &str) -> Vec<BrokenLink> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut broken = Vec::new();
    for f in files {
        let Body::Bytes(bytes) = &f.body else {
            continue;
        };
        if !f.path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for href in attribute_values(&html) {
            if let Some(target) = resolve(&f.path, &href, base_path) {
                let found = match &target {
                    Ok(t) => exists(&paths, t),
                    Err(_) => false,
                };
                if !found {
                    broken.push(BrokenLink {
                        page: f.path.clone(),
                        href: href.clone(),
                        target: target.unwrap_or_else(|why| why),
                    });
                }
            }
        }
    }
    broken
}

fn exists(paths: &HashSet<&str>, target: &str) -> bool {
    if target.is_empty() || target.ends_with('/') {
        return paths.contains(format!("{target}index.html").as_str());
    }
    paths.contains(target) || paths.contains(format!("{target}/index.html").as_str())
}

/// The values of `href="..."` and `src="..."` attributes, unescaped.
pub fn attribute_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(
                    rest[..end]
                        .replace("&amp;", "&")
                        .replace("&#x2F;", "/")
                        .replace("&#47;", "/"),
                );
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Resolve a link found on `page` to an output path. `None` for links that leave the site
/// (other hosts, mailto:, fragments on the same page); `Err` for links that cannot be inside
/// the site at all.
pub fn resolve(page: &str, href: &str, base_path: &str) -> Option<Result<String, String>> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty()
        || href.starts_with('#')
        || href.starts_with("//")
        || ["http:", "https:", "mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|s| lower.starts_with(s))
    {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let joined = if let Some(abs) = decoded.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        match abs.strip_prefix(base) {
            Some(rel) => rel.to_string(),
            None => return Some(Err(format!("outside the base path {base_path}"))),
        }
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{dir}{decoded}")
    };
    // Normalise `.` and `..` segments.
    let mut segs: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "." => {}
            ".." => {
                if segs.pop().is_none() {
                    return Some(Err("above the site root".into()));
                }
            }
            s => segs.push(s),
        }
    }
    Some(Ok(segs.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves() {
        let r = |href| resolve("cases/a/index.html", href, "/dx/");
        assert_eq!(r("flow.svg"), Some(Ok("cases/a/flow.svg".into())));
        assert_eq!(r("../b/"), Some(Ok("cases/b/".into())));
        assert_eq!(
            r("/dx/categories/%E4%BA%BA/"),
            Some(Ok("categories/人/".into()))
        );
        assert!(matches!(r("/other/"), Some(Err(_))));
        assert_eq!(r("https://e.jp/"), None);
        assert_eq!(r("#top"), None);
    }

    #[test]
    fn finds_broken() {
        let files = vec![
            OutputFile::bytes(
                "index.html",
                b"<a href=\"/cases/\">x</a><img src=\"/nope.png\">".to_vec(),
            ),
            OutputFile::bytes("cases/index.html", b"<a href=\"/\">home</a>".to_vec()),
        ];
        let broken = check(&files, "/");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].href, "/nope.png");
    }
}
