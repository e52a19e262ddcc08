//! Broken links as errors: the file, line and column where each is written, the link as
//! the editor reads it (percent-decoding undone), and a hint.

use std::path::Path;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::resolve::{Broken, Problem};
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::sources::{SiteRoot, TEXT_LIMIT};

/// The errors for the broken links of the body of `file` (site-relative), each at the line
/// and column where its destination is written, the link shown decoded.
pub fn diagnostics(site: &SiteRoot, file: &Path, problems: &[Problem]) -> Vec<Diagnostic> {
    use crate::messages::links;
    // The whole file, so that lines count from its top: read again, only on this path.
    let text = site
        .read(&site.path().join(file), TEXT_LIMIT)
        .ok()
        .and_then(|b| crate::text::decode(&b).ok());
    let located = text.as_deref().and_then(|t| {
        let offset = content::split(t).ok()?.body_offset;
        Some((Arc::<str>::from(t), offset))
    });
    problems
        .iter()
        .map(|p| {
            let shown = percent_decode_str(&p.link.dest).decode_utf8_lossy();
            let shown = crate::escape::terminal(&shown).into_owned();
            let (message, hint) = match &p.broken {
                Broken::NotFound { suggestion } => (
                    links::target_not_found(&shown),
                    match suggestion {
                        Some(s) => links::did_you_mean(s),
                        None => links::target_not_found_hint(),
                    },
                ),
                Broken::OutsideContent => (
                    links::outside_content(&shown),
                    links::outside_content_hint(),
                ),
                Broken::Draft => (links::draft_target(&shown), links::draft_target_hint()),
                Broken::Anchor { suggestion } => (
                    links::anchor_not_found(&shown),
                    match suggestion {
                        Some(s) => links::did_you_mean(s),
                        None => links::anchor_hint(),
                    },
                ),
                Broken::Page => (links::page_not_found(&shown), links::page_not_found_hint()),
                Broken::OutsideSite { base } => (
                    links::outside_site(&shown, base),
                    links::outside_site_hint(),
                ),
                Broken::HtmlMd => (links::html_md_link(&shown), links::html_md_link_hint()),
            };
            let d = Diagnostic::new(file, message).hint(hint);
            match &located {
                Some((src, offset)) => {
                    let start = boundary(src, offset + p.link.span.start);
                    let end = boundary(src, offset + p.link.span.end).max(start);
                    d.at(src, start..end)
                }
                None => d,
            }
        })
        .collect()
}

/// `at`, or the start of the character it falls in (a span is only ever cut at characters,
/// but a report must never be what fails).
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
