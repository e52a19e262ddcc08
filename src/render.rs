//! Rendering every HTML page of the site from the model. Each page is a pure function of
//! the compiled templates and the few model entries it shows; pages render in parallel.

use std::collections::HashMap;
use std::hash::Hash;

use crate::fingerprint::of as fingerprint;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::error_chain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::model::{CaseModel, Model};
use crate::output::OutputFile;
use crate::prefectures::PREFECTURES;
use crate::related::CaseLinks;
use crate::taxonomy::Term;
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

#[derive(Serialize, Clone, Hash)]
pub struct Link {
    pub name: String,
    pub url: Arc<str>,
}

#[derive(Serialize, Clone, Hash)]
pub struct TermLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A case as shown in lists; built once per case and shared by every list that shows it.
#[derive(Serialize, Clone, Hash)]
pub struct CaseCard {
    pub title: String,
    pub url: String,
    pub slug: String,
    pub municipality: String,
    pub municipality_url: Arc<str>,
    pub prefecture: String,
    pub prefecture_url: Arc<str>,
    pub published: String,
    pub updated: Option<String>,
    pub summary: String,
    pub categories: Vec<Arc<Link>>,
    pub tags: Vec<Arc<Link>>,
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

/// One page to render, with a fingerprint of everything it shows. Two builds that give a
/// page the same fingerprint render it to the same bytes, so an incremental rebuild renders
/// only the pages whose fingerprint changed.
pub struct PageJob {
    pub path: String,
    pub fingerprint: u64,
    job: Job,
}

impl PageJob {
    /// The case whose own page this is.
    pub fn case(&self) -> Option<usize> {
        match self.job {
            Job::Case(i) => Some(i),
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
enum Job {
    Home,
    Cases {
        page: usize,
    },
    Case(usize),
    TaxonomyList(Kind),
    Term {
        kind: Kind,
        /// Index into the taxonomy's terms.
        term: usize,
        page: usize,
    },
    Page(usize),
    Search,
    NotFound,
}

/// Cards of every case and their fingerprints, in model order. Built once per case and
/// shared by every page that shows it (and cached across rebuilds by `serve`).
pub struct Cards {
    pub cards: Vec<Arc<CaseCard>>,
    pub fingerprints: Vec<u64>,
}

impl Cards {
    pub fn build(model: &Model) -> Self {
        Self::build_cached(model, &mut CardCache::default())
    }

    /// Cards of every case, reusing those whose inputs have not changed since the last call.
    pub fn build_cached(model: &Model, cache: &mut CardCache) -> Self {
        let bp = &model.config.base_path;
        cache.links = TermLinks::build(model);
        let (old, links) = (&cache.cards, &cache.links);
        let built: Vec<(u64, Arc<CaseCard>, u64)> = model
            .cases
            .par_iter()
            .map(|cm| card_entry(cm, bp, links, old.get(&cm.case.slug)))
            .collect();
        cache.cards = model
            .cases
            .iter()
            .zip(&built)
            .map(|(cm, (k, card, fp))| (cm.case.slug.clone(), (*k, card.clone(), *fp)))
            .collect();
        let (cards, fingerprints) = built.into_iter().map(|(_, c, fp)| (c, fp)).unzip();
        Cards {
            cards,
            fingerprints,
        }
    }

    /// The card of case `i` again, after `model::replace_case`.
    pub fn patch(&mut self, model: &Model, i: usize, cache: &mut CardCache) {
        let cm = &model.cases[i];
        let entry = card_entry(
            cm,
            &model.config.base_path,
            &cache.links,
            cache.cards.get(&cm.case.slug),
        );
        self.cards[i] = entry.1.clone();
        self.fingerprints[i] = entry.2;
        cache.cards.insert(cm.case.slug.clone(), entry);
    }
}

/// (fingerprint of the card's inputs, card, the card's own fingerprint), reusing `old` when
/// its inputs are the same.
fn card_entry(
    cm: &CaseModel,
    bp: &str,
    links: &TermLinks,
    old: Option<&(u64, Arc<CaseCard>, u64)>,
) -> (u64, Arc<CaseCard>, u64) {
    let key = fingerprint(&(cm.meta_fingerprint(), bp));
    match old {
        Some((k, card, fp)) if *k == key => (key, card.clone(), *fp),
        _ => {
            let card = card(cm, bp, links);
            let fp = fingerprint(&card);
            (key, Arc::new(card), fp)
        }
    }
}

/// Cards kept between rebuilds, by slug: (fingerprint of the card's inputs, card, card's
/// own fingerprint).
#[derive(Default)]
pub struct CardCache {
    cards: HashMap<String, (u64, Arc<CaseCard>, u64)>,
    links: TermLinks,
}

/// The link to every term (name and URL), made once and shared by every card that shows
/// the term: at 100,000 cases the cards' own copies of these percent-encoded URLs were
/// ~100 MB.
#[derive(Default)]
pub struct TermLinks {
    /// By kind (`Kind::index`), then by term key.
    by_kind: [HashMap<String, Arc<Link>>; 4],
}

impl TermLinks {
    pub fn build(model: &Model) -> Self {
        let bp = &model.config.base_path;
        let by_kind = Kind::ALL.map(|kind| {
            model
                .taxonomy(kind)
                .terms
                .iter()
                .map(|t| {
                    let link = Link {
                        name: t.name.clone(),
                        url: Route::term(kind, &t.key).url(bp).into(),
                    };
                    (t.key.clone(), Arc::new(link))
                })
                .collect()
        });
        TermLinks { by_kind }
    }

    /// The link to term `key` of `kind` (made anew for a term the model did not have when
    /// the links were built).
    fn get(&self, kind: Kind, key: &str, bp: &str) -> Arc<Link> {
        match self.by_kind[kind.index()].get(key) {
            Some(l) => l.clone(),
            None => Arc::new(Link {
                name: key.to_string(),
                url: Route::term(kind, key).url(bp).into(),
            }),
        }
    }
}

/// What every page shares; serialised once into a base context.
pub struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a Model,
    base: Context,
    /// Fingerprint of the templates and of what every page shows (site, navigation).
    base_fp: u64,
    cards: &'a [Arc<CaseCard>],
    card_fps: &'a [u64],
    links: &'a CaseLinks,
}

impl<'a> Renderer<'a> {
    pub fn new(
        tera: &'a Tera,
        templates_fp: u64,
        model: &'a Model,
        cards: &'a Cards,
        links: &'a CaseLinks,
    ) -> Self {
        let c = &model.config;
        let mut base = Context::new();
        let site = SiteCtx {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: &c.base_url,
            base_path: &c.base_path,
        };
        let nav = term_links(model, Kind::Categories, &c.base_path);
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
        let base_fp = fingerprint(&(templates_fp, &site, &nav, &nav_pages));
        Renderer {
            tera,
            model,
            base,
            base_fp,
            cards: &cards.cards,
            card_fps: &cards.fingerprints,
            links,
        }
    }

    fn bp(&self) -> &str {
        &self.model.config.base_path
    }

    fn fp(&self, parts: impl Hash) -> u64 {
        fingerprint(&(self.base_fp, parts))
    }

    fn slice_fps(&self, cases: &[usize]) -> Vec<u64> {
        cases.iter().map(|&i| self.card_fps[i]).collect()
    }

    /// Every HTML page of the site, as jobs with fingerprints (nothing rendered yet).
    pub fn jobs(&self) -> Vec<PageJob> {
        let m = self.model;
        let per = m.config.paginate.max(1);
        let mut jobs: Vec<(String, Job)> = vec![(Route::home().file(), Job::Home)];
        for page in 1..=pages_for(m.cases.len(), per) {
            jobs.push((Route::cases().paginated(page).file(), Job::Cases { page }));
        }
        for (i, cm) in m.cases.iter().enumerate() {
            jobs.push((cm.route.file(), Job::Case(i)));
        }
        for kind in Kind::ALL {
            jobs.push((Route::taxonomy(kind).file(), Job::TaxonomyList(kind)));
            for (t, term) in m.taxonomy(kind).terms.iter().enumerate() {
                if term.cases.is_empty() && kind != Kind::Categories {
                    continue;
                }
                let route = term.route(kind);
                for page in 1..=pages_for(term.cases.len(), per) {
                    let job = Job::Term {
                        kind,
                        term: t,
                        page,
                    };
                    jobs.push((route.paginated(page).file(), job));
                }
            }
        }
        for (i, pm) in m.pages.iter().enumerate() {
            jobs.push((pm.route.file(), Job::Page(i)));
        }
        if self.tera.get_template_names().any(|n| n == "search.html") {
            jobs.push((Route::search().file(), Job::Search));
        }
        jobs.push(("404.html".into(), Job::NotFound));
        jobs.into_par_iter()
            .map(|(path, job)| PageJob {
                path,
                fingerprint: self.fingerprint_of(job),
                job,
            })
            .collect()
    }

    /// Recompute the fingerprints of some jobs (after a patch of the model that keeps every
    /// page in place: see `session`).
    pub fn refresh(&self, jobs: &mut [PageJob], which: &[u32]) {
        for &j in which {
            let job = &mut jobs[j as usize];
            job.fingerprint = self.fingerprint_of(job.job);
        }
    }

    /// For each case (model order), the jobs whose page shows its card or its content:
    /// what must be looked at again when only what a case shows changed.
    pub fn dependents(&self, jobs: &[PageJob]) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); self.model.cases.len()];
        for (j, job) in jobs.iter().enumerate() {
            self.cases_shown(job.job, |i| {
                let list: &mut Vec<u32> = &mut out[i];
                if list.last() != Some(&(j as u32)) {
                    list.push(j as u32);
                }
            });
        }
        out
    }

