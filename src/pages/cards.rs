//! Cards: a case as lists show it (title, place, date, summary, terms), built once per case
//! and shared by every page that shows it, with a fingerprint of what it shows; kept
//! between rebuilds while the case's fields are unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::fingerprint::of as fingerprint;
use crate::model::{CaseModel, Model};
use crate::urls::{Kind, Route};

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
