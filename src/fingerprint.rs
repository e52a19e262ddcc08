//! Fingerprints: a 64-bit hash of what an output is made of, so that two builds can tell
//! whether it changed without keeping or comparing the thing itself. Deterministic across
//! runs (std's SipHash with its fixed default keys), so a fingerprint can be kept.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of any hashable value.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The fingerprint of a file's bytes: a fast word-wise hash, for the catalogue files are
/// megabytes at 10,000 cases.
pub fn bytes(b: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(b);
    h.finish()
}
