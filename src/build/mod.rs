//! The one build engine, used by `build`, `check`, `build --watch` and `serve`.
//!
//! A clean build is an incremental build with empty caches. Every run goes through the
//! same stages:
//!
//! 1. **load** ([`load`]): site.yaml, templates, cases and pages, static files; only what a
//!    changed path touches is read again. The only stage that reads the site.
//! 2. **model**: cases in order, taxonomies, cards, related cases (each cached per case);
//!    the index of what links may name ([`links`]: source files, output files), and the
//!    free pages' links resolved and checked.
//! 3. **pages** ([`crate::pages`]): every page as a job with the fingerprint of its declared
//!    inputs; a page is rendered when its fingerprint differs from the one it was written
//!    from ([`written`]): all of them in a clean build. Rendered in batches, each case's body
//!    read and rendered with its page, so that 100,000 bodies are never in memory at once;
//!    its links resolved and checked as it is rendered (a broken one fails the run). A page
//!    is also rendered again when what its links rely on changed ([`links::LinkBook`]).
//! 4. **search** ([`search`]): beside the pages in a clean build, in the background later.
//! 5. **write** ([`crate::output`], the only stage that writes): a clean build into a staging
//!    folder swapped in at the end; a one-off build over the last build's output, starting
//!    from the books that build kept beside it ([`persist`]), only the files whose bytes
//!    changed, staged and moved in under a journal; the authoring loop file by file, each
//!    atomically.
//!
//! A common edit (a case whose new text keeps it where it was listed) skips the model
//! stage: the kept model is patched, and only the pages that show the case (found from the
//! same declarations) are fingerprinted again.

mod files;
mod links;
mod load;
mod persist;
mod produce;
mod search;
mod written;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::feeds::FeedCache;
use crate::links::BrokenLink;
use crate::model::{self, Model, SummaryCache};
use crate::output::{self, OutputDir, OutputFile};
use crate::pages::{self, CardCache, Cards, PageJob, Renderer};
use crate::related::{CaseLinks, RelatedCache};
use crate::sources::SiteRoot;
use crate::{timing, BuildOptions};
use links::{AnchorCache, Dep, LinkBook, LinkCtx, LinkIndex};

pub use files::{feed_files, site_files};
pub use produce::Sink;
pub use search::{doc as search_doc, files as search_files};
use written::{file_fingerprint, Written};

/// Pages rendered, checked and written per batch: enough to keep both cores busy, few
/// enough that a batch's pages and bodies stay small in memory.
const PAGE_BATCH: usize = 1000;

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub cases: usize,
    /// HTML pages of the site.
    pub pages: usize,
    /// Pages rendered this time (the others kept their fingerprint).
    pub rendered: usize,
    /// Files written this time, and their bytes.
    pub written: usize,
    pub bytes: u64,
    pub removed: usize,
    /// The search index is being rebuilt in the background (its inputs changed).
    pub search_pending: bool,
    /// Only stylesheets changed: a browser can swap them without a reload.
    pub css_only: bool,
    pub elapsed: Duration,
    /// Problems that did not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Internal links of the rendered pages that lead nowhere: those written by the theme,
    /// templates or static files (a clean build only; links written in Markdown fail the
    /// run instead).
    pub broken_links: Vec<BrokenLink>,
}

/// Where a run's files go.
enum Target {
    /// The output folder, claimed and locked for the engine's life.
    Output(OutputDir),
    /// The output folder, checked but not locked yet: a one-off build locks it only once
    /// the content is known to be good, so that a failed build makes nothing at all.
    Unlocked(output::Checked),
    /// `check`: everything is produced and checked, nothing is written.
    Nowhere,
}

impl Target {
    fn path(&self) -> &Path {
        match self {
            Target::Output(o) => o.path(),
            Target::Unlocked(c) => c.path(),
            Target::Nowhere => Path::new(""),
        }
    }
}

