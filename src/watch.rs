//! Watching a site's sources for changes: file events (or polling, for network drives where
//! events do not arrive), filtered to what a build reads, and debounced into batches so
//! that one save (editors often write a temp file, rename it, touch it again) is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::SystemTime;

use crate::messages;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::sources::is_temporary;

/// Quiet time that ends a batch, and the longest a batch may wait. Editors' saves (temp
/// file + rename, VS Code's several writes, vim's backup dance) arrive within a millisecond
/// or two; a later straggler only costs one more (cheap) rebuild, never a wrong one.
const SETTLE: Duration = Duration::from_millis(10);
const MAX_WAIT: Duration = Duration::from_millis(500);
const POLL_INTERVAL: Duration = Duration::from_millis(300);

enum Backend {
    Native(RecommendedWatcher),
    /// Our own poller: notify's compares modification times in whole seconds, which misses
    /// two saves within one second; this compares size and time to the nanosecond.
    Poll(Arc<AtomicBool>),
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Backend::Poll(stop) = self {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

type Snapshot = HashMap<PathBuf, (u64, Option<SystemTime>)>;

fn snapshot(root: &Path) -> Snapshot {
    let mut snap = Snapshot::new();
    for (path, mode) in watched(root) {
        let depth = if mode == RecursiveMode::Recursive {
            usize::MAX
        } else {
            1
        };
        for e in walkdir::WalkDir::new(&path)
            .max_depth(depth)
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(m) = e.metadata() {
                snap.insert(e.path().to_path_buf(), (m.len(), m.modified().ok()));
            }
        }
    }
    snap
}

fn poll_loop(
    root: PathBuf,
    mut before: Snapshot,
    tx: Sender<notify::Result<Event>>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(POLL_INTERVAL);
        let now = snapshot(&root);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(p, v)| before.get(*p) != Some(v))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
        if !changed.is_empty() {
            let mut event = Event::new(EventKind::Any);
            event.paths = changed;
            if tx.send(Ok(event)).is_err() {
                return;
            }
        }
        before = now;
    }
}

/// One burst of changes.
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// When the first relevant event arrived: the authoring loop's latency counts from here.
    pub first_event: Instant,
}

pub struct SiteWatcher {
    rx: Receiver<notify::Result<Event>>,
    /// Wakes `next_batch` up from outside (a stop request).
    wake: Sender<notify::Result<Event>>,
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
        let wake = tx.clone();
        let backend = if poll {
            let stop = Arc::new(AtomicBool::new(false));
            let (r, s) = (root.clone(), stop.clone());
            // The first snapshot is taken before `new` returns: taken on the thread, it could
            // come after an editor's first save (the caller says "watching" at once) and
            // hide it.
            let first = snapshot(&root);
            std::thread::spawn(move || poll_loop(r, first, tx, s));
            Backend::Poll(stop)
        } else {
            let mut w = notify::recommended_watcher(tx)?;
            for (path, mode) in watched(&root) {
                w.watch(&path, mode)?;
            }
            Backend::Native(w)
        };
        Ok(SiteWatcher {
            rx,
            wake,
            _backend: backend,
            root,
            output,
        })
    }

    /// A function that makes a waiting [`SiteWatcher::next_batch`] look at
    /// [`crate::interrupt::requested`] at once.
    pub fn waker(&self) -> impl Fn() + Send + 'static {
        let wake = self.wake.clone();
        move || {
            let _ = wake.send(Err(notify::Error::generic("stop requested")));
        }
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
    pub fn next_batch(&mut self) -> Option<Batch> {
        loop {
            let (mut batch, created, started) = self.burst()?;
            // A file made and gone within the burst is an editor's or a tool's temporary
            // file, whatever its name (`sed -i` writes `sedXXXXXX`, then renames it over
            // the case): it changes nothing, and counting it would turn a one-case edit
            // into a full rebuild.
            batch.retain(|p| !created.contains(p) || p.exists());
            if !batch.is_empty() {
                return Some(Batch {
                    paths: batch.into_iter().collect(),
                    first_event: started,
                });
            }
        }
    }

    /// The relevant paths of one burst of events (from the first until none came for
    /// `SETTLE`, or `MAX_WAIT`), those the burst created, and when it began.
    fn burst(&mut self) -> Option<(BTreeSet<PathBuf>, BTreeSet<PathBuf>, Instant)> {
        let (mut batch, mut created) = (BTreeSet::new(), BTreeSet::new());
        while batch.is_empty() {
            // Asked before the wait too: a Ctrl+C during the first build came before anyone
            // could wake this wait.
            if crate::interrupt::requested() {
                return None;
            }
            let event = self.rx.recv().ok()?;
            if crate::interrupt::requested() {
                return None;
            }
            self.collect(event, &mut batch, &mut created);
        }
        let started = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            if crate::interrupt::requested() {
                return None;
            }
            match self.rx.recv_timeout(SETTLE.min(left)) {
                Ok(event) => self.collect(event, &mut batch, &mut created),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        Some((batch, created, started))
    }

    /// `created`: paths whose first event in the burst made them.
    fn collect(
        &mut self,
        event: notify::Result<Event>,
        batch: &mut BTreeSet<PathBuf>,
        created: &mut BTreeSet<PathBuf>,
    ) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let creates = matches!(event.kind, EventKind::Create(_));
        for p in event.paths {
            if self.relevant(&p) {
                // A folder created at the top (e.g. static/) must be watched from now on.
                // (The poller re-lists the top folders on every pass by itself.)
                if let Backend::Native(w) = &mut self._backend {
                    if p.parent() == Some(self.root.as_path()) && p.is_dir() {
                        let _ = w.watch(&p, RecursiveMode::Recursive);
                    }
                }
                if creates && !batch.contains(&p) {
                    created.insert(p.clone());
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
        0 => messages::cli::changed_nothing(),
        1 => shown[0].clone(),
        n => messages::cli::changed_files(n, &shown[0]),
    }
}
