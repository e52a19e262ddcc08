//! `search/manifest.json`, the file the script loads first: one struct, serialised by the
//! builder and deserialised by the query engine of the tests, so that the two cannot read
//! a field differently.
//!
//! Fields are declared in alphabetical order, which is the order of the keys in the file:
//! serde writes a struct's fields in declaration order, and the manifest was a sorted JSON
//! map before it was a struct, so builds stayed byte for byte the same.

use super::codec;
use serde::{Deserialize, Serialize};

/// Version of the index format, for the script to check (see "Version policy" in
/// FORMAT.md): `search.js` declares the one it reads and refuses any other.
pub const VERSION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Mean body length of the documents, as BM25 sees it (`facets::BODY_LEN` of each
    /// document's length code).
    pub avg_body: f64,
    /// Number of term buckets (records of the `search/k/` packs).
    pub buckets: u32,
    /// Number of documents.
    pub docs: u32,
    pub facets: Facets,
    pub grams: Grams,
    /// Content hash of every other file of the index (16 hex digits); the script fetches
    /// them with `?v=<id>`, so caches never mix two builds.
    pub id: String,
    /// Bytes of a `search/t/` or `search/b/` pack (`pack::PACK_BYTES`): byte `o` of a stream
    /// is in pack `o / pack_bytes`.
    pub pack_bytes: u32,
    /// Characters of a body part (`display::PART_CHARS`).
    pub part_chars: u32,
    pub ranking: Ranking,
    pub version: u32,
}

/// The frequent grams indexed whole (see `grams`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grams {
    /// Number of grams indexed.
    pub indexed: usize,
    /// A query word of `min_len..=max_len` Cjk characters is looked up as a gram first.
    pub max_len: usize,
    pub min_df: u32,
    pub min_len: usize,
}

/// BM25F settings. The index does not depend on them: they are in the manifest so that the
/// script ranks exactly like the Rust query engine of the tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// Length normalisation, body only (the other fields are short and similar in length).
    pub b: f64,
    /// Extra score, times the words' idf, when all words of a query of several words are in
    /// one short field (title, meta or summary).
    pub field_phrase_bonus: f64,
    pub k1: f64,
    /// Extra score, times the word's idf, when the word is in the title.
    pub title_bonus: f64,
    /// Field weights: title, meta (municipality, prefecture, categories, tags), summary, body.
    pub weights: [f64; codec::FIELDS],
}

impl Ranking {
    /// The settings every index is built with.
    pub const DEFAULT: Ranking = Ranking {
        b: 0.75,
        field_phrase_bonus: 0.3,
        k1: 1.2,
        title_bonus: 0.5,
        weights: [5.0, 3.0, 2.0, 1.0],
    };
}

/// The facet dictionaries (see `facets`): value ids are positions in these lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub category: Facet,
    pub pop: PopFacet,
    pub prefecture: Facet,
    /// The tag names are in `tags.bin`, loaded when the tag panel is opened.
    pub tag: TagFacet,
}

/// A facet whose values are listed with their document counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facet {
    pub label: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub count: u32,
    pub name: String,
}

/// The population bands (`facets::POP_BANDS`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopFacet {
    pub label: String,
    pub values: Vec<PopValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopValue {
    pub count: u32,
    /// The value in URLs (`?pop=lt10k`).
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagFacet {
    /// Number of distinct tags.
    pub count: usize,
    pub label: String,
}

#[cfg(test)]
mod tests {
    /// The theme's script must read the format the builder writes.
    #[test]
    fn script_reads_this_version() {
        let js = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/static/assets/search.js"),
        )
        .unwrap();
        let line = js
            .lines()
            .find_map(|l| l.trim().strip_prefix("var FORMAT = "))
            .expect("search.js declares `var FORMAT = N;`");
        assert_eq!(line.trim_end_matches(';'), super::VERSION.to_string());
    }
}