    /// Every case whose card (or page) job `job` shows: exactly the cases whose card
    /// fingerprints `fingerprint_of` reads.
    fn cases_shown(&self, job: Job, mut f: impl FnMut(usize)) {
        let m = self.model;
        let per = m.config.paginate.max(1);
        match job {
            Job::Home => (0..m.cases.len().min(HOME_LATEST)).for_each(f),
            Job::Cases { page } => {
                let start = (page - 1) * per;
                (start..m.cases.len().min(start + per)).for_each(f)
            }
            Job::Case(i) => {
                f(i);
                let (older, newer) = self.links.neighbours[i];
                older.into_iter().chain(newer).for_each(&mut f);
                self.links.related[i].iter().copied().for_each(f);
            }
            Job::Term { kind, term, page } => {
                let term = &m.taxonomy(kind).terms[term];
                page_slice(&term.cases, page, per)
                    .iter()
                    .copied()
                    .for_each(f)
            }
            Job::TaxonomyList(_) | Job::Page(_) | Job::Search | Job::NotFound => {}
        }
    }

    /// Fingerprint of everything the page of `job` shows.
    fn fingerprint_of(&self, job: Job) -> u64 {
        let m = self.model;
        let per = m.config.paginate.max(1);
        // The key too: lists link terms by it, and it changes alone when a second
        // prefecture gets a municipality of the same name (あわら市 -> 長野県あわら市).
        let term_counts = |kind: Kind| -> Vec<(&str, &str, usize)> {
            m.taxonomy(kind)
                .terms
                .iter()
                .map(|t| (t.name.as_str(), t.key.as_str(), t.cases.len()))
                .collect()
        };
        match job {
            Job::Home => {
                let latest: Vec<u64> = self.card_fps.iter().take(HOME_LATEST).copied().collect();
                let counts: Vec<usize> = Kind::ALL
                    .iter()
                    .map(|&k| m.taxonomy(k).terms.len())
                    .collect();
                let prefs = term_counts(Kind::Prefectures);
                self.fp(("home", m.cases.len(), &prefs, &latest, counts))
            }
            Job::Cases { page } => {
                let start = (page - 1) * per;
                let slice = &self.card_fps[start..m.cases.len().min(start + per)];
                self.fp(("cases", page, m.cases.len(), slice))
            }
            Job::Case(i) => {
                let cm = &m.cases[i];
                let (older, newer) = self.links.neighbours[i];
                let neighbours = (
                    older.map(|j| self.card_fps[j]),
                    newer.map(|j| self.card_fps[j]),
                    self.slice_fps(&self.links.related[i]),
                );
                self.fp((
                    "case",
                    self.card_fps[i],
                    cm.md_fp,
                    &cm.case.sources,
                    neighbours,
                ))
            }
            Job::TaxonomyList(kind) => self.fp(("taxonomy", kind, term_counts(kind))),
            Job::Term { kind, term, page } => {
                let term = &m.taxonomy(kind).terms[term];
                self.fp((
                    "term",
                    kind,
                    &term.name,
                    &term.key,
                    page,
                    term.cases.len(),
                    self.slice_fps(page_slice(&term.cases, page, per)),
                ))
            }
            Job::Page(i) => {
                let pm = &m.pages[i];
                self.fp((
                    "page",
                    &pm.page.title,
                    &pm.page.summary,
                    &pm.md.html,
                    toc_key(&pm.md.toc),
                ))
            }
            Job::Search => {
                let all_terms: Vec<Vec<(&str, &str, usize)>> =
                    Kind::ALL.iter().map(|&k| term_counts(k)).collect();
                self.fp(("search", all_terms))
            }
            Job::NotFound => self.fp("404"),
        }
    }

