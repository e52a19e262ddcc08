//! Which files may travel with a case (`content/cases/<slug>/…`, published beside its page
//! on the site's own origin). A file there runs with the site's rights if a browser treats it
//! as a page, so only inert kinds are published: images, PDF, office documents, CSV and
//! plain text, each checked to be what its name says; an SVG only when it holds drawing
//! and nothing that runs (no script, event handler, link to a script or external resource).
//! HTML and JavaScript are never published from content/ (themes and `static/` are the
//! place for them, and are reviewed as code).

use std::path::Path;

/// What is wrong with a file beside a case.
#[derive(Debug, PartialEq)]
pub enum Unsafe {
    /// The kind of file is not one that can be published from content/.
    Kind(String),
    /// Its bytes are not what its name says (an HTML page named `.png`).
    Mismatch(&'static str),
    /// An SVG with something that runs or loads: what it is.
    ActiveSvg(String),
    /// Named like the case's page (`index.html`).
    ShadowsPage,
}

/// The kinds of file a case may carry, by extension, with how their content is recognised.
fn kind_of(ext: &str) -> Option<Expect> {
    Some(match ext {
        "png" => Expect::Magic(&[b"\x89PNG\r\n\x1a\n"], "PNG"),
        "jpg" | "jpeg" => Expect::Magic(&[b"\xFF\xD8\xFF"], "JPEG"),
        "gif" => Expect::Magic(&[b"GIF87a", b"GIF89a"], "GIF"),
        "webp" => Expect::Webp,
        "avif" => Expect::Avif,
        "svg" => Expect::Svg,
        "pdf" => Expect::Magic(&[b"%PDF-"], "PDF"),
        // Office Open XML and OpenDocument are ZIP files.
        "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" => {
            Expect::Magic(&[b"PK\x03\x04"], "Office (ZIP)")
        }
        // The older binary Office formats (OLE compound files).
        "doc" | "xls" | "ppt" => Expect::Magic(&[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"], "Office"),
        // Served as text/plain or text/csv (with nosniff), never run.
        "csv" | "tsv" | "txt" => Expect::Anything,
        _ => return None,
    })
}

enum Expect {
    Magic(&'static [&'static [u8]], &'static str),
    Webp,
    Avif,
    Svg,
    Anything,
}

/// Extensions that may be published beside a case, for the editor's hint.
pub const ALLOWED: &str = "png, jpg, jpeg, gif, webp, avif, svg, pdf, docx, xlsx, pptx, doc, xls, ppt, odt, ods, odp, csv, tsv, txt";

/// Check a file beside a case: `rel` its path inside the case's folder, `bytes` its content.
pub fn check(rel: &Path, bytes: &[u8]) -> Result<(), Unsafe> {
    let rel_text = rel.to_string_lossy().replace('\\', "/").to_lowercase();
    if rel_text == "index.html" || rel_text.starts_with("index.html/") {
        return Err(Unsafe::ShadowsPage);
    }
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let Some(expect) = kind_of(&ext) else {
        return Err(Unsafe::Kind(if ext.is_empty() {
            crate::messages::sources::no_extension()
        } else {
            format!(".{ext}")
        }));
    };
    match expect {
        Expect::Anything => Ok(()),
        Expect::Magic(signatures, name) => signatures
            .iter()
            .any(|s| bytes.starts_with(s))
            .then_some(())
            .ok_or(Unsafe::Mismatch(name)),
        Expect::Webp => (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
            .then_some(())
            .ok_or(Unsafe::Mismatch("WebP")),
        Expect::Avif => (bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && matches!(&bytes[8..12], b"avif" | b"avis" | b"mif1" | b"msf1"))
        .then_some(())
        .ok_or(Unsafe::Mismatch("AVIF")),
        Expect::Svg => svg::check(bytes).map_err(Unsafe::ActiveSvg),
    }
}

/// The editor's message for a file beside a case that is not published.
pub fn diagnostic(root: &Path, path: &Path, why: &Unsafe) -> crate::diagnostics::Diagnostic {
    let shown = crate::diagnostics::display_path(root, path);
    let name = shown.display();
    let (message, hint) = match why {
        Unsafe::Kind(ext) => (
            crate::messages::sources::asset_kind_refused(&name, ext),
            crate::messages::sources::asset_kind_hint(ALLOWED),
        ),
        Unsafe::Mismatch(kind) => (
            crate::messages::sources::asset_content_mismatch(&name, kind),
            crate::messages::sources::asset_content_hint(),
        ),
        Unsafe::ActiveSvg(what) => (
            crate::messages::sources::svg_active(&name, what),
            crate::messages::sources::svg_active_hint(),
        ),
        Unsafe::ShadowsPage => (
            crate::messages::sources::asset_index_html(&name),
            crate::messages::sources::asset_index_html_hint(),
        ),
    };
    crate::diagnostics::Diagnostic::new(shown, message).hint(hint)
}

/// How many bytes [`check`] needs to tell a file apart (all of an SVG, the start of others).
pub fn needs_whole_file(rel: &Path) -> bool {
    rel.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("svg"))
}

mod svg {
    //! An SVG is published only when every element and attribute in it is drawing: an
    //! allow-list, since a deny-list of what runs in SVG (script, handlers, `javascript:`
    //! links, `<set>` that rewrites a link, `<foreignObject>` holding HTML, entities…) is
    //! never complete.

    use quick_xml::events::{BytesStart, Event};
    use quick_xml::Reader;

    const ELEMENTS: &[&str] = &[
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "metadata",
        "switch",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "image",
        "style",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    ];

    /// Editors' drawing programs keep their own data in these namespaces; none of it runs.
    const METADATA_PREFIXES: &[&str] = &["sodipodi:", "inkscape:", "rdf:", "cc:", "dc:"];

    pub fn check(bytes: &[u8]) -> Result<(), String> {
        let text =
            std::str::from_utf8(bytes).map_err(|_| crate::messages::sources::svg_not_utf8())?;
        let mut reader = Reader::from_str(text);
        let mut in_style = false;
        loop {
            match reader.read_event() {
                // `<style>` holds CSS only: an element inside would end `in_style` early.
                Ok(Event::Start(_) | Event::Empty(_)) if in_style => {
                    return Err(crate::messages::sources::svg_style_element())
                }
                Ok(Event::Start(e)) => in_style = element(&e)? == "style",
                Ok(Event::Empty(e)) => {
                    element(&e)?;
                }
                Ok(Event::End(_)) => in_style = false,
                Ok(Event::Text(t)) if in_style => css(&t)?,
                Ok(Event::CData(t)) if in_style => css(&t)?,
                // `&#64;import` would split the text around the reference.
                Ok(Event::GeneralRef(_)) if in_style => {
                    return Err(crate::messages::sources::svg_style_char_ref())
                }
                Ok(Event::DocType(_)) => return Err(crate::messages::sources::svg_doctype()),
                Ok(Event::PI(_)) => {
                    return Err(crate::messages::sources::svg_processing_instruction())
                }
                Ok(Event::Eof) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(crate::messages::sources::svg_unreadable(&e)),
            }
        }
    }

    /// Check one element and its attributes; its local name.
    fn element(e: &BytesStart) -> Result<String, String> {
        let name = e.name().as_ref().to_string();
        let metadata = METADATA_PREFIXES.iter().any(|p| name.starts_with(p));
        let local = name.strip_prefix("svg:").unwrap_or(&name);
        if !metadata && !ELEMENTS.contains(&local) {
            return Err(format!("<{name}>"));
        }
        for attr in e.attributes() {
            let attr = attr.map_err(|e| crate::messages::sources::svg_unreadable_attribute(&e))?;
            let key = attr.key.as_ref().to_string();
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| crate::messages::sources::svg_unreadable_value(&key, &e))?;
            attribute(&key, &value)?;
        }
        Ok(local.to_string())
    }

    fn attribute(key: &str, value: &str) -> Result<(), String> {
        let lower = key.to_ascii_lowercase();
        let bare = lower.rsplit(':').next().unwrap_or(&lower);
        if bare.starts_with("on") {
            return Err(crate::messages::sources::svg_event_attribute(key));
        }
        if bare == "href" || bare == "src" {
            let v = value.trim_start();
            let inert_image = [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| v.to_ascii_lowercase().starts_with(p));
            if !(v.starts_with('#') || inert_image) {
                return Err(crate::messages::sources::svg_external_link(key, value));
            }
        }
        // Drawing programs' own notes (a file name such as `C:\\図\\a.svg`) load nothing.
        if METADATA_PREFIXES.iter().any(|p| lower.starts_with(p)) {
            return Ok(());
        }
        // Every other value, not only `style`: `fill`, `filter`, `mask`, `clip-path` and
        // `marker-*` take `url(...)` too.
        css(value)
    }

    /// CSS inside an SVG (and any attribute value) may not load anything: no `@import`, no
    /// `url(...)` other than `#id`, no `javascript:`, and no backslash (a CSS escape such as
    /// `@\69mport` or `\75rl(` would hide the rest from these checks).
    fn css(text: &str) -> Result<(), String> {
        let c = compact(text);
        let refused = || crate::messages::sources::svg_css_import();
        if c.contains('\\')
            || c.contains("@import")
            || c.contains("expression(")
            || c.contains("javascript:")
        {
            return Err(refused());
        }
        let mut rest = c.as_str();
        while let Some(i) = rest.find("url(") {
            let arg = rest[i + 4..].trim_start_matches(['"', '\'']);
            if !arg.starts_with('#') {
                return Err(refused());
            }
            rest = &rest[i + 4..];
        }
        Ok(())
    }

    /// Lower case without whitespace or control characters (browsers skip them in URLs:
    /// `java\tscript:` is still a script).
    fn compact(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .flat_map(char::to_lowercase)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, bytes: &[u8]) -> bool {
        check(Path::new(name), bytes).is_ok()
    }

    #[test]
    fn inert_kinds_pass_when_their_bytes_match() {
        assert!(ok("figure.png", b"\x89PNG\r\n\x1a\n...."));
        assert!(ok("photo.JPG", b"\xFF\xD8\xFF\xE0"));
        assert!(ok("report.pdf", b"%PDF-1.7"));
        assert!(ok("data.csv", b"a,b\n"));
        assert!(ok("inkscape.svg", br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:export-filename="C:\Users\a\flow.png"><rect/></svg>"##));
        assert!(ok("sub/flow.svg", br##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:#fff" width="1"/><use href="#g"/></svg>"##));
    }

    #[test]
    fn pages_scripts_and_impostors_are_refused() {
        assert_eq!(
            check(Path::new("evil.html"), b"<script>"),
            Err(Unsafe::Kind(".html".into()))
        );
        assert!(!ok("app.js", b"alert(1)"));
        assert!(!ok("noext", b""));
        assert_eq!(
            check(Path::new("pic.png"), b"<html><script>alert(1)</script>"),
            Err(Unsafe::Mismatch("PNG"))
        );
        assert_eq!(
            check(Path::new("index.html"), b""),
            Err(Unsafe::ShadowsPage)
        );
        assert_eq!(
            check(Path::new("INDEX.HTML/x.png"), b"\x89PNG\r\n\x1a\n"),
            Err(Unsafe::ShadowsPage)
        );
    }

    #[test]
    fn svgs_that_run_or_load_anything_are_refused() {
        for bad in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg onload="alert(1)"/>"#,
            r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg><rect><set attributeName="href" to="javascript:alert(1)"/></rect></svg>"#,
            r#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
            r#"<svg><image href="https://tracker.example/p.png"/></svg>"#,
            r#"<svg><use href="other.svg#x"/></svg>"#,
            r#"<svg><style>@import url(https://x.example/a.css);</style></svg>"#,
            r#"<svg><rect style="background:url(https://x.example/a)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg/>"#,
            r#"<svg><rect fill="&#106;avascript:x"/></svg>"#,
            r#"<svg><rect x="java&#9;script:x"/></svg>"#,
            r#"<svg><style><g></g>@import url(https://x.example/a.css);</style></svg>"#,
            r#"<svg><rect fill="url(https://x.example/p.svg#g)"/></svg>"#,
            r#"<svg><rect filter="url(https://x.example/f.svg#f)"/></svg>"#,
            r#"<svg><style>@\69mport url(#x);</style></svg>"#,
            r#"<svg><style>rect{background:\75rl(https://x.example/)}</style></svg>"#,
            "<svg><rect",
        ] {
            assert!(
                matches!(
                    check(Path::new("a.svg"), bad.as_bytes()),
                    Err(Unsafe::ActiveSvg(_))
                ),
                "{bad} should be refused"
            );
        }
    }
}
