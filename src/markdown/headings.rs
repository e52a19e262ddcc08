//! Heading ids and the table of contents.
//!
//! An id keeps the heading's words, Japanese included (`## 背景と課題` gets `背景と課題`): the text
//! is NFKC-normalised (full-width ＡＢＣ and half-width ｶﾅ fold to their usual forms), ASCII is
//! lowercased, whitespace becomes `-`, and punctuation and symbols (「」、。・（）!? and the like,
//! which are awkward in URLs) are dropped. Ids are unique within a document: repeats get
//! `-1`, `-2`, ... An explicit `{#custom-id}` at the end of a heading sets the id, normalised
//! the same way (`{#Intro}` gives `intro`), so that every id of a page is what [`slugify`]
//! makes of it: a link's `#見出し` is compared with the ids after that same normalisation.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use super::TocEntry;

/// The URL fragment for a heading text.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfkc() {
        if c.is_alphanumeric() || c == '_' || is_mark(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '-' || c.is_whitespace() {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Combining marks that NFKC leaves standing (e.g. a dakuten after a character that has no
/// precomposed form) belong to the word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// A custom id written as `{#id}` at the end of a heading's text.
fn split_custom_id(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let inner = t.strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = &inner[open + 2..];
    let valid = !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '{' || c == '}');
    valid.then(|| (t[..open].trim_end(), id))
}

struct Heading {
    start: usize,
    end: usize,
    custom: Option<String>,
}

/// The ids of a document's headings.
pub(crate) struct Ids {
    /// Headings of levels 2 and 3.
    pub toc: Vec<TocEntry>,
    /// The id of every heading, in document order.
    pub all: Vec<String>,
}

/// Gives every heading an id (written into its `Start(Heading)` event) and returns the table
/// of contents (levels 2 and 3) and every id. `reserved` ids (e.g. footnotes') are never used.
pub(crate) fn assign_ids(events: &mut [Event<'_>], reserved: &HashSet<String>) -> Ids {
    let mut headings = Vec::new();
    let mut start = None;
    for i in 0..events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { .. }) => start = Some(i),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(s) = start.take() {
                    let custom = take_custom_id(&mut events[s + 1..i]).map(|id| slugify(&id));
                    headings.push(Heading {
                        start: s,
                        end: i,
                        custom,
                    });
                }
            }
            _ => {}
        }
    }
    if headings.is_empty() {
        return Ids {
            toc: Vec::new(),
            all: Vec::new(),
        };
    }
    let mut used: HashSet<String> = reserved.clone();
    let customs: HashSet<String> = headings.iter().filter_map(|h| h.custom.clone()).collect();
    let mut toc = Vec::new();
    let mut all = Vec::with_capacity(headings.len());
    let mut next = HashMap::new();
    for h in headings {
        let title = super::plain::inline_text(&events[h.start + 1..h.end]);
        let id = match h.custom {
            Some(id) if !used.contains(&id) => id,
            Some(id) => unique(&id, &used, &customs, &mut next),
            None => unique(&slugify(&title), &used, &customs, &mut next),
        };
        used.insert(id.clone());
        all.push(id.clone());
        if let Event::Start(Tag::Heading {
            level,
            id: slot,
            classes,
            attrs,
        }) = &mut events[h.start]
        {
            *slot = Some(CowStr::from(id.clone()));
            classes.clear();
            attrs.clear();
            let level = *level as u8;
            if level == 2 || level == 3 {
                toc.push(TocEntry { level, id, title });
            }
        }
    }
    Ids { toc, all }
}

/// `base`, or `base-1`, `base-2`, ... whichever is free first. `next` remembers the last
/// suffix tried per base, so many equal headings cost linear time.
fn unique(
    base: &str,
    used: &HashSet<String>,
    customs: &HashSet<String>,
    next: &mut HashMap<String, usize>,
) -> String {
    let taken = |s: &str| used.contains(s) || customs.contains(s);
    if !taken(base) {
        return base.to_string();
    }
    let n = next.entry(base.to_string()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if !taken(&candidate) {
            return candidate;
        }
    }
}

/// Removes a trailing `{#id}` from the heading's last text event and returns the id.
fn take_custom_id(inline: &mut [Event<'_>]) -> Option<String> {
    let Some(Event::Text(t)) = inline.last_mut() else {
        return None;
    };
    let (rest, id) = split_custom_id(t)?;
    let id = id.to_string();
    *t = CowStr::from(rest.to_string());
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("背景と課題"), "背景と課題");
        assert_eq!(slugify("Getting Started"), "getting-started");
        assert_eq!(
            slugify("「手上げ式」の導入（2024年度）"),
            "手上げ式の導入2024年度"
        );
        assert_eq!(slugify("ＤＸ推進員の募集"), "dx推進員の募集");
        assert_eq!(slugify("ﾃｽﾄ"), "テスト");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(slugify("  a  -  b  "), "a-b");
        assert_eq!(slugify("C++ / Rust"), "c-rust");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify("マイナンバー・カード"), "マイナンバーカード");
    }

    #[test]
    fn custom_ids() {
        assert_eq!(split_custom_id("Title {#intro}"), Some(("Title", "intro")));
        assert_eq!(split_custom_id("予算 {概算}"), None);
        assert_eq!(split_custom_id("x {#a b}"), None);
        assert_eq!(split_custom_id("{#only}"), Some(("", "only")));
    }
}
