//! The site model: cases with their rendered Markdown, pages and taxonomies. Built once from
//! the loaded content; everything the render stage needs, and nothing it has to look up on
//! disk.

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Case, Content, Page};
use crate::markdown::{self, TocEntry};
use crate::taxonomy::{self, Taxonomy};
use crate::urls::{Kind, Route};

#[derive(Debug, Clone)]
pub struct CaseModel {
    pub case: Case,
    pub route: Route,
    pub muni_key: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Plain text of the body, for search and snippets.
    pub plain: String,
    /// The summary with inline Markdown taken out.
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct PageModel {
    pub page: Page,
    pub route: Route,
    pub html: String,
    pub toc: Vec<TocEntry>,
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

/// Order of cases on every list: newest first, then by title and slug for stability.
fn display_order(a: &Case, b: &Case) -> std::cmp::Ordering {
    b.published
        .cmp(&a.published)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

pub fn build(config: Config, content: Content) -> Model {
    let mut cases = content.cases;
    cases.sort_by(display_order);
    let muni_keys = taxonomy::municipality_keys(&cases);
    let taxonomies = taxonomy::build(&config, &cases, &muni_keys);

    let cases: Vec<CaseModel> = cases
        .into_par_iter()
        .zip(muni_keys.into_par_iter())
        .map(|(case, muni_key)| {
            let rendered = markdown::render(&case.body);
            CaseModel {
                route: Route::case(&case.slug),
                summary: markdown::plain_inline(&case.summary),
                html: rendered.html,
                toc: rendered.toc,
                plain: rendered.plain,
                muni_key,
                case,
            }
        })
        .collect();

    let pages = content
        .pages
        .into_par_iter()
        .map(|page| {
            let rendered = markdown::render(&page.body);
            PageModel {
                route: Route::page(&page.name),
                html: rendered.html,
                toc: rendered.toc,
                page,
            }
        })
        .collect();

    Model {
        config,
        cases,
        pages,
        taxonomies,
    }
}
