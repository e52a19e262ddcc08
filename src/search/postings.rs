//! Merging per-document terms into per-term postings, documents in increasing id order.
//!
//! Postings are kept encoded as they grow: per term, the positional records (doc gap,
//! then the record `analyze` encoded) or, for single characters, the doc gaps; and the
//! `FieldHits` bytes. Doc ids and record offsets are decoded again only when the term is
//! written out, so memory is about the size of the index itself.

use super::analyze::{key_text, kind, DocTerms, TermKey, KIND_UNI, KIND_WORD};
use super::codec::{get_varint, put_docs, put_varint};
use super::hash::FxHashMap;
use super::layout::BLOCK_TARGET;
use rayon::prelude::*;

/// Encoded postings of one term, ready for `layout`.
pub struct TermData {
    pub key: String,
    pub df: u32,
    /// Doc-level posting ("D"): doc set and `FieldHits`.
    pub doc: Vec<u8>,
    /// Positional posting ("P"), for terms that phrases are joined from.
    pub pos: Option<PosData>,
}

/// A positional posting cut into self-contained blocks (`varint count`, then doc records,
/// the first gap counted from -1), each with its first doc; one block when small.
pub struct PosData {
    pub blocks: Vec<(u32, Vec<u8>)>,
    /// Bytes of the whole posting as one block.
    pub whole_len: usize,
}

#[derive(Default)]
struct Acc {
    /// Positional: per doc `varint gap, record`; unigrams: per doc `varint gap`.
    pos: Vec<u8>,
    hits: Vec<u8>,
    /// Last doc + 1 (0: none yet).
    next: u32,
    df: u32,
}

impl Acc {
    #[inline]
    fn push(&mut self, doc: u32, rec: &[u8], hits: &[u8]) {
        put_varint(&mut self.pos, doc - self.next);
        self.pos.extend_from_slice(rec);
        self.hits.extend_from_slice(hits);
        self.next = doc + 1;
        self.df += 1;
    }
}

/// Accumulates postings; feed documents in increasing id order.
#[derive(Default)]
pub struct Postings {
    chars: FxHashMap<TermKey, u32>,
    words: FxHashMap<String, u32>,
    keys: Vec<Key>,
    accs: Vec<Acc>,
}

enum Key {
    Chars(TermKey),
    Word(String),
}

impl Postings {
    pub fn add(&mut self, doc: u32, t: &DocTerms) {
        let (mut r0, mut h0) = (0usize, 0usize);
        for (&k, &(r1, h1)) in t.keys.iter().zip(&t.ends) {
            let (r1, h1) = (r1 as usize, h1 as usize);
            let id = if kind(k) == KIND_WORD {
                let w = &t.words[(k & 0xFFFF_FFFF) as usize];
                match self.words.get(w.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = self.accs.len() as u32;
                        self.words.insert(w.clone(), id);
                        self.keys.push(Key::Word(w.clone()));
                        self.accs.push(Acc::default());
                        id
                    }
                }
            } else {
                let n = self.accs.len() as u32;
                let id = *self.chars.entry(k).or_insert(n);
                if id == n {
                    self.keys.push(Key::Chars(k));
                    self.accs.push(Acc::default());
                }
                id
            };
            self.accs[id as usize].push(doc, &t.rec[r0..r1], &t.hits[h0..h1]);
            r0 = r1;
            h0 = h1;
        }
    }

    /// Bytes held (for the memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.accs
            .iter()
            .map(|a| a.pos.capacity() + a.hits.capacity())
            .sum()
    }

    pub fn finish(self, n: u32) -> Vec<TermData> {
        let Postings { keys, accs, .. } = self;
        keys.into_par_iter()
            .zip(accs)
            .map(|(k, a)| {
                let (key, positional) = match k {
                    Key::Word(w) => (w, true),
                    Key::Chars(c) => (key_text(c), kind(c) != KIND_UNI),
                };
                if positional {
                    positional_term(key, a, n)
                } else {
                    let mut docs = Vec::with_capacity(a.df as usize);
                    let mut at = 0;
                    let mut next = 0u32;
                    while let Some(g) = get_varint(&a.pos, &mut at) {
                        docs.push(next + g);
                        next += g + 1;
                    }
                    doc_level_bytes(key, &docs, &a.hits, n)
                }
            })
            .collect()
    }
}

/// Skips one positional record (after its doc gap).
fn skip_record(b: &[u8], at: &mut usize) {
    let mask = b[*at];
    *at += 1;
    for _ in 0..mask.count_ones() {
        let c = get_varint(b, at).unwrap_or(0);
        for _ in 0..c {
            // Skip one varint.
            while b[*at] & 0x80 != 0 {
                *at += 1;
            }
            *at += 1;
        }
    }
}

fn positional_term(key: String, a: Acc, n: u32) -> TermData {
    // Doc ids and record starts.
    let mut docs = Vec::with_capacity(a.df as usize);
    let mut starts = Vec::with_capacity(a.df as usize);
    let mut at = 0;
    let mut next = 0u32;
    while at < a.pos.len() {
        starts.push(at);
        let g = get_varint(&a.pos, &mut at).unwrap_or(0);
        docs.push(next + g);
        next += g + 1;
        skip_record(&a.pos, &mut at);
    }
    // Blocks of about BLOCK_TARGET bytes, cut at doc boundaries, each re-based on -1.
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < docs.len() {
        let start = starts[i];
        let mut j = i + 1;
        while j < docs.len() && starts[j] - start < BLOCK_TARGET {
            j += 1;
        }
        let end = starts.get(j).copied().unwrap_or(a.pos.len());
        let mut b = Vec::with_capacity(end - start + 8);
        put_varint(&mut b, (j - i) as u32);
        let mut rest = start;
        let _ = get_varint(&a.pos, &mut rest);
        put_varint(&mut b, docs[i]);
        b.extend_from_slice(&a.pos[rest..end]);
        blocks.push((docs[i], b));
        i = j;
    }
    let whole_len = {
        let mut h = Vec::new();
        put_varint(&mut h, docs.len() as u32);
        h.len() + a.pos.len()
    };
    let mut t = doc_level_bytes(key, &docs, &a.hits, n);
    t.pos = Some(PosData { blocks, whole_len });
    t
}

/// Doc-level postings from a doc list and the concatenated `FieldHits` bytes.
pub fn doc_level_bytes(key: String, docs: &[u32], hits: &[u8], n: u32) -> TermData {
    let mut doc = Vec::with_capacity(hits.len() + docs.len() + 2);
    put_docs(&mut doc, docs, n);
    doc.extend_from_slice(hits);
    TermData {
        key,
        df: docs.len() as u32,
        doc,
        pos: None,
    }
}
