//! Rendering a page from its [`Inputs`] and the compiled templates. A page is a pure
//! function of the two (and, for a case page, of its body rendered); pages render in
//! parallel.

use serde::Serialize;
use tera::{Context, Tera};

use super::cards::{CaseCard, Link, TermLink};
use super::inputs::{CardRef, Inputs, ListPage, TaxonomyName};
use crate::config::Config;
use crate::diagnostics::{error_chain, Diagnostic};
use crate::markdown::Rendered;
use crate::model::{CaseModel, Model};
use crate::output::OutputFile;
use crate::urls::{Kind, Route};

/// Bytes reserved for a rendered page: a case page of the default theme is 15–25 KB.
const PAGE_CAPACITY: usize = 24 * 1024;

#[derive(Serialize, Hash)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
}

#[derive(Serialize)]
struct CasePage<'a> {
    #[serde(flatten)]
    card: &'a CaseCard,
    content: &'a str,
    toc: &'a [crate::markdown::TocEntry],
    sources: &'a [crate::content::Source],
}

#[derive(Serialize)]
struct Pager {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Paginator<'a> {
    cases: Vec<&'a CaseCard>,
    page: usize,
    pages: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    first_url: String,
    last_url: String,
    pagers: Vec<Pager>,
}

#[derive(Serialize)]
struct TaxonomyCtx {
    kind: Kind,
    label: &'static str,
    url: String,
}

#[derive(Serialize)]
struct TaxonomyWithTerms<'a> {
    kind: Kind,
    label: &'static str,
    url: String,
    terms: &'a [TermLink],
}

/// The compiled templates and what every page shares (site, navigation), serialised once
/// into a base context.
pub struct Renderer<'a> {
    tera: &'a Tera,
    config: &'a Config,
    base: Context,
    /// Fingerprint of the templates and of what every page shows (site, navigation).
    base_fp: u64,
}

impl<'a> Renderer<'a> {
    pub fn new(tera: &'a Tera, templates_fp: u64, model: &'a Model) -> Self {
        let c = &model.config;
        let mut base = Context::new();
        let site = SiteCtx {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: &c.base_url,
            base_path: &c.base_path,
        };
        let nav: Vec<TermLink> = model
            .taxonomy(Kind::Categories)
            .terms
            .iter()
            .map(|t| TermLink {
                name: t.name.clone(),
                url: t.route(Kind::Categories).url(&c.base_path),
                count: t.cases.len(),
            })
            .collect();
        let nav_pages: Vec<Link> = model
            .pages
            .iter()
            .map(|p| Link {
                name: p.page.title.clone(),
                url: p.route.url(&c.base_path).into(),
            })
            .collect();
        base.insert("site", &site);
        base.insert("nav_categories", &nav);
        base.insert("nav_pages", &nav_pages);
        let base_fp = crate::fingerprint::of(&(templates_fp, &site, &nav, &nav_pages));
        Renderer {
            tera,
            config: c,
            base,
            base_fp,
        }
    }

    /// What every page's fingerprint starts from.
    pub fn base_fingerprint(&self) -> u64 {
        self.base_fp
    }

    /// Whether the templates make a search page.
    pub fn has_search(&self) -> bool {
        has_search(self.tera)
    }

    fn bp(&self) -> &str {
        &self.config.base_path
    }

    /// The page at `path` from its inputs; `body`: the case's body rendered, for a case page.
    pub fn render(
        &self,
        path: &str,
        inputs: &Inputs,
        body: Option<&Rendered>,
    ) -> Result<OutputFile, Diagnostic> {
        match inputs {
            Inputs::Home {
                stats,
                categories,
                latest,
                prefectures,
            } => {
                let latest = cards(latest);
                self.render_page("index.html", &Route::home(), |ctx| {
                    ctx.insert("stats", stats);
                    ctx.insert("categories", categories);
                    ctx.insert("latest", &latest);
                    ctx.insert("prefectures", prefectures);
                    ctx.insert(
                        "tile_map",
                        &crate::tilemap::svg(
                            &|name| {
                                prefectures
                                    .iter()
                                    .find(|p| p.name == name)
                                    .map_or(0, |p| p.count)
                            },
                            &|name| Route::term(Kind::Prefectures, name).url(self.bp()),
                        ),
                    );
                })
            }
            Inputs::Cases(list) => self.list_page("cases.html", list, |_| {}),
            Inputs::Case {
                case,
                card,
                body: _,
                prev,
                next,
                related,
            } => {
                let empty = Rendered::default();
                let md = body.unwrap_or(&empty);
                self.case_page(case, card.card, md, *prev, *next, related)
            }
            Inputs::TaxonomyList { taxonomy, terms } => {
                let route = Route::taxonomy(taxonomy.kind);
                self.render_page("taxonomy_list.html", &route, |ctx| {
                    ctx.insert("taxonomy", &self.taxonomy_ctx(*taxonomy));
                    ctx.insert("terms", terms);
                })
            }
            Inputs::Term {
                taxonomy,
                term,
                list,
            } => self.list_page("taxonomy_term.html", list, |ctx| {
                ctx.insert("taxonomy", &self.taxonomy_ctx(*taxonomy));
                ctx.insert("term", term);
            }),
            Inputs::Page(pm) => self.render_page("page.html", &pm.route, |ctx| {
                ctx.insert(
                    "page",
                    &serde_json::json!({
                        "title": pm.page.title, "summary": pm.page.summary,
                        "url": pm.route.url(self.bp()), "content": pm.md.html, "toc": pm.md.toc,
                    }),
                );
            }),
            Inputs::Search { taxonomies } => {
                let taxonomies: Vec<TaxonomyWithTerms> = taxonomies
                    .iter()
                    .map(|(t, terms)| TaxonomyWithTerms {
                        kind: t.kind,
                        label: t.label,
                        url: Route::taxonomy(t.kind).url(self.bp()),
                        terms,
                    })
                    .collect();
                self.render_page("search.html", &Route::search(), |ctx| {
                    ctx.insert("taxonomies", &taxonomies);
                })
            }
            Inputs::NotFound => {
                let mut c = self.base.clone();
                c.insert("page_url", &format!("{}404.html", self.bp()));
                c.insert(
                    "canonical_url",
                    &format!("{}404.html", self.config.base_url),
                );
                self.render_to("404.html", path.to_string(), &c)
            }
        }
    }

