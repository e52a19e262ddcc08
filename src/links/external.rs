//! `check --external`: every `http://` and `https://` address written in the cases and
//! pages (出典 `source.url`, links, bare URLs) is fetched once, with a time limit, and each
//! that does not open is reported at the file, line and column where it is written.
//!
//! Opt-in, since it goes out to the network: a build never does this.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::messages::links;
use crate::sources::{SiteRoot, TEXT_LIMIT};
use crate::BuildOptions;

/// An address and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    /// `file:line:col`.
    pub at: String,
}

/// What fetching an address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Status(u16),
    Timeout,
    Failed(String),
}

/// The `http(s)://` addresses of `text`, with their byte ranges: each ends at whitespace, a
/// quote or bracket that closes it, or the first non-ASCII character (Japanese text right
/// after a URL); trailing punctuation is not part of it.
pub fn urls_in(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"http").map(|i| from + i) {
        from = i + 4;
        let rest = &text[i..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        // Not the tail of a longer word (`xhttp://`).
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut end = rest
            .find(|c: char| {
                !c.is_ascii()
                    || c.is_ascii_whitespace()
                    || c.is_ascii_control()
                    || "<>\"'`]".contains(c)
            })
            .unwrap_or(rest.len());
        // A `)` the URL did not open closes the Markdown link around it.
        let mut depth = 0usize;
        for (j, c) in rest[..end].char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = j;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
        if url.len() > "https://".len() {
            out.push((i..i + url.len(), url));
        }
        from = i + url.len().max(4);
    }
    out
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

/// Every address written in the site's cases and pages, in file order.
pub fn find(opts: &BuildOptions) -> Result<Vec<Found>, Diagnostics> {
    let site = SiteRoot::open(&opts.root)?;
    let config = crate::config::load(&site)?;
    let content = crate::content::load(&site, &config, opts.drafts)?;
    let files: Vec<PathBuf> = content
        .cases
        .iter()
        .map(|c| c.file.clone())
        .chain(content.pages.iter().map(|p| p.file.clone()))
        .collect();
    let mut found = Vec::new();
    for file in files {
        found.extend(found_in(&site, &file));
    }
    Ok(found)
}

/// The addresses of one file (site-relative), read through the site root.
fn found_in(site: &SiteRoot, file: &Path) -> Vec<Found> {
    let Some(text) = site
        .read(&site.path().join(file), TEXT_LIMIT)
        .ok()
        .and_then(|b| crate::text::decode(&b).ok())
    else {
        return Vec::new();
    };
    urls_in(&text)
        .into_iter()
        .map(|(range, url)| {
            let (line, col) = line_col(&text, range.start);
            Found {
                url: url.to_string(),
                at: format!("{}:{line}:{col}", file.display()),
            }
        })
        .collect()
}

/// Fetch each address once (in parallel), each within `timeout`.
pub fn probe(urls: &[&str], timeout: Duration) -> Vec<Verdict> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "yokoten/",
            env!("CARGO_PKG_VERSION"),
            " (check --external)"
        ))
        .build()
        .into();
    urls.par_iter()
        .with_max_len(1)
        .map(|url| match agent.get(*url).call() {
            Ok(r) if r.status().as_u16() < 400 => Verdict::Ok,
            Ok(r) => Verdict::Status(r.status().as_u16()),
            Err(ureq::Error::Timeout(_)) => Verdict::Timeout,
            Err(e) => Verdict::Failed(e.to_string()),
        })
        .collect()
}

/// Check every address of the site: one line per address that does not open (each place
/// it is written), then a summary. The lines and whether all opened.
pub fn check(opts: &BuildOptions, timeout: Duration) -> Result<(Vec<String>, bool), Diagnostics> {
    let found = find(opts)?;
    let mut places: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &found {
        places.entry(&f.url).or_default().push(&f.at);
    }
    let urls: Vec<&str> = places.keys().copied().collect();
    let mut lines = vec![links::external_start(urls.len(), timeout.as_secs().max(1))];
    let verdicts = probe(&urls, timeout);
    let mut bad = 0;
    // In file order, as an editor would go through them.
    let mut reports: Vec<(&str, String)> = Vec::new();
    for (url, verdict) in urls.iter().zip(&verdicts) {
        if *verdict == Verdict::Ok {
            continue;
        }
        bad += 1;
        let shown = crate::escape::terminal(url).into_owned();
        for at in &places[url] {
            let at_shown = crate::escape::terminal(at).into_owned();
            let line = match verdict {
                Verdict::Ok => continue,
                Verdict::Status(s) => links::external_broken(&at_shown, &shown, *s),
                Verdict::Timeout => {
                    links::external_timeout(&at_shown, &shown, timeout.as_secs().max(1))
                }
                Verdict::Failed(why) => {
                    links::external_failed(&at_shown, &shown, crate::escape::terminal(why))
                }
            };
            reports.push((at, line));
        }
    }
    reports.sort_by_key(|r| natural_place(r.0));
    lines.extend(reports.into_iter().map(|(_, l)| l));
    lines.push(if bad == 0 {
        links::external_ok(urls.len())
    } else {
        links::external_summary(bad, urls.len())
    });
    Ok((lines, bad == 0))
}

/// `file:line:col` as (file, line, col), so that line 10 comes after line 9.
fn natural_place(at: &str) -> (String, usize, usize) {
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let line = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (parts.next().unwrap_or("").to_string(), line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_where_markdown_and_japanese_end_them() {
        let text = "url: https://example.jp/a?b=1\n[出典](https://example.jp/b_(c)) と https://example.jp/dx/のページ、http://x.jp/d.\n<a href=\"https://e.jp/h\">";
        let urls: Vec<&str> = urls_in(text).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            urls,
            vec![
                "https://example.jp/a?b=1",
                "https://example.jp/b_(c)",
                "https://example.jp/dx/",
                "http://x.jp/d",
                "https://e.jp/h"
            ]
        );
        assert!(urls_in("[a](https://e.jp/x) xhttp://no").len() == 1);
        assert_eq!(urls_in("https://").len(), 0);
    }

    #[test]
    fn places_sort_by_number() {
        assert!(natural_place("a.md:9:1") < natural_place("a.md:10:1"));
    }
}
