//! What the results list shows, in small per-document files fetched only for shown hits.
//!
//! - Record `id` of the `search/d/` packs (see `pack::Numbered`): the JSON object
//!   `{u, t, m, p, d, s, b}` of doc `id`: url, title, municipality, prefecture, date, summary,
//!   and where the body parts are: `[offset, length of part 0, length of part 1, ...]` in
//!   the `search/b/` packs (the parts of a document follow each other).
//! - A body part `k`: raw text (as written, not normalised), covering normalised body
//!   offsets `[k*PART_CHARS, (k+1)*PART_CHARS)` plus an overlap on both sides, so a snippet
//!   can be cut around a match without loading the whole body. Postings say which part
//!   holds a document's first body match.

use super::doc::SearchDoc;
use super::fields::norm_to_raw_known;
use super::pack::{Numbered, PACK_BYTES};
use serde::Serialize;

/// Length of a body part, in characters of the normalised body.
pub const PART_CHARS: u32 = 800;
/// Characters repeated from the neighbouring parts, so that a match near a part boundary
/// still has context on both sides.
pub const PART_OVERLAP: u32 = 60;

/// Part number of a normalised body offset.
pub fn part_of(pos: u32) -> u32 {
    pos / PART_CHARS
}

/// Raw text of the body parts; `nfkc`: `is_nfkc(raw)`.
pub fn body_parts(raw: &str, nfkc: bool) -> Vec<String> {
    let map = norm_to_raw_known(raw, nfkc);
    let norm_len = map.len() as u32;
    let count = norm_len.div_ceil(PART_CHARS);
    // Raw byte offset where normalised offset `p` starts (the end of the text past the last).
    let raw_at = |p: u32| -> usize { map.get(p as usize).map_or(raw.len(), |&r| r as usize) };
    (0..count)
        .map(|k| {
            let from = (k * PART_CHARS).saturating_sub(PART_OVERLAP);
            let to = ((k + 1) * PART_CHARS + PART_OVERLAP).min(norm_len);
            let (a, b) = (raw_at(from), raw_at(to));
            raw[a.min(b)..b].to_string()
        })
        .collect()
}

/// A display record (what the results list shows of a document).
#[derive(Serialize)]
struct Record<'a> {
    u: &'a str,
    t: &'a str,
    m: &'a str,
    p: &'a str,
    d: &'a str,
    s: &'a str,
}

/// The display record of one document (JSON, without `b`: the parts' place in the packs
/// is known only when they are written, see `with_body`), and its body parts;
/// `body_nfkc`: `is_nfkc(d.body)`.
pub fn display_record(d: &SearchDoc, body_nfkc: bool) -> (String, Vec<String>) {
    let parts = body_parts(d.body, body_nfkc);
    let rec = Record {
        u: d.url,
        t: d.title,
        m: d.municipality,
        p: d.prefecture,
        d: d.published,
        s: d.summary,
    };
    let rec = serde_json::to_string(&rec).expect("a record is plain data");
    (rec, parts)
}

/// A record from `display_record` with its `b`: the offset of the first body part and the
/// length of each part. Spliced into the JSON text because records are made in parallel,
/// before the parts have offsets.
pub fn with_body(rec: &str, offset: u32, lens: &[u32]) -> String {
    let mut b = vec![offset.to_string()];
    b.extend(lens.iter().map(|l| l.to_string()));
    let open = rec.strip_suffix('}').unwrap_or(rec);
    format!("{open},\"b\":[{}]}}", b.join(","))
}

/// Display records, in doc id order: record `id` of the `search/d/` packs (one record a
/// document, found through the `search/di/` table), so a shown hit costs its own record
/// only.
pub struct Packer {
    stream: Numbered,
}

impl Default for Packer {
    fn default() -> Packer {
        Packer {
            stream: Numbered::new("d", "di", PACK_BYTES),
        }
    }
}

impl Packer {
    pub fn push(&mut self, rec: String, files: &mut Vec<(String, Vec<u8>)>) {
        self.stream.push(rec.as_bytes(), files);
    }
    /// After the last record: its pack and the table.
    pub fn finish(&mut self, files: &mut Vec<(String, Vec<u8>)>) {
        self.stream.finish(PACK_BYTES, files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_body_with_overlap() {
        let body: String = (0..3 * PART_CHARS - 200)
            .map(|i| if i % 7 == 0 { 'ｶ' } else { 'あ' })
            .collect();
        let parts = body_parts(&body, crate::search::normalize::is_nfkc(&body));
        assert_eq!(parts.len(), 3);
        assert!(parts[0].chars().count() >= PART_CHARS as usize);
        assert!(body.starts_with(&parts[0]));
        assert!(body.ends_with(&parts[2]));
        assert!(body_parts("", true).is_empty());
    }

    #[test]
    fn records_are_json() {
        let cats = vec![];
        let d = SearchDoc {
            url: "cases/a/",
            title: "T \"q\" \\ \u{1}\n",
            summary: "窓口",
            municipality: "北見市",
            prefecture: "北海道",
            categories: &cats,
            tags: &cats,
            body: "本文",
            published: "2024-01-01",
            ..Default::default()
        };
        let (rec, parts) = display_record(&d, true);
        let rec = with_body(&rec, 7, &[parts[0].len() as u32]);
        assert!(rec.starts_with(r#"{"u":"cases/a/","t":"T \"q\" \\ \u0001\n","m":"#));
        let v: serde_json::Value = serde_json::from_str(&rec).unwrap();
        assert_eq!(v["t"], "T \"q\" \\ \u{1}\n");
        assert_eq!(v["b"], serde_json::json!([7, 6]));
        assert_eq!(v["u"], "cases/a/");
    }
}
