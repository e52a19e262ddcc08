//! A rebuild over an output the last build made (its manifest says what is there): only the
//! files whose bytes changed are written, first into a staging folder beside the output,
//! then moved into place one by one and the files the site no longer has removed.
//!
//! Each move is a rename, so every file is always the old one or the new one, never part of
//! each. Before the first move, a journal beside the output lists the moves and removals
//! (the staged files are flushed to the disk first); if the process stops before the end,
//! the next build over the output completes the journal before anything else
//! ([`roll_forward`]), so the site is whole again. Until the journal is written, the output
//! is untouched: an error or Ctrl+C while rendering leaves it exactly as it was.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::beside::{mark, sibling, unique_folder, MARKER};
use super::{io_pool, remove_if_exists, same_content, write_files, Body, OutputDir, OutputFile};

pub struct Update {
    output: PathBuf,
    staging: PathBuf,
    /// Folders made in the staging folder so far.
    folders: HashSet<String>,
    /// The files the output held when the build began (as listed, no link followed): only
    /// those are compared, anything else is staged.
    present: HashSet<String>,
    /// Files staged (their bytes differ from the output's), and their bytes.
    staged: Vec<String>,
    bytes: u64,
    committed: bool,
}

/// What a commit must do, written before it starts.
#[derive(Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name (a sibling of the output).
    staging: String,
    moves: Vec<String>,
    remove: Vec<String>,
}

impl Update {
    /// A staging folder for `output`, which this process has claimed (and so locked);
    /// `present`: the files it holds.
    pub fn new(output: &OutputDir, present: HashSet<String>) -> io::Result<Self> {
        let output = output.path();
        let staging = unique_folder(output, "staging")?;
        // First, so that a staging folder left by a crash is recognised as ours.
        mark(&staging)?;
        Ok(Update {
            output: output.to_path_buf(),
            staging,
            folders: HashSet::new(),
            present,
            staged: Vec::new(),
            bytes: 0,
            committed: false,
        })
    }

    /// Stage the files of a batch whose bytes differ from the output's.
    pub fn write(&mut self, files: &[OutputFile]) -> io::Result<()> {
        let (output, present) = (&self.output, &self.present);
        let changed: Vec<OutputFile> = io_pool().install(|| {
            use rayon::prelude::*;
            files
                .par_iter()
                .filter(|f| match &f.body {
                    // (A path reached through a link someone put in the output is not in
                    // the listing: it is staged, and the link replaced.)
                    Body::Bytes(b) if present.contains(&f.path) => {
                        !same_content(&output.join(&f.path), b)
                    }
                    Body::Bytes(_) => true,
                    Body::Copy(_) => true,
                })
                .cloned()
                .collect()
        });
        if changed.is_empty() {
            return Ok(());
        }
        let (dir, folders) = (&self.staging, &mut self.folders);
        io_pool().install(|| write_files(dir, &changed, None, Some(folders)))?;
        for f in &changed {
            self.bytes += match &f.body {
                Body::Bytes(b) => b.len() as u64,
                Body::Copy(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            };
        }
        self.staged.extend(changed.into_iter().map(|f| f.path));
        Ok(())
    }

    /// Files staged so far, and their bytes.
    pub fn staged(&self) -> (usize, u64) {
        (self.staged.len(), self.bytes)
    }

    /// Move the staged files into place and remove `remove` (paths relative to the output),
    /// under a journal.
    pub fn commit(mut self, remove: Vec<String>) -> io::Result<()> {
        let t = std::time::Instant::now();
        if self.staged.is_empty() && remove.is_empty() {
            return Ok(());
        }
        // The staged bytes reach the disk before the journal names them: after a power cut
        // the journal never moves an empty file into place.
        sync_folder(&self.staging);
        let journal = Journal {
            staging: self
                .staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            moves: std::mem::take(&mut self.staged),
            remove,
        };
        write_journal(&self.output, &journal)?;
        self.committed = true;
        let result = apply(&self.output, &self.staging, &journal);
        if result.is_ok() {
            finish(&self.output, &self.staging);
        }
        if crate::timing::enabled() {
            crate::errln!(
                "    commit {:>7.1} ms: {} moved, {} removed",
                t.elapsed().as_secs_f64() * 1000.0,
                journal.moves.len(),
                journal.remove.len()
            );
        }
        result
    }
}

impl Drop for Update {
    fn drop(&mut self) {
        // Once the journal is written, the staging folder is the journal's to finish.
        if !self.committed {
            let _ = remove_if_exists(&self.staging);
        }
    }
}

fn journal_path(output: &Path) -> PathBuf {
    sibling(output, "journal")
}

/// Write the journal under a temporary name, flush it, and rename it into place: it is
/// there whole or not at all.
fn write_journal(output: &Path, journal: &Journal) -> io::Result<()> {
    let text = serde_json::to_vec(journal).map_err(io::Error::other)?;
    let temp = sibling(output, "journal-tmp");
    let mut f = std::fs::File::create(&temp)?;
    f.write_all(&text)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&temp, journal_path(output))?;
    if let Some(parent) = output.parent() {
        sync_folder(parent);
    }
    Ok(())
}

