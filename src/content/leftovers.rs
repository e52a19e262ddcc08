//! Text left over from the template of `init` and `new case`: 「ここに…を書きます」, the
//! example source at example.jp, the example tags. A case published with it would show an
//! instruction to every reader, so `build` and `check` point at each one (a warning: the
//! editor may be publishing on purpose, and a draft is never checked).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::messages;

/// The body `new case` starts with: the headings a case usually has, under a paragraph to
/// replace.
pub const BODY_TEMPLATE: &str = "---
ここに、事例の導入となる短い段落を書きます。

## 背景と課題

## 取り組みの内容

## 成果

## 横展開のポイント

## 出典
";

/// The source address the template writes. Only this address itself counts, not every
/// address at example.jp: a site may cite a page there on purpose (the benchmark corpus
/// does, 100,000 times).
const EXAMPLE_URL: &str = "https://example.jp/";

/// The texts the templates write for an editor to replace: the schema's examples that say
/// "write here" (ここに…), the example source, the example tags and the body's first
/// paragraph.
fn placeholder_texts() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = super::FIELDS
        .iter()
        .map(|f| f.example)
        .filter(|e| e.contains("ここに"))
        .collect();
    v.extend(["出典の名前", EXAMPLE_URL, "タグ1", "タグ2"]);
    v.extend(BODY_TEMPLATE.lines().filter(|l| l.contains("ここに")));
    v
}

/// Where `text` (a whole case file) still holds template text: (byte range, the text).
/// `body_start` is where the Markdown body begins; above it, comment lines (`# …`) quote
/// the template on purpose and do not count.
pub fn find(text: &str, body_start: usize) -> Vec<(Range<usize>, &'static str)> {
    let mut found = Vec::new();
    // One search through the whole text per placeholder (this runs on every case of every
    // build): a search set up per line costs more than the scan itself.
    for p in placeholder_texts() {
        let mut last_line = None;
        for (i, _) in text.match_indices(p) {
            let line_start = text[..i].rfind('\n').map_or(0, |j| j + 1);
            let line_end = text[i..].find('\n').map_or(text.len(), |j| i + j);
            // Once a line: the first place it holds the placeholder.
            if last_line == Some(line_start) {
                continue;
            }
            last_line = Some(line_start);
            let comment =
                line_start < body_start && text[line_start..line_end].trim_start().starts_with('#');
            let after = &text[i + p.len()..line_end];
            let whole =
                after.trim().is_empty() || after.starts_with(['"', '\'', ')', '>', ']', ' ']);
            if !comment && (p != EXAMPLE_URL || whole) {
                found.push((i..i + p.len(), p));
            }
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// One warning per piece of template text left in `text` (the file shown as `shown`).
pub fn warnings(shown: &Path, text: &str, body_start: usize) -> Vec<Diagnostic> {
    let found = find(text, body_start);
    if found.is_empty() {
        return Vec::new();
    }
    let source: Arc<str> = Arc::from(text);
    found
        .into_iter()
        .map(|(span, p)| {
            Diagnostic::warning(shown, messages::scaffold::placeholder_left(p))
                .at(&source, span)
                .hint(messages::scaffold::placeholder_hint())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        let body = text.find("\n---\n").map_or(text.len(), |i| i + 5);
        find(text, body).into_iter().map(|(_, p)| p).collect()
    }

    #[test]
    fn a_new_case_is_all_placeholders_and_a_written_one_has_none() {
        let t = crate::scaffold::case_template("x", "2024-01-01", "人材育成");
        let all = found(&t);
        for p in [
            "ここに事例のタイトルを書きます",
            "ここに一、二文の要約を書きます。",
            "出典の名前",
            EXAMPLE_URL,
            "ここに、事例の導入となる短い段落を書きます。",
        ] {
            assert!(all.contains(&p), "{p} not found in {all:?}");
        }
        let written =
            "---\ntitle: 書かない窓口\n# ここに書きます は説明の中\n---\n## 背景\n本文です。\n";
        assert!(found(written).is_empty());
        // A page at example.jp cited on purpose is not the template's address.
        let cited =
            "---\ntitle: 窓口\nsource:\n  url: https://example.jp/source/case-1\n---\n本文\n";
        assert!(found(cited).is_empty());
        // In the body a `#` line is a heading, read by everyone.
        let heading = "---\ntitle: 窓口\n---\n# ここに、事例の導入となる短い段落を書きます。\n";
        assert_eq!(found(heading).len(), 1);
    }
}
