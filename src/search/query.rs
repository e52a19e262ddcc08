//! The query engine over the built files, in Rust. It does what `search.js` does, step by
//! step and fetch by fetch, so that Rust tests can check recall and ranking, and the
//! benchmark can count the bytes a browser would fetch.
//!
//! A query is split on spaces into words; every word must match (AND). A word is matched as
//! an exact phrase of its runs (see `tokenize`):
//! - one term (a word, a single character, a bigram, a joint term such as `dx␁化`): its
//!   doc-level posting answers directly;
//! - a Cjk run of 3..=max_len characters: first its frequent-gram term, if the index has it;
//! - otherwise a *join*: the positional postings of a set of bigrams and joint terms that
//!   cover every character, aligned on their offsets in the word. Bigrams at offsets 0 and 2
//!   prove characters 0..4 exactly, so there are no false positives (手 and 上げ apart do not
//!   match 手上げ). The cover is chosen to fetch the fewest bytes.

use super::codec::{
    get_bytes, get_doc_posting, get_docs, get_pos_posting, get_varint, FieldHits, FieldPositions,
    BODY, FIELDS, META, SUMMARY, TITLE,
};
use super::display::part_of;
use super::layout::{bucket_of, FLAG_DOC_INLINE, FLAG_POS, FLAG_POS_INLINE};
use super::manifest::{Facet, Manifest, PopFacet};
use super::normalize::normalize;
use super::pack;
use super::tokenize::{joint_key, runs, RunKind, Token};
use std::collections::HashMap;

/// Where the engine reads files from (paths like `search/k/3.bin`).
pub trait Source {
    fn get(&mut self, path: &str) -> Option<Vec<u8>>;
    /// Bytes `from..to` of a pack file (an HTTP Range request in the script). The default
    /// reads the whole file, as the script does on a host that ignores Range.
    fn get_range(&mut self, path: &str, from: u32, to: u32) -> Option<Vec<u8>> {
        self.get(path)?
            .get(from as usize..to as usize)
            .map(<[u8]>::to_vec)
    }
}

impl Source for HashMap<String, Vec<u8>> {
    fn get(&mut self, path: &str) -> Option<Vec<u8>> {
        HashMap::get(self, path).cloned()
    }
}

/// Reading the facet dictionaries of the manifest.
impl Facet {
    /// Id (position) of a value.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.values.iter().position(|v| v.name == name)
    }
}

impl PopFacet {
    /// Id (position) of a band, by its URL key.
    pub fn id(&self, key: &str) -> Option<usize> {
        self.values.iter().position(|v| v.key == key)
    }
}

/// `docs.bin`: category and population columns, body lengths (see `facets`).
#[derive(Debug, Clone)]
pub struct DocsMeta {
    /// Population band per doc (255 = none).
    pub pop: Vec<u8>,
    /// Body length per doc, as BM25 sees it.
    pub body_len: Vec<u32>,
    /// Category combination per doc, and the combinations.
    pub combo: Vec<u32>,
    pub combos: Vec<Vec<u32>>,
}

/// `n` 4-bit codes, two a byte, low nibble first, from `b[*at..]`.
fn get_nibbles(b: &[u8], at: &mut usize, n: usize) -> Option<Vec<u8>> {
    let bytes = b.get(*at..at.checked_add(n.div_ceil(2))?)?;
    *at += bytes.len();
    Some(
        (0..n)
            .map(|i| (bytes[i / 2] >> (4 * (i % 2))) & 15)
            .collect(),
    )
}

/// `prefs.bin`: prefecture id per doc (255 = none), or None when it is not `n` docs long.
pub fn parse_prefs(b: &[u8], n: u32) -> Option<Vec<u8>> {
    let mut at = 0;
    if get_varint(b, &mut at)? != n {
        return None;
    }
    let codes = b.get(at..at.checked_add(n as usize)?)?;
    Some(codes.iter().map(|&c| c.wrapping_sub(1)).collect())
}

