//! A case's front matter, validated against the schema and the site's vocabulary. The
//! schema's table is here: one row per field (see `schema` for what each column means).

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fields::limits::{self, Limit};
use crate::fields::{Doc, Fields, Item};
use crate::messages::front_matter;
use crate::names::{valid_slug, valid_term};
use crate::prefectures;
use crate::suggest::did_you_mean;
use crate::urls;
use crate::yaml::{Node, Value};

use super::frontmatter::{split, SplitError};
use super::schema::{case_schema, Check, Field, Kind, Read, Search, Shown, Source};

/// A row of the table, with what most rows share. A field moves its case (`placement`)
/// unless its row says it only changes what the case shows: forgetting to say so costs a
/// full rebuild where a patch would do, never a wrong page.
const fn row(key: &'static str, name: &'static str, kind: Kind, limit: Limit) -> Field {
    Field {
        key,
        name,
        kind,
        required: false,
        limit,
        max_items: 1,
        check: Check::None,
        help: "",
        example: "",
        example_commented: false,
        column: true,
        shown: Shown::Plain,
        placement: true,
        search: Search::No,
    }
}

case_schema! {
    title: String = Field {
        required: true,
        help: "事例のタイトル(必須)。何をしたかが一目で分かる一文に。",
        example: "ここに事例のタイトルを書きます",
        placement: false,
        search: Search::Title,
        ..row("title", "title", Kind::Text, limits::TITLE)
    },
    municipality: String = Field {
        required: true,
        check: Check::Term,
        help: "自治体名(必須)。「市」「町」「村」「区」まで書きます。",
        example: "あわら市",
        shown: Shown::Term(urls::Kind::Municipalities),
        search: Search::Municipality,
        ..row("municipality", "municipality", Kind::Text, limits::MUNICIPALITY)
    },
    prefecture: String = Field {
        required: true,
        check: Check::Prefecture,
        help: "都道府県(必須)。47都道府県のいずれかを正式名で(例: 福井県、東京都、北海道)。",
        example: "福井県",
        shown: Shown::Term(urls::Kind::Prefectures),
        search: Search::Prefecture,
        ..row("prefecture", "prefecture", Kind::Text, limits::PREFECTURE)
    },
    published: String = Field {
        required: true,
        help: "公開日(必須)。YYYY-MM-DD の形で。",
        example: "{date}",
        search: Search::Published,
        ..row("published", "published", Kind::Date, limits::DATE)
    },
    updated: Option<String> = Field {
        check: Check::NotBefore("published"),
        help: "更新日(任意)。内容を直したときに。公開日より後の日付。",
        example: "{date}",
        example_commented: true,
        placement: false,
        ..row("updated", "updated", Kind::Date, limits::DATE)
    },
    categories: Vec<String> = Field {
        required: true,
        max_items: limits::MAX_CATEGORIES,
        help: "分野(必須、1つ以上)。site.yaml の categories に載っているものだけが使えます。",
        example: "[{category}]",
        shown: Shown::Term(urls::Kind::Categories),
        search: Search::Categories,
        ..row("categories", "categories", Kind::Terms { vocabulary: true }, limits::CATEGORY)
    },
    tags: Vec<String> = Field {
        max_items: limits::MAX_TAGS,
        check: Check::Term,
        help: "タグ(任意)。自由な言葉で。ほかの事例と同じ言葉にそろえると、つながりが見えます。",
        example: "[タグ1, タグ2]",
        shown: Shown::Term(urls::Kind::Tags),
        search: Search::Tags,
        ..row("tags", "tags", Kind::Terms { vocabulary: false }, limits::TAG)
    },
    summary: String = Field {
        required: true,
        help: "要約(必須)。一、二文で。一覧ページと検索結果に出ます。",
        example: "ここに一、二文の要約を書きます。",
        shown: Shown::PlainInline,
        placement: false,
        search: Search::Summary,
        ..row("summary", "summary", Kind::Text, limits::SUMMARY)
    },
    population: Option<u64> = Field {
        help: "人口(任意)。半角数字のみ(カンマなし)。",
        example: "27000",
        example_commented: true,
        // (Moves the case: related cases prefer towns of a similar size.)
        search: Search::Population,
        ..row("population", "population", Kind::Count, limits::POPULATION)
    },
    sources: Vec<Source> = Field {
        max_items: limits::MAX_SOURCES,
        help: "出典(任意)。1つなら title と url、複数なら「- title: ...」の形で並べます。",
        example: "\n  title: 出典の名前\n  url: https://example.jp/",
        shown: Shown::No,
        placement: false,
        ..row("source", "sources", Kind::Sources, limits::SOURCES)
    },
    slug: String = Field {
        help: "URL に使う名前(任意)。省略するとファイル名になります。英数字とハイフン。",
        example: "{slug}",
        example_commented: true,
        column: false,
        ..row("slug", "slug", Kind::Slug, limits::SLUG)
    },
    draft: bool = Field {
        help: "下書き(任意)。true の間は公開されません(build --drafts で確認できます)。",
        example: "true",
        column: false,
        shown: Shown::No,
        ..row("draft", "draft", Kind::Flag, limits::DRAFT)
    },
}

