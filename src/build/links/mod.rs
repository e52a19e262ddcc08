//! Links written in the Markdown of cases and pages: resolved, rewritten and checked where
//! they are written, so that a broken one is an error naming the file, line and column.
//!
//! A link by source file (`../cases/a.md`, `@/cases/a.md`, `@/cases/a`), optionally with
//! `#見出し`, becomes the root-relative URL of that page under the base path, whatever its
//! `slug:`. Other links inside the site (`../../about/`, `flow.svg`, `#見出し`) are kept as
//! written and checked against the files the build writes and the headings of the page.
//!
//! A page's links depend on other files (the target exists, is not a draft, has the
//! heading). Each checked page records those dependencies ([`Dep`]) with the hash of their
//! state ([`LinkIndex::state`]); the engine renders the page again whenever that state
//! changes, so that an incremental build reports exactly what a clean build would.

mod report;
mod resolve;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use unicode_normalization::UnicodeNormalization;

use crate::model::Model;
use crate::sources::{SiteRoot, TEXT_LIMIT};

pub use report::diagnostics;
pub use resolve::{render, resolve_pages, Checked};

/// What a source key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Case(usize),
    Page(usize),
}

/// Something outside a page that its links rely on.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Dep {
    /// A source file (content-relative key); `anchor`: its headings count too.
    Source { key: String, anchor: bool },
    /// A file of the output (for links written as URLs).
    Output(String),
}

/// The headings of case bodies other than the one being rendered, kept by file with the
/// fingerprint of the body they came from (the authoring loop keeps this between runs).
#[derive(Default)]
pub struct AnchorCache(Mutex<HashMap<String, Anchors>>);

/// The ids of a body's headings, with the fingerprint of the body.
type Anchors = (u64, Arc<Vec<String>>);

/// Every source file a link may name, and every file the build writes.
pub struct LinkIndex {
    sources: HashMap<String, Target>,
    files: HashSet<String>,
    /// Folders with an index.html, without the trailing slash ("" for the root).
    dirs: HashSet<String>,
}

/// The content-relative key of a site-relative source file (`content/cases/a.md` ->
/// `cases/a.md`), in NFC with `/` separators: what a link by source file is compared with.
fn key_of(file: &Path, root: &Path) -> Option<String> {
    let rel = file
        .strip_prefix("content")
        .or_else(|_| file.strip_prefix(root.join("content")))
        .ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().nfc().collect())
        .collect();
    Some(parts.join("/"))
}

impl LinkIndex {
    /// `outputs`: every file the build writes, relative to the output root.
    pub fn new<'a>(model: &Model, root: &Path, outputs: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sources = HashMap::new();
        for (i, cm) in model.cases.iter().enumerate() {
            if let Some(key) = key_of(&cm.case.file, root) {
                // A case in its own folder is also named by the folder.
                if let Some(dir) = key.strip_suffix("/index.md") {
                    sources.insert(dir.to_string(), Target::Case(i));
                }
                sources.insert(key, Target::Case(i));
            }
        }
        for (i, pm) in model.pages.iter().enumerate() {
            if let Some(key) = key_of(&pm.page.file, root) {
                sources.insert(key, Target::Page(i));
            }
        }
        let files: HashSet<String> = outputs.into_iter().map(str::to_string).collect();
        let dirs = files
            .iter()
            .filter_map(|p| match p.as_str() {
                "index.html" => Some(String::new()),
                p => p.strip_suffix("/index.html").map(str::to_string),
            })
            .collect();
        LinkIndex {
            sources,
            files,
            dirs,
        }
    }

    fn output_exists(&self, target: &str) -> bool {
        match target.strip_suffix('/') {
            _ if target.is_empty() => self.dirs.contains(""),
            Some(dir) => self.dirs.contains(dir),
            None => self.files.contains(target) || self.dirs.contains(target),
        }
    }

    /// The hash of what `deps` rely on, as the site is now: equal hashes, equal verdicts.
    pub fn state(&self, deps: &[Dep], model: &Model, site: &SiteRoot) -> u64 {
        let states: Vec<(u8, String, u64)> = deps
            .iter()
            .map(|d| match d {
                Dep::Source { key, anchor } => match self.sources.get(key) {
                    Some(Target::Case(i)) => {
                        let cm = &model.cases[*i];
                        let fp = if *anchor { cm.case.body_fp } else { 0 };
                        (1, cm.route.dir().to_string(), fp)
                    }
                    Some(Target::Page(i)) => {
                        let pm = &model.pages[*i];
                        let fp = if *anchor {
                            crate::fingerprint::of(&pm.md.anchors)
                        } else {
                            0
                        };
                        (2, pm.route.dir().to_string(), fp)
                    }
                    None => (3, String::new(), on_disk(site, key) as u64),
                },
                Dep::Output(path) => (4, String::new(), self.output_exists(path) as u64),
            })
            .collect();
        crate::fingerprint::of(&states)
    }
}

/// Whether a case file exists under content/ that the model does not hold (a draft): read
/// through the site root, so that nothing outside the site is ever looked at.
fn on_disk(site: &SiteRoot, key: &str) -> bool {
    if !key.starts_with("cases/") || key.contains(['\\', ':']) || key.chars().any(char::is_control)
    {
        return false;
    }
    let content = site.path().join("content");
    let file = if key.ends_with(".md") {
        content.join(key)
    } else {
        content.join(key).join("index.md")
    };
    site.read_head(&file, TEXT_LIMIT, 0).is_ok()
}

/// What one page needs to resolve its links.
#[derive(Clone, Copy)]
pub struct LinkCtx<'a> {
    pub index: &'a LinkIndex,
    pub model: &'a Model,
    pub site: &'a SiteRoot,
    pub anchors: &'a AnchorCache,
}

/// What the links of each page rendered last relied on, by output path, with the hash of
/// its state then: the page is rendered (and so checked) again when that state changes.
#[derive(Default)]
pub struct LinkBook(HashMap<String, (Vec<Dep>, u64)>);

impl LinkBook {
    /// Whether what the page's links rely on changed since it was rendered.
    pub fn stale(&self, page: &str, ctx: LinkCtx) -> bool {
        self.0
            .get(page)
            .is_some_and(|(deps, st)| ctx.index.state(deps, ctx.model, ctx.site) != *st)
    }

    /// Every page's entry, to be kept beside the output for the next build.
    pub fn entries(&self) -> Vec<(String, Vec<Dep>, u64)> {
        self.0
            .iter()
            .map(|(p, (d, s))| (p.clone(), d.clone(), *s))
            .collect()
    }

    pub fn record(&mut self, pages: Vec<(String, Vec<Dep>, u64)>) {
        for (page, deps, st) in pages {
            if deps.is_empty() {
                self.0.remove(&page);
            } else {
                self.0.insert(page, (deps, st));
            }
        }
    }
}
