//! Full-text search: the static index that `themes/default/static/assets/search.js` reads.
//!
//! Every query of one or more characters finds exactly the documents whose normalised text
//! contains it (ASCII words and numbers as whole words), ranked with BM25F and field
//! weights, with few bytes over the network. See `src/search/FORMAT.md` for the file formats and
//! the reasoning; in short:
//!
//! - `search/manifest.json`: loaded once; document count, bucket count, ranking settings,
//!   facet dictionaries with counts.
//! - `search/docs.bin`: category and population columns, body lengths (first search).
//! - `search/prefs.bin`: prefecture column (on demand).
//! - `search/k/<b>.bin`: term buckets (fnv1a of the term); small postings inline.
//! - `search/t/<id>.bin`: large postings, fetched only when needed.
//! - `search/tags.bin`: tag facet (on demand).
//! - `search/d/<k>.json` (records of 4 docs), `search/b/<id>-<k>.txt`: what the shown hits
//!   display.
//!
//! `IndexBuilder` builds it from documents given one at a time (`build_index` is a sort, `add`
//! for each, `finish`).
//!
//! Modules, each using only the ones listed after its arrow (the graph has no cycle; this
//! root only declares them, re-exports the API and holds the ranking settings):
//!
//! - leaves: `codec` (varints, doc sets, hits), `hash`, `normalize`, `doc` (`SearchDoc` and
//!   the doc order), `key` (packed term keys, postings shards), `sink` (the files made so
//!   far, `t/` ids), `ranking`
//! - `tokenize` → normalize
//! - `fields` → codec, doc, normalize
//! - `display` → doc, fields
//! - `facets` → codec, doc
//! - `term` (one term's encoded postings) → codec
//! - `grams` → codec, display, hash, term, tokenize
//! - `analyze` → codec, display, grams, hash, key, tokenize
//! - `postings` → analyze, codec, display, hash, key, sink, term
//! - `layout` → codec, hash, sink, term
//! - `builder` (`IndexBuilder`) → analyze, codec, display, doc, facets, fields, grams, hash,
//!   layout, normalize, postings, ranking, sink
//! - with the `dev` feature only: `synth` → doc; `query` → codec, display, facets, layout,
//!   normalize, tokenize

mod analyze;
mod builder;
pub mod codec;
mod display;
mod doc;
pub mod facets;
mod fields;
mod grams;
pub mod hash;
mod key;
pub mod layout;
pub mod normalize;
mod postings;
#[cfg(feature = "dev")]
pub mod query;
mod sink;
#[cfg(feature = "dev")]
pub mod synth;
mod term;
pub mod tokenize;

pub use builder::IndexBuilder;
pub use display::{PART_CHARS, PART_OVERLAP};
pub use doc::{doc_order, order_key, order_key_of, SearchDoc};
pub use grams::GramParams;
pub use normalize::normalize;
pub use tokenize::{terms, tokenize, RunKind, Term, Token};

/// Ranking settings, written to the manifest so that the script ranks like the tests.
pub mod ranking {
    /// Field weights: title, meta (municipality, prefecture, categories, tags), summary, body.
    pub const WEIGHTS: [f64; 4] = [5.0, 3.0, 2.0, 1.0];
    pub const K1: f64 = 1.2;
    /// Length normalisation, body only (the other fields are short and similar in length).
    pub const B: f64 = 0.75;
    /// Extra score, times the word's idf, when the word is in the title.
    pub const TITLE_BONUS: f64 = 0.5;
    /// Extra score, times the words' idf, when all words of a query of several words are in
    /// one short field (title, meta or summary).
    pub const FIELD_PHRASE_BONUS: f64 = 0.3;
}

/// Files of the search index, paths relative to the output root (all under "search/").
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_index_with(docs, GramParams::for_docs(docs.len()))
}

/// `build_index` with explicit n-gram settings (benchmarks and tests).
pub fn build_index_with(docs: &[SearchDoc], gp: GramParams) -> Vec<(String, Vec<u8>)> {
    let mut ordered: Vec<&SearchDoc> = docs.iter().collect();
    ordered.sort_by(|a, b| doc_order(a, b));
    let mut b = IndexBuilder::new(gp);
    for d in ordered {
        b.add(d);
    }
    b.finish()
}
