//! The terms of one document, before they are merged into the index: the hot loop of the
//! build, so it allocates nothing per term or per occurrence (keys are packed in a `u64`,
//! occurrences are chained in one array) and encodes each term's record for the document
//! right away, in parallel with other documents; the merge only appends bytes.

use super::codec::{put_hits, put_varint, FieldHits, BODY, FIELDS};
use super::display::part_of;
use super::grams::{pieces_of, Piece};
use super::hash::{fx_str, Map, RandomState};
use super::key::{
    bigram_first, bigram_key, kind, shard_of_key, uni_key, TermKey, KIND_BIGRAM, KIND_WORD, SHARDS,
};
use super::tokenize::{is_mark, is_word_char, JOINT_SEP};

/// Terms of one document, encoded.
#[derive(Default)]
pub struct DocTerms {
    /// Term keys, grouped by postings shard: shard `s` holds `shard_ends[s - 1]..
    /// shard_ends[s]` (0 for the first), in order of first occurrence within it.
    pub keys: Vec<TermKey>,
    /// End of each key's bytes in `rec` and in `hits`.
    pub ends: Vec<(u32, u32)>,
    /// Positional terms: `u8 field mask`, per field in the mask `varint count, varint
    /// positions` (first absolute, then gaps): the positional record without its doc gap.
    /// Unigrams have none.
    pub rec: Vec<u8>,
    /// `FieldHits` of each unigram (`codec::put_hits`); empty for positional terms, whose
    /// hits their records hold.
    pub hits: Vec<u8>,
    /// Word and joint keys.
    pub words: Vec<String>,
    /// The postings shard of each word (from the hash `Scratch::word` computes anyway).
    pub word_shards: Vec<u8>,
    /// Length of each field in characters.
    pub lens: [usize; FIELDS],
    /// Letter pieces of the Cjk runs, for the gram stage.
    pub pieces: Vec<Piece>,
    /// End of each postings shard's terms in `keys` (`key::shard_of_key`).
    pub shard_ends: [u32; SHARDS],
}

struct Ent {
    key: TermKey,
    /// First and last occurrence in `Scratch::occ` (positional terms).
    head: u32,
    tail: u32,
    tf: [u32; FIELDS],
    first_body: u32,
}

const END: u32 = u32::MAX;

/// Term key -> entry, for one document at a time: open addressing with linear probing, and a
/// generation number per slot so that starting the next document clears nothing. The hot
/// lookup of the analysis (one per term occurrence): a `hash::Map` cleared per document
/// was measured in its place and cost more (docs/BENCHMARKS.md).
///
/// Slots are chosen by multiply-shift with a random odd multiplier, a universal hash: the
/// keys are the document's bigrams, which its author chooses, and with a multiplier known
/// in advance a body of bigrams chosen to share a slot would make the probing quadratic.
#[derive(Default)]
struct KeyTable {
    /// (key, value, generation).
    slots: Vec<(TermKey, u32, u32)>,
    generation: u32,
    len: usize,
    /// Odd, drawn at random when the table is first used.
    multiplier: u64,
}

