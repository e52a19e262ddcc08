//! The language yokoten speaks to editors: plain Japanese by default, English on request
//! (`--lang en` or `YOKOTEN_LANG=en`; never the system `LANG`, which on a municipal PC says
//! nothing about what its user reads).
//!
//! Messages are written in both languages where they are made, with [`msg!`]:
//!
//! ```ignore
//! let m = msg!(ja: "{n} 件の事例", en: "{n} cases");
//! ```

use std::sync::atomic::{AtomicBool, Ordering};

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Speak English from now on (`--lang en`).
pub fn set_english(on: bool) {
    ENGLISH.store(on, Ordering::Relaxed);
}

/// Whether messages are in English.
pub fn english() -> bool {
    ENGLISH.load(Ordering::Relaxed)
}

/// `YOKOTEN_LANG=en` (or `en_US`, `English`...) asks for English; anything else is Japanese.
pub fn from_env() -> bool {
    std::env::var("YOKOTEN_LANG").is_ok_and(|v| v.trim().to_ascii_lowercase().starts_with("en"))
}

/// One of two fixed texts.
pub fn pick<'a>(ja: &'a str, en: &'a str) -> &'a str {
    if english() {
        en
    } else {
        ja
    }
}

/// A message in the editor's language: `msg!(ja: "...", en: "...")`, each a `format!` string
/// that may name variables in scope.
#[macro_export]
macro_rules! msg {
    (ja: $ja:literal, en: $en:literal $(, $arg:expr)* $(,)?) => {
        if $crate::lang::english() {
            format!($en $(, $arg)*)
        } else {
            format!($ja $(, $arg)*)
        }
    };
}
