//! Grouping term postings into files: hash buckets of small entries, and packed records for
//! large postings, so a query fetches its terms' buckets and then only the large postings it
//! really needs (a two-character query needs the doc-level posting of its bigram, not the
//! bigram's positions; a rare phrase needs a frequent bigram's positions only in the few
//! documents that hold its rare part).
//!
//! Bucket `b = fnv1a(key) % buckets`, record `b` of the `search/k/` packs (found through the
//! `search/ki/` table, see `pack::Numbered`): `varint count`, then per term:
//! `bytes key, varint df, u8 flags, D, [P]`.
//! - flags: bit 0 = has P, bit 1 = D inline, bit 2 = P inline.
//! - D inline: `bytes`; else `varint offset, varint byte length` in the `search/t/` packs
//!   (see `pack`).
//! - P inline: `bytes` (one block); else `varint block count`, then per block `varint first
//!   doc (gap from the previous block's first doc), zigzag varint offset (difference from
//!   the previous block's, the first from 0), varint byte length`. Blocks are written as
//!   soon as they are full, while documents come in, so a term's blocks are not consecutive.
//! - A P block: `varint count`, then doc records (`codec::put_pos_doc`), the first gap
//!   counted from -1.
//!
//! Frequent grams whose occurrences are exactly those of a longer gram (every `マイナンバ` is
//! followed by `ー`) are *aliases*: their entry points at the longer gram's posting file.
//! Identical postings are stored once.

use super::codec::{put_bytes, put_varint};
use super::hash::{fnv1a, Map, RandomState};
use super::pack::{Numbered, PACK_BYTES};
use super::sink::Sink;
use super::term::{PosData, TermData, INLINE_MAX};

/// Aimed-at average size of a bucket. A query reads one bucket a term, raw (a Range answer
/// is not compressed), so smaller is fewer bytes; the cost is 4 bytes of table a bucket,
/// never read whole.
pub const BUCKET_TARGET: usize = 512;

pub const FLAG_POS: u8 = 1;
pub const FLAG_DOC_INLINE: u8 = 2;
pub const FLAG_POS_INLINE: u8 = 4;

/// Bucket of a term key.
pub fn bucket_of(key: &str, buckets: u32) -> u32 {
    fnv1a(key.as_bytes()) % buckets.max(1)
}

enum DocLoc {
    Inline(Vec<u8>),
    File(u32, u32),
}

/// Bucket files and posting files, with the number of buckets. `aliases` are
/// (key, key of the term whose doc-level posting it shares).
pub fn layout(mut terms: Vec<TermData>, aliases: Vec<(String, String)>, sink: &mut Sink) -> u32 {
    terms.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    // Doc-level postings: inline, or a record of the `search/t/` packs shared by identical
    // postings. Hash of a posting (seeded, see `hash`) -> (index in `kept`, offset).
    let seed = RandomState::default();
    let mut same: Map<u64, Vec<(usize, u32)>> = Map::default();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    let mut doc_loc: Map<String, (u32, usize)> = Map::default(); // key -> term index
    let mut locs: Vec<DocLoc> = Vec::with_capacity(terms.len());
    for (i, t) in terms.iter_mut().enumerate() {
        let d = std::mem::take(&mut t.doc);
        doc_loc.insert(t.key.clone(), (t.df, i));
        if d.len() <= INLINE_MAX {
            locs.push(DocLoc::Inline(d));
            continue;
        }
        let h = std::hash::BuildHasher::hash_one(&seed, &d);
        let found = same
            .get(&h)
            .and_then(|v| v.iter().find(|(k, _)| kept[*k] == d).copied());
        let len = d.len() as u32;
        match found {
            Some((_, off)) => locs.push(DocLoc::File(off, len)),
            None => {
                let off = sink.posting_file(d.clone());
                same.entry(h).or_default().push((kept.len(), off));
                kept.push(d);
                locs.push(DocLoc::File(off, len));
            }
        }
    }
    drop(kept);

    // Entries: (bucket, key, df, doc location index, positional data).
    struct Entry<'a> {
        key: String,
        df: u32,
        loc: usize,
        pos: Option<&'a PosData>,
    }
    let mut entries: Vec<Entry> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| Entry {
            key: t.key.clone(),
            df: t.df,
            loc: i,
            pos: t.pos.as_ref(),
        })
        .collect();
    for (alias, target) in aliases {
        if let Some(&(df, loc)) = doc_loc.get(&target) {
            if !doc_loc.contains_key(&alias) {
                entries.push(Entry {
                    key: alias,
                    df,
                    loc,
                    pos: None,
                });
            }
        }
    }
    let size = |e: &Entry| -> usize {
        let d = match &locs[e.loc] {
            DocLoc::Inline(b) => b.len() + 1,
            DocLoc::File(..) => 5,
        };
        let p = e.pos.map_or(0, |p| match p {
            PosData::Inline(b) => b.len() + 1,
            PosData::Blocks(b) => 2 + 6 * b.len(),
        });
        e.key.len() + 3 + d + p
    };
    let total: usize = entries.iter().map(size).sum();
    let buckets = total.div_ceil(BUCKET_TARGET).max(1) as u32;
    let mut keyed: Vec<(u32, Entry)> = entries
        .into_iter()
        .map(|e| (bucket_of(&e.key, buckets), e))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));

    let mut stream = Numbered::new("k", "ki", PACK_BYTES);
    let mut i = 0;
    for b in 0..buckets {
        let mut body = Vec::new();
        let mut count = 0u32;
        while i < keyed.len() && keyed[i].0 == b {
            let e = &keyed[i].1;
            i += 1;
            count += 1;
            put_bytes(&mut body, e.key.as_bytes());
            put_varint(&mut body, e.df);
            let mut flags = 0u8;
            if e.pos.is_some() {
                flags |= FLAG_POS;
            }
            if matches!(locs[e.loc], DocLoc::Inline(_)) {
                flags |= FLAG_DOC_INLINE;
            }
            let inline = matches!(e.pos, Some(PosData::Inline(_)));
            if inline {
                flags |= FLAG_POS_INLINE;
            }
            body.push(flags);
            match &locs[e.loc] {
                DocLoc::Inline(d) => put_bytes(&mut body, d),
                DocLoc::File(id, len) => {
                    put_varint(&mut body, *id);
                    put_varint(&mut body, *len);
                }
            }
            match e.pos {
                Some(PosData::Inline(b)) => put_bytes(&mut body, b),
                Some(PosData::Blocks(blocks)) => {
                    put_varint(&mut body, blocks.len() as u32);
                    let (mut prev_doc, mut prev_id) = (0u32, 0u32);
                    for &(doc, id, len) in blocks {
                        put_varint(&mut body, doc - prev_doc);
                        put_signed(&mut body, id as i64 - prev_id as i64);
                        put_varint(&mut body, len);
                        prev_doc = doc;
                        prev_id = id;
                    }
                }
                None => {}
            }
        }
        let mut file = Vec::with_capacity(body.len() + 4);
        put_varint(&mut file, count);
        file.extend_from_slice(&body);
        stream.push(&file, &mut files);
    }
    stream.finish(PACK_BYTES, &mut files);
    sink.files.extend(files);
    buckets
}

/// A signed varint: zigzag (`0, -1, 1, -2, ...` -> `0, 1, 2, 3, ...`), then LEB128.
pub fn put_signed(out: &mut Vec<u8>, v: i64) {
    let z = ((v << 1) ^ (v >> 63)) as u64;
    put_varint(out, z as u32);
}
