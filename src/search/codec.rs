//! Byte-level building blocks of the index files, mirrored by `search.js`.
//!
//! - `varint`: unsigned LEB128 (7 bits a byte, low bits first), at most 5 bytes for a u32.
//! - doc sets: a mode byte, then either a count and gaps (sparse) or a bitmap (dense), so a
//!   term found in most documents costs N/8 bytes and not N varints.
//! - `FieldHits`: per document and term, how often it occurs in each field, with the title,
//!   meta and summary counts saturated at 1 (present or not: they are short fields) and the
//!   body part of the first body occurrence (to fetch the right snippet text only).
//!
//! Decoders return `None` on truncated or malformed input instead of panicking.

/// Number of indexed fields: title, meta (municipality, prefecture, categories, tags),
/// summary, body.
pub const FIELDS: usize = 4;
pub const TITLE: usize = 0;
pub const META: usize = 1;
pub const SUMMARY: usize = 2;
pub const BODY: usize = 3;

/// Body term frequencies are stored as a 4-bit code; a code decodes to this value. BM25
/// saturates, so 40 and 64 occurrences rank alike and need not be told apart.
pub const TF_DECODE: [u32; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32, 48, 64];

/// 4-bit code of a body term frequency (the largest code whose value is not above it).
pub fn tf_code(tf: u32) -> u8 {
    match tf {
        0..=8 => tf as u8,
        // Called for every term of every document: a binary search, not a scan.
        _ => (TF_DECODE.partition_point(|&v| v <= tf) - 1) as u8,
    }
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn get_varint(buf: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    let mut shift = 0u32;
    loop {
        let b = *buf.get(*at)?;
        *at += 1;
        if shift > 28 {
            return None;
        }
        v |= ((b & 0x7f) as u32) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u32);
    out.extend_from_slice(b);
}

pub fn get_bytes<'a>(buf: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = get_varint(buf, at)? as usize;
    let end = at.checked_add(len)?;
    let s = buf.get(*at..end)?;
    *at = end;
    Some(s)
}

const DOCS_SPARSE: u8 = 0;
const DOCS_BITMAP: u8 = 1;

/// Encode a strictly increasing list of doc ids below `n`.
pub fn put_docs(out: &mut Vec<u8>, docs: &[u32], n: u32) {
    let mut sparse = Vec::with_capacity(docs.len() + 4);
    put_varint(&mut sparse, docs.len() as u32);
    let mut prev: i64 = -1;
    for &d in docs {
        put_varint(&mut sparse, (d as i64 - prev - 1) as u32);
        prev = d as i64;
    }
    let bitmap_len = (n as usize).div_ceil(8);
    if bitmap_len < sparse.len() {
        out.push(DOCS_BITMAP);
        let mut bm = vec![0u8; bitmap_len];
        for &d in docs {
            bm[(d / 8) as usize] |= 1 << (d % 8);
        }
        out.extend_from_slice(&bm);
    } else {
        out.push(DOCS_SPARSE);
        out.extend_from_slice(&sparse);
    }
}

pub fn get_docs(buf: &[u8], at: &mut usize, n: u32) -> Option<Vec<u32>> {
    let mode = *buf.get(*at)?;
    *at += 1;
    match mode {
        DOCS_SPARSE => {
            let count = get_varint(buf, at)?;
            let mut docs = Vec::with_capacity(count.min(1 << 20) as usize);
            let mut prev: i64 = -1;
            for _ in 0..count {
                let d = prev + 1 + get_varint(buf, at)? as i64;
                if d >= n as i64 {
                    return None;
                }
                docs.push(d as u32);
                prev = d;
            }
            Some(docs)
        }
        DOCS_BITMAP => {
            let len = (n as usize).div_ceil(8);
            let bm = buf.get(*at..*at + len)?;
            *at += len;
            let mut docs = Vec::new();
            for (i, &byte) in bm.iter().enumerate() {
                for bit in 0..8 {
                    if byte & (1 << bit) != 0 {
                        let d = (i * 8 + bit) as u32;
                        if d < n {
                            docs.push(d);
                        }
                    }
                }
            }
            Some(docs)
        }
        _ => None,
    }
}

/// How a term (or a verified phrase) occurs in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldHits {
    /// Occurrences per field. Stored as: title, meta, summary present or not; body as
    /// `TF_DECODE[tf_code(tf)]`.
    pub tf: [u32; FIELDS],
    /// Body part (see `display::PART_CHARS`) of the first body occurrence.
    pub first_part: u32,
}

impl FieldHits {
    /// The same quantisation that the encoder applies, for hits computed from positions.
    pub fn saturated(mut self) -> FieldHits {
        for f in [TITLE, META, SUMMARY] {
            self.tf[f] = self.tf[f].min(1);
        }
        self.tf[BODY] = TF_DECODE[tf_code(self.tf[BODY]) as usize];
        if self.tf[BODY] == 0 {
            self.first_part = 0;
        }
        self
    }
}

/// One byte: bit 0 title, bit 1 meta, bit 2 summary, bits 3-6 body tf code, bit 7 set when
/// a varint first body part (not 0) follows.
#[inline]
pub fn put_hits(out: &mut Vec<u8>, h: &FieldHits) {
    // `saturated()` folded in: written for every term of every document, so each value is
    // computed once (`tf_code` of a decoded code is the code itself).
    let present = |f: usize| (h.tf[f] > 0) as u8;
    let code = tf_code(h.tf[BODY]);
    let mut a = present(TITLE) | present(META) << 1 | present(SUMMARY) << 2 | code << 3;
    let part = if code > 0 { h.first_part } else { 0 };
    if part > 0 {
        a |= 0x80;
    }
    out.push(a);
    if part > 0 {
        put_varint(out, part);
    }
}

