//! Reading the site's source files inside a closed boundary.
//!
//! A pull request can carry any file, so nothing outside the site folder is ever read or
//! published: a symbolic link is followed only when it stays inside the site (and out of
//! hidden folders such as `.git`, whose config can hold a token); only regular files are
//! read (a named pipe would hang the build, `/dev/zero` would fill the memory); and every
//! file has a size limit. Every reader of sources (content, site.yaml, templates, static
//! files, a case's files) goes through [`SiteRoot`].

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostics::{display_path, Diagnostic};
use crate::messages;

/// Largest text source (a case, a page, site.yaml, a template): two hundred times the
/// longest bundled case, so only a mistake reaches it (an image pasted into the text as
/// `data:`, a file saved over a case), and small enough that a phone can still open the
/// page it makes.
pub const TEXT_LIMIT: u64 = 2 * 1024 * 1024;

/// Largest file published as is (an image, a PDF, a static file): GitHub's own limit per
/// file, so a larger one could not be in the site's repository anyway.
pub const FILE_LIMIT: u64 = 100 * 1024 * 1024;

/// Folders are followed this deep at most.
const MAX_DEPTH: usize = 32;

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

/// Why a source file is not read.
#[derive(Debug)]
pub enum Refused {
    /// A symbolic link to somewhere outside the site (or into a hidden folder).
    Outside,
    /// A named pipe, socket or device.
    NotRegular,
    TooBig {
        size: u64,
        limit: u64,
    },
    /// A folder that holds itself through a link (or folders nested past all reason).
    Loop,
    Io(io::Error),
}

impl Refused {
    /// The editor's message for `path` (shown relative to the site).
    pub fn diagnostic(&self, root: &Path, path: &Path) -> Diagnostic {
        let shown = display_path(root, path);
        let name = shown.display();
        match self {
            Refused::Outside => Diagnostic::new(&shown, messages::sources::link_outside(&name))
                .hint(messages::sources::link_outside_hint()),
            Refused::NotRegular => Diagnostic::new(&shown, messages::sources::not_regular(&name))
                .hint(messages::sources::not_regular_hint()),
            Refused::TooBig { size, limit } => {
                let (size, limit) = (megabytes(*size), megabytes(*limit));
                Diagnostic::new(&shown, messages::sources::too_big(&name, &size, &limit))
                    .hint(messages::sources::too_big_hint())
            }
            Refused::Loop => Diagnostic::new(&shown, messages::sources::link_loop(&name))
                .hint(messages::sources::link_loop_hint()),
            Refused::Io(e) => Diagnostic::new(
                &shown,
                messages::sources::cannot_read(&name, crate::diagnostics::io_cause(e)),
            ),
        }
    }
}

fn megabytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_048_576.0)
}

/// What a listing found at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    File,
    Dir,
}

/// One level of a folder: its entries (sorted, editors' temporary files left out) and the
/// ones refused.
#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<(PathBuf, Kind)>,
    pub refused: Vec<(PathBuf, Refused)>,
}

/// The site folder, resolved, and the rules for reading under it.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// As given (paths shown to editors are relative to it).
    root: PathBuf,
    /// Where it really is.
    real: PathBuf,
}

impl SiteRoot {
    pub fn new(root: &Path) -> io::Result<Self> {
        Ok(SiteRoot {
            root: root.to_path_buf(),
            real: root.canonicalize()?,
        })
    }

