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

pub fn analyze(fields: &[String; FIELDS]) -> DocTerms {
    let mut pos: FxHashMap<String, FieldPositions> = FxHashMap::default();
    let mut uni: FxHashMap<char, FieldHits> = FxHashMap::default();
    let mut lens = [0usize; FIELDS];
    for (f, text) in fields.iter().enumerate() {
        lens[f] = text.chars().count();
        let rs = runs(text);
        for t in terms_of_runs(&rs) {
            // terms_of_runs sorts by position, so each list stays increasing.
            pos.entry(t.key).or_default()[f].push(t.pos);
        }
        for r in rs.iter().filter(|r| r.kind == RunKind::Cjk) {
            for (i, c) in r.text.chars().enumerate() {
                let h = uni.entry(c).or_default();
                if f == BODY && h.tf[BODY] == 0 {
                    h.first_part = part_of(r.pos + i as u32);
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
