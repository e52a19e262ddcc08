//! Rebuild policy for the authoring loop (`build --watch`, `serve`): what to reload after a
//! set of changed paths, and which output files to write.
//!
//! Every rebuild recomputes the cheap model (ordering, taxonomies, neighbours, fingerprints)
//! from cached parses; only the files the watcher named are parsed again, only pages whose
//! fingerprint changed are rendered, and only files whose bytes changed are written. Because
//! a page's fingerprint covers everything it shows, the result is the same as a clean build
//! by construction (and a test checks it byte for byte).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tera::Tera;

use crate::config::{self, Config};
use crate::content::{self, ParseCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fingerprint;
use crate::model::{self, MarkdownCache};
use crate::output::{self, Body, OutputFile};
use crate::render::{CardCache, Cards, Renderer};
use crate::templates::{self, TemplateSources};
use crate::BuildOptions;

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The search index is being rebuilt in the background (its inputs changed).
    pub search_pending: bool,
    pub cases: usize,
    pub pages: usize,
    /// Pages rendered this time (the others kept their fingerprint).
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    /// Only stylesheets changed: a browser can swap them without a reload.
    pub css_only: bool,
    pub elapsed: Duration,
    /// Problems that did not stop the rebuild.
    pub warnings: Vec<Diagnostic>,
}

/// State kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
    /// The site folder, whose files every read goes through.
    site: crate::sources::SiteRoot,
    /// The output folder, claimed (and locked) for the whole session.
    output: output::OutputDir,
    out: PathBuf,
    config: Option<Config>,
    templates: Option<(TemplateSources, Tera)>,
    parse_cache: ParseCache,
    md_cache: MarkdownCache,
    card_cache: CardCache,
    feed_cache: crate::feeds::FeedCache,
    related_cache: crate::related::RelatedCache,
    /// Fingerprint of every page as last written.
    page_fps: HashMap<String, u64>,
    /// The model, cards and jobs of the last rebuild, for `patch`.
    built: Option<Built>,
    /// Fingerprint of every file's bytes (or copy source) as last written (not the search
    /// index, which `search` tracks).
    written: HashMap<String, u64>,
    search: SearchState,
}

/// The search index is a function of all cases: at 10,000 cases it takes far longer than a
/// page, so after the first build it is rebuilt in the background, only when what it
/// indexes changed, and written when done; a newer rebuild makes an older one's result void.
#[derive(Default)]
struct SearchState {
    inputs_fp: u64,
    generation: Arc<AtomicU64>,
    written: Arc<Mutex<HashMap<String, u64>>>,
    /// A background run could not write all its files: the next rebuild runs it again.
    failed: Arc<AtomicBool>,
    /// The newest background run, waited for when the session ends.
    latest: Option<std::thread::JoinHandle<()>>,
    on_done: Option<Arc<dyn Fn(String) + Send + Sync>>,
}

impl Session {
    /// A session writing `opts`' output folder, which it claims (and locks) until dropped.
    pub fn new(opts: BuildOptions) -> Result<Self, Diagnostics> {
        let site = crate::sources::SiteRoot::open(&opts.root)?;
        let output = output::OutputDir::claim(&opts.root, &opts.output_dir(), opts.force)?;
        let out = output.path().to_path_buf();
        Ok(Session {
            opts,
            site,
            output,
            out,
            config: None,
            templates: None,
            parse_cache: ParseCache::default(),
            md_cache: MarkdownCache::default(),
            card_cache: CardCache::default(),
            feed_cache: Default::default(),
            related_cache: Default::default(),
            page_fps: HashMap::new(),
            built: None,
            written: HashMap::new(),
            search: SearchState::default(),
        })
    }

    /// End the session: the search index being written in the background is finished, so
    /// that the output is whole when the process ends.
    pub fn finish(mut self) {
        if let Some(t) = self.search.latest.take() {
            let _ = t.join();
        }
    }