/// Parse the front matter and body of a case file (warnings about it in `warnings`).
/// `file` names it in messages; `default_slug` is the file or folder name.
pub fn parse(
    file: &Path,
    text: &str,
    default_slug: &str,
    config: &Config,
) -> Result<Case, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let parts = match split(text) {
        Ok(p) => p,
        Err(e) => {
            return Err(vec![split_error(file, &source, e)]);
        }
    };
    let mut f = Fields::parse(
        Doc::FrontMatter,
        file,
        source,
        parts.yaml_offset,
        parts.yaml,
    )
    .map_err(|d| vec![d])?;
    let keys: Vec<&str> = FIELDS.iter().map(|field| field.key).collect();
    f.reject_unknown(&keys, SYNONYMS);
    let reads: Vec<Read> = FIELDS
        .iter()
        .map(|field| read(&mut f, field, config, default_slug, file))
        .collect();
    check_order(&mut f, &reads);
    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    let body_fp = crate::fingerprint::bytes(parts.body.as_bytes());
    let mut case = Case::from_reads(reads, file, body_fp);
    case.warnings = f.warnings;
    Ok(case)
}

/// Words editors write for a field, and the field they mean: `date:` is `published`, not
/// `updated` (which is only nearer in spelling).
const SYNONYMS: &[(&str, &str)] = &[
    ("date", "published"),
    ("日付", "published"),
    ("公開日", "published"),
    ("publish", "published"),
    ("publish_date", "published"),
    ("published_at", "published"),
    ("pubdate", "published"),
    ("created", "published"),
    ("更新日", "updated"),
    ("update", "updated"),
    ("modified", "updated"),
    ("updated_at", "updated"),
    ("lastmod", "updated"),
    ("タイトル", "title"),
    ("題名", "title"),
    ("件名", "title"),
    ("自治体", "municipality"),
    ("自治体名", "municipality"),
    ("市町村", "municipality"),
    ("city", "municipality"),
    ("town", "municipality"),
    ("都道府県", "prefecture"),
    ("pref", "prefecture"),
    ("分野", "categories"),
    ("category", "categories"),
    ("カテゴリ", "categories"),
    ("カテゴリー", "categories"),
    ("タグ", "tags"),
    ("tag", "tags"),
    ("keywords", "tags"),
    ("要約", "summary"),
    ("概要", "summary"),
    ("description", "summary"),
    ("人口", "population"),
    ("出典", "source"),
    ("sources", "source"),
    ("参考", "source"),
    ("下書き", "draft"),
];

/// A file that does not hold front matter between two `---` lines.
fn split_error(file: &Path, source: &Arc<str>, e: SplitError) -> Diagnostic {
    let text: &str = source;
    let first = text.lines().next().unwrap_or("");
    // Where the opening `---` was meant, when it is there but not right.
    let (message, hint, span) = match e {
        SplitError::Empty => (
            front_matter::file_empty(),
            front_matter::file_empty_hint(),
            0..0,
        ),
        SplitError::NoOpening if crate::yaml::explain::fence_like(first) => {
            let t = first.trim();
            let at = first.find(t).unwrap_or(0);
            (
                front_matter::fence_dashes(t),
                front_matter::fence_dashes_hint(),
                at..at + t.len(),
            )
        }
        SplitError::NoOpening if first.trim() == "---" => (
            front_matter::fence_indented(),
            front_matter::fence_indented_hint(),
            0..first.len() - first.trim_start().len(),
        ),
        SplitError::NoOpening
            if first.trim().is_empty()
                && text.lines().find(|l| !l.trim().is_empty()).map(str::trim) == Some("---") =>
        {
            (
                front_matter::fence_not_first(),
                front_matter::fence_not_first_hint(),
                0..0,
            )
        }
        SplitError::NoOpening => (
            front_matter::no_opening(),
            front_matter::no_opening_hint(),
            0..first.len().min(3),
        ),
        SplitError::NoClosing => {
            // `ーーー` where the closing `---` was meant.
            let mut at = first.len() + 1;
            for line in text.split_inclusive('\n').skip(1) {
                let l = line.trim_end_matches('\n');
                if crate::yaml::explain::fence_like(l) {
                    let t = l.trim();
                    let start = at + l.find(t).unwrap_or(0);
                    return Diagnostic::new(file, front_matter::fence_dashes(t))
                        .at(source, start..start + t.len())
                        .hint(front_matter::fence_dashes_hint());
                }
                at += line.len();
            }
            (
                front_matter::no_closing(),
                front_matter::no_closing_hint(),
                0..3.min(text.len()),
            )
        }
    };
    Diagnostic::new(file, message).at(source, span).hint(hint)
}