impl DocsMeta {
    pub fn parse(b: &[u8]) -> Option<DocsMeta> {
        let mut at = 0;
        let n = get_varint(b, &mut at)? as usize;
        let _categories = get_varint(b, &mut at)?;
        let nc = get_varint(b, &mut at)? as usize;
        let mut combos = Vec::new();
        for _ in 0..nc {
            let k = get_varint(b, &mut at)?;
            let mut c = Vec::new();
            for _ in 0..k {
                c.push(get_varint(b, &mut at)?);
            }
            combos.push(c);
        }
        let mut combo = Vec::with_capacity(n);
        for _ in 0..n {
            let c = get_varint(b, &mut at)?;
            if c as usize >= nc {
                return None;
            }
            combo.push(c);
        }
        let pop = get_nibbles(b, &mut at, n)?
            .into_iter()
            .map(|c| c.wrapping_sub(1))
            .collect();
        let body_len = get_nibbles(b, &mut at, n)?
            .into_iter()
            .map(|c| super::facets::BODY_LEN[c as usize])
            .collect();
        Some(DocsMeta {
            pop,
            body_len,
            combo,
            combos,
        })
    }
    pub fn has_cat(&self, c: usize, d: u32) -> bool {
        self.combo
            .get(d as usize)
            .and_then(|&k| self.combos.get(k as usize))
            .is_some_and(|cs| cs.contains(&(c as u32)))
    }
}

#[derive(Debug, Clone)]
enum Loc {
    Inline(Vec<u8>),
    /// Offset and length in the `search/t/` packs.
    File(u32, u32),
}

/// Positional posting: inline, or blocks (first doc, offset in the `search/t/` packs, byte
/// length).
#[derive(Debug, Clone)]
enum PosLoc {
    Inline(Vec<u8>),
    Blocks(Vec<(u32, u32, u32)>),
}

