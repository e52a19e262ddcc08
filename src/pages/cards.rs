//! Cards: a case as lists show it (title, place, date, summary, terms), built once per case
//! and shared by every page that shows it, with a fingerprint of what it shows; kept
//! between rebuilds while the case's fields are unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::schema::{self, Value};
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
/// A case as lists show it: its address, and every field the schema shows on cards, as it
/// shows it. Templates read `card.title`, `card.municipality` and `card.municipality_url`,
/// `card.categories` (links) and so on: one key per field, plus `url`.
#[derive(Clone, Hash)]
pub struct CaseCard {
    pub url: String,
    pub fields: Vec<(&'static str, CardValue)>,
}

/// A field on a card.
#[derive(Clone, Hash)]
pub enum CardValue {
    Text(String),
    Optional(Option<String>),
    Count(Option<u64>),
    List(Vec<String>),
    /// One term: its name, and its page under `<name>_url`.
    Term(Arc<Link>),
    /// A list of terms, as links.
    Terms(Vec<Arc<Link>>),
}

impl Serialize for CaseCard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("url", &self.url)?;
        for (name, value) in &self.fields {
            match value {
                CardValue::Text(t) => m.serialize_entry(name, t)?,
                CardValue::Optional(t) => m.serialize_entry(name, t)?,
                CardValue::Count(n) => m.serialize_entry(name, n)?,
                CardValue::List(items) => m.serialize_entry(name, items)?,
                CardValue::Term(link) => {
                    m.serialize_entry(name, &link.name)?;
                    m.serialize_entry(&format!("{name}_url"), &link.url)?;
                }
                CardValue::Terms(links) => m.serialize_entry(name, links)?,
            }
        }
        m.end()
    }
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

/// The card of a case, from the schema: every field it shows on cards, as it shows it.
pub fn card(cm: &CaseModel, bp: &str, terms: &TermLinks) -> CaseCard {
    let fields = cm
        .shown()
        .into_iter()
        .filter_map(|(f, v)| {
            let shown = match (f.shown, v) {
                (schema::Shown::No, _) => return None,
                (schema::Shown::Term(kind), Value::List(items)) => {
                    CardValue::Terms(items.iter().map(|t| terms.get(kind, t, bp)).collect())
                }
                (schema::Shown::Term(kind), Value::Text(t)) => {
                    // A municipality's page is keyed by prefecture too where two share a name.
                    let key = if kind == Kind::Municipalities {
                        &cm.muni_key
                    } else {
                        t
                    };
                    let link = terms.get(kind, key, bp);
                    CardValue::Term(Arc::new(Link {
                        name: t.to_string(),
                        url: link.url.clone(),
                    }))
                }
                (_, Value::Text(t)) => CardValue::Text(t.to_string()),
                (_, Value::Optional(t)) => CardValue::Optional(t.map(str::to_string)),
                (_, Value::Count(n)) => CardValue::Count(n),
                (_, Value::List(items)) => CardValue::List(items.to_vec()),
                (_, Value::Flag(b)) => CardValue::Text(b.to_string()),
                (_, Value::Sources(_)) => return None,
            };
            Some((f.name, shown))
        })
        .collect();
    CaseCard {
        url: cm.route.url(bp),
        fields,
    }
}
