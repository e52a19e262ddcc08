//! The HTML pages of the site.
//!
//! 1. [`cards`]: each case as lists show it, built once and shared by every page.
//! 2. [`inputs`]: every page as a job, and what it shows, declared once: its fingerprint
//!    and the cases it depends on are derived from that declaration.
//! 3. [`render`]: a page from its inputs and the templates.

pub mod cards;
pub mod inputs;
pub mod render;

pub use cards::{CardCache, Cards, CaseCard, Link, TermLink};
pub use inputs::{Inputs, Job, PageJob, Sources};
pub use render::Renderer;
