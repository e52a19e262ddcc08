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
//! - Records packed into 256 KB files, read with HTTP Range requests (see `pack`):
//!   `search/k/` term buckets (fnv1a of the term; small postings inline, table in `ki/`),
//!   `search/t/` large postings, fetched only when needed, `search/d/` display records (one
//!   a document, table in `di/`) and `search/b/` body parts: what the shown hits display.
//! - `search/tags.bin`: tag facet (on demand).
//!
//! `IndexBuilder` builds it from documents given one at a time (`build_index` is a sort, `add`
//! for each, `finish`).
//!
//! Modules, each using only the ones listed after its arrow (the graph has no cycle; this
//! root only declares them and re-exports the API):
//!
//! - leaves: `codec` (varints, doc sets, hits), `hash`, `normalize`, `doc` (`SearchDoc` and
//!   the doc order), `key` (packed term keys, postings shards), `pack` (a stream of records
//!   cut into pack files)
//! - `sink` (the files made so far, the `t/` and `b/` packs) → pack
//! - `tokenize` → normalize
//! - `fields` → codec, doc, normalize
//! - `display` → doc, fields, pack
//! - `manifest` (`search/manifest.json`, written and read as one struct) → codec
//! - `facets` → codec, doc, manifest
//! - `term` (one term's encoded postings) → codec
//! - `grams` → codec, display, hash, term, tokenize
//! - `analyze` → codec, display, grams, hash, key, tokenize
//! - `postings` → analyze, codec, display, hash, key, sink, term
//! - `layout` → codec, hash, pack, sink, term
//! - `builder` (`IndexBuilder`) → analyze, codec, display, doc, facets, fields, grams, hash,
//!   layout, manifest, normalize, pack, postings, sink
//! - with the `dev` feature only: `synth` → doc; `query` → codec, display, facets, layout,
//!   manifest, normalize, pack, tokenize

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
pub mod manifest;
pub mod normalize;
mod pack;
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