    fn taxonomy_ctx(&self, t: TaxonomyName) -> TaxonomyCtx {
        TaxonomyCtx {
            kind: t.kind,
            label: t.label,
            url: Route::taxonomy(t.kind).url(self.bp()),
        }
    }

    fn render_page(
        &self,
        template: &str,
        route: &Route,
        extra: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostic> {
        let mut ctx = self.base.clone();
        ctx.insert("page_url", &route.url(self.bp()));
        ctx.insert("canonical_url", &route.abs(&self.config.base_url));
        extra(&mut ctx);
        self.render_to(template, route.file(), &ctx)
    }

    fn render_to(
        &self,
        template: &str,
        path: String,
        ctx: &Context,
    ) -> Result<OutputFile, Diagnostic> {
        // Straight into a buffer of about a page's size: `Tera::render` starts at 2 KB,
        // grows (copying) to the page's ~20 KB, then validates the whole page as UTF-8 to
        // make a String, which Tera's output always is.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        match self.tera.render_to(template, ctx, &mut html) {
            Ok(()) => Ok(OutputFile::bytes(path, html)),
            Err(e) => Err(Diagnostic::new(
                format!("templates/{template}"),
                crate::messages::site::cannot_render(&path, &error_chain(&e)),
            )
            .hint(crate::messages::site::cannot_render_hint())),
        }
    }

    fn case_page(
        &self,
        cm: &CaseModel,
        card: &CaseCard,
        md: &Rendered,
        prev: Option<CardRef>,
        next: Option<CardRef>,
        related: &[CardRef],
    ) -> Result<OutputFile, Diagnostic> {
        let json_ld = json_ld(cm, self.config);
        let related = cards(related);
        self.render_page("case.html", &cm.route, |ctx| {
            ctx.insert(
                "case",
                &CasePage {
                    card,
                    content: &md.html,
                    toc: &md.toc,
                    sources: &cm.case.sources,
                },
            );
            ctx.insert("prev", &prev.map(|c| c.card));
            ctx.insert("next", &next.map(|c| c.card));
            ctx.insert("neighbours_category", &cm.case.categories.first());
            ctx.insert("related", &related);
            ctx.insert("json_ld", &json_ld);
        })
    }

    /// Page `n` of a paginated list: page 1 at `route`, page N at `route/page/N/`.
    fn list_page(
        &self,
        template: &str,
        list: &ListPage,
        extra: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostic> {
        let (n, pages) = (list.page, list.pages);
        let url = |k: usize| list.route.paginated(k).url(self.bp());
        let paginator = Paginator {
            cases: cards(&list.cards),
            page: n,
            pages,
            total: list.total,
            prev_url: (n > 1).then(|| url(n - 1)),
            next_url: (n < pages).then(|| url(n + 1)),
            first_url: url(1),
            last_url: url(pages),
            // The first page, the last and the current one ±3: what the themes show. All
            // pages here would be a million pagers per list of 1,000 pages.
            pagers: (1..=pages)
                .filter(|&k| k == 1 || k == pages || k.abs_diff(n) <= 3)
                .map(|k| Pager {
                    number: k,
                    url: url(k),
                    current: k == n,
                })
                .collect(),
        };
        self.render_page(template, &list.route.paginated(n), |ctx| {
            ctx.insert("paginator", &paginator);
            extra(ctx);
        })
    }
}

fn cards<'a>(refs: &[CardRef<'a>]) -> Vec<&'a CaseCard> {
    refs.iter().map(|c| c.card).collect()
}

/// schema.org `Article` metadata for search engines, as a string safe inside `<script>`.
fn json_ld(cm: &CaseModel, config: &Config) -> String {
    let c = &cm.case;
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": c.title,
        "description": &*cm.summary,
        "datePublished": c.published,
        "dateModified": c.updated.as_deref().unwrap_or(&c.published),
        "inLanguage": config.language,
        "url": cm.route.abs(&config.base_url),
        "mainEntityOfPage": cm.route.abs(&config.base_url),
        "about": c.categories,
        "keywords": c.tags.join(","),
        "spatialCoverage": { "@type": "Place", "name": format!("{}{}", c.prefecture, c.municipality) },
        "publisher": { "@type": "Organization", "name": config.title },
        "isBasedOn": c.sources.iter().filter(|s| !s.url.is_empty()).map(|s| s.url.as_str()).collect::<Vec<_>>(),
    });
    // `</script>` inside a string would end the element early.
    value.to_string().replace('<', "\\u003c")
}

/// Whether `tera`'s templates make a search page (known before a renderer exists: the link
/// index needs every page's path first).
pub fn has_search(tera: &Tera) -> bool {
    tera.get_template_names().any(|n| n == "search.html")
}
