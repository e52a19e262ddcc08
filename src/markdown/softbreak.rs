//! East Asian line breaks: a soft line break between two CJK characters renders as nothing.
//!
//! Editors wrap Japanese paragraphs anywhere; CommonMark turns each wrap into a newline, which
//! browsers show as a space in the middle of a sentence. Like goldmark's CJK extension
//! (`eastAsianLineBreaks`, used by Hugo), a soft break is dropped when the characters on both
//! sides are East Asian wide (CJK other than Hangul, since Korean separates words with
//! spaces). A break between Latin words, or between Latin and CJK, stays a space.
//!
//! The characters are looked up across inline markup, so `**強調**` at the end of a line
//! still joins the next line.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::chars::softbreak_is_removed;

/// Removes the soft breaks that sit between two CJK characters.
pub(crate) fn remove_between_cjk(events: &mut Vec<Event<'_>>) {
    let mut remove = vec![false; events.len()];
    let mut any = false;
    let mut last: Option<char> = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = t.chars().next_back() {
                    last = Some(c);
                }
            }
            Event::SoftBreak => {
                if let (Some(before), Some(after)) = (last, first_char_after(events, i + 1)) {
                    if softbreak_is_removed(before, after) {
                        remove[i] = true;
                        any = true;
                    }
                }
                last = None;
            }
            e if is_transparent(e) => {}
            _ => last = None,
        }
    }
    if any {
        let mut i = 0;
        events.retain(|_| {
            let keep = !remove[i];
            i += 1;
            keep
        });
    }
}

/// Inline tags that do not separate the characters on either side of them.
fn is_transparent(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

fn first_char_after(events: &[Event<'_>], from: usize) -> Option<char> {
    for event in &events[from..] {
        match event {
            Event::Text(t) | Event::Code(t) => return t.chars().next(),
            e if is_transparent(e) => {}
            _ => return None,
        }
    }
    None
}