/// Flush what was written under `dir` to the disk (Linux: the whole file system, which is
/// one call instead of one per file; elsewhere the folder itself).
fn sync_folder(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: syncfs takes an open descriptor and no pointer.
            unsafe {
                libc::syncfs(f.as_raw_fd());
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = f.sync_all();
    }
}

/// Whether a path from a journal stays inside the output: relative, no `..`, no empty or
/// hidden top part that yokoten never writes (a journal is a file anyone could edit).
fn safe_rel(rel: &str) -> bool {
    !rel.is_empty()
        && rel != MARKER
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// Do what the journal says: removals first (a removed file may be where a new folder
/// goes), then the moves. Every step can be done again: a file already moved or removed is
/// skipped, so a journal interrupted anywhere is completed by running it again.
fn apply(output: &Path, staging: &Path, journal: &Journal) -> io::Result<()> {
    let remove: Vec<String> = journal
        .remove
        .iter()
        .filter(|p| safe_rel(p))
        .cloned()
        .collect();
    let not_removed = super::remove_in_place(output, &remove);
    if let Some(f) = not_removed.into_iter().next() {
        return Err(crate::diagnostics::io_at(&output.join(&f.path), f.error));
    }
    for rel in journal.moves.iter().filter(|p| safe_rel(p)) {
        let from = staging.join(rel);
        let to = output.join(rel);
        if std::fs::symlink_metadata(&from).is_err() {
            continue; // moved already
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| crate::diagnostics::io_at(parent, e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| crate::diagnostics::io_at(&to, e))?;
    }
    Ok(())
}

/// The commit is done: the journal goes first, then the staging folder (a leftover staging
/// folder without a journal is removed by the next build).
fn finish(output: &Path, staging: &Path) {
    let _ = std::fs::remove_file(journal_path(output));
    let _ = remove_if_exists(staging);
}

/// Complete a commit that an earlier build began and did not finish (the process was
/// killed, the power cut): called with the output locked, before anything else looks at
/// it. A journal that cannot be read, or names a staging folder that is not ours, is
/// dropped: it was never begun (it is written whole before the first move).
pub fn roll_forward(output: &Path) -> io::Result<()> {
    let path = journal_path(output);
    let Ok(text) = std::fs::read(&path) else {
        return Ok(());
    };
    let journal: Option<Journal> = serde_json::from_slice(&text).ok();
    let staging = journal.as_ref().and_then(|j| {
        let prefix = sibling(output, "staging-");
        let prefix = prefix.file_name()?.to_str()?;
        let ok = j.staging.starts_with(prefix) && !j.staging.contains(['/', '\\']);
        let dir = output.with_file_name(&j.staging);
        (ok && dir.join(MARKER).is_file()).then_some(dir)
    });
    match (journal, staging) {
        (Some(journal), Some(staging)) => {
            // The output may lack folders (or be gone) if the commit stopped early.
            std::fs::create_dir_all(output)?;
            apply(output, &staging, &journal)?;
            finish(output, &staging);
            crate::errln!(
                "{}",
                crate::messages::output::journal_completed(
                    output.display(),
                    journal.moves.len(),
                    journal.remove.len()
                )
            );
        }
        _ => {
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_paths_stay_inside() {
        assert!(safe_rel("cases/a/index.html"));
        assert!(!safe_rel("../x"));
        assert!(!safe_rel("/etc/passwd"));
        assert!(!safe_rel("a//b"));
        assert!(!safe_rel(MARKER));
        assert!(!safe_rel("a/./b"));
    }
}
