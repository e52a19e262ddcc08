//! Internal-link checker: every `href` and `src` of every HTML page that points inside the
//! site must name a file the build writes. Used by `yokoten check` and by the tests.
//! [`external`]: `check --external`, the links that leave the site.

pub mod external;

use std::borrow::Cow;
use std::collections::HashSet;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

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

/// The paths a build writes, and the folders that have an `index.html` (so that `cases/a/`
/// and `cases/a` are found without building `cases/a/index.html` for every link).
struct Written<'a> {
    files: HashSet<&'a str>,
    /// Folders with an index.html, without the trailing slash ("" for the root).
    index_dirs: HashSet<&'a str>,
}

impl<'a> Written<'a> {
    fn new(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let files: HashSet<&str> = paths.into_iter().collect();
        let index_dirs = files
            .iter()
            .filter_map(|p| {
                if *p == "index.html" {
                    Some("")
                } else {
                    p.strip_suffix("/index.html")
                }
            })
            .collect();
        Written { files, index_dirs }
    }

    fn exists(&self, target: &str) -> bool {
        if target.is_empty() {
            return self.index_dirs.contains("");
        }
        if let Some(dir) = target.strip_suffix('/') {
            return self.index_dirs.contains(dir);
        }
        self.files.contains(target) || self.index_dirs.contains(target)
    }
}

/// Check the links of all HTML files among `files`, against the set of paths written.
/// Pages are scanned in parallel; the result is in page order, each page's `href`s before
/// its `src`s.
pub fn check(files: &[OutputFile], base_path: &str) -> Vec<BrokenLink> {
    Checker::new(files.iter().map(|f| f.path.as_str()), base_path).check(files)
}

/// A link checker that knows every path of the site up front, so that pages can be checked
/// batch by batch as they are rendered (and written and dropped) rather than all at once.
pub struct Checker<'a> {
    written: Written<'a>,
    base_path: &'a str,
}

impl<'a> Checker<'a> {
    /// `paths`: every file the build writes, relative to the output root.
    pub fn new(paths: impl IntoIterator<Item = &'a str>, base_path: &'a str) -> Self {
        Checker {
            written: Written::new(paths),
            base_path,
        }
    }

    /// The broken links of the HTML files among `files`, in page order.
    pub fn check(&self, files: &[OutputFile]) -> Vec<BrokenLink> {
        let per_page: Vec<Vec<BrokenLink>> = files
            .par_iter()
            .filter_map(|f| match &f.body {
                Body::Bytes(bytes) if f.path.ends_with(".html") => Some((f, bytes)),
                _ => None,
            })
            .map_init(HashSet::new, |found, (f, bytes)| {
                check_page(&f.path, bytes, self.base_path, &self.written, found)
            })
            .collect();
        per_page.into_iter().flatten().collect()
    }
}

/// `found`: root-relative links (`/dx/...`) already found to exist by this worker; they mean
/// the same on every page, and most of them (navigation, terms) are on many pages.
fn check_page(
    page: &str,
    html: &[u8],
    base_path: &str,
    written: &Written,
    found: &mut HashSet<String>,
) -> Vec<BrokenLink> {
    let mut broken = Vec::new();
    let (hrefs, srcs) = scan_attributes(html);
    for raw in hrefs.into_iter().chain(srcs) {
        let href = unescape(raw);
        let absolute = href.starts_with('/') && !href.starts_with("//");
        if absolute && found.contains(href.as_ref()) {
            continue;
        }
        if let Some(target) = resolve(page, &href, base_path) {
            let ok = match &target {
                Ok(t) => written.exists(t),
                Err(_) => false,
            };
            if ok {
                if absolute {
                    found.insert(href.into_owned());
                }
            } else {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    href: href.into_owned(),
                    target: target.unwrap_or_else(|why| why),
                });
            }
        }
    }
    broken
}

/// The raw values of ` href="..."` and ` src="..."` attributes, in document order: (hrefs,
/// srcs). One pass over the bytes, looking only at the `="` of each attribute.
fn scan_attributes(html: &[u8]) -> (Vec<&str>, Vec<&str>) {
    let (mut hrefs, mut srcs) = (Vec::new(), Vec::new());
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'=', &html[i..]) {
        let eq = i + off;
        i = eq + 1;
        if html.get(eq + 1) != Some(&b'"') {
            continue;
        }
        let before = &html[..eq];
        let list = if before.ends_with(b" href") {
            &mut hrefs
        } else if before.ends_with(b" src") {
            &mut srcs
        } else {
            continue;
        };
        let value_start = eq + 2;
        let Some(len) = memchr::memchr(b'"', &html[value_start..]) else {
            break;
        };
        if let Ok(v) = std::str::from_utf8(&html[value_start..value_start + len]) {
            list.push(v);
        }
        i = value_start + len;
    }
    (hrefs, srcs)
}

/// The character references an attribute value may hold in a URL.
fn unescape(v: &str) -> Cow<'_, str> {
    if !v.contains('&') {
        return Cow::Borrowed(v);
    }
    Cow::Owned(
        v.replace("&amp;", "&")
            .replace("&#x2F;", "/")
            .replace("&#47;", "/"),
    )
}

/// The values of `href="..."` and `src="..."` attributes, unescaped.
pub fn attribute_values(html: &str) -> Vec<String> {
    let (hrefs, srcs) = scan_attributes(html.as_bytes());
    hrefs
        .into_iter()
        .chain(srcs)
        .map(|v| unescape(v).into_owned())
        .collect()
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Resolve a link found on `page` to an output path. `None` for links that leave the site
/// (other hosts, mailto:, fragments on the same page); `Err` for links that cannot be inside
/// the site at all.
pub fn resolve(page: &str, href: &str, base_path: &str) -> Option<Result<String, String>> {
    let href = href.trim();
    if href.is_empty()
        || href.starts_with('#')
        || href.starts_with("//")
        || ["http:", "https:", "mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|s| starts_with_ignore_case(href, s))
    {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    let decoded = if path.contains('%') {
        percent_decode_str(path).decode_utf8_lossy()
    } else {
        Cow::Borrowed(path)
    };
    let joined: Cow<str> = if let Some(abs) = decoded.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        match abs.strip_prefix(base) {
            Some(rel) => Cow::Borrowed(rel),
            None => return Some(Err(format!("outside the base path {base_path}"))),
        }
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        Cow::Owned(format!("{dir}{decoded}"))
    };
    // Normalise `.` and `..` segments (most links have none).
    let has_dots = joined.split('/').any(|seg| seg == "." || seg == "..");
    if !has_dots {
        return Some(Ok(joined.into_owned()));
    }
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
        assert_eq!(r("HTTPS://e.jp/"), None);
        assert_eq!(r("./x/../y.png"), Some(Ok("cases/a/y.png".into())));
        assert_eq!(r("/dx/"), Some(Ok("".into())));
        assert!(matches!(r("../../../x"), Some(Err(_))));
    }

    #[test]
    fn scans_attributes() {
        let html = r#"<a class="x" href="/a/?q=1&amp;r=2">a</a><img alt="=" src="p.png"><a data-href="no" href="&#x2F;b&#x2F;">"#;
        assert_eq!(attribute_values(html), vec!["/a/?q=1&r=2", "/b/", "p.png"]);
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
