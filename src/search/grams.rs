//! Frequent n-grams, indexed whole (the CommonGrams idea, generalised).
//!
//! A query such as マイナンバーカード joined from bigram positions costs the positions of
//! eight bigrams that occur tens of thousands of times. If the whole string occurs in many
//! documents, it is cheaper to index it as one term with a doc-level posting: its doc set
//! (a bitmap when dense) and per-document field counts, no positions.
//!
//! Grams of 3..=`max_len` Cjk letters found in at least `min_df` documents are indexed.
//! Finding them takes one pass, document by document, so the index can be built as the
//! documents stream in:
//!
//! 1. *Candidates*, from the first `sample` documents (all of them when there are fewer):
//!    mined level by level (Apriori: a gram of length n+1 can be frequent only if its
//!    prefix and suffix of length n are), counting document frequencies in hash maps, with
//!    the threshold scaled to the sample and lowered by a quarter, so that grams near the
//!    threshold are not lost. Levels stop once the postings of the candidates that are not
//!    aliases (see below), extrapolated to all documents, pass `max_postings`.
//! 2. *Exact postings*, on every document: the candidates form a trie; from every offset
//!    the text walks down the trie, and each candidate met is one occurrence. Candidates
//!    found in fewer than `min_df` documents are dropped at the end.
//!
//! Which grams are indexed only changes the bytes a query costs, never its answer: a query
//! that is not an indexed gram is answered by joining bigram positions, which is cheap
//! exactly because its bigrams' postings, or the candidate documents, are few.
//!
//! A gram whose every occurrence extends to the same longer gram (every `マイナンバ` is
//! followed by `ー`) is an *alias*: its entry points at the longer gram's posting.

use super::codec::{put_hits, put_varint, FieldHits, BODY};
use super::display::part_of;
use super::hash::Map;
use super::term::{decode_gaps, doc_level_bytes, TermData};
use super::tokenize::is_alpha;
use rayon::prelude::*;

const NONE: u32 = u32::MAX;

/// Settings of the mining.
#[derive(Clone, Copy, Debug)]
pub struct GramParams {
    /// A gram is indexed when it is in at least this many documents.
    pub min_df: u32,
    pub max_len: usize,
    /// Stop adding levels once the grams' postings (aliases not counted) hold about this
    /// many (doc, gram) pairs.
    pub max_postings: u64,
    /// Candidates are mined from the first `sample` documents.
    pub sample: usize,
    /// The number of documents expected in all (to scale the sample's counts).
    pub expected_docs: usize,
}

/// Default size of the sample that candidates are mined from. Mining is a large share of
/// the index's work and grows with the sample, and 1,024 documents find the grams that
/// matter as well as twice as many did (the bytes of a first query barely moved; figures
/// in docs/BENCHMARKS.md).
pub const SAMPLE: usize = 1024;

impl GramParams {
    /// Defaults for `n` documents: a gram is worth indexing whole once it is in 0.5% of the
    /// documents (and at least 3).
    pub fn for_docs(n: usize) -> GramParams {
        GramParams {
            min_df: ((n as u64 / 200) as u32).max(3),
            max_len: 32,
            max_postings: (n as u64).saturating_mul(1500).max(100_000),
            sample: SAMPLE,
            expected_docs: n,
        }
    }
}

/// A piece of a Cjk run made only of letters, at least 3 long (grams never hold
/// punctuation or symbols: people do not type them, and boilerplate sentences would add
/// many grams no one looks for).
pub struct Piece {
    pub field: u8,
    pub pos: u32,
    pub chars: Vec<u32>,
}

