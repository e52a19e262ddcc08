//! yokoten: a static-site generator for Japanese municipal DX case studies.
//!
//! Data flows one way, through one engine ([`build`]) that `build`, `check`, `build --watch`
//! and `serve` all use: load (site.yaml, content/, templates, static files: [`sources`]
//! reads) -> model (cases, taxonomies) -> pages (each with the fingerprint of its declared
//! inputs: [`pages`]) -> search index -> write ([`output`] writes). Only the first and last
//! stages touch the disk. This file only declares the modules and a few entry points.

// Diagnostics are large but travel only on the cold error path; boxing them everywhere would
// cost clarity for nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod byte_range;
pub mod config;
pub mod console;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod feeds;
pub mod fields;
pub mod fingerprint;
pub mod interrupt;
pub mod lang;
pub mod links;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod names;
pub mod output;
pub mod pages;
pub mod prefectures;
pub mod related;
pub mod scaffold;
pub mod search;
pub mod server;
pub mod sources;
pub mod suggest;
pub mod taxonomy;
pub mod templates;
pub mod text;
pub mod tilemap;
pub mod timing;
pub mod urls;
pub mod watch;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use diagnostics::{Diagnostic, Diagnostics};
use output::OutputFile;

pub use build::{build, check, Engine, Outcome};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Replace an output folder that holds files yokoten did not make (`--force`).
    pub force: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site's settings and content, read and checked (for tools that want the model without
/// a build: the benchmarks).
pub struct Loaded {
    pub site: sources::SiteRoot,
    pub config: config::Config,
    pub content: content::Content,
}

/// Read and check site.yaml and the content.
pub fn load(opts: &BuildOptions) -> Result<Loaded, Diagnostics> {
    let site = sources::SiteRoot::open(&opts.root)?;
    let config = config::load(&site)?;
    let content = content::load(&site, &config, opts.drafts)?;
    Ok(Loaded {
        site,
        config,
        content,
    })
}

/// The plain text of every case's body (model order), read and rendered.
pub fn plain_texts(site: &sources::SiteRoot, model: &model::Model) -> Vec<Arc<str>> {
    use rayon::prelude::*;
    model
        .cases
        .par_iter()
        .map(|cm| {
            content::read_body(site, &cm.case)
                .map(|b| Arc::from(markdown::render(&b).plain))
                .unwrap_or_else(|_| Arc::from(""))
        })
        .collect()
}

/// The search index of all cases (see `search`), under `search/`.
pub fn search_files(site: &sources::SiteRoot, model: &model::Model) -> Vec<OutputFile> {
    build::search_files(&model.cases, &plain_texts(site, model))
}

/// The theme's static files, then the site's own (which win: see `build::site_files`).
pub fn static_files(site: &sources::SiteRoot, theme: &str) -> Result<Vec<OutputFile>, Diagnostics> {
    let root = site.path();
    let mut statics =
        output::static_files(site, &templates::theme_dir(root, theme).join("static"), "")?;
    statics.extend(output::static_files(site, &root.join("static"), "")?);
    Ok(statics)
}

/// The error of a failed write; `at`: the output folder, where known.
pub(crate) fn write_error(at: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::new(
            at,
            crate::messages::output::cannot_write_site(crate::diagnostics::io_reason(&e)),
        )
        .hint(crate::messages::output::cannot_write_site_hint()),
    )
}

/// Ctrl+C during a build: the staging folder goes, the published folder stays.
pub(crate) fn interrupted() -> Diagnostics {
    Diagnostics::from(Diagnostic::new(
        "yokoten",
        crate::messages::output::stopped_unchanged(),
    ))
}

/// A queue to the writer closed early: the writer has failed, and its error is reported.
pub(crate) fn writer_stopped() -> Diagnostics {
    write_error(
        Path::new("output"),
        std::io::Error::other("the writer stopped"),
    )
}
