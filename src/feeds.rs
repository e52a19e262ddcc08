//! Machine-readable outputs: Atom feed, sitemap, and the case catalogue as JSON and CSV.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::schema::Value;
use crate::escape::xml;
use crate::model::{CaseModel, Model};
use crate::output::OutputFile;
use crate::urls::{Kind, Route};

/// Entries in the Atom feed: readers want the news, not the archive.
const FEED_ENTRIES: usize = 50;

/// RFC 3339 timestamp for a `YYYY-MM-DD` date (midnight, Japan time).
fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00+09:00")
}

/// The site's Atom feed: the newest cases of all.
pub fn atom(model: &Model) -> OutputFile {
    let c = &model.config;
    let all: Vec<usize> = (0..model.cases.len().min(FEED_ENTRIES)).collect();
    let x = atom_feed(model, &c.title, &Route::home(), &all);
    OutputFile::bytes("atom.xml", x.into_bytes())
}

/// One Atom feed per category, so a department can follow its own field:
/// `/categories/<term>/atom.xml`.
pub fn category_atoms(model: &Model) -> Vec<OutputFile> {
    let c = &model.config;
    model
        .taxonomy(Kind::Categories)
        .terms
        .par_iter()
        .filter(|t| !t.cases.is_empty())
        .map(|t| {
            let route = t.route(Kind::Categories);
            let title = format!("{}: {}", c.title, t.name);
            let newest = &t.cases[..t.cases.len().min(FEED_ENTRIES)];
            let x = atom_feed(model, &title, &route, newest);
            OutputFile::bytes(format!("{}atom.xml", route.dir()), x.into_bytes())
        })
        .collect()
}

/// An Atom feed of `cases` (indices into the model, newest first) for the page at `route`.
fn atom_feed(model: &Model, title: &str, route: &Route, cases: &[usize]) -> String {
    let c = &model.config;
    let page = route.abs(&c.base_url);
    let self_url = format!("{page}atom.xml");
    let updated = cases
        .iter()
        .map(|&i| {
            let case = &model.cases[i].case;
            case.updated.as_deref().unwrap_or(&case.published)
        })
        .max()
        .unwrap_or("2000-01-01");
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&c.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml(title)));
    if !c.description.is_empty() {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(&c.description)));
    }
    x.push_str(&format!("  <link href=\"{}\"/>\n", xml(&page)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&self_url)
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml(&self_url)));
    x.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&c.title)
    ));
    x.push_str("  <generator>yokoten</generator>\n");
    for &i in cases {
        let cm = &model.cases[i];
        let case = &cm.case;
        let url = cm.route.abs(&c.base_url);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml(&case.title)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml(&url)));
        x.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            rfc3339(&case.published)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(case.updated.as_deref().unwrap_or(&case.published))
        ));
        for cat in &case.categories {
            x.push_str(&format!("    <category term=\"{}\"/>\n", xml(cat)));
        }
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml(&format!(
                "{}{}: {}",
                case.prefecture, case.municipality, cm.summary
            ))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// Per-case pieces of the catalogue files (sitemap line, JSON record, CSV row), kept between
/// rebuilds so that one edited case costs one case's worth of formatting, not 10,000.
#[derive(Default)]
pub struct FeedCache {
    rows: HashMap<String, (u64, Arc<Rows>)>,
    /// The rows of the last call, in model order.
    order: Vec<Arc<Rows>>,
    sitemap_tail: String,
}

struct Rows {
    sitemap: String,
    json: String,
    csv: Vec<u8>,
}

fn sitemap_line(x: &mut String, loc: &str, lastmod: Option<&str>) {
    x.push_str("  <url><loc>");
    x.push_str(&xml(loc));
    x.push_str("</loc>");
    if let Some(d) = lastmod {
        x.push_str("<lastmod>");
        x.push_str(d);
        x.push_str("</lastmod>");
    }
    x.push_str("</url>\n");
}

/// The catalogue's columns: the case's URL name and address, then every field the schema
/// marks as a column, as shown.
fn columns<'a>(cm: &'a CaseModel, url: &'a str) -> Vec<(&'static str, Value<'a>)> {
    let mut cols = vec![
        ("slug", Value::Text(&cm.case.slug)),
        ("url", Value::Text(url)),
    ];
    cols.extend(
        cm.shown()
            .into_iter()
            .filter(|(f, _)| f.column)
            .map(|(f, v)| (f.name, v)),
    );
    cols
}

/// A JSON object with its keys in the order given.
struct Ordered<'a>(Vec<(&'static str, Value<'a>)>);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, &v.json())?;
        }
        m.end()
    }
}

fn rows(cm: &CaseModel, base_url: &str) -> Rows {
    let c = &cm.case;
    let url = cm.route.abs(base_url);
    let mut sitemap = String::new();
    sitemap_line(
        &mut sitemap,
        &url,
        Some(c.updated.as_deref().unwrap_or(&c.published)),
    );
    let cols = columns(cm, &url);
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(
        cols.iter()
            .map(|(_, v)| crate::escape::csv_cell(&v.cell()).into_owned()),
    );
    let json = serde_json::to_string(&Ordered(cols)).unwrap_or_default();
    Rows {
        sitemap,
        json,
        csv: w.into_inner().unwrap_or_default(),
    }
}