    /// Called with a line of text each time a background search-index rebuild finishes.
    pub fn on_search_done(&mut self, f: impl Fn(String) + Send + Sync + 'static) {
        self.search.on_done = Some(Arc::new(f));
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    pub fn output_dir(&self) -> &Path {
        &self.out
    }

    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Rebuild after a change to `changed` (absolute or root-relative paths); an empty list
    /// rebuilds everything. On error nothing is written and the previous output stays.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Diagnostics> {
        let start = Instant::now();
        let root = self.opts.root.clone();
        let site = self.site.clone();
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    root.join(p)
                }
            })
            .collect();
        let abs_root = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|p| {
                // The watcher reports absolute paths; the caches are keyed by root-joined ones.
                p.strip_prefix(&abs_root)
                    .map(|rel| root.join(rel))
                    .unwrap_or_else(|_| p.clone())
            })
            .collect();
        let full = changed.is_empty();
        if !full {
            if let Some(outcome) = self.patch(&changed, start) {
                return outcome;
            }
        }
        // Whatever happens next, the kept model is out of date until the end.
        self.built = None;
        let mut phases = crate::timing::Phases::start();
        let mut phase = |name: &str| phases.done(name);
        let touches = |dir: &Path| {
            changed
                .iter()
                .any(|p| p.starts_with(dir) || dir.starts_with(p))
        };

        if full || touches(&root.join(config::CONFIG_FILE)) || self.config.is_none() {
            let mut config = config::load(&site)?;
            if let Some(url) = &self.opts.base_url {
                config = config
                    .with_base_url(url)
                    .map_err(|m| Diagnostics::from(Diagnostic::new("--base-url", m)))?;
            }
            // The vocabulary decides which cases are valid: parse them all again.
            self.parse_cache = ParseCache::default();
            self.config = Some(config);
        }
        let config = self.config.clone().expect("set above");

        let theme_dir = templates::theme_dir(&root, &config.theme);
        if full
            || self.templates.is_none()
            || touches(&theme_dir.join("templates"))
            || touches(&root.join("templates"))
        {
            let sources = templates::load(&site, &config.theme)?;
            let tera = templates::compile(&sources)?;
            self.templates = Some((sources, tera));
        }
        let (sources, tera) = self.templates.as_ref().expect("set above");

        self.parse_cache.invalidate(&changed);
        let mut content =
            content::load_cached(&site, &config, self.opts.drafts, &mut self.parse_cache)?;
        let warnings = std::mem::take(&mut content.warnings);
        phase("load");
        let statics = crate::static_files(&site, &config.theme)?;

        let model = model::build_cached(config, content, &mut self.md_cache);
        phase("model");
        let cards = Cards::build_cached(&model, &mut self.card_cache);
        let links = crate::related::CaseLinks::build_cached(&model, &mut self.related_cache);
        phase("cards");
        let renderer = Renderer::new(tera, sources.fingerprint(), &model, &cards, &links);
        let jobs = renderer.jobs();
        let dependents = renderer.dependents(&jobs);
        phase("jobs");
        let skip = if self.written.is_empty() {
            None
        } else {
            Some(&self.page_fps)
        };
        let others = crate::site_files(&model, statics, &mut self.feed_cache);
        output::check_collisions(
            jobs.iter()
                .map(|j| j.path.as_str())
                .chain(others.iter().map(|f| f.path.as_str())),
        )?;
        phase("feeds");
        let pages = renderer.render(&jobs, skip)?;
        let rendered = pages.len();
        phase("render");
        let mut files = pages;
        files.extend(others);
        let search_fp = search_fingerprint(&model, &cards);
        let first = self.written.is_empty();
        let search_pending = !first
            && (search_fp != self.search.inputs_fp
                || self.search.failed.swap(false, Ordering::SeqCst));
        let mut search_written = None;
        if first {
            let search_files = crate::search_files(&model.cases);
            search_written = Some(
                search_files
                    .iter()
                    .map(|f| (f.path.clone(), file_fingerprint(f)))
                    .collect::<HashMap<String, u64>>(),
            );
            files.extend(search_files);
        }
        phase("search");

        // Everything the site has now: skipped pages are still there from the last write.
        let mut current: HashMap<String, u64> = HashMap::with_capacity(jobs.len() + files.len());
        for j in &jobs {
            current.insert(
                j.path.clone(),
                self.written.get(&j.path).copied().unwrap_or(0),
            );
        }
        let mut to_write = Vec::new();
        for f in files {
            let fp = file_fingerprint(&f);
            let path = f.path.clone();
            if self.written.get(&path) != Some(&fp) {
                to_write.push(f);
            }
            if !first || !path.starts_with("search/") || path == "search/index.html" {
                current.insert(path, fp);
            }
        }
        let written_count = to_write.len();
        phase("diff");
        let removed: Vec<String> = self
            .written
            .keys()
            .filter(|p| !current.contains_key(*p))
            .cloned()
            .collect();

        let failed = if first {
            // First build of the session: a clean, staged write; on failure nothing is
            // recorded and the next rebuild starts over.
            let io_err = |e| crate::write_error(&self.out, e);
            let mut staging = output::Staging::new(&self.output).map_err(io_err)?;
            staging.write(&to_write).map_err(io_err)?;
            staging.commit().map_err(io_err)?;
            Vec::new()
        } else {
            let mut failed = output::write_in_place(&self.out, &to_write);
            let not_removed = output::remove_in_place(&self.out, &removed);
            // Still there: known, so that the next rebuild removes them again.
            for f in &not_removed {
                current.insert(f.path.clone(), 0);
            }
            failed.extend(not_removed);
            failed
        };
        if let Some(w) = search_written {
            *self
                .search
                .written
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = w;
        }
        self.search.inputs_fp = search_fp;

        phase("write");
        let css_only = !full
            && changed
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"))
            && changed.iter().all(|p| {
                p.starts_with(theme_dir.join("static")) || p.starts_with(root.join("static"))
            });
        self.page_fps = jobs
            .iter()
            .map(|j| (j.path.clone(), j.fingerprint))
            .collect();
        self.written = current;
        forget_failed(&mut self.written, &mut self.page_fps, &failed);
        if search_pending {
            Self::spawn_search(&mut self.search, &self.out, model.cases.clone(), start);
        }
        let (cases, pages) = (model.cases.len(), jobs.len());
        if !failed.is_empty() {
            // The next rebuild takes the full path, which retries what failed.
            return Err(write_failures(&self.out, &failed));
        }
        self.built = Some(Built {
            model,
            cards,
            links,
            jobs,
            dependents,
            templates_fp: sources.fingerprint(),
        });
        Ok(Outcome {
            search_pending,
            cases,
            pages,
            rendered,
            written: written_count,
            removed: removed.len(),
            css_only,
            elapsed: start.elapsed(),
            warnings,
        })
    }
}

