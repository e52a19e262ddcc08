//! What an editor got wrong in a YAML text that does not parse, in their words.
//!
//! The parsers say where they gave up ("mapping values are not allowed in this context"),
//! which is often a line after the mistake and never says what the mistake is. This reads
//! the text line by line, the way an editor wrote it, and recognises the mistakes editors
//! make: a tab or a full-width space for indentation, a full-width colon, no space after
//! `:`, a `: ` or a leading `[`, `"`, `@` in a value that was not put in quotes, a quote or
//! bracket never closed, a `#` that cut a list short, a `---` written with other dashes,
//! an invisible character, indentation that does not line up. Each comes with the exact
//! place and the line written right. The parser's own words stay in the report's detail
//! (`--verbose`).
//!
//! Only the lines up to the one after where the parser gave up are looked at: a mistake
//! can make the parser stop at the next line, never earlier.

use std::ops::Range;

use crate::messages::front_matter;

mod marks;
mod reader;

use reader::Reader;

/// A mistake, explained: where it is in the YAML text, what it is, how to write it.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub span: Range<usize>,
    pub message: String,
    pub hint: String,
}

/// A recognised mistake.
#[derive(Debug, Clone, PartialEq)]
enum Mistake {
    /// A tab in the indentation, or after a list's `-`.
    Tab,
    /// `title：…`.
    FullWidthColon { key: String },
    /// `title:　…`, or full-width spaces as indentation.
    FullWidthSpace,
    /// `title:あわら`.
    NoSpace { key: String },
    /// `title: DX推進: 手上げ式`.
    ColonInValue { key: Option<String> },
    /// `title: "手上げ式`.
    UnclosedQuote { quote: char },
    /// `title: "手上げ式"です`.
    AfterQuote { quote: char },
    /// `categories: [人材育成, 推進体制`.
    UnclosedBracket { open: char, close: char },
    /// `tags: [勉強会, #DX]`: the comment took the `]`.
    HashInFlow,
    /// `title: [速報] 窓口DX`.
    AfterBracket { open: char },
    /// `title: @あわら`.
    Reserved { mark: char },
    /// `ーーー`.
    Fence { written: String },
    /// An invisible character the parser refuses.
    Control { code: String },
    /// A `---` line in the middle: two documents.
    SecondDocument,
    /// A line with no `key:` where one is expected.
    NoColon,
    /// `- あわら市` where a `key: value` line is expected.
    ItemUnderValue,
    /// Indentation that lines up with neither the line above nor any parent.
    Indent,
}

/// A mistake at `span` and the line as it should be written (`fixed`, may be empty).
struct Found {
    mistake: Mistake,
    span: Range<usize>,
    fixed: String,
}

impl Found {
    fn explained(self) -> Explained {
        let fixed = self.fixed;
        let (message, hint) = match self.mistake {
            Mistake::Tab => (front_matter::tab(), front_matter::tab_hint(&fixed)),
            Mistake::FullWidthColon { key } => (
                front_matter::full_width_colon(&key),
                front_matter::write_as(&fixed),
            ),
            Mistake::FullWidthSpace => (
                front_matter::full_width_space(),
                front_matter::write_as(&fixed),
            ),
            Mistake::NoSpace { key } => (
                front_matter::no_space_after_colon(&key),
                front_matter::write_as(&fixed),
            ),
            Mistake::ColonInValue { key } => (
                match key {
                    Some(key) => front_matter::colon_in_value(&key),
                    None => front_matter::colon_in_item(),
                },
                front_matter::quote_value(&fixed),
            ),
            Mistake::UnclosedQuote { quote } => (
                front_matter::unclosed_quote(quote),
                front_matter::close_quote(&fixed, quote),
            ),
            Mistake::AfterQuote { quote } => (
                front_matter::text_after_quote(quote),
                front_matter::quote_value_single(&fixed),
            ),
            Mistake::UnclosedBracket { open, close } => (
                front_matter::unclosed_bracket(open, close),
                front_matter::close_bracket(&fixed, close),
            ),
            Mistake::HashInFlow => (
                front_matter::hash_in_list(),
                front_matter::quote_hash_item(&fixed),
            ),
            Mistake::AfterBracket { open } => (
                front_matter::text_after_bracket(open),
                front_matter::quote_value(&fixed),
            ),
            Mistake::Reserved { mark } => (
                front_matter::reserved_mark(mark),
                front_matter::quote_value(&fixed),
            ),
            Mistake::Fence { written } => (
                front_matter::fence_dashes(&written),
                front_matter::fence_dashes_hint(),
            ),
            Mistake::Control { code } => (
                front_matter::invisible_char(&code),
                front_matter::invisible_char_hint(),
            ),
            Mistake::SecondDocument => (
                front_matter::second_document(),
                front_matter::second_document_hint(),
            ),
            Mistake::NoColon => (front_matter::no_colon(), front_matter::no_colon_hint()),
            Mistake::ItemUnderValue => (
                front_matter::item_under_value(),
                front_matter::item_under_value_hint(&fixed),
            ),
            Mistake::Indent => (front_matter::indent(), front_matter::indent_hint(&fixed)),
        };
        Explained {
            span: self.span,
            message,
            hint,
        }
    }
}

