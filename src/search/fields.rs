//! The searchable fields of a document, normalised.
//!
//! Four fields, weighted title > meta > summary > body. `meta` joins municipality,
//! prefecture, categories, tags and keywords with spaces; spaces end runs, so no match can
//! span two of those values.

use super::codec::{BODY, FIELDS, META, SUMMARY, TITLE};
use super::doc::SearchDoc;
#[cfg(test)]
use super::normalize::normalize;
use super::normalize::{is_ignorable, is_space, normalize_into, normalize_known_into};
use unicode_normalization::UnicodeNormalization;

/// Normalised text of the four fields, in field order.
#[cfg(test)]
pub fn doc_fields(d: &SearchDoc) -> [String; FIELDS] {
    let mut out: [String; FIELDS] = Default::default();
    doc_fields_into(d, super::normalize::is_nfkc(d.body), &mut out);
    out
}

/// `doc_fields` into reused strings; `body_nfkc`: `is_nfkc(d.body)`.
pub fn doc_fields_into(d: &SearchDoc, body_nfkc: bool, out: &mut [String; FIELDS]) {
    for s in out.iter_mut() {
        s.clear();
    }
    let mut meta = String::new();
    let parts = [d.municipality, d.prefecture]
        .into_iter()
        .chain(d.categories.iter().map(|s| s.as_str()))
        .chain(d.tags.iter().map(|s| s.as_str()))
        .chain(d.keywords.iter().copied());
    for p in parts {
        meta.push_str(p);
        meta.push(' ');
    }
    normalize_into(d.title, &mut out[TITLE]);
    normalize_into(&meta, &mut out[META]);
    normalize_into(d.summary, &mut out[SUMMARY]);
    normalize_known_into(d.body, body_nfkc, &mut out[BODY]);
}

/// Characters that stay with the character before them when text is cut: combining marks
/// and the (half-width) voiced sound marks, which NFKC composes with the preceding kana.
pub fn is_attached(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1160..=0x11FF | 0x3099..=0x309C | 0xFF9E | 0xFF9F)
        || (!c.is_alphanumeric() && unicode_normalization::char::is_combining_mark(c))
}

/// `norm_to_raw_known` with the check done here.
#[cfg(test)]
pub fn norm_to_raw(raw: &str) -> Vec<u32> {
    norm_to_raw_known(raw, super::normalize::is_nfkc(raw))
}

/// For each character of the normalised text, the byte offset in `raw` of the character it
/// came from, found by normalising the raw text one segment (a character and its attached
/// marks) at a time; `nfkc`: `is_nfkc(raw)`. It matches `normalize` except in rare
/// compositions across segments, so it is used only to cut display text (body parts), never
/// for matching.
pub fn norm_to_raw_known(raw: &str, nfkc: bool) -> Vec<u32> {
    let mut map = Vec::with_capacity(raw.len() / 2);
    let mut pending_space: Option<u32> = None;
    // One normalised character `c` that came from the raw character at byte `at`.
    let put = |c: char, at: u32, pending_space: &mut Option<u32>, map: &mut Vec<u32>| {
        if is_space(c) {
            if !map.is_empty() && pending_space.is_none() {
                *pending_space = Some(at);
            }
            return;
        }
        if is_ignorable(c) {
            return;
        }
        if let Some(sp) = pending_space.take() {
            map.push(sp);
        }
        let n = if c.is_ascii() || ('\u{3000}'..='\u{9FFF}').contains(&c) {
            1
        } else {
            c.to_lowercase().count()
        };
        map.extend(std::iter::repeat_n(at, n));
    };
    // Text in NFKC already (most of it) maps character by character.
    if nfkc {
        let b = raw.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // A run of kana and kanji: one normalised character per raw one (see
            // `normalize_into`), a space pending before it.
            let run = super::normalize::cjk_run(b, i);
            if run > i {
                if let Some(sp) = pending_space.take() {
                    map.push(sp);
                }
                map.extend((i..run).step_by(3).map(|at| at as u32));
                i = run;
                continue;
            }
            let c = raw[i..].chars().next().unwrap_or(' ');
            put(c, i as u32, &mut pending_space, &mut map);
            i += c.len_utf8();
        }
        return map;
    }
    let mut chars = raw.char_indices().peekable();
    let mut seg = String::new();
    while let Some((i, c)) = chars.next() {
        seg.clear();
        seg.push(c);
        while let Some(&(_, m)) = chars.peek().filter(|(_, m)| is_attached(*m)) {
            seg.push(m);
            chars.next();
        }
        for n in seg.nfkc() {
            put(n, i as u32, &mut pending_space, &mut map);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_follows_normalize() {
        for s in ["ﾏｲﾅﾝﾊﾞｰ  ＤＸ", "  手上げ 式 ", "㍿と①", "e\u{301}cole"]
        {
            assert_eq!(norm_to_raw(s).len(), normalize(s).chars().count(), "{s}");
        }
        assert_eq!(norm_to_raw("ab ｶﾞ"), vec![0, 1, 2, 3]);
        // Byte offsets; the spaces collapse to the first one.
        assert_eq!(norm_to_raw("窓口\u{3000} DX"), vec![0, 3, 6, 10, 11]);
        assert_eq!(norm_to_raw("ＤＸ化ﾞ"), vec![0, 3, 6, 6]);
    }

    #[test]
    fn meta_joins_with_spaces() {
        let cats = vec!["窓口DX".to_string()];
        let tags = vec!["書かない窓口".to_string()];
        let d = SearchDoc {
            url: "cases/x/",
            title: "T",
            summary: "",
            municipality: "北見市",
            prefecture: "北海道",
            categories: &cats,
            tags: &tags,
            published: "2024-01-01",
            keywords: vec!["市民課"],
            ..Default::default()
        };
        assert_eq!(
            doc_fields(&d)[META],
            "北見市 北海道 窓口dx 書かない窓口 市民課"
        );
    }
}
