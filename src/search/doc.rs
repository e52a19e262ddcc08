//! A document as the index takes it, and the order of doc ids.

/// One case, as the search index sees it. `Hash` covers everything the index reads of it,
/// so the generator fingerprints the index by hashing its documents.
#[derive(Debug, Clone, Default, Hash)]
pub struct SearchDoc<'a> {
    /// Root-relative to the site, without base path: "cases/awara/".
    pub url: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub municipality: &'a str,
    pub prefecture: &'a str,
    pub categories: &'a [String],
    pub tags: &'a [String],
    /// Plain text of the body.
    pub body: &'a str,
    /// "YYYY-MM-DD"
    pub published: &'a str,
    pub population: Option<u64>,
    /// More words to find the case by, matched like the place and the terms.
    pub keywords: Vec<&'a str>,
}

/// An owned copy of a `SearchDoc`: a document waiting in the builder's batch, or one made
/// up by the synthetic corpus of the tests.
#[derive(Debug, Clone, Default)]
pub struct OwnedDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub municipality: String,
    pub prefecture: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
    pub published: String,
    pub population: Option<u64>,
    pub keywords: Vec<String>,
}

impl OwnedDoc {
    pub fn new(d: &SearchDoc) -> OwnedDoc {
        OwnedDoc {
            url: d.url.into(),
            title: d.title.into(),
            summary: d.summary.into(),
            municipality: d.municipality.into(),
            prefecture: d.prefecture.into(),
            categories: d.categories.to_vec(),
            tags: d.tags.to_vec(),
            body: d.body.into(),
            published: d.published.into(),
            population: d.population,
            keywords: d.keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    pub fn as_search_doc(&self) -> SearchDoc<'_> {
        SearchDoc {
            url: &self.url,
            title: &self.title,
            summary: &self.summary,
            municipality: &self.municipality,
            prefecture: &self.prefecture,
            categories: &self.categories,
            tags: &self.tags,
            body: &self.body,
            published: &self.published,
            population: self.population,
            keywords: self.keywords.iter().map(String::as_str).collect(),
        }
    }
}

/// The order of doc ids: newest `published` first, then by url. `IndexBuilder::add` takes
/// documents in this order; sort with `docs.sort_by(search::doc_order)`.
pub fn doc_order(a: &SearchDoc, b: &SearchDoc) -> std::cmp::Ordering {
    order_key(a).cmp(&order_key(b))
}

/// The sort key behind `doc_order`, for callers that sort something else than
/// `SearchDoc`s (e.g. their cases, before building the docs one at a time):
/// `cases.sort_by(|a, b| order_key_of(&a.published, &a.url).cmp(&order_key_of(..)))`.
pub fn order_key_of<'a>(published: &'a str, url: &'a str) -> (std::cmp::Reverse<&'a str>, &'a str) {
    (std::cmp::Reverse(published), url)
}

/// `order_key_of(d.published, d.url)`.
pub fn order_key<'a>(d: &SearchDoc<'a>) -> (std::cmp::Reverse<&'a str>, &'a str) {
    order_key_of(d.published, d.url)
}