/// What the last rebuild made, kept so that an edit which changes only what a case shows
/// (its text, title, summary, sources...) can be patched in instead of rebuilding it all.
struct Built {
    model: crate::model::Model,
    cards: Cards,
    links: crate::related::CaseLinks,
    jobs: Vec<crate::render::PageJob>,
    /// For each case, the jobs whose pages show it.
    dependents: Vec<Vec<u32>>,
    templates_fp: u64,
}

/// What the search index is a function of.
fn search_fingerprint(model: &crate::model::Model, cards: &Cards) -> u64 {
    fingerprint::of(&(
        &cards.fingerprints,
        model.cases.iter().map(|c| c.md_fp).collect::<Vec<_>>(),
    ))
}

/// The fields that decide where a case appears: its place in the order (with its title),
/// its terms, its related cases, its files. An edit that keeps them all can be patched.
fn same_place(a: &content::Case, b: &content::Case) -> bool {
    a.slug == b.slug
        && a.published == b.published
        && a.draft == b.draft
        && a.municipality == b.municipality
        && a.prefecture == b.prefecture
        && a.categories == b.categories
        && a.tags == b.tags
        && a.population == b.population
        && a.dir == b.dir
        && a.assets == b.assets
}

impl Session {
    /// The common edit, made cheap: every changed path is a case file that was already
    /// there, and the new text keeps the case in the same place (`same_place`, same
    /// position in the order). Then the site keeps its shape: the case is parsed and
    /// rendered again, its card and catalogue rows redone, and only the pages that show it
    /// are fingerprinted and, if changed, rendered. Nothing here grows with the number of
    /// cases except copying the catalogue files. `None` when the edit is anything else (or
    /// does not parse): the full path then handles it, errors included.
    fn patch(
        &mut self,
        changed: &[PathBuf],
        start: Instant,
    ) -> Option<Result<Outcome, Diagnostics>> {
        let timings = crate::timing::enabled();
        let root = self.opts.root.clone();
        let config = self.config.as_ref()?;
        let (sources, tera) = self.templates.as_ref()?;
        let built = self.built.as_mut()?;
        if self.written.is_empty() || built.templates_fp != sources.fingerprint() {
            return None;
        }
        // Find and check every case first: an edit that does not qualify changes nothing.
        let mut edits = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&root).ok()?;
            // Byte comparison: both sides are the same root-relative path, and comparing
            // `Path`s component by component costs a millisecond over 10,000 cases.
            let i = built
                .model
                .cases
                .iter()
                .position(|c| c.case.file.as_os_str() == rel.as_os_str())?;
            let case = self.parse_cache.reparse(&self.site, config, path)?;
            let cases = &built.model.cases;
            let in_order = (i == 0
                || crate::model::display_order(&cases[i - 1].case, &case).is_lt())
                && cases
                    .get(i + 1)
                    .is_none_or(|next| crate::model::display_order(&case, &next.case).is_lt());
            if !same_place(&built.model.cases[i].case, &case) || !in_order {
                // Parsed and cached already: the full path reuses the parse.
                return None;
            }
            edits.push((i, case));
        }
        let t_parse = start.elapsed();

        let Built {
            model,
            cards,
            links,
            jobs,
            dependents,
            ..
        } = built;
        let mut affected: Vec<u32> = Vec::new();
        // Feeds and the catalogue show what cards show and the sources, not the body.
        let mut meta_changed = Vec::new();
        for (i, case) in edits {
            let before = model.cases[i].meta_fingerprint();
            crate::model::replace_case(model, i, case, &mut self.md_cache);
            if model.cases[i].meta_fingerprint() != before {
                meta_changed.push(i);
            }
            cards.patch(model, i, &mut self.card_cache);
            affected.extend(&dependents[i]);
        }
        affected.sort_unstable();
        affected.dedup();
        let renderer = Renderer::new(tera, sources.fingerprint(), model, cards, links);
        renderer.refresh(jobs, &affected);
        let todo: Vec<&crate::render::PageJob> = affected
            .iter()
            .map(|&j| &jobs[j as usize])
            .filter(|j| self.page_fps.get(&j.path) != Some(&j.fingerprint))
            .collect();
        let pages = match renderer.render_some(&todo) {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        let rendered = pages.len();
        for j in &todo {
            self.page_fps.insert(j.path.clone(), j.fingerprint);
        }
        let t_render = start.elapsed();

        let mut files = pages;
        if !meta_changed.is_empty() {
            files.extend(crate::feed_files(
                model,
                &mut self.feed_cache,
                &meta_changed,
            ));
        }
        let t_feeds = start.elapsed();
        let to_write: Vec<(OutputFile, u64)> = files
            .into_iter()
            .map(|f| {
                let fp = file_fingerprint(&f);
                (f, fp)
            })
            .filter(|(f, fp)| self.written.get(&f.path) != Some(fp))
            .collect();
        let files: Vec<OutputFile> = to_write.iter().map(|(f, _)| f.clone()).collect();
        let failed = output::write_in_place(&self.out, &files);
        // Recorded only once on disk: a file that failed is written again next time.
        for (f, fp) in &to_write {
            self.written.insert(f.path.clone(), *fp);
        }
        forget_failed(&mut self.written, &mut self.page_fps, &failed);
        if !failed.is_empty() {
            self.built = None;
            return Some(Err(write_failures(&self.out, &failed)));
        }
        let t_write = start.elapsed();

        let search_fp = search_fingerprint(model, cards);
        let search_pending =
            search_fp != self.search.inputs_fp || self.search.failed.swap(false, Ordering::SeqCst);
        self.search.inputs_fp = search_fp;
        let (cases, pages) = (model.cases.len(), jobs.len());
        if search_pending {
            let cases = model.cases.clone();
            Self::spawn_search(&mut self.search, &self.out, cases, start);
        }
        let t_search = start.elapsed();
        if timings {
            crate::errln!(
                "  patch: parse {:.1} ms, render {:.1} ms, feeds {:.1} ms, write {:.1} ms, search start {:.1} ms, total {:.1} ms",
                t_parse.as_secs_f64() * 1000.0,
                (t_render - t_parse).as_secs_f64() * 1000.0,
                (t_feeds - t_render).as_secs_f64() * 1000.0,
                (t_write - t_feeds).as_secs_f64() * 1000.0,
                (t_search - t_write).as_secs_f64() * 1000.0,
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        Some(Ok(Outcome {
            search_pending,
            cases,
            pages,
            rendered,
            written: files.len(),
            removed: 0,
            css_only: false,
            elapsed: start.elapsed(),
            warnings: Vec::new(),
        }))
    }

    fn spawn_search(
        search: &mut SearchState,
        out: &Path,
        cases: Arc<Vec<crate::model::CaseModel>>,
        started: Instant,
    ) {
        let generation = search.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let current = search.generation.clone();
        let written = search.written.clone();
        let failed_flag = search.failed.clone();
        let out = out.to_path_buf();
        let on_done = search.on_done.clone();
        let handle = std::thread::spawn(move || {
            let files = background_pool().install(|| crate::search_files(&cases));
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
                crate::msg!(
                    ja: "検索の索引を更新しました: {} ファイルを書き、{} ファイルを消しました (変更から {:.1} ms)",
                    en: "search index updated: {} files written, {} removed, {:.1} ms after the change",
                    changed.len(),
                    stale.len(),
                    started.elapsed().as_secs_f64() * 1000.0
                )
            } else {
                failed_flag.store(true, Ordering::SeqCst);
                write_failures(&out, &failed).render(false)
            };
            if let Some(f) = on_done {
                f(line);
            }
        });
        search.latest = Some(handle);
    }
}