impl PosLoc {
    fn cost(&self) -> u64 {
        match self {
            PosLoc::Inline(_) => 0,
            PosLoc::Blocks(b) => b.iter().map(|x| x.2 as u64).sum(),
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    doc: Loc,
    pos: Option<PosLoc>,
}

fn parse_bucket(b: &[u8]) -> Option<HashMap<String, Entry>> {
    let mut at = 0;
    let count = get_varint(b, &mut at)?;
    let mut out = HashMap::new();
    for _ in 0..count {
        let key = String::from_utf8(get_bytes(b, &mut at)?.to_vec()).ok()?;
        let _df = get_varint(b, &mut at)?;
        let flags = *b.get(at)?;
        at += 1;
        let mut loc = |inline: bool| -> Option<Loc> {
            if inline {
                Some(Loc::Inline(get_bytes(b, &mut at)?.to_vec()))
            } else {
                let off = get_varint(b, &mut at)?;
                let len = get_varint(b, &mut at)?;
                Some(Loc::File(off, len))
            }
        };
        let doc = loc(flags & FLAG_DOC_INLINE != 0)?;
        let pos = if flags & FLAG_POS == 0 {
            None
        } else if flags & FLAG_POS_INLINE != 0 {
            Some(PosLoc::Inline(get_bytes(b, &mut at)?.to_vec()))
        } else {
            let count = get_varint(b, &mut at)?;
            let mut blocks = Vec::new();
            let mut doc = 0u32;
            let mut id = 0i64;
            for _ in 0..count {
                doc = doc.checked_add(get_varint(b, &mut at)?)?;
                let z = get_varint(b, &mut at)? as i64;
                id += (z >> 1) ^ -(z & 1);
                let len = get_varint(b, &mut at)?;
                blocks.push((doc, u32::try_from(id).ok()?, len));
            }
            Some(PosLoc::Blocks(blocks))
        };
        out.insert(key, Entry { doc, pos });
    }
    Some(out)
}

/// A search: text and facet filters (values of one facet combine with OR, facets with AND).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub text: String,
    pub category: Vec<String>,
    pub prefecture: Vec<String>,
    pub tag: Vec<String>,
    /// Population band keys (`lt10k`, `10k-50k`, `50k-200k`, `gt200k`).
    pub pop: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Scored {
    pub doc: u32,
    pub score: f64,
    /// How each query word occurs in the doc.
    pub hits: Vec<FieldHits>,
}

#[derive(Debug, Clone, Default)]
pub struct FacetCounts {
    pub category: Vec<u32>,
    /// Per prefecture id, only when `prefs.bin` was loaded (256 slots, 255 = none).
    pub prefecture: Vec<u32>,
    pub pop: Vec<u32>,
    /// Tag name and count, only when the tag facet was loaded (most frequent first).
    pub tag: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The query's normalised words.
    pub words: Vec<String>,
    /// Every matching doc, best first.
    pub ranked: Vec<Scored>,
    pub facets: FacetCounts,
}

/// How one query word is matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// One term answers it.
    Term(String),
    /// Try the frequent-gram term first, else join.
    Gram(String, Vec<(String, u32)>),
    /// Join positional terms: (key, offset in the word) candidates, with required coverage.
    Join(Vec<(String, u32)>),
}

/// Candidate parts of a join: every joint term at a word/Cjk boundary (with as many Cjk
/// characters as the run has, up to 2) and every bigram of every Cjk run.
pub fn join_parts(rs: &[Token]) -> Vec<(String, u32)> {
    let mut parts = Vec::new();
    for (i, r) in rs.iter().enumerate() {
        match r.kind {
            RunKind::Cjk => {
                let cs: Vec<char> = r.text.chars().collect();
                for j in 0..cs.len().saturating_sub(1) {
                    parts.push((cs[j..j + 2].iter().collect(), r.pos + j as u32));
                }
            }
            RunKind::Word => {
                if let Some(p) = i.checked_sub(1).map(|j| &rs[j]) {
                    let n = p.len.min(2) as usize;
                    let tail: String = p.text.chars().skip(p.len as usize - n).collect();
                    parts.push((joint_key(&tail, &r.text), r.pos - n as u32));
                }
                if let Some(nx) = rs.get(i + 1) {
                    let head: String = nx.text.chars().take(2).collect();
                    parts.push((joint_key(&r.text, &head), r.pos));
                }
            }
        }
    }
    parts
}

/// The plan of one normalised word (no spaces).
pub fn plan(word: &str, gram_min: usize, gram_max: usize) -> Plan {
    let rs = runs(word);
    if rs.len() == 1 {
        let r = &rs[0];
        let len = r.len as usize;
        return match r.kind {
            RunKind::Word => Plan::Term(r.text.clone()),
            RunKind::Cjk if len <= 2 => Plan::Term(r.text.clone()),
            RunKind::Cjk if len >= gram_min && len <= gram_max => {
                Plan::Gram(r.text.clone(), join_parts(&rs))
            }
            RunKind::Cjk => Plan::Join(join_parts(&rs)),
        };
    }
    // A word and one or two Cjk characters on one side: one joint term holds it all.
    if rs.len() == 2 {
        let (a, b) = (&rs[0], &rs[1]);
        if a.kind == RunKind::Word && b.len <= 2 || b.kind == RunKind::Word && a.len <= 2 {
            return Plan::Term(joint_key(&a.text, &b.text));
        }
    }
    Plan::Join(join_parts(&rs))
}

/// Characters (offsets in the word) that a part proves.
fn part_span(key: &str, off: u32) -> std::ops::Range<u32> {
    let len = key
        .chars()
        .filter(|&c| c != super::tokenize::JOINT_SEP)
        .count() as u32;
    off..off + len
}

/// Cheapest set of parts covering offsets 0..len (a part costs its positional bytes).
/// Parts are intervals; dynamic programming over the covered prefix.
pub fn cheapest_cover(parts: &[(String, u32, u64)], len: u32) -> Option<Vec<usize>> {
    // best[x] = (cost, chosen parts) covering 0..x
    let mut best: Vec<Option<(u64, Vec<usize>)>> = vec![None; len as usize + 1];
    best[0] = Some((0, Vec::new()));
    for x in 0..len as usize {
        let Some((cost, chosen)) = best[x].clone() else {
            continue;
        };
        for (i, (k, off, c)) in parts.iter().enumerate() {
            let span = part_span(k, *off);
            // A part may start before x (overlap) but must cover x.
            if span.start as usize <= x && span.end as usize > x {
                let end = span.end as usize;
                let cand = cost + c;
                if best[end].as_ref().is_none_or(|b| cand < b.0) {
                    let mut ch = chosen.clone();
                    ch.push(i);
                    best[end] = Some((cand, ch));
                }
            }
        }
    }
    best[len as usize].take().map(|b| b.1)
}

pub struct Engine<S: Source> {
    pub src: S,
    pub manifest: Manifest,
    meta: Option<DocsMeta>,
    prefs: Option<Vec<u8>>,
    tags: Option<Vec<(String, Vec<u32>)>>,
    buckets: HashMap<u32, HashMap<String, Entry>>,
    files: HashMap<u32, Vec<u8>>,
    records: HashMap<u32, serde_json::Value>,
}

impl<S: Source> Engine<S> {
    pub fn open(mut src: S) -> Option<Engine<S>> {
        let manifest: Manifest = serde_json::from_slice(&src.get("search/manifest.json")?).ok()?;
        Some(Engine {
            src,
            manifest,
            meta: None,
            prefs: None,
            tags: None,
            buckets: HashMap::new(),
            files: HashMap::new(),
            records: HashMap::new(),
        })
    }