/// The mistake that made `text` fail to parse, if it is one editors make. `error_at`: where
/// the parser gave up (a byte offset), when it said; `raw`: what it said.
pub fn explain(text: &str, error_at: Option<usize>, raw: &str) -> Option<Explained> {
    Reader::new(text, error_at).find(raw).map(Found::explained)
}

/// The generic explanation, at the parser's position, when no mistake is recognised.
pub fn generic() -> (String, String) {
    (front_matter::syntax(), front_matter::syntax_hint())
}

/// Characters editors type for `-` in `---`: the long vowel mark, full-width and other
/// dashes, box-drawing lines.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | 'ー'
            | '－'
            | '—'
            | '―'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '─'
            | '━'
            | 'ｰ'
            | '−'
            | '﹣'
            | '⁃'
            | '〜'
            | '～'
    )
}

/// A line that is meant as a `---` fence but is not one: two or more dashes of any kind
/// and nothing else (blanks around them allowed), other than `---` itself.
pub fn fence_like(line: &str) -> bool {
    let t = line.trim();
    t != "---" && t.chars().count() >= 2 && t.chars().all(is_dash) && t.chars().any(|c| c != '~')
}

/// A character the parsers refuse or read as a line break although it shows as nothing:
/// control characters (but tab and line feed), DEL, C1, the line and paragraph separators
/// and a byte order mark inside the text.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mistake found in `text` when the parser stops where it does.
    fn found(text: &str) -> (Mistake, String, String) {
        let e = crate::yaml::raw_error(text).expect("the text should not parse");
        let f = Reader::new(text, e.1)
            .find(&e.0)
            .unwrap_or_else(|| panic!("nothing recognised in {text:?} ({e:?})"));
        (f.mistake, text[f.span].to_string(), f.fixed)
    }

    #[test]
    fn tabs_in_the_indentation() {
        let (m, at, fixed) = found("title: a\n\tsummary: b\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Tab, "\t", "summary: b")
        );
        let (m, _, fixed) = found("source:\n  title: a\n\turl: https://x.jp/\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "  url: https://x.jp/"));
        let (m, _, fixed) = found("categories:\n-\t人材育成\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "- 人材育成"));
        let (m, _, fixed) = found("categories:\n\t- 人材育成\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Tab, "  - 人材育成"));
    }

    #[test]
    fn full_width_colons_and_spaces() {
        let (m, at, fixed) = found("title：あわら\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::FullWidthColon {
                    key: "title".into()
                },
                "：",
                "title: あわら"
            )
        );
        let (m, at, fixed) = found("a: 1\nsummary:　要約\nb: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::FullWidthSpace, "\u{3000}", "summary: 要約")
        );
        let (m, _, fixed) = found("a: 1\nb: 2\ndraft：false\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::FullWidthColon {
                    key: "draft".into()
                },
                "draft: false"
            )
        );
    }

    #[test]
    fn colons_and_marks_in_values() {
        let (m, at, fixed) = found("title: DX推進: 手上げ式\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::ColonInValue {
                    key: Some("title".into())
                },
                ":",
                "title: \"DX推進: 手上げ式\""
            )
        );
        let (_, _, fixed) = found("title: 「A」: \"B\" # メモ\n");
        assert_eq!(fixed, "title: '「A」: \"B\"' # メモ");
        let (m, _, fixed) = found("title:あわら\nb: 1\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::NoSpace {
                    key: "title".into()
                },
                "title: あわら"
            )
        );
        let (m, _, fixed) = found("title: [速報] 窓口DX\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::AfterBracket { open: '[' },
                "title: \"[速報] 窓口DX\""
            )
        );
        let (m, _, fixed) = found("title: @あわら\n");
        assert_eq!(
            (m, fixed.as_str()),
            (Mistake::Reserved { mark: '@' }, "title: \"@あわら\"")
        );
    }

    #[test]
    fn quotes_and_brackets_left_open() {
        let (m, at, fixed) = found("title: \"手上げ式\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (
                Mistake::UnclosedQuote { quote: '"' },
                "\"",
                "title: \"手上げ式\""
            )
        );
        let (m, _, fixed) = found("title: \"手上げ式\"です\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::AfterQuote { quote: '"' },
                "title: '\"手上げ式\"です'"
            )
        );
        let (m, _, fixed) = found("categories: [人材育成, 推進体制\ntags: [a]\n");
        assert_eq!(
            (m, fixed.as_str()),
            (
                Mistake::UnclosedBracket {
                    open: '[',
                    close: ']'
                },
                "categories: [人材育成, 推進体制]"
            )
        );
        let (m, at, fixed) = found("tags: [勉強会, #DX]\nb: 1\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::HashInFlow, "#", "tags: [勉強会, \"#DX\"]")
        );
        // A list or a quote over several lines is fine; the mistake is after it.
        let (m, _, _) = found("tags: [a,\n  b]\nsummary: \"x\n  y\"\ntitle：t\n");
        assert_eq!(
            m,
            Mistake::FullWidthColon {
                key: "title".into()
            }
        );
    }

    #[test]
    fn fences_control_characters_and_documents() {
        let (m, at, _) = found("title: a\nーーー\n本文\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Fence {
                    written: "ーーー".into()
                },
                "ーーー"
            )
        );
        let (m, at, _) = found("title: ok\nsummary: a\u{2028}b\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Control {
                    code: "U+2028".into()
                },
                "\u{2028}"
            )
        );
        let (m, at, _) = found("title: ああ\u{1}b\nx: 1\n");
        assert_eq!(
            (m, at.as_str()),
            (
                Mistake::Control {
                    code: "U+0001".into()
                },
                "\u{1}"
            )
        );
        let (m, _, _) = found("a: 1\n---\nb: 2\n");
        assert_eq!(m, Mistake::SecondDocument);
    }

    #[test]
    fn a_list_item_where_a_field_is_expected() {
        let (m, at, fixed) = found("title: a\nprefecture: 福井県\n- あわら市\nsummary: b\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::ItemUnderValue, "-", "あわら市")
        );
        // Under a key with no value, it is a list.
        assert!(crate::yaml::parse_node("tags:\n- a\n- b\n").is_ok());
    }

    #[test]
    fn indentation_and_stray_lines() {
        let (m, at, fixed) = found("a: 1\n  b: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Indent, "  ", "b: 2")
        );
        let (m, _, fixed) = found("a:\n  b: 2\n c: 3\n");
        assert_eq!((m, fixed.as_str()), (Mistake::Indent, "  c: 3"));
        let (m, at, fixed) = found(" a: 1\nb: 2\n");
        assert_eq!(
            (m, at.as_str(), fixed.as_str()),
            (Mistake::Indent, " ", "a: 1")
        );
        let (m, at, _) = found("title: x\n\n本文です\n");
        assert_eq!((m, at.as_str()), (Mistake::NoColon, "本文です"));
    }

    #[test]
    fn what_is_not_a_mistake_is_not_named() {
        // A URL in a list, a colon in quotes, a block scalar, a comment.
        for text in [
            "a:\n  - https://x.jp/\nb: [\n",
            "a: \"x: y\"\nb: [\n",
            "a: |\n  x: y\n  z\nb: [\n",
            "a: b # x: y\nc: [\n",
        ] {
            let e = crate::yaml::raw_error(text).unwrap();
            let f = Reader::new(text, e.1).find(&e.0).map(|f| f.mistake);
            assert!(
                matches!(f, Some(Mistake::UnclosedBracket { .. })),
                "{text:?}: {f:?}"
            );
        }
    }

    /// Whatever an editor types, explaining it never panics (slicing at a character
    /// boundary, a quote at the end of the text, an empty line...): texts made of the
    /// characters the explanations look at, from a fixed seed.
    #[test]
    fn explaining_never_panics() {
        const PARTS: [&str; 26] = [
            ":", "：", " ", "\t", "\u{3000}", "\"", "'", "[", "]", "{", "}", "#", "-", "ー", "\n",
            "a", "あ", "|", ">", "@", ",", "title", "---", "\\", "\u{2028}", "~",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let text: String = (0..n)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            let _ = crate::yaml::parse_node(&text);
            let _ = crate::yaml::explain_shape(&text);
            let _ = explain(&text, Some(text.len() / 2), "");
        }
    }
}
