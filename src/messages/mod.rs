//! The message catalogue: every text yokoten shows an editor (progress, summaries, errors,
//! hints, the serve overlay, `--help`), each a function with its Japanese and English side
//! by side (see `lang::catalogue!`). Japanese is the default; `--lang en` or
//! `YOKOTEN_LANG=en` switches to English.
//!
//! One file per area, so that a change to one part of the tool touches one file here:
//!
//! | file | messages of |
//! | --- | --- |
//! | `report.rs` | how problems are reported: labels, hints, counts |
//! | `cli.rs` | the command line: `--help`, progress and summary lines, usage errors |
//! | `front_matter.rs` | a case's front matter and YAML: syntax, fields, values |
//! | `links.rs` | links between pages and to files, anchors, `check --external` |
//! | `output.rs` | the output folder: claiming, locking, writing |
//! | `sources.rs` | reading the site's files: links, sizes, published files |
//! | `serve.rs` | the preview server and its overlay |
//! | `scaffold.rs` | `init` and `new case` |
//! | `site.rs` | site.yaml and templates |
//!
//! Field names (`title`, `published`...) stay as written in the file in both languages.

pub mod cli;
pub mod front_matter;
pub mod links;
pub mod output;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod sources;

use crate::lang::Entry;

/// Every message of the catalogue.
pub fn all() -> Vec<Entry> {
    [
        cli::ENTRIES,
        front_matter::ENTRIES,
        links::ENTRIES,
        output::ENTRIES,
        report::ENTRIES,
        scaffold::ENTRIES,
        serve::ENTRIES,
        site::ENTRIES,
        sources::ENTRIES,
    ]
    .concat()
}

#[cfg(test)]
mod tests;
