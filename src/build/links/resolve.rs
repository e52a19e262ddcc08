//! Resolving one page's links: what each destination comes to, the address written in
//! its place, what it relies on, and why it does not work.

use std::path::Path;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use unicode_normalization::UnicodeNormalization;

use super::{key_of, on_disk, Dep, LinkCtx, LinkIndex, Target};
use crate::content;
use crate::markdown::{self, LinkKind, LinkRef, Rendered};

/// The page being rendered: where its source and its output are.
struct Here<'a> {
    /// Content-relative folder of the source, with a trailing `/` (or "").
    dir: String,
    /// Output path of the page (`cases/a/index.html`).
    page: String,
    /// Its own case, whose headings are those being rendered.
    own: Option<usize>,
    own_anchors: Option<&'a [String]>,
    /// Did-you-means still to look for: none while rendering (the links are resolved again
    /// to be checked), a few per page when checking (each compares with every file).
    suggestions: std::cell::Cell<usize>,
}

/// Did-you-means looked for per page.
const SUGGESTIONS: usize = 20;

impl Here<'_> {
    fn may_suggest(&self) -> bool {
        let left = self.suggestions.get();
        self.suggestions.set(left.saturating_sub(1));
        left > 0
    }
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
                let suggestion = here
                    .may_suggest()
                    .then(|| self.suggest_source(&key, &path))
                    .flatten();
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
                            suggestion: here
                                .may_suggest()
                                .then(|| suggest_anchor(&frag, &anchors))
                                .flatten()
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
                    suggestion: here
                        .may_suggest()
                        .then(|| suggest_anchor(&frag, anchors))
                        .flatten()
                        .map(|a| format!("#{a}")),
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
        suggestions: std::cell::Cell::new(0),
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
    here.suggestions.set(SUGGESTIONS);
    for link in &rendered.links {
        if let Resolved::Broken(broken) = ctx.resolve(&link.dest, link.kind, &here, &mut deps) {
            problems.push(Problem {
                link: link.clone(),
                broken,
            });
        }
    }
    deps.sort_unstable();
    deps.dedup();
    Checked {
        rendered,
        deps,
        problems,
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
            errors.extend(super::diagnostics(
                ctx.site,
                &pm.page.file,
                &checked.problems,
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(crate::diagnostics::Diagnostics(errors))
    }
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
