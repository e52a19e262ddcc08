//! The URL scheme of a built site, in one place. A route is a folder path relative to the site
//! root (`cases/awara/`, `categories/人材育成/page/2/`); it is written to disk as UTF-8 folder
//! names and linked percent-encoded under the base path.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Everything but unreserved ASCII is encoded in a path segment, so Japanese terms are
/// linked as `%E4%BA%BA...` and resolve on any static host.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'')
    .add(b'&')
    .add(b'+')
    .add(b';')
    .add(b'=');

pub fn encode_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// The four taxonomies, in the order the site shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Categories,
    Tags,
    Prefectures,
    Municipalities,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Categories,
        Kind::Tags,
        Kind::Prefectures,
        Kind::Municipalities,
    ];

    /// Position in `ALL` (the declaration order).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Categories => "categories",
            Kind::Tags => "tags",
            Kind::Prefectures => "prefectures",
            Kind::Municipalities => "municipalities",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Categories => "分野",
            Kind::Tags => "タグ",
            Kind::Prefectures => "都道府県",
            Kind::Municipalities => "市町村",
        }
    }

    /// The query parameter the search page uses for this facet.
    pub fn param(self) -> &'static str {
        match self {
            Kind::Categories => "category",
            Kind::Tags => "tag",
            Kind::Prefectures => "prefecture",
            Kind::Municipalities => "municipality",
        }
    }
}

/// A folder route relative to the site root; `""` is the home page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route(String);

impl Route {
    pub fn home() -> Self {
        Route(String::new())
    }
    pub fn cases() -> Self {
        Route("cases/".into())
    }
    pub fn case(slug: &str) -> Self {
        Route(format!("cases/{slug}/"))
    }
    pub fn taxonomy(kind: Kind) -> Self {
        Route(format!("{}/", kind.slug()))
    }
    pub fn term(kind: Kind, term: &str) -> Self {
        Route(format!("{}/{term}/", kind.slug()))
    }
    pub fn page(name: &str) -> Self {
        Route(format!("{name}/"))
    }
    pub fn search() -> Self {
        Route("search/".into())
    }

    /// Page `n` (1-based) of a paginated list at this route.
    pub fn paginated(&self, n: usize) -> Self {
        if n <= 1 {
            self.clone()
        } else {
            Route(format!("{}page/{n}/", self.0))
        }
    }

    /// The folder, relative to the output root, as raw UTF-8.
    pub fn dir(&self) -> &str {
        &self.0
    }

    /// The HTML file that serves this route.
    pub fn file(&self) -> String {
        format!("{}index.html", self.0)
    }

    /// Root-relative, percent-encoded link under `base_path` (which ends with `/`).
    pub fn url(&self, base_path: &str) -> String {
        let mut out = String::with_capacity(base_path.len() + self.0.len() * 3);
        out.push_str(base_path);
        for seg in self.0.split_terminator('/') {
            out.push_str(&encode_segment(seg));
            out.push('/');
        }
        out
    }

    /// Absolute URL under `base_url` (which ends with `/`).
    pub fn abs(&self, base_url: &str) -> String {
        self.url(base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let r = Route::term(Kind::Categories, "人材育成");
        assert_eq!(r.file(), "categories/人材育成/index.html");
        assert_eq!(
            r.url("/dx/"),
            "/dx/categories/%E4%BA%BA%E6%9D%90%E8%82%B2%E6%88%90/"
        );
        assert_eq!(
            r.paginated(2).file(),
            "categories/人材育成/page/2/index.html"
        );
        assert_eq!(Route::home().url("/dx/"), "/dx/");
        assert_eq!(Route::home().file(), "index.html");
        assert_eq!(Route::case("a b").url("/"), "/cases/a%20b/");
        assert_eq!(Route::home().abs("https://e.jp/dx/"), "https://e.jp/dx/");
    }
}
