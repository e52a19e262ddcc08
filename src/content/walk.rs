//! Finding the source files of a site's content: which files are cases, which are pages,
//! and which are assets that travel with a case.

use std::path::{Path, PathBuf};

use super::assets;
use crate::sources::{Kind, Refused, SiteRoot, FILE_LIMIT, TEXT_LIMIT};

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

#[derive(Debug, Default)]
pub struct Sources {
    pub cases: Vec<CaseSource>,
    pub pages: Vec<(PathBuf, String)>,
    /// Folders under content/cases with no index.md.
    pub stray_dirs: Vec<PathBuf>,
    /// Files that are not read: links out of the site, special files, files too large.
    pub refused: Vec<(PathBuf, Refused)>,
    /// Files beside a case that may not be published (pages, scripts, impostors).
    pub unsafe_assets: Vec<(PathBuf, assets::Unsafe)>,
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// List the content under `content_dir` (`content/`), reading nothing outside `site`.
pub fn find(site: &SiteRoot, content_dir: &Path) -> Sources {
    let mut sources = Sources::default();
    let cases = site.list(&content_dir.join("cases"));
    sources.refused.extend(cases.refused);
    for (path, kind) in cases.entries {
        let stem = |p: &Path| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string()
        };
        if kind == Kind::Dir {
            let index = path.join("index.md");
            // Each file is checked (size included) as it is read for its kind, below.
            let files = site.walk_files(&path, None);
            sources.refused.extend(files.refused);
            if !files.entries.iter().any(|(p, _)| *p == index) {
                sources.stray_dirs.push(path);
                continue;
            }
            let mut assets = Vec::new();
            for (file, _) in files.entries.into_iter().filter(|(p, _)| *p != index) {
                let Ok(rel) = file.strip_prefix(&path).map(Path::to_path_buf) else {
                    continue;
                };
                let bytes = if assets::needs_whole_file(&rel) {
                    site.read(&file, TEXT_LIMIT)
                } else {
                    site.read_head(&file, FILE_LIMIT, 16)
                };
                match bytes.map(|b| assets::check(&rel, &b)) {
                    Ok(Ok(())) => assets.push(rel),
                    Ok(Err(why)) => sources.unsafe_assets.push((file, why)),
                    Err(r) => sources.refused.push((file, r)),
                }
            }
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
    let pages = site.list(&content_dir.join("pages"));
    sources.refused.extend(pages.refused);
    for (path, kind) in pages.entries {
        if kind == Kind::File && is_markdown(&path) {
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