    /// [`SiteRoot::new`], with the editor's message when the site folder cannot be opened.
    pub fn open(root: &Path) -> Result<Self, Diagnostic> {
        SiteRoot::new(root).map_err(|e| {
            Diagnostic::new(
                root,
                messages::sources::cannot_open_site(
                    root.display(),
                    crate::diagnostics::io_cause(&e),
                ),
            )
            .hint(messages::sources::cannot_open_site_hint())
        })
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Whether a resolved path is inside the site and in no hidden folder.
    fn allows(&self, real: &Path) -> bool {
        real.strip_prefix(&self.real).is_ok_and(|rel| {
            rel.components()
                .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
        })
    }

    /// Where a symbolic link leads, if it may be followed, and what is there.
    fn follow(&self, link: &Path) -> Result<(PathBuf, Kind), Refused> {
        let real = link.canonicalize().map_err(Refused::Io)?;
        if !self.allows(&real) {
            return Err(Refused::Outside);
        }
        let meta = std::fs::metadata(&real).map_err(Refused::Io)?;
        if meta.is_dir() {
            Ok((real, Kind::Dir))
        } else if meta.is_file() {
            Ok((real, Kind::File))
        } else {
            Err(Refused::NotRegular)
        }
    }

    /// Where a folder really is, if it may be read: every link on the way resolved (not
    /// only the last part), the result inside the site and out of hidden folders. `None`
    /// when it does not exist.
    fn real_dir(&self, dir: &Path) -> Result<Option<PathBuf>, Refused> {
        match dir.canonicalize() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Refused::Io(e)),
            Ok(real) if !self.allows(&real) => Err(Refused::Outside),
            Ok(real) if real.is_dir() => Ok(Some(real)),
            Ok(_) => Err(Refused::NotRegular),
        }
    }

    /// Check a source folder (`content`, `static`, a theme): missing is fine (the caller
    /// decides), a link out of the site anywhere on its path is not.
    pub fn check_dir(&self, dir: &Path) -> Result<bool, Refused> {
        self.real_dir(dir).map(|real| real.is_some())
    }

    /// The entries of one folder (which is checked first, like [`SiteRoot::check_dir`]).
    /// The kind of each comes from the listing itself (no `stat` per file: a folder of
    /// 100,000 cases is listed in one pass); links are resolved and checked. A missing
    /// folder lists nothing.
    ///
    /// Paths from a listing are what [`SiteRoot::read`] is given (or files directly in the
    /// site folder): their folders are known to be inside the site, and `read` checks the
    /// last part itself.
    pub fn list(&self, dir: &Path) -> Listing {
        let mut listing = Listing::default();
        match self.real_dir(dir) {
            Ok(Some(_)) => {}
            Ok(None) => return listing,
            Err(r) => {
                listing.refused.push((dir.to_path_buf(), r));
                return listing;
            }
        }
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                listing.refused.push((dir.to_path_buf(), Refused::Io(e)));
                return listing;
            }
        };
        for e in rd.filter_map(Result::ok) {
            let path = e.path();
            if is_temporary(&path) {
                continue;
            }
            let kind = match e.file_type() {
                Ok(t) if t.is_dir() => Ok(Kind::Dir),
                Ok(t) if t.is_file() => Ok(Kind::File),
                Ok(t) if t.is_symlink() => self.follow(&path).map(|(_, k)| k),
                Ok(_) => Err(Refused::NotRegular),
                Err(e) => Err(Refused::Io(e)),
            };
            match kind {
                Ok(k) => listing.entries.push((path, k)),
                Err(r) => listing.refused.push((path, r)),
            }
        }
        listing.entries.sort();
        listing.refused.sort_by(|a, b| a.0.cmp(&b.0));
        listing
    }

    /// Every file under `dir`, at any depth, sorted by path; with `limit`, each checked
    /// against it (files that are read later through [`SiteRoot::read`] are checked there).
    pub fn walk_files(&self, dir: &Path, limit: Option<u64>) -> Listing {
        let mut out = Listing::default();
        self.walk_into(dir, limit, &mut Vec::new(), &mut out);
        out.entries.sort();
        out
    }

    /// `chain`: the real paths of the folders above, to stop a link back into one of them
    /// (`a -> .`), which would otherwise make the walk endless.
    fn walk_into(
        &self,
        dir: &Path,
        limit: Option<u64>,
        chain: &mut Vec<PathBuf>,
        out: &mut Listing,
    ) {
        match self.real_dir(dir) {
            Ok(Some(real)) if chain.contains(&real) || chain.len() >= MAX_DEPTH => {
                out.refused.push((dir.to_path_buf(), Refused::Loop));
                return;
            }
            Ok(Some(real)) => chain.push(real),
            Ok(None) => return,
            Err(r) => {
                out.refused.push((dir.to_path_buf(), r));
                return;
            }
        }
        let listing = self.list(dir);
        out.refused.extend(listing.refused);
        for (path, kind) in listing.entries {
            match (kind, limit) {
                (Kind::Dir, _) => self.walk_into(&path, limit, chain, out),
                (Kind::File, Some(limit)) => match self.size_ok(&path, limit) {
                    Ok(()) => out.entries.push((path, Kind::File)),
                    Err(r) => out.refused.push((path, r)),
                },
                (Kind::File, None) => out.entries.push((path, Kind::File)),
            }
        }
        chain.pop();
    }

    fn size_ok(&self, path: &Path, limit: u64) -> Result<(), Refused> {
        let size = std::fs::metadata(path).map_err(Refused::Io)?.len();
        if size > limit {
            return Err(Refused::TooBig { size, limit });
        }
        Ok(())
    }

    /// Read a source file: a regular file inside the site, at most `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let (file, len) = self.open_file(path, limit)?;
        let mut bytes = Vec::with_capacity(len as usize);
        // A file that grows while it is read stops at the limit all the same.
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Refused::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Refused::TooBig {
                size: bytes.len() as u64,
                limit,
            });
        }
        Ok(bytes)
    }

    /// The first `n` bytes of a source file (fewer if it is shorter), with the checks of
    /// [`SiteRoot::read`].
    pub fn read_head(&self, path: &Path, limit: u64, n: u64) -> Result<Vec<u8>, Refused> {
        let (file, _) = self.open_file(path, limit)?;
        let mut bytes = Vec::with_capacity(n as usize);
        file.take(n).read_to_end(&mut bytes).map_err(Refused::Io)?;
        Ok(bytes)
    }

    /// Open a regular file inside the site of at most `limit` bytes; and its length.
    fn open_file(&self, path: &Path, limit: u64) -> Result<(std::fs::File, u64), Refused> {
        let file = match open_no_follow(path) {
            Ok(f) => f,
            Err(e) if is_link_error(&e) => {
                let (real, kind) = self.follow(path)?;
                if kind != Kind::File {
                    return Err(Refused::NotRegular);
                }
                open_no_follow(&real).map_err(Refused::Io)?
            }
            Err(e) => return Err(Refused::Io(e)),
        };
        // Checked on the open file itself: what was listed may have been swapped since.
        let meta = file.metadata().map_err(Refused::Io)?;
        if !meta.is_file() {
            return Err(Refused::NotRegular);
        }
        if meta.len() > limit {
            return Err(Refused::TooBig {
                size: meta.len(),
                limit,
            });
        }
        Ok((file, meta.len()))
    }
}

