//! Links written in the Markdown of cases and pages: resolved, rewritten and checked where
//! they are written, so that a broken one is an error naming the file, line and column.
//!
//! A link by source file (`../cases/a.md`, `@/cases/a.md`, `@/cases/a`), optionally with
//! `#見出し`, becomes the root-relative URL of that page under the base path, whatever its
//! `slug:`. Other links inside the site (`../../about/`, `flow.svg`, `#見出し`) are kept as
//! written and checked against the files the build writes and the headings of the page.
//!
//! A page's links depend on other files (the target exists, is not a draft, has the
//! heading). Each checked page records those dependencies ([`Dep`]) with the hash of their
//! state ([`LinkIndex::state`]); the engine renders the page again whenever that state
//! changes, so that an incremental build reports exactly what a clean build would.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use percent_encoding::percent_decode_str;
use unicode_normalization::UnicodeNormalization;

use crate::content;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkKind, LinkRef, Rendered};
use crate::model::Model;
use crate::sources::{SiteRoot, TEXT_LIMIT};

/// What a source key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Case(usize),
    Page(usize),
}

/// Something outside a page that its links rely on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dep {
    /// A source file (content-relative key); `anchor`: its headings count too.
    Source { key: String, anchor: bool },
    /// A file of the output (for links written as URLs).
    Output(String),
}

/// The headings of case bodies other than the one being rendered, kept by file with the
/// fingerprint of the body they came from (the authoring loop keeps this between runs).
#[derive(Default)]
pub struct AnchorCache(Mutex<HashMap<String, Anchors>>);

/// The ids of a body's headings, with the fingerprint of the body.
type Anchors = (u64, Arc<Vec<String>>);

/// Every source file a link may name, and every file the build writes.
pub struct LinkIndex {
    sources: HashMap<String, Target>,
    files: HashSet<String>,
    /// Folders with an index.html, without the trailing slash ("" for the root).
    dirs: HashSet<String>,
}

/// The content-relative key of a site-relative source file (`content/cases/a.md` ->
/// `cases/a.md`), in NFC with `/` separators: what a link by source file is compared with.
fn key_of(file: &Path, root: &Path) -> Option<String> {
    let rel = file
        .strip_prefix("content")
        .or_else(|_| file.strip_prefix(root.join("content")))
        .ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().nfc().collect())
        .collect();
    Some(parts.join("/"))
}

impl LinkIndex {
    /// `outputs`: every file the build writes, relative to the output root.
    pub fn new<'a>(model: &Model, root: &Path, outputs: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sources = HashMap::new();
        for (i, cm) in model.cases.iter().enumerate() {
            if let Some(key) = key_of(&cm.case.file, root) {
                // A case in its own folder is also named by the folder.
                if let Some(dir) = key.strip_suffix("/index.md") {
                    sources.insert(dir.to_string(), Target::Case(i));
                }
                sources.insert(key, Target::Case(i));
            }
        }
        for (i, pm) in model.pages.iter().enumerate() {
            if let Some(key) = key_of(&pm.page.file, root) {
                sources.insert(key, Target::Page(i));
            }
        }
        let files: HashSet<String> = outputs.into_iter().map(str::to_string).collect();
        let dirs = files
            .iter()
            .filter_map(|p| match p.as_str() {
                "index.html" => Some(String::new()),
                p => p.strip_suffix("/index.html").map(str::to_string),
            })
            .collect();
        LinkIndex {
            sources,
            files,
            dirs,
        }
    }

    fn output_exists(&self, target: &str) -> bool {
        match target.strip_suffix('/') {
            _ if target.is_empty() => self.dirs.contains(""),
            Some(dir) => self.dirs.contains(dir),
            None => self.files.contains(target) || self.dirs.contains(target),
        }
    }

    /// The hash of what `deps` rely on, as the site is now: equal hashes, equal verdicts.
    pub fn state(&self, deps: &[Dep], model: &Model, site: &SiteRoot) -> u64 {
        let states: Vec<(u8, String, u64)> = deps
            .iter()
            .map(|d| match d {
                Dep::Source { key, anchor } => match self.sources.get(key) {
                    Some(Target::Case(i)) => {
                        let cm = &model.cases[*i];
                        let fp = if *anchor { cm.case.body_fp } else { 0 };
                        (1, cm.route.dir().to_string(), fp)
                    }
                    Some(Target::Page(i)) => {
                        let pm = &model.pages[*i];
                        let fp = if *anchor {
                            crate::fingerprint::of(&pm.md.anchors)
                        } else {
                            0
                        };
                        (2, pm.route.dir().to_string(), fp)
                    }
                    None => (3, String::new(), on_disk(site, key) as u64),
                },
                Dep::Output(path) => (4, String::new(), self.output_exists(path) as u64),
            })
            .collect();
        crate::fingerprint::of(&states)
    }
}

