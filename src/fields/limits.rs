//! How much a case (and site.yaml) may hold, and which characters a field may hold.
//!
//! Every list and text that an editor writes ends up in pages, feeds, the search index and
//! folder names, often once per case and once per term. Bounds keep one file from making a
//! build slow or huge (8,000 tags in one case made 8,000 pages), and keep messages that
//! quote a value short. The numbers are generous for real cases: a title of 200 characters
//! is four lines of a page heading; a summary of 1,000 characters is a long paragraph.

use crate::escape::{is_bidi_control, is_unsafe_for_terminal};
use crate::messages::{front_matter, site};

/// What a text field may hold: its length in characters, and whether it is a name; and
/// what the field is called in messages.
///
/// A name (municipality, tag, category, slug, source) becomes a folder, a link or a term
/// that cases share; it may hold no control character at all (tab and line break
/// included) and no bidirectional control, which would make it read differently from
/// what it is. Other text (title, summary) may hold tabs and line breaks.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_chars: usize,
    pub name: bool,
    /// What the field is called in messages.
    label: Label,
}

impl Limit {
    const fn name(max_chars: usize, label: Label) -> Self {
        Limit {
            max_chars,
            name: true,
            label,
        }
    }
    const fn text(max_chars: usize, label: Label) -> Self {
        Limit {
            max_chars,
            name: false,
            label,
        }
    }

    /// What the field is called, in the editor's language.
    pub fn label(&self) -> String {
        match self.label {
            Label::Title => front_matter::label_title(),
            Label::Summary => front_matter::label_summary(),
            Label::Municipality => front_matter::label_municipality(),
            Label::Prefecture => front_matter::label_prefecture(),
            Label::Tag => front_matter::label_tag(),
            Label::Category => front_matter::label_category(),
            Label::SourceTitle => front_matter::label_source_title(),
            Label::Url => front_matter::label_url(),
            Label::Slug => front_matter::label_slug(),
            Label::Population => front_matter::label_population(),
            Label::Draft => front_matter::label_draft(),
            Label::Sources => front_matter::label_sources(),
            Label::Date => front_matter::label_date(),
            Label::SiteTitle => site::label_site_title(),
            Label::Description => site::label_description(),
            Label::Language => site::label_language(),
            Label::Theme => site::label_theme(),
        }
    }
}

/// The fields a limit is for, each named in messages by the catalogue.
#[derive(Debug, Clone, Copy)]
enum Label {
    Title,
    Summary,
    Municipality,
    Prefecture,
    Tag,
    Category,
    SourceTitle,
    Url,
    Slug,
    Population,
    Draft,
    Sources,
    Date,
    SiteTitle,
    Description,
    Language,
    Theme,
}

// The table. Counts of items per case, then the longest text per field.

/// Tags per case: enough to describe a case, few enough that each still means something.
pub const MAX_TAGS: usize = 50;
/// 分野 per case; site.yaml lists the vocabulary, usually about ten.
pub const MAX_CATEGORIES: usize = 20;
/// Sources per case.
pub const MAX_SOURCES: usize = 20;
/// 分野 in site.yaml's vocabulary.
pub const MAX_VOCABULARY: usize = 200;

pub const TITLE: Limit = Limit::text(200, Label::Title);
pub const SUMMARY: Limit = Limit::text(1_000, Label::Summary);
/// Municipality names are short; 40 leaves room for a 郡 in front.
pub const MUNICIPALITY: Limit = Limit::name(40, Label::Municipality);
/// 和歌山県 is the longest of the 47; more is a mistake worth a short message.
pub const PREFECTURE: Limit = Limit::name(10, Label::Prefecture);
pub const TAG: Limit = Limit::name(50, Label::Tag);
pub const CATEGORY: Limit = Limit::name(50, Label::Category);
pub const SOURCE_TITLE: Limit = Limit::name(300, Label::SourceTitle);
/// Browsers and servers handle about 2,000 characters safely.
pub const URL: Limit = Limit::name(2_000, Label::Url);
/// A slug is a folder name and part of every link to the case.
pub const SLUG: Limit = Limit::name(100, Label::Slug);
/// Not a text, but a field's name in messages.
pub const POPULATION: Limit = Limit::name(20, Label::Population);
pub const DRAFT: Limit = Limit::name(5, Label::Draft);
pub const SOURCES: Limit = Limit::name(2_000, Label::Sources);
/// `YYYY-MM-DD`, with room for a mistake to be shown in full.
pub const DATE: Limit = Limit::name(30, Label::Date);

// site.yaml.
pub const SITE_TITLE: Limit = Limit::text(200, Label::SiteTitle);
pub const DESCRIPTION: Limit = Limit::text(1_000, Label::Description);
/// A language tag such as `ja` or `ja-JP`.
pub const LANGUAGE: Limit = Limit::name(35, Label::Language);
/// A folder under themes/.
pub const THEME: Limit = Limit::name(100, Label::Theme);

/// The first character that `limit`'s kind of field may not hold.
pub fn forbidden_char(s: &str, limit: Limit) -> Option<char> {
    s.chars().find(|&c| {
        is_noncharacter(c)
            || if limit.name {
                is_unsafe_for_terminal(c) || is_bidi_control(c) || c == '\t' || c == '\n'
            } else {
                is_unsafe_for_terminal(c) && !is_bidi_control(c)
            }
    })
}

/// Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of every plane. XML
/// forbids U+FFFE and U+FFFF (a feed holding one is not well-formed), and none of them is
/// ever meant as text.
pub fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xfdd0..=0xfdef).contains(&n) || n & 0xfffe == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noncharacters() {
        for c in [
            '\u{fffe}',
            '\u{ffff}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_noncharacter(c), "{c:?}");
        }
        for c in ['\u{fdcf}', '\u{fff0}', 'あ', '😀', '\u{fffd}'] {
            assert!(!is_noncharacter(c), "{c:?}");
        }
    }

    #[test]
    fn names_hold_less_than_text() {
        assert_eq!(forbidden_char("福井県", PREFECTURE), None);
        assert_eq!(forbidden_char("a\tb", TITLE), None);
        assert_eq!(forbidden_char("a\nb", SUMMARY), None);
        assert_eq!(forbidden_char("a\tb", TAG), Some('\t'));
        assert_eq!(forbidden_char("x\u{202e}y", TAG), Some('\u{202e}'));
        assert_eq!(forbidden_char("x\u{202e}y", TITLE), None);
        assert_eq!(forbidden_char("題\u{ffff}", TITLE), Some('\u{ffff}'));
        assert_eq!(forbidden_char("a\u{1b}[2J", SUMMARY), Some('\u{1b}'));
        assert_eq!(forbidden_char("a\u{85}", TITLE), Some('\u{85}'));
        assert_eq!(forbidden_char("a\u{7f}", SLUG), Some('\u{7f}'));
    }
}
