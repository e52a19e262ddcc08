//! Every HTML page of the site as a job, and what each page shows, declared once.
//!
//! [`inputs`] is the one place that says what a page is made of. Everything else follows
//! from that one value, so that nothing can be forgotten by one side and not the other:
//!
//! - the renderer builds the page from the [`Inputs`] alone (it has no model to look into);
//! - the page's fingerprint is the hash of its `Inputs` (a derived `Hash`: a field added
//!   to a page is in its fingerprint without anyone writing it there); a card counts by its
//!   own fingerprint, the body by the fingerprint of its text;
//! - the cases a page depends on (whose edit must look at it again) are the cards its
//!   `Inputs` hold, collected while the same hash runs ([`dependents`]).

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::cards::{Cards, CaseCard, TermLink};
use crate::fingerprint;
use crate::model::{CaseModel, Model, PageModel};
use crate::prefectures::PREFECTURES;
use crate::related::CaseLinks;
use crate::taxonomy::Term;
use crate::urls::{Kind, Route};

/// Cases shown on the home page, newest first.
pub const HOME_LATEST: usize = 10;

/// Which page a job is: a small value, kept between rebuilds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
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

/// One page to render: where it goes, which page it is, and the fingerprint of its inputs.
/// Two builds that give a page the same fingerprint render it to the same bytes.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub path: String,
    pub job: Job,
    pub fingerprint: u64,
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

/// A card on a page. It hashes as the card's fingerprint, and says which case it is to
/// [`dependents`].
#[derive(Clone, Copy)]
pub struct CardRef<'a> {
    pub case: usize,
    pub card: &'a CaseCard,
    fp: u64,
}

thread_local! {
    /// The cases whose cards were hashed, while [`dependents`] listens.
    static SHOWN: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
}

impl Hash for CardRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        SHOWN.with(|s| {
            if let Some(v) = s.borrow_mut().as_mut() {
                v.push(self.case);
            }
        });
        self.fp.hash(state);
    }
}

/// The body of a case page: hashed as the fingerprint of its Markdown text; the renderer is
/// given the body rendered.
#[derive(Clone, Copy, Hash)]
pub struct BodyRef {
    pub case: usize,
    pub fp: u64,
}

/// Page `n` of a list of cases.
#[derive(Hash)]
pub struct ListPage<'a> {
    pub route: Route,
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub cards: Vec<CardRef<'a>>,
}

/// A taxonomy as a page names it.
#[derive(Clone, Copy, Hash, serde::Serialize)]
pub struct TaxonomyName {
    pub kind: Kind,
    pub label: &'static str,
}

/// A prefecture on the home page (map and list).
#[derive(Hash, serde::Serialize)]
pub struct PrefectureCount {
    pub name: &'static str,
    pub code: u8,
    pub region: &'static str,
    pub count: usize,
    pub url: String,
}

/// The counts on the home page.
#[derive(Hash, serde::Serialize)]
pub struct Stats {
    pub cases: usize,
    pub municipalities: usize,
    pub prefectures: usize,
    pub categories: usize,
    pub tags: usize,
}

/// What a page shows. Built by [`inputs`]; hashed for the fingerprint and the dependents;
/// rendered by `Renderer::render`.
#[derive(Hash)]
pub enum Inputs<'a> {
    Home {
        stats: Stats,
        categories: Vec<TermLink>,
        latest: Vec<CardRef<'a>>,
        prefectures: Vec<PrefectureCount>,
    },
    /// All cases, paginated.
    Cases(ListPage<'a>),
    Case {
        case: &'a CaseModel,
        card: CardRef<'a>,
        body: BodyRef,
        prev: Option<CardRef<'a>>,
        next: Option<CardRef<'a>>,
        related: Vec<CardRef<'a>>,
    },
    TaxonomyList {
        taxonomy: TaxonomyName,
        terms: Vec<TermLink>,
    },
    Term {
        taxonomy: TaxonomyName,
        term: TermLink,
        list: ListPage<'a>,
    },
    Page(&'a PageModel),
    Search {
        taxonomies: Vec<(TaxonomyName, Vec<TermLink>)>,
    },
    NotFound,
}

/// What the pages of one build read: the model and the tables derived from it.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub model: &'a Model,
    pub cards: &'a Cards,
    pub links: &'a CaseLinks,
}

impl<'a> Sources<'a> {
    fn card(&self, i: usize) -> CardRef<'a> {
        CardRef {
            case: i,
            card: &self.cards.cards[i],
            fp: self.cards.fingerprints[i],
        }
    }

    fn cards(&self, cases: &[usize]) -> Vec<CardRef<'a>> {
        cases.iter().map(|&i| self.card(i)).collect()
    }

    fn bp(&self) -> &'a str {
        &self.model.config.base_path
    }

    fn per_page(&self) -> usize {
        self.model.config.paginate.max(1)
    }

    fn term_links(&self, kind: Kind) -> Vec<TermLink> {
        self.model
            .taxonomy(kind)
            .terms
            .iter()
            .map(|t| term_link(kind, t, self.bp()))
            .collect()
    }

    fn list(&self, route: Route, cases: &[usize], page: usize) -> ListPage<'a> {
        let per = self.per_page();
        ListPage {
            route,
            page,
            pages: pages_for(cases.len(), per),
            total: cases.len(),
            cards: self.cards(page_slice(cases, page, per)),
        }
    }
}