/// What the last run made, kept so that the next one can patch it.
struct Built {
    model: Model,
    cards: Cards,
    links: CaseLinks,
    jobs: Vec<PageJob>,
    /// For each case, the jobs whose pages show it.
    dependents: Vec<Vec<u32>>,
    base_fp: u64,
    /// Where each case file is in `model.cases`.
    by_file: HashMap<PathBuf, usize>,
    link_index: LinkIndex,
    /// What the free pages' links rely on (they are resolved on the full path only).
    page_deps: Vec<(Vec<Dep>, u64)>,
}

/// Caches of the load and model stages, each keyed by what it was made from.
#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    summaries: SummaryCache,
    cards: CardCache,
    related: RelatedCache,
    feeds: FeedCache,
    /// The headings of case bodies, for links to them.
    anchors: AnchorCache,
}

/// What the engine knows of the output: the files written, each case's plain text (for the
/// search index rebuilt in the background) and that index.
#[derive(Default)]
struct Books {
    written: Written,
    /// Each case's plain text, by slug, with its body's fingerprint.
    plain: HashMap<String, (u64, Arc<str>)>,
    search: search::Background,
    /// What the links of each page relied on when it was rendered.
    link_deps: LinkBook,
}

/// The engine: what is kept between runs. A new engine knows nothing, so its first run is a
/// clean build.
pub struct Engine {
    opts: BuildOptions,
    site: SiteRoot,
    target: Target,
    /// Keep what later runs need (the authoring loop); a one-off build keeps nothing.
    persistent: bool,
    caches: Caches,
    built: Option<Built>,
    books: Books,
}

impl Engine {
    /// An engine writing `opts`' output folder, which it claims (and locks) until dropped:
    /// the authoring loop's.
    pub fn new(opts: BuildOptions) -> Result<Self, Diagnostics> {
        let site = SiteRoot::open(&opts.root)?;
        let output = OutputDir::claim(&opts.root, &opts.output_dir(), opts.force)?;
        // The loop writes in place without keeping a manifest: the next one-off build must
        // not trust the one there now.
        output::manifest::forget(output.path())
            .map_err(|e| crate::write_error(output.path(), e))?;
        Ok(Self::with_target(opts, site, Target::Output(output), true))
    }