/// Open for reading without following a symbolic link in the last part of the path, and
/// without waiting for a writer (a named pipe opens at once; its type then refuses it).
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    {
        // No O_NOFOLLOW: look first (a link is then followed through `follow`).
        if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
            return Err(io::Error::other(LINK_ERROR));
        }
    }
    opts.open(path)
}

#[cfg(not(unix))]
const LINK_ERROR: &str = "a symbolic link";

fn is_link_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        e.to_string() == LINK_ERROR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, SiteRoot) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/cases")).unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "private").unwrap();
        let site = SiteRoot::new(&root).unwrap();
        (tmp, site)
    }

    #[test]
    fn reads_regular_files_within_the_limit() {
        let (_tmp, site) = site();
        let f = site.path().join("content/cases/a.md");
        std::fs::write(&f, "abc").unwrap();
        assert_eq!(site.read(&f, 10).unwrap(), b"abc");
        assert!(matches!(
            site.read(&f, 2),
            Err(Refused::TooBig { size: 3, limit: 2 })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_and_special_files_are_refused() {
        use std::os::unix::fs::symlink;
        let (tmp, site) = site();
        let cases = site.path().join("content/cases");
        symlink(tmp.path().join("secret.txt"), cases.join("out.md")).unwrap();
        symlink(site.path().join(".git"), cases.join("git")).unwrap();
        std::fs::create_dir(site.path().join(".git")).unwrap();
        std::fs::write(cases.join("in.md"), "inside").unwrap();
        symlink(cases.join("in.md"), cases.join("alias.md")).unwrap();
        symlink("/dev/zero", cases.join("zero.md")).unwrap();
        let fifo = cases.join("pipe.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates the file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);

        assert!(matches!(
            site.read(&cases.join("out.md"), TEXT_LIMIT),
            Err(Refused::Outside)
        ));
        assert_eq!(
            site.read(&cases.join("alias.md"), TEXT_LIMIT).unwrap(),
            b"inside"
        );
        assert!(matches!(
            site.read(&cases.join("zero.md"), TEXT_LIMIT),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            site.read(&fifo, TEXT_LIMIT),
            Err(Refused::NotRegular)
        ));

        let listing = site.list(&cases);
        let names = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            names(listing.entries.into_iter().map(|e| e.0).collect()),
            ["alias.md", "in.md"]
        );
        assert_eq!(
            names(listing.refused.into_iter().map(|e| e.0).collect()),
            ["git", "out.md", "pipe.md", "zero.md"]
        );
    }

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
