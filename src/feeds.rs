//! Machine-readable outputs: Atom feed, sitemap, and the case catalogue as JSON and CSV.

use serde::Serialize;

use crate::model::Model;
use crate::output::OutputFile;
use crate::urls::{Kind, Route};

/// Entries in the Atom feed: readers want the news, not the archive.
const FEED_ENTRIES: usize = 50;

pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 3339 timestamp for a `YYYY-MM-DD` date (midnight, Japan time).
fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00+09:00")
}

pub fn atom(model: &Model) -> OutputFile {
    let c = &model.config;
    let updated = model
        .cases
        .iter()
        .map(|cm| cm.case.updated.as_deref().unwrap_or(&cm.case.published))
        .max()
        .unwrap_or("2000-01-01");
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&c.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape_xml(&c.title)));
    if !c.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_xml(&c.description)
        ));
    }
    x.push_str(&format!("  <link href=\"{}\"/>\n", escape_xml(&c.base_url)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}atom.xml\"/>\n",
        escape_xml(&c.base_url)
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape_xml(&c.base_url)));
    x.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&c.title)
    ));
    x.push_str("  <generator>yokoten</generator>\n");
    // The feed lists the most recently published cases.
    for cm in model.cases.iter().take(FEED_ENTRIES) {
        let case = &cm.case;
        let url = cm.route.abs(&c.base_url);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape_xml(&case.title)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", escape_xml(&url)));
        x.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            rfc3339(&case.published)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(case.updated.as_deref().unwrap_or(&case.published))
        ));
        for cat in &case.categories {
            x.push_str(&format!("    <category term=\"{}\"/>\n", escape_xml(cat)));
        }
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&format!(
                "{}{}: {}",
                case.prefecture, case.municipality, cm.summary
            ))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile::bytes("atom.xml", x.into_bytes())
}

pub fn sitemap(model: &Model, extra_routes: &[Route]) -> OutputFile {
    let base = &model.config.base_url;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut push = |loc: String, lastmod: Option<&str>| {
        x.push_str("  <url><loc>");
        x.push_str(&escape_xml(&loc));
        x.push_str("</loc>");
        if let Some(d) = lastmod {
            x.push_str("<lastmod>");
            x.push_str(d);
            x.push_str("</lastmod>");
        }
        x.push_str("</url>\n");
    };
    push(Route::home().abs(base), None);
    for cm in &model.cases {
        push(
            cm.route.abs(base),
            Some(cm.case.updated.as_deref().unwrap_or(&cm.case.published)),
        );
    }
    for kind in Kind::ALL {
        push(Route::taxonomy(kind).abs(base), None);
        for t in &model.taxonomy(kind).terms {
            if !t.cases.is_empty() {
                push(t.route(kind).abs(base), None);
            }
        }
    }
    for r in extra_routes {
        push(r.abs(base), None);
    }
    x.push_str("</urlset>\n");
    OutputFile::bytes("sitemap.xml", x.into_bytes())
}

#[derive(Serialize)]
struct CaseRecord<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    municipality: &'a str,
    prefecture: &'a str,
    published: &'a str,
    updated: Option<&'a str>,
    categories: &'a [String],
    tags: &'a [String],
    summary: &'a str,
    population: Option<u64>,
    sources: &'a [crate::content::Source],
}

fn records(model: &Model) -> impl Iterator<Item = CaseRecord<'_>> {
    model.cases.iter().map(|cm| {
        let c = &cm.case;
        CaseRecord {
            slug: &c.slug,
            url: cm.route.abs(&model.config.base_url),
            title: &c.title,
            municipality: &c.municipality,
            prefecture: &c.prefecture,
            published: &c.published,
            updated: c.updated.as_deref(),
            categories: &c.categories,
            tags: &c.tags,
            summary: &cm.summary,
            population: c.population,
            sources: &c.sources,
        }
    })
}

pub fn cases_json(model: &Model) -> OutputFile {
    let list: Vec<CaseRecord> = records(model).collect();
    let body = serde_json::json!({
        "title": model.config.title,
        "base_url": model.config.base_url,
        "count": list.len(),
        "cases": list,
    });
    OutputFile::bytes(
        "cases.json",
        serde_json::to_vec_pretty(&body).unwrap_or_default(),
    )
}

/// UTF-8 with a BOM: Excel, which municipal staff open CSVs with, needs it to see UTF-8.
pub fn cases_csv(model: &Model) -> OutputFile {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record([
        "slug",
        "title",
        "municipality",
        "prefecture",
        "published",
        "updated",
        "categories",
        "tags",
        "population",
        "summary",
        "url",
        "sources",
    ]);
    for r in records(model) {
        let population = r.population.map(|p| p.to_string()).unwrap_or_default();
        let sources = r
            .sources
            .iter()
            .map(|s| {
                if s.url.is_empty() {
                    s.title.clone()
                } else {
                    s.url.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let _ = w.write_record([
            r.slug,
            r.title,
            r.municipality,
            r.prefecture,
            r.published,
            r.updated.unwrap_or(""),
            &r.categories.join(";"),
            &r.tags.join(";"),
            &population,
            r.summary,
            &r.url,
            &sources,
        ]);
    }
    OutputFile::bytes("cases.csv", w.into_inner().unwrap_or_default())
}
