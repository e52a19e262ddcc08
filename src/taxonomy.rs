//! Grouping cases by category, tag, prefecture and municipality.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Case;
use crate::prefectures;
use crate::urls::{Kind, Route};

/// One term of a taxonomy and the cases that carry it (indices into the model's case list,
/// which is sorted newest first, so these are too).
#[derive(Debug, Clone)]
pub struct Term {
    /// What the page shows (e.g. 府中市).
    pub name: String,
    /// The URL segment; equal to the name unless two municipalities share a name.
    pub key: String,
    pub cases: Vec<usize>,
}

impl Term {
    pub fn route(&self, kind: Kind) -> Route {
        Route::term(kind, &self.key)
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: Kind,
    pub terms: Vec<Term>,
    index: HashMap<String, usize>,
}

impl Taxonomy {
    fn new(kind: Kind, terms: Vec<Term>) -> Self {
        let index = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key.clone(), i))
            .collect();
        Taxonomy { kind, terms, index }
    }

    pub fn term(&self, key: &str) -> Option<&Term> {
        self.index.get(key).map(|&i| &self.terms[i])
    }
}

/// The municipality term key of a case: its name, or prefecture + name where two
/// prefectures have a municipality of the same name (府中市 is in 東京都 and 広島県).
pub fn municipality_keys(cases: &[Arc<Case>]) -> Vec<String> {
    let mut prefs_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in cases {
        let v = prefs_of.entry(&c.municipality).or_default();
        if !v.contains(&c.prefecture.as_str()) {
            v.push(&c.prefecture);
        }
    }
    cases
        .iter()
        .map(|c| {
            if prefs_of[c.municipality.as_str()].len() > 1 {
                format!("{}{}", c.prefecture, c.municipality)
            } else {
                c.municipality.clone()
            }
        })
        .collect()
}

/// Build the four taxonomies. `cases` must already be in display order (newest first).
pub fn build(config: &Config, cases: &[Arc<Case>], muni_keys: &[String]) -> Vec<Taxonomy> {
    // Categories: every category of the vocabulary, in site.yaml order, even if empty, so
    // the home page can show the whole vocabulary.
    let mut cat: Vec<Term> = config
        .categories
        .iter()
        .map(|c| Term {
            name: c.clone(),
            key: c.clone(),
            cases: Vec::new(),
        })
        .collect();
    let cat_index: HashMap<&str, usize> = config
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();

    let mut tags: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut prefs: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut munis: HashMap<&str, (usize, Vec<usize>)> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        for category in &c.categories {
            if let Some(&j) = cat_index.get(category.as_str()) {
                cat[j].cases.push(i);
            }
        }
        for t in &c.tags {
            tags.entry(t).or_default().push(i);
        }
        prefs.entry(&c.prefecture).or_default().push(i);
        munis
            .entry(&muni_keys[i])
            .or_insert((i, Vec::new()))
            .1
            .push(i);
    }

    // Tags: most used first, then by name, so the index opens with the useful ones.
    let mut tag_terms: Vec<Term> = tags
        .into_iter()
        .map(|(t, v)| Term {
            name: t.to_string(),
            key: t.to_string(),
            cases: v,
        })
        .collect();
    tag_terms.sort_by(|a, b| {
        b.cases
            .len()
            .cmp(&a.cases.len())
            .then_with(|| a.name.cmp(&b.name))
    });

    // Prefectures: JIS order, only those with cases.
    let pref_terms: Vec<Term> = prefectures::names()
        .filter_map(|p| {
            prefs.get(p).map(|v| Term {
                name: p.to_string(),
                key: p.to_string(),
                cases: v.clone(),
            })
        })
        .collect();

    // Municipalities: by prefecture (JIS order), then name.
    let mut muni_terms: Vec<(u8, Term)> = munis
        .into_iter()
        .map(|(key, (first, v))| {
            let c = &cases[first];
            (
                prefectures::code(&c.prefecture).unwrap_or(99),
                Term {
                    name: c.municipality.clone(),
                    key: key.to_string(),
                    cases: v,
                },
            )
        })
        .collect();
    muni_terms.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));

    vec![
        Taxonomy::new(Kind::Categories, cat),
        Taxonomy::new(Kind::Tags, tag_terms),
        Taxonomy::new(Kind::Prefectures, pref_terms),
        Taxonomy::new(
            Kind::Municipalities,
            muni_terms.into_iter().map(|(_, t)| t).collect(),
        ),
    ]
}
