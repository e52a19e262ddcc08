//! Rendering every HTML page of the site from the model. Each page is a pure function of
//! the compiled templates and the few model entries it shows; pages render in parallel.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{CaseModel, Model};
use crate::output::OutputFile;
use crate::prefectures::PREFECTURES;
use crate::taxonomy::Term;
use crate::templates::error_chain;
use crate::urls::{Kind, Route};

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct TermLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A case as shown in lists; built once per case and shared by every list that shows it.
#[derive(Serialize, Clone)]
pub struct CaseCard {
    pub title: String,
    pub url: String,
    pub slug: String,
    pub municipality: String,
    pub municipality_url: String,
    pub prefecture: String,
    pub prefecture_url: String,
    pub published: String,
    pub updated: Option<String>,
    pub summary: String,
    pub categories: Vec<Link>,
    pub tags: Vec<Link>,
    pub population: Option<u64>,
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
struct TaxonomyWithTerms {
    kind: Kind,
    label: &'static str,
    url: String,
    terms: Vec<TermLink>,
}

/// What every page shares; serialised once into a base context.
pub struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a Model,
    base: Context,
    pub cards: Vec<CaseCard>,
}

impl<'a> Renderer<'a> {
    pub fn new(tera: &'a Tera, model: &'a Model, live_reload: bool) -> Self {
        let c = &model.config;
        let mut base = Context::new();
        base.insert(
            "site",
            &SiteCtx {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: &c.base_url,
                base_path: &c.base_path,
            },
        );
        base.insert("nav_categories", &term_links(model, Kind::Categories, &c.base_path));
        base.insert("live_reload", &live_reload);
        let cards = model.cases.iter().map(|cm| card(cm, &c.base_path)).collect();
        Renderer { tera, model, base, cards }
    }

    fn bp(&self) -> &str {
        &self.model.config.base_path
    }

    fn render(&self, template: &str, route: &Route, extra: impl FnOnce(&mut Context)) -> Result<OutputFile, Diagnostic> {
        let mut ctx = self.base.clone();
        ctx.insert("page_url", &route.url(self.bp()));
        ctx.insert("canonical_url", &route.abs(&self.model.config.base_url));
        extra(&mut ctx);
        self.render_to(template, route.file(), &ctx)
    }

    fn render_to(&self, template: &str, path: String, ctx: &Context) -> Result<OutputFile, Diagnostic> {
        match self.tera.render(template, ctx) {
            Ok(html) => Ok(OutputFile::bytes(path, html.into_bytes())),
            Err(e) => Err(Diagnostic::new(format!("templates/{template}"), format!("cannot render {path}: {}", error_chain(&e)))
                .hint("check the template against the variables listed in docs/ARCHITECTURE.md")),
        }
    }

    /// Every HTML page of the site.
    pub fn pages(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut jobs: Vec<Box<dyn Fn() -> Result<Vec<OutputFile>, Diagnostic> + Send + Sync + '_>> = Vec::new();
        jobs.push(Box::new(|| Ok(vec![self.home()?])));
        jobs.push(Box::new(|| self.list_pages("cases.html", &Route::cases(), &(0..self.cards.len()).collect::<Vec<_>>(), |_| {})));
        for kind in Kind::ALL {
            jobs.push(Box::new(move || Ok(vec![self.taxonomy_list(kind)?])));
            for term in &self.model.taxonomy(kind).terms {
                if !term.cases.is_empty() || kind == Kind::Categories {
                    jobs.push(Box::new(move || self.term_pages(kind, term)));
                }
            }
        }
        for pm in &self.model.pages {
            jobs.push(Box::new(move || {
                Ok(vec![self.render("page.html", &pm.route, |ctx| {
                    ctx.insert(
                        "page",
                        &serde_json::json!({
                            "title": pm.page.title, "summary": pm.page.summary,
                            "url": pm.route.url(self.bp()), "content": pm.html, "toc": pm.toc,
                        }),
                    );
                })?])
            }));
        }
        if self.tera.get_template_names().any(|n| n == "search.html") {
            jobs.push(Box::new(|| Ok(vec![self.search_page()?])));
        }
        jobs.push(Box::new(|| {
            let ctx = {
                let mut c = self.base.clone();
                c.insert("page_url", &format!("{}404.html", self.bp()));
                c.insert("canonical_url", &format!("{}404.html", self.model.config.base_url));
                c
            };
            Ok(vec![self.render_to("404.html", "404.html".into(), &ctx)?])
        }));

        // Case pages are the bulk: render them as one parallel batch.
        let case_results: Vec<Result<OutputFile, Diagnostic>> =
            (0..self.model.cases.len()).into_par_iter().map(|i| self.case_page(i)).collect();
        let other_results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs.par_iter().map(|job| job()).collect();

        let mut files = Vec::new();
        let mut errors = Diagnostics::default();
        for r in case_results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        for r in other_results {
            match r {
                Ok(f) => files.extend(f),
                Err(e) => errors.push(e),
            }
        }
        // One broken template fails every page it renders; say it once.
        errors.0.dedup_by(|a, b| a.file == b.file);
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }

    fn home(&self) -> Result<OutputFile, Diagnostic> {
        let m = self.model;
        let count = |k: Kind| m.taxonomy(k).terms.iter().filter(|t| !t.cases.is_empty()).count();
        let prefs = m.taxonomy(Kind::Prefectures);
        let prefectures: Vec<serde_json::Value> = PREFECTURES
            .iter()
            .map(|(code, name, region)| {
                let n = prefs.term(name).map_or(0, |t| t.cases.len());
                serde_json::json!({
                    "name": name, "code": code, "region": region, "count": n,
                    "url": Route::term(Kind::Prefectures, name).url(self.bp()),
                })
            })
            .collect();
        let latest: Vec<&CaseCard> = self.cards.iter().take(10).collect();
        self.render("index.html", &Route::home(), |ctx| {
            ctx.insert(
                "stats",
                &serde_json::json!({
                    "cases": m.cases.len(),
                    "municipalities": count(Kind::Municipalities),
                    "prefectures": count(Kind::Prefectures),
                    "categories": m.config.categories.len(),
                    "tags": count(Kind::Tags),
                }),
            );
            ctx.insert("categories", &term_links(m, Kind::Categories, self.bp()));
            ctx.insert("latest", &latest);
            ctx.insert("prefectures", &prefectures);
        })
    }

    fn case_page(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let cm = &self.model.cases[i];
        let card = &self.cards[i];
        // Cases are newest first: the next (newer) one is before, the previous after.
        let next = i.checked_sub(1).map(|j| &self.cards[j]);
        let prev = self.cards.get(i + 1);
        self.render("case.html", &cm.route, |ctx| {
            ctx.insert(
                "case",
                &CasePage { card, content: &cm.html, toc: &cm.toc, sources: &cm.case.sources },
            );
            ctx.insert("prev", &prev);
            ctx.insert("next", &next);
        })
    }

    fn taxonomy_list(&self, kind: Kind) -> Result<OutputFile, Diagnostic> {
        let route = Route::taxonomy(kind);
        self.render("taxonomy_list.html", &route, |ctx| {
            ctx.insert("taxonomy", &TaxonomyCtx { kind, label: kind.label(), url: route.url(self.bp()) });
            ctx.insert("terms", &term_links(self.model, kind, self.bp()));
        })
    }

    fn term_pages(&self, kind: Kind, term: &Term) -> Result<Vec<OutputFile>, Diagnostic> {
        let route = term.route(kind);
        let tax = TaxonomyCtx { kind, label: kind.label(), url: Route::taxonomy(kind).url(self.bp()) };
        let term_link = TermLink { name: term.name.clone(), url: route.url(self.bp()), count: term.cases.len() };
        self.list_pages("taxonomy_term.html", &route, &term.cases, |ctx| {
            ctx.insert("taxonomy", &tax);
            ctx.insert("term", &term_link);
        })
    }

    /// A paginated list: page 1 at `route`, page N at `route/page/N/`.
    fn list_pages(&self, template: &str, route: &Route, cases: &[usize], extra: impl Fn(&mut Context)) -> Result<Vec<OutputFile>, Diagnostic> {
        let per = self.model.config.paginate.max(1);
        let pages = cases.len().div_ceil(per).max(1);
        let url = |n: usize| route.paginated(n).url(self.bp());
        (1..=pages)
            .map(|n| {
                let slice = &cases[((n - 1) * per).min(cases.len())..(n * per).min(cases.len())];
                let paginator = Paginator {
                    cases: slice.iter().map(|&i| &self.cards[i]).collect(),
                    page: n,
                    pages,
                    total: cases.len(),
                    prev_url: (n > 1).then(|| url(n - 1)),
                    next_url: (n < pages).then(|| url(n + 1)),
                    first_url: url(1),
                    last_url: url(pages),
                    pagers: (1..=pages).map(|k| Pager { number: k, url: url(k), current: k == n }).collect(),
                };
                self.render(template, &route.paginated(n), |ctx| {
                    ctx.insert("paginator", &paginator);
                    extra(ctx);
                })
            })
            .collect()
    }

    fn search_page(&self) -> Result<OutputFile, Diagnostic> {
        let taxonomies: Vec<TaxonomyWithTerms> = Kind::ALL
            .iter()
            .map(|&kind| TaxonomyWithTerms {
                kind,
                label: kind.label(),
                url: Route::taxonomy(kind).url(self.bp()),
                terms: term_links(self.model, kind, self.bp()),
            })
            .collect();
        self.render("search.html", &Route::search(), |ctx| {
            ctx.insert("taxonomies", &taxonomies);
        })
    }
}

fn term_links(model: &Model, kind: Kind, base_path: &str) -> Vec<TermLink> {
    model
        .taxonomy(kind)
        .terms
        .iter()
        .map(|t| TermLink { name: t.name.clone(), url: t.route(kind).url(base_path), count: t.cases.len() })
        .collect()
}

fn card(cm: &CaseModel, bp: &str) -> CaseCard {
    let c = &cm.case;
    let links = |kind: Kind, items: &[String]| -> Vec<Link> {
        items.iter().map(|t| Link { name: t.clone(), url: Route::term(kind, t).url(bp) }).collect()
    };
    CaseCard {
        title: c.title.clone(),
        url: cm.route.url(bp),
        slug: c.slug.clone(),
        municipality: c.municipality.clone(),
        municipality_url: Route::term(Kind::Municipalities, &cm.muni_key).url(bp),
        prefecture: c.prefecture.clone(),
        prefecture_url: Route::term(Kind::Prefectures, &c.prefecture).url(bp),
        published: c.published.clone(),
        updated: c.updated.clone(),
        summary: cm.summary.clone(),
        categories: links(Kind::Categories, &c.categories),
        tags: links(Kind::Tags, &c.tags),
        population: c.population,
    }
}
