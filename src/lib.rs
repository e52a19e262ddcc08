//! yokoten: a static-site generator for Japanese municipal DX case studies.
//!
//! Data flows one way: `load` (site.yaml, content/, templates, static files) -> `model`
//! (cases with rendered Markdown, taxonomies) -> `render` (pages, feeds, search index, all
//! in memory) -> `output` (staging folder, then swap). Only the first and last stages touch
//! the disk.

// Diagnostics are large but travel only on the cold error path; boxing them everywhere would
// cost clarity for nothing.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod console;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod feeds;
pub mod fields;
pub mod fingerprint;
pub mod interrupt;
pub mod lang;
pub mod links;
pub mod markdown;
pub mod model;
pub mod names;
pub mod output;
pub mod prefectures;
pub mod related;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod server;
pub mod session;
pub mod sources;
pub mod taxonomy;
pub mod templates;
pub mod text;
pub mod tilemap;
pub mod timing;
pub mod urls;
pub mod watch;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use links::BrokenLink;
use model::Model;
use output::OutputFile;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Replace an output folder that holds files yokoten did not make (`--force`).
    pub force: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub cases: usize,
    pub html_pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    pub broken_links: Vec<BrokenLink>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    /// "built 14 cases, 63 pages in 0.12 s"
    pub fn summary(&self, verb: &str) -> String {
        format!(
            "{verb} {} cases, {} pages ({} files, {:.1} MB) in {:.2} s",
            self.cases,
            self.html_pages,
            self.files,
            self.bytes as f64 / 1_000_000.0,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Everything read from disk for one build.
pub struct Inputs {
    /// The site folder, whose files every later read goes through.
    pub site: sources::SiteRoot,
    pub config: Config,
    pub content: content::Content,
    pub templates: templates::TemplateSources,
    /// Theme and site static files, copied as is.
    pub statics: Vec<OutputFile>,
}

/// The load stage: read and validate site.yaml, content and templates. Lists every problem.
pub fn load(opts: &BuildOptions) -> Result<Inputs, Diagnostics> {
    load_with(opts, false)
}

/// `load`; `lean`: without the cases' bodies (`content::load_lean`).
fn load_with(opts: &BuildOptions, lean: bool) -> Result<Inputs, Diagnostics> {
    let root = &opts.root;
    let site = sources::SiteRoot::open(root)?;
    let mut config = config::load(&site)?;
    if let Some(url) = &opts.base_url {
        config = config.with_base_url(url).map_err(|m| {
            Diagnostics::from(
                Diagnostic::new("--base-url", m).hint("e.g. --base-url https://example.jp/dx/"),
            )
        })?;
    }
    let content = if lean {
        content::load_lean(&site, &config, opts.drafts)
    } else {
        content::load(&site, &config, opts.drafts)
    };
    let templates = templates::load(&site, &config.theme);
    let statics = static_files(&site, &config.theme);
    let (content, templates, statics) = match (content, templates, statics) {
        (Ok(c), Ok(t), Ok(s)) => (c, t, s),
        (c, t, s) => {
            let mut errors = Diagnostics::default();
            errors.extend(c.err().into_iter().flat_map(|d| d.0));
            errors.extend(t.err().into_iter().flat_map(|d| d.0));
            errors.extend(s.err().into_iter().flat_map(|d| d.0));
            return Err(errors);
        }
    };
    Ok(Inputs {
        site,
        config,
        content,
        templates,
        statics,
    })
}

/// The theme's static files, then the site's own (which win: see `site_files`).
pub fn static_files(site: &sources::SiteRoot, theme: &str) -> Result<Vec<OutputFile>, Diagnostics> {
    let root = site.path();
    let mut statics =
        output::static_files(site, &templates::theme_dir(root, theme).join("static"), "")?;
    statics.extend(output::static_files(site, &root.join("static"), "")?);
    Ok(statics)
}

/// Pages rendered, checked and written per batch: enough to keep both cores busy, few
/// enough that the pages of a 100,000-case site are never all in memory at once.
const PAGE_BATCH: usize = 1000;

/// What a streamed build produced.
struct Produced {
    model: Model,
    html_pages: usize,
    files: usize,
    bytes: u64,
    broken_links: Vec<BrokenLink>,
    warnings: Vec<Diagnostic>,
}

fn file_len(f: &OutputFile) -> u64 {
    match &f.body {
        output::Body::Bytes(b) => b.len() as u64,
        output::Body::Copy(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
    }
}

/// The error of a failed write; `at`: the output folder, where known.
pub(crate) fn write_error(at: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::new(
            at,
            msg!(ja: "サイトを書き出せません: {e}", en: "cannot write the site: {e}"),
        )
        .hint(msg!(
            ja: "フォルダーに書き込めるか、ディスクに空きがあるかを確かめてください。公開フォルダーは前のままです",
            en: "check that the folder is writable and the disk is not full; the published folder is as it was"
        )),
    )
}

/// Ctrl+C during a build: the staging folder goes, the published folder stays.
fn interrupted() -> Diagnostics {
    Diagnostics::from(Diagnostic::new(
        "yokoten",
        msg!(
            ja: "途中で止めました (Ctrl+C)。公開フォルダーは前のままです",
            en: "stopped (Ctrl+C); the published folder is as it was"
        ),
    ))
}

/// A queue to the writer closed early: the writer has failed, and its error is reported.
fn writer_stopped() -> Diagnostics {
    write_error(
        Path::new("output"),
        std::io::Error::other("the writer stopped"),
    )
}

/// Where a streamed build sends its files, batch by batch, on a thread of its own: a
/// staging folder for `build`, nothing for `check`.
pub trait Sink: Send {
    fn write(&mut self, files: Vec<OutputFile>) -> std::io::Result<()>;
}

impl Sink for output::Staging {
    fn write(&mut self, files: Vec<OutputFile>) -> std::io::Result<()> {
        output::Staging::write(self, &files)
    }
}

/// `check`: everything is produced and checked, nothing is written.
struct Discard;

impl Sink for Discard {
    fn write(&mut self, _: Vec<OutputFile>) -> std::io::Result<()> {
        Ok(())
    }
}

/// Batches of files in flight to the writer: enough to keep the disk busy while the next
/// batch renders, few enough to bound memory.
const WRITE_QUEUE: usize = 2;

/// The render stage, streamed, on three threads that meet only through bounded queues:
/// this one renders and link-checks pages batch by batch, a second builds the search index
/// from the same cases (each body goes to the index with its page, in model order, which is
/// the index's document order), a third writes whatever the two produce. On two cores the
/// file system's work and the index fill the gaps in rendering and the other way round.
fn produce(mut inputs: Inputs, sink: &mut dyn Sink) -> Result<Produced, Diagnostics> {
    let site = inputs.site.clone();
    let mut phase = timing::Phases::start();
    let warnings = std::mem::take(&mut inputs.content.warnings);
    let tera = templates::compile(&inputs.templates)?;
    // Bodies are read and rendered batch by batch, with their pages (`load_lean`).
    let model = model::build_deferred(inputs.config, inputs.content);
    phase.done("model");
    let fingerprint = inputs.templates.fingerprint();
    let statics = inputs.statics;

    let (to_writer, writes) = std::sync::mpsc::sync_channel::<Vec<OutputFile>>(WRITE_QUEUE);
    let (to_index, index_batches) = std::sync::mpsc::sync_channel::<Vec<(usize, String)>>(1);
    let model_ref = &model;
    // Set when the pages failed (or Ctrl+C): the index's last and costliest stage is then
    // skipped, since its files would go into a staging folder about to be dropped.
    let abandoned = std::sync::atomic::AtomicBool::new(false);
    let abandoned_ref = &abandoned;
    let (rendered, search) = std::thread::scope(|s| {
        let writer = s.spawn(move || -> std::io::Result<()> {
            for batch in writes {
                sink.write(batch)?;
            }
            Ok(())
        });
        let index_writer = to_writer.clone();
        let indexer = s.spawn(move || {
            // Time spent indexing, not waiting for the pages.
            let mut busy = Duration::ZERO;
            let mut index =
                search::IndexBuilder::new(search::GramParams::for_docs(model_ref.cases.len()));
            let (mut bytes, mut files) = (0u64, 0usize);
            // Hashes, not the paths: there are ~3 index files per case.
            let mut paths = std::collections::HashSet::new();
            let mut send = |index_files: Vec<(String, Vec<u8>)>| -> bool {
                let index_files: Vec<OutputFile> = index_files
                    .into_iter()
                    .map(|(path, bytes)| OutputFile::bytes(path, bytes))
                    .collect();
                bytes += index_files.iter().map(file_len).sum::<u64>();
                files += index_files.len();
                paths.extend(index_files.iter().map(|f| fingerprint::of(&f.path)));
                index_writer.send(index_files).is_ok()
            };
            // For `benches/peers.sh` only: the build without the index, to measure the
            // index's share of a build. The site it makes has no working search.
            let skip = std::env::var_os("YOKOTEN_SKIP_SEARCH_INDEX").is_some();
            let given_up = || {
                abandoned_ref.load(std::sync::atomic::Ordering::SeqCst) || interrupt::requested()
            };
            for batch in index_batches {
                if given_up() {
                    return None;
                }
                let t = Instant::now();
                if !skip {
                    for (i, plain) in &batch {
                        index.add(&search_doc(&model_ref.cases[*i], plain));
                    }
                }
                let drained = index.drain_files();
                busy += t.elapsed();
                if !send(drained) {
                    return None;
                }
            }
            if timing::enabled() {
                crate::errln!(
                    "  (search: all documents in, peak {:.0} MB)",
                    timing::peak_mb()
                );
            }
            if given_up() {
                return None;
            }
            let t = Instant::now();
            let last = index.finish();
            busy += t.elapsed();
            send(last);
            Some((bytes, files, paths, busy))
        });
        // Everything the pages need (cards, related links, jobs, the link checker) lives in
        // this closure and is freed when the last page is out, before the index's last
        // stage, which is the build's memory peak at 100,000 cases.
        let render_all = || -> Result<Paged, Diagnostics> {
            let cards = render::Cards::build(model_ref);
            let links = related::CaseLinks::build(model_ref);
            phase.done("cards");
            let renderer = render::Renderer::new(&tera, fingerprint, model_ref, &cards, &links);
            let jobs = renderer.jobs();
            phase.done("jobs");
            let others = site_files(model_ref, statics, &mut feeds::FeedCache::default());
            phase.done("feeds");
            // The checker needs every path up front; the files themselves (the catalogue is
            // megabytes) go as soon as they are written.
            let other_paths: Vec<String> = others.iter().map(|f| f.path.clone()).collect();
            output::check_collisions(
                jobs.iter()
                    .map(|j| j.path.as_str())
                    .chain(other_paths.iter().map(String::as_str)),
            )?;
            let checker = links::Checker::new(
                jobs.iter()
                    .map(|j| j.path.as_str())
                    .chain(other_paths.iter().map(String::as_str)),
                &model_ref.config.base_path,
            );
            let mut paged = Paged {
                broken: checker.check(&others),
                html_pages: 0,
                files: others.len(),
                bytes: others.iter().map(file_len).sum::<u64>(),
            };
            phase.done("checker");
            to_writer.send(others).map_err(|_| writer_stopped())?;
            for batch in jobs.chunks(PAGE_BATCH) {
                if interrupt::requested() {
                    return Err(interrupted());
                }
                let batch: Vec<&render::PageJob> = batch.iter().collect();
                let bodies = render_bodies(&site, model_ref, &batch)?;
                let pages = renderer.render_some_with(&batch, &bodies)?;
                paged.broken.extend(checker.check(&pages));
                paged.html_pages += pages.len();
                paged.files += pages.len();
                paged.bytes += pages.iter().map(file_len).sum::<u64>();
                to_writer.send(pages).map_err(|_| writer_stopped())?;
                // The index reads the plain text only: the HTML goes now.
                let mut for_index: Vec<(usize, String)> = bodies
                    .into_iter()
                    .map(|(i, md)| {
                        let plain =
                            Arc::try_unwrap(md).map_or_else(|md| md.plain.clone(), |md| md.plain);
                        (i, plain)
                    })
                    .collect();
                for_index.sort_unstable_by_key(|(i, _)| *i);
                to_index.send(for_index).map_err(|_| writer_stopped())?;
            }
            Ok(paged)
        };
        let rendered = render_all();
        if rendered.is_err() {
            abandoned_ref.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        // Closing the queues ends the other two threads once they are done.
        drop(to_index);
        let search = indexer.join().expect("the search index thread");
        drop(to_writer);
        let written = writer.join().expect("the writer thread");
        (rendered, written.map(|()| search))
    });
    let Paged {
        html_pages,
        mut files,
        mut bytes,
        mut broken,
    } = rendered?;
    let (search_bytes, search_files, search_paths, search_time) = search
        .map_err(|e| write_error(Path::new("output"), e))?
        .ok_or_else(|| {
            if interrupt::requested() {
                interrupted()
            } else {
                writer_stopped()
            }
        })?;
    phase.done("pages");
    if timing::enabled() {
        crate::errln!(
            "  search   {:>8.1} ms busy (on its own thread, beside the pages)",
            search_time.as_secs_f64() * 1000.0
        );
    }
    bytes += search_bytes;
    files += search_files;
    // Pages never link into the index's data files, but a body may: check those links
    // against them now that they exist.
    broken.retain(|b| !search_paths.contains(&fingerprint::of(&b.target)));
    Ok(Produced {
        model,
        html_pages,
        files,
        bytes,
        broken_links: broken,
        warnings,
    })
}

/// What the page stage of `produce` counted and found.
struct Paged {
    broken: Vec<BrokenLink>,
    html_pages: usize,
    files: usize,
    bytes: u64,
}

/// The Markdown of the cases whose pages are in `batch`, read from their files and
/// rendered (in parallel), by case index.
fn render_bodies(
    site: &sources::SiteRoot,
    model: &Model,
    batch: &[&render::PageJob],
) -> Result<std::collections::HashMap<usize, Arc<markdown::Rendered>>, Diagnostics> {
    batch
        .par_iter()
        .filter_map(|j| j.case())
        .map(|i| {
            let body = content::read_body(site, &model.cases[i].case)?;
            Ok((i, Arc::new(markdown::render(&body))))
        })
        .collect()
}

/// The search index of all cases (see `search`), under `search/`.
pub fn search_files(cases: &[model::CaseModel]) -> Vec<OutputFile> {
    let docs: Vec<search::SearchDoc> = cases
        .iter()
        .map(|cm| search_doc(cm, &cm.md.plain))
        .collect();
    search::build_index(&docs)
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes))
        .collect()
}

/// What the search index reads of a case, with its body's plain text.
fn search_doc<'a>(cm: &'a model::CaseModel, plain: &'a str) -> search::SearchDoc<'a> {
    search::SearchDoc {
        url: cm.route.dir(),
        title: &cm.case.title,
        summary: &cm.summary,
        municipality: &cm.case.municipality,
        prefecture: &cm.case.prefecture,
        categories: &cm.case.categories,
        tags: &cm.case.tags,
        body: plain,
        published: &cm.case.published,
        population: cm.case.population,
    }
}

/// Atom feeds, sitemap and the case catalogue (JSON, CSV). `patched`: after
/// `model::replace_case` of these cases only, the catalogue is patched, not redone.
pub fn feed_files(
    model: &Model,
    feed_cache: &mut feeds::FeedCache,
    patched: &[usize],
) -> Vec<OutputFile> {
    let page_routes: Vec<urls::Route> = model.pages.iter().map(|p| p.route.clone()).collect();
    let mut files = vec![feeds::atom(model)];
    files.extend(feeds::category_atoms(model));
    if patched.is_empty() {
        files.extend(feeds::catalogue(model, &page_routes, feed_cache));
    } else {
        files.extend(feeds::catalogue_patch(
            model,
            patched,
            &page_routes,
            feed_cache,
        ));
    }
    files
}

/// The files of a site besides its HTML pages: feeds and data, each case's own files, and
/// the static files (site-level ones win over the theme's; generated files win over both).
pub fn site_files(
    model: &Model,
    statics: Vec<OutputFile>,
    feed_cache: &mut feeds::FeedCache,
) -> Vec<OutputFile> {
    let mut files = feed_files(model, feed_cache, &[]);
    for cm in model.cases.iter() {
        if let Some(dir) = &cm.case.dir {
            for rel in &cm.case.assets {
                let rel_str = rel.to_string_lossy().replace('\\', "/");
                files.push(OutputFile::copy(
                    format!("{}{}", cm.route.dir(), rel_str),
                    dir.join(rel),
                ));
            }
        }
    }
    let mut seen: std::collections::HashSet<String> =
        files.iter().map(|f| f.path.clone()).collect();
    for s in statics.into_iter().rev() {
        if seen.insert(s.path.clone()) {
            files.push(s);
        }
    }
    files
}

fn report(p: &Produced, start: Instant) -> Report {
    Report {
        cases: p.model.cases.len(),
        html_pages: p.html_pages,
        files: p.files,
        bytes: p.bytes,
        elapsed: start.elapsed(),
        broken_links: p.broken_links.clone(),
        warnings: p.warnings.clone(),
    }
}

/// Build the site into the output folder. On any error the previous output is left as is.
pub fn build(opts: &BuildOptions) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    // The output is checked first (a wrong --output is told at once) and locked once the
    // content is known to be good, so that a failed build makes nothing at all.
    let checked = output::OutputDir::check(&opts.root, &opts.output_dir(), opts.force)?;
    let mut phase = timing::Phases::start();
    let inputs = load_with(opts, true)?;
    phase.done("load");
    let out = checked.lock()?;
    let io_err = |e| write_error(out.path(), e);
    // Dropped without a commit (any error below), the staging folder goes and the
    // previous site stays.
    let mut staging = output::Staging::new(&out).map_err(io_err)?;
    let produced = produce(inputs, &mut staging)?;
    staging.commit().map_err(io_err)?;
    Ok(report(&produced, start))
}

