//! What the last build wrote, kept beside the output (`.<name>.yokoten-manifest`) so that
//! the next `yokoten build` over it renders and writes only what changed.
//!
//! The manifest is trusted only as far as the disk agrees with it: it is ignored whole when
//! another yokoten (version, binary or format) wrote it, and each file it records counts
//! only while the file is still there with the size, modification time and inode recorded
//! (a file edited, replaced or deleted by hand is then unknown, and written again). It is
//! removed before a build changes anything in the output and written again once the build
//! is whole, so a manifest on disk always describes a finished build.
//!
//! It lives beside the output, not in it, so that it is never published.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::beside::{sibling, MARKER};
use super::io_pool;

/// Bumped whenever what the manifest means changes: an older one is then ignored.
const FORMAT: u32 = 1;

/// One file of the built site as the build made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    /// The fingerprint of the inputs a page was rendered from (pages only).
    pub page: Option<u64>,
    /// The fingerprint of the file's bytes (or copy source); 0 for pages.
    pub bytes: u64,
    /// A file of the search index (tracked apart: the index is rebuilt as a whole).
    pub search: bool,
    #[serde(default)]
    pub stat: Stat,
}

/// What a file on disk looks like, enough to tell that nobody touched it since.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub len: u64,
    pub secs: i64,
    pub nanos: u32,
    pub ino: u64,
}

impl Stat {
    fn of(meta: &std::fs::Metadata) -> Stat {
        let (secs, nanos) = match meta
            .modified()
            .map(|t| t.duration_since(std::time::UNIX_EPOCH))
        {
            Ok(Ok(d)) => (d.as_secs() as i64, d.subsec_nanos()),
            _ => (-1, 0),
        };
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let ino = 0;
        Stat {
            len: meta.len(),
            secs,
            nanos,
            ino,
        }
    }
}

/// The manifest as written: `L` is what the engine keeps of each page's links.
#[derive(Serialize, Deserialize)]
pub struct Manifest<L> {
    format: u32,
    /// Which yokoten wrote it (version and binary): another one may render differently.
    engine: String,
    /// Fingerprint of what the search index was built from.
    pub search_inputs: u64,
    pub files: Vec<Entry>,
    pub links: Vec<L>,
}

/// A manifest checked against the disk.
pub struct Loaded<L> {
    /// Fingerprint of what the search index was built from; 0 (stale) when one of its files
    /// is not as recorded.
    pub search_inputs: u64,
    /// The recorded files still on disk as recorded.
    pub files: Vec<Entry>,
    pub links: Vec<L>,
    /// Every file now in the output (relative paths), recorded or not: what a build must
    /// remove when the site no longer has it.
    pub on_disk: Vec<String>,
}

fn path_of(output: &Path) -> std::path::PathBuf {
    sibling(output, "manifest")
}

/// Which yokoten this is: its version and its binary (size and time), so that a rebuilt
/// yokoten, which may render the same inputs differently, starts afresh.
fn engine_stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| Stat::of(&m))
        .unwrap_or_default();
    format!(
        "{}/{}/{}.{}",
        env!("CARGO_PKG_VERSION"),
        exe.len,
        exe.secs,
        exe.nanos
    )
}

/// The manifest of `output`, checked against the disk; `None` when there is none, it is
/// not this yokoten's, or the output cannot be listed: the build is then a clean one.
pub fn load<L: DeserializeOwned>(output: &Path) -> Option<Loaded<L>> {
    // Without its marker the folder is not plainly ours any more: a clean build marks it.
    if !output.join(MARKER).is_file() {
        return None;
    }
    let text = std::fs::read(path_of(output)).ok()?;
    let m: Manifest<L> = serde_json::from_slice(&text).ok()?;
    if m.format != FORMAT || m.engine != engine_stamp() {
        return None;
    }
    let disk = list(output)?;
    let mut search_inputs = m.search_inputs;
    let mut files = Vec::with_capacity(m.files.len());
    for e in m.files {
        if disk.get(&e.path) == Some(&e.stat) {
            files.push(e);
        } else if e.search {
            // The index is made whole or not at all: one file off and it is made again.
            search_inputs = 0;
        }
    }
    Some(Loaded {
        search_inputs,
        files,
        links: m.links,
        on_disk: disk.into_keys().collect(),
    })
}

/// Every file under `output` with its stat (paths relative, `/`-separated), the marker
/// aside; `None` when a name is not UTF-8 or a folder cannot be read (a clean build then
/// replaces the whole folder, which handles both).
fn list(output: &Path) -> Option<HashMap<String, Stat>> {
    let mut out = HashMap::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).ok()?;
        let mut parts = Vec::new();
        for c in rel.components() {
            parts.push(c.as_os_str().to_str()?);
        }
        let rel = parts.join("/");
        if rel == MARKER {
            continue;
        }
        let meta = entry.metadata().ok()?;
        let mut stat = Stat::of(&meta);
        if entry.path_is_symlink() {
            // Listed, so that it goes, and never taken for a file the build wrote.
            stat.len = u64::MAX;
        }
        out.insert(rel, stat);
    }
    Some(out)
}

/// Remove the manifest: the output is about to change.
pub fn forget(output: &Path) -> io::Result<()> {
    match std::fs::remove_file(path_of(output)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Write the manifest of the finished build in `output`: each entry gets the stat of its
/// file as it is now (one that cannot be looked at is left out, so it is written again).
pub fn save<L: Serialize>(
    output: &Path,
    files: Vec<Entry>,
    search_inputs: u64,
    links: Vec<L>,
) -> io::Result<()> {
    let files: Vec<Entry> = io_pool().install(|| {
        files
            .into_par_iter()
            .filter_map(|mut e| {
                let meta = std::fs::symlink_metadata(output.join(&e.path)).ok()?;
                e.stat = Stat::of(&meta);
                Some(e)
            })
            .collect()
    });
    let m = Manifest {
        format: FORMAT,
        engine: engine_stamp(),
        search_inputs,
        files,
        links,
    };
    let text = serde_json::to_vec(&m).map_err(io::Error::other)?;
    let path = path_of(output);
    let temp = sibling(output, "manifest-tmp");
    let mut f = std::fs::File::create(&temp)?;
    f.write_all(&text)?;
    drop(f);
    std::fs::rename(&temp, &path)
}