    fn with_target(opts: BuildOptions, site: SiteRoot, target: Target, persistent: bool) -> Self {
        Engine {
            opts,
            site,
            target,
            persistent,
            caches: Caches::default(),
            built: None,
            books: Books::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The output folder (resolved).
    pub fn output_dir(&self) -> &Path {
        self.target.path()
    }

    pub fn config(&self) -> Option<&Config> {
        self.caches.load.config()
    }

    /// Called with a line of text each time a background search-index run finishes.
    pub fn on_search_done(&mut self, f: impl Fn(String) + Send + Sync + 'static) {
        self.books.search.on_done = Some(Arc::new(f));
    }

    /// End the engine: the search index being written in the background is finished, so
    /// that the output is whole when the process ends.
    pub fn finish(mut self) {
        self.books.search.finish();
    }

    /// Build after a change to `changed` (absolute or root-relative paths); an empty list
    /// means everything. On error nothing is written and the previous output stays.
    pub fn run(&mut self, changed: &[PathBuf]) -> Result<Outcome, Diagnostics> {
        let start = Instant::now();
        let changed = self.site_paths(changed);
        if !changed.is_empty() {
            if let Some(outcome) = self.patch(&changed, start) {
                return outcome;
            }
        }
        self.full(&changed, start)
    }

    /// Paths as the caches key them: joined to the root as given.
    fn site_paths(&self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let root = &self.opts.root;
        let abs_root = std::path::absolute(root).unwrap_or_else(|_| root.clone());
        changed
            .iter()
            .map(|p| match p.strip_prefix(&abs_root) {
                // The watcher reports absolute paths.
                Ok(rel) => root.join(rel),
                Err(_) if p.is_absolute() => p.clone(),
                Err(_) => root.join(p),
            })
            .collect()
    }

    /// Every stage, the model made anew.
    fn full(&mut self, changed: &[PathBuf], start: Instant) -> Result<Outcome, Diagnostics> {
        let Engine {
            opts,
            site,
            target,
            persistent,
            caches,
            built: kept,
            books,
        } = self;
        // Whatever happens next, the kept model is out of date until the end.
        *kept = None;
        let mut phase = timing::Phases::start();
        let mut loaded = caches.load.load(site, opts, changed)?;
        let mut warnings = loaded.config.warnings.clone();
        warnings.append(&mut loaded.content.warnings);
        phase.done("load");
        let templates = loaded.templates;
        let mut model = model::build_cached(loaded.config, loaded.content, &mut caches.summaries);
        phase.done("model");
        let cards = Cards::build_cached(&model, &mut caches.cards);
        let links = CaseLinks::build_cached(&model, &mut caches.related);
        phase.done("cards");
        let has_search = pages::render::has_search(&templates.tera);
        let others = site_files(&model, &loaded.statics, &mut caches.feeds);
        // Every file the build writes, for the links written as URLs; then the free pages'
        // links, resolved and checked (their bodies are in the model).
        let link_index = {
            let sources = pages::Sources {
                model: &model,
                cards: &cards,
                links: &links,
            };
            let paths = pages::inputs::jobs(sources, has_search);
            LinkIndex::new(
                &model,
                site.path(),
                paths
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .chain(others.iter().map(|f| f.path.as_str())),
            )
        };
        let resolved = links::resolve_pages(LinkCtx {
            index: &link_index,
            model: &model,
            site,
            anchors: &caches.anchors,
        })?;
        let mut page_deps = Vec::new();
        for (i, rendered, deps) in resolved {
            page_deps.push(deps);
            model.pages[i].md = Arc::new(rendered);
        }
        let page_deps: Vec<(Vec<Dep>, u64)> = page_deps
            .into_iter()
            .map(|deps| {
                let st = link_index.state(&deps, &model, site);
                (deps, st)
            })
            .collect();
        phase.done("links");
        let renderer = Renderer::new(&templates.tera, templates.fingerprint, &model);
        let base_fp = renderer.base_fingerprint();
        let sources = pages::Sources {
            model: &model,
            cards: &cards,
            links: &links,
        };
        // Every build that writes keeps the pages' fingerprints (a one-off build beside the
        // output, for the next one); `check` has nothing to compare them with.
        let record = !matches!(target, Target::Nowhere);
        let jobs = if record {
            pages::inputs::fingerprinted(sources, base_fp, has_search)
        } else {
            pages::inputs::jobs(sources, has_search)
                .into_iter()
                .map(|(path, job)| PageJob {
                    path,
                    job,
                    fingerprint: 0,
                })
                .collect()
        };
        phase.done("jobs");
        if !*persistent {
            // No next run to reuse them: the catalogue's rows alone are megabytes.
            caches.load.forget_parses();
            caches.feeds = FeedCache::default();
            caches.related = RelatedCache::default();
            caches.summaries = SummaryCache::default();
            caches.cards = CardCache::default();
        }
        output::check_collisions(
            jobs.iter()
                .map(|j| j.path.as_str())
                .chain(others.iter().map(|f| f.path.as_str())),
        )?;
        phase.done("feeds");

        // A one-off build locks the output now that the content is known to be good, and
        // starts from what the last build over it wrote, as far as the disk agrees.
        let mut on_disk = None;
        if !*persistent && record {
            lock_target(target)?;
            if books.written.is_empty() {
                on_disk = persist::load(books, target.path());
            }
        }
        phase.done("manifest");
        let search_fp = search::inputs_fingerprint(&model);
        let first = books.written.is_empty();
        // The index is built from every case's text, which a one-off build does not keep:
        // when it is stale, every page is rendered again (and written only if its bytes
        // changed).
        let index_stale = on_disk.is_some() && books.search.stale(search_fp);
        let written = &books.written;
        let link_ctx = LinkCtx {
            index: &link_index,
            model: &model,
            site,
            anchors: &caches.anchors,
        };
        let needed: Vec<bool> = (0..jobs.len())
            .map(|j| {
                written.pages.get(&jobs[j].path) != Some(&jobs[j].fingerprint)
                    || books.link_deps.stale(&jobs[j].path, link_ctx)
            })
            .collect();
        // When the index is built again, every case's body is read for it, and only the
        // pages that changed are rendered.
        let todo: Vec<usize> = (0..jobs.len())
            .filter(|&j| index_stale || needed[j])
            .collect();
        // Over a known output, what is on disk and not in the site goes (files the last
        // build did not record included, as a clean build would drop them).
        let on_disk_known = on_disk.is_some();
        let update = on_disk.map(|on_disk| {
            let mut keep: HashSet<String> = jobs.iter().map(|j| j.path.clone()).collect();
            keep.extend(others.iter().map(|f| f.path.clone()));
            Update { on_disk, keep }
        });
        let stale = if first || update.is_some() {
            Vec::new()
        } else {
            let mut keep: HashSet<&str> = jobs.iter().map(|j| j.path.as_str()).collect();
            keep.extend(others.iter().map(|f| f.path.as_str()));
            written.stale(|p| keep.contains(p))
        };
        let others: Vec<OutputFile> = others
            .into_iter()
            .filter(|f| first || !written.has(&f.path, file_fingerprint(f)))
            .collect();
        let work = produce::Work {
            site,
            renderer: &renderer,
            sources,
            jobs: &jobs,
            todo: &todo,
            others,
            check_links: first || update.is_some(),
            stream_search: first || index_stale,
            pages: index_stale.then_some(needed.as_slice()),
            keep_plain: *persistent,
            record,
            links: link_ctx,
        };
        let (mut outcome, failed) = write_run(target, books, record, work, &stale, update)?;
        phase.done("pages");
        outcome.warnings = warnings;
        outcome.cases = model.cases.len();
        outcome.pages = jobs.len();
        outcome.css_only = css_only(changed, &opts.root, &model.config.theme);
        if first || index_stale {
            books.search.inputs_fp = search_fp;
        } else if *persistent && books.search.stale(search_fp) {
            books.spawn_search(site, target.path(), &model, search_fp, start);
            outcome.search_pending = true;
        }
        // Over a known output where nothing changed, the manifest there is still true.
        let untouched =
            on_disk_known && outcome.rendered == 0 && outcome.written == 0 && outcome.removed == 0;
        if !*persistent && record && failed.is_empty() && !untouched {
            persist::save(books, target.path());
            phase.done("manifest");
        }
        // Kept for the next run to patch, and for `check` to name the files of broken links.
        if *persistent || matches!(target, Target::Nowhere) {
            let dependents = if *persistent {
                pages::inputs::dependents_of_cases(sources, &jobs)
            } else {
                Vec::new()
            };
            let by_file = model
                .cases
                .iter()
                .enumerate()
                .map(|(i, c)| (site.path().join(&c.case.file), i))
                .collect();
            *kept = Some(Built {
                model,
                cards,
                links,
                jobs,
                dependents,
                base_fp,
                by_file,
                link_index,
                page_deps,
            });
        }
        if !failed.is_empty() {
            // The next run takes the full path, which writes what failed again.
            *kept = None;
            return Err(write_failures(target.path(), &failed));
        }
        outcome.elapsed = start.elapsed();
        Ok(outcome)
    }

    /// The common edit, made cheap: every changed path is a case file that was already
    /// there, and its new text keeps the case where it was listed (same place in the order,
    /// same terms, same files: everything but what only its own card and page show). Then
    /// the site keeps its shape: the case is parsed again, its card and catalogue row redone,
    /// and only the pages that show it are fingerprinted and, if changed, rendered. `None`
    /// when the edit is anything else (or does not parse): the full path then handles it,
    /// errors included.
    fn patch(
        &mut self,
        changed: &[PathBuf],
        start: Instant,
    ) -> Option<Result<Outcome, Diagnostics>> {
        let Engine {
            site,
            target,
            persistent,
            caches,
            built: kept,
            books,
            ..
        } = self;
        if !*persistent || books.written.is_empty() {
            return None;
        }
        let config = caches.load.config()?.clone();
        let built = kept.as_mut()?;
        // Find and check every case first: an edit that does not qualify changes nothing.
        let mut edits = Vec::new();
        for path in changed {
            let &i = built.by_file.get(path)?;
            let case = caches.load.parse_cache().reparse(site, &config, path)?;
            let cases = &built.model.cases;
            let in_order = (i == 0 || model::display_order(&cases[i - 1].case, &case).is_lt())
                && cases
                    .get(i + 1)
                    .is_none_or(|next| model::display_order(&case, &next.case).is_lt());
            if cases[i].case.placement_fingerprint() != case.placement_fingerprint() || !in_order {
                // Parsed and cached already: the full path reuses the parse.
                return None;
            }
            edits.push((i, case));
        }
        // The edited cases' warnings; a patch reports what the save changed.
        let warnings: Vec<Diagnostic> = edits
            .iter()
            .flat_map(|(_, c)| c.warnings.iter().cloned())
            .collect();
        let mut phase = timing::Phases::start();
        let mut affected: Vec<u32> = Vec::new();
        let mut meta_changed = Vec::new();
        for (i, case) in edits {
            let before = built.model.cases[i].meta_fingerprint();
            model::replace_case(&mut built.model, i, case, &mut caches.summaries);
            if built.model.cases[i].meta_fingerprint() != before {
                meta_changed.push(i);
            }
            built.cards.patch(&built.model, i, &mut caches.cards);
            affected.extend(&built.dependents[i]);
        }
        affected.sort_unstable();
        affected.dedup();
        let sources = pages::Sources {
            model: &built.model,
            cards: &built.cards,
            links: &built.links,
        };
        for &j in &affected {
            let job = &mut built.jobs[j as usize];
            let inputs = pages::inputs::inputs(job.job, sources);
            job.fingerprint = pages::inputs::fingerprint(built.base_fp, &inputs);
        }
        let written = &books.written;
        let link_ctx = LinkCtx {
            index: &built.link_index,
            model: &built.model,
            site,
            anchors: &caches.anchors,
        };
        // A free page whose links rely on what changed is resolved on the full path.
        if built
            .page_deps
            .iter()
            .any(|(deps, st)| built.link_index.state(deps, &built.model, site) != *st)
        {
            return None;
        }
        let mut todo: Vec<usize> = affected
            .iter()
            .map(|&j| j as usize)
            .filter(|&j| {
                let job = &built.jobs[j];
                written.pages.get(&job.path) != Some(&job.fingerprint)
            })
            .collect();
        // Pages whose links rely on what changed (a heading of a case they link to).
        todo.extend(
            (0..built.jobs.len()).filter(|&j| books.link_deps.stale(&built.jobs[j].path, link_ctx)),
        );
        todo.sort_unstable();
        todo.dedup();
        let others: Vec<OutputFile> = if meta_changed.is_empty() {
            Vec::new()
        } else {
            feed_files(&built.model, &mut caches.feeds, &meta_changed)
                .into_iter()
                .filter(|f| !written.has(&f.path, file_fingerprint(f)))
                .collect()
        };
        phase.done("patch");
        let templates = caches.load.templates()?;
        let renderer = Renderer::new(&templates.tera, templates.fingerprint, &built.model);
        let work = produce::Work {
            site,
            renderer: &renderer,
            sources,
            jobs: &built.jobs,
            todo: &todo,
            others,
            check_links: false,
            stream_search: false,
            pages: None,
            keep_plain: true,
            record: true,
            links: link_ctx,
        };
        let result = write_run(target, books, true, work, &[], None);
        phase.done("pages");
        let (mut outcome, failed) = match result {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let search_fp = search::inputs_fingerprint(&built.model);
        if books.search.stale(search_fp) {
            books.spawn_search(site, target.path(), &built.model, search_fp, start);
            outcome.search_pending = true;
        }
        outcome.cases = built.model.cases.len();
        outcome.pages = built.jobs.len();
        if !failed.is_empty() {
            *kept = None;
            return Some(Err(write_failures(target.path(), &failed)));
        }
        outcome.warnings = warnings;
        outcome.elapsed = start.elapsed();
        Some(Ok(outcome))
    }
}

/// A one-off build over an output the last build made.
struct Update {
    /// Every file now in the output.
    on_disk: Vec<String>,
    /// Every file of the site but the search index.
    keep: HashSet<String>,
}

/// Lock a one-off build's output (once the content is known to be good).
fn lock_target(target: &mut Target) -> Result<(), Diagnostics> {
    if let Target::Unlocked(_) = target {
        let Target::Unlocked(checked) = std::mem::replace(target, Target::Nowhere) else {
            unreachable!("matched above")
        };
        *target = Target::Output(checked.lock()?);
    }
    Ok(())
}

/// Render and write `work` into the target, remove `stale`, and keep the books (`record`):
/// a clean build streams into a staging folder swapped in at the end; a one-off build over
/// a known output (`update`) stages only the files whose bytes changed and moves them in;
/// the authoring loop writes in place. Returns what failed (in place only: the others fail
/// as a whole).
fn write_run(
    target: &mut Target,
    books: &mut Books,
    record: bool,
    work: produce::Work,
    stale: &[String],
    update: Option<Update>,
) -> Result<(Outcome, Vec<output::Failed>), Diagnostics> {
    lock_target(target)?;
    let first = books.written.is_empty();
    let mut staged = None;
    let (produced, failed, removed) = match &*target {
        Target::Nowhere | Target::Unlocked(_) => (
            produce::run(work, &mut produce::Discard, false)?,
            Vec::new(),
            0,
        ),
        Target::Output(dir) if first => {
            let io_err = |e| crate::write_error(dir.path(), e);
            let mut staging = output::Staging::new(dir).map_err(io_err)?;
            let produced = produce::run(work, &mut staging, record)?;
            output::manifest::forget(dir.path()).map_err(io_err)?;
            staging.commit().map_err(io_err)?;
            (produced, Vec::new(), 0)
        }
        Target::Output(dir) if update.is_some() => {
            let io_err = |e| crate::write_error(dir.path(), e);
            let Update { on_disk, mut keep } = update.unwrap_or_else(|| unreachable!());
            let present = on_disk.iter().cloned().collect();
            let mut sink = output::Update::new(dir, present).map_err(io_err)?;
            let produced = produce::run(work, &mut sink, record)?;
            // The index's files: the new ones when it was built again, else those kept.
            match &produced.search {
                Some(index) => keep.extend(index.iter().map(|(p, _)| p.clone())),
                None => keep.extend(books.search.files().into_iter().map(|(p, _)| p)),
            }
            // Ctrl+C while rendering: the output stays as it was (once the commit starts,
            // it is finished).
            if crate::interrupt::requested() {
                return Err(crate::interrupted());
            }
            let gone: Vec<String> = on_disk.into_iter().filter(|p| !keep.contains(p)).collect();
            let removed = gone.len();
            books.written.removed(&gone, &[]);
            staged = Some(sink.staged());
            if staged != Some((0, 0)) || removed > 0 {
                output::manifest::forget(dir.path()).map_err(io_err)?;
            }
            sink.commit(gone).map_err(io_err)?;
            (produced, Vec::new(), removed)
        }
        Target::Output(dir) => {
            let mut live = produce::Live(dir.path().to_path_buf());
            let mut produced = produce::run(work, &mut live, record)?;
            let not_removed = output::remove_in_place(dir.path(), stale);
            books.written.removed(stale, &not_removed);
            let removed = stale.len() - not_removed.len();
            let mut failed = std::mem::take(&mut produced.failed);
            failed.extend(not_removed);
            (produced, failed, removed)
        }
    };
    if record {
        let mut files = produced.files;
        if let Some(index) = produced.search {
            // The index is the search side's to track (it is rebuilt in the background).
            let paths: HashSet<&str> = index.iter().map(|(p, _)| p.as_str()).collect();
            files.retain(|(p, _)| !paths.contains(p.as_str()));
            books.search.record(index, 0);
        }
        books.written.record(files, produced.pages, &failed);
        books.link_deps.record(produced.link_deps);
        for (slug, body_fp, plain) in produced.plain {
            books.plain.insert(slug, (body_fp, plain));
        }
    }
    // Over a known output, only the files whose bytes changed were written.
    let (count, bytes) = staged.unwrap_or((produced.count, produced.bytes));
    let outcome = Outcome {
        rendered: produced.rendered,
        written: count,
        bytes,
        removed,
        broken_links: produced.broken,
        ..Outcome::default()
    };
    Ok((outcome, failed))
}

impl Books {
    /// Rebuild the search index in the background from the kept plain texts (reading and
    /// rendering any body not kept).
    fn spawn_search(
        &mut self,
        site: &SiteRoot,
        out: &Path,
        model: &Model,
        fp: u64,
        start: Instant,
    ) {
        // Texts of cases that are gone (only when there are any: this walks them all).
        if self.plain.len() > model.cases.len() {
            let live: HashSet<&str> = model.cases.iter().map(|c| c.case.slug.as_str()).collect();
            self.plain.retain(|slug, _| live.contains(slug.as_str()));
        }
        let plain: Vec<Arc<str>> = model
            .cases
            .iter()
            .map(|cm| match self.plain.get(&cm.case.slug) {
                Some((fp, p)) if *fp == cm.case.body_fp => p.clone(),
                _ => {
                    let p: Arc<str> = content::read_body(site, &cm.case)
                        .map(|b| Arc::from(crate::markdown::render(&b).plain))
                        .unwrap_or_else(|_| Arc::from(""));
                    self.plain
                        .insert(cm.case.slug.clone(), (cm.case.body_fp, p.clone()));
                    p
                }
            })
            .collect();
        self.search
            .spawn(out, model.cases.clone(), plain, fp, start);
    }
}

/// Only stylesheets of the theme or the site changed: a browser can swap them.
fn css_only(changed: &[PathBuf], root: &Path, theme: &str) -> bool {
    let theme_static = crate::templates::theme_dir(root, theme).join("static");
    !changed.is_empty()
        && changed.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css")
                && (p.starts_with(&theme_static) || p.starts_with(root.join("static")))
        })
}

/// The error for files that could not be written or removed.
pub(crate) fn write_failures(out: &Path, failed: &[output::Failed]) -> Diagnostics {
    let n = failed.len();
    let list: Vec<String> = failed
        .iter()
        .take(5)
        .map(|f| format!("{}: {}", f.path, crate::diagnostics::io_cause(&f.error)))
        .collect();
    let list = list.join("\n  ");
    Diagnostics::from(
        Diagnostic::new(out, crate::messages::output::files_not_written(n, &list))
            .hint(crate::messages::output::files_not_written_hint()),
    )
}

/// Build the site into the output folder, once. On any error the previous output is left
/// as it was.
pub fn build(opts: &BuildOptions) -> Result<Outcome, Diagnostics> {
    // The output is checked first (a wrong --output is told at once), and locked once the
    // content is known to be good (see `Target::Unlocked`).
    let checked = OutputDir::check(&opts.root, &opts.output_dir(), opts.force)?;
    let site = SiteRoot::open(&opts.root)?;
    Engine::with_target(opts.clone(), site, Target::Unlocked(checked), false).run(&[])
}

/// Validate everything a build would, including internal links, and write nothing.
pub fn check(opts: &BuildOptions) -> Result<Outcome, Diagnostics> {
    let site = SiteRoot::open(&opts.root)?;
    let mut engine = Engine::with_target(opts.clone(), site, Target::Nowhere, false);
    let outcome = engine.run(&[])?;
    if !outcome.broken_links.is_empty() {
        return Err(broken_link_errors(&outcome.broken_links));
    }
    Ok(outcome)
}

/// One error per broken link target written by a template (links written in Markdown fail
/// the run where they are written).
fn broken_link_errors(broken: &[BrokenLink]) -> Diagnostics {
    use crate::messages::links;
    let mut by_href: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for b in broken {
        by_href.entry(&b.href).or_default().push(&b.page);
    }
    let errors = by_href
        .into_iter()
        .map(|(href, pages)| {
            let message = match pages.len() {
                1 => links::template_link_one(href, pages[0]),
                n => links::template_link(href, pages[0], n - 1),
            };
            Diagnostic::new(pages[0], message).hint(links::template_link_hint())
        })
        .collect();
    Diagnostics(errors)
}
