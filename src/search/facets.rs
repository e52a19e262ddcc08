//! Facets: category, prefecture, population band (in `docs.bin`, loaded with the first
//! search), and tags (in `tags.bin`, loaded only when the tag facet is opened or used,
//! because free tags are many).
//!
//! `docs.bin` is column-major so that gzip sees long runs of similar bytes:
//! `varint n, varint categories, n bytes prefecture id (255 = none), n bytes population band
//! (255 = none), n bytes body length code, then one doc bitmap (n/8 bytes) per category`.
//! The body length code is `ceil(chars / 32)` saturated at 255; BM25 uses `code * 32`.
//!
//! `tags.bin`: `varint count`, then per tag (most used first) its name and its doc set.

use super::codec::{put_bytes, put_docs, put_varint};
use super::SearchDoc;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The 47 prefectures in JIS X 0401 order, so the facet lists them as people expect.
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

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

pub fn body_len_code(chars: usize) -> u8 {
    chars.div_ceil(32).min(254) as u8
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
    fn json(&self) -> Value {
        Value::Array(
            self.names
                .iter()
                .zip(&self.counts)
                .map(|(n, c)| json!({"name": n, "count": c}))
                .collect(),
        )
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
    let jis = |p: &str| {
        PREFECTURES
            .iter()
            .position(|x| *x == p)
            .unwrap_or(usize::MAX)
    };
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
    let mut out = Vec::new();
    put_varint(&mut out, n as u32);
    put_varint(&mut out, f.categories.names.len() as u32);
    for d in docs {
        let id = f
            .prefectures
            .id(d.prefecture)
            .map_or(NONE, |i| i.min(254) as u8);
        out.push(id);
    }
    out.extend(docs.iter().map(|d| pop_band(d.population)));
    out.extend(body_chars.iter().map(|&c| body_len_code(c)));
    let bm_len = n.div_ceil(8);
    let mut bitmaps = vec![0u8; bm_len * f.categories.names.len()];
    for (i, d) in docs.iter().enumerate() {
        for c in dedup(d.categories) {
            if let Some(c) = f.categories.id(c) {
                bitmaps[c as usize * bm_len + i / 8] |= 1 << (i % 8);
            }
        }
    }
    out.extend(bitmaps);
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

/// The `facets` object of the manifest.
pub fn manifest_json(docs: &[&SearchDoc], f: &Facets) -> Value {
    let mut pop_counts = [0u32; POP_BANDS.len()];
    for d in docs {
        let b = pop_band(d.population);
        if b != NONE {
            pop_counts[b as usize] += 1;
        }
    }
    json!({
        "category": {"label": "分野", "values": f.categories.json()},
        "prefecture": {"label": "都道府県", "values": f.prefectures.json()},
        "pop": {"label": "人口規模", "values": POP_BANDS.iter().zip(pop_counts).map(|(b, c)| json!({"key": b.0, "name": b.1, "count": c})).collect::<Vec<_>>()},
        "tag": {"label": "タグ", "count": f.tags.names.len()},
    })
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
        assert_eq!(body_len_code(33), 2);
        assert_eq!(body_len_code(1 << 30), 254);
    }
}
