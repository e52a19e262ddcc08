//! Grouping term postings into files: hash buckets of small entries, and separate files for
//! large postings, so a query fetches its terms' buckets and then only the large postings it
//! really needs (a two-character query needs the doc-level posting of its bigram, not the
//! bigram's positions).
//!
//! Bucket `search/k/<b>.bin`, `b = fnv1a(key) % buckets`: `varint count`, then per term:
//! `bytes key, varint df, u8 flags, D, [P]` where flags bit 0 = has P, bit 1 = D inline,
//! bit 2 = P inline; an inline posting is `bytes`, an outside one is
//! `varint file id, varint byte length` and lives in `search/t/<id>.bin`.

use super::codec::{put_bytes, put_varint};
use super::hash::fnv1a;
use super::postings::TermData;

/// Postings up to this size stay inside their bucket.
pub const INLINE_MAX: usize = 48;
/// Aimed-at average size of a bucket file.
pub const BUCKET_TARGET: usize = 1024;

pub const FLAG_POS: u8 = 1;
pub const FLAG_DOC_INLINE: u8 = 2;
pub const FLAG_POS_INLINE: u8 = 4;

/// Bucket of a term key.
pub fn bucket_of(key: &str, buckets: u32) -> u32 {
    fnv1a(key.as_bytes()) % buckets.max(1)
}

fn entry_size(t: &TermData) -> usize {
    let inline = |b: &[u8]| {
        if b.len() <= INLINE_MAX {
            b.len() + 1
        } else {
            6
        }
    };
    t.key.len() + 4 + inline(&t.doc) + t.pos.as_deref().map_or(0, inline)
}

/// Bucket files and large-posting files, with the number of buckets.
pub fn layout(mut terms: Vec<TermData>) -> (u32, Vec<(String, Vec<u8>)>) {
    let total: usize = terms.iter().map(entry_size).sum();
    let buckets = total.div_ceil(BUCKET_TARGET).max(1) as u32;
    // Deterministic output: order by bucket, then key.
    let mut keyed: Vec<(u32, TermData)> = terms
        .drain(..)
        .map(|t| (bucket_of(&t.key, buckets), t))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));

    let mut files = Vec::new();
    let mut next_file: u32 = 0;
    let mut put_posting = |buf: &mut Vec<u8>, data: Vec<u8>, files: &mut Vec<(String, Vec<u8>)>| {
        if data.len() <= INLINE_MAX {
            put_bytes(buf, &data);
        } else {
            put_varint(buf, next_file);
            put_varint(buf, data.len() as u32);
            files.push((format!("search/t/{next_file}.bin"), data));
            next_file += 1;
        }
    };
    let mut i = 0;
    for b in 0..buckets {
        let mut body = Vec::new();
        let mut count = 0u32;
        while i < keyed.len() && keyed[i].0 == b {
            let t = std::mem::replace(
                &mut keyed[i].1,
                TermData {
                    key: String::new(),
                    df: 0,
                    doc: Vec::new(),
                    pos: None,
                },
            );
            i += 1;
            count += 1;
            put_bytes(&mut body, t.key.as_bytes());
            put_varint(&mut body, t.df);
            let mut flags = 0u8;
            if t.pos.is_some() {
                flags |= FLAG_POS;
            }
            if t.doc.len() <= INLINE_MAX {
                flags |= FLAG_DOC_INLINE;
            }
            if t.pos.as_ref().is_some_and(|p| p.len() <= INLINE_MAX) {
                flags |= FLAG_POS_INLINE;
            }
            body.push(flags);
            put_posting(&mut body, t.doc, &mut files);
            if let Some(p) = t.pos {
                put_posting(&mut body, p, &mut files);
            }
        }
        let mut file = Vec::with_capacity(body.len() + 4);
        put_varint(&mut file, count);
        file.extend_from_slice(&body);
        files.push((format!("search/k/{b}.bin"), file));
    }
    (buckets, files)
}
