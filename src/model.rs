//! The site model: cases with their rendered Markdown, pages and taxonomies. Built from the
//! loaded content; everything the render stage needs, and nothing it has to look up on disk.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Case, Content, Page};
use crate::markdown::{self, Rendered};
use crate::taxonomy::{self, Taxonomy};
use crate::urls::{Kind, Route};

#[derive(Debug, Clone)]
pub struct CaseModel {
    pub case: Case,
    pub route: Route,
    pub muni_key: String,
    /// The body as HTML, its table of contents and its plain text (for search).
    pub md: Arc<Rendered>,
    /// The summary with inline Markdown taken out.
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct PageModel {
    pub page: Page,
    pub route: Route,
    pub md: Arc<Rendered>,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub config: Config,
    /// Newest first; ties by title so the order is stable.
    pub cases: Vec<CaseModel>,
    pub pages: Vec<PageModel>,
    pub taxonomies: Vec<Taxonomy>,
}

impl Model {
    pub fn taxonomy(&self, kind: Kind) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.kind == kind)
            .expect("all four taxonomies are built")
    }
}

/// Rendered Markdown kept between rebuilds, keyed by case slug. An entry is reused only when
/// the case's body is the very same text (`Arc::ptr_eq`: the parse cache kept the case).
#[derive(Default)]
pub struct MarkdownCache {
    bodies: HashMap<String, (Arc<str>, Arc<Rendered>)>,
}

/// Order of cases on every list: newest first, then by title and slug for stability.
fn display_order(a: &Case, b: &Case) -> std::cmp::Ordering {
    b.published
        .cmp(&a.published)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

pub fn build(config: Config, content: Content) -> Model {
    build_cached(config, content, &mut MarkdownCache::default())
}

pub fn build_cached(config: Config, content: Content, cache: &mut MarkdownCache) -> Model {
    let mut cases = content.cases;
    cases.sort_by(display_order);
    let muni_keys = taxonomy::municipality_keys(&cases);
    let taxonomies = taxonomy::build(&config, &cases, &muni_keys);

    let cached = &cache.bodies;
    let cases: Vec<CaseModel> = cases
        .into_par_iter()
        .zip(muni_keys.into_par_iter())
        .map(|(case, muni_key)| {
            let md = match cached.get(&case.slug) {
                Some((body, md)) if Arc::ptr_eq(body, &case.body) => md.clone(),
                _ => Arc::new(markdown::render(&case.body)),
            };
            CaseModel {
                route: Route::case(&case.slug),
                summary: markdown::plain_inline(&case.summary),
                md,
                muni_key,
                case,
            }
        })
        .collect();
    cache.bodies = cases
        .iter()
        .map(|c| (c.case.slug.clone(), (c.case.body.clone(), c.md.clone())))
        .collect();

    let pages = content
        .pages
        .into_par_iter()
        .map(|page| PageModel {
            route: Route::page(&page.name),
            md: Arc::new(markdown::render(&page.body)),
            page,
        })
        .collect();

    Model {
        config,
        cases,
        pages,
        taxonomies,
    }
}