    /// Bytes `[off, off + len)` of a packed stream (`dir`: `t` or `b`), from the one or two
    /// packs that hold them.
    fn range(&mut self, dir: &str, off: u32, len: u32) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len as usize);
        for (p, a, b) in pack::pieces(off as u64, len as u64, self.manifest.pack_bytes) {
            out.extend(self.src.get_range(&pack::pack_path(dir, p), a, b)?);
        }
        Some(out)
    }

    fn meta(&mut self) -> Option<&DocsMeta> {
        if self.meta.is_none() {
            self.meta = DocsMeta::parse(&self.src.get("search/docs.bin")?);
        }
        self.meta.as_ref()
    }

    pub fn load_prefs(&mut self) -> Option<&Vec<u8>> {
        if self.prefs.is_none() {
            self.prefs = parse_prefs(&self.src.get("search/prefs.bin")?, self.manifest.docs);
        }
        self.prefs.as_ref()
    }

    pub fn load_tags(&mut self) -> Option<&Vec<(String, Vec<u32>)>> {
        if self.tags.is_none() {
            let b = self.src.get("search/tags.bin")?;
            let mut at = 0;
            let count = get_varint(&b, &mut at)?;
            let mut v = Vec::new();
            for _ in 0..count {
                let name = String::from_utf8(get_bytes(&b, &mut at)?.to_vec()).ok()?;
                v.push((name, get_docs(&b, &mut at, self.manifest.docs)?));
            }
            self.tags = Some(v);
        }
        self.tags.as_ref()
    }

    fn entry(&mut self, key: &str) -> Option<Entry> {
        let b = bucket_of(key, self.manifest.buckets);
        if !self.buckets.contains_key(&b) {
            let parsed = self
                .numbered("k", b)
                .and_then(|bytes| parse_bucket(&bytes))
                .unwrap_or_default();
            self.buckets.insert(b, parsed);
        }
        self.buckets.get(&b)?.get(key).cloned()
    }

    /// Record `i` of a numbered stream (`k`: buckets, `d`: display records): its start and
    /// end from the table (`<dir>i`), then the record.
    fn numbered(&mut self, dir: &str, i: u32) -> Option<Vec<u8>> {
        let at = i.checked_mul(4)?;
        let (a, e) = pack::table_entry(&self.range(&format!("{dir}i"), at, 8)?)?;
        self.range(dir, a, e - a)
    }

    fn load(&mut self, loc: &Loc) -> Option<Vec<u8>> {
        match loc {
            Loc::Inline(b) => Some(b.clone()),
            Loc::File(off, len) => {
                if !self.files.contains_key(off) {
                    let b = self.range("t", *off, *len)?;
                    self.files.insert(*off, b);
                }
                self.files.get(off).cloned()
            }
        }
    }

    fn doc_posting(&mut self, key: &str) -> Vec<(u32, FieldHits)> {
        let Some(e) = self.entry(key) else {
            return Vec::new();
        };
        let n = self.manifest.docs;
        self.load(&e.doc)
            .and_then(|b| get_doc_posting(&b, n))
            .map(|(d, h)| d.into_iter().zip(h).collect())
            .unwrap_or_default()
    }

    /// Docs containing one normalised word, with how it occurs in each.
    pub fn match_word(&mut self, word: &str) -> Vec<(u32, FieldHits)> {
        match plan(
            word,
            self.manifest.grams.min_len,
            self.manifest.grams.max_len,
        ) {
            Plan::Term(k) => self.doc_posting(&k),
            Plan::Gram(k, parts) => {
                if self.entry(&k).is_some() {
                    self.doc_posting(&k)
                } else {
                    self.join(&parts, word.chars().count() as u32)
                }
            }
            Plan::Join(parts) => self.join(&parts, word.chars().count() as u32),
        }
    }

    fn join(&mut self, parts: &[(String, u32)], len: u32) -> Vec<(u32, FieldHits)> {
        let mut costed = Vec::new();
        let mut locs = Vec::new();
        for (k, off) in parts {
            let Some(e) = self.entry(k) else {
                return Vec::new(); // a part that never occurs: nothing matches
            };
            let Some(pos) = e.pos else { continue };
            // Prefer fewer parts at equal byte cost.
            costed.push((k.clone(), *off, pos.cost() * 64 + 1));
            locs.push(pos);
        }
        let Some(mut chosen) = cheapest_cover(&costed, len) else {
            return Vec::new();
        };
        // Cheapest first: its documents are the candidates, and the larger postings are
        // then fetched only in the blocks that hold a candidate.
        chosen.sort_by_key(|&i| costed[i].2);
        let n = self.manifest.docs;
        let mut candidates: Option<Vec<u32>> = None;
        let mut lists: Vec<(u32, Vec<(u32, FieldPositions)>)> = Vec::new();
        for i in chosen {
            let mut list = Vec::new();
            match &locs[i] {
                PosLoc::Inline(b) => match get_pos_posting(b, n) {
                    Some(l) => list = l,
                    None => return Vec::new(),
                },
                PosLoc::Blocks(blocks) => {
                    for (bi, &(first, off, len)) in blocks.iter().enumerate() {
                        let end = blocks.get(bi + 1).map_or(u32::MAX, |b| b.0);
                        let needed = candidates.as_ref().is_none_or(|c| {
                            let at = c.partition_point(|&d| d < first);
                            at < c.len() && c[at] < end
                        });
                        if !needed {
                            continue;
                        }
                        let Some(b) = self.load(&Loc::File(off, len)) else {
                            return Vec::new();
                        };
                        match get_pos_posting(&b, n) {
                            Some(l) => list.extend(l),
                            None => return Vec::new(),
                        }
                    }
                }
            }
            if let Some(c) = &candidates {
                list.retain(|(d, _)| c.binary_search(d).is_ok());
            }
            candidates = Some(list.iter().map(|x| x.0).collect());
            lists.push((costed[i].1, list));
            if candidates.as_ref().is_some_and(|c| c.is_empty()) {
                return Vec::new();
            }
        }
        align(&lists)
    }

    /// Run a query. Loads `docs.bin`, and `prefs.bin` and `tags.bin` when their filter is
    /// set or `open_facets` (the page shows those panels' counts only once they are opened).
    pub fn search(&mut self, q: &Query, open_facets: bool) -> Results {
        let text = normalize(&q.text);
        let words: Vec<String> = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        let m = self.manifest.clone();
        let n = m.docs;
        let mut per_word: Vec<Vec<(u32, FieldHits)>> = Vec::new();
        for w in &words {
            per_word.push(self.match_word(w));
        }
        // A docs.bin that does not describe exactly the manifest's documents is unusable.
        if self.meta().is_none_or(|meta| meta.pop.len() != n as usize) {
            return Results::default();
        }
        // AND of the words: docs in every list, with each word's hits.
        let mut matched: Vec<(u32, Vec<FieldHits>)> = if words.is_empty() {
            (0..n).map(|d| (d, Vec::new())).collect()
        } else {
            intersect(&per_word)
        };
        let dfs: Vec<u32> = per_word.iter().map(|l| l.len() as u32).collect();
        if open_facets || !q.tag.is_empty() {
            self.load_tags();
        }
        if open_facets || !q.prefecture.is_empty() {
            self.load_prefs();
        }
        let meta = self.meta.as_ref().expect("loaded above");
        let filters = Filters::new(&m, meta, self.prefs.as_deref(), self.tags.as_deref(), q);
        let facets = filters.counts(&matched, meta, self.tags.as_deref());
        matched.retain(|(d, _)| filters.all(meta, *d));
        let mut ranked: Vec<Scored> = matched
            .into_iter()
            .map(|(doc, hits)| Scored {
                doc,
                score: score(&m, meta, doc, &hits, &dfs),
                hits,
            })
            .collect();
        ranked.sort_by(|a, b| {
            score_key(b.score)
                .cmp(&score_key(a.score))
                .then(a.doc.cmp(&b.doc))
        });
        Results {
            words,
            ranked,
            facets,
        }
    }

    /// The display record of a doc (`{u, t, m, p, d, s, b}`), record `doc` of the `search/d/`
    /// packs.
    pub fn display_record(&mut self, doc: u32) -> Option<serde_json::Value> {
        if let Some(v) = self.records.get(&doc) {
            return Some(v.clone());
        }
        let b = self.numbered("d", doc)?;
        let v: serde_json::Value = serde_json::from_slice(&b).ok()?;
        self.records.insert(doc, v.clone());
        Some(v)
    }

    /// What the results page fetches to show the hits `from..to`, fetched through the
    /// source: the display record, and the body part holding the first match when the
    /// summary does not show one.
    pub fn show(&mut self, r: &Results, from: usize, to: usize) {
        for s in r.ranked.iter().skip(from).take(to.saturating_sub(from)) {
            self.display_record(s.doc);
            if let Some(part) = snippet_part(&s.hits) {
                self.body_part(s.doc, part);
            }
        }
    }

    /// Raw text of body part `k` of a doc (what a snippet is cut from).
    pub fn body_part(&mut self, doc: u32, k: u32) -> Option<String> {
        let rec = self.display_record(doc)?;
        let (off, len) = body_part_at(&rec, k)?;
        let bytes = self.range("b", u32::try_from(off).ok()?, u32::try_from(len).ok()?)?;
        String::from_utf8(bytes).ok()
    }
}

