//! CJK-friendly emphasis as a pre-pass over the Markdown source.
//!
//! CommonMark decides whether a run of `*` or `_` can open or close emphasis from the two
//! characters around it (the flanking rules). Those rules misfire next to Japanese, Chinese
//! and Korean punctuation: in `これは**「重要」**です` neither run may open *and* close where it
//! should, so the asterisks stay literal (commonmark-spec#650). The "CommonMark CJK-friendly
//! amendments" (tats-u/markdown-cjk-friendly) change the flanking rules only; the matching
//! algorithm stays as it is.
//!
//! pulldown-cmark 0.13.6 has no switch for the amendments, and its flanking code is private.
//! This pass therefore changes what pulldown-cmark *sees* around a run instead of changing
//! the parser:
//!
//! 1. Find every `*`/`_` run (and `~~`) with a CJK-related neighbour (a CJK character, a variation
//!    selector, an ideographic variation selector). Runs without one flank the same under both
//!    rule sets, so text without CJK is never touched (the source is returned borrowed).
//! 2. Parse once with pulldown-cmark to learn which runs are live inline text (not inside code
//!    spans, code blocks, raw HTML, link destinations) and where each line's inline content
//!    starts (container prefixes such as `>` and table pipes count as line starts).
//! 3. For each live run, compute `(can_open, can_close)` under the amendments and under
//!    pulldown-cmark's rules with the neighbours it will see. Where they differ, insert an
//!    invisible marker between the run and its neighbour whose class (punctuation or "other")
//!    makes pulldown-cmark arrive at the amended answer.
//! 4. The caller parses the marked text and strips the markers from every event.
//!
//! GFM strikethrough gets the same treatment as in the amendments' strikethrough extension:
//! a `~~` may close wherever an amended `**` could (`これは~~「削除」~~です`).
//!
//! The markers are a Unicode noncharacter (U+FDD0.., class "other") and a rare symbol
//! (U+1D000.., class "punctuation"), each chosen so that it does not occur in the source.
//! Drop this module once a pulldown-cmark release with `ENABLE_CJK_FRIENDLY_EMPHASIS`
//! (pulldown-cmark#1059) is available.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::chars::{
    is_ambiguous_quote, is_cjk, is_general_vs, is_ivs, is_punctuation, is_whitespace,
};

/// How pulldown-cmark classifies a run's neighbour.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Whitespace, or the start/end of the line.
    Space,
    /// Unicode punctuation (P or S).
    Punct,
    /// Anything else (letters, digits, CJK ideographs, kana, marks...).
    Other,
}

const CLASSES: [Class; 3] = [Class::Space, Class::Punct, Class::Other];

/// The invisible characters inserted by [`prepare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Markers {
    /// A character pulldown-cmark classes as "other" (neither whitespace nor punctuation).
    pub other: char,
    /// A character pulldown-cmark classes as punctuation, if one absent from the source was
    /// found.
    pub punct: Option<char>,
}

impl Markers {
    fn for_class(&self, class: Class) -> Option<char> {
        match class {
            Class::Other => Some(self.other),
            Class::Punct => self.punct,
            Class::Space => None,
        }
    }

    fn is_marker(&self, c: char) -> bool {
        c == self.other || Some(c) == self.punct
    }

    /// Removes the markers from `s`, borrowing when there are none.
    pub fn strip<'s>(&self, s: &'s str) -> Cow<'s, str> {
        if s.contains(|c| self.is_marker(c)) {
            Cow::Owned(s.chars().filter(|&c| !self.is_marker(c)).collect())
        } else {
            Cow::Borrowed(s)
        }
    }

    /// Removes the markers from a pulldown-cmark string.
    pub fn strip_cow<'s>(&self, s: CowStr<'s>) -> CowStr<'s> {
        if s.contains(|c| self.is_marker(c)) {
            CowStr::from(
                s.chars()
                    .filter(|&c| !self.is_marker(c))
                    .collect::<String>(),
            )
        } else {
            s
        }
    }
}

