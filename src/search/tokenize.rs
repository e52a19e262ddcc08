//! Splitting normalised text into runs and index terms.
//!
//! Japanese has no spaces, so a word segmenter would cut words differently at index and at
//! query time. Instead, text is split into *runs* of two kinds:
//! - `Word`: letters and digits of alphabetic scripts (`dx`, `rpa`, `130`, `line`). Matched
//!   as whole words, case-insensitively (case is already folded by `normalize`).
//! - `Cjk`: everything else that is not a space: kanji, kana, and also punctuation and
//!   symbols. Matched as substrings, through character bigrams.
//!
//! Terms with positions (character offsets in the normalised field text) come from runs:
//! - every word run: the word itself (`dx`);
//! - every Cjk run of two or more characters: each of its bigrams (`手上`, `上げ`);
//! - where a word run touches a Cjk run with no space (`窓口DX`, `130万`, `DX化`): *joint*
//!   terms that hold the whole word and the one or two Cjk characters beside it
//!   (`口␁dx`, `窓口␁dx`, `130␁万`). They let a query such as `DX化` or `130万` be answered
//!   without joining the positions of a frequent word with those of a frequent character.
//!
//! Positions are counted in Unicode code points, which the browser script also uses.

use super::normalize::normalize;

/// Separator inside joint terms. `normalize` turns control characters into spaces, so this
/// code point never occurs inside normalised text and joint keys cannot collide with text.
pub const JOINT_SEP: char = '\u{1}';

/// Kind of a run of normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Letters or digits of alphabetic scripts, matched as whole words.
    Word,
    /// Kanji, kana, punctuation and symbols, matched as substrings.
    Cjk,
}

/// A maximal run of one kind in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: RunKind,
    pub text: String,
    /// Offset of the first character, in code points of the normalised text.
    pub pos: u32,
    /// Length in code points.
    pub len: u32,
}

/// A positional index term: a word, a Cjk bigram, or a joint term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub pos: u32,
}

/// Characters of scripts written without spaces. They are never part of a `Word` run, even
/// though Unicode calls them alphabetic.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF     // Hangul Jamo
        | 0x2E80..=0x2FFF   // CJK radicals, Kangxi radicals, description characters
        | 0x3000..=0x303F   // CJK symbols (々 〆 〇 and punctuation)
        | 0x3040..=0x30FF   // Hiragana, Katakana (ー ヶ ・)
        | 0x3100..=0x31FF   // Bopomofo, Hangul compatibility jamo, Kanbun, Katakana ext.
        | 0x3200..=0x33FF   // enclosed CJK letters, compatibility squares
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xA000..=0xA4CF   // Yi
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF00..=0xFFEF   // half-width and full-width forms (left over after NFKC)
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// True for characters of `Word` runs: alphabetic or numeric, and not CJK.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{3000}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    (is_alpha(c) || c.is_numeric()) && !is_cjk(c)
}

/// `char::is_alphabetic`, from a table for the Basic Multilingual Plane (the Unicode
/// lookup is slow for kanji, and gram mining asks it for every character).
#[inline]
pub fn is_alpha(c: char) -> bool {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let u = c as u32;
    if u >= 0x10000 {
        return c.is_alphabetic();
    }
    let t = TABLE.get_or_init(|| {
        let mut t = vec![0u64; 0x10000 / 64];
        for u in 0..0x10000u32 {
            if char::from_u32(u).is_some_and(|c| c.is_alphabetic()) {
                t[(u / 64) as usize] |= 1 << (u % 64);
            }
        }
        t
    });
    t[(u / 64) as usize] & (1 << (u % 64)) != 0
}

/// Combining marks (General_Category M) belong to the run of the character before them, so
/// `i̇stanbul` stays one word.
#[inline]
pub fn is_mark(c: char) -> bool {
    if (c as u32) < 0x300 {
        return false;
    }
    if ('\u{3040}'..='\u{9FFF}').contains(&c) {
        return c == '\u{3099}' || c == '\u{309A}';
    }
    unicode_normalization::char::is_combining_mark(c)
}

/// Kind of each character of normalised text (None for spaces), as `runs` sees them.
pub fn char_kinds(norm: &str) -> Vec<Option<RunKind>> {
    let mut out: Vec<Option<RunKind>> = Vec::new();
    for c in norm.chars() {
        let prev = out.last().copied().flatten();
        out.push(if c == ' ' {
            None
        } else if is_mark(c) {
            Some(prev.unwrap_or(RunKind::Cjk))
        } else if is_word_char(c) {
            Some(RunKind::Word)
        } else {
            Some(RunKind::Cjk)
        });
    }
    out
}