/// Whether a case file exists under content/ that the model does not hold (a draft): read
/// through the site root, so that nothing outside the site is ever looked at.
fn on_disk(site: &SiteRoot, key: &str) -> bool {
    if !key.starts_with("cases/") || key.contains(['\\', ':']) || key.chars().any(char::is_control)
    {
        return false;
    }
    let content = site.path().join("content");
    let file = if key.ends_with(".md") {
        content.join(key)
    } else {
        content.join(key).join("index.md")
    };
    site.read_head(&file, TEXT_LIMIT, 0).is_ok()
}

/// What one page needs to resolve its links.
#[derive(Clone, Copy)]
pub struct LinkCtx<'a> {
    pub index: &'a LinkIndex,
    pub model: &'a Model,
    pub site: &'a SiteRoot,
    pub anchors: &'a AnchorCache,
}

/// The page being rendered: where its source and its output are.
struct Here<'a> {
    /// Content-relative folder of the source, with a trailing `/` (or "").
    dir: String,
    /// Output path of the page (`cases/a/index.html`).
    page: String,
    /// Its own case, whose headings are those being rendered.
    own: Option<usize>,
    own_anchors: Option<&'a [String]>,
}

/// A link that does not work, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    NotFound {
        suggestion: Option<String>,
    },
    OutsideContent,
    Draft,
    Anchor {
        suggestion: Option<String>,
    },
    Page,
    /// A root-relative link outside the base path (`/about/` under `/dx/`).
    OutsideSite {
        base: String,
    },
    HtmlMd,
}

/// What a destination comes to.
enum Resolved {
    /// Write this instead.
    Href(String),
    /// Fine as written.
    Keep,
    Broken(Broken),
}

/// A link's path and fragment, percent-decoded (a link may be written either way).
fn split_dest(dest: &str) -> (String, Option<String>) {
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    (decode(path), frag.filter(|f| !f.is_empty()).map(decode))
}

/// `dir` + `path` with `.` and `..` taken out, in NFC; `None` above the content folder.
fn normalise(dir: &str, path: &str) -> Option<String> {
    let joined = format!("{dir}{path}");
    let mut segs: Vec<&str> = Vec::new();
    for seg in joined.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            s => segs.push(s),
        }
    }
    Some(segs.join("/").nfc().collect())
}

/// The heading `frag` names among `anchors`: as written, or as a heading id is made from
/// text (so `#「手上げ式」の導入` finds `手上げ式の導入`).
fn find_anchor<'a>(frag: &str, anchors: &'a [String]) -> Option<&'a str> {
    let frag: String = frag.nfc().collect();
    if let Some(a) = anchors.iter().find(|a| **a == frag) {
        return Some(a);
    }
    let slug = markdown::slugify(&frag);
    anchors.iter().find(|a| **a == slug).map(String::as_str)
}

impl<'a> LinkCtx<'a> {
    /// The headings of a link target.
    fn anchors_of(&self, target: Target, here: &Here) -> Arc<Vec<String>> {
        match target {
            Target::Page(i) => Arc::new(self.model.pages[i].md.anchors.clone()),
            Target::Case(i) if Some(i) == here.own && here.own_anchors.is_some() => {
                Arc::new(here.own_anchors.unwrap_or_default().to_vec())
            }
            Target::Case(i) => {
                let case = &self.model.cases[i].case;
                let key = case.file.to_string_lossy().into_owned();
                if let Ok(cache) = self.anchors.0.lock() {
                    if let Some((fp, a)) = cache.get(&key) {
                        if *fp == case.body_fp {
                            return a.clone();
                        }
                    }
                }
                // A body that cannot be read has no headings; reading it for its own page
                // reports why.
                let anchors = content::read_body(self.site, case)
                    .map(|b| markdown::render(&b).anchors)
                    .unwrap_or_default();
                let anchors = Arc::new(anchors);
                if let Ok(mut cache) = self.anchors.0.lock() {
                    cache.insert(key, (case.body_fp, anchors.clone()));
                }
                anchors
            }
        }
    }