impl KeyTable {
    /// Empties the table for the next document.
    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.len = 0;
        if self.generation == 0 || self.slots.is_empty() {
            // First use, or the counter wrapped: start from really empty slots.
            self.reset(self.slots.len());
        }
    }

    /// Really empty slots, at least `cap` of them.
    fn reset(&mut self, cap: usize) {
        if self.multiplier == 0 {
            let random = std::hash::BuildHasher::hash_one(&RandomState::default(), 0u64);
            self.multiplier = random | 1;
        }
        self.slots = vec![(0, 0, 0); cap.max(4096)];
        self.generation = 1;
        self.len = 0;
    }

    #[inline]
    fn slot_of(&self, key: TermKey) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(self.multiplier) >> (64 - bits)) as usize
    }

    /// The value of `key`, inserting `value` when it has none.
    #[inline]
    fn get_or_insert(&mut self, key: TermKey, value: u32) -> u32 {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(key);
        loop {
            let s = &mut self.slots[i];
            if s.2 != self.generation {
                *s = (key, value, self.generation);
                self.len += 1;
                return value;
            }
            if s.0 == key {
                return s.1;
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let generation = self.generation;
        self.reset(old.len() * 2);
        for (k, v, g) in old {
            if g == generation {
                self.get_or_insert(k, v);
            }
        }
    }
}

/// Per-thread buffers, reused from document to document.
#[derive(Default)]
pub struct Scratch {
    index: KeyTable,
    /// Entry of each BMP character's unigram (END: none yet), by code point: looked up
    /// once per distinct bigram and run end, and an array lookup is cheaper than a hash.
    uni: Vec<u32>,
    /// Code points set in `uni`, reset before the next document.
    uni_set: Vec<u16>,
    /// Word (by `seed`'s hash of its text) -> index in `DocTerms::words`.
    words: Map<u64, u32>,
    seed: RandomState,
    ents: Vec<Ent>,
    /// (field << 28 | position, next occurrence of the same term).
    occ: Vec<(u32, u32)>,
    /// Entry indices in the order they are encoded (`shard_order`).
    order: Vec<u32>,
    chars: Vec<char>,
    kinds: Vec<u8>,
    joint: String,
    word_buf: String,
}

const SPACE: u8 = 0;
const WORD: u8 = 1;
const CJK: u8 = 2;

impl Ent {
    fn new(key: TermKey) -> Ent {
        Ent {
            key,
            head: END,
            tail: END,
            tf: [0; FIELDS],
            first_body: 0,
        }
    }

    /// Counts one occurrence in field `f` at `pos`.
    #[inline]
    fn count(&mut self, f: usize, pos: u32) {
        if f == BODY && self.tf[BODY] == 0 {
            self.first_body = pos;
        }
        self.tf[f] += 1;
    }

    /// Adds the counts of another term's occurrences (`tf`, first body position
    /// `first_body`) as if each had been `count`ed here.
    fn count_all(&mut self, tf: [u32; FIELDS], first_body: u32) {
        if tf[BODY] > 0 && (self.tf[BODY] == 0 || first_body < self.first_body) {
            self.first_body = first_body;
        }
        for (n, t) in self.tf.iter_mut().zip(tf) {
            *n += t;
        }
    }
}

impl Scratch {
    #[inline]
    fn ent(&mut self, key: TermKey) -> usize {
        let n = self.ents.len() as u32;
        let i = self.index.get_or_insert(key, n);
        if i == n {
            self.ents.push(Ent::new(key));
        }
        i as usize
    }

    /// `ent(uni_key(c))`.
    #[inline]
    fn uni_ent(&mut self, c: char) -> usize {
        let cp = c as usize;
        if cp >= 0x1_0000 {
            return self.ent(uni_key(c));
        }
        let slot = self.uni[cp];
        if slot != END {
            return slot as usize;
        }
        let n = self.ents.len();
        self.uni[cp] = n as u32;
        self.uni_set.push(cp as u16);
        self.ents.push(Ent::new(uni_key(c)));
        n
    }

    /// A unigram occurrence: counted, without a position.
    #[inline]
    fn occur_uni(&mut self, c: char, f: usize, pos: u32) {
        let i = self.uni_ent(c);
        self.ents[i].count(f, pos);
    }

    /// An occurrence of a positional term: counted and chained to the term's last one.
    #[inline]
    fn occur(&mut self, key: TermKey, f: usize, pos: u32) {
        let i = self.ent(key);
        let o = self.occ.len() as u32;
        let e = &mut self.ents[i];
        e.count(f, pos);
        if e.tail == END {
            e.head = o;
        } else {
            let t = e.tail as usize;
            self.occ[t].1 = o;
        }
        e.tail = o;
        self.occ.push(((f as u32) << 28 | pos, END));
    }

    /// Adds each bigram's counts to the unigram of its first character: every occurrence
    /// of a Cjk character but the last of its run starts a bigram at the same position, so
    /// this is one lookup per distinct bigram instead of one per character.
    fn unigrams_from_bigrams(&mut self) {
        for b in 0..self.ents.len() {
            let e = &self.ents[b];
            if kind(e.key) != KIND_BIGRAM {
                continue;
            }
            let (tf, first_body, c) = (e.tf, e.first_body, bigram_first(e.key));
            let u = self.uni_ent(c);
            self.ents[u].count_all(tf, first_body);
        }
    }

    fn word(&mut self, out: &mut DocTerms, text: &str, f: usize, pos: u32) {
        // Keyed by the text's hash, checked against the word itself (open addressing on a
        // collision), so that a word is copied once, into `out.words`. The hash is seeded
        // (see `hash`): with one known in advance, a document of words chosen to collide
        // would make the probing quadratic.
        let mut h = std::hash::BuildHasher::hash_one(&self.seed, text);
        let id = loop {
            match self.words.get(&h) {
                Some(&id) if out.words[id as usize] == text => break id,
                Some(_) => h = h.wrapping_add(1),
                None => {
                    let id = out.words.len() as u32;
                    out.words.push(text.to_string());
                    out.word_shards.push(shard_of_key(fx_str(text)) as u8);
                    self.words.insert(h, id);
                    break id;
                }
            }
        };
        self.occur(KIND_WORD | id as u64, f, pos);
    }
}

/// The terms of `tokenize::terms_of_runs` (words, bigrams, joints, with positions) and the
/// single Cjk characters, of the four normalised fields.
pub fn analyze(fields: &[String; FIELDS], sc: &mut Scratch) -> DocTerms {
    let mut out = DocTerms::default();
    sc.index.clear();
    if sc.uni.is_empty() {
        sc.uni = vec![END; 0x1_0000];
    }
    for cp in sc.uni_set.drain(..) {
        sc.uni[cp as usize] = END;
    }
    sc.words.clear();
    sc.ents.clear();
    sc.occ.clear();
    for (f, text) in fields.iter().enumerate() {
        sc.chars.clear();
        sc.kinds.clear();
        for c in text.chars() {
            let prev = sc.kinds.last().copied().unwrap_or(SPACE);
            let k = if c == ' ' {
                SPACE
            } else if is_mark(c) {
                if prev == SPACE {
                    CJK
                } else {
                    prev
                }
            } else if is_word_char(c) {
                WORD
            } else {
                CJK
            };
            sc.chars.push(c);
            sc.kinds.push(k);
        }
        let n = sc.chars.len();
        out.lens[f] = n;
        let kinds = &sc.kinds;
        pieces_of(f as u8, &sc.chars, |i| kinds[i] == CJK, &mut out.pieces);
        // Runs: [start, end) of equal kinds.
        let mut i = 0;
        let mut prev_run: Option<(usize, usize, u8)> = None;
        while i < n {
            let k = sc.kinds[i];
            let mut j = i + 1;
            while j < n && sc.kinds[j] == k {
                j += 1;
            }
            if k == CJK {
                // A character that starts a bigram is counted from the bigram's entry
                // once the document is done (`unigrams_from_bigrams`); only the last
                // character of the run is counted here.
                for p in i..j - 1 {
                    sc.occur(bigram_key(sc.chars[p], sc.chars[p + 1]), f, p as u32);
                }
                sc.occur_uni(sc.chars[j - 1], f, (j - 1) as u32);
            } else if k == WORD {
                let mut word = std::mem::take(&mut sc.word_buf);
                word.clear();
                word.extend(&sc.chars[i..j]);
                sc.word(&mut out, &word, f, i as u32);
                // A Cjk run right before, with no space between.
                if let Some((ps, pe, CJK)) = prev_run {
                    if pe == i {
                        for m in 1..=2.min(pe - ps) {
                            let mut jk = std::mem::take(&mut sc.joint);
                            jk.clear();
                            jk.extend(&sc.chars[i - m..i]);
                            jk.push(JOINT_SEP);
                            jk.push_str(&word);
                            sc.word(&mut out, &jk, f, (i - m) as u32);
                            sc.joint = jk;
                        }
                    }
                }
                // A Cjk run right after.
                if j < n && sc.kinds[j] == CJK {
                    let mut e = j;
                    while e < n && e < j + 2 && sc.kinds[e] == CJK {
                        e += 1;
                    }
                    for m in 1..=(e - j) {
                        let mut jk = std::mem::take(&mut sc.joint);
                        jk.clear();
                        jk.push_str(&word);
                        jk.push(JOINT_SEP);
                        jk.extend(&sc.chars[j..j + m]);
                        sc.word(&mut out, &jk, f, i as u32);
                        sc.joint = jk;
                    }
                }
                sc.word_buf = word;
            }
            prev_run = Some((i, j, k));
            i = j;
        }
    }
    sc.unigrams_from_bigrams();
    // Encode each term's record and hits, the terms grouped by postings shard (a counting
    // sort, stable: within a shard, in order of first occurrence), so that each shard's
    // merge reads one contiguous run of `keys`, `ends`, `rec` and `hits` instead of picking
    // its terms out of the whole document (every cache line read by all the shards).
    out.shard_ends = shard_order(&sc.ents, &out.word_shards, &mut sc.order);
    out.keys.reserve(sc.ents.len());
    out.ends.reserve(sc.ents.len());
    out.hits.reserve(sc.ents.len() * 2);
    out.rec.reserve(sc.ents.len() * 2 + sc.occ.len() * 2);
    for &ei in &sc.order {
        let e = &sc.ents[ei as usize];
        if e.head != END {
            let mut mask = 0u8;
            for (fi, &t) in e.tf.iter().enumerate() {
                if t > 0 {
                    mask |= 1 << fi;
                }
            }
            out.rec.push(mask);
            let mut o = e.head;
            let mut cur_f = u32::MAX;
            let mut prev = 0u32;
            while o != END {
                let (fp, next) = sc.occ[o as usize];
                let (fi, p) = (fp >> 28, fp & 0x0FFF_FFFF);
                if fi != cur_f {
                    cur_f = fi;
                    put_varint(&mut out.rec, e.tf[fi as usize]);
                    put_varint(&mut out.rec, p);
                } else {
                    put_varint(&mut out.rec, p - prev);
                }
                prev = p;
                o = next;
            }
        } else {
            // A positional term's hits are read from its record when the postings are
            // laid out (`postings::Acc::derive_doc_level`); unigrams have only these.
            let h = FieldHits {
                tf: e.tf,
                first_part: if e.tf[BODY] > 0 {
                    part_of(e.first_body)
                } else {
                    0
                },
            };
            put_hits(&mut out.hits, &h);
        }
        out.keys.push(e.key);
        out.ends.push((out.rec.len() as u32, out.hits.len() as u32));
    }
    out
}

/// Entry indices grouped by postings shard (`key::shard_of_key`, or a word's shard from
/// `word_shards`) into `order`, reused from document to document; returns the end of each
/// shard's group. The shard is computed again in the second pass rather than kept: it is a
/// multiply or an array load.
fn shard_order(ents: &[Ent], word_shards: &[u8], order: &mut Vec<u32>) -> [u32; SHARDS] {
    let shard = |k: TermKey| {
        if kind(k) == KIND_WORD {
            word_shards[(k & 0xFFFF_FFFF) as usize] as usize
        } else {
            shard_of_key(k)
        }
    };
    let mut ends = [0u32; SHARDS];
    for e in ents {
        ends[shard(e.key)] += 1;
    }
    let mut at = [0u32; SHARDS];
    let mut sum = 0;
    for s in 0..SHARDS {
        at[s] = sum;
        sum += ends[s];
        ends[s] = sum;
    }
    order.clear();
    order.resize(ents.len(), 0);
    for (i, e) in ents.iter().enumerate() {
        let s = shard(e.key);
        order[at[s] as usize] = i as u32;
        at[s] += 1;
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::codec::{get_pos_posting, put_varint};
    use crate::search::key::{key_text, KIND_UNI};
    use crate::search::normalize::normalize;
    use crate::search::tokenize::terms;

    /// Unigram hits (derived from the bigrams' counts, plus the last character of each
    /// run) against a plain count of every Cjk character of every field.
    #[test]
    fn unigram_hits_match_a_plain_count() {
        use crate::search::codec::{put_hits, FieldHits};
        use crate::search::tokenize::{runs, RunKind};
        let long = "窓口の手続きを見直す。".repeat(150) + "𠮷野家と𠮷𠮷";
        let fields = [
            normalize("窓口DX「手上げ」窓"),
            normalize("福井県 あわら市 窓口"),
            normalize("𠮷 手 手手"),
            normalize(&format!("手上げ方式の窓口。{long} 最後の窓")),
        ];
        let mut want: std::collections::BTreeMap<char, FieldHits> = Default::default();
        for (f, text) in fields.iter().enumerate() {
            for run in runs(text).iter().filter(|t| t.kind == RunKind::Cjk) {
                for (i, c) in run.text.chars().enumerate() {
                    let h = want.entry(c).or_default();
                    if f == BODY && h.tf[BODY] == 0 {
                        h.first_part = part_of(run.pos + i as u32);
                    }
                    h.tf[f] += 1;
                }
            }
        }
        let d = analyze(&fields, &mut Scratch::default());
        let mut got = std::collections::BTreeMap::new();
        let mut start = 0usize;
        for (k, &(_, end)) in d.keys.iter().zip(&d.ends) {
            if kind(*k) == KIND_UNI {
                let c = key_text(*k).chars().next().unwrap();
                got.insert(c, d.hits[start..end as usize].to_vec());
            }
            start = end as usize;
        }
        assert_eq!(got.len(), want.len());
        for (c, h) in &want {
            let mut bytes = vec![];
            put_hits(&mut bytes, h);
            assert_eq!(got.get(c), Some(&bytes), "{c}: {h:?}");
        }
    }

    #[test]
    fn same_terms_as_tokenize() {
        for s in [
            "窓口DXと130万件の「手上げ」",
            "DX化の第2期 e-Gov",
            "ａｂ",
            "手",
            "",
            "i\u{307}x",
            "a窓b口c 窓口dx化",
        ] {
            let mut want: Vec<(String, u32)> =
                terms(s).into_iter().map(|t| (t.key, t.pos)).collect();
            want.sort();
            let fields = [normalize(s), String::new(), String::new(), String::new()];
            let d = analyze(&fields, &mut Scratch::default());
            let mut got: Vec<(String, u32)> = Vec::new();
            let mut start = 0usize;
            for (k, &(end, _)) in d.keys.iter().zip(&d.ends) {
                let rec = &d.rec[start..end as usize];
                start = end as usize;
                if kind(*k) == KIND_UNI {
                    assert!(rec.is_empty());
                    continue;
                }
                let key = if kind(*k) == KIND_WORD {
                    d.words[(*k & 0xFFFF_FFFF) as usize].clone()
                } else {
                    key_text(*k)
                };
                let mut p = vec![];
                put_varint(&mut p, 1);
                put_varint(&mut p, 0);
                p.extend_from_slice(rec);
                for (_, fp) in get_pos_posting(&p, 1).unwrap() {
                    got.extend(fp[0].iter().map(|&x| (key.clone(), x)));
                }
            }
            got.sort();
            assert_eq!(got, want, "{s}");
        }
    }
}
