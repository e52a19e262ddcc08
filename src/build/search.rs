//! The search index in a build: what it reads of each case, and the two ways it is made.
//!
//! - In the first run (a clean build), it is built beside the pages on a thread of its own,
//!   fed each case's plain text as its page is rendered, in model order ([`Streamed`]).
//! - In the authoring loop, it depends on every case, so after the first run it is rebuilt
//!   in the background, only when what it reads changed, from the plain texts the engine
//!   keeps; a newer run voids an older one ([`Background`]). The pages land first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::written::file_fingerprint;
use crate::content::schema::{Search, Value};
use crate::model::{CaseModel, Model};
use crate::output::{self, OutputFile};
use crate::search;

/// What the search index reads of a case, with its body's plain text: each field the
/// schema gives a search role, as shown.
pub fn doc<'a>(cm: &'a CaseModel, plain: &'a str) -> search::SearchDoc<'a> {
    let mut d = search::SearchDoc {
        url: cm.route.dir(),
        body: plain,
        ..Default::default()
    };
    for (field, value) in cm.shown() {
        match (field.search, value) {
            (Search::Title, Value::Text(t)) => d.title = t,
            (Search::Summary, Value::Text(t)) => d.summary = t,
            (Search::Municipality, Value::Text(t)) => d.municipality = t,
            (Search::Prefecture, Value::Text(t)) => d.prefecture = t,
            (Search::Published, Value::Text(t)) => d.published = t,
            (Search::Categories, Value::List(l)) => d.categories = l,
            (Search::Tags, Value::List(l)) => d.tags = l,
            (Search::Population, Value::Count(n)) => d.population = n,
            (Search::Keywords, Value::Text(t) | Value::Optional(Some(t))) => d.keywords.push(t),
            (Search::Keywords, Value::List(l)) => d.keywords.extend(l.iter().map(String::as_str)),
            _ => {}
        }
    }
    d
}

/// Fingerprint of everything the index reads: each case's document as `doc` makes it (so
/// a field given a search role counts without being listed here) and the fingerprint of
/// its body.
pub fn inputs_fingerprint(model: &Model) -> u64 {
    let docs: Vec<(search::SearchDoc, u64)> = model
        .cases
        .iter()
        .map(|cm| (doc(cm, ""), cm.case.body_fp))
        .collect();
    crate::fingerprint::of(&docs)
}

/// The index of all cases, from their plain texts (by case, model order).
pub fn files(cases: &[CaseModel], plain: &[Arc<str>]) -> Vec<OutputFile> {
    let docs: Vec<search::SearchDoc> = cases.iter().zip(plain).map(|(cm, p)| doc(cm, p)).collect();
    search::build_index(&docs)
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes))
        .collect()
}

/// The index built beside the pages: documents go in as their pages are rendered.
pub struct Streamed {
    builder: search::IndexBuilder,
    /// For `benches/peers.sh` only: a build without the index, to measure the index's
    /// share of a build. The site it makes has no working search.
    skip: bool,
}

impl Streamed {
    pub fn new(cases: usize) -> Self {
        Streamed {
            builder: search::IndexBuilder::new(search::GramParams::for_docs(cases)),
            skip: std::env::var_os("YOKOTEN_SKIP_SEARCH_INDEX").is_some(),
        }
    }

    /// Add the cases of one batch (model order), and take the index files finished so far.
    pub fn add(&mut self, cases: &[CaseModel], batch: &[(usize, Arc<str>)]) -> Vec<OutputFile> {
        if !self.skip {
            for (i, plain) in batch {
                self.builder.add(&doc(&cases[*i], plain));
            }
        }
        as_files(self.builder.drain_files())
    }

    /// The rest of the index, once every case is in.
    pub fn finish(self) -> Vec<OutputFile> {
        as_files(self.builder.finish())
    }
}

fn as_files(files: Vec<(String, Vec<u8>)>) -> Vec<OutputFile> {
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes))
        .collect()
}