/// Read one field as its kind says, with its checks.
fn read(f: &mut Fields, field: &Field, config: &Config, default_slug: &str, file: &Path) -> Read {
    let key = field.key;
    match field.kind {
        Kind::Text => match f.text(key, field.required, field.limit) {
            Some(t) => {
                check_text(f, field, &t);
                Read::Text(t)
            }
            None => Read::Missing,
        },
        Kind::Date => f
            .date(key, field.required)
            .map_or(Read::Missing, Read::Text),
        Kind::Terms { vocabulary } => {
            let items = unique(f.list(key, field.max_items, field.limit));
            check_terms(f, field, &items, vocabulary, config);
            Read::List(items.into_iter().map(|i| i.text).collect())
        }
        Kind::Count => f.count(key).map_or(Read::Missing, Read::Count),
        Kind::Flag => Read::Flag(f.boolean(key)),
        Kind::Sources => Read::Sources(parse_sources(f, key)),
        Kind::Slug => Read::Text(slug(f, field, default_slug, file)),
    }
}

/// A text field's own check.
fn check_text(f: &mut Fields, field: &Field, t: &str) {
    match field.check {
        Check::Term if valid_term(t).is_err() => term_error(f, field.key, None, t),
        Check::Prefecture if prefectures::code(t).is_none() => {
            let hint = match prefectures::suggest(t) {
                Some(s) => match f.get(field.key).map(|n| n.span.clone()) {
                    Some(span) => front_matter::prefecture_suggest_line(s, &f.line_with(span, s)),
                    None => front_matter::prefecture_suggest(s),
                },
                None => front_matter::prefecture_hint(),
            };
            f.error(field.key, front_matter::not_prefecture(t), Some(hint));
        }
        _ => {}
    }
}

/// A name that cannot be a folder (`valid_term`'s refusal), said in the editor's words.
/// (`valid_term` refuses `/` and `\\`, and `.` or `..` alone.)
fn term_error(f: &mut Fields, key: &str, span: Option<Range<usize>>, t: &str) {
    let label = match key {
        "tags" => limits::TAG.label(),
        "municipality" => limits::MUNICIPALITY.label(),
        _ => limits::CATEGORY.label(),
    };
    let (message, hint) = if t.contains(['/', '\\']) {
        (
            front_matter::name_slash(&label, t),
            Some(front_matter::name_slash_hint()),
        )
    } else {
        (front_matter::name_dots(&label, t), None)
    };
    match span {
        Some(span) => f.error_at(key, span, message, hint),
        None => f.error(key, message, hint),
    }
}

