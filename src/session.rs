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

use tera::Tera;

use crate::config::{self, Config};
use crate::content::{self, ParseCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, MarkdownCache};
use crate::output::{self, Body, OutputFile};
use crate::render::{fingerprint, CardCache, Cards, Renderer};
use crate::templates::{self, TemplateSources};
use crate::BuildOptions;

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub cases: usize,
    pub pages: usize,
    /// Pages rendered this time (the others kept their fingerprint).
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    /// Only stylesheets changed: a browser can swap them without a reload.
    pub css_only: bool,
    pub elapsed: Duration,
}

/// State kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
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
    /// Fingerprint of every file's bytes (or copy source) as last written.
    written: HashMap<String, u64>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Self {
        let out = opts.output_dir();
        Session {
            opts,
            out,
            config: None,
            templates: None,
            parse_cache: ParseCache::default(),
            md_cache: MarkdownCache::default(),
            card_cache: CardCache::default(),
            feed_cache: Default::default(),
            related_cache: Default::default(),
            page_fps: HashMap::new(),
            written: HashMap::new(),
        }
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
        let timings = std::env::var_os("YOKOTEN_TIMINGS").is_some();
        let mut t = Instant::now();
        let mut phase = |name: &str| {
            if timings {
                eprintln!(
                    "  {name:<10} {:>8.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
            t = Instant::now();
        };
        let touches = |dir: &Path| {
            changed
                .iter()
                .any(|p| p.starts_with(dir) || dir.starts_with(p))
        };

        output::check_output_dir(&root, &self.out)
            .map_err(|m| Diagnostics::from(Diagnostic::new("--output", m)))?;

        if full || touches(&root.join(config::CONFIG_FILE)) || self.config.is_none() {
            let mut config = config::load(&root)?;
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
            let sources = templates::load(&root, &config.theme)?;
            let tera = templates::compile(&sources)?;
            self.templates = Some((sources, tera));
        }
        let (sources, tera) = self.templates.as_ref().expect("set above");

        self.parse_cache.invalidate(&changed);
        let content =
            content::load_cached(&root, &config, self.opts.drafts, &mut self.parse_cache)?;
        phase("load");
        let mut statics = output::static_files(&theme_dir.join("static"), "");
        statics.extend(output::static_files(&root.join("static"), ""));

        let model = model::build_cached(config, content, &mut self.md_cache);
        phase("model");
        let cards = Cards::build_cached(&model, &mut self.card_cache);
        let links = crate::related::CaseLinks::build_cached(&model, &mut self.related_cache);
        phase("cards");
        let renderer = Renderer::new(tera, sources.fingerprint(), &model, &cards, &links);
        let jobs = renderer.jobs();
        phase("jobs");
        let skip = if self.written.is_empty() {
            None
        } else {
            Some(&self.page_fps)
        };
        let pages = renderer.render(&jobs, skip)?;
        let rendered = pages.len();
        phase("render");
        let mut files = pages;
        files.extend(crate::site_files(&model, statics, &mut self.feed_cache));
        phase("feeds");

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
            current.insert(path, fp);
        }
        let written_count = to_write.len();
        phase("diff");
        let removed: Vec<String> = self
            .written
            .keys()
            .filter(|p| !current.contains_key(*p))
            .cloned()
            .collect();

        let io_err = |e: std::io::Error| {
            Diagnostics::from(Diagnostic::new(
                &self.out,
                format!("cannot write the site: {e}"),
            ))
        };
        if self.written.is_empty() {
            // First build of the session: a clean, staged write.
            output::write_site(&self.out, &to_write).map_err(io_err)?;
        } else {
            output::write_all(&self.out, &to_write).map_err(io_err)?;
            for p in &removed {
                remove_with_empty_parents(&self.out, p);
            }
        }

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
        Ok(Outcome {
            cases: model.cases.len(),
            pages: jobs.len(),
            rendered,
            written: written_count,
            removed: removed.len(),
            css_only,
            elapsed: start.elapsed(),
        })
    }
}

/// Fingerprint of a file's content: its bytes, or for a copy its source's path, size and
/// modification time (reading every image to compare would cost more than copying).
fn file_fingerprint(f: &OutputFile) -> u64 {
    match &f.body {
        Body::Bytes(b) => fingerprint(b.as_slice()),
        Body::Copy(p) => {
            let meta = std::fs::metadata(p).ok();
            let len = meta.as_ref().map(|m| m.len());
            let mtime = meta.and_then(|m| m.modified().ok());
            fingerprint(&(p, len, mtime))
        }
    }
}

fn remove_with_empty_parents(out: &Path, rel: &str) {
    let path = out.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