    fn url_of(&self, target: Target) -> String {
        let bp = &self.model.config.base_path;
        match target {
            Target::Case(i) => self.model.cases[i].route.url(bp),
            Target::Page(i) => self.model.pages[i].route.url(bp),
        }
    }

    /// A did-you-mean for a source key not found: a file of the same folder written the
    /// way the link was (`prefix` + name), else any file from the content folder.
    fn suggest_source(&self, key: &str, written_path: &str) -> Option<String> {
        let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
        let siblings = self.sources.keys().filter_map(|k| {
            let (d, n) = k.rsplit_once('/').unwrap_or(("", k));
            (d == dir).then_some(n)
        });
        if let Some(best) = crate::suggest::did_you_mean(name, siblings) {
            let prefix = written_path
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| format!("{p}/"));
            // A case folder, for a link written to a file: its index.md.
            let folder = format!("{dir}/{best}/index.md");
            let folder = folder.trim_start_matches('/');
            let tail = if written_path.ends_with(".md") && self.sources.contains_key(folder) {
                "/index.md"
            } else {
                ""
            };
            return Some(format!("{prefix}{best}{tail}"));
        }
        crate::suggest::did_you_mean(key, self.index.sources.keys().map(String::as_str))
            .map(|k| format!("@/{k}"))
    }

    /// What `dest` comes to on the page `here`, with what it relies on.
    fn resolve(&self, dest: &str, kind: LinkKind, here: &Here, deps: &mut Vec<Dep>) -> Resolved {
        let (path, frag) = split_dest(dest.trim());
        let by_source = dest.trim_start().starts_with("@/") || path.ends_with(".md");
        if by_source {
            if kind == LinkKind::Html {
                return Resolved::Broken(Broken::HtmlMd);
            }
            let key = match path.strip_prefix("@/") {
                Some(rest) => normalise("", rest),
                None => normalise(&here.dir, &path),
            };
            let Some(key) = key else {
                return Resolved::Broken(Broken::OutsideContent);
            };
            deps.push(Dep::Source {
                key: key.clone(),
                anchor: frag.is_some(),
            });
            let Some(&target) = self.index.sources.get(&key) else {
                if on_disk(self.site, &key) {
                    return Resolved::Broken(Broken::Draft);
                }
                let suggestion = self.suggest_source(&key, &path);
                return Resolved::Broken(Broken::NotFound { suggestion });
            };
            let url = self.url_of(target);
            return match frag {
                None => Resolved::Href(url),
                Some(frag) => {
                    let anchors = self.anchors_of(target, here);
                    match find_anchor(&frag, &anchors) {
                        Some(id) => Resolved::Href(format!("{url}#{id}")),
                        None => Resolved::Broken(Broken::Anchor {
                            suggestion: suggest_anchor(&frag, &anchors)
                                .map(|a| format!("{path}#{a}")),
                        }),
                    }
                }
            };
        }
        if path.is_empty() {
            // `#見出し` on this page (or `?q=`): its headings are known once it is rendered.
            let (Some(frag), Some(anchors)) = (frag, here.own_anchors) else {
                return Resolved::Keep;
            };
            return match find_anchor(&frag, anchors) {
                Some(id) if id == frag => Resolved::Keep,
                Some(id) if kind != LinkKind::Html => Resolved::Href(format!("#{id}")),
                Some(_) | None => Resolved::Broken(Broken::Anchor {
                    suggestion: suggest_anchor(&frag, anchors).map(|a| format!("#{a}")),
                }),
            };
        }
        match crate::links::resolve(&here.page, dest, &self.model.config.base_path) {
            None => Resolved::Keep,
            Some(Err(_)) => Resolved::Broken(if dest.trim_start().starts_with('/') {
                Broken::OutsideSite {
                    base: self.model.config.base_path.clone(),
                }
            } else {
                Broken::Page
            }),
            Some(Ok(target)) => {
                deps.push(Dep::Output(target.clone()));
                if self.index.output_exists(&target) {
                    Resolved::Keep
                } else {
                    Resolved::Broken(Broken::Page)
                }
            }
        }
    }
}