/// Offset and length of body part `k` in the `search/b/` packs, from a display record's
/// `b`: `[offset of part 0, length of part 0, length of part 1, ...]`.
pub fn body_part_at(rec: &serde_json::Value, k: u32) -> Option<(u64, u64)> {
    let b = rec.get("b")?.as_array()?;
    let nums: Vec<u64> = b.iter().map(|x| x.as_u64()).collect::<Option<_>>()?;
    let (&first, lens) = nums.split_first()?;
    let len = *lens.get(k as usize)?;
    Some((first + lens[..k as usize].iter().sum::<u64>(), len))
}

/// The body part a snippet is cut from, or None when the summary holds a match (or no word
/// is in the body).
pub fn snippet_part(hits: &[FieldHits]) -> Option<u32> {
    if hits.is_empty() || hits.iter().any(|h| h.tf[SUMMARY] > 0) {
        return None;
    }
    hits.iter().find(|h| h.tf[BODY] > 0).map(|h| h.first_part)
}

/// Scores are compared at a fixed precision so that Rust and JavaScript, whose `ln` may
/// differ in the last bit, order hits the same way.
pub fn score_key(s: f64) -> i64 {
    (s * 1e6).round() as i64
}

/// Phrase occurrences from aligned positional postings.
fn align(lists: &[(u32, Vec<(u32, FieldPositions)>)]) -> Vec<(u32, FieldHits)> {
    let mut out = Vec::new();
    if lists.is_empty() {
        return out;
    }
    let mut idx = vec![0usize; lists.len()];
    'docs: for (d, first) in &lists[0].1 {
        for (li, (_, l)) in lists.iter().enumerate().skip(1) {
            while idx[li] < l.len() && l[idx[li]].0 < *d {
                idx[li] += 1;
            }
            if idx[li] >= l.len() || l[idx[li]].0 != *d {
                continue 'docs;
            }
        }
        let mut h = FieldHits::default();
        for (f, first_f) in first.iter().enumerate() {
            // Start offsets where every part sits at its offset.
            let off0 = lists[0].0;
            let mut starts: Vec<u32> = first_f.iter().filter_map(|p| p.checked_sub(off0)).collect();
            for (li, (off, l)) in lists.iter().enumerate().skip(1) {
                let ps = &l[idx[li]].1[f];
                starts.retain(|s| ps.binary_search(&(s + off)).is_ok());
            }
            h.tf[f] = starts.len() as u32;
            if f == BODY {
                if let Some(&s) = starts.first() {
                    h.first_part = part_of(s);
                }
            }
        }
        if h.tf.iter().any(|&t| t > 0) {
            out.push((*d, h.saturated()));
        }
    }
    out
}

