//! Writes a small static site for the browser tests of the search:
//! `cargo run --example search_fixture -- OUT_DIR [BASE_PATH] [--synthetic N]` (base path
//! default `/dx/`; `--synthetic N` adds N generated cases, so that large postings, blocks
//! and joins are exercised too).
//!
//! OUT_DIR gets the search index of `tests/search/fixture.json`, the search page rendered from
//! `themes/default/templates/search.html` with a stand-in `base.html`, the script, stub case
//! pages, and `search-expected.json`: what the Rust query engine answers for a set of
//! queries, which the node tests compare with the script's answers. Serve OUT_DIR under the
//! base path (tests/js/server.js does).

use std::collections::HashMap;
use std::path::Path;
use yokoten::search::query::{Engine, Query};
use yokoten::search::{build_index, SearchDoc};

/// Stand-in for the theme's base.html (another module owns the real one): the blocks the
/// search page fills, and a search box that leads to the search page, as on every page.
const BASE_HTML: &str = r#"<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ site.title }}{% endblock title %}</title></head>
<body>
<header><a href="{{ site.base_path }}">{{ site.title }}</a>
<form role="search" action="{{ site.base_path }}search/" method="get"><input type="search" name="q" aria-label="事例を検索"><button>検索</button></form>
</header>
<main>{% block content %}{% endblock content %}</main>
{% block scripts %}{% endblock scripts %}
</body>
</html>
"#;

/// Queries whose Rust answers the node tests compare with the script's.
pub const PARITY_QUERIES: [&str; 22] = [
    "手上げ",
    "手上げ式",
    "書かない窓口",
    "財政課",
    "マイナンバー",
    "マイナンバーカード",
    "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ",
    "推進員",
    "研修",
    "DX",
    "ＤＸ",
    "RPA",
    "LINE",
    "窓口DX",
    "130万",
    "DX化",
    "第2期",
    "e-Gov",
    "3,000人",
    "手",
    "勉強会 推進員",
    "存在しない",
];

