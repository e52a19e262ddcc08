//! Suggestions for what an editor meant: the closest known word to one that is not known.
//!
//! Words are compared as an editor sees them: after NFKC (全角 ＤＸ is DX, ２０２４ is 2024,
//! half-width ｶﾅ is カナ) and case folding, so that a width or case slip is always found.

use unicode_normalization::UnicodeNormalization;

/// `s` as compared: NFKC, lower case, without surrounding blanks.
pub fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_lowercase()
}

/// The closest candidate to `word` if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = fold(word);
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let folded = fold(c);
        // Equal once folded: the same word typed in another width or case.
        if folded == word {
            return Some(c);
        }
        // Jaro-Winkler works on characters, so it suits short Japanese words too; a shared
        // substring (福井 in 福井県) is also a strong signal.
        let mut score = strsim::jaro_winkler(&word, &folded);
        if !word.is_empty() && (folded.contains(&word) || word.contains(&folded)) {
            score = score.max(0.9);
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_case_are_folded() {
        assert_eq!(
            did_you_mean("窓口ＤＸ", ["人材育成", "窓口DX"]),
            Some("窓口DX")
        );
        assert_eq!(did_you_mean("TITLE", ["title", "tags"]), Some("title"));
        assert_eq!(did_you_mean("ｻﾝﾌﾟﾙ", ["サンプル"]), Some("サンプル"));
        assert_eq!(did_you_mean("全然ちがう", ["title"]), None);
    }
}