impl std::ops::Deref for LinkCtx<'_> {
    type Target = LinkIndex;
    fn deref(&self) -> &LinkIndex {
        self.index
    }
}

fn suggest_anchor(frag: &str, anchors: &[String]) -> Option<String> {
    crate::suggest::did_you_mean(frag, anchors.iter().map(String::as_str)).map(str::to_string)
}

/// A broken link of a body, where it is written (byte range of the body).
#[derive(Debug, Clone)]
pub struct Problem {
    pub link: LinkRef,
    pub broken: Broken,
}

/// A body rendered with its links resolved, what they rely on, and the broken ones.
pub struct Checked {
    pub rendered: Rendered,
    pub deps: Vec<Dep>,
    pub problems: Vec<Problem>,
}

/// Render the Markdown of a page (the case `own`, or a free page) whose source is
/// `file` (site-relative) and whose output is `page`, resolving and checking its links.
pub fn render(ctx: LinkCtx, file: &Path, page: &str, own: Option<usize>, body: &str) -> Checked {
    let dir = key_of(file, ctx.site.path())
        .and_then(|k| k.rsplit_once('/').map(|(d, _)| format!("{d}/")))
        .unwrap_or_default();
    let mut here = Here {
        dir,
        page: page.to_string(),
        own,
        own_anchors: None,
    };
    let resolve = |h: &Here, dest: &str| match ctx.resolve(dest, LinkKind::Link, h, &mut Vec::new())
    {
        Resolved::Href(href) => Some(href),
        _ => None,
    };
    let first = markdown::render_with(body, &|d| resolve(&here, d));
    // Links to this page's own headings are checked (and, if written as the heading's text,
    // rewritten to its id) now that its headings are known.
    let own_anchors = first.anchors.clone();
    here.own_anchors = Some(&own_anchors);
    let needs_again = first.links.iter().any(|l| {
        l.kind != LinkKind::Html
            && matches!(
                ctx.resolve(&l.dest, l.kind, &here, &mut Vec::new()),
                Resolved::Href(ref h) if h.starts_with('#')
            )
    });
    let rendered = if needs_again {
        markdown::render_with(body, &|d| resolve(&here, d))
    } else {
        first
    };
    let mut deps = Vec::new();
    let mut problems = Vec::new();
    for link in &rendered.links {
        if let Resolved::Broken(broken) = ctx.resolve(&link.dest, link.kind, &here, &mut deps) {
            problems.push(Problem {
                link: link.clone(),
                broken,
            });
        }
    }
    deps.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    deps.dedup();
    Checked {
        rendered,
        deps,
        problems,
    }
}

/// What the links of each page rendered last relied on, by output path, with the hash of
/// its state then: the page is rendered (and so checked) again when that state changes.
#[derive(Default)]
pub struct LinkBook(HashMap<String, (Vec<Dep>, u64)>);

impl LinkBook {
    /// Whether what the page's links rely on changed since it was rendered.
    pub fn stale(&self, page: &str, ctx: LinkCtx) -> bool {
        self.0
            .get(page)
            .is_some_and(|(deps, st)| ctx.index.state(deps, ctx.model, ctx.site) != *st)
    }

    pub fn record(&mut self, pages: Vec<(String, Vec<Dep>, u64)>) {
        for (page, deps, st) in pages {
            if deps.is_empty() {
                self.0.remove(&page);
            } else {
                self.0.insert(page, (deps, st));
            }
        }
    }
}