fn intersect(lists: &[Vec<(u32, FieldHits)>]) -> Vec<(u32, Vec<FieldHits>)> {
    let Some((shortest, _)) = lists.iter().enumerate().min_by_key(|(_, l)| l.len()) else {
        return Vec::new();
    };
    let maps: Vec<HashMap<u32, FieldHits>> =
        lists.iter().map(|l| l.iter().copied().collect()).collect();
    lists[shortest]
        .iter()
        .filter_map(|(d, _)| {
            let hs: Option<Vec<FieldHits>> = maps.iter().map(|m| m.get(d).copied()).collect();
            hs.map(|h| (*d, h))
        })
        .collect()
}

/// BM25F with field weights, length normalisation on the body, and bonuses.
pub fn score(m: &Manifest, meta: &DocsMeta, doc: u32, hits: &[FieldHits], dfs: &[u32]) -> f64 {
    let n = m.docs as f64;
    let blen = meta.body_len.get(doc as usize).copied().unwrap_or(0) as f64;
    let r = &m.ranking;
    let norm = if m.avg_body > 0.0 {
        1.0 - r.b + r.b * blen / m.avg_body
    } else {
        1.0
    };
    let mut total = 0.0;
    let mut idf_sum = 0.0;
    let mut shared = [true; 3];
    for (h, &df) in hits.iter().zip(dfs) {
        let df = df as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut tf = 0.0;
        for f in 0..FIELDS {
            let t = h.tf[f] as f64 * r.weights[f];
            tf += if f == BODY { t / norm } else { t };
        }
        total += idf * tf * (r.k1 + 1.0) / (tf + r.k1);
        if h.tf[TITLE] > 0 {
            total += r.title_bonus * idf;
        }
        idf_sum += idf;
        for (i, f) in [TITLE, META, SUMMARY].into_iter().enumerate() {
            shared[i] &= h.tf[f] > 0;
        }
    }
    if hits.len() > 1 && shared.iter().any(|&s| s) {
        total += r.field_phrase_bonus * idf_sum;
    }
    total
}

