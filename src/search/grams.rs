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
    /// Offsets whose id is not NONE: later levels only look there, so long levels cost
    /// little even though most text is long.
    active: Vec<u32>,
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
            max_len: 32,
            max_postings: (n as u64).saturating_mul(1500).max(100_000),
        }
    }
}

fn key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// Frequent grams of one length.
struct Level {
    names: Vec<String>,
    /// Total occurrences of each gram in the corpus.
    occ: Vec<u64>,
    /// Id at the previous level of each gram's prefix and suffix (one character shorter).
    prefix: Vec<u32>,
    suffix: Vec<u32>,
    /// Id at the next level of a gram with exactly the same occurrences, if any.
    alias: Vec<u32>,
}

/// Key of the gram of length `len` at offset `i` of a run: the two characters for bigrams,
/// else (id of the prefix at the previous level, last character). None if not a candidate.
fn cand(r: &Run, i: usize, len: usize) -> Option<u64> {
    if i + len > r.chars.len() {
        return None;
    }
    if len == 2 {
        Some(key(r.chars[i], r.chars[i + 1]))
    } else if r.ids[i] != NONE && r.ids[i + 1] != NONE {
        Some(key(r.ids[i], r.chars[i + len - 1]))
    } else {
        None
    }
}

/// Frequent grams of the docs' normalised fields (docs in id order): the doc-level
/// postings of the grams that are not aliases, and the aliases (key, target key).
pub fn mine(fields: &[[String; FIELDS]], p: GramParams) -> (Vec<TermData>, Vec<(String, String)>) {
    let n = fields.len() as u32;
    let mut docs: Vec<Vec<Run>> = fields
        .par_iter()
        .map(|fs| {
            let mut out = Vec::new();
            for (f, text) in fs.iter().enumerate() {
                for r in runs(text).into_iter().filter(|r| r.kind == RunKind::Cjk) {
                    // Grams never hold punctuation or symbols: people do not type them, and
                    // text that repeats across documents (boilerplate sentences) would add
                    // many grams no one looks for. Such queries are answered by joins.
                    let mut piece: Vec<u32> = Vec::new();
                    for (i, c) in r.text.chars().chain(std::iter::once(' ')).enumerate() {
                        if c.is_alphabetic() {
                            piece.push(c as u32);
                            continue;
                        }
                        if piece.len() >= 3 {
                            let len = piece.len();
                            out.push(Run {
                                field: f as u8,
                                pos: r.pos + (i - len) as u32,
                                chars: std::mem::take(&mut piece),
                                ids: vec![NONE; len],
                                active: (0..len as u32).collect(),
                            });
                        }
                        piece.clear();
                    }
                }
            }
            out
        })
        .collect();

    let mut out = Vec::new();
    let mut levels: Vec<Level> = Vec::new(); // levels[k] holds grams of length k + 2
    let mut total: u64 = 0;
    for len in 2..=p.max_len {
        // (key, occurrences in the doc, suffix id) per doc, then merged.
        let per_doc: Vec<Vec<(u64, u32, u32)>> = docs
            .par_iter()
            .map(|runs| {
                let mut ks: Vec<(u64, u32, u32)> = Vec::new();
                for r in runs {
                    for &i in &r.active {
                        let i = i as usize;
                        if let Some(k) = cand(r, i, len) {
                            let suffix = if len == 2 { NONE } else { r.ids[i + 1] };
                            ks.push((k, 1, suffix));
                        }
                    }
                }
                ks.sort_unstable_by_key(|x| x.0);
                let mut merged: Vec<(u64, u32, u32)> = Vec::with_capacity(ks.len());
                for x in ks {
                    match merged.last_mut() {
                        Some(m) if m.0 == x.0 => m.1 += 1,
                        _ => merged.push(x),
                    }
                }
                merged
            })
            .collect();
        let mut all: Vec<(u64, u32, u32)> = per_doc.into_iter().flatten().collect();
        all.par_sort_unstable_by_key(|x| x.0);
        let mut frequent: FxHashMap<u64, u32> = FxHashMap::default();
        let mut level = Level {
            names: Vec::new(),
            occ: Vec::new(),
            prefix: Vec::new(),
            suffix: Vec::new(),
            alias: Vec::new(),
        };
        let mut i = 0;
        while i < all.len() {
            let mut j = i;
            let mut occ = 0u64;
            while j < all.len() && all[j].0 == all[i].0 {
                occ += all[j].1 as u64;
                j += 1;
            }
            if (j - i) as u32 >= p.min_df {
                let k = all[i].0;
                let (a, b) = ((k >> 32) as u32, k as u32);
                let mut name = match levels.last() {
                    Some(prev) if len > 2 => prev.names[a as usize].clone(),
                    _ => char::from_u32(a).map(String::from).unwrap_or_default(),
                };
                name.extend(char::from_u32(b));
                frequent.insert(k, level.names.len() as u32);
                level.names.push(name);
                level.occ.push(occ);
                level.prefix.push(if len == 2 { NONE } else { a });
                level.suffix.push(all[i].2);
                level.alias.push(NONE);
            }
            i = j;
        }
        drop(all);
        if len > 2 {
            // A gram of the previous level whose every occurrence extends to a gram of this
            // level is an alias of it; prefer the right extension (same start offsets).
            if let Some(prev) = levels.last_mut() {
                for (id, name) in level.names.iter().enumerate() {
                    let _ = name;
                    for parent in [level.prefix[id], level.suffix[id]] {
                        if let Some(&po) = prev.occ.get(parent as usize) {
                            if po == level.occ[id] && prev.alias[parent as usize] == NONE {
                                prev.alias[parent as usize] = id as u32;
                            }
                        }
                    }
                }
            }
            // The previous level is complete: write postings of its grams that are not
            // aliases (its ids are still in the runs).
            if len > 3 {
                if let Some(prev) = levels.last() {
                    let (terms, count) = postings_of_level(&docs, prev, n);
                    total += count;
                    out.extend(terms);
                }
            }
        }
        let stop = frequent.is_empty() || total > p.max_postings;
        if frequent.is_empty() {
            levels.push(level);
            break;
        }
        // Ids of this level at every offset (computed before any is overwritten, since a
        // candidate reads the previous level's id of the next offset).
        docs.par_iter_mut().for_each(|runs| {
            for r in runs.iter_mut() {
                let next: Vec<(u32, u32)> = r
                    .active
                    .iter()
                    .filter_map(|&i| {
                        let k = cand(r, i as usize, len)?;
                        frequent.get(&k).map(|&id| (i, id))
                    })
                    .collect();
                for &i in &r.active {
                    r.ids[i as usize] = NONE;
                }
                r.active.clear();
                for (i, id) in next {
                    r.ids[i as usize] = id;
                    r.active.push(i);
                }
            }
        });
        levels.push(level);
        if stop || len == p.max_len {
            if len >= 3 {
                if let Some(last) = levels.last() {
                    let (terms, _) = postings_of_level(&docs, last, n);
                    out.extend(terms);
                }
            }
            break;
        }
    }
    (out, resolve_aliases(&levels))
}

