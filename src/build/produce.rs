//! The pages and write stages of a run, streamed on three threads that meet only through
//! bounded queues: this one renders and link-checks pages batch by batch (each case's body
//! read and rendered with its page), a second builds the search index from the same bodies
//! (in a clean build: in model order, which is the index's document order), a third writes
//! whatever the two produce. On two cores the file system's work and the index fill the
//! gaps in rendering and the other way round.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::links::{self as source_links, Dep, LinkCtx};
use super::search::Streamed;
use super::written::file_fingerprint;
use super::PAGE_BATCH;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{self, BrokenLink};
use crate::markdown::Rendered;
use crate::output::{self, Failed, OutputFile, Staging};
use crate::pages::{inputs, PageJob, Renderer, Sources};
use crate::sources::SiteRoot;
use crate::{interrupt, timing};

/// Batches of files in flight to the writer: enough to keep the disk busy while the next
/// batch renders, few enough to bound memory.
const WRITE_QUEUE: usize = 2;

/// Where a run sends its files, batch by batch, on a thread of its own.
pub trait Sink: Send {
    /// Write a batch; the files that failed (a clean build fails as a whole instead).
    fn write(&mut self, files: &[OutputFile]) -> std::io::Result<Vec<Failed>>;
}

impl Sink for output::Update {
    fn write(&mut self, files: &[OutputFile]) -> std::io::Result<Vec<Failed>> {
        output::Update::write(self, files).map(|()| Vec::new())
    }
}

impl Sink for Staging {
    fn write(&mut self, files: &[OutputFile]) -> std::io::Result<Vec<Failed>> {
        Staging::write(self, files).map(|()| Vec::new())
    }
}

/// The live output folder of the authoring loop: each file written atomically in place.
pub struct Live(pub PathBuf);

impl Sink for Live {
    fn write(&mut self, files: &[OutputFile]) -> std::io::Result<Vec<Failed>> {
        Ok(output::write_in_place(&self.0, files))
    }
}

/// `check`: everything is produced and checked, nothing is written.
pub struct Discard;

impl Sink for Discard {
    fn write(&mut self, _: &[OutputFile]) -> std::io::Result<Vec<Failed>> {
        Ok(Vec::new())
    }
}

/// What a run renders and writes.
pub struct Work<'a> {
    /// Where the bodies are read from.
    pub site: &'a SiteRoot,
    pub renderer: &'a Renderer<'a>,
    pub sources: Sources<'a>,
    pub jobs: &'a [PageJob],
    /// The jobs to render (indices into `jobs`), in job order.
    pub todo: &'a [usize],
    /// Files other than pages to write.
    pub others: Vec<OutputFile>,
    /// Check the internal links of what is written against every path of the site.
    pub check_links: bool,
    /// Build the search index from the rendered bodies (every case must be in `todo`).
    pub stream_search: bool,
    /// Of the jobs in `todo`, the pages to render and write (by job index); the others'
    /// bodies are read for the search index only. `None`: every page of `todo`.
    pub pages: Option<&'a [bool]>,
    /// Keep each rendered case's plain text (for the authoring loop's search index).
    pub keep_plain: bool,
    /// Keep each rendered page's fingerprint (for the next run).
    pub record: bool,
    /// How the links of the bodies resolve.
    pub links: LinkCtx<'a>,
}

/// What a run wrote and found.
#[derive(Default)]
pub struct Produced {
    pub rendered: usize,
    /// Files written (or handed to `check`'s sink) and their bytes.
    pub count: usize,
    pub bytes: u64,
    /// Every file written with its fingerprint (when asked to record).
    pub files: Vec<(String, u64)>,
    /// Every page rendered, with the fingerprint of its inputs.
    pub pages: Vec<(String, u64)>,
    pub failed: Vec<Failed>,
    pub broken: Vec<BrokenLink>,
    /// The search index's files with their fingerprints, when it was built beside the pages.
    pub search: Option<Vec<(String, u64)>>,
    /// The plain text of each rendered case (slug, body fingerprint, text).
    pub plain: Vec<(String, u64, Arc<str>)>,
    /// What the links of each rendered case page rely on, with the hash of its state.
    pub link_deps: Vec<(String, Vec<Dep>, u64)>,
}

/// An index file's path, with its fingerprint when the run keeps books (0 otherwise: the
/// paths alone serve the link check).
fn index_entry(f: &OutputFile, record: bool) -> (String, u64) {
    (f.path.clone(), if record { file_fingerprint(f) } else { 0 })
}

