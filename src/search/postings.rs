//! Merging per-document terms into per-term postings, documents in increasing id order.
//!
//! Postings are kept encoded as they grow: per term, the doc gaps and the `FieldHits` bytes
//! (the doc-level posting), and the positional records of the current block; a block that
//! reaches `BLOCK_TARGET` bytes is written out as a file at once, so the positions, most of
//! the index, are not held until the end.

use super::analyze::DocTerms;
use super::codec::{get_varint, put_hits, put_varint, FieldHits, BODY, FIELDS};
use super::display::part_of;
use super::hash::Map;
use super::key::{key_text, kind, TermKey, KIND_UNI, KIND_WORD, SHARDS};
use super::sink::Sink;
use super::term::{decode_gaps, doc_level_bytes, PosData, TermData, INLINE_MAX};
use rayon::prelude::*;

/// Aimed-at size of a block of positions.
pub const BLOCK_TARGET: usize = 6144;

#[derive(Default)]
struct Acc {
    /// Doc gaps (from the previous doc + 1), varints.
    docs: Vec<u8>,
    hits: Vec<u8>,
    /// Positional records of the current block (the first gap counted from -1).
    block: Vec<u8>,
    block_docs: u32,
    block_first: u32,
    /// Blocks written: (first doc, file id, length).
    blocks: Vec<(u32, u32, u32)>,
    /// Last doc + 1 (0: none yet).
    next: u32,
    /// Of a positional term: last doc + 1 of the doc-level posting, which is derived from
    /// the records block by block.
    d_next: u32,
    df: u32,
}

/// `out.extend_from_slice(bytes)` for the few bytes of one document's record (most are 1-4
/// bytes): a call to `memcpy` per record cost more than this loop (docs/BENCHMARKS.md).
#[inline]
fn append_small(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() <= 8 {
        out.reserve(bytes.len());
        for &b in bytes {
            out.push(b);
        }
    } else {
        out.extend_from_slice(bytes);
    }
}

impl Acc {
    #[inline]
    fn push(&mut self, doc: u32, hits: &[u8]) {
        put_varint(&mut self.docs, doc - self.next);
        append_small(&mut self.hits, hits);
        self.next = doc + 1;
        self.df += 1;
    }

    fn block_bytes(&mut self) -> Vec<u8> {
        let mut b = Vec::with_capacity(self.block.len() + 5);
        put_varint(&mut b, self.block_docs);
        b.extend_from_slice(&self.block);
        self.block = Vec::new();
        self.block_docs = 0;
        b
    }

    /// Appends the doc gaps and `FieldHits` of the current block's records to the
    /// doc-level posting. Reading them from the records once per block (hot in cache) is
    /// cheaper than appending them per document to two more buffers of every term, which
    /// were cache misses of the serial merge.
    fn derive_doc_level(&mut self) {
        let b = &self.block;
        let mut at = 0;
        let mut doc = None;
        while at < b.len() {
            let g = get_varint(b, &mut at).unwrap_or(0);
            let d = doc.map_or(g, |p: u32| p + 1 + g);
            doc = Some(d);
            let mask = b[at];
            at += 1;
            let mut h = FieldHits::default();
            for f in 0..FIELDS {
                if mask & (1 << f) == 0 {
                    continue;
                }
                let count = get_varint(b, &mut at).unwrap_or(0);
                let first = get_varint(b, &mut at).unwrap_or(0);
                h.tf[f] = count;
                if f == BODY {
                    h.first_part = part_of(first);
                }
                // The other positions: `count - 1` varints.
                let mut left = count.saturating_sub(1);
                while left > 0 {
                    if b[at] < 0x80 {
                        left -= 1;
                    }
                    at += 1;
                }
            }
            put_varint(&mut self.docs, d - self.d_next);
            self.d_next = d + 1;
            put_hits(&mut self.hits, &h);
        }
    }

    /// Appends a document's positional record; a full block goes to `pending` (with the
    /// term's id and the block's index in `blocks`) to get its file id after the batch.
    #[inline]
    fn push_pos(&mut self, doc: u32, rec: &[u8], id: u32, pending: &mut Vec<FullBlock>) {
        if self.block.len() >= BLOCK_TARGET {
            self.derive_doc_level();
            let b = self.block_bytes();
            self.blocks
                .push((self.block_first, u32::MAX, b.len() as u32));
            pending.push((id, self.blocks.len() as u32 - 1, b));
        }
        if self.block_docs == 0 {
            self.block_first = doc;
            put_varint(&mut self.block, doc);
        } else {
            put_varint(&mut self.block, doc - self.next);
        }
        append_small(&mut self.block, rec);
        self.block_docs += 1;
        self.next = doc + 1;
        self.df += 1;
    }
}

/// A full block waiting for its file id: (term id in its shard, index in the term's
/// `blocks`, bytes).
type FullBlock = (u32, u32, Vec<u8>);

