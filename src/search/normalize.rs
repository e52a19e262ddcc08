//! Text normalisation shared by the index (Rust) and the browser script (`search.js`).
//!
//! The rules are deliberately few so that both sides can implement them identically with
//! their standard libraries; `tests/search/vectors.json` proves they agree.
//!
//! 1. NFKC: full-width `ＤＸ` -> `DX`, half-width `ｶﾀｶﾅ` -> `カタカナ`, `①` -> `1`, ...
//! 2. Per code point lower-casing (full mapping, no context rules, like JS `toLowerCase`
//!    applied to one code point), so `DX` -> `dx`.
//! 3. White space and control characters become one ASCII space; runs collapse; ends trim.
//! 4. Invisible format characters (zero-width space, joiners, BOM, soft hyphen) are dropped,
//!    so `手\u{200B}上げ` still matches `手上げ`.

use std::sync::OnceLock;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// One bit per BMP code point: set when the character alone is NFKC (quick check Yes) and
/// has combining class 0, so that any string of such characters is NFKC as it stands.
fn stable_bmp() -> &'static [u64; 1024] {
    static TABLE: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u64; 1024]);
        for cp in 0u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if unicode_normalization::char::canonical_combining_class(c) == 0
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
            {
                t[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
        t
    })
}

/// `is_nfkc_quick(s.chars()) == IsNormalized::Yes`, answered from a bit table for text made
/// of stable BMP characters (nearly all Japanese text): the crate's check looks every
/// character up in a hash table, and every body is checked (a cost that showed in
/// profiles of whole builds: docs/BENCHMARKS.md).
pub fn is_nfkc(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    let t = stable_bmp();
    let b = s.as_bytes();
    let mut i = 0;
    let all_stable = loop {
        let Some(&x) = b.get(i) else {
            break true;
        };
        // Lead bytes E4..E9 are U+4000..U+9FFF (CJK Extension A, Yijing hexagrams, CJK
        // Unified Ideographs): all stable (the test below checks every one), and most of a
        // Japanese text. The rest is decoded from the bytes (valid UTF-8: a lead byte is
        // followed by its continuation bytes) and looked up.
        let (cp, len) = match x {
            0x00..=0x7F => {
                i += 1;
                continue;
            }
            0xE4..=0xE9 => {
                i += 3;
                continue;
            }
            0xC0..=0xDF => (((x & 0x1F) as u32) << 6 | (b[i + 1] & 0x3F) as u32, 2),
            0xE0..=0xEF => (
                ((x & 0x0F) as u32) << 12
                    | ((b[i + 1] & 0x3F) as u32) << 6
                    | (b[i + 2] & 0x3F) as u32,
                3,
            ),
            // Outside the BMP: the table does not say.
            _ => break false,
        };
        if t[(cp >> 6) as usize] >> (cp & 63) & 1 == 0 {
            break false;
        }
        i += len;
    };
    all_stable || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// True for characters that separate words: Unicode White_Space and the C0/C1 controls.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Invisible characters that are removed outright (they carry no letters).
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Lower-case form of one code point, pushed onto `out` (kana and kanji, the bulk of the
/// text, have none: they skip the Unicode table lookup).
#[inline]
pub fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The end of the run of characters U+3001..=U+9FFF (CJK punctuation, kana, kanji) that
/// starts at byte `i` of the UTF-8 text `b` (`i` itself when none starts there). In UTF-8
/// they are the three-byte sequences with lead bytes E3..E9, except U+3000 (E3 80 80), the
/// ideographic space.
#[inline]
pub fn cjk_run(b: &[u8], mut i: usize) -> usize {
    // A lead byte of E3..E9 in valid UTF-8 is always followed by two continuation bytes.
    while i + 2 < b.len()
        && matches!(b[i], 0xE3..=0xE9)
        && !(b[i] == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x80)
    {
        i += 3;
    }
    i
}

/// Normalise text for indexing and for queries (see the module comment for the rules).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// `normalize`, appending to `out` (which should be empty).
pub fn normalize_into(s: &str, out: &mut String) {
    normalize_known_into(s, is_nfkc(s), out);
}

/// `normalize_into` for a text whose `is_nfkc` is known (a body is checked once for both its
/// terms and its display parts).
pub fn normalize_known_into(s: &str, nfkc: bool, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    // Only emit a space when another character follows: this trims both ends.
    let space_before = |pending_space: &mut bool, out: &mut String| {
        if std::mem::take(pending_space) {
            out.push(' ');
        }
    };
    let put = |c: char, pending_space: &mut bool, out: &mut String| {
        if is_space(c) {
            *pending_space = out.len() > start;
        } else if !is_ignorable(c) {
            space_before(pending_space, out);
            push_lower(out, c);
        }
    };
    // Most text is already in NFKC (the quick check says so without composing anything).
    if nfkc {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Runs of kana and kanji, the bulk of the text, are copied as they are: in NFKC
            // text they are neither spaces nor ignorable, and have no lower case.
            let run = cjk_run(b, i);
            if run > i {
                space_before(&mut pending_space, out);
                out.push_str(&s[i..run]);
                i = run;
                continue;
            }
            let c = s[i..].chars().next().unwrap_or(' ');
            put(c, &mut pending_space, out);
            i += c.len_utf8();
        }
    } else {
        for c in s.nfkc() {
            put(c, &mut pending_space, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn width_case_and_space() {
        assert_eq!(normalize("ＤＸ推進"), "dx推進");
        assert_eq!(normalize("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ"), "マイナンバーカード");
        assert_eq!(normalize("  窓口\u{3000}\tDX \n"), "窓口 dx");
        assert_eq!(normalize("手\u{200B}上げ"), "手上げ");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{3000} "), "");
    }

    #[test]
    fn runs_of_kana_and_kanji_are_copied_exactly() {
        // The per-character rules, without the run fast path.
        fn slow(s: &str) -> String {
            let mut out = String::new();
            let mut pending = false;
            for c in s.chars() {
                if super::is_space(c) {
                    pending = !out.is_empty();
                } else if !super::is_ignorable(c) {
                    if std::mem::take(&mut pending) {
                        out.push(' ');
                    }
                    super::push_lower(&mut out, c);
                }
            }
            out
        }
        for s in [
            "窓口のDX化 \t 推進。",
            " 先頭と末尾\n",
            "「手上げ方式」で、〜 130万件",
            "ひらがな カタカナ 漢字\u{9FFF}\u{3001}\u{A000}",
            "a\u{85}b 龍\u{200B}龍",
        ] {
            assert!(super::is_nfkc(s), "{s}");
            assert_eq!(normalize(s), slow(s), "{s}");
        }
    }

    #[test]
    fn table_agrees_with_the_quick_check() {
        use unicode_normalization::{is_nfkc_quick, IsNormalized};
        // `is_nfkc` skips U+4000..U+9FFF without the table: every one must be in it.
        let t = super::stable_bmp();
        for cp in 0x4000u32..=0x9FFF {
            assert!(t[(cp >> 6) as usize] >> (cp & 63) & 1 == 1, "U+{cp:04X}");
        }
        // Every BMP character alone, and pairs where a mark follows a base.
        for cp in 0u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = c.to_string();
            assert_eq!(
                super::is_nfkc(&s),
                is_nfkc_quick(s.chars()) == IsNormalized::Yes,
                "U+{cp:04X}"
            );
        }
        for s in [
            "か\u{3099}",
            "ｶﾞ",
            "e\u{301}",
            "窓口ＤＸ",
            "𠮷野家",
            "①",
            "a\u{323}\u{301}",
        ] {
            assert_eq!(
                super::is_nfkc(s),
                is_nfkc_quick(s.chars()) == IsNormalized::Yes,
                "{s}"
            );
        }
    }
}
