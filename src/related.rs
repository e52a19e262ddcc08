//! Related cases (関連する事例) and neighbours within a category, computed once per build
//! from the taxonomies.
//!
//! A case's related cases share its categories and tags, weighted by rarity (a tag five cases
//! share says more than a category a thousand share), with a small bonus for municipalities
//! of a similar size. To stay fast at 100,000 cases, candidates are gathered only from the
//! newest `POSTING_CAP` cases of each term: work per case is bounded, whatever the corpus.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::Model;
use crate::urls::Kind;

pub const RELATED: usize = 5;
const POSTING_CAP: usize = 400;
const CATEGORY_WEIGHT: f64 = 0.5;
const SAME_BAND_BONUS: f64 = 0.3;

/// Population bands of the search facet: under 10k, 10k–50k, 50k–200k, over 200k.
pub fn population_band(p: Option<u64>) -> Option<u8> {
    p.map(|p| match p {
        0..=9_999 => 0,
        10_000..=49_999 => 1,
        50_000..=199_999 => 2,
        _ => 3,
    })
}

/// Related lists kept between rebuilds, by slug, with the fingerprint of their inputs.
#[derive(Default)]
pub struct RelatedCache {
    lists: HashMap<String, (u64, Vec<usize>)>,
}

/// For each case (model order), up to `RELATED` related cases, best first.
pub fn related(model: &Model) -> Vec<Vec<usize>> {
    related_cached(model, &mut RelatedCache::default())
}

/// `related`, recomputing only the cases whose inputs changed: their own terms, the
/// candidate lists of those terms, and the population bands (all cheap to fingerprint).
pub fn related_cached(model: &Model, cache: &mut RelatedCache) -> Vec<Vec<usize>> {
    use crate::fingerprint::of as fingerprint;
    let cats = model.taxonomy(Kind::Categories);
    let tags = model.taxonomy(Kind::Tags);
    let posting_fp =
        |cases: &[usize]| fingerprint(&(cases.len(), &cases[..cases.len().min(POSTING_CAP)]));
    let cat_fps: HashMap<&str, u64> = cats
        .terms
        .iter()
        .map(|t| (t.name.as_str(), posting_fp(&t.cases)))
        .collect();
    let tag_fps: HashMap<&str, u64> = tags
        .terms
        .par_iter()
        .map(|t| (t.name.as_str(), posting_fp(&t.cases)))
        .collect();
    let bands: Vec<Option<u8>> = model
        .cases
        .iter()
        .map(|c| population_band(c.case.population))
        .collect();
    let bands_fp = fingerprint(&bands);
    let old = &cache.lists;
    let lists: Vec<(u64, Vec<usize>)> = model
        .cases
        .par_iter()
        .enumerate()
        .map_init(
            || Scratch::new(model.cases.len()),
            |scratch, (i, cm)| {
                let c = &cm.case;
                let term_fps: Vec<u64> = c
                    .tags
                    .iter()
                    .map(|t| tag_fps.get(t.as_str()).copied().unwrap_or(0))
                    .chain(
                        c.categories
                            .iter()
                            .map(|t| cat_fps.get(t.as_str()).copied().unwrap_or(0)),
                    )
                    .collect();
                let key = fingerprint(&(i, &c.tags, &c.categories, term_fps, bands_fp));
                match old.get(&c.slug) {
                    Some((k, list)) if *k == key => (key, list.clone()),
                    _ => (key, related_of(model, i, &bands, scratch)),
                }
            },
        )
        .collect();
    cache.lists = model
        .cases
        .iter()
        .zip(&lists)
        .map(|(cm, l)| (cm.case.slug.clone(), l.clone()))
        .collect();
    lists.into_iter().map(|(_, l)| l).collect()
}

/// Per-thread scores, one slot per case, and the slots in use: summing into an array is
/// many times faster than a hash map at thousands of candidates per case.
struct Scratch {
    scores: Vec<f64>,
    touched: Vec<usize>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            scores: vec![0.0; n],
            touched: Vec::new(),
        }
    }
}

fn related_of(model: &Model, i: usize, bands: &[Option<u8>], s: &mut Scratch) -> Vec<usize> {
    let n = model.cases.len() as f64;
    let idf = |df: usize| (1.0 + n / df.max(1) as f64).ln();
    let cm = &model.cases[i];
    let mut add = |postings: &[usize], weight: f64| {
        for &j in postings.iter().take(POSTING_CAP) {
            if j != i {
                if s.scores[j] == 0.0 {
                    s.touched.push(j);
                }
                s.scores[j] += weight;
            }
        }
    };
    for t in &cm.case.tags {
        if let Some(term) = model.taxonomy(Kind::Tags).term(t) {
            add(&term.cases, idf(term.cases.len()));
        }
    }
    for c in &cm.case.categories {
        if let Some(term) = model.taxonomy(Kind::Categories).term(c) {
            add(&term.cases, CATEGORY_WEIGHT * idf(term.cases.len()));
        }
    }
    let band = bands[i];
    let mut ranked: Vec<(usize, f64)> = s
        .touched
        .drain(..)
        .map(|j| {
            let score = std::mem::take(&mut s.scores[j]);
            if band.is_some() && bands[j] == band {
                (j, score + SAME_BAND_BONUS)
            } else {
                (j, score)
            }
        })
        .collect();
    // Best score first; on ties the newer case (lower index) first.
    let by_rank = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if ranked.len() > RELATED {
        ranked.select_nth_unstable_by(RELATED - 1, by_rank);
        ranked.truncate(RELATED);
    }
    ranked.sort_by(by_rank);
    // A fresh vector: collecting from `ranked` would reuse its allocation (thousands of
    // candidates) for five entries, 23 KB a case, 2.3 GB at 100,000 cases.
    let mut list = Vec::with_capacity(ranked.len());
    list.extend(ranked.iter().map(|&(j, _)| j));
    list
}

/// For each case, the previous (older) and next (newer) case in its first category.
pub fn category_neighbours(model: &Model) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = vec![(None, None); model.cases.len()];
    let cats = model.taxonomy(Kind::Categories);
    for term in &cats.terms {
        for (pos, &i) in term.cases.iter().enumerate() {
            if model.cases[i].case.categories.first() == Some(&term.name) {
                // Term lists are newest first.
                let newer = pos.checked_sub(1).map(|p| term.cases[p]);
                let older = term.cases.get(pos + 1).copied();
                out[i] = (older, newer);
            }
        }
    }
    out
}

/// What each case page links to besides itself: related cases and category neighbours.
pub struct CaseLinks {
    pub related: Vec<Vec<usize>>,
    /// (older, newer) within the case's first category.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
}

impl CaseLinks {
    pub fn build(model: &Model) -> Self {
        Self::build_cached(model, &mut RelatedCache::default())
    }

    pub fn build_cached(model: &Model, cache: &mut RelatedCache) -> Self {
        CaseLinks {
            related: related_cached(model, cache),
            neighbours: category_neighbours(model),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(population_band(Some(9_999)), Some(0));
        assert_eq!(population_band(Some(10_000)), Some(1));
        assert_eq!(population_band(Some(200_000)), Some(3));
        assert_eq!(population_band(None), None);
    }
}