/// The source as pulldown-cmark should parse it.
pub(crate) struct Prepared<'a> {
    /// The source, with markers inserted where needed.
    pub text: Cow<'a, str>,
    /// `Some` when markers were inserted: they must then be stripped from the parser's output.
    pub markers: Option<Markers>,
    /// The link reference definitions of the source. A marker inside a collapsed or shortcut
    /// reference (`[**「a」**]`) changes its label; the parser's broken-link callback looks
    /// the label up here with the markers removed.
    pub refdefs: RefDefs,
}

/// Link reference definitions: normalised label -> (destination, title).
pub(crate) type RefDefs = HashMap<String, (String, String)>;

/// Link labels match case-insensitively with whitespace collapsed.
fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

impl<'a> Prepared<'a> {
    fn unchanged(src: &'a str) -> Self {
        Prepared {
            text: Cow::Borrowed(src),
            markers: None,
            refdefs: RefDefs::new(),
        }
    }

    /// Resolves a reference link whose label holds markers: pulldown-cmark sees the
    /// marked label, the definitions were collected without them.
    fn refdef_callback<'p>(
        &'p self,
        markers: Markers,
    ) -> impl FnMut(BrokenLink<'p>) -> Option<(CowStr<'p>, CowStr<'p>)> + 'p {
        let refdefs = &self.refdefs;
        move |link: BrokenLink<'p>| {
            let label = label_key(&markers.strip(&link.reference));
            refdefs
                .get(&label)
                .map(|(dest, title)| (CowStr::from(dest.as_str()), CowStr::from(title.as_str())))
        }
    }

    /// Parses the prepared text with `options`, stripping markers from the events.
    pub fn parse<'p>(&'p self, options: Options) -> Vec<Event<'p>> {
        match self.markers {
            Some(markers) if !self.refdefs.is_empty() => {
                let callback = self.refdef_callback(markers);
                let parser =
                    Parser::new_with_broken_link_callback(&self.text, options, Some(callback));
                parser.map(|ev| strip_event(ev, &markers)).collect()
            }
            Some(markers) => Parser::new_ext(&self.text, options)
                .map(|ev| strip_event(ev, &markers))
                .collect(),
            None => Parser::new_ext(&self.text, options).collect(),
        }
    }
}

impl Prepared<'_> {
    /// [`Prepared::parse`], each event with the byte range it was parsed from, as offsets
    /// into the source given to [`prepare`] (the markers taken out of the count).
    pub fn parse_with_offsets<'p>(&'p self, options: Options) -> Vec<(Event<'p>, Range<usize>)> {
        let mut events: Vec<(Event<'p>, Range<usize>)> = match self.markers {
            Some(markers) if !self.refdefs.is_empty() => {
                let callback = self.refdef_callback(markers);
                Parser::new_with_broken_link_callback(&self.text, options, Some(callback))
                    .into_offset_iter()
                    .map(|(ev, r)| (strip_event(ev, &markers), r))
                    .collect()
            }
            Some(markers) => Parser::new_ext(&self.text, options)
                .into_offset_iter()
                .map(|(ev, r)| (strip_event(ev, &markers), r))
                .collect(),
            None => {
                return Parser::new_ext(&self.text, options)
                    .into_offset_iter()
                    .collect()
            }
        };
        // Where the markers sit in the prepared text, with the bytes inserted up to each.
        let markers = self.markers.expect("matched above");
        let mut inserted: Vec<(usize, usize)> = Vec::new();
        let mut total = 0;
        for (i, c) in self.text.char_indices() {
            if markers.is_marker(c) {
                total += c.len_utf8();
                inserted.push((i, total));
            }
        }
        let original = |p: usize| {
            // Bytes of the markers that start before `p`.
            let k = inserted.partition_point(|&(i, _)| i < p);
            p - if k == 0 { 0 } else { inserted[k - 1].1 }
        };
        for (_, r) in &mut events {
            *r = original(r.start)..original(r.end);
        }
        events
    }
}

