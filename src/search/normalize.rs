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
/// character up in a hash table, a cost that showed as 7% of a whole build.
pub fn is_nfkc(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    let t = stable_bmp();
    let all_stable = s.chars().all(|c| {
        let cp = c as u32;
        cp < 0x1_0000 && t[(cp >> 6) as usize] >> (cp & 63) & 1 == 1
    });
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

/// Normalise text for indexing and for queries (see the module comment for the rules).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// `normalize`, appending to `out` (which should be empty).
pub fn normalize_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    let mut put = |c: char, out: &mut String| {
        if is_space(c) {
            // Only emit the space when another character follows: this trims both ends.
            pending_space = out.len() > start;
            return;
        }
        if is_ignorable(c) {
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        push_lower(out, c);
    };
    // Most text is already in NFKC (the quick check says so without composing anything).
    if is_nfkc(s) {
        for c in s.chars() {
            put(c, out);
        }
    } else {
        for c in s.nfkc() {
            put(c, out);
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
    fn table_agrees_with_the_quick_check() {
        use unicode_normalization::{is_nfkc_quick, IsNormalized};
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