/// `人材育成、推進体制` as one value: the list written with 、 or ・, as it should be.
fn split_list(key: &str, text: &str) -> Option<String> {
    let parts: Vec<&str> = text
        .split(['、', '・', '，', ',', '､', '･'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() > 1).then(|| format!("{key}: [{}]", parts.join(", ")))
}

/// A list of terms: required means at least one; the 分野 must be in site.yaml's vocabulary;
/// free terms must be folder names.
fn check_terms(f: &mut Fields, field: &Field, items: &[Item], vocabulary: bool, config: &Config) {
    let key = field.key;
    if field.required && f.get(key).is_none() {
        let first = config.categories.first().cloned().unwrap_or_default();
        if f.has(key) {
            f.required(key);
        } else if !f.was_meant(key) {
            f.error_at_top(
                key,
                front_matter::required(key),
                Some(front_matter::categories_required_hint(key, &first)),
            );
        }
    } else if field.required
        && items.is_empty()
        && !f.errors.iter().any(|e| e.field.as_deref() == Some(key))
    {
        f.error(key, front_matter::categories_empty(key), None);
    }
    // `tags: 勉強会、DX推進員`: one tag to YAML, most likely meant as two (・ is left
    // alone: it joins words inside one name, 九州・沖縄).
    if let [Item { text, span }] = items {
        let parts: Vec<&str> = text.split(['、', '，', ',', '､']).map(str::trim).collect();
        let at = f.span_in_file(span.clone());
        let quoted = f.source_text()[at.start..].starts_with(['"', '\'']);
        if !vocabulary && !quoted && parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
            let fixed = format!("{key}: [{}]", parts.join(", "));
            let d = Diagnostic::warning(f.file(), front_matter::tag_one_word(text))
                .field(key)
                .at(f.source_text(), at)
                .hint(front_matter::tag_split_hint(&fixed, text));
            f.warnings.push(d);
        }
    }
    for Item { text, span } in items {
        if vocabulary && !config.categories.contains(text) {
            let known = config.categories.iter().map(String::as_str);
            let hint = match (split_list(key, text), did_you_mean(text, known)) {
                (Some(fixed), _) if items.len() == 1 => front_matter::category_split_hint(&fixed),
                (_, Some(s)) => {
                    front_matter::category_suggest_line(s, &f.line_with(span.clone(), s))
                }
                _ => front_matter::category_list_hint(&config.categories.join("、")),
            };
            f.error_at(
                key,
                span.clone(),
                front_matter::not_category(text),
                Some(hint),
            );
        } else if field.check == Check::Term && valid_term(text).is_err() {
            term_error(f, key, Some(span.clone()), text);
        }
    }
}

/// Checks between fields: a date that must not be before another.
fn check_order(f: &mut Fields, reads: &[Read]) {
    let text_of = |name: &str| {
        FIELDS
            .iter()
            .position(|field| field.name == name)
            .and_then(|i| match &reads[i] {
                Read::Text(t) => Some(t.clone()),
                _ => None,
            })
    };
    for (field, read) in FIELDS.iter().zip(reads) {
        let (Check::NotBefore(other), Read::Text(this)) = (field.check, read) else {
            continue;
        };
        if let Some(before) = text_of(other).filter(|b| this < b) {
            let key = field.key;
            f.error(
                key,
                front_matter::date_order(key, this, other, &before),
                Some(front_matter::date_order_hint(key, other)),
            );
        }
    }
}

/// The slug: the field when written, the file or folder name otherwise.
fn slug(f: &mut Fields, field: &Field, default_slug: &str, file: &Path) -> String {
    let key = field.key;
    match f.text(key, false, field.limit) {
        Some(s) => {
            if !valid_slug(&s) {
                f.error(
                    key,
                    front_matter::slug_invalid(&s),
                    Some(front_matter::slug_hint()),
                );
            }
            s
        }
        None if f.get(key).is_some() => default_slug.to_string(),
        None => {
            let (max, n) = (field.limit.max_chars, default_slug.chars().count());
            if n > max {
                let d = Diagnostic::new(file, front_matter::file_name_too_long(max, n))
                    .at(f.source_text(), 0..0)
                    .hint(front_matter::file_name_too_long_hint());
                f.errors.push(d);
            } else if !valid_slug(default_slug) {
                let d = Diagnostic::new(file, front_matter::file_name_not_slug(default_slug))
                    .at(f.source_text(), 0..0)
                    .hint(front_matter::file_name_not_slug_hint());
                f.errors.push(d);
            }
            default_slug.to_string()
        }
    }
}

/// The first of each text, in order: a case listing a tag twice has it once.
fn unique(items: Vec<Item>) -> Vec<Item> {
    let mut seen = HashSet::with_capacity(items.len());
    items
        .into_iter()
        .filter(|i| seen.insert(i.text.clone()))
        .collect()
}

