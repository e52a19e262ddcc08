//! The site model: cases in display order with their term keys and plain summaries, free
//! pages with their Markdown rendered, and the taxonomies. Built from the loaded content;
//! everything the pages need but the cases' bodies, which are read when their page is
//! rendered.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::schema::{Field, Shown, Value};
use crate::content::{Case, Content, Page};
use crate::markdown::{self, Rendered};
use crate::taxonomy::{self, Taxonomy};
use crate::urls::{Kind, Route};

#[derive(Debug, Clone, Hash)]
pub struct CaseModel {
    pub case: Arc<Case>,
    pub route: Route,
    pub muni_key: String,
    /// The schema's field shown without its inline Markdown (the summary), as shown.
    pub summary: Arc<str>,
}

impl CaseModel {
    /// Every field of the schema with its value as shown: a field shown without its inline
    /// Markdown (the summary) as the model keeps it plain.
    pub fn shown(&self) -> Vec<(&'static Field, Value<'_>)> {
        let mut values = self.case.values();
        for (f, v) in &mut values {
            if f.shown == Shown::PlainInline {
                *v = Value::Text(&self.summary);
            }
        }
        values
    }

    /// Fingerprint of everything about the case but its body: what cards, catalogue rows
    /// and feeds show. Caches of those are keyed by it.
    pub fn meta_fingerprint(&self) -> u64 {
        let mut case = (*self.case).clone();
        // Not shown by cards, rows or feeds; the case page counts the body on its own.
        case.body_fp = 0;
        crate::fingerprint::of(&(case, &self.summary, &self.muni_key))
    }
}

#[derive(Debug, Clone, Hash)]
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

/// Summaries with their inline Markdown taken out, kept between rebuilds by the summary's
/// text.
#[derive(Default)]
pub struct SummaryCache {
    plain: HashMap<Arc<str>, Arc<str>>,
}

impl SummaryCache {
    fn get(&self, summary: &str) -> Option<Arc<str>> {
        self.plain.get(summary).cloned()
    }
}

/// The text of the schema's field shown without its inline Markdown (the summary).
fn inline_field(case: &Case) -> &str {
    case.values()
        .into_iter()
        .find(|(f, _)| f.shown == Shown::PlainInline)
        .and_then(|(_, v)| match v {
            Value::Text(t) => Some(t),
            _ => None,
        })
        .unwrap_or("")
}

fn plain_summary(summary: &str, cache: &SummaryCache) -> Arc<str> {
    cache
        .get(summary)
        .unwrap_or_else(|| Arc::from(markdown::plain_inline(summary)))
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

/// Put an edited version of case `i` in its place. Only for an edit that leaves the case
/// where it is: same place in the order, same terms (the caller checks).
pub fn replace_case(model: &mut Model, i: usize, case: Arc<Case>, cache: &mut SummaryCache) {
    let summary = plain_summary(inline_field(&case), cache);
    cache
        .plain
        .insert(Arc::from(inline_field(&case)), summary.clone());
    let cm = &mut Arc::make_mut(&mut model.cases)[i];
    cm.summary = summary;
    cm.case = case;
}

pub fn build(config: Config, content: Content) -> Model {
    build_cached(config, content, &mut SummaryCache::default())
}

/// The model, reusing the plain summaries of `cache` (and keeping the new ones there).
pub fn build_cached(config: Config, content: Content, cache: &mut SummaryCache) -> Model {
    let mut cases = content.cases;
    cases.sort_by(|a, b| display_order(a, b));
    let muni_keys = taxonomy::municipality_keys(&cases);
    let taxonomies = taxonomy::build(&config, &cases, &muni_keys);
    let known = &*cache;
    let cases: Vec<CaseModel> = cases
        .into_par_iter()
        .zip(muni_keys.into_par_iter())
        .map(|(case, muni_key)| CaseModel {
            route: Route::case(&case.slug),
            summary: plain_summary(inline_field(&case), known),
            muni_key,
            case,
        })
        .collect();
    // Exactly the summaries in use, so that the cache never grows past the site.
    cache.plain = cases
        .iter()
        .map(|cm| (Arc::from(inline_field(&cm.case)), cm.summary.clone()))
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
        cases: Arc::new(cases),
        pages,
        taxonomies,
    }
}
