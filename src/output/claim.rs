//! Claiming an output folder before anything is written to it: the folder is resolved to
//! where it really is (`..` and symlinks), refused when it is, holds or lies inside one of
//! the site's sources, refused when it holds files yokoten did not make, and locked so that
//! one build at a time writes it.
//!
//! What yokoten made is recognised by a marker file it writes into every output folder, or
//! (for folders written before the marker existed) by the search manifest and catalogue an
//! earlier yokoten always wrote.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::beside::{sibling, MARKER};
use crate::diagnostics::Diagnostic;
use crate::messages;

/// The site's sources inside its root: an output may never be, hold or lie inside one.
const SOURCES: [&str; 6] = [
    "content",
    "templates",
    "static",
    "themes",
    "site.yaml",
    ".git",
];

/// An output folder this process may write: checked, and locked until dropped.
#[derive(Debug)]
pub struct OutputDir {
    /// Where the folder really is (symlinks and `..` resolved), whether or not it exists yet.
    path: PathBuf,
    /// Held for the whole build (or watch session); the OS releases it if the process dies.
    _lock: File,
}

/// An output folder that passed the checks that need no writing, not locked yet.
#[derive(Debug)]
pub struct Checked {
    path: PathBuf,
    shown: String,
    force: bool,
}

fn refusal(message: String, hint: String) -> Diagnostic {
    Diagnostic::new("--output", message)
        .field("output")
        .hint(hint)
}

impl OutputDir {
    /// [`OutputDir::check`] and [`Checked::lock`] at once.
    pub fn claim(root: &Path, output: &Path, force: bool) -> Result<OutputDir, Diagnostic> {
        OutputDir::check(root, output, force)?.lock()
    }

    /// Check `output` against the site at `root`, writing nothing. `force`: replace a folder
    /// of files yokoten did not make (never a source, never a plain file).
    pub fn check(root: &Path, output: &Path, force: bool) -> Result<Checked, Diagnostic> {
        let shown = output.display().to_string();
        let path = resolve(output).map_err(|e| {
            refusal(
                messages::output::cannot_look_output(&shown, crate::diagnostics::io_cause(&e)),
                messages::output::cannot_look_output_hint(),
            )
        })?;
        let root = resolve(root).map_err(|e| {
            refusal(
                messages::output::cannot_look_site(
                    root.display(),
                    crate::diagnostics::io_cause(&e),
                ),
                messages::output::cannot_look_site_hint(),
            )
        })?;
        if let Some(why) = overlaps_sources(&root, &path) {
            return Err(refusal(why, messages::output::choose_other_output_hint()));
        }
        if std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refusal(
                messages::output::output_is_link(&shown),
                messages::output::output_is_link_hint(),
            ));
        }
        let checked = Checked { path, shown, force };
        checked.check_contents()?;
        Ok(checked)
    }

    /// Where the output folder is (resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Checked {
    /// Where the output folder is (resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Lock the output for this process (waiting while another build holds it), then check
    /// again what it holds, now that no other yokoten can change it.
    pub fn lock(self) -> Result<OutputDir, Diagnostic> {
        let shown = &self.shown;
        let lock = lock(&self.path).map_err(|e| {
            refusal(
                messages::output::cannot_prepare_output(shown, crate::diagnostics::io_reason(&e)),
                messages::output::writable_hint(),
            )
        })?;
        recover_interrupted_swap(&self.path);
        // Before the leftovers go: a commit's staging folder is its journal's to finish.
        super::update::roll_forward(&self.path).map_err(|e| {
            refusal(
                messages::output::cannot_prepare_output(shown, crate::diagnostics::io_reason(&e)),
                messages::output::writable_hint(),
            )
        })?;
        self.check_contents()?;
        remove_leftovers(&self.path);
        Ok(OutputDir {
            path: self.path,
            _lock: lock,
        })
    }

    /// Refuse a plain file, and a folder of files yokoten did not make (unless forced).
    fn check_contents(&self) -> Result<(), Diagnostic> {
        let shown = &self.shown;
        match what_is_there(&self.path) {
            There::Nothing | There::Ours => Ok(()),
            There::File => Err(refusal(
                messages::output::output_is_file(shown),
                messages::output::new_folder_hint(),
            )),
            There::Foreign(names) if !self.force => {
                let some = names.join(", ");
                Err(refusal(
                    messages::output::foreign_files(shown, &some),
                    messages::output::foreign_files_hint(),
                ))
            }
            There::Foreign(_) => Ok(()),
        }
    }
}

/// `path` made absolute with symlinks and `..` resolved, also when its last parts do not
/// exist yet: the longest existing ancestor is canonicalised and the rest appended, `..`
/// taken lexically (as the OS would once the folders exist).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut real) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::CurDir => {}
                        other => real.push(other.as_os_str()),
                    }
                }
                return Ok(real);
            }
            Err(e) => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
        }
    }
}

/// Windows and macOS compare file names without case.
fn same_or_under(path: &Path, base: &Path) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        let fold = |p: &Path| PathBuf::from(p.to_string_lossy().to_lowercase());
        fold(path).starts_with(fold(base))
    } else {
        path.starts_with(base)
    }
}

