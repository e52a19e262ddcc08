//! Frequent n-grams, indexed whole (the CommonGrams idea, generalised).
//!
//! A query such as マイナンバーカード joined from bigram positions costs the positions of
//! eight bigrams that occur tens of thousands of times. If the whole string occurs in many
//! documents, it is cheaper to index it as one term with a doc-level posting: its doc set
//! (a bitmap when dense) and per-document field counts, no positions.
//!
//! Grams of 3..=`max_len` Cjk characters found in at least `min_df` documents are mined
//! level by level (Apriori): a gram of length n+1 can be frequent only if both its prefix and
//! its suffix of length n are, so each level only counts extensions of the previous one.
//! Rarer strings are answered by joining bigram positions, which is cheap exactly because
//! their bigrams' postings, or the candidate documents, are few.

use super::codec::{FieldHits, BODY, FIELDS};
use super::display::part_of;
use super::hash::FxHashMap;
use super::postings::{doc_level, TermData};
use super::tokenize::{runs, RunKind};
use rayon::prelude::*;

const NONE: u32 = u32::MAX;

struct Run {
    field: u8,
    pos: u32,
    chars: Vec<u32>,
    /// Id of the frequent gram of the current length starting at each offset, or NONE.
    ids: Vec<u32>,
}

/// Settings of the mining.
#[derive(Clone, Copy, Debug)]
pub struct GramParams {
    pub min_df: u32,
    pub max_len: usize,
    /// Stop adding levels once the grams' postings hold this many (doc, gram) pairs.
    pub max_postings: u64,
}

impl GramParams {
    /// Defaults for `n` documents: a gram is worth indexing whole once it is in 0.5% of the
    /// documents (and at least 3).
    pub fn for_docs(n: usize) -> GramParams {
        GramParams {
            min_df: ((n as u64 / 200) as u32).max(3),
            max_len: 12,
            max_postings: (n as u64).saturating_mul(1500).max(100_000),
        }
    }
}

fn key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// Mine frequent grams of the docs' normalised fields (docs in id order).
pub fn mine(fields: &[[String; FIELDS]], p: GramParams) -> Vec<TermData> {
    let n = fields.len() as u32;
    let mut docs: Vec<Vec<Run>> = fields
        .par_iter()
        .map(|fs| {
            let mut out = Vec::new();
            for (f, text) in fs.iter().enumerate() {
                for r in runs(text).into_iter().filter(|r| r.kind == RunKind::Cjk) {
                    if r.len < 3 {
                        continue; // no gram of 3 or more fits
                    }
                    let chars: Vec<u32> = r.text.chars().map(|c| c as u32).collect();
                    let ids = vec![NONE; chars.len()];
                    out.push(Run {
                        field: f as u8,
                        pos: r.pos,
                        chars,
                        ids,
                    });
                }
            }
            out
        })
        .collect();

    // Level 2: frequent bigrams, identified by their two characters.
    let mut names: Vec<String> = Vec::new();
    let keys_of = |docs: &Vec<Vec<Run>>, len: usize| -> Vec<Vec<u64>> {
        docs.par_iter()
            .map(|runs| {
                let mut ks = Vec::new();
                for r in runs {
                    for i in 0..r.chars.len().saturating_sub(len - 1) {
                        if len == 2 {
                            ks.push(key(r.chars[i], r.chars[i + 1]));
                        } else if r.ids[i] != NONE && r.ids[i + 1] != NONE {
                            ks.push(key(r.ids[i], r.chars[i + len - 1]));
                        }
                    }
                }
                ks.sort_unstable();
                ks.dedup();
                ks
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for len in 2..=p.max_len {
        let per_doc = keys_of(&docs, len);
        let mut all: Vec<u64> = per_doc.into_iter().flatten().collect();
        all.par_sort_unstable();
        let mut frequent: FxHashMap<u64, u32> = FxHashMap::default();
        let mut new_names = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let mut j = i;
            while j < all.len() && all[j] == all[i] {
                j += 1;
            }
            if (j - i) as u32 >= p.min_df {
                let k = all[i];
                let (a, b) = ((k >> 32) as u32, k as u32);
                let mut name = if len == 2 {
                    char::from_u32(a).map(String::from).unwrap_or_default()
                } else {
                    names[a as usize].clone()
                };
                name.extend(char::from_u32(b));
                frequent.insert(k, new_names.len() as u32);
                new_names.push(name);
                if len >= 3 {
                    total += (j - i) as u64;
                }
            }
            i = j;
        }
        drop(all);
        if frequent.is_empty() {
            break;
        }
        // Ids of this level at every offset.
        docs.par_iter_mut().for_each(|runs| {
            for r in runs.iter_mut() {
                let mut next = vec![NONE; r.chars.len()];
                for (i, slot) in next
                    .iter_mut()
                    .enumerate()
                    .take(r.chars.len().saturating_sub(len - 1))
                {
                    let k = if len == 2 {
                        key(r.chars[i], r.chars[i + 1])
                    } else if r.ids[i] != NONE && r.ids[i + 1] != NONE {
                        key(r.ids[i], r.chars[i + len - 1])
                    } else {
                        continue;
                    };
                    if let Some(&id) = frequent.get(&k) {
                        *slot = id;
                    }
                }
                r.ids = next;
            }
        });
        names = new_names;
        if len >= 3 {
            out.extend(postings_of_level(&docs, &names, n));
        }
        if total > p.max_postings {
            break;
        }
    }
    out
}

/// Doc-level postings of the current level's grams.
fn postings_of_level(docs: &[Vec<Run>], names: &[String], n: u32) -> Vec<TermData> {
    let per_doc: Vec<Vec<(u32, FieldHits)>> = docs
        .par_iter()
        .map(|runs| {
            let mut m: FxHashMap<u32, FieldHits> = FxHashMap::default();
            for r in runs {
                for (i, &id) in r.ids.iter().enumerate() {
                    if id == NONE {
                        continue;
                    }
                    let h = m.entry(id).or_default();
                    let f = r.field as usize;
                    if f == BODY && h.tf[BODY] == 0 {
                        h.first_part = part_of(r.pos + i as u32);
                    }
                    h.tf[f] += 1;
                }
            }
            let mut v: Vec<_> = m.into_iter().collect();
            v.sort_unstable_by_key(|x| x.0);
            v
        })
        .collect();
    let mut lists: Vec<(Vec<u32>, Vec<FieldHits>)> = vec![(Vec::new(), Vec::new()); names.len()];
    for (d, v) in per_doc.into_iter().enumerate() {
        for (id, h) in v {
            let l = &mut lists[id as usize];
            l.0.push(d as u32);
            l.1.push(h);
        }
    }
    lists
        .into_iter()
        .zip(names)
        .map(|((docs, hits), name)| doc_level(name.clone(), docs, &hits, n))
        .collect()
}
