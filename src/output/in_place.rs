//! Updating a live output folder (the authoring loop): each file is written under a
//! temporary name beside its place and renamed over it, so that a page being read, served
//! or cut off by Ctrl+C is always either the old one or the new one, never half of each or
//! empty. Every file's outcome is reported, so that the caller records as written only
//! what was, and tries the rest again next time.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::{io_pool, Body, OutputFile};

/// A file that could not be written (or removed), with why.
#[derive(Debug)]
pub struct Failed {
    pub path: String,
    pub error: io::Error,
}

/// Write `files` into the live folder `dir`; the ones that failed are returned (the others
/// are in place).
pub fn write_in_place(dir: &Path, files: &[OutputFile]) -> Vec<Failed> {
    io_pool().install(|| {
        files
            .par_iter()
            .filter_map(|f| {
                write_one(dir, f).err().map(|error| Failed {
                    path: f.path.clone(),
                    error,
                })
            })
            .collect()
    })
}

/// Remove files of the live folder `dir` (and folders they leave empty); the ones that
/// could not be removed are returned. A file already gone is fine.
pub fn remove_in_place(dir: &Path, paths: &[String]) -> Vec<Failed> {
    paths
        .iter()
        .filter_map(|rel| {
            let path = dir.join(rel);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Some(Failed {
                        path: rel.clone(),
                        error: e,
                    })
                }
                _ => {}
            }
            let mut folder = path.parent();
            while let Some(d) = folder {
                if d == dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                folder = d.parent();
            }
            None
        })
        .collect()
}

fn write_one(dir: &Path, f: &OutputFile) -> io::Result<()> {
    let target = dir.join(&f.path);
    let folder = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder).map_err(|e| in_file(&target, e))?;
    let temp = temp_name(&target);
    let written = match &f.body {
        Body::Bytes(b) => std::fs::File::create(&temp).and_then(|mut file| file.write_all(b)),
        Body::Copy(from) => std::fs::copy(from, &temp).map(|_| ()),
    };
    let result = written.and_then(|()| std::fs::rename(&temp, &target));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(|e| in_file(&target, e))
}

/// `.<name>.yokoten-tmp-<pid>-<n>` beside `target`: a dot name, so the watcher, the
/// server's listings and static hosts' defaults leave it alone while it exists.
fn temp_name(target: &Path) -> std::path::PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.yokoten-tmp-{}-{n}", std::process::id()))
}

fn in_file(path: &Path, e: io::Error) -> io::Error {
    crate::diagnostics::io_at(path, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_report_failures() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.html"), "old").unwrap();
        // A folder where a file should go: the rename onto it fails (for root too).
        std::fs::create_dir_all(dir.join("b.html/inside")).unwrap();
        let failed = write_in_place(
            dir,
            &[
                OutputFile::bytes("a.html", b"new".to_vec()),
                OutputFile::bytes("b.html", b"x".to_vec()),
                OutputFile::bytes("c/d.html", b"deep".to_vec()),
            ],
        );
        assert_eq!(std::fs::read_to_string(dir.join("a.html")).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(dir.join("c/d.html")).unwrap(),
            "deep"
        );
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].path, "b.html");
        // No temporary file is left behind, whatever happened.
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains("yokoten-tmp")),
            "{names:?}"
        );

        assert!(remove_in_place(dir, &["c/d.html".into(), "gone.html".into()]).is_empty());
        assert!(!dir.join("c").exists(), "an emptied folder is removed too");
    }
}