/// Accumulates postings; feed documents in increasing id order.
pub struct Postings {
    shards: Vec<Shard>,
}

impl Default for Postings {
    fn default() -> Postings {
        Postings {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
        }
    }
}

/// The terms of one shard.
#[derive(Default)]
struct Shard {
    chars: Map<TermKey, u32>,
    /// Term id + 1 of each BMP character's unigram (0: none yet): a third of the terms a
    /// document brings are unigrams, and an array lookup is cheaper than the hash map.
    unis: Vec<u32>,
    words: Map<String, u32>,
    keys: Vec<Key>,
    accs: Vec<Acc>,
    pending: Vec<FullBlock>,
}

enum Key {
    Chars(TermKey),
    Word(String),
}

impl Shard {
    /// The terms of shard `s` of document `doc`.
    fn add(&mut self, doc: u32, t: &DocTerms, s: usize) {
        let from = if s == 0 { 0 } else { t.shard_ends[s - 1] };
        for i in from as usize..t.shard_ends[s] as usize {
            let k = t.keys[i];
            let (r0, h0) = if i == 0 { (0, 0) } else { t.ends[i - 1] };
            let (r1, h1) = t.ends[i];
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
            } else if kind(k) == KIND_UNI && (k & 0x1F_FFFF) < 0x1_0000 {
                if self.unis.is_empty() {
                    self.unis = vec![0; 0x1_0000];
                }
                let slot = &mut self.unis[(k & 0xFFFF) as usize];
                if *slot == 0 {
                    *slot = self.accs.len() as u32 + 1;
                    self.keys.push(Key::Chars(k));
                    self.accs.push(Acc::default());
                }
                *slot - 1
            } else {
                let n = self.accs.len() as u32;
                let id = *self.chars.entry(k).or_insert(n);
                if id == n {
                    self.keys.push(Key::Chars(k));
                    self.accs.push(Acc::default());
                }
                id
            };
            let acc = &mut self.accs[id as usize];
            if kind(k) == KIND_UNI {
                acc.push(doc, &t.hits[h0 as usize..h1 as usize]);
            } else {
                acc.push_pos(doc, &t.rec[r0 as usize..r1 as usize], id, &mut self.pending);
            }
        }
    }
}

impl Postings {
    /// Documents `first`, `first + 1`, ...: merged shard by shard in parallel; the blocks
    /// they fill get their file ids afterwards, shard by shard, so the files do not depend
    /// on the threads' timing.
    pub fn add_batch(&mut self, first: u32, docs: &[&DocTerms], sink: &mut Sink) {
        self.shards.par_iter_mut().enumerate().for_each(|(s, sh)| {
            for (i, t) in docs.iter().enumerate() {
                sh.add(first + i as u32, t, s);
            }
        });
        for sh in &mut self.shards {
            for (id, block, bytes) in std::mem::take(&mut sh.pending) {
                let file = sink.posting_file(bytes);
                sh.accs[id as usize].blocks[block as usize].1 = file;
            }
        }
    }

    /// Bytes held (for the memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.shards
            .iter()
            .flat_map(|s| &s.accs)
            .map(|a| a.docs.capacity() + a.hits.capacity() + a.block.capacity())
            .sum()
    }

    /// The terms; the last blocks of positional postings are written to `sink`.
    pub fn finish(self, n: u32, sink: &mut Sink) -> Vec<TermData> {
        let (mut keys, mut accs) = (Vec::new(), Vec::new());
        for sh in self.shards {
            keys.extend(sh.keys);
            accs.extend(sh.accs);
        }
        let mut out: Vec<TermData> = Vec::with_capacity(accs.len());
        let terms: Vec<(TermData, Option<Vec<u8>>)> = keys
            .into_par_iter()
            .zip(accs)
            .map(|(k, mut a)| {
                let (key, positional) = match k {
                    Key::Word(w) => (w, true),
                    Key::Chars(c) => (key_text(c), kind(c) != KIND_UNI),
                };
                if positional {
                    a.derive_doc_level();
                }
                let docs = decode_gaps(&a.docs, a.df);
                let mut t = doc_level_bytes(key, &docs, &a.hits, n);
                let mut last = None;
                if positional {
                    let first = a.block_first;
                    let b = a.block_bytes();
                    if a.blocks.is_empty() && b.len() <= INLINE_MAX {
                        t.pos = Some(PosData::Inline(b));
                    } else {
                        let mut blocks = std::mem::take(&mut a.blocks);
                        blocks.push((first, u32::MAX, b.len() as u32));
                        t.pos = Some(PosData::Blocks(blocks));
                        last = Some(b);
                    }
                }
                (t, last)
            })
            .collect();
        for (mut t, last) in terms {
            if let (Some(b), Some(PosData::Blocks(blocks))) = (last, t.pos.as_mut()) {
                let id = sink.posting_file(b);
                if let Some(l) = blocks.last_mut() {
                    l.1 = id;
                }
            }
            out.push(t);
        }
        out
    }
}
