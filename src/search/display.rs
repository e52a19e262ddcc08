//! What the results list shows, in small per-document files fetched only for shown hits.
//!
//! - `search/d/<k>.json`: the records of docs `k*DOCS_PER_FILE..(k+1)*DOCS_PER_FILE`, an
//!   array of `{u, t, m, p, d, s, b}`: url, title, municipality, prefecture, date, summary,
//!   and the number of body parts.
//! - `search/b/<id>-<k>.txt`: part `k` of the body, raw text (as written, not normalised),
//!   covering normalised body offsets `[k*PART_CHARS, (k+1)*PART_CHARS)` plus an overlap on
//!   both sides, so a snippet can be cut around a match without loading the whole body.
//!   Postings say which part holds a document's first body match.

use super::fields::norm_to_raw;
use super::SearchDoc;
use serde_json::json;

/// Length of a body part, in characters of the normalised body.
pub const PART_CHARS: u32 = 1200;
/// Characters repeated from the neighbouring parts, so that a match near a part boundary
/// still has context on both sides.
pub const PART_OVERLAP: u32 = 60;

/// Part number of a normalised body offset.
pub fn part_of(pos: u32) -> u32 {
    pos / PART_CHARS
}

/// Raw text of the body parts.
pub fn body_parts(raw: &str) -> Vec<String> {
    let map = norm_to_raw(raw);
    let chars: Vec<char> = raw.chars().collect();
    let norm_len = map.len() as u32;
    let count = norm_len.div_ceil(PART_CHARS);
    // Raw index where normalised offset `p` starts (the end of the text past the last).
    let raw_at = |p: u32| -> usize {
        map.get(p as usize)
            .map(|&r| r as usize)
            .unwrap_or(chars.len())
    };
    (0..count)
        .map(|k| {
            let from = (k * PART_CHARS).saturating_sub(PART_OVERLAP);
            let to = ((k + 1) * PART_CHARS + PART_OVERLAP).min(norm_len);
            let (a, b) = (raw_at(from), raw_at(to));
            chars[a.min(b)..b].iter().collect()
        })
        .collect()
}

/// Display records per `search/d/<k>.json` file: doc `id` is record `id % DOCS_PER_FILE`
/// of file `id / DOCS_PER_FILE`.
pub const DOCS_PER_FILE: u32 = 4;

/// The display record of one document (JSON), and its body parts.
pub fn display_record(d: &SearchDoc) -> (String, Vec<String>) {
    let parts = body_parts(d.body);
    let rec = json!({
        "u": d.url,
        "t": d.title,
        "m": d.municipality,
        "p": d.prefecture,
        "d": d.published,
        "s": d.summary,
        "b": parts.len(),
    });
    (rec.to_string(), parts)
}

/// Packs display records, in doc id order, into `search/d/<k>.json` files.
#[derive(Default)]
pub struct Packer {
    records: Vec<String>,
    next_file: u32,
}

impl Packer {
    pub fn push(&mut self, rec: String, files: &mut Vec<(String, Vec<u8>)>) {
        self.records.push(rec);
        if self.records.len() as u32 == DOCS_PER_FILE {
            self.flush(files);
        }
    }
    pub fn flush(&mut self, files: &mut Vec<(String, Vec<u8>)>) {
        if self.records.is_empty() {
            return;
        }
        let body = format!("[{}]", self.records.join(","));
        files.push((
            format!("search/d/{}.json", self.next_file),
            body.into_bytes(),
        ));
        self.next_file += 1;
        self.records.clear();
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
        let parts = body_parts(&body);
        assert_eq!(parts.len(), 3);
        assert!(parts[0].chars().count() >= PART_CHARS as usize);
        assert!(body.starts_with(&parts[0]));
        assert!(body.ends_with(&parts[2]));
        assert!(body_parts("").is_empty());
    }
}
