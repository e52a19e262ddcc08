//! What the results list shows, in small per-document files fetched only for shown hits.
//!
//! - `search/d/<k>.json`: the records of docs `k*DOCS_PER_FILE..(k+1)*DOCS_PER_FILE`, an
//!   array of `{u, t, m, p, d, s, b}`: url, title, municipality, prefecture, date, summary,
//!   and the number of body parts.
//! - `search/b/<id>-<k>.txt`: part `k` of the body, raw text (as written, not normalised),
//!   covering normalised body offsets `[k*PART_CHARS, (k+1)*PART_CHARS)` plus an overlap on
//!   both sides, so a snippet can be cut around a match without loading the whole body.
//!   Postings say which part holds a document's first body match.

use super::doc::SearchDoc;
use super::fields::norm_to_raw_known;

/// Length of a body part, in characters of the normalised body.
pub const PART_CHARS: u32 = 1200;
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

/// Display records per `search/d/<k>.json` file: doc `id` is record `id % DOCS_PER_FILE`
/// of file `id / DOCS_PER_FILE`.
pub const DOCS_PER_FILE: u32 = 4;

/// The display record of one document (JSON), and its body parts; `body_nfkc`:
/// `is_nfkc(d.body)`.
pub fn display_record(d: &SearchDoc, body_nfkc: bool) -> (String, Vec<String>) {
    let parts = body_parts(d.body, body_nfkc);
    let mut rec = String::with_capacity(
        64 + d.url.len() + d.title.len() + d.summary.len() + d.municipality.len() * 2,
    );
    for (k, v) in [
        ("{\"u\":", d.url),
        (",\"t\":", d.title),
        (",\"m\":", d.municipality),
        (",\"p\":", d.prefecture),
        (",\"d\":", d.published),
        (",\"s\":", d.summary),
    ] {
        rec.push_str(k);
        json_string(&mut rec, v);
    }
    rec.push_str(&format!(",\"b\":{}}}", parts.len()));
    (rec, parts)
}

/// A JSON string literal of `s` (as serde_json writes it).
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    // Runs without anything to escape are copied whole (bytes of multi-byte characters are
    // all >= 0x80, so a byte scan never cuts one).
    let mut from = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if esc.is_empty() {
            out.push_str(&format!("\\u{:04x}", b));
        } else {
            out.push_str(esc);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
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
        let parts = body_parts(&body, crate::search::normalize::is_nfkc(&body));
        assert_eq!(parts.len(), 3);
        assert!(parts[0].chars().count() >= PART_CHARS as usize);
        assert!(body.starts_with(&parts[0]));
        assert!(body.ends_with(&parts[2]));
        assert!(body_parts("", true).is_empty());
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        for v in [
            "",
            "窓口DX",
            "\"引用\" \\ 末尾",
            &controls,
            "a\u{7f}\u{2028}é",
        ] {
            let mut out = String::new();
            json_string(&mut out, v);
            assert_eq!(out, serde_json::to_string(v).unwrap(), "{v:?}");
        }
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
            population: None,
        };
        let (rec, _) = display_record(&d, true);
        let v: serde_json::Value = serde_json::from_str(&rec).unwrap();
        assert_eq!(v["t"], "T \"q\" \\ \u{1}\n");
        assert_eq!(v["b"], 1);
        assert_eq!(v["u"], "cases/a/");
    }
}
