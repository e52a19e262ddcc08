//! Unit tests of the Markdown pipeline that need its internals.

mod emphasis;
mod pipeline;
mod reference;

use pulldown_cmark::{html, Parser};

use super::{cjk_emphasis, options};

/// The emphasis pass alone: pulldown-cmark's HTML of the prepared source, markers stripped.
pub(super) fn emphasis_html(md: &str) -> String {
    let prepared = cjk_emphasis::prepare(md, options());
    let mut out = String::new();
    html::push_html(&mut out, prepared.parse(options()).into_iter());
    out
}

/// Plain pulldown-cmark with the same options.
pub(super) fn vanilla_html(md: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, options()));
    out
}
