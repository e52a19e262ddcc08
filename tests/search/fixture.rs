//! The hand-written fixture cases (`fixture.json`), shared by the tests and the e2e site.

use yokoten::search::synth::SynthDoc;

pub fn fixture_docs() -> Vec<SynthDoc> {
    let text = include_str!("fixture.json");
    let v: Vec<serde_json::Value> = serde_json::from_str(text).expect("fixture.json");
    let s = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or("").to_string();
    let list = |d: &serde_json::Value, k: &str| -> Vec<String> {
        d[k].as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    v.iter()
        .map(|d| SynthDoc {
            url: s(d, "url"),
            title: s(d, "title"),
            summary: s(d, "summary"),
            municipality: s(d, "municipality"),
            prefecture: s(d, "prefecture"),
            categories: list(d, "categories"),
            tags: list(d, "tags"),
            body: s(d, "body"),
            published: s(d, "published"),
            population: d["population"].as_u64(),
            keywords: Vec::new(),
        })
        .collect()
}
