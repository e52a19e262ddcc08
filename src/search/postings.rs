//! Merging per-document terms into per-term postings, documents in increasing id order.

use super::analyze::{hits_of, DocTerms};
use super::codec::{put_docs, put_hits, put_pos_doc, FieldHits};
use super::hash::FxHashMap;

/// Encoded postings of one term.
pub struct TermData {
    pub key: String,
    pub df: u32,
    /// Doc-level posting ("D"): doc set and `FieldHits`.
    pub doc: Vec<u8>,
    /// Positional posting ("P"), for terms that phrases are joined from.
    pub pos: Option<PosData>,
}

/// Positional records of a term: for each doc, `varint gap, u8 field mask, per field count
/// and position gaps`, the gap counted from the previous doc (the first from -1).
pub struct PosData {
    pub records: Vec<u8>,
    pub docs: Vec<u32>,
    /// Byte offset of each doc's record in `records`.
    pub offsets: Vec<u32>,
}

#[derive(Default)]
struct Acc {
    docs: Vec<u32>,
    hits: Vec<u8>,
    pos: Vec<u8>,
    offsets: Vec<u32>,
}

impl Acc {
    fn push(&mut self, doc: u32, h: &FieldHits) {
        self.docs.push(doc);
        put_hits(&mut self.hits, h);
    }
    fn gap(&self, doc: u32) -> u32 {
        match self.docs.last() {
            Some(&last) => doc - last - 1,
            None => doc,
        }
    }
    fn finish(self, key: String, n: u32, positional: bool) -> TermData {
        let mut doc = Vec::with_capacity(self.hits.len() + self.docs.len() + 2);
        put_docs(&mut doc, &self.docs, n);
        doc.extend_from_slice(&self.hits);
        let df = self.docs.len() as u32;
        let pos = positional.then_some(PosData {
            records: self.pos,
            docs: self.docs,
            offsets: self.offsets,
        });
        TermData { key, df, doc, pos }
    }
}

/// Accumulates postings; feed documents in increasing id order.
#[derive(Default)]
pub struct Postings {
    positional: FxHashMap<String, Acc>,
    unigrams: FxHashMap<char, Acc>,
}

impl Postings {
    pub fn add(&mut self, doc: u32, t: DocTerms) {
        for (key, fp) in t.positional {
            let acc = self.positional.entry(key).or_default();
            let gap = acc.gap(doc);
            acc.offsets.push(acc.pos.len() as u32);
            put_pos_doc(&mut acc.pos, gap, &fp);
            acc.push(doc, &hits_of(&fp));
        }
        for (c, h) in t.unigrams {
            self.unigrams.entry(c).or_default().push(doc, &h);
        }
    }

    pub fn finish(self, n: u32) -> Vec<TermData> {
        let mut out: Vec<TermData> = self
            .positional
            .into_iter()
            .map(|(k, a)| a.finish(k, n, true))
            .collect();
        out.extend(
            self.unigrams
                .into_iter()
                .map(|(c, a)| a.finish(c.to_string(), n, false)),
        );
        out
    }
}

/// Doc-level postings built elsewhere (frequent grams), in increasing doc order.
pub fn doc_level(key: String, docs: Vec<u32>, hits: &[FieldHits], n: u32) -> TermData {
    let mut acc = Acc {
        docs,
        ..Default::default()
    };
    for h in hits {
        put_hits(&mut acc.hits, h);
    }
    acc.finish(key, n, false)
}
