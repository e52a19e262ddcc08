//! Writing the built site. Everything is written into a staging folder beside the output;
//! only when every file is written is the staging folder swapped in, so a failed build
//! leaves the previous site exactly as it was.

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

/// Write `files` into a fresh staging folder, then swap it in as `output`.
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = sibling(output, "yokoten-staging");
    let old = sibling(output, "yokoten-old");
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    remove_if_exists(&staging)?;
    std::fs::create_dir_all(&staging)?;
    if let Err(e) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    remove_if_exists(&old)?;
    if output.exists() {
        std::fs::rename(output, &old)?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        // Put the old site back rather than leave none.
        let _ = std::fs::rename(&old, output);
        return Err(e);
    }
    remove_if_exists(&old)
}

fn remove_if_exists(p: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(p) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Write files under `dir`, creating folders once each and files in parallel.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for f in &folders {
        std::fs::create_dir_all(f)?;
    }
    files.par_iter().try_for_each(|f| {
        let target = dir.join(&f.path);
        match &f.body {
            Body::Bytes(b) => std::fs::write(&target, b),
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