    /// Render the jobs (in parallel), all of them or those whose fingerprint is not in `skip`.
    pub fn render(
        &self,
        jobs: &[PageJob],
        skip: Option<&HashMap<String, u64>>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let todo: Vec<&PageJob> = jobs
            .par_iter()
            .filter(|j| skip.is_none_or(|prev| prev.get(&j.path) != Some(&j.fingerprint)))
            .collect();
        self.render_some(&todo)
    }

    /// Render the given jobs (in parallel).
    pub fn render_some(&self, jobs: &[&PageJob]) -> Result<Vec<OutputFile>, Diagnostics> {
        self.render_some_with(jobs, &HashMap::new())
    }

    /// `render_some`, with the rendered Markdown of case pages given in `bodies` (by case
    /// index) when the model was built without it (`model::build_deferred`).
    pub fn render_some_with(
        &self,
        jobs: &[&PageJob],
        bodies: &HashMap<usize, Arc<Rendered>>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let results: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|j| match j.job {
                Job::Case(i) => {
                    let md = bodies.get(&i).unwrap_or(&self.model.cases[i].md);
                    self.case_page(i, md)
                }
                _ => self.render_job(j),
            })
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut errors = Diagnostics::default();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        // One broken template fails every page it renders; say it once.
        errors.0.sort_by(|a, b| a.file.cmp(&b.file));
        errors.0.dedup_by(|a, b| a.file == b.file);
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }

    fn render_job(&self, job: &PageJob) -> Result<OutputFile, Diagnostic> {
        match job.job {
            Job::Home => self.home(),
            Job::Cases { page } => {
                let all: Vec<usize> = (0..self.model.cases.len()).collect();
                self.list_page("cases.html", &Route::cases(), &all, page, |_| {})
            }
            Job::Case(i) => self.case_page(i, &self.model.cases[i].md),
            Job::TaxonomyList(kind) => self.taxonomy_list(kind),
            Job::Term { kind, term, page } => {
                self.term_page(kind, &self.model.taxonomy(kind).terms[term], page)
            }
            Job::Page(i) => {
                let pm = &self.model.pages[i];
                self.render_page("page.html", &pm.route, |ctx| {
                    ctx.insert(
                        "page",
                        &serde_json::json!({
                            "title": pm.page.title, "summary": pm.page.summary,
                            "url": pm.route.url(self.bp()), "content": pm.md.html, "toc": pm.md.toc,
                        }),
                    );
                })
            }
            Job::Search => self.search_page(),
            Job::NotFound => {
                let mut c = self.base.clone();
                c.insert("page_url", &format!("{}404.html", self.bp()));
                c.insert(
                    "canonical_url",
                    &format!("{}404.html", self.model.config.base_url),
                );
                self.render_to("404.html", "404.html".into(), &c)
            }
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
        ctx.insert("canonical_url", &route.abs(&self.model.config.base_url));
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
        // make a String, which Tera's output always is. That was ~10% of a build's samples
        // (copies and `from_utf8`).
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        match self.tera.render_to(template, ctx, &mut html) {
            Ok(()) => Ok(OutputFile::bytes(path, html)),
            Err(e) => Err(Diagnostic::new(
                format!("templates/{template}"),
                format!("cannot render {path}: {}", error_chain(&e)),
            )
            .hint("check the template against the variables listed in docs/ARCHITECTURE.md")),
        }
    }

    fn home(&self) -> Result<OutputFile, Diagnostic> {
        let m = self.model;
        let count = |k: Kind| {
            m.taxonomy(k)
                .terms
                .iter()
                .filter(|t| !t.cases.is_empty())
                .count()
        };
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
        let latest: Vec<&CaseCard> = self.cards.iter().take(HOME_LATEST).map(|c| &**c).collect();
        self.render_page("index.html", &Route::home(), |ctx| {
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
            ctx.insert(
                "tile_map",
                &crate::tilemap::svg(
                    &|name| prefs.term(name).map_or(0, |t| t.cases.len()),
                    &|name| Route::term(Kind::Prefectures, name).url(self.bp()),
                ),
            );
        })
    }

    fn case_page(&self, i: usize, md: &Rendered) -> Result<OutputFile, Diagnostic> {
        let cm = &self.model.cases[i];
        let card = &self.cards[i];
        let (older, newer) = self.links.neighbours[i];
        let prev = older.map(|j| &*self.cards[j]);
        let next = newer.map(|j| &*self.cards[j]);
        let related: Vec<&CaseCard> = self.links.related[i]
            .iter()
            .map(|&j| &*self.cards[j])
            .collect();
        let json_ld = json_ld(cm, card, &self.model.config);
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
            ctx.insert("prev", &prev);
            ctx.insert("next", &next);
            ctx.insert("neighbours_category", &cm.case.categories.first());
            ctx.insert("related", &related);
            ctx.insert("json_ld", &json_ld);
        })
    }

    fn taxonomy_list(&self, kind: Kind) -> Result<OutputFile, Diagnostic> {
        let route = Route::taxonomy(kind);
        self.render_page("taxonomy_list.html", &route, |ctx| {
            ctx.insert(
                "taxonomy",
                &TaxonomyCtx {
                    kind,
                    label: kind.label(),
                    url: route.url(self.bp()),
                },
            );
            ctx.insert("terms", &term_links(self.model, kind, self.bp()));
        })
    }

    fn term_page(&self, kind: Kind, term: &Term, page: usize) -> Result<OutputFile, Diagnostic> {
        let route = term.route(kind);
        let tax = TaxonomyCtx {
            kind,
            label: kind.label(),
            url: Route::taxonomy(kind).url(self.bp()),
        };
        let term_link = TermLink {
            name: term.name.clone(),
            url: route.url(self.bp()),
            count: term.cases.len(),
        };
        self.list_page("taxonomy_term.html", &route, &term.cases, page, |ctx| {
            ctx.insert("taxonomy", &tax);
            ctx.insert("term", &term_link);
        })
    }

    /// Page `n` of a paginated list: page 1 at `route`, page N at `route/page/N/`.
    fn list_page(
        &self,
        template: &str,
        route: &Route,
        cases: &[usize],
        n: usize,
        extra: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostic> {
        let per = self.model.config.paginate.max(1);
        let pages = pages_for(cases.len(), per);
        let url = |k: usize| route.paginated(k).url(self.bp());
        let paginator = Paginator {
            cases: page_slice(cases, n, per)
                .iter()
                .map(|&i| &*self.cards[i])
                .collect(),
            page: n,
            pages,
            total: cases.len(),
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
        self.render_page(template, &route.paginated(n), |ctx| {
            ctx.insert("paginator", &paginator);
            extra(ctx);
        })
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
        self.render_page("search.html", &Route::search(), |ctx| {
            ctx.insert("taxonomies", &taxonomies);
        })
    }
}

const HOME_LATEST: usize = 10;

/// schema.org `Article` metadata for search engines, as a string safe inside `<script>`.
fn json_ld(cm: &CaseModel, card: &CaseCard, config: &crate::config::Config) -> String {
    let c = &cm.case;
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": c.title,
        "description": card.summary,
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

/// The table of contents as plain tuples, for fingerprints.
fn toc_key(toc: &[crate::markdown::TocEntry]) -> Vec<(u8, &str, &str)> {
    toc.iter()
        .map(|t| (t.level, t.id.as_str(), t.title.as_str()))
        .collect()
}

fn pages_for(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

fn page_slice(cases: &[usize], page: usize, per: usize) -> &[usize] {
    &cases[((page - 1) * per).min(cases.len())..(page * per).min(cases.len())]
}

fn term_links(model: &Model, kind: Kind, base_path: &str) -> Vec<TermLink> {
    model
        .taxonomy(kind)
        .terms
        .iter()
        .map(|t| TermLink {
            name: t.name.clone(),
            url: t.route(kind).url(base_path),
            count: t.cases.len(),
        })
        .collect()
}

pub fn card(cm: &CaseModel, bp: &str, terms: &TermLinks) -> CaseCard {
    let c = &cm.case;
    let links = |kind: Kind, items: &[String]| -> Vec<Arc<Link>> {
        items.iter().map(|t| terms.get(kind, t, bp)).collect()
    };
    CaseCard {
        title: c.title.clone(),
        url: cm.route.url(bp),
        slug: c.slug.clone(),
        municipality: c.municipality.clone(),
        municipality_url: terms
            .get(Kind::Municipalities, &cm.muni_key, bp)
            .url
            .clone(),
        prefecture: c.prefecture.clone(),
        prefecture_url: terms.get(Kind::Prefectures, &c.prefecture, bp).url.clone(),
        published: c.published.clone(),
        updated: c.updated.clone(),
        summary: cm.summary.to_string(),
        categories: links(Kind::Categories, &c.categories),
        tags: links(Kind::Tags, &c.tags),
        population: c.population,
    }
}