fn strip_event<'e>(ev: Event<'e>, m: &Markers) -> Event<'e> {
    match ev {
        Event::Text(t) => Event::Text(m.strip_cow(t)),
        Event::Code(t) => Event::Code(m.strip_cow(t)),
        Event::InlineHtml(t) => Event::InlineHtml(m.strip_cow(t)),
        Event::Html(t) => Event::Html(m.strip_cow(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(m.strip_cow(t)),
        Event::Start(Tag::FootnoteDefinition(t)) => {
            Event::Start(Tag::FootnoteDefinition(m.strip_cow(t)))
        }
        other => other,
    }
}

/// A maximal run of unescaped `*` or `_` (or a `~~`) with a CJK-related neighbour.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    delim: u8,
}

/// Prepares `src` for pulldown-cmark with `options` (the options of the real parse).
pub(crate) fn prepare(src: &str, options: Options) -> Prepared<'_> {
    let runs = candidate_runs(src);
    if runs.is_empty() {
        return Prepared::unchanged(src);
    }
    let markers = choose_markers(src);
    let layout = InlineLayout::scan(src, options);
    let mut wants: Vec<Want> = Vec::new();
    for run in runs {
        if layout.is_live(run) {
            plan_run(src, &layout, run, &markers, &mut wants);
        }
    }
    if wants.is_empty() {
        return Prepared::unchanged(src);
    }
    let text = insert_markers(src, &mut wants, &markers);
    if text.len() == src.len() {
        return Prepared::unchanged(src);
    }
    Prepared {
        text: Cow::Owned(text),
        markers: Some(markers),
        refdefs: layout.refdefs,
    }
}

/// Unescaped `*`/`_` runs and `~~` next to a CJK character or a variation selector.
fn candidate_runs(src: &str) -> Vec<Run> {
    let bytes = src.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'*' && b != b'_' && b != b'~' {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len() && bytes[end] == b {
            end += 1;
        }
        if b == b'~' && end - i != 2 {
            // Only `~~` is handled: a single `~` is not intraword in pulldown-cmark, and
            // longer runs never delimit.
            i = end;
            continue;
        }
        let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        let start = if backslashes % 2 == 1 { i + 1 } else { i };
        if start < end {
            let prev = src[..start].chars().next_back();
            let next = src[end..].chars().next();
            let related_prev = prev.is_some_and(|c| is_cjk(c) || is_ivs(c) || is_general_vs(c));
            let related_next = next.is_some_and(is_cjk);
            if related_prev || related_next {
                runs.push(Run {
                    start,
                    end,
                    delim: b,
                });
            }
        }
        i = end;
    }
    runs
}

/// Picks marker characters that do not occur in `src`.
fn choose_markers(src: &str) -> Markers {
    // Noncharacters U+FDD0..U+FDEF: never meaningful in text.
    let mut other_seen = 0u32;
    // Byzantine musical symbols U+1D000..U+1D01F (So): punctuation to CommonMark, and not
    // plausibly in a municipal case study.
    let mut punct_seen = 0u32;
    for c in src.chars() {
        match c as u32 {
            cp @ 0xFDD0..=0xFDEF => other_seen |= 1 << (cp - 0xFDD0),
            cp @ 0x1D000..=0x1D01F => punct_seen |= 1 << (cp - 0x1D000),
            _ => {}
        }
    }
    let pick = |seen: u32, base: u32| {
        (0..32u32)
            .find(|k| seen & (1 << k) == 0)
            .and_then(|k| char::from_u32(base + k))
    };
    Markers {
        // 32 noncharacters can't all be present in a document that matters; fall back to
        // U+FDD0 (stripping it then also removes the author's own, which are meaningless).
        other: pick(other_seen, 0xFDD0).unwrap_or('\u{FDD0}'),
        punct: pick(punct_seen, 0x1D000),
    }
}

/// Where inline text lives in the source, learnt from one pulldown-cmark parse.
struct InlineLayout {
    /// Source ranges of `Text` events outside code blocks, sorted, disjoint.
    text: Vec<(usize, usize)>,
    /// Byte offsets of delimiters that pulldown-cmark used for emphasis, sorted.
    delims: Vec<usize>,
    /// Union of the ranges of all inline events: a character outside it is not inline
    /// content (a container prefix, a table pipe, indentation), so a run beside it sits at
    /// the start or end of its line.
    cover: Vec<(usize, usize)>,
    refdefs: RefDefs,
}

