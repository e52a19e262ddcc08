//! What is in the output folder, as the engine knows it: the fingerprint of every page's
//! inputs and of every file's bytes as last written. Empty for a clean build (everything
//! is then rendered and written), kept between the runs of the authoring loop. A file is
//! recorded only once it is on disk; one that failed is forgotten, so that the next run
//! writes it again.

use std::collections::HashMap;

use crate::output::{Body, Failed, OutputFile};

#[derive(Default)]
pub struct Written {
    /// Page path -> fingerprint of the inputs it was rendered from.
    pub pages: HashMap<String, u64>,
    /// File path -> fingerprint of its bytes (or its copy source); 0 for pages, which are
    /// compared by their inputs (`pages`) instead.
    pub files: HashMap<String, u64>,
}

impl Written {
    /// Nothing known: the next run is a clean build.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `path` holds exactly the file of fingerprint `fp`.
    pub fn has(&self, path: &str, fp: u64) -> bool {
        self.files.get(path) == Some(&fp)
    }

    /// Files known on disk that `keep` does not name: what a run must remove.
    pub fn stale(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        self.files.keys().filter(|p| !keep(p)).cloned().collect()
    }

    /// Record what a run wrote, page fingerprints with it; forget what failed.
    pub fn record(
        &mut self,
        files: Vec<(String, u64)>,
        pages: impl IntoIterator<Item = (String, u64)>,
        failed: &[Failed],
    ) {
        self.files.extend(files);
        self.pages.extend(pages);
        for f in failed {
            self.files.remove(&f.path);
            self.pages.remove(&f.path);
        }
    }

    /// Forget removed files; those that could not be removed stay known (fingerprint 0,
    /// matching nothing), so that the next run tries again.
    pub fn removed(&mut self, removed: &[String], failed: &[Failed]) {
        for p in removed {
            self.files.remove(p);
            self.pages.remove(p);
        }
        for f in failed {
            self.files.insert(f.path.clone(), 0);
        }
    }
}

/// Fingerprint of a file's content: its bytes, or for a copy its source's path, size and
/// modification time (reading every image to compare would cost more than copying).
pub fn file_fingerprint(f: &OutputFile) -> u64 {
    match &f.body {
        Body::Bytes(b) => crate::fingerprint::bytes(b),
        Body::Copy(p) => {
            let meta = std::fs::metadata(p).ok();
            let len = meta.as_ref().map(|m| m.len());
            let mtime = meta.and_then(|m| m.modified().ok());
            crate::fingerprint::of(&(p, len, mtime))
        }
    }
}