pub fn get_hits(buf: &[u8], at: &mut usize) -> Option<FieldHits> {
    let a = *buf.get(*at)?;
    *at += 1;
    let mut h = FieldHits::default();
    h.tf[TITLE] = (a & 1) as u32;
    h.tf[META] = ((a >> 1) & 1) as u32;
    h.tf[SUMMARY] = ((a >> 2) & 1) as u32;
    h.tf[BODY] = TF_DECODE[((a >> 3) & 15) as usize];
    if a & 0x80 != 0 {
        h.first_part = get_varint(buf, at)?;
    }
    Some(h)
}

/// Doc-level posting ("D"): the doc set, then `FieldHits` for each doc in order.
pub fn put_doc_posting(out: &mut Vec<u8>, docs: &[u32], hits: &[FieldHits], n: u32) {
    put_docs(out, docs, n);
    for h in hits {
        put_hits(out, h);
    }
}

pub fn get_doc_posting(buf: &[u8], n: u32) -> Option<(Vec<u32>, Vec<FieldHits>)> {
    let mut at = 0;
    let docs = get_docs(buf, &mut at, n)?;
    let mut hits = Vec::with_capacity(docs.len());
    for _ in 0..docs.len() {
        hits.push(get_hits(buf, &mut at)?);
    }
    Some((docs, hits))
}

/// Positions of a term in one document, per field, each list increasing.
pub type FieldPositions = [Vec<u32>; FIELDS];

/// Positional posting ("P"), self-contained: doc count, then per doc the gap to the previous
/// doc, a field mask, and per present field the count and the position gaps.
pub fn put_pos_doc(out: &mut Vec<u8>, gap: u32, pos: &FieldPositions) {
    put_varint(out, gap);
    let mut mask = 0u8;
    for (f, p) in pos.iter().enumerate() {
        if !p.is_empty() {
            mask |= 1 << f;
        }
    }
    out.push(mask);
    for p in pos.iter().filter(|p| !p.is_empty()) {
        put_varint(out, p.len() as u32);
        let mut prev = 0u32;
        for (i, &x) in p.iter().enumerate() {
            put_varint(out, if i == 0 { x } else { x - prev });
            prev = x;
        }
    }
}

pub fn get_pos_posting(buf: &[u8], n: u32) -> Option<Vec<(u32, FieldPositions)>> {
    let mut at = 0;
    let count = get_varint(buf, &mut at)?;
    let mut out = Vec::with_capacity(count.min(1 << 20) as usize);
    let mut prev: i64 = -1;
    for _ in 0..count {
        let d = prev + 1 + get_varint(buf, &mut at)? as i64;
        if d >= n as i64 {
            return None;
        }
        prev = d;
        let mask = *buf.get(at)?;
        at += 1;
        let mut fp: FieldPositions = Default::default();
        for (f, slot) in fp.iter_mut().enumerate() {
            if mask & (1 << f) == 0 {
                continue;
            }
            let c = get_varint(buf, &mut at)?;
            let mut x = 0u32;
            for i in 0..c {
                let g = get_varint(buf, &mut at)?;
                x = if i == 0 { g } else { x.checked_add(g)? };
                slot.push(x);
            }
        }
        out.push((d as u32, fp));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_roundtrip() {
        for v in [0u32, 1, 127, 128, 300, 16_384, u32::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            let mut at = 0;
            assert_eq!(get_varint(&b, &mut at), Some(v));
            assert_eq!(at, b.len());
        }
        let mut at = 0;
        assert_eq!(get_varint(&[0x80, 0x80], &mut at), None);
    }

    #[test]
    fn docs_sparse_and_dense() {
        for docs in [vec![], vec![3u32, 9, 10], (0..900).collect::<Vec<u32>>()] {
            let mut b = Vec::new();
            put_docs(&mut b, &docs, 1000);
            let mut at = 0;
            assert_eq!(get_docs(&b, &mut at, 1000), Some(docs.clone()));
        }
        let mut b = Vec::new();
        put_docs(&mut b, &(0..900).collect::<Vec<u32>>(), 1000);
        assert_eq!(b.len(), 1 + 125, "dense sets are bitmaps");
    }

    #[test]
    fn postings_roundtrip_and_garbage() {
        let hits = vec![
            FieldHits {
                tf: [1, 0, 5, 0],
                first_part: 0,
            },
            FieldHits {
                tf: [0, 2, 0, 7],
                first_part: 3,
            },
        ];
        let mut b = Vec::new();
        put_doc_posting(&mut b, &[2, 40], &hits, 50);
        let (docs, got) = get_doc_posting(&b, 50).unwrap();
        assert_eq!(docs, vec![2, 40]);
        assert_eq!(got[0].tf, [1, 0, 1, 0]);
        assert_eq!(got[1].tf, [0, 1, 0, 7]);
        assert_eq!(got[1].first_part, 3);
        assert_eq!(tf_code(9), 8);
        for tf in 0..2000 {
            let scan = TF_DECODE.iter().rposition(|&v| v <= tf).unwrap() as u8;
            assert_eq!(tf_code(tf), scan, "{tf}");
        }
        assert_eq!(TF_DECODE[tf_code(1000) as usize], 64);
        for cut in 0..b.len() {
            let _ = get_doc_posting(&b[..cut], 50);
        }
        let mut p = vec![];
        put_varint(&mut p, 1);
        put_pos_doc(&mut p, 4, &[vec![1], vec![], vec![], vec![5, 9]]);
        let got = get_pos_posting(&p, 10).unwrap();
        assert_eq!(got[0].0, 4);
        assert_eq!(got[0].1[3], vec![5, 9]);
        assert_eq!(get_pos_posting(&p, 4), None, "doc id out of range");
    }
}