/// The free pages' links resolved and checked: each page's body rendered again with its
/// links written as they resolve. The dependencies of each page, or every broken link.
pub fn resolve_pages(
    ctx: LinkCtx,
) -> Result<Vec<(usize, Rendered, Vec<Dep>)>, crate::diagnostics::Diagnostics> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, pm) in ctx.model.pages.iter().enumerate() {
        let checked = render(ctx, &pm.page.file, &pm.route.file(), None, &pm.page.body);
        if checked.problems.is_empty() {
            out.push((i, checked.rendered, checked.deps));
        } else {
            errors.extend(diagnostics(ctx.site, &pm.page.file, &checked.problems));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(crate::diagnostics::Diagnostics(errors))
    }
}

/// The errors for the broken links of the body of `file` (site-relative), each at the line
/// and column where its destination is written, the link shown decoded.
pub fn diagnostics(site: &SiteRoot, file: &Path, problems: &[Problem]) -> Vec<Diagnostic> {
    use crate::messages::links;
    // The whole file, so that lines count from its top: read again, only on this path.
    let text = site
        .read(&site.path().join(file), TEXT_LIMIT)
        .ok()
        .and_then(|b| crate::text::decode(&b).ok());
    let located = text.as_deref().and_then(|t| {
        let offset = content::split(t).ok()?.body_offset;
        Some((Arc::<str>::from(t), offset))
    });
    problems
        .iter()
        .map(|p| {
            let shown = percent_decode_str(&p.link.dest).decode_utf8_lossy();
            let shown = crate::escape::terminal(&shown).into_owned();
            let (message, hint) = match &p.broken {
                Broken::NotFound { suggestion } => (
                    links::target_not_found(&shown),
                    match suggestion {
                        Some(s) => links::did_you_mean(s),
                        None => links::target_not_found_hint(),
                    },
                ),
                Broken::OutsideContent => (
                    links::outside_content(&shown),
                    links::outside_content_hint(),
                ),
                Broken::Draft => (links::draft_target(&shown), links::draft_target_hint()),
                Broken::Anchor { suggestion } => (
                    links::anchor_not_found(&shown),
                    match suggestion {
                        Some(s) => links::did_you_mean(s),
                        None => links::anchor_hint(),
                    },
                ),
                Broken::Page => (links::page_not_found(&shown), links::page_not_found_hint()),
                Broken::OutsideSite { base } => (
                    links::outside_site(&shown, base),
                    links::outside_site_hint(),
                ),
                Broken::HtmlMd => (links::html_md_link(&shown), links::html_md_link_hint()),
            };
            let d = Diagnostic::new(file, message).hint(hint);
            match &located {
                Some((src, offset)) => {
                    d.at(src, offset + p.link.span.start..offset + p.link.span.end)
                }
                None => d,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_inside_content_only() {
        assert_eq!(
            normalise("cases/", "../cases/a.md").as_deref(),
            Some("cases/a.md")
        );
        assert_eq!(
            normalise("cases/x/", "./b.md").as_deref(),
            Some("cases/x/b.md")
        );
        assert_eq!(normalise("cases/", "../../etc/passwd.md"), None);
        assert_eq!(
            normalise("", "/etc/passwd.md").as_deref(),
            Some("etc/passwd.md")
        );
        // NFD (as macOS writes file names) compares equal to NFC.
        assert_eq!(
            normalise("cases/", "\u{30AB}\u{3099}.md").as_deref(),
            Some("cases/\u{30AC}.md")
        );
    }

    #[test]
    fn destinations_are_decoded() {
        assert_eq!(
            split_dest("../cases/%E3%81%82.md#%E8%A6%8B"),
            ("../cases/あ.md".to_string(), Some("見".to_string()))
        );
        assert_eq!(split_dest("a.md#"), ("a.md".to_string(), None));
    }

    #[test]
    fn anchors_match_as_written_or_as_ids_are_made() {
        let ids = vec!["背景と課題".to_string(), "手上げ式の導入".to_string()];
        assert_eq!(find_anchor("背景と課題", &ids), Some("背景と課題"));
        assert_eq!(
            find_anchor("「手上げ式」の導入", &ids),
            Some("手上げ式の導入")
        );
        assert_eq!(find_anchor("効果", &ids), None);
    }
}
