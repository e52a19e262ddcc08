//! A clean build's writing: files go into a staging folder beside the output as they come,
//! in as many batches as the caller likes (so a build need not hold every page in memory
//! at once), and [`Staging::commit`] swaps the folder in. Dropped without a commit (an
//! error, an interrupt), it removes the staging folder and leaves the output as it was.

use std::collections::HashSet;
use std::io;
use std::path::PathBuf;

use super::beside::{mark, unique_folder};
use super::{io_pool, remove_if_exists, write_files, OutputDir, OutputFile};

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
    /// A staging folder for `output`, which this process has claimed (and so locked).
    pub fn new(output: &OutputDir) -> io::Result<Self> {
        let output = output.path();
        let staging = unique_folder(output, "staging")?;
        // First, so that a staging folder left by a crash is recognised as ours.
        mark(&staging)?;
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
        let old = if self.output.exists() {
            // A name of its own: the old folder is renamed, and rename never replaces a
            // non-empty folder.
            let old = unique_folder(&self.output, "old")?;
            std::fs::remove_dir(&old)?;
            std::fs::rename(&self.output, &old)?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            // Put the old site back rather than leave none.
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        let t = std::time::Instant::now();
        let removed = old.as_deref().map_or(Ok(()), remove_if_exists);
        if crate::timing::enabled() {
            crate::errln!(
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