struct Filters<'p> {
    cat: Vec<usize>,
    pref: Vec<u8>,
    /// Prefecture per doc, when `prefs.bin` is loaded.
    prefs: Option<&'p [u8]>,
    pop: Vec<u8>,
    tag_docs: Option<Vec<bool>>,
    cats_of: Vec<Vec<bool>>,
}

impl<'p> Filters<'p> {
    fn new(
        m: &Manifest,
        meta: &DocsMeta,
        prefs: Option<&'p [u8]>,
        tags: Option<&[(String, Vec<u32>)]>,
        q: &Query,
    ) -> Filters<'p> {
        let n = m.docs as usize;
        let f = &m.facets;
        let mut cat: Vec<usize> = q.category.iter().filter_map(|c| f.category.id(c)).collect();
        let cats_of = (0..f.category.values.len())
            .map(|c| (0..n as u32).map(|d| meta.has_cat(c, d)).collect())
            .collect();
        // A filter value that is unknown gets an id no document has: it matches nothing, as
        // a filter should.
        if q.category.iter().any(|v| f.category.id(v).is_none()) {
            cat.push(usize::MAX);
        }
        let mut pref: Vec<u8> = q
            .prefecture
            .iter()
            .filter_map(|p| f.prefecture.id(p).map(|i| i as u8))
            .collect();
        if q.prefecture.iter().any(|v| f.prefecture.id(v).is_none()) {
            pref.push(254);
        }
        let mut pop: Vec<u8> = q
            .pop
            .iter()
            .filter_map(|p| f.pop.id(p).map(|i| i as u8))
            .collect();
        if q.pop.iter().any(|v| f.pop.id(v).is_none()) {
            pop.push(254);
        }
        let tag_docs = (!q.tag.is_empty()).then(|| {
            let mut v = vec![false; n];
            for (name, docs) in tags.unwrap_or(&[]) {
                if q.tag.contains(name) {
                    for &d in docs {
                        v[d as usize] = true;
                    }
                }
            }
            v
        });
        Filters {
            cat,
            pref,
            prefs,
            pop,
            tag_docs,
            cats_of,
        }
    }
    fn cat_ok(&self, d: u32) -> bool {
        self.cat.is_empty()
            || self
                .cat
                .iter()
                .any(|&c| self.cats_of.get(c).is_some_and(|v| v[d as usize]))
    }
    fn pref_ok(&self, d: u32) -> bool {
        self.pref.is_empty()
            || self
                .prefs
                .is_some_and(|p| self.pref.contains(&p[d as usize]))
    }
    fn pop_ok(&self, meta: &DocsMeta, d: u32) -> bool {
        self.pop.is_empty() || self.pop.contains(&meta.pop[d as usize])
    }
    fn tag_ok(&self, d: u32) -> bool {
        self.tag_docs.as_ref().is_none_or(|v| v[d as usize])
    }
    fn all(&self, meta: &DocsMeta, d: u32) -> bool {
        self.cat_ok(d) && self.pref_ok(d) && self.pop_ok(meta, d) && self.tag_ok(d)
    }
    /// Disjunctive facet counts: a value's count is the number of results it would give,
    /// with the filters of the other facets applied and its own facet's ignored.
    fn counts(
        &self,
        matched: &[(u32, Vec<FieldHits>)],
        meta: &DocsMeta,
        tags: Option<&[(String, Vec<u32>)]>,
    ) -> FacetCounts {
        let mut fc = FacetCounts {
            category: vec![0; self.cats_of.len()],
            prefecture: if self.prefs.is_some() {
                vec![0; 256]
            } else {
                Vec::new()
            },
            pop: vec![0; 256],
            tag: Vec::new(),
        };
        let mut tag_base = Vec::new();
        for (d, _) in matched {
            let d = *d;
            let (c, p, o, t) = (
                self.cat_ok(d),
                self.pref_ok(d),
                self.pop_ok(meta, d),
                self.tag_ok(d),
            );
            if p && o && t {
                for (ci, v) in self.cats_of.iter().enumerate() {
                    if v[d as usize] {
                        fc.category[ci] += 1;
                    }
                }
            }
            if let (true, true, true, Some(prefs)) = (c, o, t, self.prefs) {
                fc.prefecture[prefs[d as usize] as usize] += 1;
            }
            if c && p && t {
                fc.pop[meta.pop[d as usize] as usize] += 1;
            }
            if c && p && o {
                tag_base.push(d);
            }
        }
        if let Some(tags) = tags {
            let n = meta.pop.len();
            let mut base = vec![false; n];
            for d in tag_base {
                base[d as usize] = true;
            }
            fc.tag = tags
                .iter()
                .map(|(name, docs)| {
                    (
                        name.clone(),
                        docs.iter().filter(|&&d| base[d as usize]).count() as u32,
                    )
                })
                .collect();
        }
        fc
    }
}

