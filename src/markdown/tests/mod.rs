//! Unit tests of the Markdown pipeline that need its internals.

mod emphasis;
mod pipeline;
mod reference;

use pulldown_cmark::{html, Parser};

use super::{cjk_emphasis, options};

/// The emphasis pass alone: pulldown-cmark's HTML of the prepared source, markers stripped.
pub(super) fn emphasis_html(md: &str) -> String {
    let prepared = cjk_emphasis::prepare(md, options());
    let mut out = String::new();
    html::push_html(&mut out, prepared.parse(options()).into_iter());
    out
}

/// Plain pulldown-cmark with the same options.
pub(super) fn vanilla_html(md: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, options()));
    out
}

/// A small deterministic PRNG (xorshift64*), so the randomised tests are reproducible.
pub(super) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
