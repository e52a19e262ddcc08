//! Writing the built site. Everything is written into a staging folder beside the output;
//! only when every file is written is the staging folder swapped in, so a failed build
//! leaves the previous site exactly as it was.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

/// Refuse outputs that would swap away the site's own sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (abs(root), abs(output));
    if root.starts_with(&out) {
        return Err(format!(
            "the output folder {} contains the site itself; choose another --output",
            output.display()
        ));
    }
    for src in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(src)) {
            return Err(format!(
                "the output folder {} is inside the site's {src}/ folder; choose another --output",
                output.display()
            ));
        }
    }
    Ok(())
}

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{suffix}"))
}

/// File-system work waits on the disk more than it computes, so it runs on its own pool,
/// wider than the CPU-bound pool that renders pages (`YOKOTEN_IO_THREADS` overrides).
fn io_pool() -> &'static rayon::ThreadPool {
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

/// Write `files` into a fresh staging folder, then swap it in as `output`.
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut staging = Staging::new(output)?;
    staging.write(files)?;
    staging.commit()
}

/// A site being written: files go into a staging folder beside the output as they come, in
/// as many batches as the caller likes (so a build need not hold every page in memory at
/// once), and [`Staging::commit`] swaps the folder in. Dropped without a commit, it removes
/// the staging folder and leaves the output as it was.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// The current site, when there is one: files that come out the same are hard-linked
    /// from it rather than written again, so no data is written now and none is freed when
    /// the previous site is removed after the swap.
    current: Option<PathBuf>,
    /// Folders made so far, relative to the staging folder.
    folders: HashSet<String>,
    started: std::time::Instant,
    committed: bool,
}

impl Staging {
    pub fn new(output: &Path) -> io::Result<Self> {
        let staging = sibling(output, "yokoten-staging");
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        // Leftovers of an interrupted build.
        remove_if_exists(&staging)?;
        remove_if_exists(&sibling(output, "yokoten-old"))?;
        std::fs::create_dir_all(&staging)?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            current: output.is_dir().then(|| output.to_path_buf()),
            folders: HashSet::new(),
            started: std::time::Instant::now(),
            committed: false,
        })
    }

    /// Write a batch of files (paths relative to the output root).
    pub fn write(&mut self, files: &[OutputFile]) -> io::Result<()> {
        let (dir, current, folders) = (&self.staging, self.current.as_deref(), &mut self.folders);
        io_pool().install(|| write_files(dir, files, current, Some(folders)))
    }

    /// Swap the staging folder in as the output, then remove the previous site.
    pub fn commit(mut self) -> io::Result<()> {
        let written = self.started.elapsed();
        let old = sibling(&self.output, "yokoten-old");
        if self.output.exists() {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            // Put the old site back rather than leave none.
            let _ = std::fs::rename(&old, &self.output);
            return Err(e);
        }
        self.committed = true;
        let t = std::time::Instant::now();
        let removed = remove_if_exists(&old);
        if crate::timing::enabled() {
            eprintln!(
                "    staging {:>7.1} ms, removing the previous site {:>7.1} ms",
                written.as_secs_f64() * 1000.0,
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        removed
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_if_exists(&self.staging);
        }
    }
}

fn remove_if_exists(p: &Path) -> io::Result<()> {
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

/// Write files under `dir` (which exists), in place. Folders are created level by level, each
/// level in parallel and each folder with one `mkdir`; then files are written in parallel,
/// each with one open, one write and one close.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    io_pool().install(|| write_files(dir, files, None, None))
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
fn write_files(
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
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(io::Error::new(
                    e.kind(),
                    format!("{}: {e}", dir.join(rel).display()),
                )),
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
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
    })
}

/// Static files of a folder (theme or site `static/`), to be copied to `prefix` + their path.
pub fn static_files(dir: &Path, prefix: &str) -> Vec<OutputFile> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::content::is_temporary(e.path()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel.to_str()?.replace('\\', "/");
            Some(OutputFile::copy(
                format!("{prefix}{rel}"),
                e.path().to_path_buf(),
            ))
        })
        .collect()
}
