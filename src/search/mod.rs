//! Full-text search: the static index that `themes/default/static/assets/search.js` reads.
//!
//! Every query of one or more characters finds exactly the documents whose normalised text
//! contains it (ASCII words and numbers as whole words), ranked with BM25F and field
//! weights, with few bytes over the network. See `src/search/FORMAT.md` for the file formats and
//! the reasoning; in short:
//!
//! - `search/manifest.json`: loaded once; document count, bucket count, ranking settings,
//!   facet dictionaries with counts.
//! - `search/docs.bin`: facet columns and body lengths (first search).
//! - `search/k/<b>.bin`: term buckets (fnv1a of the term); small postings inline.
//! - `search/t/<id>.bin`: large postings, fetched only when needed.
//! - `search/tags.bin`: tag facet (on demand).
//! - `search/d/<id>.json`, `search/b/<id>-<k>.txt`: what the shown hits display.

mod analyze;
pub mod codec;
mod display;
pub mod facets;
mod fields;
mod grams;
pub mod hash;
pub mod layout;
pub mod normalize;
mod postings;
pub mod query;
#[doc(hidden)]
pub mod synth;
pub mod tokenize;

pub use display::{PART_CHARS, PART_OVERLAP};
pub use grams::GramParams;
pub use normalize::normalize;
pub use tokenize::{terms, tokenize, RunKind, Term, Token};

use rayon::prelude::*;
use serde_json::json;

/// One case, as the search index sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    /// Root-relative to the site, without base path: "cases/awara/".
    pub url: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub municipality: &'a str,
    pub prefecture: &'a str,
    pub categories: &'a [String],
    pub tags: &'a [String],
    /// Plain text of the body.
    pub body: &'a str,
    /// "YYYY-MM-DD"
    pub published: &'a str,
    pub population: Option<u64>,
}

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
    // Doc ids in date order, newest first: ties in score then fall back to the id, which is
    // the order the issue asks for, and the script needs no dates to rank.
    // YOKOTEN_SEARCH_TIMING=1 prints how long each stage takes (to stderr).
    let timing = std::env::var_os("YOKOTEN_SEARCH_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("search index: {what} at {:.2}s", t0.elapsed().as_secs_f64());
        }
    };
    let mut ordered: Vec<&SearchDoc> = docs.iter().collect();
    ordered.sort_by(|a, b| b.published.cmp(a.published).then(a.url.cmp(b.url)));
    let n = ordered.len() as u32;

    let fields: Vec<[String; codec::FIELDS]> =
        ordered.par_iter().map(|d| fields::doc_fields(d)).collect();

    let mut post = postings::Postings::default();
    let mut body_chars = Vec::with_capacity(ordered.len());
    // Batches bound the memory held by per-document term lists.
    let mut analyse_time = std::time::Duration::ZERO;
    for (b, batch) in fields.chunks(512).enumerate() {
        let ta = std::time::Instant::now();
        let analysed: Vec<_> = batch.par_iter().map(analyze::analyze).collect();
        analyse_time += ta.elapsed();
        for (i, t) in analysed.into_iter().enumerate() {
            body_chars.push(t.lens[codec::BODY]);
            post.add((b * 512 + i) as u32, t);
        }
    }
    if timing {
        eprintln!(
            "search index: of which analysis {:.2}s",
            analyse_time.as_secs_f64()
        );
    }
    lap("terms");
    let mut terms = post.finish(n);
    lap("postings");
    let (gram_terms, aliases) = grams::mine(&fields, gp);
    let grams_indexed = gram_terms.len() + aliases.len();
    lap("grams");
    terms.extend(gram_terms);
    drop(fields);

    let (buckets, mut files) = layout::layout(terms, aliases);

    lap("layout");
    let f = facets::dictionaries(&ordered);
    files.push((
        "search/docs.bin".into(),
        facets::docs_bin(&ordered, &f, &body_chars),
    ));
    files.push(("search/tags.bin".into(), facets::tags_bin(&ordered, &f)));
    let display: Vec<_> = ordered
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| display::display_files(i as u32, d))
        .collect();
    files.extend(display);
    lap("display");

    let avg_body = if n == 0 {
        0.0
    } else {
        body_chars
            .iter()
            .map(|&c| facets::BODY_LEN[facets::body_len_code(c) as usize] as f64)
            .sum::<f64>()
            / n as f64
    };
    // A content hash, appended as `?v=` to every fetch, so caches never mix two builds.
    let mut h = hash::FxHasher::default();
    for (p, b) in &files {
        std::hash::Hasher::write(&mut h, p.as_bytes());
        std::hash::Hasher::write(&mut h, b);
    }
    let manifest = json!({
        "version": 1,
        "id": format!("{:016x}", std::hash::Hasher::finish(&h)),
        "docs": n,
        "buckets": buckets,
        "grams": {"min_len": 3, "max_len": gp.max_len, "min_df": gp.min_df, "indexed": grams_indexed},
        "part_chars": PART_CHARS,
        "avg_body": avg_body,
        "ranking": {
            "weights": ranking::WEIGHTS, "k1": ranking::K1, "b": ranking::B,
            "title_bonus": ranking::TITLE_BONUS, "field_phrase_bonus": ranking::FIELD_PHRASE_BONUS,
        },
        "facets": facets::manifest_json(&ordered, &f),
    });
    files.push((
        "search/manifest.json".into(),
        manifest.to_string().into_bytes(),
    ));
    files
}
