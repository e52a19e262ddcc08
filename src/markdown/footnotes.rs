//! Footnotes, GitHub style: references are numbered in the order they first appear, the
//! definitions are gathered at the end of the document in that order, each with a link back
//! to its references. Definitions nobody refers to are left out (as on GitHub); references
//! to undefined notes are left as text by the parser.
//!
//! Ids are `fn-N` for a note and `fnref-N` (`fnref-N-2`, ... for repeated references) for a
//! reference, so labels in any script make valid, short fragments.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Numbering of the footnotes of one document.
#[derive(Debug, Default)]
pub(crate) struct Footnotes {
    /// How many times each note (index = number - 1) is referred to.
    refs: Vec<usize>,
    /// The note number of each reference event, in stream order.
    ref_numbers: Vec<usize>,
}

fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Takes the definitions out of `events` and numbers the references. Returns the remaining
/// events, with the referenced definitions appended at the end (wrapped in their
/// `Start/End(FootnoteDefinition)` events, so that plain-text extraction sees them), and the
/// bookkeeping needed to render them.
pub(crate) fn collect<'a>(events: Vec<Event<'a>>) -> (Vec<Event<'a>>, Footnotes) {
    let mut notes = Footnotes::default();
    let has_notes = events.iter().any(|e| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    });
    if !has_notes {
        return (events, notes);
    }
    let mut main = Vec::with_capacity(events.len());
    let mut defs: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    // (label, body, nesting depth) of the definition being read.
    let mut current: Option<(String, Vec<Event<'a>>, usize)> = None;
    for event in events {
        let Some((_, body, depth)) = current.as_mut() else {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    current = Some((normalize(&label), Vec::new(), 0));
                }
                other => main.push(other),
            }
            continue;
        };
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => *depth += 1,
            Event::End(TagEnd::FootnoteDefinition) if *depth == 0 => {
                if let Some((label, body, _)) = current.take() {
                    defs.entry(label).or_insert(body);
                }
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => *depth -= 1,
            _ => {}
        }
        body.push(event);
    }
    if let Some((label, body, _)) = current.take() {
        defs.entry(label).or_insert(body);
    }
    let mut numbering = Numbering {
        defs,
        numbers: HashMap::new(),
        order: Vec::new(),
    };
    numbering.number(&mut main, &mut notes);
    // Notes may refer to further notes; bodies are numbered in note order, which is also the
    // order they are rendered in.
    let mut done = 0;
    while done < numbering.order.len() {
        let key = numbering.order[done].clone();
        let mut body = numbering.defs.remove(&key).unwrap_or_default();
        numbering.number(&mut body, &mut notes);
        main.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(key))));
        main.extend(body);
        main.push(Event::End(TagEnd::FootnoteDefinition));
        done += 1;
    }
    (main, notes)
}

struct Numbering<'a> {
    defs: HashMap<String, Vec<Event<'a>>>,
    numbers: HashMap<String, usize>,
    order: Vec<String>,
}

impl<'a> Numbering<'a> {
    fn number(&mut self, events: &mut [Event<'a>], notes: &mut Footnotes) {
        for event in events.iter_mut() {
            let Event::FootnoteReference(label) = event else {
                continue;
            };
            let key = normalize(label);
            if !self.defs.contains_key(&key) && !self.numbers.contains_key(&key) {
                // Shown as written, like any other unresolved reference.
                *event = Event::Text(CowStr::from(format!("[^{label}]")));
                continue;
            }
            let n = match self.numbers.get(&key) {
                Some(&n) => n,
                None => {
                    self.order.push(key.clone());
                    self.numbers.insert(key, self.order.len());
                    self.order.len()
                }
            };
            if notes.refs.len() < n {
                notes.refs.resize(n, 0);
            }
            notes.refs[n - 1] += 1;
            notes.ref_numbers.push(n);
        }
    }
}

impl Footnotes {
    /// Ids the footnotes use, which headings must not take.
    pub fn reserved_ids(&self) -> HashSet<String> {
        let mut ids = HashSet::new();
        for (i, &count) in self.refs.iter().enumerate() {
            let n = i + 1;
            ids.insert(format!("fn-{n}"));
            ids.insert(format!("fnref-{n}"));
            for k in 2..=count {
                ids.insert(format!("fnref-{n}-{k}"));
            }
        }
        ids
    }

    /// Replaces the references and the gathered definitions with their HTML.
    pub fn into_html_events(self, events: Vec<Event<'_>>) -> Vec<Event<'_>> {
        if self.refs.is_empty() {
            return events;
        }
        let mut out = Vec::with_capacity(events.len() + 3 * self.refs.len() + 2);
        let mut seen = vec![0usize; self.refs.len()];
        let mut numbers = self.ref_numbers.iter();
        let mut reference = || {
            let &n = numbers.next()?;
            seen[n - 1] += 1;
            let k = seen[n - 1];
            let id = if k == 1 {
                format!("fnref-{n}")
            } else {
                format!("fnref-{n}-{k}")
            };
            Some(Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>"
            ))))
        };
        let mut note = 0usize;
        // The definition being rendered: its events and nesting depth.
        let mut body: Option<(Vec<Event<'_>>, usize)> = None;
        for event in events {
            let Some((events, depth)) = body.as_mut() else {
                match event {
                    Event::FootnoteReference(_) => out.extend(reference()),
                    Event::Start(Tag::FootnoteDefinition(_)) => {
                        if note == 0 {
                            out.push(Event::Html(CowStr::Borrowed(
                                "<section class=\"footnotes\">\n<ol>\n",
                            )));
                        }
                        body = Some((Vec::new(), 0));
                    }
                    other => out.push(other),
                }
                continue;
            };
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => *depth += 1,
                Event::End(TagEnd::FootnoteDefinition) if *depth == 0 => {
                    let (events, _) = body.take().unwrap_or_default();
                    note += 1;
                    let count = self.refs.get(note - 1).copied().unwrap_or(1);
                    push_note(&mut out, note, count, events);
                }
                Event::End(TagEnd::FootnoteDefinition) => *depth -= 1,
                Event::FootnoteReference(_) => events.extend(reference()),
                other => events.push(other),
            }
        }
        if note > 0 {
            out.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
        }
        out
    }
}

/// One `<li>` of the footnote list, with the links back to its references at the end of its
/// last paragraph.
fn push_note<'a>(out: &mut Vec<Event<'a>>, n: usize, count: usize, mut body: Vec<Event<'a>>) {
    out.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))));
    let backrefs = backrefs(n, count);
    if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
        let end = body.pop();
        out.extend(body);
        out.push(Event::InlineHtml(CowStr::from(backrefs)));
        out.extend(end);
    } else {
        out.extend(body);
        out.push(Event::Html(CowStr::from(format!(
            "<p>{}</p>\n",
            backrefs.trim_start()
        ))));
    }
    out.push(Event::Html(CowStr::Borrowed("</li>\n")));
}

fn backrefs(n: usize, count: usize) -> String {
    let mut s = String::new();
    for k in 1..=count.max(1) {
        let (target, mark) = if k == 1 {
            (format!("fnref-{n}"), "↩".to_string())
        } else {
            (format!("fnref-{n}-{k}"), format!("↩<sup>{k}</sup>"))
        };
        s.push_str(&format!(
            " <a href=\"#{target}\" class=\"footnote-backref\">{mark}</a>"
        ));
    }
    s
}