fn term_link(kind: Kind, t: &Term, bp: &str) -> TermLink {
    TermLink {
        name: t.name.clone(),
        url: t.route(kind).url(bp),
        count: t.cases.len(),
    }
}

fn taxonomy_name(kind: Kind) -> TaxonomyName {
    TaxonomyName {
        kind,
        label: kind.label(),
    }
}

/// What the page of `job` shows: the one declaration of a page's inputs.
pub fn inputs<'a>(job: Job, s: Sources<'a>) -> Inputs<'a> {
    let m = s.model;
    match job {
        Job::Home => {
            let count = |k: Kind| {
                m.taxonomy(k)
                    .terms
                    .iter()
                    .filter(|t| !t.cases.is_empty())
                    .count()
            };
            let prefs = m.taxonomy(Kind::Prefectures);
            let latest: Vec<usize> = (0..m.cases.len().min(HOME_LATEST)).collect();
            Inputs::Home {
                stats: Stats {
                    cases: m.cases.len(),
                    municipalities: count(Kind::Municipalities),
                    prefectures: count(Kind::Prefectures),
                    categories: m.config.categories.len(),
                    tags: count(Kind::Tags),
                },
                categories: s.term_links(Kind::Categories),
                latest: s.cards(&latest),
                prefectures: PREFECTURES
                    .iter()
                    .map(|&(code, name, region)| PrefectureCount {
                        name,
                        code,
                        region,
                        count: prefs.term(name).map_or(0, |t| t.cases.len()),
                        url: Route::term(Kind::Prefectures, name).url(s.bp()),
                    })
                    .collect(),
            }
        }
        Job::Cases { page } => {
            let all: Vec<usize> = (0..m.cases.len()).collect();
            Inputs::Cases(s.list(Route::cases(), &all, page))
        }
        Job::Case(i) => {
            let cm = &m.cases[i];
            let (older, newer) = s.links.neighbours[i];
            Inputs::Case {
                case: cm,
                card: s.card(i),
                body: BodyRef {
                    case: i,
                    fp: cm.case.body_fp,
                },
                prev: older.map(|j| s.card(j)),
                next: newer.map(|j| s.card(j)),
                related: s.cards(&s.links.related[i]),
            }
        }
        Job::TaxonomyList(kind) => Inputs::TaxonomyList {
            taxonomy: taxonomy_name(kind),
            terms: s.term_links(kind),
        },
        Job::Term { kind, term, page } => {
            let t = &m.taxonomy(kind).terms[term];
            Inputs::Term {
                taxonomy: taxonomy_name(kind),
                term: term_link(kind, t, s.bp()),
                list: s.list(t.route(kind), &t.cases, page),
            }
        }
        Job::Page(i) => Inputs::Page(&m.pages[i]),
        Job::Search => Inputs::Search {
            taxonomies: Kind::ALL
                .iter()
                .map(|&k| (taxonomy_name(k), s.term_links(k)))
                .collect(),
        },
        Job::NotFound => Inputs::NotFound,
    }
}

/// Fingerprint of a page: its inputs, and `base` (the templates and what every page shows).
pub fn fingerprint(base: u64, inputs: &Inputs) -> u64 {
    fingerprint::of(&(base, inputs))
}

/// The cases whose cards (or whose own page) the page of `inputs` shows: found by hashing
/// the inputs, so that they are exactly the cases the fingerprint covers.
pub fn dependents(inputs: &Inputs) -> Vec<usize> {
    SHOWN.with(|s| *s.borrow_mut() = Some(Vec::new()));
    fingerprint::of(inputs);
    SHOWN.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

/// Every page of the site (nothing rendered yet), in a fixed order: home, the case lists,
/// each case in model order, the taxonomies, free pages, search, 404.
pub fn jobs(s: Sources, has_search: bool) -> Vec<(String, Job)> {
    let m = s.model;
    let per = s.per_page();
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
    if has_search {
        jobs.push((Route::search().file(), Job::Search));
    }
    jobs.push(("404.html".into(), Job::NotFound));
    jobs
}

/// Every page with its fingerprint.
pub fn fingerprinted(s: Sources, base: u64, has_search: bool) -> Vec<PageJob> {
    jobs(s, has_search)
        .into_par_iter()
        .map(|(path, job)| PageJob {
            fingerprint: fingerprint(base, &inputs(job, s)),
            path,
            job,
        })
        .collect()
}

/// For each case (model order), the jobs whose page shows it: what must be looked at again
/// when only what a case shows changed.
pub fn dependents_of_cases(s: Sources, jobs: &[PageJob]) -> Vec<Vec<u32>> {
    let shown: Vec<Vec<usize>> = jobs
        .par_iter()
        .map(|j| dependents(&inputs(j.job, s)))
        .collect();
    let mut out = vec![Vec::new(); s.model.cases.len()];
    for (j, cases) in shown.into_iter().enumerate() {
        for i in cases {
            let list: &mut Vec<u32> = &mut out[i];
            if list.last() != Some(&(j as u32)) {
                list.push(j as u32);
            }
        }
    }
    out
}

pub fn pages_for(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

pub fn page_slice(cases: &[usize], page: usize, per: usize) -> &[usize] {
    &cases[((page - 1) * per).min(cases.len())..(page * per).min(cases.len())]
}