fn key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// Candidate grams (length 3..=max_len) with at least `min_df` documents in the sample.
fn candidates(
    sample: &[Vec<Piece>],
    min_df: u32,
    max_len: usize,
    scale: f64,
    max_postings: u64,
) -> Vec<Vec<u32>> {
    let mut estimated = 0f64;
    // The sample's pieces end to end, each followed by NONE; `doc[i]`: the document of
    // offset i; `ids[i]`: id at the current level of the gram starting at offset i, or NONE.
    let total: usize = sample.iter().flatten().map(|p| p.chars.len() + 1).sum();
    let (mut text, mut doc) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for (d, ps) in sample.iter().enumerate() {
        for p in ps {
            text.extend_from_slice(&p.chars);
            text.push(NONE);
            doc.resize(text.len(), d as u32);
        }
    }
    let mut ids = vec![NONE; text.len() + 1];
    // Offsets whose gram of the previous level is frequent: the only ones a gram of this
    // level can start at. Most offsets drop out after a few levels, and scanning all of
    // them at every level was three quarters of the mining's work.
    let mut live: Vec<u32> = (0..text.len().saturating_sub(1))
        .filter(|&i| text[i] != NONE && text[i + 1] != NONE)
        .map(|i| i as u32)
        .collect();
    let mut names: Vec<Vec<u32>> = Vec::new(); // current level
    let mut occ_prev: Vec<u64> = Vec::new();
    let mut df_prev: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    // One map per level: each offset gets its key's entry number at once, so that the
    // next level's ids are one array lookup away.
    let mut map: Map<u64, u32> = Map::default();
    // Per entry: (key, df, last doc, occurrences, suffix id).
    let mut ents: Vec<(u64, u32, u32, u64, u32)> = Vec::new();
    for len in 2..=max_len.max(2) {
        map.clear();
        ents.clear();
        // In increasing offsets: offset i reads the previous level's ids at i and i + 1,
        // and i + 1 is not yet overwritten.
        for &i in &live {
            let i = i as usize;
            let (k, suffix) = if len == 2 {
                (key(text[i], text[i + 1]), NONE)
            } else if ids[i + 1] != NONE {
                (key(ids[i], text[i + len - 1]), ids[i + 1])
            } else {
                ids[i] = NONE;
                continue;
            };
            let n = ents.len() as u32;
            let e = *map.entry(k).or_insert(n);
            if e == n {
                ents.push((k, 0, NONE, 0, suffix));
            }
            let x = &mut ents[e as usize];
            x.3 += 1;
            if x.2 != doc[i] {
                x.1 += 1;
                x.2 = doc[i];
            }
            ids[i] = e;
        }
        // Frequent entries in key order (a level's ids are their ranks in it).
        let mut order: Vec<u32> = (0..ents.len() as u32)
            .filter(|&e| ents[e as usize].1 >= min_df)
            .collect();
        order.sort_unstable_by_key(|&e| ents[e as usize].0);
        let frequent: Vec<(u64, u32, u64, u32)> = order
            .iter()
            .map(|&e| {
                let x = ents[e as usize];
                (x.0, x.1, x.3, x.4)
            })
            .collect();
        if len >= 3 {
            // Grams of the previous level that are aliases of one of this level.
            let mut alias = vec![false; names.len()];
            for &(k, _, occ, suffix) in &frequent {
                for parent in [(k >> 32) as u32, suffix] {
                    if let Some(&po) = occ_prev.get(parent as usize) {
                        if po == occ {
                            alias[parent as usize] = true;
                        }
                    }
                }
            }
            if len >= 4 {
                for (g, &a) in alias.iter().enumerate() {
                    if !a {
                        estimated += df_prev[g] as f64 * scale;
                    }
                }
            }
        }
        // Like a full mining, the level that passes the cap is still taken.
        let stop = len > 3 && estimated > max_postings as f64;
        if frequent.is_empty() {
            break;
        }
        let new_names: Vec<Vec<u32>> = frequent
            .iter()
            .map(|&(k, ..)| {
                let (a, b) = ((k >> 32) as u32, k as u32);
                let mut name = if len == 2 {
                    vec![a]
                } else {
                    names[a as usize].clone()
                };
                name.push(b);
                name
            })
            .collect();
        // This level's ids: entry number -> rank among the frequent, NONE for the others.
        let mut rank = vec![NONE; ents.len()];
        for (r, &e) in order.iter().enumerate() {
            rank[e as usize] = r as u32;
        }
        live.retain(|&i| {
            let id = &mut ids[i as usize];
            if *id != NONE {
                *id = rank[*id as usize];
            }
            *id != NONE
        });
        names = new_names;
        occ_prev = frequent.iter().map(|x| x.2).collect();
        df_prev = frequent.iter().map(|x| x.1).collect();
        if len >= 3 {
            out.extend(names.iter().cloned());
        }
        if stop {
            break;
        }
    }
    out
}