impl Results {
    pub fn total(&self) -> usize {
        self.ranked.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        assert_eq!(plan("dx", 3, 12), Plan::Term("dx".into()));
        assert_eq!(plan("手", 3, 12), Plan::Term("手".into()));
        assert_eq!(plan("研修", 3, 12), Plan::Term("研修".into()));
        assert_eq!(plan("dx化", 3, 12), Plan::Term("dx\u{1}化".into()));
        assert_eq!(plan("130万", 3, 12), Plan::Term("130\u{1}万".into()));
        assert!(matches!(plan("手上げ", 3, 12), Plan::Gram(..)));
        assert!(matches!(plan("手上げ", 3, 2), Plan::Join(..)));
        assert!(matches!(plan("窓口dx化", 3, 12), Plan::Join(..)));
    }

    #[test]
    fn cover_prefers_cheap_parts() {
        let parts = vec![
            ("マイ".to_string(), 0, 100),
            ("イナ".to_string(), 1, 1),
            ("ナン".to_string(), 2, 100),
            ("ンバ".to_string(), 3, 1),
        ];
        // 0..5 must be covered: マイ is the only part covering 0.
        assert_eq!(cheapest_cover(&parts, 5), Some(vec![0, 1, 3]));
        assert_eq!(cheapest_cover(&parts[1..], 5), None);
    }
}
