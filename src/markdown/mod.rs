//! Temporary stand-in; the real module (CJK rules, sanitising, TOC) lands from branch `md`.
use pulldown_cmark::{html, Options, Parser};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub plain: String,
}

pub fn render(src: &str) -> Rendered {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(src, Options::all()));
    Rendered {
        html: ammonia::clean(&out),
        toc: Vec::new(),
        plain: src.to_string(),
    }
}

pub fn plain_inline(src: &str) -> String {
    src.to_string()
}