/// Validate everything a build would, including internal links, and write nothing.
pub fn check(opts: &BuildOptions) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let inputs = load_with(opts, true)?;
    let produced = produce(inputs, &mut Discard)?;
    if !produced.broken_links.is_empty() {
        return Err(broken_link_errors(&produced.model, &produced.broken_links));
    }
    Ok(report(&produced, start))
}

/// One error per broken link target, naming the case file when the link is in a case body.
fn broken_link_errors(model: &Model, broken: &[BrokenLink]) -> Diagnostics {
    let mut by_href: std::collections::BTreeMap<(&str, &str), Vec<&str>> = Default::default();
    for b in broken {
        by_href
            .entry((&b.href, &b.target))
            .or_default()
            .push(&b.page);
    }
    let source_of = |page: &str| {
        model
            .cases
            .iter()
            .find(|c| c.route.file() == page)
            .map(|c| c.case.file.clone())
            .unwrap_or_else(|| PathBuf::from(page))
    };
    let errors = by_href
        .into_iter()
        .map(|((href, target), pages)| {
            let more = if pages.len() > 1 { format!(" (and {} more pages)", pages.len() - 1) } else { String::new() };
            Diagnostic::new(source_of(pages[0]), format!("broken link `{href}` on {}{more}: no file {target}", pages[0]))
                .hint("fix the link in the Markdown, or the template that writes it, or add the missing file")
        })
        .collect();
    Diagnostics(errors)
}
