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
    pub case: Arc<Case>,
    pub route: Route,
    pub muni_key: String,
    /// The body as HTML, its table of contents and its plain text (for search).
    pub md: Arc<Rendered>,
    /// Fingerprint of `md`, computed once per body.
    pub md_fp: u64,
    /// The summary with inline Markdown taken out.
    pub summary: Arc<str>,
}

impl CaseModel {
    /// Fingerprint of everything about the case except its body: what cards, catalogue rows
    /// and feeds show. Caches of those are keyed by it.
    pub fn meta_fingerprint(&self) -> u64 {
        let c = &self.case;
        crate::fingerprint::of(&(
            (
                &c.slug,
                &c.title,
                &c.municipality,
                &c.prefecture,
                &c.published,
                &c.updated,
            ),
            (
                &c.categories,
                &c.tags,
                c.population,
                &c.sources,
                &self.summary,
                &self.muni_key,
            ),
        ))
    }
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
    /// Newest first; ties by slug (see `display_order`). Shared, so that the authoring
    /// loop hands the cases to the background search index without copying them.
    pub cases: Arc<Vec<CaseModel>>,
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
    bodies: HashMap<String, Cached>,
}

#[derive(Clone)]
struct Cached {
    body: Arc<str>,
    md: Arc<Rendered>,
    md_fp: u64,
    summary_src: Arc<str>,
    summary: Arc<str>,
}

fn md_fingerprint(md: &Rendered) -> u64 {
    let toc: Vec<(u8, &str, &str)> = md
        .toc
        .iter()
        .map(|t| (t.level, t.id.as_str(), t.title.as_str()))
        .collect();
    crate::fingerprint::of(&(&md.html, toc))
}

/// Order of cases on every list: newest first, then by URL (`cases/<slug>/`). Not by
/// title: a case's place then never depends on what an editor retypes most (so a title
/// edit is a cheap patch in the authoring loop). It is exactly the search index's document
/// order (`search::doc_order`), so a build feeds the index case by case in model order.
pub fn display_order(a: &Case, b: &Case) -> std::cmp::Ordering {
    b.published.cmp(&a.published).then_with(|| {
        let (a, b) = (a.slug.as_bytes(), b.slug.as_bytes());
        // Compare as `<slug>/`, without building the strings: only where one slug is a
        // prefix of the other does the `/` decide.
        a.iter()
            .chain(std::iter::once(&b'/'))
            .cmp(b.iter().chain(std::iter::once(&b'/')))
    })
}

/// The model of one case: its Markdown rendered (or taken from the cache entry `hit` when
/// the body is the same), and the cache entry to store when anything was rendered.
fn case_model(
    case: Arc<Case>,
    muni_key: String,
    hit: Option<&Cached>,
) -> (CaseModel, Option<Cached>) {
    let fresh_md = !matches!(hit, Some(c) if Arc::ptr_eq(&c.body, &case.body));
    let fresh_summary = !matches!(hit, Some(c) if *c.summary_src == *case.summary);
    let entry = match hit {
        Some(_) if !fresh_md && !fresh_summary => None,
        _ => {
            let (md, md_fp) = match hit {
                Some(c) if !fresh_md => (c.md.clone(), c.md_fp),
                _ => {
                    let md = markdown::render(&case.body);
                    let fp = md_fingerprint(&md);
                    (Arc::new(md), fp)
                }
            };
            let summary: Arc<str> = match hit {
                Some(c) if !fresh_summary => c.summary.clone(),
                _ => Arc::from(markdown::plain_inline(&case.summary)),
            };
            Some(Cached {
                body: case.body.clone(),
                md,
                md_fp,
                summary_src: Arc::from(case.summary.as_str()),
                summary,
            })
        }
    };
    let c = entry.as_ref().or(hit).expect("either cached or fresh");
    let model = CaseModel {
        route: Route::case(&case.slug),
        summary: c.summary.clone(),
        md: c.md.clone(),
        md_fp: c.md_fp,
        muni_key,
        case,
    };
    (model, entry)
}

/// Put an edited version of case `i` in its place. Only for an edit that leaves the case
/// where it is: same place in the order, same terms (the caller checks, see `session`).
pub fn replace_case(model: &mut Model, i: usize, case: Arc<Case>, cache: &mut MarkdownCache) {
    let muni_key = model.cases[i].muni_key.clone();
    let (cm, entry) = case_model(case, muni_key, cache.bodies.get(&model.cases[i].case.slug));
    if let Some(e) = entry {
        cache.bodies.insert(cm.case.slug.clone(), e);
    }
    Arc::make_mut(&mut model.cases)[i] = cm;
}

pub fn build(config: Config, content: Content) -> Model {
    build_cached(config, content, &mut MarkdownCache::default())
}

/// The model without the cases' Markdown rendered (`md` is empty, `md_fp` 0): for a build
/// that renders each body with its page (see `lib::produce`).
pub fn build_deferred(config: Config, content: Content) -> Model {
    build_with(config, content, &mut MarkdownCache::default(), true)
}

pub fn build_cached(config: Config, content: Content, cache: &mut MarkdownCache) -> Model {
    build_with(config, content, cache, false)
}

fn build_with(
    config: Config,
    content: Content,
    cache: &mut MarkdownCache,
    defer_markdown: bool,
) -> Model {
    let mut cases = content.cases;
    cases.sort_by(|a, b| display_order(a, b));
    let muni_keys = taxonomy::municipality_keys(&cases);
    let taxonomies = taxonomy::build(&config, &cases, &muni_keys);

    let cached = &cache.bodies;
    let empty = Arc::new(Rendered {
        html: String::new(),
        toc: Vec::new(),
        plain: String::new(),
    });
    // (model, the cache entry to store when it changed)
    let built: Vec<(CaseModel, Option<Cached>)> = cases
        .into_par_iter()
        .zip(muni_keys.into_par_iter())
        .map(|(case, muni_key)| {
            if defer_markdown {
                let cm = CaseModel {
                    route: Route::case(&case.slug),
                    summary: Arc::from(markdown::plain_inline(&case.summary)),
                    md: empty.clone(),
                    md_fp: 0,
                    muni_key,
                    case,
                };
                return (cm, None);
            }
            let hit = cached.get(&case.slug);
            case_model(case, muni_key, hit)
        })
        .collect();
    let mut cases = Vec::with_capacity(built.len());
    for (model, entry) in built {
        if let Some(e) = entry {
            cache.bodies.insert(model.case.slug.clone(), e);
        }
        cases.push(model);
    }
    // Forget cases that are gone (only when there are any: this walks the whole map).
    if cache.bodies.len() > cases.len() {
        let live: std::collections::HashSet<&str> =
            cases.iter().map(|c| c.case.slug.as_str()).collect();
        cache.bodies.retain(|slug, _| live.contains(slug.as_str()));
    }

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
        cases: Arc::new(cases),
        pages,
        taxonomies,
    }
}
