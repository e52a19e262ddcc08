//! Writing the built site, never anything else.
//!
//! - [`claim`]: an output folder is checked against the site's sources and against files
//!   yokoten did not make, and locked for one build at a time.
//! - [`beside`]: the marker in every output, and the names of what a build keeps beside it.
//! - [`staging`]: a clean build writes into a staging folder beside the output and swaps it
//!   in only when every file is written, so a failed or interrupted build leaves the
//!   previous site exactly as it was.
//! - [`update`]: a build over an output the last build made ([`manifest`] says what is
//!   there) stages only the files whose bytes changed and moves them into place under a
//!   journal, which the next build completes if this one is stopped halfway.
//! - [`in_place`]: the authoring loop (`build --watch`, `serve`) updates a live folder file
//!   by file, each file written under a temporary name and renamed over the old one.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod beside;
mod claim;
mod in_place;
pub mod manifest;
mod staging;
mod update;

pub use beside::MARKER;
pub use claim::{resolve, Checked, OutputDir};
pub use in_place::{remove_in_place, write_in_place, Failed};
pub use staging::Staging;
pub use update::Update;

/// One file of the built site, path relative to the output root (forward slashes, UTF-8).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Copied as is from a source file (static files, a case's images and PDFs).
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(bytes),
        }
    }
    pub fn copy(path: impl Into<String>, from: PathBuf) -> Self {
        OutputFile {
            path: path.into(),
            body: Body::Copy(from),
        }
    }
}

/// File-system work waits on the disk more than it computes, so it runs on its own pool,
/// wider than the CPU-bound pool that renders pages (`YOKOTEN_IO_THREADS` overrides).
pub(crate) fn io_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let n = std::env::var("YOKOTEN_IO_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(4, |n| n.get() * 4))
            .max(1);
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("yokoten-io-{i}"))
            .build()
            .expect("a thread pool for writing files")
    })
}

pub(crate) fn remove_if_exists(p: &Path) -> io::Result<()> {
    match io_pool().install(|| remove_tree(p)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `remove_dir_all`, with the entries of each folder removed in parallel (a built site has
/// folders of thousands of one-file folders: `cases/<slug>/index.html`).
pub fn remove_tree(p: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(p)?;
    if !meta.is_dir() {
        return std::fs::remove_file(p);
    }
    let entries: Vec<(PathBuf, bool)> = std::fs::read_dir(p)?
        .map(|e| {
            let e = e?;
            let is_dir = e.file_type()?.is_dir();
            Ok((e.path(), is_dir))
        })
        .collect::<io::Result<_>>()?;
    let remove = |(path, is_dir): &(PathBuf, bool)| -> io::Result<()> {
        let r = if *is_dir {
            remove_tree(path)
        } else {
            std::fs::remove_file(path)
        };
        match r {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    };
    if entries.len() > 16 {
        entries.par_iter().try_for_each(remove)?;
    } else {
        entries.iter().try_for_each(remove)?;
    }
    std::fs::remove_dir(p)
}

/// Whether the file at `path` holds exactly `bytes` (a size check first, so most changed
/// files are told apart without reading them).
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// `made`: folders known to exist already (and recorded there once made).
pub(crate) fn write_files(
    dir: &Path,
    files: &[OutputFile],
    current: Option<&Path>,
    mut made: Option<&mut HashSet<String>>,
) -> io::Result<()> {
    // Every folder any file needs, with its ancestors, by depth.
    let mut folders: Vec<&str> = Vec::new();
    for f in files {
        let mut p = f.path.as_str();
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if p.is_empty() || made.as_ref().is_some_and(|m| m.contains(p)) {
                break;
            }
            folders.push(p);
        }
    }
    folders.sort_unstable();
    folders.dedup();
    let depth = |p: &str| p.bytes().filter(|&b| b == b'/').count();
    folders.sort_by_key(|p| depth(p));
    for level in folders.chunk_by(|a, b| depth(a) == depth(b)) {
        level
            .par_iter()
            .try_for_each(|rel| match std::fs::create_dir(dir.join(rel)) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                    Err(crate::diagnostics::io_at(&dir.join(rel), e))
                }
                _ => Ok(()),
            })?;
    }
    if let Some(made) = made.as_mut() {
        made.extend(folders.iter().map(|f| f.to_string()));
    }
    files.par_iter().try_for_each(|f| {
        let target = dir.join(&f.path);
        match &f.body {
            Body::Bytes(b) => {
                let unchanged = current
                    .map(|cur| cur.join(&f.path))
                    .filter(|old| same_content(old, b));
                match unchanged {
                    Some(old) if std::fs::hard_link(&old, &target).is_ok() => Ok(()),
                    _ => std::fs::write(&target, b),
                }
            }
            Body::Copy(from) => std::fs::copy(from, &target).map(|_| ()),
        }
        .map_err(|e| crate::diagnostics::io_at(&target, e))
    })
}

/// Refuse a site with two files that would be one on Windows or macOS, whose file systems
/// ignore case and the Unicode form (`Photo.png` and `photo.png`; が written as one character
/// or as か and a mark): one would silently replace the other where the site is published.
pub fn check_collisions<'a>(
    paths: impl Iterator<Item = &'a str>,
) -> Result<(), crate::diagnostics::Diagnostics> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut errors = crate::diagnostics::Diagnostics::default();
    for path in paths {
        if let Some(first) = seen.insert(crate::names::file_key(path), path) {
            errors.push(
                crate::diagnostics::Diagnostic::new(
                    path,
                    crate::messages::output::names_collide(first, path),
                )
                .hint(crate::messages::output::names_collide_hint()),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Static files of a folder (theme or site `static/`), to be copied to `prefix` + their
/// path; and the files refused (links out of the site, special files, files too large).
pub fn static_files(
    site: &crate::sources::SiteRoot,
    dir: &Path,
    prefix: &str,
) -> Result<Vec<OutputFile>, crate::diagnostics::Diagnostics> {
    let root = site.path();
    if let Err(r) = site.check_dir(dir) {
        return Err(r.diagnostic(root, dir).into());
    }
    let listing = site.walk_files(dir, Some(crate::sources::FILE_LIMIT));
    if !listing.refused.is_empty() {
        return Err(crate::diagnostics::Diagnostics(
            listing
                .refused
                .iter()
                .map(|(p, r)| r.diagnostic(root, p))
                .collect(),
        ));
    }
    Ok(listing
        .entries
        .into_iter()
        .filter_map(|(path, _)| {
            let rel = path.strip_prefix(dir).ok()?.to_str()?.replace('\\', "/");
            Some(OutputFile::copy(format!("{prefix}{rel}"), path))
        })
        .collect())
}
