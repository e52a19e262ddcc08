//! Loading the site's content: walk `content/`, split front matter, validate every field.
//! All problems of all files are collected; nothing here renders or writes.

mod assets;
mod case;
pub(crate) mod frontmatter;
pub(crate) mod leftovers;
pub mod schema;
pub(crate) mod terms;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use crate::fields::valid_date;
pub use crate::names::{valid_slug, valid_term};
pub use crate::text::decode_text;
pub use case::{Case, FIELDS};
pub use frontmatter::split;
pub use schema::Source;

use crate::config::Config;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::fields::limits;
use crate::sources::{SiteRoot, TEXT_LIMIT};

/// A free page (`content/pages/<name>.md`).
#[derive(Debug, Clone, Hash)]
pub struct Page {
    pub name: String,
    pub file: PathBuf,
    pub title: String,
    pub summary: String,
    pub body: String,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Shared, so that keeping cases between rebuilds costs no copies.
    pub cases: Vec<Arc<Case>>,
    pub pages: Vec<Page>,
    /// Problems that do not stop the build (reported with the build's summary).
    pub warnings: Vec<Diagnostic>,
}

/// URL segments at the site root that pages may not take.
const RESERVED: [&str; 9] = [
    "cases",
    "categories",
    "tags",
    "prefectures",
    "municipalities",
    "search",
    "assets",
    "page",
    "__yokoten",
];

/// A case file parsed, or the problems found in it.
type Parsed = Result<Arc<Case>, Vec<Diagnostic>>;

/// Parsed case files kept between rebuilds (`serve`, `build --watch`): a file is parsed
/// again only when the watcher names it (or a folder above it) as changed.
#[derive(Default)]
pub struct ParseCache {
    cases: HashMap<PathBuf, Parsed>,
    /// The last listing of content/, reused while only known case files change (the usual
    /// edit), so that a one-case edit does not list 10,000 files again.
    sources: Option<Arc<walk::Sources>>,
}

impl ParseCache {
    /// Forget every file at or below one of `paths`.
    pub fn invalidate(&mut self, paths: &[PathBuf]) {
        // The listing stays valid when every path is a known case file that still exists,
        // or a temporary file already gone again (an editor's atomic save).
        let keeps_listing = |p: &PathBuf| {
            if self.cases.contains_key(p) {
                p.is_file()
            } else {
                !p.exists() && !self.cases.keys().any(|k| k.starts_with(p))
            }
        };
        if !paths.iter().all(keeps_listing) {
            self.sources = None;
        }
        self.cases
            .retain(|file, _| !paths.iter().any(|p| file.starts_with(p)));
    }

    /// Parse a case file the last listing knows again (an editor saved it), keep the result
    /// and return it, with the folder and assets of that listing. `None` when the file is
    /// not a listed case or does not parse: the caller then takes the full path, which
    /// reports the errors.
    pub fn reparse(&mut self, site: &SiteRoot, config: &Config, path: &Path) -> Option<Arc<Case>> {
        let root = site.path();
        let sources = self.sources.clone()?;
        let src = sources
            .cases
            .iter()
            .find(|s| s.path.as_os_str() == path.as_os_str())?;
        let shown = display_path(root, &src.path);
        let mut case = read_case(site, src, &shown, config).ok()?;
        case.dir = src.dir.clone();
        case.assets = src.assets.clone();
        let case = Arc::new(case);
        self.cases.insert(src.path.clone(), Ok(case.clone()));
        Some(case)
    }
}

/// Read every case and page under `content/`. Drafts are kept only with `drafts`.
pub fn load(site: &SiteRoot, config: &Config, drafts: bool) -> Result<Content, Diagnostics> {
    load_cached(site, config, drafts, &mut ParseCache::default())
}

/// The body of a case, read from its file again: cases keep only its fingerprint.
pub fn read_body(site: &SiteRoot, case: &Case) -> Result<Arc<str>, Diagnostics> {
    let path = site.path().join(&case.file);
    let text = read_text(site, &path, &case.file).map_err(Diagnostics)?;
    let parts = frontmatter::split(&text).map_err(|_| {
        Diagnostics::from(
            Diagnostic::new(
                &case.file,
                "the file changed while the site was being built",
            )
            .hint("build again"),
        )
    })?;
    Ok(Arc::from(parts.body))
}

