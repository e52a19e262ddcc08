//! `IndexBuilder`: documents in, one at a time, index files out. Documents are analysed in
//! parallel batches; each batch is merged into the postings and the gram stage while the
//! next one is analysed; `finish` lays out the terms and writes the facet columns and the
//! manifest.

use super::analyze;
use super::codec;
use super::display::{self, PART_CHARS};
use super::doc::{order_key, order_key_of, OwnedDoc, SearchDoc};
use super::facets;
use super::fields;
use super::grams::{self, GramParams};
use super::hash;
use super::layout;
use super::manifest::{self, Manifest};
use super::normalize;
use super::pack;
use super::postings;
use super::sink::Sink;
use rayon::prelude::*;

fn hash_into(h: &mut hash::FxHasher, files: &[(String, Vec<u8>)]) {
    for (p, b) in files {
        std::hash::Hasher::write(h, p.as_bytes());
        std::hash::Hasher::write(h, b);
    }
}

/// What the facets need of a document (owned: the builder keeps it to the end).
struct FacetDoc {
    prefecture: String,
    categories: Vec<String>,
    tags: Vec<String>,
    population: Option<u64>,
}

/// Documents analysed together (in parallel); memory held by the builder besides the
/// index is about one batch of documents.
const BATCH: usize = 256;

/// Builds the search index from documents given one at a time, so the caller need not
/// hold every body at once:
///
/// ```ignore
/// let mut b = search::IndexBuilder::new(search::GramParams::for_docs(cases.len()));
/// // cases sorted by search::order_key_of(published, url) (newest first, then url)
/// for case in &cases {
///     let body = render_plain(case);           // only this case's body in memory
///     b.add(&search::SearchDoc { body: &body, .. });
/// }
/// let files = b.finish();                      // (path under "search/", bytes)
/// ```
///
/// Documents must come in `doc_order` (their doc ids are 0, 1, 2, ... in the order added);
/// `GramParams::for_docs(n)` takes the number of documents expected.
pub struct IndexBuilder {
    gp: GramParams,
    batch: Vec<OwnedDoc>,
    added: u32,
    post: postings::Postings,
    grams: grams::Grams,
    body_chars: Vec<usize>,
    facet_docs: Vec<FacetDoc>,
    packer: display::Packer,
    sink: Sink,
    /// The last batch analysed, merged while the next one is analysed.
    analysed: Option<(u32, Vec<Analysed>)>,
    hash: hash::FxHasher,
    last_key: Option<(String, String)>,
    analyse_secs: f64,
    merge_secs: f64,
    started: std::time::Instant,
}

/// One analysed document: its terms, its gram walk (once candidates are known), its
/// display record and body parts.
type Analysed = (
    analyze::DocTerms,
    Option<grams::DocGrams>,
    String,
    Vec<String>,
);

/// Analyses documents in parallel.
fn analyse(batch: Vec<OwnedDoc>, auto: Option<&grams::Automaton>) -> Vec<Analysed> {
    thread_local! {
        // One set of buffers per thread for the whole build: `map_init` would make new
        // ones for every piece of work rayon splits a batch into (a 256 KB table each).
        static WORK: std::cell::RefCell<Work> = std::cell::RefCell::default();
    }
    // Buffers grown by a body larger than this are dropped after it, not kept for the
    // thread's life (the `serve` process lives for hours).
    const KEEP_AFTER: usize = 1 << 20;
    batch
        .into_par_iter()
        .map(|p| {
            WORK.with_borrow_mut(|w| {
                let d = p.as_search_doc();
                let body_nfkc = normalize::is_nfkc(d.body);
                fields::doc_fields_into(&d, body_nfkc, &mut w.fields);
                let (record, parts) = display::display_record(&d, body_nfkc);
                let mut terms = analyze::analyze(&w.fields, &mut w.scratch);
                let walked = auto.map(|a| a.walk(&std::mem::take(&mut terms.pieces), &mut w.walk));
                if d.body.len() > KEEP_AFTER {
                    *w = Work::default();
                }
                (terms, walked, record, parts)
            })
        })
        .collect()
}

/// Per-thread buffers of the analysis.
#[derive(Default)]
struct Work {
    scratch: analyze::Scratch,
    fields: [String; codec::FIELDS],
    walk: grams::WalkScratch,
}

impl IndexBuilder {
    pub fn new(gp: GramParams) -> IndexBuilder {
        IndexBuilder {
            gp,
            batch: Vec::with_capacity(BATCH),
            added: 0,
            post: postings::Postings::default(),
            grams: grams::Grams::new(gp),
            body_chars: Vec::new(),
            facet_docs: Vec::new(),
            packer: display::Packer::default(),
            sink: Sink::default(),
            analysed: None,
            hash: hash::FxHasher::default(),
            last_key: None,
            analyse_secs: 0.0,
            merge_secs: 0.0,
            started: std::time::Instant::now(),
        }
    }

    /// Number of documents added so far.
    pub fn len(&self) -> usize {
        self.added as usize
    }

    pub fn is_empty(&self) -> bool {
        self.added == 0
    }

    /// Adds the next document (doc id = number of documents added before it).
    pub fn add(&mut self, d: &SearchDoc) {
        debug_assert!(
            self.last_key
                .as_ref()
                .is_none_or(|(p, u)| order_key_of(p, u) <= order_key(d)),
            "IndexBuilder::add: documents must come in search::doc_order"
        );
        if cfg!(debug_assertions) {
            self.last_key = Some((d.published.to_string(), d.url.to_string()));
        }
        self.facet_docs.push(FacetDoc {
            prefecture: d.prefecture.to_string(),
            categories: d.categories.to_vec(),
            tags: d.tags.to_vec(),
            population: d.population,
        });
        self.batch.push(OwnedDoc::new(d));
        self.added += 1;
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }

