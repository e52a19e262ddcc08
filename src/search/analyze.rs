//! The terms of one document, before they are merged into the index.

use super::codec::{FieldHits, FieldPositions, BODY, FIELDS};
use super::display::part_of;
use super::hash::FxHashMap;
use super::tokenize::{runs, terms_of_runs, RunKind};

/// Terms of one document.
pub struct DocTerms {
    /// Positional terms (words, bigrams, joints) with their positions, sorted by key.
    pub positional: Vec<(String, FieldPositions)>,
    /// Single Cjk characters (for one-character queries), sorted by character.
    pub unigrams: Vec<(char, FieldHits)>,
    /// Length of each field in characters.
    pub lens: [usize; FIELDS],
}

/// `FieldHits` of a term from its positions.
pub fn hits_of(pos: &FieldPositions) -> FieldHits {
    let mut h = FieldHits::default();
    for (f, p) in pos.iter().enumerate() {
        h.tf[f] = p.len() as u32;
    }
    h.first_part = pos[BODY].first().map_or(0, |&p| part_of(p));
    h
}

/// Positions of a term key in the doc; allocates the key only the first time it is seen.
fn push(pos: &mut FxHashMap<String, FieldPositions>, key: &str, f: usize, p: u32) {
    match pos.get_mut(key) {
        Some(fp) => fp[f].push(p),
        None => {
            let mut fp: FieldPositions = Default::default();
            fp[f].push(p);
            pos.insert(key.to_string(), fp);
        }
    }
}

/// The terms of `tokenize::terms_of_runs`, without a String per occurrence (this is the
/// hot loop of the build). Runs come in text order, so each key's positions increase.
pub fn analyze(fields: &[String; FIELDS]) -> DocTerms {
    let mut pos: FxHashMap<String, FieldPositions> = FxHashMap::default();
    let mut uni: FxHashMap<char, FieldHits> = FxHashMap::default();
    let mut lens = [0usize; FIELDS];
    let mut key = String::new();
    for (f, text) in fields.iter().enumerate() {
        lens[f] = text.chars().count();
        let rs = runs(text);
        for t in terms_of_runs_joints(&rs) {
            push(&mut pos, &t.key, f, t.pos);
        }
        for r in rs.iter().filter(|r| r.kind == RunKind::Cjk) {
            let mut prev: Option<char> = None;
            for (i, c) in r.text.chars().enumerate() {
                let at = r.pos + i as u32;
                if let Some(p) = prev {
                    key.clear();
                    key.push(p);
                    key.push(c);
                    push(&mut pos, &key, f, at - 1);
                }
                prev = Some(c);
                let h = uni.entry(c).or_default();
                if f == BODY && h.tf[BODY] == 0 {
                    h.first_part = part_of(at);
                }
                h.tf[f] += 1;
            }
        }
    }
    let mut positional: Vec<_> = pos.into_iter().collect();
    positional.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut unigrams: Vec<_> = uni.into_iter().collect();
    unigrams.sort_unstable_by_key(|u| u.0);
    DocTerms {
        positional,
        unigrams,
        lens,
    }
}

/// Word and joint terms of runs (the bigrams are made in `analyze`'s loop).
fn terms_of_runs_joints(rs: &[super::tokenize::Token]) -> Vec<super::tokenize::Term> {
    if rs.iter().all(|r| r.kind == RunKind::Cjk) {
        return Vec::new();
    }
    let mut t = terms_of_runs(rs);
    t.retain(|t| {
        let mut cs = t.key.chars();
        // Drop the bigrams: two Cjk characters (words and joints always hold a word char).
        !(t.key.chars().count() == 2
            && cs.all(|c| !super::tokenize::is_word_char(c) && c != super::tokenize::JOINT_SEP))
    });
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenize::terms;

    #[test]
    fn same_terms_as_tokenize() {
        for s in [
            "窓口DXと130万件の「手上げ」",
            "DX化の第2期 e-Gov",
            "ａｂ",
            "手",
            "",
            "i\u{307}x",
        ] {
            let mut want: Vec<(String, u32)> =
                terms(s).into_iter().map(|t| (t.key, t.pos)).collect();
            want.sort();
            let fields = [
                crate::search::normalize(s),
                String::new(),
                String::new(),
                String::new(),
            ];
            let mut got: Vec<(String, u32)> = analyze(&fields)
                .positional
                .into_iter()
                .flat_map(|(k, fp)| {
                    fp[0]
                        .iter()
                        .map(move |&p| (k.clone(), p))
                        .collect::<Vec<_>>()
                })
                .collect();
            got.sort();
            assert_eq!(got, want, "{s}");
        }
    }
}