fn main() {
    let mut synthetic = 0usize;
    let mut pos_args = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--synthetic" {
            synthetic = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        } else {
            pos_args.push(a);
        }
    }
    let out = pos_args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/search-fixture".into());
    let base = pos_args.get(1).cloned().unwrap_or_else(|| "/dx/".into());
    let out = Path::new(&out);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let text = std::fs::read_to_string(root.join("tests/search/fixture.json")).expect("fixture");
    let mut v: Vec<serde_json::Value> = serde_json::from_str(&text).expect("fixture json");
    for d in yokoten::search::synth::corpus(synthetic, 900, 99) {
        v.push(serde_json::json!({
            "url": d.url, "title": d.title, "summary": d.summary, "municipality": d.municipality,
            "prefecture": d.prefecture, "categories": d.categories, "tags": d.tags, "body": d.body,
            "published": d.published, "population": d.population,
        }));
    }
    let strs = |d: &serde_json::Value, k: &str| -> Vec<String> {
        d[k].as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let cats: Vec<Vec<String>> = v.iter().map(|d| strs(d, "categories")).collect();
    let tags: Vec<Vec<String>> = v.iter().map(|d| strs(d, "tags")).collect();
    let s = |d: &'_ serde_json::Value, k: &str| d[k].as_str().unwrap_or("").to_string();
    let owned: Vec<[String; 7]> = v
        .iter()
        .map(|d| {
            [
                s(d, "url"),
                s(d, "title"),
                s(d, "summary"),
                s(d, "municipality"),
                s(d, "prefecture"),
                s(d, "body"),
                s(d, "published"),
            ]
        })
        .collect();
    let docs: Vec<SearchDoc> = owned
        .iter()
        .enumerate()
        .map(|(i, o)| SearchDoc {
            url: &o[0],
            title: &o[1],
            summary: &o[2],
            municipality: &o[3],
            prefecture: &o[4],
            categories: &cats[i],
            tags: &tags[i],
            body: &o[5],
            published: &o[6],
            population: v[i]["population"].as_u64(),
            keywords: Vec::new(),
        })
        .collect();

    let _ = std::fs::remove_dir_all(out);
    let files = build_index(&docs);
    let write = |rel: &str, bytes: &[u8]| {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write");
    };
    for (p, b) in &files {
        write(p, b);
    }
    let script =
        std::fs::read(root.join("themes/default/static/assets/search.js")).expect("search.js");
    write("assets/search.js", &script);

    // Taxonomies for the no-JavaScript fallback, with stub term pages.
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let mut taxonomies = Vec::new();
    let kinds: [(&str, &str, Vec<String>); 4] = [
        (
            "categories",
            "分野",
            cats.iter().flatten().cloned().collect(),
        ),
        ("tags", "タグ", tags.iter().flatten().cloned().collect()),
        (
            "prefectures",
            "都道府県",
            owned.iter().map(|o| o[4].clone()).collect(),
        ),
        (
            "municipalities",
            "市町村",
            owned.iter().map(|o| o[3].clone()).collect(),
        ),
    ];
    for (kind, label, all) in kinds {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for t in all {
            match counts.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += 1,
                None => counts.push((t, 1)),
            }
        }
        let terms: Vec<_> = counts
            .iter()
            .map(|(name, count)| {
                write(
                    &format!("{kind}/{name}/index.html"),
                    format!("<!doctype html><meta charset=utf-8><title>{name}</title><h1>{name}</h1>").as_bytes(),
                );
                serde_json::json!({"name": name, "url": format!("{base}{kind}/{}/", enc(name)), "count": count})
            })
            .collect();
        write(
            &format!("{kind}/index.html"),
            format!("<!doctype html><meta charset=utf-8><title>{label}</title><h1>{label}</h1>")
                .as_bytes(),
        );
        taxonomies.push(serde_json::json!({"kind": kind, "label": label, "url": format!("{base}{kind}/"), "terms": terms}));
    }

    let mut tera = tera::Tera::default();
    let page = std::fs::read_to_string(root.join("themes/default/templates/search.html"))
        .expect("search.html");
    tera.add_raw_templates(vec![
        ("base.html", BASE_HTML),
        ("search.html", page.as_str()),
    ])
    .expect("templates");
    let mut ctx = tera::Context::new();
    ctx.insert(
        "site",
        &serde_json::json!({"title": "自治体DX事例集", "description": "", "language": "ja", "base_url": format!("http://127.0.0.1{base}"), "base_path": base}),
    );
    ctx.insert("taxonomies", &taxonomies);
    let html = tera
        .render("search.html", &ctx)
        .expect("render search.html");
    write("search/index.html", html.as_bytes());
    let home = tera::Tera::one_off(BASE_HTML, &ctx, false).expect("home");
    write("index.html", home.as_bytes());

    for o in &owned {
        let page = format!(
            "<!doctype html><html lang=ja><meta charset=utf-8><title>{t}</title><article class=\"case\"><h1>{t}</h1><p>{s}</p><div>{b}</div></article></html>",
            t = o[1],
            s = o[2],
            b = o[5]
        );
        write(&format!("{}index.html", o[0]), page.as_bytes());
    }

    // What the Rust engine answers, for the script's parity test.
    let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
    let mut engine = Engine::open(map).expect("manifest");
    let mut expected = serde_json::Map::new();
    let mut queries: Vec<Query> = PARITY_QUERIES
        .iter()
        .map(|q| Query {
            text: q.to_string(),
            ..Default::default()
        })
        .collect();
    queries.push(Query {
        text: "研修".into(),
        category: vec!["業務効率化".into(), "防災".into()],
        ..Default::default()
    });
    queries.push(Query {
        prefecture: vec!["北海道".into(), "福井県".into()],
        pop: vec!["lt10k".into()],
        ..Default::default()
    });
    queries.push(Query {
        tag: vec!["LINE".into(), "RPA".into()],
        ..Default::default()
    });
    let mut list = Vec::new();
    for q in &queries {
        let r = engine.search(q, true);
        list.push(serde_json::json!({
            "query": {"q": q.text, "category": q.category, "prefecture": q.prefecture, "tag": q.tag, "pop": q.pop},
            "docs": r.ranked.iter().map(|s| s.doc).collect::<Vec<_>>(),
            "scores": r.ranked.iter().map(|s| yokoten::search::query::score_key(s.score)).collect::<Vec<_>>(),
            "facets": {
                "category": r.facets.category,
                "prefecture": &r.facets.prefecture[..engine.manifest.facets.prefecture.values.len()],
                "pop": &r.facets.pop[..4],
                "tag": r.facets.tag,
            },
            "snippet_parts": r.ranked.iter().map(|s| yokoten::search::query::snippet_part(&s.hits).map_or(-1, |p| p as i64)).collect::<Vec<_>>(),
        }));
    }
    expected.insert("queries".into(), serde_json::Value::Array(list));
    write(
        "search-expected.json",
        serde_json::to_string_pretty(&expected)
            .expect("json")
            .as_bytes(),
    );
    println!(
        "fixture site written to {} (base path {base})",
        out.display()
    );
}
