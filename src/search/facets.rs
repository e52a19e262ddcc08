//! Facets: category and population band (in `docs.bin`, loaded with the first search),
//! prefecture (in `prefs.bin`) and tags (in `tags.bin`), each loaded only when its panel is
//! opened or its filter used. The prefecture column is the largest (47 values, a byte a
//! case: in `docs.bin` it was a large share of what every first search fetched; sizes in
//! docs/BENCHMARKS.md), and the tags are many.
//!
//! `docs.bin` is small even where a host does not compress `.bin` files (a varint and a
//! byte a case), column by column:
//! - `varint n, varint category count, varint combination count`, then each combination of
//!   categories that some case has: `varint k, k varint category ids`;
//! - n varints: the case's category combination;
//! - ceil(n/2) bytes: population band codes (0 none, band + 1), 4 bits each, low nibble
//!   first;
//! - ceil(n/2) bytes: body length codes, 4 bits each, low nibble first; BM25 takes the body
//!   length as `BODY_LEN[code]`.
//!
//! `prefs.bin`: `varint n`, then n bytes: prefecture id + 1, 0 meaning none.
//!
//! `tags.bin`: `varint count`, then per tag (most used first) its name and its doc set.

use super::codec::{put_bytes, put_docs, put_varint};
use super::doc::SearchDoc;
use super::manifest;
use std::collections::HashMap;

/// Population bands: URL key, label, lower bound (inclusive).
pub const POP_BANDS: [(&str, &str, u64); 4] = [
    ("lt10k", "1万人未満", 0),
    ("10k-50k", "1万〜5万人", 10_000),
    ("50k-200k", "5万〜20万人", 50_000),
    ("gt200k", "20万人以上", 200_000),
];

/// Byte meaning "no value" in the one-byte columns.
pub const NONE: u8 = 255;

pub fn pop_band(p: Option<u64>) -> u8 {
    match p {
        None => NONE,
        Some(p) => POP_BANDS.iter().rposition(|b| p >= b.2).unwrap_or(0) as u8,
    }
}

/// Body lengths (characters) that the 4-bit codes stand for, half an octave apart.
pub const BODY_LEN: [u32; 16] = [
    0, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144,
];

pub fn body_len_code(chars: usize) -> u8 {
    BODY_LEN
        .iter()
        .rposition(|&v| v as usize <= chars)
        .unwrap_or(0) as u8
}

/// Prefecture ids above this are not filterable (there are 47 prefectures).
pub const MAX_PREF_ID: u32 = 253;

/// The `prefs.bin` byte of a case's prefecture.
pub fn pref_code(pref: Option<u32>) -> u8 {
    pref.filter(|&p| p <= MAX_PREF_ID)
        .map_or(0, |p| p as u8 + 1)
}

/// The 4-bit code of a population band.
pub fn pop_code(band: u8) -> u8 {
    if band == NONE {
        0
    } else {
        band + 1
    }
}

/// Two 4-bit codes a byte, low nibble first.
fn put_nibbles(out: &mut Vec<u8>, codes: impl Iterator<Item = u8>) {
    let mut low = None;
    for c in codes {
        match low.take() {
            None => low = Some(c & 15),
            Some(l) => out.push(l | (c & 15) << 4),
        }
    }
    out.extend(low);
}

/// Names of one facet with their doc counts, in display order.
pub struct Dict {
    pub names: Vec<String>,
    pub counts: Vec<u32>,
    index: HashMap<String, u32>,
}

impl Dict {
    fn new(names: Vec<String>, counts: &HashMap<&str, u32>) -> Dict {
        let counts_v = names
            .iter()
            .map(|n| *counts.get(n.as_str()).unwrap_or(&0))
            .collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        Dict {
            names,
            counts: counts_v,
            index,
        }
    }
    pub fn id(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
    fn facet(&self, label: &str) -> manifest::Facet {
        manifest::Facet {
            label: label.into(),
            values: self
                .names
                .iter()
                .zip(&self.counts)
                .map(|(n, &count)| manifest::FacetValue {
                    count,
                    name: n.clone(),
                })
                .collect(),
        }
    }
}

/// Count distinct values per doc, most used first (ties by name, for stable output).
fn by_count<'a>(values: impl Iterator<Item = &'a str>) -> (Vec<String>, HashMap<&'a str, u32>) {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut names: Vec<&str> = counts.keys().copied().collect();
    names.sort_by(|a, b| counts[b].cmp(&counts[a]).then(a.cmp(b)));
    (names.into_iter().map(String::from).collect(), counts)
}

fn dedup(v: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in v {
        if !s.is_empty() && !out.contains(&s.as_str()) {
            out.push(s);
        }
    }
    out
}

pub struct Facets {
    pub categories: Dict,
    pub prefectures: Dict,
    pub tags: Dict,
}

