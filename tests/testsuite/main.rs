//! Integration tests of yokoten: every test builds a real site with the real binary
//! (`CARGO_BIN_EXE_yokoten`) through [`site_test::SiteTest`] and checks the files it wrote.
//!
//! Run with `cargo test --test testsuite`. Areas:
//! - `bundled`: the repository's own site builds, every page type exists, links resolve.
//! - `hooks`: the stable hooks of DESIGN.md Part 1 (article.case, h1, lang, search box).
//! - `validation`: every content error, with file:line:col, caret and hint; exit codes.
//! - `front_matter_safety`: bounded YAML (no anchors, limits), scalars as written, exact
//!   positions, invisible characters, slugs and tags that differ only in case or form.
//! - `atomic`: a failed build leaves the previous output as it was.
//! - `rebuild`: a build over the last build's output writes only what changed, restores
//!   what was changed by hand, ignores a foreign manifest, completes a stopped commit.
//! - `sanitise`: scripts and event handlers in Markdown never reach the pages.
//! - `base_url`: a base URL with a path; percent-encoded Japanese URLs.
//! - `feeds`: atom.xml, sitemap.xml, cases.json, cases.csv.
//! - `listing`: prefecture order, drafts, pagination.
//! - `site_files`: case folders with images, template overrides, static files.
//! - `cli`: init, new case, check, usage errors.
//! - `engine`: random edits in `serve`, each compared byte for byte with a clean build.
//! - `safety`: attacks on the editor's files (output paths, links, special files, assets,
//!   exports, nesting, interrupted and failed writes, closed pipes, control characters).
//! - `serve_safety`: `serve` under the attacks of its security review (idle connections,
//!   huge headers, other methods, DNS rebinding, open redirects, non-ASCII base paths).
//! - `yaml_mistakes`: YAML mistakes (tabs, full-width colons, quotes...) explained at
//!   their exact place with the corrected line; parser text only with `--verbose`.
//! - `hints`: hints that are right (dates, 和暦, 8万人, はい, width-folded suggestions).
//! - `links`: links by source file and to headings; broken links fail every command at the
//!   place they are written; `check --external`.
//! - `japanese`: every line the tool prints is Japanese unless English is asked for.
//! - `scaffolding`: `init` and `new case` cannot embarrass (drafts, URLs, template text).
//! - `test_command`: `tests/run.sh` honours cargo's target folder and names a failing stage.
//! - `harness`: the checks of `SiteTest` can fail.

mod site_test;

mod atomic;
mod authoring;
mod base_url;
mod bundled;
mod cli;
mod engine;
mod feeds;
mod front_matter_safety;
mod harness;
mod hints;
mod hooks;
mod japanese;
mod links;
mod listing;
mod rebuild;
mod safety;
mod sanitise;
mod scaffolding;
mod serve_safety;
mod site_files;
mod test_command;
mod validation;
mod yaml_mistakes;

mod prelude {
    #[allow(unused_imports)]
    pub use crate::site_test::markup::{self, percent_decode, percent_encode, Html, Tag};
    #[allow(unused_imports)]
    pub use crate::site_test::{
        bundled, dir_snapshot, line_of, list_files, read_cases, repo_root, CaseBuilder, CaseInfo,
        Run, SiteTest,
    };
}
