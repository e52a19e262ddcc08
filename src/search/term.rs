//! The postings of one term, encoded, as the postings and gram stages hand them to the
//! layout.

use super::codec::{get_varint, put_docs};

/// Postings up to this size stay inside their bucket (`layout`); a positional posting of
/// one block this small is kept inline by `postings`.
pub const INLINE_MAX: usize = 48;

/// Encoded postings of one term, ready for `layout`.
pub struct TermData {
    pub key: String,
    pub df: u32,
    /// Doc-level posting ("D"): doc set and `FieldHits`.
    pub doc: Vec<u8>,
    /// Positional posting ("P"), for terms that phrases are joined from.
    pub pos: Option<PosData>,
}

/// A positional posting: inline (one block, small), or blocks already written as files
/// `(first doc, file id, byte length)`.
pub enum PosData {
    Inline(Vec<u8>),
    Blocks(Vec<(u32, u32, u32)>),
}

/// Doc ids from their gaps (each from the previous doc + 1, as varints).
pub fn decode_gaps(b: &[u8], df: u32) -> Vec<u32> {
    let mut docs = Vec::with_capacity(df as usize);
    let mut at = 0;
    let mut next = 0u32;
    while let Some(g) = get_varint(b, &mut at) {
        docs.push(next + g);
        next += g + 1;
    }
    docs
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
