//! The engine's books kept beside the output between two `yokoten build`s
//! ([`crate::output::manifest`]): a one-off build over an output the last build made starts
//! from what that build wrote, as the authoring loop starts each run from the last one, so
//! that an unchanged site renders and writes nothing.

use std::path::Path;

use super::links::Dep;
use super::Books;
use crate::output::manifest::{self, Entry};

/// What the manifest keeps of a page's links: the page, what they rely on, and its state.
type LinkEntry = (String, Vec<Dep>, u64);

/// Fill empty `books` from the manifest beside `out`, as far as the disk still agrees with
/// it; the files now in the output, or `None` (no usable manifest: a clean build).
pub fn load(books: &mut Books, out: &Path) -> Option<Vec<String>> {
    let loaded = manifest::load::<LinkEntry>(out)?;
    let mut search = Vec::new();
    for e in loaded.files {
        if e.search {
            search.push((e.path, e.bytes));
            continue;
        }
        if let Some(fp) = e.page {
            books.written.pages.insert(e.path.clone(), fp);
        }
        books.written.files.insert(e.path, e.bytes);
    }
    books.search.record(search, loaded.search_inputs);
    books.link_deps.record(loaded.links);
    Some(loaded.on_disk)
}

/// Keep what `books` know of the finished build beside `out`. A manifest that cannot be
/// written only makes the next build a clean one.
pub fn save(books: &Books, out: &Path) {
    let written = &books.written;
    let mut entries: Vec<Entry> = written
        .files
        .iter()
        .map(|(path, &bytes)| Entry {
            path: path.clone(),
            page: written.pages.get(path).copied(),
            bytes,
            search: false,
            stat: Default::default(),
        })
        .collect();
    entries.extend(books.search.files().into_iter().map(|(path, bytes)| Entry {
        path,
        page: None,
        bytes,
        search: true,
        stat: Default::default(),
    }));
    let links = books.link_deps.entries();
    if let Err(e) = manifest::save(out, entries, books.search.inputs_fp, links) {
        if crate::timing::enabled() {
            crate::errln!("    manifest not written: {e}");
        }
    }
}