/// Aho-Corasick automaton of the candidates: the trie of their prefixes, (node, char) ->
/// child; node 0 is the root; `fail` is the longest proper suffix that is also a node.
///
/// Hand-written, not the `aho-corasick` crate, which was tried in its place and measured
/// (docs/BENCHMARKS.md): the crate reports every occurrence of every pattern, and the
/// candidates nest (the parts of a frequent gram are candidates too), so one position ends
/// many matches, each a step of its iterator; it also scans UTF-8 bytes where the pieces are
/// code points. Here a document costs one state per character: occurrences are summed up
/// the failure tree once, at the end, and a document's hits visit only the candidates that
/// get postings. The crate's scan alone took several times the instructions of this walk.
pub struct Automaton {
    /// Children of node v: `edge_char[edges[v]..edges[v + 1]]` (sorted) and the same range
    /// of `edge_node`. Most nodes of a trie of phrases have one child, so a step is a
    /// compare or two in arrays where a hash map cost a cache miss per step.
    edges: Vec<u32>,
    edge_char: Vec<u32>,
    edge_node: Vec<u32>,
    fail: Vec<u32>,
    depth: Vec<u32>,
    /// Candidate index of each node, or NONE.
    gram: Vec<u32>,
    /// Nodes in breadth-first order (failure links point to earlier nodes).
    order: Vec<u32>,
    /// Nearest node in the failure chain (the node itself included) whose candidate gets
    /// postings, or NONE.
    out: Vec<u32>,
    /// Per BMP code point: 0 when no candidate holds it, else its index + 1 in `root`. Most
    /// characters of a text are in no candidate, and for them every state steps to the root
    /// at once, without the hash lookups along the failure chain.
    alpha: Vec<u16>,
    /// The root's child for each character of `alpha` (0 = none).
    root: Vec<u32>,
}

impl Automaton {
    fn new(cands: &[Vec<u32>]) -> Automaton {
        let mut next: Map<u64, u32> = Map::default();
        let mut gram = vec![NONE];
        let mut depth = vec![0u32];
        let mut children: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        for (g, name) in cands.iter().enumerate() {
            let mut node = 0u32;
            for &c in name {
                let len = gram.len() as u32;
                let d = depth[node as usize] + 1;
                let child = *next.entry(key(node, c)).or_insert(len);
                if child == len {
                    gram.push(NONE);
                    depth.push(d);
                    children.push(Vec::new());
                    children[node as usize].push((c, child));
                }
                node = child;
            }
            gram[node as usize] = g as u32;
        }
        let n = gram.len();
        let mut fail = vec![0u32; n];
        let mut order = Vec::with_capacity(n);
        let mut queue = std::collections::VecDeque::new();
        queue.push_back(0u32);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &(c, u) in &children[v as usize] {
                if v != 0 {
                    let mut f = fail[v as usize];
                    fail[u as usize] = loop {
                        if let Some(&x) = next.get(&key(f, c)) {
                            break x;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = fail[f as usize];
                    };
                }
                queue.push_back(u);
            }
        }
        let mut edges = Vec::with_capacity(n + 1);
        let (mut edge_char, mut edge_node) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for ch in &mut children {
            edges.push(edge_char.len() as u32);
            ch.sort_unstable();
            edge_char.extend(ch.iter().map(|e| e.0));
            edge_node.extend(ch.iter().map(|e| e.1));
        }
        edges.push(edge_char.len() as u32);
        let mut alpha = vec![0u16; 0x1_0000];
        let mut root = Vec::new();
        for name in cands {
            for &c in name {
                // At most 63,488 BMP scalar values: the index fits in a u16.
                if c < 0x1_0000 && alpha[c as usize] == 0 {
                    root.push(next.get(&key(0, c)).copied().unwrap_or(0));
                    alpha[c as usize] = root.len() as u16;
                }
            }
        }
        Automaton {
            edges,
            edge_char,
            edge_node,
            fail,
            depth,
            gram,
            order,
            out: vec![NONE; n],
            alpha,
            root,
        }
    }

    /// Marks the candidates that get postings (`with[g]`).
    fn set_postings(&mut self, with: &[bool]) {
        for &v in &self.order {
            let v = v as usize;
            let g = self.gram[v];
            self.out[v] = if g != NONE && with[g as usize] {
                v as u32
            } else if v == 0 {
                NONE
            } else {
                self.out[self.fail[v] as usize]
            };
        }
    }