/// Why `out` may not be the output of the site at `root`, if it may not.
fn overlaps_sources(root: &Path, out: &Path) -> Option<String> {
    let shown = out.display();
    if same_or_under(root, out) {
        return Some(messages::output::output_holds_site(&shown));
    }
    for name in SOURCES {
        let Ok(source) = resolve(&root.join(name)) else {
            continue;
        };
        if same_or_under(out, &source) || same_or_under(&source, out) {
            return Some(messages::output::output_overlaps_site(&shown, name));
        }
    }
    None
}

/// Lock the output for this process, waiting (and saying so) while another holds it.
fn lock(output: &Path) -> io::Result<File> {
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(sibling(output, "lock"))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {}
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    crate::errln!("{}", messages::output::waiting_for_lock(output.display()));
    // Tried again and again rather than waited for in one call, so that Ctrl+C is heard.
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if crate::interrupt::requested() {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                messages::output::stopped_waiting(),
            ));
        }
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

enum There {
    Nothing,
    /// A folder yokoten made (or an empty one).
    Ours,
    File,
    /// A folder of other files: a few of their names.
    Foreign(Vec<String>),
}

fn what_is_there(output: &Path) -> There {
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return There::Nothing;
    };
    if !meta.is_dir() {
        return There::File;
    }
    if output.join(MARKER).is_file() || earlier_yokoten_output(output) {
        // yokoten never writes a hidden name at the top but its marker: anything else there
        // was put by someone (`.git` of a gh-pages worktree, `.well-known`) and would go.
        let hidden: Vec<String> = std::fs::read_dir(output)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with('.') && n != MARKER && !n.contains(".yokoten-tmp-"))
                    .collect()
            })
            .unwrap_or_default();
        return if hidden.is_empty() {
            There::Ours
        } else {
            There::Foreign(a_few(hidden))
        };
    }
    let names: Vec<String> = match std::fs::read_dir(output) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .take(4)
            .collect(),
        Err(_) => vec!["?".into()],
    };
    if names.is_empty() {
        return There::Ours;
    }
    There::Foreign(a_few(names))
}

/// Up to three names, sorted, for a message.
fn a_few(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    if names.len() > 3 {
        names.truncate(3);
        names.push("…".into());
    }
    names
}

/// A folder an earlier yokoten wrote, before the marker existed: it always wrote the search
/// manifest (with its document count and facets) and the case catalogue.
fn earlier_yokoten_output(output: &Path) -> bool {
    if !output.join("cases.json").is_file() {
        return false;
    }
    let Ok(text) = std::fs::read(output.join("search/manifest.json")) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("docs").is_some_and(|d| d.is_u64()) && v.get("facets").is_some())
}

/// Whether a folder beside the output is one of ours (it holds the marker).
fn ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// The folders beside `output` that a build of it leaves while it runs, named
/// `.<name>.yokoten-<kind>-<id>`, which are ours.
pub(super) fn working_folders(output: &Path, kind: &str) -> Vec<PathBuf> {
    let prefix = sibling(output, &format!("{kind}-"));
    let (Some(parent), Some(prefix)) = (
        output.parent(),
        prefix.file_name().map(|n| n.to_string_lossy().into_owned()),
    ) else {
        return Vec::new();
    };
    let Ok(rd) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    rd.filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| !std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()))
        .filter(|p| ours(p))
        .collect()
}

/// A build stopped between moving the old site aside and moving the new one in (power cut,
/// `kill -9`) leaves no output but the old site beside it: put it back.
fn recover_interrupted_swap(output: &Path) {
    if std::fs::symlink_metadata(output).is_ok() {
        return;
    }
    let newest = working_folders(output, "old").into_iter().max_by_key(|p| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .unwrap_or(std::time::SystemTime::UNIX_EPOCH)
    });
    if let Some(old) = newest {
        let _ = std::fs::rename(old, output);
    }
}

/// Staging and old folders of interrupted builds (the lock is ours, so none is in use).
fn remove_leftovers(output: &Path) {
    for kind in ["staging", "old"] {
        for dir in working_folders(output, kind) {
            let _ = super::remove_tree(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_that_do_not_exist_yet() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("site")).unwrap();
        assert_eq!(
            resolve(&real.join("site/x/../content")).unwrap(),
            real.join("site/content")
        );
        assert_eq!(
            resolve(&real.join("new/deeper")).unwrap(),
            real.join("new/deeper")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("site"), real.join("link")).unwrap();
            assert_eq!(
                resolve(&real.join("link/public")).unwrap(),
                real.join("site/public")
            );
        }
    }

    #[test]
    fn sources_overlap() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("site");
        std::fs::create_dir_all(root.join("content/cases")).unwrap();
        std::fs::write(root.join("site.yaml"), "").unwrap();
        assert!(overlaps_sources(&root, &root.join("public")).is_none());
        assert!(overlaps_sources(&root, &root).is_some());
        assert!(overlaps_sources(&root, tmp.path()).is_some());
        assert!(overlaps_sources(&root, &root.join("content")).is_some());
        assert!(overlaps_sources(&root, &root.join("content/cases/x")).is_some());
        assert!(overlaps_sources(&root, &root.join("site.yaml")).is_some());
        assert!(overlaps_sources(&root, &root.join("themes")).is_some());
    }
}