/// (alias key, key of the gram holding the posting), following chains of aliases.
fn resolve_aliases(levels: &[Level]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (li, level) in levels.iter().enumerate().skip(1) {
        for (id, name) in level.names.iter().enumerate() {
            let (mut l, mut g) = (li, id as u32);
            while let Some(next) = levels.get(l + 1) {
                let a = levels[l].alias[g as usize];
                if a == NONE || a as usize >= next.names.len() {
                    break;
                }
                l += 1;
                g = a;
            }
            if l != li {
                out.push((name.clone(), levels[l].names[g as usize].clone()));
            }
        }
    }
    out
}

/// Doc-level postings of a level's grams that are not aliases, and their doc count.
fn postings_of_level(docs: &[Vec<Run>], level: &Level, n: u32) -> (Vec<TermData>, u64) {
    let per_doc: Vec<Vec<(u32, FieldHits)>> = docs
        .par_iter()
        .map(|runs| {
            let mut m: FxHashMap<u32, FieldHits> = FxHashMap::default();
            for r in runs {
                for &i in &r.active {
                    let (i, id) = (i as usize, r.ids[i as usize]);
                    if id == NONE || level.alias[id as usize] != NONE {
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
    let mut lists: Vec<(Vec<u32>, Vec<FieldHits>)> =
        vec![(Vec::new(), Vec::new()); level.names.len()];
    let mut count = 0u64;
    for (d, v) in per_doc.into_iter().enumerate() {
        for (id, h) in v {
            let l = &mut lists[id as usize];
            l.0.push(d as u32);
            l.1.push(h);
            count += 1;
        }
    }
    let terms = lists
        .into_iter()
        .zip(&level.names)
        .zip(&level.alias)
        .filter(|(_, &a)| a == NONE)
        .map(|(((docs, hits), name), _)| doc_level(name.clone(), docs, &hits, n))
        .collect();
    (terms, count)
}