/// `load`, reusing the cases parsed before that are still in `cache`.
pub fn load_cached(
    site: &SiteRoot,
    config: &Config,
    drafts: bool,
    cache: &mut ParseCache,
) -> Result<Content, Diagnostics> {
    let root = site.path();
    let content_dir = root.join("content");
    match site.check_dir(&content_dir) {
        Ok(true) => {}
        Ok(false) => return Err(no_content(root).into()),
        Err(r) => return Err(r.diagnostic(root, &content_dir).into()),
    }
    let sources = match &cache.sources {
        Some(s) => s.clone(),
        None => Arc::new(walk::find(site, &content_dir)),
    };
    cache.sources = Some(sources.clone());
    let mut errors = Diagnostics::default();
    for (path, why) in &sources.refused {
        errors.push(why.diagnostic(root, path));
    }
    for (path, why) in &sources.unsafe_assets {
        errors.push(assets::diagnostic(root, path, why));
    }
    if sources.cases.is_empty() && sources.stray_dirs.is_empty() {
        errors.push(no_cases(root));
    }
    for dir in &sources.stray_dirs {
        errors.push(
            Diagnostic::new(display_path(root, dir), "this case folder has no index.md")
                .hint("a case in its own folder is written in `index.md` inside it"),
        );
    }

    let fresh: Vec<(PathBuf, Parsed)> = sources
        .cases
        .par_iter()
        .filter(|src| !cache.cases.contains_key(&src.path))
        .map(|src| {
            let shown = display_path(root, &src.path);
            let parsed = read_case(site, src, &shown, config).map(Arc::new);
            (src.path.clone(), parsed)
        })
        .collect();
    cache.cases.extend(fresh);
    // Files gone from disk leave the cache.
    let present: std::collections::HashSet<&Path> =
        sources.cases.iter().map(|s| s.path.as_path()).collect();
    cache.cases.retain(|p, _| present.contains(p.as_path()));

    let mut cases = Vec::new();
    for src in &sources.cases {
        match cache.cases.get_mut(&src.path) {
            Some(Ok(c)) => {
                // Assets are listed fresh on every walk: a new image needs no re-parse.
                if c.dir != src.dir || c.assets != src.assets {
                    let updated = Arc::make_mut(c);
                    updated.dir = src.dir.clone();
                    updated.assets = src.assets.clone();
                }
                cases.push(c.clone());
            }
            Some(Err(e)) => errors.extend(e.iter().cloned()),
            None => {}
        }
    }
    // Two cases with one slug would write one page over the other; on Windows and macOS
    // so would slugs that differ only in case or Unicode normalisation.
    let mut seen: HashMap<String, &Arc<Case>> = HashMap::new();
    for c in &cases {
        if let Some(first) = seen.insert(crate::names::file_key(&c.slug), c) {
            let message = terms::slug_clash(first, c);
            // Point at the file whose `slug:` field made the clash, if one did.
            let culprit = if slug_from_name(first) { c } else { first };
            errors.push(
                slug_diagnostic(site, culprit, message)
                    .hint("give one of them another file name or a `slug:` field"),
            );
        }
    }

    let mut pages = Vec::new();
    for (path, name) in &sources.pages {
        let shown = display_path(root, path);
        let page = read_text(site, path, &shown).and_then(|t| {
            let page = parse_page(&shown, name, &t)?;
            check_nesting(&shown, &t, &page.body)?;
            Ok(page)
        });
        match page {
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }

    if !errors.is_empty() {
        return Err(errors.sorted());
    }
    if !drafts {
        cases.retain(|c| !c.draft);
    }
    // Over the published cases only: a draft's spelling must not rename a published tag.
    let mut warnings = terms::merge_tags(&mut cases);
    // Template text left in a case about to be published (a draft may hold it).
    let leftovers = cases
        .iter()
        .filter(|c| !c.draft)
        .flat_map(|c| c.leftovers.iter());
    warnings.extend(leftovers.cloned());
    Ok(Content {
        cases,
        pages,
        warnings,
    })
}

/// No content/ folder: building would publish an empty site over the good one.
fn no_content(root: &Path) -> Diagnostic {
    Diagnostic::new(
        root.join("content"),
        crate::msg!(
            ja: "content フォルダーがありません。事例がないので、サイトを作りません (公開フォルダーは前のままです)",
            en: "there is no content folder; with no cases, no site is built (the published folder is as it was)"
        ),
    )
    .hint(crate::msg!(
        ja: "事例は content/cases/ に 1 件 1 ファイルで書きます。サイトのフォルダーで実行しているか、--root の指定を確かめてください",
        en: "cases are written in content/cases/, one file each; check that you run yokoten in the site folder or pass --root"
    ))
}

/// content/cases holds no case at all (drafts count).
fn no_cases(root: &Path) -> Diagnostic {
    Diagnostic::new(
        root.join("content/cases"),
        crate::msg!(
            ja: "事例のファイルが 1 つもありません。空のサイトで公開中のサイトを置き換えないよう、作りません (公開フォルダーは前のままです)",
            en: "there is no case file at all; an empty site would replace the published one, so none is built (the published folder is as it was)"
        ),
    )
    .hint(crate::msg!(
        ja: "content/cases/ に事例の .md ファイルを置いてください (yokoten new case 名前 で作れます)",
        en: "put case .md files in content/cases/ (`yokoten new case NAME` makes one)"
    ))
}

/// Read, parse and check a case file.
fn read_case(
    site: &SiteRoot,
    src: &walk::CaseSource,
    shown: &Path,
    config: &Config,
) -> Result<Case, Vec<Diagnostic>> {
    let text = read_text(site, &src.path, shown)?;
    let mut case = case::parse(shown, &text, &src.name, config)?;
    let body = split(&text).map_or("", |p| p.body);
    check_nesting(shown, &text, body)?;
    case.leftovers = leftovers::warnings(shown, &text, text.len() - body.len());
    Ok(case)
}

/// Refuse a body nested too deeply to render in reasonable time (`markdown::nesting`).
/// `body` is the end of `text`.
fn check_nesting(shown: &Path, text: &str, body: &str) -> Result<(), Vec<Diagnostic>> {
    use crate::markdown::nesting::{check, MAX_DEPTH};
    let Err(deep) = check(body) else {
        return Ok(());
    };
    let at = text.len() - body.len() + deep.offset;
    let source: Arc<str> = Arc::from(text);
    let message = if deep.markdown {
        crate::msg!(
            ja: "本文の入れ子が深すぎます。引用の「>」やリストの記号が {MAX_DEPTH} 段より多く重なっています",
            en: "the text nests too deeply: more than {MAX_DEPTH} quote (`>`) or list markers at the start of a line"
        )
    } else {
        crate::msg!(
            ja: "本文の HTML が深すぎます。閉じていないタグが {MAX_DEPTH} 段より多く重なっています",
            en: "the HTML in the text nests too deeply: more than {MAX_DEPTH} tags left open"
        )
    };
    Err(vec![Diagnostic::new(shown, message)
        .at(&source, at..at + 1)
        .hint(crate::msg!(
            ja: "入れ子を減らしてください (ふつうの文書は深くても数段です)",
            en: "nest less deeply (real documents nest a few levels at most)"
        ))])
}

fn read_text(site: &SiteRoot, path: &Path, shown: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = site
        .read(path, TEXT_LIMIT)
        .map_err(|r| vec![r.diagnostic(site.path(), path)])?;
    crate::text::decode(&bytes).map_err(|e| {
        let source: Arc<str> = Arc::from(e.lossy.as_str());
        // The valid prefix is copied as is, so the offset still points at the bad byte.
        let at = e.offset.min(source.len());
        let end = source[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        vec![Diagnostic::new(shown, e.message)
            .at(&source, at..end)
            .hint("save the file as UTF-8 (UTF-8 で保存してください)")]
    })
}

/// Whether the slug is the file (or folder) name rather than a `slug:` field.
fn slug_from_name(case: &Case) -> bool {
    let name = match case.file.file_name().and_then(|n| n.to_str()) {
        Some("index.md") => case.file.parent().and_then(|p| p.file_name()),
        _ => case.file.file_stem(),
    };
    name.and_then(|n| n.to_str()) == Some(case.slug.as_str())
}

/// Where a case's slug comes from, for the duplicate-slug error: its `slug:` line, or the
/// top of the file when the slug is the file name. Read again from disk: this is rare.
fn slug_diagnostic(site: &SiteRoot, case: &Case, message: String) -> Diagnostic {
    let text = site
        .read(&site.path().join(&case.file), TEXT_LIMIT)
        .ok()
        .and_then(|b| decode_text(&b).ok())
        .unwrap_or_default();
    let source: Arc<str> = Arc::from(text.as_str());
    let span = text
        .match_indices("slug:")
        .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
        .map(|(i, _)| {
            let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            let value = text[i + 5..line_end].trim();
            let start = i + 5 + text[i + 5..line_end].find(value).unwrap_or(0);
            start..start + value.len()
        })
        .unwrap_or(0..3.min(text.len()));
    Diagnostic::new(&case.file, message)
        .at(&source, span)
        .field("slug")
}

fn parse_page(file: &Path, name: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let err =
        |msg: String, hint: &str| vec![Diagnostic::new(file, msg).at(&source, 0..0).hint(hint)];
    if !valid_slug(name) {
        return Err(err(
            format!("page file name `{name}` may hold only letters, digits and `-`"),
            "rename the file, e.g. about.md",
        ));
    }
    if RESERVED.contains(&name) {
        return Err(err(
            format!("a page cannot be named `{name}`: the site uses /{name}/ itself"),
            "rename the file",
        ));
    }
    let Ok(parts) = split(text) else {
        return Err(err(
            "a page must start with front matter holding its title".into(),
            "---\ntitle: このサイトについて\n---",
        ));
    };
    let mut f = crate::fields::Fields::parse(
        crate::fields::Doc::FrontMatter,
        file,
        source.clone(),
        parts.yaml_offset,
        parts.yaml,
    )
    .map_err(|d| vec![d])?;
    f.reject_unknown(&["title", "summary"]);
    let title = f.text("title", true, limits::TITLE);
    let summary = f.text("summary", false, limits::SUMMARY);
    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    Ok(Page {
        name: name.to_string(),
        file: file.to_path_buf(),
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        body: parts.body.to_string(),
    })
}