    /// Analyses the batch in parallel while the previous batch is merged.
    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        let first = self.added - batch.len() as u32;
        let auto = self.grams.automaton();
        let prev = self.analysed.take();
        let (analysed, ()) = rayon::join(
            || {
                let t = std::time::Instant::now();
                let a = analyse(batch, auto.as_deref());
                (a, t.elapsed().as_secs_f64())
            },
            || {
                if let Some(p) = prev {
                    self.merge(p);
                }
            },
        );
        self.analyse_secs += analysed.1;
        self.analysed = Some((first, analysed.0));
    }

    /// Adds analysed documents to the index, in doc order.
    fn merge(&mut self, (first, analysed): (u32, Vec<Analysed>)) {
        let t = std::time::Instant::now();
        let all: Vec<&analyze::DocTerms> = analysed.iter().map(|a| &a.0).collect();
        self.post.add_batch(first, &all, &mut self.sink);
        for (i, (mut terms, walked, record, parts)) in analysed.into_iter().enumerate() {
            let doc = first + i as u32;
            self.body_chars.push(terms.lens[codec::BODY]);
            self.grams
                .add(doc, std::mem::take(&mut terms.pieces), walked);
            let offsets: Vec<u32> = parts
                .iter()
                .map(|p| self.sink.body_part(p.as_bytes()))
                .collect();
            let offset = offsets.first().copied().unwrap_or(0);
            let lens: Vec<u32> = parts.iter().map(|p| p.len() as u32).collect();
            let record = display::with_body(&record, offset, &lens);
            self.packer.push(record, &mut self.sink.files);
        }
        self.merge_secs += t.elapsed().as_secs_f64();
    }

    /// Files already complete (display records, body parts, full blocks of positions),
    /// taken out of the builder: a caller that writes them now, batch by batch, keeps
    /// the builder's memory to the postings that are still growing. `finish` returns the
    /// others.
    pub fn drain_files(&mut self) -> Vec<(String, Vec<u8>)> {
        if let Some(p) = self.analysed.take() {
            self.merge(p);
        }
        let files = std::mem::take(&mut self.sink.files);
        self.hash_files(&files);
        files
    }

    /// The content hash covers every file, in the order they are made.
    fn hash_files(&mut self, files: &[(String, Vec<u8>)]) {
        hash_into(&mut self.hash, files);
    }

    /// The index files (paths under "search/") not taken by `drain_files`.
    pub fn finish(mut self) -> Vec<(String, Vec<u8>)> {
        self.flush();
        if let Some(p) = self.analysed.take() {
            self.merge(p);
        }
        self.packer.finish(&mut self.sink.files);
        // YOKOTEN_SEARCH_TIMING=1 prints how long each stage takes (to stderr).
        let timing = std::env::var_os("YOKOTEN_SEARCH_TIMING").is_some();
        let t0 = self.started;
        let lap = |what: &str| {
            if timing {
                crate::errln!(
                    "search index: {what} at {:.2}s (memory {:.0} MB, peak {:.0} MB)",
                    t0.elapsed().as_secs_f64(),
                    crate::timing::rss_mb(),
                    crate::timing::peak_mb()
                );
            }
        };
        if timing {
            crate::errln!(
                "search index: {} docs added at {:.2}s (analysis {:.2}s, merge {:.2}s, gram mining {:.2}s), postings {} MB",
                self.added,
                t0.elapsed().as_secs_f64(),
                self.analyse_secs,
                self.merge_secs,
                self.grams.mine_secs,
                self.post.heap_bytes() / 1_000_000
            );
        }
        lap("finish starts");
        let n = self.added;
        let gp = self.gp;
        let grams = std::mem::replace(&mut self.grams, grams::Grams::new(gp));
        let (gram_terms, aliases, grams_indexed) = grams.finish(n);
        lap("grams");
        let post = std::mem::take(&mut self.post);
        let mut terms = post.finish(n, &mut self.sink);
        lap("postings");
        terms.extend(gram_terms);
        let buckets = layout::layout(terms, aliases, &mut self.sink);
        self.sink.finish();
        let mut files = std::mem::take(&mut self.sink.files);
        lap("layout");

        let docs: Vec<SearchDoc> = self
            .facet_docs
            .iter()
            .map(|f| SearchDoc {
                prefecture: &f.prefecture,
                categories: &f.categories,
                tags: &f.tags,
                population: f.population,
                ..Default::default()
            })
            .collect();
        let ordered: Vec<&SearchDoc> = docs.iter().collect();
        let body_chars = &self.body_chars;
        let f = facets::dictionaries(&ordered);
        files.push((
            "search/docs.bin".into(),
            facets::docs_bin(&ordered, &f, body_chars),
        ));
        files.push(("search/prefs.bin".into(), facets::prefs_bin(&ordered, &f)));
        files.push(("search/tags.bin".into(), facets::tags_bin(&ordered, &f)));

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
        let mut h = self.hash;
        hash_into(&mut h, &files);
        let manifest = Manifest {
            avg_body,
            buckets,
            docs: n,
            facets: facets::manifest_facets(&ordered, &f),
            grams: manifest::Grams {
                indexed: grams_indexed,
                max_len: gp.max_len,
                min_df: gp.min_df,
                min_len: 3,
            },
            id: format!("{:016x}", std::hash::Hasher::finish(&h)),
            pack_bytes: pack::PACK_BYTES,
            part_chars: PART_CHARS,
            ranking: manifest::Ranking::DEFAULT,
            version: manifest::VERSION,
        };
        let manifest = serde_json::to_vec(&manifest).expect("the manifest is plain data");
        files.push(("search/manifest.json".into(), manifest));
        lap("display");
        files
    }
}
