//! Small, forgiving readers for what a built site contains: HTML start tags and their
//! attributes, a strict XML well-formedness parser (for atom.xml and sitemap.xml), an
//! RFC 4180 CSV reader and a percent-decoder. They are written here, independently of the
//! crate, so that the tests do not check the generator with its own code.

/// Replace the character references of HTML/XML text (`&amp;`, `&#x2F;`, `&#39;`, ...).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i)
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok().and_then(char::from_u32)
                } else {
                    None
                }
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decode `%XX` escapes (UTF-8); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An HTML start tag: its (lower-case) name, attributes (values unescaped) and where it is.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset of `<`.
    pub start: usize,
    /// Byte offset just after `>`.
    pub end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|x| x == class))
    }
}

/// Every start tag of an HTML document, in order. Comments, doctype and end tags are
/// skipped; the text of `<script>` and `<style>` is not looked into.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len() - 1);
        if name_len == 0 || !b[start + 1].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        let (attrs, len) = parse_attrs(&rest[1 + name_len..]);
        let end = start + 1 + name_len + len;
        out.push(Tag {
            name: name.clone(),
            attrs,
            start,
            end,
        });
        i = end;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

/// Attributes after a tag name, up to and including `>`; returns them and the length read.
fn parse_attrs(s: &str) -> (Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, i);
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i] as char;
                let vs = i + 1;
                let ve = s[vs..].find(q).map_or(s.len(), |e| vs + e);
                i = (ve + 1).min(s.len());
                &s[vs..ve]
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &s[vs..i]
            };
            attrs.push((name, decode_entities(value)));
        } else if !name.is_empty() {
            attrs.push((name, String::new()));
        }
    }
}

/// The HTML between a start tag and its matching end tag (same name, nesting counted).
pub fn inner_html<'a>(html: &'a str, tag: &Tag) -> &'a str {
    let open = format!("<{}", tag.name);
    let close = format!("</{}", tag.name);
    let lower = html.to_ascii_lowercase();
    let mut depth = 1;
    let mut i = tag.end;
    loop {
        let next_open = lower[i..].find(&open).map(|o| i + o);
        let Some(c) = lower[i..].find(&close).map(|c| i + c) else {
            return &html[tag.end..];
        };
        match next_open {
            Some(o)
                if o < c
                    && lower[o + open.len()..]
                        .starts_with(|ch: char| ch == '>' || ch.is_ascii_whitespace()) =>
            {
                depth += 1;
                i = o + open.len();
            }
            Some(o) if o < c => i = o + open.len(),
            _ => {
                depth -= 1;
                if depth == 0 {
                    return &html[tag.end..c];
                }
                i = c + close.len();
            }
        }
    }
}

/// The text of an HTML fragment: tags removed, entities decoded, white space collapsed.
pub fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in fragment.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parsed HTML page with the queries the tests need.
pub struct Html {
    pub source: String,
    pub tags: Vec<Tag>,
}

impl Html {
    pub fn parse(source: String) -> Self {
        let tags = tags(&source);
        Html { source, tags }
    }
    pub fn find(&self, name: &str) -> impl Iterator<Item = &Tag> {
        let name = name.to_string();
        self.tags.iter().filter(move |t| t.name == name)
    }
    /// The first `name` tag whose attributes include all of `attrs` (class matches one word).
    pub fn first_with(&self, name: &str, attrs: &[(&str, &str)]) -> Option<&Tag> {
        self.find(name).find(|t| {
            attrs.iter().all(|(k, v)| {
                if *k == "class" {
                    t.has_class(v)
                } else {
                    t.attr(k) == Some(*v)
                }
            })
        })
    }
    pub fn inner(&self, tag: &Tag) -> &str {
        inner_html(&self.source, tag)
    }
    /// Text of the first `name` element inside `outer`.
    pub fn text_of_first_within(&self, outer: &Tag, name: &str) -> Option<String> {
        let region_end = outer.end + self.inner(outer).len();
        let t = self
            .find(name)
            .find(|t| t.start >= outer.end && t.start < region_end)?;
        Some(text(self.inner(t)))
    }
    /// Every `href` and `src` value (unescaped), in document order, with the tag holding it.
    pub fn links(&self) -> Vec<(&Tag, &str)> {
        let mut out = Vec::new();
        for t in &self.tags {
            for (k, v) in &t.attrs {
                if k == "href" || k == "src" {
                    out.push((t, v.as_str()));
                }
            }
        }
        out
    }
}

/// An XML element.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.elements().filter(|e| e.name == name).collect()
    }
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

/// Parse a whole XML document strictly: one root element, balanced tags, quoted attribute
/// values, no duplicate attributes, only the five predefined entities and numeric ones.
pub fn parse_xml(src: &str) -> Result<Element, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut p = XmlParser { s: src, i: 0 };
    p.skip_misc()?;
    if p.rest().starts_with("<?xml") {
        let end = p.rest().find("?>").ok_or("unterminated XML declaration")?;
        p.i += end + 2;
    }
    p.skip_misc()?;
    if !p.rest().starts_with('<') {
        return Err(format!("expected the root element at byte {}", p.i));
    }
    let root = p.element()?;
    p.skip_misc()?;
    if !p.rest().is_empty() {
        return Err(format!("content after the root element at byte {}", p.i));
    }
    Ok(root)
}