impl InlineLayout {
    fn scan(src: &str, options: Options) -> Self {
        let parser = Parser::new_ext(src, options);
        let refdefs: RefDefs = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| {
                (
                    label_key(label),
                    (
                        def.dest.to_string(),
                        def.title.as_deref().unwrap_or("").to_string(),
                    ),
                )
            })
            .collect();
        let mut text = Vec::new();
        let mut delims = Vec::new();
        let mut cover = Vec::new();
        let mut code_block = 0usize;
        for (event, range) in parser.into_offset_iter() {
            let r = (range.start, range.end);
            match event {
                Event::Start(Tag::CodeBlock(_)) => code_block += 1,
                Event::End(TagEnd::CodeBlock) => code_block = code_block.saturating_sub(1),
                Event::Text(_) if code_block == 0 => {
                    text.push(r);
                    // The text of a backslash escape starts after the backslash, which is
                    // still inline content.
                    let from = if r.0 > 0 && src.as_bytes()[r.0 - 1] == b'\\' {
                        r.0 - 1
                    } else {
                        r.0
                    };
                    cover.push((from, r.1));
                }
                Event::Code(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::FootnoteReference(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::TaskListMarker(_) => cover.push(r),
                Event::Start(
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript,
                ) => {
                    if r.1 > r.0 {
                        delims.push(r.0);
                        delims.push(r.1 - 1);
                    }
                    cover.push(r);
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => cover.push(r),
                _ => {}
            }
        }
        text.sort_unstable();
        delims.sort_unstable();
        InlineLayout {
            text,
            delims,
            cover: merge_ranges(cover),
            refdefs,
        }
    }

    /// Is the run inline text that pulldown-cmark treats as (potential) delimiters?
    fn is_live(&self, run: Run) -> bool {
        // A text range overlapping the run?
        let i = self.text.partition_point(|&(_, end)| end <= run.start);
        if self.text.get(i).is_some_and(|&(start, _)| start < run.end) {
            return true;
        }
        let j = self.delims.partition_point(|&p| p < run.start);
        self.delims.get(j).is_some_and(|&p| p < run.end)
    }

    fn covered(&self, pos: usize) -> bool {
        let i = self.cover.partition_point(|&(_, end)| end <= pos);
        self.cover.get(i).is_some_and(|&(start, _)| start <= pos)
    }

    /// The character before `pos` as the parser sees it: `None` at the start of a line.
    fn prev_char(&self, src: &str, pos: usize) -> Option<(char, usize)> {
        let c = src[..pos].chars().next_back()?;
        let at = pos - c.len_utf8();
        if c == '\n' || c == '\r' || !self.covered(at) {
            return None;
        }
        Some((c, at))
    }

    /// The character at `pos` as the parser sees it: `None` at the end of a line.
    fn next_char(&self, src: &str, pos: usize) -> Option<char> {
        let c = src[pos..].chars().next()?;
        if c == '\n' || c == '\r' || !self.covered(pos) {
            return None;
        }
        Some(c)
    }
}

fn merge_ranges(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn class_of(c: Option<char>) -> Class {
    match c {
        None => Class::Space,
        Some(c) if is_whitespace(c) => Class::Space,
        Some(c) if is_punctuation(c) => Class::Punct,
        Some(_) => Class::Other,
    }
}

/// `(can_open, can_close)` as pulldown-cmark computes it from the neighbours' classes.
fn pulldown_flags(delim: u8, prev: Class, next: Class) -> (bool, bool) {
    use Class::*;
    if delim == b'*' {
        let open = next != Space && (next != Punct || prev != Other);
        let close = prev != Space && (prev != Punct || next != Other);
        (open, close)
    } else if delim == b'~' {
        // `~~` may open anywhere before a non-space; it closes like `*`.
        let open = next != Space;
        let close = prev != Space && (prev != Punct || next != Other);
        (open, close)
    } else {
        let open = next != Space && prev != Other;
        let close = prev != Space && next != Other;
        (open, close)
    }
}

/// `(can_open, can_close)` under the CJK-friendly amendments.
///
/// `prev` is the character before the run after skipping a general-use variation selector
/// (U+FE00..U+FE0E) that follows a non-space character; `prev_cjk` says whether that
/// character (or sequence) counts as CJK: a CJK character, an ideographic variation selector,
/// or a "CJK ambiguous punctuation sequence" such as `”︁` (U+201D U+FE01).
pub(crate) fn amended_flags(
    delim: u8,
    prev: Option<char>,
    prev_cjk: bool,
    next: Option<char>,
) -> (bool, bool) {
    let prev_space = prev.is_none_or(is_whitespace);
    let next_space = next.is_none_or(is_whitespace);
    if prev_space || next_space {
        return (!next_space, !prev_space);
    }
    let (prev, next) = (prev.unwrap_or(' '), next.unwrap_or(' '));
    let prev_punct = is_punctuation(prev);
    let next_punct = is_punctuation(next);
    if delim == b'_' {
        // Rules 2, 4, 6 and 8: `_` stays non-intraword; only the variation-selector skip
        // differs from CommonMark.
        return (prev_punct, next_punct);
    }
    // Left-flanking: not followed by non-CJK punctuation, or preceded by whitespace,
    // punctuation, or a CJK sequence. Right-flanking mirrors it.
    let cjk = prev_cjk || is_cjk(next);
    (
        !next_punct || prev_punct || cjk,
        !prev_punct || next_punct || cjk,
    )
}

/// The character before a run as the amendments read it: `(main char, counts as CJK)`.
fn amended_prev(layout: &InlineLayout, src: &str, run: Run) -> (Option<char>, bool) {
    match layout.prev_char(src, run.start) {
        None => (None, false),
        Some((vs, at)) if is_general_vs(vs) => match layout.prev_char(src, at) {
            Some((base, _)) if !is_whitespace(base) => {
                let cjk = is_cjk(base) || (vs == '\u{FE01}' && is_ambiguous_quote(base));
                (Some(base), cjk)
            }
            _ => (Some(vs), false),
        },
        Some((c, _)) => (Some(c), is_cjk(c) || is_ivs(c)),
    }
}

/// A class a run wants to see on one side.
#[derive(Debug, Clone, Copy)]
struct Want {
    pos: usize,
    /// `true`: the run ends at `pos` and wants to see `class` after it.
    /// `false`: the run starts at `pos` and wants to see `class` before it.
    run_on_left: bool,
    class: Class,
}

fn plan_run(src: &str, layout: &InlineLayout, run: Run, markers: &Markers, out: &mut Vec<Want>) {
    let raw_prev = layout.prev_char(src, run.start).map(|(c, _)| c);
    let next = layout.next_char(src, run.end);
    let (prev_main, prev_cjk) = amended_prev(layout, src, run);
    let (pc, nc) = (class_of(raw_prev), class_of(next));
    let target = if run.delim == b'~' {
        // GFM strikethrough, CJK-friendly: `~~` closes where `**` would under the amendments.
        // pulldown-cmark's `~~` already opens more freely than that; keep its answer there.
        let (open, close) = pulldown_flags(b'~', pc, nc);
        (
            open,
            close || amended_flags(b'*', prev_main, prev_cjk, next).1,
        )
    } else {
        amended_flags(run.delim, prev_main, prev_cjk, next)
    };
    if pulldown_flags(run.delim, pc, nc) == target {
        return;
    }
    let usable = |orig: Class, new: Class| {
        new == orig || (orig != Class::Space && markers.for_class(new).is_some())
    };
    let mut best: Option<(usize, Class, Class)> = None;
    for p in CLASSES {
        for n in CLASSES {
            if !usable(pc, p) || !usable(nc, n) || pulldown_flags(run.delim, p, n) != target {
                continue;
            }
            let cost = usize::from(p != pc) + usize::from(n != nc);
            if best.is_none_or(|(c, _, _)| cost < c) {
                best = Some((cost, p, n));
            }
        }
    }
    if let Some((_, p, n)) = best {
        if p != pc {
            out.push(Want {
                pos: run.start,
                run_on_left: false,
                class: p,
            });
        }
        if n != nc {
            out.push(Want {
                pos: run.end,
                run_on_left: true,
                class: n,
            });
        }
    }
}

fn is_delimiter_char(c: Option<char>) -> bool {
    matches!(c, Some('*' | '_' | '~'))
}

/// Builds the marked text. At a boundary the marker nearest to each side decides what that
/// side sees, so a delimiter run on the other side of the boundary keeps its own view.
fn insert_markers(src: &str, wants: &mut [Want], markers: &Markers) -> String {
    wants.sort_by_key(|w| (w.pos, !w.run_on_left));
    let mut out = String::with_capacity(src.len() + wants.len() * 4);
    let mut copied = 0;
    let mut i = 0;
    while i < wants.len() {
        let pos = wants[i].pos;
        let mut left_want = None;
        let mut right_want = None;
        while i < wants.len() && wants[i].pos == pos {
            if wants[i].run_on_left {
                left_want = Some(wants[i].class);
            } else {
                right_want = Some(wants[i].class);
            }
            i += 1;
        }
        let a = src[..pos].chars().next_back();
        let b = src[pos..].chars().next();
        let left_view = left_want.or_else(|| is_delimiter_char(a).then(|| class_of(b)));
        let right_view = right_want.or_else(|| is_delimiter_char(b).then(|| class_of(a)));
        let mut seq: [Option<char>; 2] = [None, None];
        let mut ok = true;
        for (slot, view) in seq.iter_mut().zip([left_view, right_view]) {
            if let Some(class) = view {
                *slot = markers.for_class(class);
                ok &= slot.is_some();
            }
        }
        if !ok {
            continue;
        }
        if seq[0] == seq[1] {
            seq[1] = None;
        }
        out.push_str(&src[copied..pos]);
        copied = pos;
        for c in seq.into_iter().flatten() {
            out.push(c);
        }
    }
    out.push_str(&src[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_without_cjk() {
        for s in ["**a**b", "a*\"foo\"*", "*£*bravo", "foo_bar_", "ａ**b**"] {
            assert!(
                matches!(prepare(s, Options::empty()).text, Cow::Borrowed(_)),
                "{s}"
            );
        }
    }

    #[test]
    fn markers_are_not_in_source() {
        let m = choose_markers("x\u{FDD0}\u{1D000}");
        assert_eq!(m.other, '\u{FDD1}');
        assert_eq!(m.punct, Some('\u{1D001}'));
        assert!(is_punctuation(m.punct.unwrap()) && !is_cjk(m.punct.unwrap()));
        assert!(!is_punctuation(m.other) && !is_whitespace(m.other));
    }

    #[test]
    fn pulldown_flag_model_matches_parser() {
        // Representatives of each class: space, punctuation, other.
        use pulldown_cmark::html;
        let reps = [
            (Class::Space, " "),
            (Class::Punct, "."),
            (Class::Other, "x"),
        ];
        for delim in ["*", "_"] {
            for (pc, p) in reps {
                for (nc, n) in reps {
                    let (open, close) = pulldown_flags(delim.as_bytes()[0], pc, nc);
                    // Opening probe: run followed by "x<delim>" closer. Closing probe likewise.
                    let open_src = format!("a{p}{delim}{n}y{delim} z");
                    let close_src = format!("a {delim}y{p}{delim}{n}z");
                    let mut h = String::new();
                    html::push_html(&mut h, Parser::new_ext(&open_src, Options::empty()));
                    let opened = h.contains("<em>");
                    h.clear();
                    html::push_html(&mut h, Parser::new_ext(&close_src, Options::empty()));
                    let closed = h.contains("<em>");
                    assert_eq!(opened, open, "open {delim} {pc:?} {nc:?} {open_src}");
                    assert_eq!(closed, close, "close {delim} {pc:?} {nc:?} {close_src}");
                }
            }
        }
    }
}
