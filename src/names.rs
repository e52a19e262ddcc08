//! What a name may hold, and when two names are one.
//!
//! Slugs and terms (tags, municipalities, categories) become folder names of the built site,
//! so they may not hold separators or be `.`/`..`; and two names that Windows or macOS would
//! take for one folder (case, Unicode form) are one name, as two tags that readers take
//! for one (case, width) are one tag.

use unicase::UniCase;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Slugs and taxonomy terms become folder names: letters of any script, digits and `-`.
/// A letter may carry combining marks: macOS writes が in a file name as か and U+3099.
pub fn valid_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && chars.all(|c| c.is_alphanumeric() || c == '-' || is_combining_mark(c))
}

/// A term (tag, municipality) becomes a folder name: no separators, not `.` or `..`.
/// (Control characters are refused with every name, by `limits`.)
pub fn valid_term(s: &str) -> Result<(), String> {
    if s.contains(['/', '\\']) {
        return Err("must not contain `/` or `\\` (it becomes part of a URL)".into());
    }
    if s == "." || s == ".." {
        return Err("must not be `.` or `..`".into());
    }
    Ok(())
}

/// Two slugs with the same key are one folder on Windows and macOS: Unicode's canonical
/// caseless match (NFD, case folding, then NFC so that equal keys are equal strings).
pub fn file_key(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    fold(&s.nfd().collect::<String>()).nfc().collect()
}

/// Two tags with the same key are one tag: Unicode's compatibility caseless match, which
/// also makes full-width letters (ＬＩＮＥ) and half-width kana (ﾃﾞｼﾞﾀﾙ) one with their usual
/// forms.
pub fn tag_key(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let once = fold(&s.nfd().collect::<String>());
    fold(&once.nfkd().collect::<String>()).nfkc().collect()
}

fn fold(s: &str) -> String {
    UniCase::unicode(s).to_folded_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(valid_slug("awara-dx"));
        assert!(valid_slug("あわら市-dx"));
        assert!(!valid_slug("../etc"));
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug("a_b"));
        assert!(!valid_slug(""));
        assert!(!valid_slug("a\u{7}"));
        assert!(valid_slug("\u{304b}\u{3099}"));
        assert!(!valid_slug("\u{3099}"));
        assert!(!valid_slug("-a"));
    }

    #[test]
    fn file_keys_ignore_case_and_normalisation() {
        assert_eq!(file_key("Awara"), file_key("awara"));
        assert_eq!(file_key("\u{304c}"), file_key("\u{304b}\u{3099}"));
        assert_eq!(file_key("ΣΑΣ"), file_key("σας"));
        assert_ne!(file_key("awara"), file_key("awara-2"));
        // Width is not case: ＬＩＮＥ and LINE are two file names everywhere.
        assert_ne!(file_key("ＬＩＮＥ"), file_key("LINE"));
    }

    #[test]
    fn tag_keys_ignore_case_and_width() {
        assert_eq!(tag_key("LINE"), tag_key("Line"));
        assert_eq!(tag_key("ＬＩＮＥ"), tag_key("line"));
        assert_eq!(tag_key("ﾃﾞｼﾞﾀﾙ"), tag_key("デジタル"));
        assert_ne!(tag_key("LINE"), tag_key("LINE公式"));
    }
}