    /// The child of `node` by `c`.
    #[inline]
    fn child(&self, node: u32, c: u32) -> Option<u32> {
        let (a, b) = (
            self.edges[node as usize] as usize,
            self.edges[node as usize + 1] as usize,
        );
        let cs = &self.edge_char[a..b];
        let at = if cs.len() <= 8 {
            cs.iter().position(|&x| x == c)
        } else {
            cs.binary_search(&c).ok()
        };
        at.map(|j| self.edge_node[a + j])
    }

    #[inline]
    fn step(&self, mut state: u32, c: u32) -> u32 {
        // The root's child from the table for BMP characters; a character in no candidate
        // has no transition anywhere, so every state steps to the root at once.
        let root = match self.alpha.get(c as usize) {
            Some(0) => return 0,
            Some(&a) => Some(self.root[a as usize - 1]),
            None => None,
        };
        while state != 0 {
            if let Some(x) = self.child(state, c) {
                return x;
            }
            state = self.fail[state as usize];
        }
        root.unwrap_or_else(|| self.child(0, c).unwrap_or(0))
    }

    fn find(&self, s: &[u32]) -> u32 {
        let mut node = 0u32;
        for &c in s {
            match self.child(node, c) {
                Some(n) => node = n,
                None => return NONE,
            }
        }
        self.gram[node as usize]
    }

    /// The state after each character of a document's pieces.
    fn states(&self, pieces: &[Piece]) -> Vec<u32> {
        let mut states = Vec::with_capacity(pieces.iter().map(|p| p.chars.len()).sum());
        for p in pieces {
            let mut state = 0u32;
            for &c in &p.chars {
                state = self.step(state, c);
                states.push(state);
            }
        }
        states
    }

    /// One document: the state after each character (to count every candidate's
    /// occurrences later), and the hits of the candidates that get postings.
    pub fn walk(&self, pieces: &[Piece], ws: &mut WalkScratch) -> DocGrams {
        let states = self.states(pieces);
        let hits = self.hits(pieces, &states, ws);
        DocGrams { states, hits }
    }

    /// The hits of the candidates that get postings, from a document's states.
    fn hits(
        &self,
        pieces: &[Piece],
        states: &[u32],
        ws: &mut WalkScratch,
    ) -> Vec<(u32, FieldHits)> {
        if ws.slot.len() != self.gram.len() {
            ws.slot = vec![NONE; self.gram.len()];
        }
        let mut hits: Vec<(u32, FieldHits)> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut at = 0;
        for p in pieces {
            let f = p.field as usize;
            let piece_states = &states[at..at + p.chars.len()];
            at += p.chars.len();
            for (j, &state) in piece_states.iter().enumerate() {
                let mut o = self.out[state as usize];
                while o != NONE {
                    let slot = &mut ws.slot[o as usize];
                    if *slot == NONE {
                        *slot = hits.len() as u32;
                        hits.push((self.gram[o as usize], FieldHits::default()));
                        touched.push(o);
                    }
                    let h = &mut hits[*slot as usize].1;
                    if f == BODY && h.tf[BODY] == 0 {
                        let start = j as u32 + 1 - self.depth[o as usize];
                        h.first_part = part_of(p.pos + start);
                    }
                    h.tf[f] += 1;
                    o = self.out[self.fail[o as usize] as usize];
                }
            }
        }
        for o in touched {
            ws.slot[o as usize] = NONE;
        }
        hits.sort_unstable_by_key(|x| x.0);
        hits
    }

    /// Occurrences of every candidate, from the number of positions that ended in each state.
    fn occurrences(&self, ends: &[u64]) -> Vec<u64> {
        let mut occ = ends.to_vec();
        for &v in self.order.iter().rev() {
            if v != 0 {
                let f = self.fail[v as usize] as usize;
                occ[f] += occ[v as usize];
            }
        }
        let mut by_gram = vec![0u64; self.gram.len()];
        for (v, &g) in self.gram.iter().enumerate() {
            if g != NONE {
                by_gram[g as usize] = occ[v];
            }
        }
        by_gram
    }
}

/// Per-thread buffers of `Automaton::walk`.
#[derive(Default)]
pub struct WalkScratch {
    slot: Vec<u32>,
}

/// What the gram stage keeps of one document.
pub struct DocGrams {
    states: Vec<u32>,
    hits: Vec<(u32, FieldHits)>,
}

#[derive(Default)]
struct Acc {
    /// Doc gaps (from the previous doc + 1), varints.
    docs: Vec<u8>,
    hits: Vec<u8>,
    next: u32,
    df: u32,
}