/// Runs of already-normalised text. Spaces end runs and belong to none.
pub fn runs(norm: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut cur: Option<Token> = None;
    for (i, (c, kind)) in norm.chars().zip(char_kinds(norm)).enumerate() {
        let i = i as u32;
        match (&mut cur, kind) {
            (Some(t), Some(k)) if t.kind == k => {
                t.text.push(c);
                t.len += 1;
            }
            (_, k) => {
                if let Some(t) = cur.take() {
                    out.push(t);
                }
                cur = k.map(|kind| Token {
                    kind,
                    text: c.to_string(),
                    pos: i,
                    len: 1,
                });
            }
        }
    }
    out.extend(cur);
    out
}

/// Normalise, then split into runs (the shape checked by the shared test vectors).
pub fn tokenize(s: &str) -> Vec<Token> {
    runs(&normalize(s))
}

/// Joint key of a word and the Cjk characters that touch it, in text order.
pub fn joint_key(left: &str, right: &str) -> String {
    let mut k = String::with_capacity(left.len() + right.len() + 1);
    k.push_str(left);
    k.push(JOINT_SEP);
    k.push_str(right);
    k
}

/// First `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

/// Last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((b, _)) => &s[b..],
        None => s,
    }
}

/// Positional terms of a list of runs (see the module comment), sorted by position.
pub fn terms_of_runs(runs: &[Token]) -> Vec<Term> {
    let mut out = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        match r.kind {
            RunKind::Word => {
                out.push(Term {
                    key: r.text.clone(),
                    pos: r.pos,
                });
                // A Cjk run right before this word, with no space between.
                if let Some(prev) = i.checked_sub(1).map(|j| &runs[j]) {
                    if prev.kind == RunKind::Cjk && prev.pos + prev.len == r.pos {
                        for n in 1..=2u32.min(prev.len) {
                            out.push(Term {
                                key: joint_key(tail(&prev.text, n as usize), &r.text),
                                pos: r.pos - n,
                            });
                        }
                    }
                }
                // A Cjk run right after this word.
                if let Some(next) = runs.get(i + 1) {
                    if next.kind == RunKind::Cjk && r.pos + r.len == next.pos {
                        for n in 1..=2u32.min(next.len) {
                            out.push(Term {
                                key: joint_key(&r.text, head(&next.text, n as usize)),
                                pos: r.pos,
                            });
                        }
                    }
                }
            }
            RunKind::Cjk => {
                let chars: Vec<char> = r.text.chars().collect();
                for (j, w) in chars.windows(2).enumerate() {
                    out.push(Term {
                        key: w.iter().collect(),
                        pos: r.pos + j as u32,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Positional terms of raw text (normalised first).
pub fn terms(s: &str) -> Vec<Term> {
    terms_of_runs(&tokenize(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<(String, u32)> {
        terms(s)
            .into_iter()
            .map(|t| (t.key.replace(JOINT_SEP, "|"), t.pos))
            .collect()
    }

    #[test]
    fn runs_split_words_from_japanese() {
        let t = tokenize("窓口ＤＸと130万件");
        let shape: Vec<_> = t.iter().map(|t| (t.kind, t.text.as_str(), t.pos)).collect();
        assert_eq!(
            shape,
            vec![
                (RunKind::Cjk, "窓口", 0),
                (RunKind::Word, "dx", 2),
                (RunKind::Cjk, "と", 4),
                (RunKind::Word, "130", 5),
                (RunKind::Cjk, "万件", 8),
            ]
        );
    }

    #[test]
    fn bigrams_and_joints() {
        assert_eq!(keys("手上げ"), vec![("手上".into(), 0), ("上げ".into(), 1)]);
        assert_eq!(keys("DX化"), vec![("dx".into(), 0), ("dx|化".into(), 0)]);
        assert_eq!(
            keys("窓口DX"),
            vec![
                ("窓口".into(), 0),
                ("窓口|dx".into(), 0),
                ("口|dx".into(), 1),
                ("dx".into(), 2)
            ]
        );
    }

    #[test]
    fn spaces_separate_runs() {
        assert_eq!(keys("窓口 DX"), vec![("窓口".into(), 0), ("dx".into(), 3)]);
        assert!(terms("").is_empty());
        assert!(terms("   ").is_empty());
    }
}