/// Failed files are not what the session believes is on disk: forget them, so that the
/// next rebuild renders and writes them again.
fn forget_failed(
    written: &mut HashMap<String, u64>,
    page_fps: &mut HashMap<String, u64>,
    failed: &[output::Failed],
) {
    for f in failed {
        written.remove(&f.path);
        page_fps.remove(&f.path);
    }
}

/// The error for files that could not be written or removed.
fn write_failures(out: &Path, failed: &[output::Failed]) -> Diagnostics {
    let n = failed.len();
    let list: Vec<String> = failed
        .iter()
        .take(5)
        .map(|f| format!("{}: {}", f.path, f.error))
        .collect();
    let list = list.join("\n  ");
    Diagnostics::from(
        Diagnostic::new(
            out,
            crate::msg!(
                ja: "出力フォルダーに書き込めなかったファイルが {n} 件あります:\n  {list}",
                en: "{n} files of the output folder could not be written:\n  {list}"
            ),
        )
        .hint(crate::msg!(
            ja: "フォルダーに書き込めるか、ディスクに空きがあるか、ほかのソフトがファイルを開いていないかを確かめてください。次に保存したときに、もう一度書き込みます",
            en: "check that the folder is writable, the disk is not full and no other program holds the files; they are written again on the next change"
        )),
    )
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

/// Fingerprint of a file's content: its bytes, or for a copy its source's path, size and
/// modification time (reading every image to compare would cost more than copying).
fn file_fingerprint(f: &OutputFile) -> u64 {
    match &f.body {
        // A fast word-wise hash: the catalogue files are megabytes at 10,000 cases.
        Body::Bytes(b) => fingerprint::bytes(b),
        Body::Copy(p) => {
            let meta = std::fs::metadata(p).ok();
            let len = meta.as_ref().map(|m| m.len());
            let mtime = meta.and_then(|m| m.modified().ok());
            fingerprint::of(&(p, len, mtime))
        }
    }
}
