//! The language yokoten speaks to editors: plain Japanese by default, English on request
//! (`--lang en` or `YOKOTEN_LANG=en`; never the system `LANG`, which on a municipal PC says
//! nothing about what its user reads).
//!
//! Every message lives in the catalogue (`src/messages/`), one function per message with
//! both languages side by side, written with [`catalogue!`]:
//!
//! ```ignore
//! catalogue! {
//!     /// After a build.
//!     pub fn built(n: usize) {
//!         let cases = plural(n, "case", "cases");
//!         ja: "{n} 件の事例を作りました。",
//!         en: "built {n} {cases}",
//!     }
//! }
//! ```
//!
//! The macro will not take a message without both languages, and the catalogue's tests
//! check that both use the same placeholders and that every message is used.

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

/// One message of the catalogue, as its tests see it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// `messages::<area>::<name>`.
    pub id: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
    /// Values a message computes before its text (an English plural): a language may use
    /// them or not.
    pub locals: &'static [&'static str],
}

/// The English noun for `n` things (Japanese has no plural).
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Messages in both languages: each `fn` returns its text in the editor's language, a
/// `format!` string that may name the function's arguments and the `let`s before it; the
/// file also gets `ENTRIES`, its messages as data for the catalogue's tests.
#[macro_export]
macro_rules! catalogue {
    ($(
        $(#[doc = $doc:literal])*
        pub fn $id:ident($($arg:ident: $ty:ty),* $(,)?) {
            $(let $local:ident = $e:expr;)*
            ja: $ja:literal,
            en: $en:literal $(,)?
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $id($($arg: $ty),*) -> String {
                $(let $local = $e;)*
                if $crate::lang::english() {
                    format!($en)
                } else {
                    format!($ja)
                }
            }
        )*

        /// Every message of this file, for the catalogue's tests.
        pub const ENTRIES: &[$crate::lang::Entry] = &[$(
            $crate::lang::Entry {
                id: concat!(module_path!(), "::", stringify!($id)),
                ja: $ja,
                en: $en,
                locals: &[$(stringify!($local)),*],
            },
        )*];
    };
}