/// A source's address: a web page, `http://` or `https://`.
fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn parse_sources(f: &mut Fields, key: &str) -> Vec<Source> {
    let Some(node) = f.get(key).cloned() else {
        return Vec::new();
    };
    let items = match node.value {
        Value::Seq(items) => items,
        Value::Map(_) => vec![node],
        Value::Scalar { .. } => {
            return match f.text_of("source", &node, limits::URL) {
                Some(url) if is_web_url(&url) => vec![Source {
                    title: url.clone(),
                    url,
                }],
                Some(_) => {
                    f.error(
                        "source",
                        front_matter::source_not_mapping(&node.kind()),
                        Some(front_matter::source_example_hint()),
                    );
                    Vec::new()
                }
                None => Vec::new(),
            };
        }
    };
    if let Some(extra) = items.get(limits::MAX_SOURCES) {
        let (max, n) = (limits::MAX_SOURCES, items.len());
        f.error_at(
            "source",
            extra.span.clone(),
            front_matter::too_many_sources(max, n),
            Some(front_matter::too_many_sources_hint(max)),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in &items {
        if let Some(source) = parse_source(f, item) {
            out.push(source);
        }
    }
    out
}

/// One `title:`/`url:` mapping; `None` when it has a problem (reported).
fn parse_source(f: &mut Fields, item: &Node) -> Option<Source> {
    let Value::Map(entries) = &item.value else {
        f.error_at(
            "source",
            item.span.clone(),
            front_matter::source_item_not_mapping(),
            Some(front_matter::source_list_hint()),
        );
        return None;
    };
    let before = f.errors.len();
    let (mut title, mut url, mut url_span) = (String::new(), String::new(), item.span.clone());
    for e in entries {
        match e.key.as_str() {
            "title" => {
                title = f
                    .text_of("source", &e.value, limits::SOURCE_TITLE)
                    .unwrap_or_default()
            }
            "url" => {
                url = f
                    .text_of("source", &e.value, limits::URL)
                    .unwrap_or_default();
                url_span = e.value.span.clone();
            }
            other => {
                let hint = match did_you_mean(other, ["title", "url"]) {
                    Some(s) => front_matter::did_you_mean_field(s),
                    None => front_matter::source_fields_hint(),
                };
                f.error_at(
                    "source",
                    e.key_span.clone(),
                    front_matter::unknown_source_field(other),
                    Some(hint),
                );
            }
        }
    }
    if !(url.is_empty() || is_web_url(&url)) {
        f.error_at(
            "source",
            url_span,
            front_matter::source_url_scheme(&url),
            None,
        );
    }
    if f.errors.len() > before {
        return None;
    }
    if title.is_empty() && url.is_empty() {
        f.error_at(
            "source",
            item.span.clone(),
            front_matter::source_needs_title(),
            None,
        );
        return None;
    }
    if title.is_empty() {
        title = url.clone();
    }
    Some(Source { title, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_struct_name_the_same_fields_in_order() {
        let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(names, Case::field_names());
        let keys: HashSet<&str> = FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(keys.len(), FIELDS.len(), "two rows share a key");
        // The model keeps one field shown without its inline Markdown.
        let inline = FIELDS
            .iter()
            .filter(|f| f.shown == Shown::PlainInline)
            .count();
        assert!(inline <= 1);
    }

    #[test]
    fn new_case_writes_every_field_of_the_table() {
        let t = crate::scaffold::case_template("x", "2024-03-01", "人材育成");
        for f in FIELDS {
            assert!(
                t.lines().any(|l| l
                    .trim_start_matches("# ")
                    .starts_with(&format!("{}:", f.key))),
                "no line for `{}`:\n{t}",
                f.key
            );
        }
    }

    /// Whatever an editor writes in the fields, reading them never panics: front matter
    /// made of keys, values and marks the checks look at, from a fixed seed.
    #[test]
    fn reading_fields_never_panics() {
        let config = crate::config::parse(
            Path::new("site.yaml"),
            "title: T\nbase_url: https://example.jp/\ncategories: [人材育成, 窓口DX]\n",
        )
        .unwrap();
        const PARTS: [&str; 30] = [
            "title",
            "published",
            "population",
            "draft",
            "categories",
            "tags",
            "source",
            "date",
            "　",
            ":",
            "：",
            " ",
            "\n",
            "\t",
            "#",
            "\"",
            "[",
            "]",
            ",",
            "、",
            "・",
            "令和",
            "元年",
            "年",
            "8万",
            "２０２４",
            "-",
            "はい",
            "  ",
            "- ",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let n = (next() % 30) as usize;
            let yaml: String = (0..n)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            let text = format!("---\n{yaml}\n---\n本文\n");
            let _ = parse(Path::new("content/cases/x.md"), &text, "x", &config);
        }
    }
}
