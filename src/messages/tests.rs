//! The catalogue is complete: both languages of every message say the same things, and
//! every message is used somewhere.

use std::collections::BTreeSet;
use std::path::Path;

use super::all;

/// The names of a format string's placeholders (`{n}`, `{n:>5}`), without `{{`/`}}`.
fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        let after = &rest[i + 1..];
        if after.starts_with(rest[i..].chars().next().unwrap()) {
            rest = &after[1..];
            continue;
        }
        if rest[i..].starts_with('{') {
            let end = after.find('}').unwrap_or(after.len());
            let name = after[..end].split(':').next().unwrap_or("");
            out.insert(name.to_string());
            rest = &after[end.min(after.len())..];
        } else {
            rest = after;
        }
    }
    out
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}')
}

fn is_japanese(c: char) -> bool {
    is_kana(c) || matches!(c, '\u{4E00}'..='\u{9FFF}')
}

/// Text outside `backticks` (where examples of what an editor writes may be Japanese).
fn outside_code(s: &str) -> String {
    s.split('`').step_by(2).collect()
}

#[test]
fn both_languages_say_the_same_things() {
    let mut problems = Vec::new();
    for e in all() {
        if e.ja.trim().is_empty() || e.en.trim().is_empty() {
            problems.push(format!("{}: a language is empty", e.id));
        }
        let args = |s: &str| {
            let mut p = placeholders(s);
            p.retain(|name| !e.locals.contains(&name.as_str()));
            p
        };
        if args(e.ja) != args(e.en) {
            problems.push(format!(
                "{}: the two languages use other arguments: ja {:?}, en {:?}",
                e.id,
                args(e.ja),
                args(e.en)
            ));
        }
        // A message with no words of its own (only placeholders and marks) needs neither.
        let words = |s: &str| {
            let mut t = s.to_string();
            for p in placeholders(s) {
                t = t.replace(&format!("{{{p}}}"), "");
            }
            t.chars().any(char::is_alphabetic)
        };
        if words(e.ja) && !outside_code(e.ja).chars().any(is_japanese) {
            problems.push(format!(
                "{}: the Japanese text is not Japanese: {:?}",
                e.id, e.ja
            ));
        }
        if outside_code(e.en).chars().any(is_kana) {
            problems.push(format!(
                "{}: the English text has kana outside `code`: {:?}",
                e.id, e.en
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `.rs` file under `dir`, but the catalogue's own.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "messages") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn every_message_is_used() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut unused = Vec::new();
    for e in all() {
        let mut parts = e.id.rsplit("::");
        let (name, area) = (parts.next().unwrap(), parts.next().unwrap());
        // Called as `<area>::<name>(` (the area imported, or the full path) in some file
        // that names `messages::<area>` or `messages::{..., <area>, ...}`.
        let call = format!("{area}::{name}(");
        let used = files.iter().any(|(_, text)| {
            text.contains(&call) && text.contains("messages::") && text.contains(area)
        });
        if !used {
            unused.push(e.id);
        }
    }
    assert!(unused.is_empty(), "messages never used: {unused:?}");
}

#[test]
fn placeholders_are_read_like_format() {
    assert_eq!(
        placeholders("{n} 件 {{x}} {a:>5}"),
        ["a", "n"].iter().map(|s| s.to_string()).collect()
    );
}