/// The index rebuilt in the background by the authoring loop.
#[derive(Default)]
pub struct Background {
    /// Fingerprint of what the index on disk was made from.
    pub inputs_fp: u64,
    generation: Arc<AtomicU64>,
    /// The index's files on disk, with their fingerprints.
    written: Arc<Mutex<HashMap<String, u64>>>,
    /// A run could not write all its files: the next run builds the index again.
    failed: Arc<AtomicBool>,
    /// The newest run, waited for when the session ends.
    latest: Option<std::thread::JoinHandle<()>>,
    pub on_done: Option<Arc<dyn Fn(String) + Send + Sync>>,
}

impl Background {
    /// The index files a clean build wrote, as the starting point.
    pub fn record(&mut self, files: impl IntoIterator<Item = (String, u64)>, inputs_fp: u64) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = files.into_iter().collect();
        self.inputs_fp = inputs_fp;
    }

    /// The index's files on disk, with their fingerprints.
    pub fn files(&self) -> Vec<(String, u64)> {
        let w = self.written.lock().unwrap_or_else(|e| e.into_inner());
        w.iter().map(|(p, fp)| (p.clone(), *fp)).collect()
    }

    /// Whether the index must be made again for inputs of fingerprint `fp`.
    pub fn stale(&self, fp: u64) -> bool {
        fp != self.inputs_fp || self.failed.load(Ordering::SeqCst)
    }

    /// Wait for the newest run (the session is ending).
    pub fn finish(&mut self) {
        if let Some(t) = self.latest.take() {
            let _ = t.join();
        }
    }

    /// Build the index of `cases` on a low-priority thread, and write what changed of it
    /// into `out` when done (unless a newer run has started by then).
    pub fn spawn(
        &mut self,
        out: &Path,
        cases: Arc<Vec<CaseModel>>,
        plain: Vec<Arc<str>>,
        inputs_fp: u64,
        started: Instant,
    ) {
        self.inputs_fp = inputs_fp;
        self.failed.store(false, Ordering::SeqCst);
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let current = self.generation.clone();
        let written = self.written.clone();
        let failed_flag = self.failed.clone();
        let out: PathBuf = out.to_path_buf();
        let on_done = self.on_done.clone();
        let handle = std::thread::spawn(move || {
            let files = background_pool().install(|| files(&cases, &plain));
            if current.load(Ordering::SeqCst) != generation {
                return; // a newer edit has started a newer index
            }
            let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
            if current.load(Ordering::SeqCst) != generation {
                return;
            }
            let mut fresh: HashMap<String, u64> = files
                .iter()
                .map(|f| (f.path.clone(), file_fingerprint(f)))
                .collect();
            let changed: Vec<OutputFile> = files
                .into_iter()
                .filter(|f| w.get(&f.path) != fresh.get(&f.path))
                .collect();
            let stale: Vec<String> = w
                .keys()
                .filter(|p| !fresh.contains_key(*p))
                .cloned()
                .collect();
            let mut failed = output::write_in_place(&out, &changed);
            let not_removed = output::remove_in_place(&out, &stale);
            // What is on disk: failed writes unknown (written again), failed removals kept.
            for f in &failed {
                fresh.remove(&f.path);
            }
            for f in &not_removed {
                fresh.insert(f.path.clone(), w.get(&f.path).copied().unwrap_or(0));
            }
            failed.extend(not_removed);
            *w = fresh;
            let line = if failed.is_empty() {
                crate::messages::cli::search_updated(
                    changed.len(),
                    stale.len(),
                    started.elapsed().as_secs_f64() * 1000.0,
                )
            } else {
                failed_flag.store(true, Ordering::SeqCst);
                super::write_failures(&out, &failed).render(false)
            };
            if let Some(f) = on_done {
                f(line);
            }
        });
        self.latest = Some(handle);
    }
}

/// Threads for the background search index, at the lowest CPU priority: on two cores an
/// index build of several seconds must not slow down the next edit's rebuild, which is
/// what the editor is waiting for.
fn background_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("search-index-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .unwrap_or_else(|_| {
                // Without threads of its own, the index shares the build's.
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .build()
                    .expect("a one-thread pool")
            })
    })
}

/// Nice the calling thread to 19 (Linux schedules threads one by one; elsewhere this does
/// nothing rather than lower the whole process).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take no pointers; a failure leaves the priority as is.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}
