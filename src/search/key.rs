//! Term keys of one document packed in a `u64` (the analysis allocates nothing per term),
//! and the postings shard of a key.

/// Key kinds, in the top two bits of a `TermKey`.
pub const KIND_BIGRAM: u64 = 0;
pub const KIND_UNI: u64 = 1 << 62;
pub const KIND_WORD: u64 = 2 << 62;
const KIND_MASK: u64 = 3 << 62;

/// A term of one document: a bigram (`a << 21 | b`), a single Cjk character (`KIND_UNI |
/// c`), or a word or joint term (`KIND_WORD | index` into `analyze::DocTerms::words`).
pub type TermKey = u64;

pub fn bigram_key(a: char, b: char) -> TermKey {
    KIND_BIGRAM | ((a as u64) << 21) | b as u64
}

pub fn uni_key(c: char) -> TermKey {
    KIND_UNI | c as u64
}

pub fn kind(k: TermKey) -> u64 {
    k & KIND_MASK
}

/// The character in the low 21 bits of `v`.
fn low_char(v: u64) -> char {
    char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}')
}

/// The first character of a bigram key.
pub fn bigram_first(k: TermKey) -> char {
    low_char(k >> 21)
}

/// The text of a bigram or unigram key.
pub fn key_text(k: TermKey) -> String {
    match kind(k) {
        KIND_UNI => low_char(k).to_string(),
        _ => [bigram_first(k), low_char(k)].iter().collect(),
    }
}

/// Terms are split into this many shards by a hash of their key, so that the documents of
/// a batch are merged into the shards in parallel (one thread merging every term was the
/// index's serial stage, and kept a core idle whenever the pages waited for the index).
pub const SHARDS: usize = 8;

/// The shard of a bigram or unigram key; a word's is the shard of a hash of its text (see
/// `analyze`). Fixed, not seeded: the shards decide the numbering of `t/` files, which must
/// be the same in every build; keys chosen to share a shard only unbalance the shards.
#[inline]
pub fn shard_of_key(k: TermKey) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHARDS.trailing_zeros())) as usize
}
