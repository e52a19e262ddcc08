//! Finding the source files of a site's content: which files are cases, which are pages,
//! and which are assets that travel with a case.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A case's Markdown file and the files beside it (for `cases/<slug>/index.md`).
#[derive(Debug, Clone)]
pub struct CaseSource {
    pub path: PathBuf,
    /// Slug taken from the file or folder name.
    pub name: String,
    /// The case's own folder, when it has one.
    pub dir: Option<PathBuf>,
    /// Files under the case's folder other than index.md, relative to that folder.
    pub assets: Vec<PathBuf>,
}

#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub cases: Vec<CaseSource>,
    pub pages: Vec<(PathBuf, String)>,
    /// Folders under content/cases with no index.md.
    pub stray_dirs: Vec<PathBuf>,
}

/// Editors' tools leave these beside real files; they are never content.
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('~')
        || name.starts_with("#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".crdownload")
        || name == "4913" // vim's write test file
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Entries of a folder, sorted, with whether each is a folder. The type comes from the
/// directory listing itself, so a folder of 100,000 cases costs no extra `stat` per file.
fn sorted_entries(dir: &Path) -> Vec<(PathBuf, bool)> {
    let mut entries: Vec<(PathBuf, bool)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| {
                let path = e.path();
                let is_dir = match e.file_type() {
                    Ok(t) if t.is_symlink() => path.is_dir(),
                    Ok(t) => t.is_dir(),
                    Err(_) => path.is_dir(),
                };
                (path, is_dir)
            })
            .filter(|(p, _)| !is_temporary(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    entries
}

/// List the content under `content_dir` (`content/`).
pub fn find(content_dir: &Path) -> Sources {
    let mut sources = Sources::default();
    for (path, is_dir) in sorted_entries(&content_dir.join("cases")) {
        let stem = |p: &Path| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string()
        };
        if is_dir {
            let index = path.join("index.md");
            if !index.is_file() {
                sources.stray_dirs.push(path);
                continue;
            }
            let assets = WalkDir::new(&path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !is_temporary(e.path()))
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.path() != index)
                .filter_map(|e| e.path().strip_prefix(&path).ok().map(Path::to_path_buf))
                .collect();
            let name = path
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            sources.cases.push(CaseSource {
                path: index,
                name,
                dir: Some(path),
                assets,
            });
        } else if is_markdown(&path) {
            let name = stem(&path);
            sources.cases.push(CaseSource {
                path,
                name,
                dir: None,
                assets: Vec::new(),
            });
        }
    }
    for (path, is_dir) in sorted_entries(&content_dir.join("pages")) {
        if !is_dir && is_markdown(&path) {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            sources.pages.push((path, name));
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files() {
        for t in [
            ".index.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "4913",
            "x.tmp",
            ".DS_Store",
        ] {
            assert!(is_temporary(Path::new(t)), "{t}");
        }
        assert!(!is_temporary(Path::new("awara.md")));
    }
}
