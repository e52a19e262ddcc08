//! Names that are one name although written differently: slugs that would be one folder
//! on Windows and macOS (whose file systems ignore case and, on macOS, Unicode
//! normalisation), and tags that differ only in case or width (`LINE`, `Line`, `ＬＩＮＥ`),
//! which readers take for one tag and would otherwise get three pages, three folders of
//! which two clash on those systems.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use super::Case;
use crate::diagnostics::Diagnostic;
use crate::names::tag_key;

/// The message for two cases whose slugs are one folder.
pub fn slug_clash(first: &Case, second: &Case) -> String {
    let (a, b) = (&first.slug, &second.slug);
    let (fa, fb) = (first.file.display(), second.file.display());
    if a == b {
        return format!("two cases have the slug `{a}`: {fa} and {fb}");
    }
    let same_looking = a.nfc().eq(b.nfc());
    if same_looking {
        crate::msg!(
            ja: "2つの事例の slug「{a}」（{fa}）と「{b}」（{fb}）は、見た目は同じで文字の表し方（Unicode の正規化）だけが違います。Windows や Mac では同じフォルダになり、片方のページがもう片方を上書きします",
            en: "two cases have slugs that look the same and differ only in Unicode normalisation: `{a}` ({fa}) and `{b}` ({fb}); on Windows and macOS they are one folder, and one page would overwrite the other"
        )
    } else {
        crate::msg!(
            ja: "2つの事例の slug「{a}」（{fa}）と「{b}」（{fb}）は、大文字と小文字の違いしかありません。Windows や Mac では同じフォルダになり、片方のページがもう片方を上書きします",
            en: "two cases have slugs that differ only in case: `{a}` ({fa}) and `{b}` ({fb}); on Windows and macOS they are one folder, and one page would overwrite the other"
        )
    }
}

/// Give every tag the one written form of its [`tag_key`]: the form used by most cases
/// (ties: the first in Unicode order). Cases that change are copied (`Arc::make_mut`), so
/// the parse cache keeps what the files say. One warning per merged tag.
pub fn merge_tags(cases: &mut [Arc<Case>]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut rename: HashMap<String, String> = HashMap::new();
    let mut changed = BTreeSet::new();
    {
        // Keys are computed once per distinct tag, not once per use.
        let mut uses: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, case) in cases.iter().enumerate() {
            for tag in &case.tags {
                uses.entry(tag).or_default().push(i);
            }
        }
        let mut groups: BTreeMap<String, Vec<(&str, Vec<usize>)>> = BTreeMap::new();
        for (tag, users) in uses {
            groups.entry(tag_key(tag)).or_default().push((tag, users));
        }
        for mut forms in groups.into_values().filter(|f| f.len() > 1) {
            forms.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
            let chosen = forms[0].0;
            for (form, users) in &forms[1..] {
                rename.insert(form.to_string(), chosen.to_string());
                changed.extend(users.iter().copied());
            }
            warnings.push(merged_warning(chosen, &forms, cases));
        }
    }
    for i in changed {
        let case = Arc::make_mut(&mut cases[i]);
        let mut seen = HashSet::new();
        case.tags = std::mem::take(&mut case.tags)
            .into_iter()
            .map(|t| rename.get(&t).cloned().unwrap_or(t))
            .filter(|t| seen.insert(t.clone()))
            .collect();
    }
    warnings
}

/// Files shown by name in one warning; more are counted.
const FILES_SHOWN: usize = 5;

fn merged_warning(chosen: &str, forms: &[(&str, Vec<usize>)], cases: &[Arc<Case>]) -> Diagnostic {
    let written: Vec<String> = forms
        .iter()
        .map(|(form, users)| {
            let n = users.len();
            crate::msg!(ja: "「{form}」（{n} 件）", en: "`{form}` ({n})")
        })
        .collect();
    let written = written.join(crate::lang::pick("、", ", "));
    let files: BTreeSet<String> = forms[1..]
        .iter()
        .flat_map(|(_, users)| users.iter())
        .map(|&i| cases[i].file.display().to_string())
        .collect();
    let first = files.first().cloned().unwrap_or_default();
    let mut shown = files
        .iter()
        .take(FILES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > FILES_SHOWN {
        let more = files.len() - FILES_SHOWN;
        shown.push_str(&crate::msg!(ja: " ほか {more} 件", en: " and {more} more"));
    }
    Diagnostic::warning(
        first,
        crate::msg!(
            ja: "タグ{written}は大文字と小文字、全角と半角の違いだけなので、「{chosen}」にまとめました（書き換えた事例: {shown}）",
            en: "the tags {written} differ only in case or width, so they are merged into `{chosen}` (cases changed: {shown})"
        ),
    )
    .field("tags")
    .hint(crate::msg!(
        ja: "これらの事例でも「{chosen}」と書くと、この注意は出なくなります",
        en: "write `{chosen}` in these cases too and this warning goes away"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn case(file: &str, tags: &[&str]) -> Arc<Case> {
        Arc::new(Case {
            slug: file.into(),
            file: PathBuf::from(format!("content/cases/{file}.md")),
            dir: None,
            assets: Vec::new(),
            title: String::new(),
            municipality: String::new(),
            prefecture: String::new(),
            published: String::new(),
            updated: None,
            categories: Vec::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: String::new(),
            population: None,
            sources: Vec::new(),
            draft: false,
            body_fp: 0,
            leftovers: Vec::new(),
        })
    }

    #[test]
    fn the_form_most_cases_use_wins() {
        let mut cases = vec![
            case("a", &["Line", "窓口"]),
            case("b", &["LINE"]),
            case("c", &["ＬＩＮＥ", "LINE"]),
            case("d", &["LINE"]),
        ];
        let untouched = cases[1].clone();
        let warnings = merge_tags(&mut cases);
        let tags: Vec<Vec<String>> = cases.iter().map(|c| c.tags.clone()).collect();
        assert_eq!(
            tags,
            [
                vec!["LINE", "窓口"],
                vec!["LINE"],
                vec!["LINE"],
                vec!["LINE"]
            ]
        );
        assert!(
            Arc::ptr_eq(&cases[1], &untouched),
            "an unchanged case is not copied"
        );
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert!(w.warning);
        assert_eq!(w.file, PathBuf::from("content/cases/a.md"));
        for needle in ["LINE", "Line", "ＬＩＮＥ", "content/cases/c.md"] {
            assert!(w.message.contains(needle), "{needle}: {}", w.message);
        }
    }

    #[test]
    fn ties_go_to_the_first_in_unicode_order() {
        let mut cases = vec![case("a", &["line"]), case("b", &["LINE"])];
        merge_tags(&mut cases);
        assert_eq!(cases[0].tags, ["LINE"]);
        assert_eq!(cases[1].tags, ["LINE"]);
    }

    #[test]
    fn distinct_tags_are_left_alone() {
        let mut cases = vec![case("a", &["LINE", "DX"]), case("b", &["dx推進"])];
        assert!(merge_tags(&mut cases).is_empty());
        assert_eq!(cases[0].tags, ["LINE", "DX"]);
    }
}