/// The gram stage of an index build, fed document by document in id order.
pub struct Grams {
    p: GramParams,
    /// Pieces of the documents seen before the candidates were mined.
    sample: Vec<Vec<Piece>>,
    cands: Vec<Vec<u32>>,
    auto: Option<std::sync::Arc<Automaton>>,
    /// Candidates that get postings: those that are not aliases in the sample.
    with_postings: Vec<bool>,
    accs: Vec<Acc>,
    /// Positions that ended in each state of the automaton.
    ends: Vec<u64>,
    pub mine_secs: f64,
}

impl Grams {
    pub fn new(p: GramParams) -> Grams {
        Grams {
            p,
            sample: Vec::new(),
            cands: Vec::new(),
            auto: None,
            with_postings: Vec::new(),
            accs: Vec::new(),
            ends: Vec::new(),
            mine_secs: 0.0,
        }
    }

    /// The automaton, once candidates are known (to walk documents on other threads).
    pub fn automaton(&self) -> Option<std::sync::Arc<Automaton>> {
        self.auto.clone()
    }

    /// Adds document `doc` (ids increase by one from 0): its walk when counting, else its
    /// pieces, kept for the sample.
    pub fn add(&mut self, doc: u32, pieces: Vec<Piece>, walked: Option<DocGrams>) {
        match (walked, &self.auto) {
            (Some(w), Some(_)) => self.count(doc, w),
            // Candidates mined after this document was analysed (same batch).
            (None, Some(auto)) => {
                let w = auto.walk(&pieces, &mut WalkScratch::default());
                self.count(doc, w)
            }
            _ => {
                self.sample.push(pieces);
                if self.sample.len() >= self.p.sample.max(1)
                    && self.p.expected_docs > self.sample.len()
                {
                    self.mine(false);
                }
            }
        }
    }

    fn count(&mut self, doc: u32, w: DocGrams) {
        for s in w.states {
            self.ends[s as usize] += 1;
        }
        for (g, h) in w.hits {
            let a = &mut self.accs[g as usize];
            put_varint(&mut a.docs, doc - a.next);
            a.next = doc + 1;
            a.df += 1;
            put_hits(&mut a.hits, &h);
        }
    }

    /// Mines the candidates from the sample and counts the sample's documents.
    fn mine(&mut self, all: bool) {
        let t = std::time::Instant::now();
        let s = self.sample.len();
        let p = self.p;
        let (min_df, scale) = if all {
            (p.min_df, 1.0)
        } else {
            let expected = p.expected_docs.max(s) as f64;
            (
                ((p.min_df as f64 * s as f64 / expected * 0.75).floor() as u32).max(2),
                expected / s as f64,
            )
        };
        self.cands = if p.max_len >= 3 && p.min_df as usize <= p.expected_docs.max(s) {
            candidates(&self.sample, min_df, p.max_len, scale, p.max_postings)
        } else {
            Vec::new()
        };
        let mut auto = Automaton::new(&self.cands);
        let sample = std::mem::take(&mut self.sample);
        // Aliases in the sample: their postings would be those of a longer gram, so only
        // the others are collected (aliases are checked on all documents at the end).
        // One walk of the sample: its states give the occurrences (for the aliases), then,
        // once the candidates with postings are known, the hits.
        let mut ends = vec![0u64; auto.gram.len()];
        let states: Vec<Vec<u32>> = sample.par_iter().map(|ps| auto.states(ps)).collect();
        for st in states.iter().flatten() {
            ends[*st as usize] += 1;
        }
        let occ = auto.occurrences(&ends);
        let all_kept = vec![true; self.cands.len()];
        let alias = aliases(&self.cands, &auto, &occ, &all_kept);
        self.with_postings = alias.iter().map(|&a| a == NONE).collect();
        auto.set_postings(&self.with_postings);
        self.accs = (0..self.cands.len()).map(|_| Acc::default()).collect();
        self.ends = vec![0u64; auto.gram.len()];
        let walked: Vec<DocGrams> = sample
            .par_iter()
            .zip(states)
            .map_init(WalkScratch::default, |ws, (ps, states)| {
                let hits = auto.hits(ps, &states, ws);
                DocGrams { states, hits }
            })
            .collect();
        self.auto = Some(std::sync::Arc::new(auto));
        for (d, w) in walked.into_iter().enumerate() {
            self.count(d as u32, w);
        }
        self.mine_secs += t.elapsed().as_secs_f64();
    }