fn file_len(f: &OutputFile) -> u64 {
    match &f.body {
        output::Body::Bytes(b) => b.len() as u64,
        output::Body::Copy(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
    }
}

/// What the writer thread did: files with fingerprints (when recording), failures, count
/// and bytes.
#[derive(Default)]
struct Writes {
    files: Vec<(String, u64)>,
    failed: Vec<Failed>,
    count: usize,
    bytes: u64,
}

/// Render, check and write `work`, building the search index beside it when asked.
/// `record`: fingerprint every file written (for the next run).
pub fn run(mut work: Work, sink: &mut dyn Sink, record: bool) -> Result<Produced, Diagnostics> {
    let others = std::mem::take(&mut work.others);
    let stream_search = work.stream_search;
    let cases = &work.sources.model.cases;
    // Each batch says whether its bytes are to be fingerprinted: only files other than
    // pages and the index are ever compared by their bytes (a page by its inputs, the index
    // by what the indexer records), and hashing the whole site would cost a core seconds.
    let (to_writer, writes) = sync_channel::<(Vec<OutputFile>, bool)>(WRITE_QUEUE);
    let (to_index, index_batches) = sync_channel::<Vec<(usize, Arc<str>)>>(1);
    // Set when the pages failed (or Ctrl+C): the index's last and costliest stage is then
    // skipped, since its files would go into a staging folder about to be dropped.
    let abandoned = AtomicBool::new(false);
    let (rendered, written, search) = std::thread::scope(|s| {
        let writer = s.spawn(move || -> std::io::Result<Writes> {
            let mut w = Writes::default();
            for (batch, by_bytes) in writes {
                if record {
                    w.files.extend(batch.iter().map(|f| {
                        let fp = if by_bytes { file_fingerprint(f) } else { 0 };
                        (f.path.clone(), fp)
                    }));
                }
                w.count += batch.len();
                w.bytes += batch.iter().map(file_len).sum::<u64>();
                w.failed.extend(sink.write(&batch)?);
            }
            Ok(w)
        });
        let index_writer = to_writer.clone();
        let abandoned = &abandoned;
        let indexer = s.spawn(move || {
            let mut index = stream_search.then(|| Streamed::new(cases.len()));
            // Time spent indexing, not waiting for the pages.
            let mut busy = Duration::ZERO;
            let mut paths = Vec::new();
            let given_up = || abandoned.load(Ordering::SeqCst) || interrupt::requested();
            for batch in index_batches {
                let Some(index) = index.as_mut() else {
                    continue;
                };
                if given_up() {
                    return None;
                }
                let t = Instant::now();
                let files = index.add(cases, &batch);
                busy += t.elapsed();
                paths.extend(files.iter().map(|f| index_entry(f, record)));
                if index_writer.send((files, false)).is_err() {
                    return None;
                }
            }
            let Some(index) = index else {
                return Some(None);
            };
            if given_up() {
                return None;
            }
            let t = Instant::now();
            let last = index.finish();
            busy += t.elapsed();
            if timing::enabled() {
                crate::errln!(
                    "  search   {:>8.1} ms busy (on its own thread, beside the pages)",
                    busy.as_secs_f64() * 1000.0
                );
            }
            paths.extend(last.iter().map(|f| index_entry(f, record)));
            index_writer.send((last, false)).ok()?;
            Some(Some(paths))
        });
        let rendered = render_all(&work, others, &to_writer, &to_index);
        if rendered.is_err() {
            abandoned.store(true, Ordering::SeqCst);
        }
        // Closing the queues ends the other two threads once they are done.
        drop(to_index);
        let search = indexer.join().expect("the search index thread");
        drop(to_writer);
        let written = writer.join().expect("the writer thread");
        (rendered, written, search)
    });
    let mut produced = rendered?;
    let written = written.map_err(|e| crate::write_error(std::path::Path::new("output"), e))?;
    let search = search.ok_or_else(|| {
        if interrupt::requested() {
            crate::interrupted()
        } else {
            crate::writer_stopped()
        }
    })?;
    if let Some(index) = &search {
        // Pages never link into the index's data files, but a body may: check those links
        // against them now that they exist.
        let paths: HashSet<&str> = index.iter().map(|(p, _)| p.as_str()).collect();
        produced
            .broken
            .retain(|b| !paths.contains(b.target.as_str()));
    }
    produced.search = search;
    produced.files = written.files;
    produced.failed = written.failed;
    produced.count = written.count;
    produced.bytes = written.bytes;
    Ok(produced)
}

/// The page side of [`run`]: render `todo` batch by batch, check links, hand the files to
/// the writer and the bodies' plain text to the index.
fn render_all(
    work: &Work,
    others: Vec<OutputFile>,
    to_writer: &std::sync::mpsc::SyncSender<(Vec<OutputFile>, bool)>,
    to_index: &std::sync::mpsc::SyncSender<Vec<(usize, Arc<str>)>>,
) -> Result<Produced, Diagnostics> {
    let Work {
        site,
        renderer,
        sources,
        jobs,
        todo,
        check_links,
        keep_plain,
        record,
        pages: only,
        links: link_ctx,
        ..
    } = *work;
    let mut phase = timing::Phases::start();
    let model = sources.model;
    // The checker needs every path up front; the files themselves (the catalogue is
    // megabytes) go as soon as they are written.
    let other_paths: Vec<String> = if check_links {
        others.iter().map(|f| f.path.clone()).collect()
    } else {
        Vec::new()
    };
    let checker = check_links.then(|| {
        links::Checker::new(
            jobs.iter()
                .map(|j| j.path.as_str())
                .chain(other_paths.iter().map(String::as_str)),
            &model.config.base_path,
        )
    });
    let mut produced = Produced::default();
    if let Some(c) = &checker {
        produced.broken = c.check(&others);
    }
    phase.done("checker");
    to_writer
        .send((others, true))
        .map_err(|_| crate::writer_stopped())?;
    // Broken links of the bodies: every batch is still rendered (so that all of them are
    // listed), but nothing more is written once one is found.
    let mut link_errors = Diagnostics::default();
    for todo_batch in todo.chunks(PAGE_BATCH) {
        if interrupt::requested() {
            return Err(crate::interrupted());
        }
        let batch: Vec<&PageJob> = todo_batch.iter().map(|&j| &jobs[j]).collect();
        let bodies = render_bodies(site, sources, link_ctx, &batch)?;
        let mut rendered_bodies = HashMap::with_capacity(bodies.len());
        for (i, (path, checked)) in bodies {
            if checked.problems.is_empty() {
                let st = link_ctx.index.state(&checked.deps, model, site);
                produced.link_deps.push((path, checked.deps, st));
            } else {
                let file = &model.cases[i].case.file;
                link_errors.extend(source_links::diagnostics(site, file, &checked.problems));
            }
            rendered_bodies.insert(i, checked.rendered);
        }
        if !link_errors.is_empty() {
            continue;
        }
        let bodies = rendered_bodies;
        let batch: Vec<&PageJob> = match only {
            Some(only) => batch
                .iter()
                .zip(todo_batch)
                .filter(|(_, &j)| only[j])
                .map(|(job, _)| *job)
                .collect(),
            None => batch,
        };
        let pages = render_pages(renderer, sources, &batch, &bodies)?;
        if let Some(c) = &checker {
            produced.broken.extend(c.check(&pages));
        }
        produced.rendered += pages.len();
        if record {
            produced
                .pages
                .extend(batch.iter().map(|j| (j.path.clone(), j.fingerprint)));
        }
        to_writer
            .send((pages, false))
            .map_err(|_| crate::writer_stopped())?;
        // The index reads the plain text only: the HTML goes now.
        let mut plain: Vec<(usize, Arc<str>)> = bodies
            .into_iter()
            .map(|(i, md)| (i, Arc::from(md.plain)))
            .collect();
        plain.sort_unstable_by_key(|(i, _)| *i);
        if keep_plain {
            produced.plain.extend(plain.iter().map(|(i, p)| {
                let c = &model.cases[*i].case;
                (c.slug.clone(), c.body_fp, p.clone())
            }));
        }
        to_index.send(plain).map_err(|_| crate::writer_stopped())?;
    }
    if !link_errors.is_empty() {
        return Err(link_errors.sorted());
    }
    Ok(produced)
}

/// The Markdown of the cases whose pages are in `batch`, read from their files and
/// rendered (in parallel), by case index.
fn render_bodies(
    site: &SiteRoot,
    sources: Sources,
    links: LinkCtx,
    batch: &[&PageJob],
) -> Result<HashMap<usize, (String, source_links::Checked)>, Diagnostics> {
    let model = sources.model;
    batch
        .par_iter()
        .filter_map(|j| j.case().map(|i| (i, j)))
        .map(|(i, j)| {
            let case = &model.cases[i].case;
            let body = content::read_body(site, case)?;
            let checked = source_links::render(links, &case.file, &j.path, Some(i), &body);
            Ok((i, (j.path.clone(), checked)))
        })
        .collect()
}

/// Render the pages of `batch` (in parallel) from their inputs.
fn render_pages(
    renderer: &Renderer,
    sources: Sources,
    batch: &[&PageJob],
    bodies: &HashMap<usize, Rendered>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let results: Vec<Result<OutputFile, Diagnostic>> = batch
        .par_iter()
        .map(|j| {
            let inputs = inputs::inputs(j.job, sources);
            renderer.render(&j.path, &inputs, j.case().and_then(|i| bodies.get(&i)))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    // One broken template fails every page it renders; say it once.
    errors.0.sort_by(|a, b| a.file.cmp(&b.file));
    errors.0.dedup_by(|a, b| a.file == b.file);
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