/// Facet dictionaries of docs given in index order.
pub fn dictionaries(docs: &[&SearchDoc]) -> Facets {
    let (categories, ccounts) = by_count(docs.iter().flat_map(|d| dedup(d.categories)));
    let (tags, tcounts) = by_count(docs.iter().flat_map(|d| dedup(d.tags)));
    let (mut prefs, pcounts) =
        by_count(docs.iter().map(|d| d.prefecture).filter(|p| !p.is_empty()));
    let jis = |p: &str| crate::prefectures::code(p).map_or(usize::MAX, usize::from);
    prefs.sort_by(|a, b| jis(a).cmp(&jis(b)).then(a.cmp(b)));
    Facets {
        categories: Dict::new(categories, &ccounts),
        prefectures: Dict::new(prefs, &pcounts),
        tags: Dict::new(tags, &tcounts),
    }
}

/// `docs.bin` (see the module comment). `body_chars[i]` is doc i's normalised body length.
pub fn docs_bin(docs: &[&SearchDoc], f: &Facets, body_chars: &[usize]) -> Vec<u8> {
    let n = docs.len();
    let mut combos: Vec<Vec<u32>> = Vec::new();
    let mut combo_of: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut doc_combo = Vec::with_capacity(n);
    for d in docs {
        let mut ids: Vec<u32> = dedup(d.categories)
            .into_iter()
            .filter_map(|c| f.categories.id(c))
            .collect();
        ids.sort_unstable();
        let id = *combo_of.entry(ids.clone()).or_insert_with(|| {
            combos.push(ids);
            combos.len() as u32 - 1
        });
        doc_combo.push(id);
    }
    let mut out = Vec::new();
    put_varint(&mut out, n as u32);
    put_varint(&mut out, f.categories.names.len() as u32);
    put_varint(&mut out, combos.len() as u32);
    for c in &combos {
        put_varint(&mut out, c.len() as u32);
        for &id in c {
            put_varint(&mut out, id);
        }
    }
    for c in doc_combo {
        put_varint(&mut out, c);
    }
    put_nibbles(
        &mut out,
        docs.iter().map(|d| pop_code(pop_band(d.population))),
    );
    put_nibbles(&mut out, body_chars.iter().map(|&c| body_len_code(c)));
    out
}

/// `prefs.bin` (see the module comment).
pub fn prefs_bin(docs: &[&SearchDoc], f: &Facets) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() + 4);
    put_varint(&mut out, docs.len() as u32);
    out.extend(
        docs.iter()
            .map(|d| pref_code(f.prefectures.id(d.prefecture))),
    );
    out
}

/// `tags.bin` (see the module comment).
pub fn tags_bin(docs: &[&SearchDoc], f: &Facets) -> Vec<u8> {
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); f.tags.names.len()];
    for (i, d) in docs.iter().enumerate() {
        for t in dedup(d.tags) {
            if let Some(t) = f.tags.id(t) {
                lists[t as usize].push(i as u32);
            }
        }
    }
    let mut out = Vec::new();
    put_varint(&mut out, lists.len() as u32);
    for (name, docs_of) in f.tags.names.iter().zip(&lists) {
        put_bytes(&mut out, name.as_bytes());
        put_docs(&mut out, docs_of, docs.len() as u32);
    }
    out
}

/// The `facets` of the manifest.
pub fn manifest_facets(docs: &[&SearchDoc], f: &Facets) -> manifest::Facets {
    let mut pop_counts = [0u32; POP_BANDS.len()];
    for d in docs {
        let b = pop_band(d.population);
        if b != NONE {
            pop_counts[b as usize] += 1;
        }
    }
    manifest::Facets {
        category: f.categories.facet("分野"),
        pop: manifest::PopFacet {
            label: "人口規模".into(),
            values: POP_BANDS
                .iter()
                .zip(pop_counts)
                .map(|(b, count)| manifest::PopValue {
                    count,
                    key: b.0.into(),
                    name: b.1.into(),
                })
                .collect(),
        },
        prefecture: f.prefectures.facet("都道府県"),
        tag: manifest::TagFacet {
            count: f.tags.names.len(),
            label: "タグ".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(pop_band(None), NONE);
        assert_eq!(pop_band(Some(0)), 0);
        assert_eq!(pop_band(Some(9_999)), 0);
        assert_eq!(pop_band(Some(10_000)), 1);
        assert_eq!(pop_band(Some(199_999)), 2);
        assert_eq!(pop_band(Some(200_000)), 3);
        assert_eq!(body_len_code(0), 0);
        assert_eq!(body_len_code(33), 1);
        assert_eq!(body_len_code(2000), 11);
        assert_eq!(body_len_code(1 << 30), 15);
        assert_eq!(pref_code(None), 0);
        assert_eq!(pref_code(Some(0)), 1);
        assert_eq!(pref_code(Some(253)), 254);
        assert_eq!(pref_code(Some(254)), 0);
        assert_eq!(pop_code(NONE), 0);
        assert_eq!(pop_code(3), 4);
        let mut v = Vec::new();
        put_nibbles(&mut v, [1, 2, 3].into_iter());
        assert_eq!(v, [0x21, 0x03]);
    }
}
