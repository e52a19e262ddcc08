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

use unicode_normalization::UnicodeNormalization;

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

/// Normalise text for indexing and for queries (see the module comment for the rules).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkc() {
        if is_space(c) {
            // Only emit the space when another character follows: this trims both ends.
            pending_space = !out.is_empty();
            continue;
        }
        if is_ignorable(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
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
}
