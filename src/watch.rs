//! Watching a site's sources for changes: file events (or polling, for network drives where
//! events do not arrive), filtered to what a build reads, and debounced into batches so
//! that one save (editors often write a temp file, rename it, touch it again) is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_temporary;

/// Quiet time that ends a batch, and the longest a batch may wait.
const SETTLE: Duration = Duration::from_millis(25);
const MAX_WAIT: Duration = Duration::from_millis(500);
const POLL_INTERVAL: Duration = Duration::from_millis(300);

enum Backend {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

pub struct SiteWatcher {
    rx: Receiver<notify::Result<Event>>,
    _backend: Backend,
    /// Absolute paths.
    root: PathBuf,
    output: PathBuf,
}

/// The folders and files under `root` that a build reads.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut v = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "themes", "templates", "static"] {
        let p = root.join(dir);
        if p.is_dir() {
            v.push((p, RecursiveMode::Recursive));
        }
    }
    v
}

impl SiteWatcher {
    pub fn new(root: &Path, output: &Path, poll: bool) -> notify::Result<Self> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        let (tx, rx) = channel();
        let mut backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(false);
            Backend::Poll(PollWatcher::new(tx, config)?)
        } else {
            Backend::Native(notify::recommended_watcher(tx)?)
        };
        for (path, mode) in watched(&root) {
            match &mut backend {
                Backend::Native(w) => w.watch(&path, mode)?,
                Backend::Poll(w) => w.watch(&path, mode)?,
            }
        }
        Ok(SiteWatcher {
            rx,
            _backend: backend,
            root,
            output,
        })
    }

    /// Whether a changed path can affect the build.
    fn relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) || is_temporary(path) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        match parts.next().and_then(|c| c.as_os_str().to_str()) {
            Some("site.yaml") => parts.next().is_none(),
            Some("content" | "themes" | "templates" | "static") => true,
            _ => false,
        }
    }

    /// Block until something relevant changes; return every path changed in the burst.
    /// `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut batch = BTreeSet::new();
        loop {
            let event = self.rx.recv().ok()?;
            self.collect(event, &mut batch);
            if !batch.is_empty() {
                break;
            }
        }
        let started = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(SETTLE.min(left)) {
                Ok(event) => self.collect(event, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(batch.into_iter().collect())
    }

    fn collect(&mut self, event: notify::Result<Event>, batch: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for p in event.paths {
            if self.relevant(&p) {
                // A folder created at the top (e.g. static/) must be watched from now on.
                if p.parent() == Some(self.root.as_path()) && p.is_dir() {
                    let _ = match &mut self._backend {
                        Backend::Native(w) => w.watch(&p, RecursiveMode::Recursive),
                        Backend::Poll(w) => w.watch(&p, RecursiveMode::Recursive),
                    };
                }
                batch.insert(p);
            }
        }
    }
}

/// Short description of a batch for the rebuild line: "content/cases/awara.md" or
/// "3 files (content/cases/a.md, ...)".
pub fn describe(root: &Path, paths: &[PathBuf]) -> String {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let shown: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    match shown.len() {
        0 => "nothing".into(),
        1 => shown[0].clone(),
        n => format!("{n} files ({}, ...)", shown[0]),
    }
}