struct XmlParser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> XmlParser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
    fn skip_ws(&mut self) {
        let r = self.rest();
        self.i += r.len() - r.trim_start().len();
    }
    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<!--") {
                let end = self.rest().find("-->").ok_or("unterminated comment")?;
                self.i += end + 3;
            } else {
                return Ok(());
            }
        }
    }
    fn name(&mut self) -> Result<String, String> {
        let r = self.rest();
        let len = r
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '='))
            .unwrap_or(r.len());
        if len == 0 {
            return Err(format!("expected a name at byte {}", self.i));
        }
        self.i += len;
        Ok(r[..len].to_string())
    }
    fn chars(&self, raw: &str) -> Result<String, String> {
        if raw.contains('<') {
            return Err(format!("`<` in text near byte {}", self.i));
        }
        let mut rest = raw;
        while let Some(a) = rest.find('&') {
            let semi = rest[a..]
                .find(';')
                .ok_or_else(|| format!("bare `&` near byte {}", self.i))?;
            let name = &rest[a + 1..a + semi];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity `&{name};` near byte {}", self.i));
            }
            rest = &rest[a + semi + 1..];
        }
        Ok(decode_entities(raw))
    }
    fn element(&mut self) -> Result<Element, String> {
        self.i += 1; // '<'
        let name = self.name()?;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            self.skip_ws();
            let r = self.rest();
            if r.starts_with("/>") {
                self.i += 2;
                return Ok(Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
            if r.starts_with('>') {
                self.i += 1;
                break;
            }
            if r.is_empty() {
                return Err(format!("unterminated tag <{name}>"));
            }
            let an = self.name()?;
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return Err(format!("attribute `{an}` of <{name}> has no value"));
            }
            self.i += 1;
            self.skip_ws();
            let q = self
                .rest()
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or_else(|| format!("attribute `{an}` of <{name}> is not quoted"))?;
            self.i += 1;
            let end = self.rest().find(q).ok_or("unterminated attribute value")?;
            let raw = &self.rest()[..end];
            let value = self.chars(raw)?;
            self.i += end + 1;
            if attrs.iter().any(|(k, _)| *k == an) {
                return Err(format!("duplicate attribute `{an}` on <{name}>"));
            }
            attrs.push((an, value));
        }
        let mut children = Vec::new();
        loop {
            let r = self.rest();
            let lt = r
                .find('<')
                .ok_or_else(|| format!("<{name}> is never closed"))?;
            if lt > 0 {
                children.push(Node::Text(self.chars(&r[..lt])?));
                self.i += lt;
            }
            let r = self.rest();
            if r.starts_with("</") {
                self.i += 2;
                let close = self.name()?;
                if close != name {
                    return Err(format!("<{name}> closed by </{close}>"));
                }
                self.skip_ws();
                if !self.rest().starts_with('>') {
                    return Err(format!("bad end tag </{close}"));
                }
                self.i += 1;
                return Ok(Element {
                    name,
                    attrs,
                    children,
                });
            } else if r.starts_with("<!--") {
                let end = r.find("-->").ok_or("unterminated comment")?;
                self.i += end + 3;
            } else if r.starts_with("<![CDATA[") {
                let end = r.find("]]>").ok_or("unterminated CDATA")?;
                children.push(Node::Text(r[9..end].to_string()));
                self.i += end + 3;
            } else {
                children.push(Node::Element(self.element()?));
            }
        }
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks.
pub fn parse_csv(src: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = src.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                        return Err(format!(
                            "text after a closing quote in row {}",
                            rows.len() + 1
                        ));
                    }
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => {
                return Err(format!(
                    "a quote inside an unquoted field in row {}",
                    rows.len() + 1
                ))
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Percent-encode a path segment the strict way (everything but unreserved ASCII).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let h = Html::parse(r#"<a href="/x/?a=1&amp;b=2" class='c d'>t</a><img src=x onerror=alert(1)><!-- <a href="no"> -->"#.into());
        let a = h.first_with("a", &[("class", "d")]).unwrap();
        assert_eq!(a.attr("href"), Some("/x/?a=1&b=2"));
        let img = h.find("img").next().unwrap();
        assert_eq!(img.attr("onerror"), Some("alert(1)"));
        assert_eq!(h.links().len(), 2);
        assert_eq!(h.inner(a), "t");
    }

    #[test]
    fn xml_is_strict() {
        assert!(parse_xml("<a><b x=\"1\"/>t &amp; u</a>").is_ok());
        assert!(parse_xml("<a><b></a>").is_err());
        assert!(parse_xml("<a>&nbsp;</a>").is_err());
        assert!(parse_xml("<a x=1/>").is_err());
        assert!(parse_xml("<a/><b/>").is_err());
    }

    #[test]
    fn csv_quotes() {
        let rows = parse_csv("a,b\r\n\"x,1\",\"he said \"\"hi\"\"\nnext\"\n").unwrap();
        assert_eq!(
            rows,
            vec![vec!["a", "b"], vec!["x,1", "he said \"hi\"\nnext"]]
        );
    }

    #[test]
    fn percent() {
        assert_eq!(percent_decode("/c/%E4%BA%BA/"), "/c/人/");
        assert_eq!(percent_encode("人 a"), "%E4%BA%BA%20a");
        assert_eq!(percent_decode("%zz%"), "%zz%");
    }
}
