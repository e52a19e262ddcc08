//! Hashing in the index build: three needs, three hashes.
//!
//! - `fnv1a` routes a term to its bucket file. It is part of the format: `search.js`
//!   computes the same function over the UTF-8 bytes of the term.
//! - `FxHasher` (rustc-hash) where a hash must come out the same in every build: the
//!   content id of the manifest, and the postings shard of a word (the shards decide the
//!   order in which `t/` files are numbered). None of these is a hash map: keys that
//!   collide there cost nothing but a shard's share of the work.
//! - `Map`, the build's hash maps: foldhash, seeded at random. Their keys are words, bigrams
//!   and grams of the content, which anyone can propose in a pull request; with a hash
//!   known in advance, keys chosen to collide would make a build quadratic. A random seed
//!   changes no output: maps are only looked up (ids are given in insertion order), never
//!   iterated into a file. (The analysis' per-document key table, `analyze::KeyTable`, is
//!   its own, for speed, and seeded too.)

pub use foldhash::fast::RandomState;
pub use rustc_hash::FxHasher;
use std::hash::Hasher;

/// 32-bit FNV-1a of bytes.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The Fx hash of a string's bytes: the same in every build.
pub fn fx_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// A hash map with a random seed (see the module comment).
pub type Map<K, V> = std::collections::HashMap<K, V, RandomState>;

#[cfg(test)]
mod tests {
    #[test]
    fn fnv_known_values() {
        assert_eq!(super::fnv1a(b""), 0x811c_9dc5);
        assert_eq!(super::fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(
            super::fnv1a("手上".as_bytes()),
            super::fnv1a("手上".as_bytes())
        );
    }
}
