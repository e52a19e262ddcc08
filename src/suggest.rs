//! Suggestions for what an editor meant: the closest known word to one that is not known.

/// The closest candidate to `word` if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        // Jaro-Winkler works on characters, so it suits short Japanese words too; a shared
        // substring (福井 in 福井県) is also a strong signal.
        let mut score = strsim::jaro_winkler(word, c);
        if !word.is_empty() && (c.contains(word) || word.contains(c)) {
            score = score.max(0.9);
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, c)| c)
}