/// The CSV header: the names of [`columns`].
fn csv_header() -> Vec<&'static str> {
    let mut h = vec!["slug", "url"];
    h.extend(
        crate::content::FIELDS
            .iter()
            .filter(|f| f.column)
            .map(|f| f.name),
    );
    h
}

/// sitemap.xml, cases.json and cases.csv (UTF-8 with a BOM: Excel, which municipal staff
/// open CSVs with, needs it to read UTF-8).
pub fn catalogue(model: &Model, extra_routes: &[Route], cache: &mut FeedCache) -> Vec<OutputFile> {
    let base = &model.config.base_url;
    let old = &cache.rows;
    let rows: Vec<(u64, Arc<Rows>)> = model
        .cases
        .par_iter()
        .map(|cm| row_entry(cm, base, old.get(&cm.case.slug)))
        .collect();
    cache.rows = model
        .cases
        .iter()
        .zip(&rows)
        .map(|(cm, r)| (cm.case.slug.clone(), r.clone()))
        .collect();
    cache.order = rows.into_iter().map(|(_, r)| r).collect();
    cache.sitemap_tail = sitemap_tail(model, extra_routes);
    assemble(model, cache)
}

/// The catalogue again after `model::replace_case` changed the cases `patched` (same
/// places, same terms): their rows formatted, the rest reused.
pub fn catalogue_patch(
    model: &Model,
    patched: &[usize],
    extra_routes: &[Route],
    cache: &mut FeedCache,
) -> Vec<OutputFile> {
    if cache.order.len() != model.cases.len() || cache.sitemap_tail.is_empty() {
        return catalogue(model, extra_routes, cache);
    }
    for &i in patched {
        let cm = &model.cases[i];
        let entry = row_entry(cm, &model.config.base_url, cache.rows.get(&cm.case.slug));
        cache.order[i] = entry.1.clone();
        cache.rows.insert(cm.case.slug.clone(), entry);
    }
    assemble(model, cache)
}

/// (fingerprint of the row's inputs, rows), reusing `old` when the inputs are the same.
fn row_entry(cm: &CaseModel, base: &str, old: Option<&(u64, Arc<Rows>)>) -> (u64, Arc<Rows>) {
    let key = crate::fingerprint::of(&(cm.meta_fingerprint(), base));
    match old {
        Some((k, r)) if *k == key => (key, r.clone()),
        _ => (key, Arc::new(rows(cm, base))),
    }
}

/// The sitemap lines after the cases': term lists, terms and pages. They change only with
/// the site's shape, so a patch reuses them.
fn sitemap_tail(model: &Model, extra_routes: &[Route]) -> String {
    let base = &model.config.base_url;
    let mut sitemap = String::new();
    for kind in Kind::ALL {
        sitemap_line(&mut sitemap, &Route::taxonomy(kind).abs(base), None);
        for t in &model.taxonomy(kind).terms {
            if !t.cases.is_empty() {
                sitemap_line(&mut sitemap, &t.route(kind).abs(base), None);
            }
        }
    }
    for r in extra_routes {
        sitemap_line(&mut sitemap, &r.abs(base), None);
    }
    sitemap.push_str("</urlset>\n");
    sitemap
}

fn assemble(model: &Model, cache: &FeedCache) -> Vec<OutputFile> {
    let base = &model.config.base_url;
    let rows = &cache.order;
    let size = |f: fn(&Rows) -> usize| rows.iter().map(|r| f(r)).sum::<usize>();
    let mut sitemap =
        String::with_capacity(size(|r| r.sitemap.len()) + cache.sitemap_tail.len() + 256);
    sitemap.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    sitemap_line(&mut sitemap, &Route::home().abs(base), None);
    let mut json = String::with_capacity(size(|r| r.json.len() + 1) + 256);
    json.push_str(&format!(
        "{{\"title\":{},\"base_url\":{},\"count\":{},\"cases\":[",
        serde_json::Value::from(model.config.title.as_str()),
        serde_json::Value::from(base.as_str()),
        model.cases.len()
    ));
    let mut csv = Vec::with_capacity(size(|r| r.csv.len()) + 256);
    csv.extend_from_slice(b"\xEF\xBB\xBF");
    {
        let mut w = csv::Writer::from_writer(&mut csv);
        let _ = w.write_record(csv_header());
    }
    for (i, r) in rows.iter().enumerate() {
        sitemap.push_str(&r.sitemap);
        if i > 0 {
            json.push(',');
        }
        json.push_str(&r.json);
        csv.extend_from_slice(&r.csv);
    }
    json.push_str("]}");
    sitemap.push_str(&cache.sitemap_tail);

    vec![
        OutputFile::bytes("sitemap.xml", sitemap.into_bytes()),
        OutputFile::bytes("cases.json", json.into_bytes()),
        OutputFile::bytes("cases.csv", csv),
    ]
}