    /// Doc-level postings of the frequent grams that are not aliases, the aliases (key,
    /// target key), and the number of grams indexed.
    pub fn finish(mut self, n: u32) -> (Vec<TermData>, Vec<(String, String)>, usize) {
        if self.auto.is_none() {
            self.mine(true);
        }
        let Some(auto) = self.auto.take() else {
            return (Vec::new(), Vec::new(), 0);
        };
        let cands = std::mem::take(&mut self.cands);
        let accs = std::mem::take(&mut self.accs);
        let occ = auto.occurrences(&self.ends);
        // Exact aliases, from the occurrences in all documents.
        let all_kept = vec![true; cands.len()];
        let alias = aliases(&cands, &auto, &occ, &all_kept);
        // A gram is indexed when the gram at the end of its alias chain has postings (it
        // was not an alias in the sample) and is frequent: an alias has the same documents.
        let end_of = |g: usize| -> usize {
            let mut t = g;
            while alias[t] != NONE {
                t = alias[t] as usize;
            }
            t
        };
        let ends: Vec<usize> = (0..cands.len()).map(end_of).collect();
        let keep: Vec<bool> = ends
            .iter()
            .map(|&t| self.with_postings[t] && accs[t].df >= self.p.min_df)
            .collect();
        if std::env::var_os("YOKOTEN_SEARCH_TIMING").is_some() {
            crate::errln!(
                "search index: grams: {} candidates, {} with postings ({} pairs), {} indexed, {} of them aliases",
                cands.len(),
                self.with_postings.iter().filter(|&&w| w).count(),
                accs.iter().map(|a| a.df as u64).sum::<u64>(),
                keep.iter().filter(|&&k| k).count(),
                (0..cands.len()).filter(|&g| keep[g] && ends[g] != g).count(),
            );
        }
        let to_string =
            |cs: &[u32]| -> String { cs.iter().filter_map(|&c| char::from_u32(c)).collect() };
        let mut out_aliases = Vec::new();
        let mut indexed = 0;
        for g in 0..cands.len() {
            if !keep[g] {
                continue;
            }
            indexed += 1;
            if ends[g] != g {
                out_aliases.push((to_string(&cands[g]), to_string(&cands[ends[g]])));
            }
        }
        let terms: Vec<TermData> = accs
            .into_par_iter()
            .enumerate()
            .filter(|(g, _)| keep[*g] && ends[*g] == *g)
            .map(|(g, a)| {
                let docs = decode_gaps(&a.docs, a.df);
                doc_level_bytes(to_string(&cands[g]), &docs, &a.hits, n)
            })
            .collect();
        (terms, out_aliases, indexed)
    }
}

/// For each kept gram, the kept gram one character longer whose occurrences are exactly
/// its own (the right extension preferred: same start offsets), or NONE.
fn aliases(cands: &[Vec<u32>], auto: &Automaton, occ: &[u64], keep: &[bool]) -> Vec<u32> {
    let mut alias: Vec<u32> = vec![NONE; cands.len()];
    let mut order: Vec<usize> = (0..cands.len()).filter(|&g| keep[g]).collect();
    order.sort_by_key(|&g| (cands[g].len(), g));
    for &g in &order {
        let name = &cands[g];
        if name.len() < 4 {
            continue;
        }
        for parent in [auto.find(&name[..name.len() - 1]), auto.find(&name[1..])] {
            if parent != NONE
                && keep[parent as usize]
                && alias[parent as usize] == NONE
                && occ[parent as usize] == occ[g]
            {
                alias[parent as usize] = g as u32;
            }
        }
    }
    alias
}

/// Letter pieces of one field's characters and run kinds (`analyze`'s), appended to `out`.
pub fn pieces_of(field: u8, chars: &[char], cjk: impl Fn(usize) -> bool, out: &mut Vec<Piece>) {
    let mut i = 0;
    let n = chars.len();
    while i < n {
        if !(cjk(i) && is_alpha(chars[i])) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && cjk(j) && is_alpha(chars[j]) {
            j += 1;
        }
        if j - i >= 3 {
            out.push(Piece {
                field,
                pos: i as u32,
                chars: chars[i..j].iter().map(|&c| c as u32).collect(),
            });
        }
        i = j;
    }
}
