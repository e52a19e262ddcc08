//! Integration tests of the search index: shared normalisation vectors, exact recall against
//! a brute-force scan, ranking, and facets.

use std::collections::{BTreeSet, HashMap};
use yokoten::search::query::{Engine, Query, Results};
use yokoten::search::synth::{corpus, Rng, SynthDoc};
use yokoten::search::tokenize::{char_kinds, RunKind};
use yokoten::search::{
    build_index, build_index_with, normalize, terms, tokenize, GramParams, SearchDoc,
};

mod fixture;
use fixture::fixture_docs;

fn engine(files: Vec<(String, Vec<u8>)>) -> Engine<HashMap<String, Vec<u8>>> {
    Engine::open(files.into_iter().collect()).expect("manifest")
}

// ---------------------------------------------------------------- shared vectors

fn vector_json(input: &str) -> serde_json::Value {
    let runs: Vec<_> = tokenize(input)
        .into_iter()
        .map(|t| {
            let k = if t.kind == RunKind::Word { "w" } else { "c" };
            serde_json::json!([k, t.text, t.pos])
        })
        .collect();
    let terms: Vec<_> = terms(input)
        .into_iter()
        .map(|t| serde_json::json!([t.key, t.pos]))
        .collect();
    serde_json::json!({"input": input, "normalized": normalize(input), "runs": runs, "terms": terms})
}

#[test]
fn shared_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search/vectors.json");
    let text = std::fs::read_to_string(path).unwrap();
    let vectors: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        let out: Vec<_> = vectors
            .iter()
            .map(|v| vector_json(v["input"].as_str().unwrap()))
            .collect();
        let mut s = String::from("[\n");
        for (i, v) in out.iter().enumerate() {
            s.push_str("  ");
            s.push_str(&serde_json::to_string(v).unwrap());
            s.push_str(if i + 1 < out.len() { ",\n" } else { "\n" });
        }
        s.push_str("]\n");
        std::fs::write(path, s).unwrap();
        return;
    }
    for v in &vectors {
        let input = v["input"].as_str().unwrap();
        assert_eq!(&vector_json(input), v, "vector for {input:?}");
    }
    assert!(vectors.len() >= 20);
}

// ---------------------------------------------------------------- brute force

type Kinds = Vec<Option<RunKind>>;
/// A normalised field: text, characters, kinds.
type Field = (String, Vec<char>, Kinds);

/// Normalised fields of the docs, as characters with their kinds, computed once.
struct Brute {
    docs: Vec<(String, Vec<Field>)>,
}

impl Brute {
    fn new(docs: &[SearchDoc]) -> Brute {
        Brute {
            docs: docs
                .iter()
                .map(|d| {
                    let fs = field_texts(d)
                        .into_iter()
                        .map(|f| (f.clone(), f.chars().collect(), char_kinds(&f)))
                        .collect();
                    (d.url.to_string(), fs)
                })
                .collect(),
        }
    }

    fn find(&self, query: &str) -> BTreeSet<String> {
        let words: Vec<Field> = normalize(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| (w.to_string(), w.chars().collect(), char_kinds(w)))
            .collect();
        self.docs
            .iter()
            .filter(|(_, fields)| {
                // `str::contains` (optimised std code) first: the char scan is slow in debug.
                words.iter().all(|(qs, q, qk)| {
                    fields
                        .iter()
                        .any(|(ts, t, tk)| ts.contains(qs.as_str()) && contains_word(t, tk, q, qk))
                })
            })
            .map(|(u, _)| u.clone())
            .collect()
    }
}

/// Does normalised text `t` contain the normalised query word `q`, with words whole? The
/// characters must also be of the same kinds (this only matters for combining marks, whose
/// kind follows the character before them).
fn contains_word(t: &[char], tk: &Kinds, q: &[char], qk: &Kinds) -> bool {
    let word = |k: Option<RunKind>| k == Some(RunKind::Word);
    if q.is_empty() || q.len() > t.len() {
        return false;
    }
    (0..=t.len() - q.len()).any(|i| {
        t[i..i + q.len()] == q[..]
            && tk[i..i + q.len()] == qk[..]
            && !(word(qk[0]) && i > 0 && word(tk[i - 1]))
            && !(word(qk[q.len() - 1]) && i + q.len() < t.len() && word(tk[i + q.len()]))
    })
}

fn brute(docs: &[SearchDoc], query: &str) -> BTreeSet<String> {
    Brute::new(docs).find(query)
}

fn field_texts(d: &SearchDoc) -> Vec<String> {
    let mut v = vec![normalize(d.title), normalize(d.summary), normalize(d.body)];
    v.extend([d.municipality, d.prefecture].iter().map(|s| normalize(s)));
    v.extend(d.categories.iter().chain(d.tags).map(|s| normalize(s)));
    v
}

fn urls(e: &mut Engine<HashMap<String, Vec<u8>>>, r: &Results) -> Vec<String> {
    r.ranked
        .iter()
        .map(|s| {
            let v = e.display_record(s.doc).unwrap();
            v["u"].as_str().unwrap().to_string()
        })
        .collect()
}

fn check_recall(docs: &[SearchDoc], files: Vec<(String, Vec<u8>)>, queries: &[String]) {
    let mut e = engine(files);
    let by_id: Vec<String> = (0..docs.len())
        .map(|i| {
            let v = e.display_record(i as u32).unwrap();
            v["u"].as_str().unwrap().to_string()
        })
        .collect();
    let b = Brute::new(docs);
    for q in queries {
        let r = e.search(
            &Query {
                text: q.clone(),
                ..Default::default()
            },
            false,
        );
        let got: Vec<String> = r
            .ranked
            .iter()
            .map(|s| by_id[s.doc as usize].clone())
            .collect();
        let got_set: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(got.len(), got_set.len(), "no duplicates for {q:?}");
        let want = b.find(q);
        if normalize(q).is_empty() {
            continue; // an empty query browses everything
        }
        assert_eq!(got_set, want, "recall for query {q:?}");
    }
}

/// Random substrings of the docs' normalised fields, of 1..=max characters.
fn sample_queries(docs: &[SearchDoc], count: usize, max: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    while out.len() < count {
        let d = &docs[rng.below(docs.len())];
        let fields = field_texts(d);
        let f: Vec<char> = fields[rng.below(fields.len())].chars().collect();
        if f.is_empty() {
            continue;
        }
        let len = 1 + rng.below(max);
        let start = rng.below(f.len());
        let q: String = f[start..(start + len).min(f.len())].iter().collect();
        out.push(q);
    }
    out
}

const NAMED: [&str; 30] = [
    "手上げ",
    "手上げ式",
    "書かない窓口",
    "財政課",
    "マイナンバー",
    "マイナンバーカード",
    "推進員",
    "DX",
    "ＤＸ",
    "dx",
    "RPA",
    "ＲＰＡ",
    "LINE",
    "窓口DX",
    "窓口ｄｘ",
    "130万",
    "研修",
    "ﾏｲﾅﾝﾊﾞｰ",
    "DX化",
    "第2期",
    "e-Gov",
    "3,000人",
    "手",
    "上げ",
    "勉強会 推進員",
    "研修 職員",
    "ai",
    "窓口 DX",
    "存在しない言葉",
    "手続",
];

#[test]
fn fixture_recall_named_queries() {
    let docs = fixture_docs();
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let queries: Vec<String> = NAMED.iter().map(|s| s.to_string()).collect();
    check_recall(&sd, build_index(&sd), &queries);
}

#[test]
fn fixture_known_answers() {
    let docs = fixture_docs();
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let mut e = engine(build_index(&sd));
    let mut find = |q: &str| {
        let r = e.search(
            &Query {
                text: q.into(),
                ..Default::default()
            },
            false,
        );
        urls(&mut e, &r)
    };
    // Mid-sentence word; 手 and 上げ apart (oguni) must not match.
    let t = find("手上げ");
    assert!(t.contains(&"cases/awara-dx-suishinin/".to_string()));
    assert!(t.contains(&"cases/sample-kosodate/".to_string()));
    assert!(!t.contains(&"cases/oguni-nocode-app/".to_string()));
    // Full-width query, half-width text and back.
    assert!(find("マイナンバーカード").contains(&"cases/miyakonojo-quartet/".to_string()));
    assert!(find("ＤＸ").contains(&"cases/miyakonojo-quartet/".to_string()));
    assert!(find("ｒｐａ").contains(&"cases/sample-rpa/".to_string()));
    // Words touching Japanese.
    assert!(find("130万").contains(&"cases/miyakonojo-quartet/".to_string()));
    assert!(find("窓口DX").contains(&"cases/kitami-kakanai-madoguchi/".to_string()));
    // Words are whole: "ai" is not inside "RPAや".
    assert_eq!(
        find("ai"),
        vec![
            "cases/sample-line/".to_string(),
            "cases/oguni-nocode-app/".to_string()
        ]
    );
}

#[test]
fn synthetic_recall_random_substrings() {
    let docs = corpus(500, 700, 7);
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let mut queries = sample_queries(&sd, 250, 9, 11);
    queries.extend(NAMED.iter().map(|s| s.to_string()));
    queries.extend(
        sample_queries(&sd, 40, 6, 12)
            .chunks(2)
            .map(|c| c.join(" ")),
    );
    check_recall(&sd, build_index(&sd), &queries);
}

#[test]
fn recall_holds_without_grams_and_with_tiny_grams() {
    // Force the positional joins everywhere, then force grams for nearly everything.
    let docs = corpus(200, 500, 3);
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let mut queries = sample_queries(&sd, 150, 10, 5);
    queries.extend(NAMED.iter().map(|s| s.to_string()));
    let none = GramParams {
        min_df: u32::MAX,
        max_len: 12,
        max_postings: 0,
        ..GramParams::for_docs(sd.len())
    };
    check_recall(&sd, build_index_with(&sd, none), &queries);
    let all = GramParams {
        min_df: 1,
        max_len: 6,
        max_postings: u64::MAX,
        ..GramParams::for_docs(sd.len())
    };
    check_recall(&sd, build_index_with(&sd, all), &queries);
    // Candidates mined from a sample of 50 documents, then counted in all.
    let sampled = GramParams {
        min_df: 4,
        sample: 50,
        ..GramParams::for_docs(sd.len())
    };
    check_recall(&sd, build_index_with(&sd, sampled), &queries);
    let all = GramParams {
        min_df: 1,
        max_len: 6,
        max_postings: u64::MAX,
        ..GramParams::for_docs(sd.len())
    };
    check_recall(&sd, build_index_with(&sd, all), &queries);
}

/// The build's hash maps are seeded at random (see `search::hash`), and no file may depend
/// on the seed: two builds of the same documents are the same bytes.
#[test]
fn builds_are_reproducible() {
    let docs = corpus(600, 500, 5);
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let gp = GramParams {
        sample: 100,
        ..GramParams::for_docs(sd.len())
    };
    let a = build_index_with(&sd, gp);
    let b = build_index_with(&sd, gp);
    assert!(a.iter().any(|(p, _)| p.starts_with("search/t/")));
    assert!(a == b, "two builds of the same documents differ");
}

/// A numbered stream (`k`/`ki`, `d`/`di`) of a real index: the packs joined, and the table.
fn stream(files: &HashMap<String, Vec<u8>>, dir: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for n in 0.. {
        match files.get(&format!("search/{dir}/{n}.bin")) {
            Some(b) => out.extend_from_slice(b),
            None => break,
        }
    }
    out
}

/// Packs: every pack but the last is exactly `pack_bytes`, the tables tile their streams,
/// records straddle pack boundaries, and such records read back whole (display records are
/// JSON; buckets are checked by the recall tests, which read every kind of record).
#[test]
fn packed_records_tile_their_streams_across_pack_boundaries() {
    let docs = corpus(600, 500, 5);
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let files: HashMap<String, Vec<u8>> = build_index(&sd).into_iter().collect();
    let m: serde_json::Value = serde_json::from_slice(&files["search/manifest.json"]).unwrap();
    let size = m["pack_bytes"].as_u64().unwrap() as usize;
    for dir in ["t", "b", "k", "ki", "d", "di"] {
        let n = (0..)
            .take_while(|n| files.contains_key(&format!("search/{dir}/{n}.bin")))
            .count();
        assert!(n > 0, "{dir}");
        for i in 0..n {
            let len = files[&format!("search/{dir}/{i}.bin")].len();
            assert!(
                len == size || (i == n - 1 && len > 0 && len <= size),
                "{dir}/{i}: {len}"
            );
        }
    }
    assert!(!files
        .keys()
        .any(|p| p.starts_with("search/t/") && !p.ends_with(".bin")));
    let mut straddling = 0;
    for (dir, count) in [
        ("k", m["buckets"].as_u64().unwrap()),
        ("d", sd.len() as u64),
    ] {
        let data = stream(&files, dir);
        let table: Vec<u32> = stream(&files, &format!("{dir}i"))
            .chunks(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(table.len() as u64, count + 1, "{dir}");
        assert_eq!(table[0], 0);
        assert_eq!(*table.last().unwrap() as usize, data.len(), "{dir}");
        for w in table.windows(2) {
            assert!(w[0] <= w[1], "{dir}");
            let (a, e) = (w[0] as usize, w[1] as usize);
            if e > a && a / size != (e - 1) / size {
                straddling += 1;
                if dir == "d" {
                    let v: serde_json::Value = serde_json::from_slice(&data[a..e]).unwrap();
                    assert!(v["u"].is_string());
                }
            }
        }
    }
    assert!(
        straddling > 0,
        "no record straddles a pack boundary: the test proves nothing"
    );
    // The Rust engine reads a display record at a pack boundary like any other.
    // Doc ids follow the doc order (newest first), so compare the sets of urls.
    let mut e = engine(files.into_iter().collect());
    let mut got: Vec<String> = (0..sd.len() as u32)
        .map(|doc| {
            e.display_record(doc).expect("display record")["u"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut want: Vec<String> = sd.iter().map(|d| d.url.to_string()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

// ---------------------------------------------------------------- ranking

fn doc<'a>(
    url: &'a str,
    title: &'a str,
    tags: &'a [String],
    body: &'a str,
    date: &'a str,
) -> SearchDoc<'a> {
    SearchDoc {
        url,
        title,
        tags,
        body,
        published: date,
        ..Default::default()
    }
}

#[test]
fn ranking_follows_field_weights_and_dates() {
    let none: Vec<String> = vec![];
    let tag = vec!["研修".to_string()];
    let filler = "あいうえおかきくけこ".repeat(20);
    let body_once = format!("{filler}研修{filler}");
    let body_twice = format!("研修{filler}研修");
    let docs = vec![
        doc("body-once-old/", "事例", &none, &body_once, "2020-01-01"),
        doc("title/", "職員研修の改革", &none, &filler, "2019-01-01"),
        doc("tag/", "事例", &tag, &filler, "2019-01-01"),
        doc("body-twice/", "事例", &none, &body_twice, "2019-01-01"),
        doc("body-once-new/", "事例", &none, &body_once, "2024-01-01"),
        doc("none/", "事例", &none, &filler, "2024-01-01"),
    ];
    let mut e = engine(build_index(&docs));
    let r = e.search(
        &Query {
            text: "研修".into(),
            ..Default::default()
        },
        false,
    );
    assert_eq!(
        urls(&mut e, &r),
        vec![
            "title/",
            "tag/",
            "body-twice/",
            "body-once-new/",
            "body-once-old/"
        ]
    );
    // Browsing (no words): newest first.
    let r = e.search(&Query::default(), false);
    assert_eq!(
        urls(&mut e, &r)[..2],
        ["body-once-new/".to_string(), "none/".to_string()]
    );
}

// ---------------------------------------------------------------- facets

#[test]
fn facets_filter_and_count() {
    let docs = fixture_docs();
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let mut e = engine(build_index(&sd));
    let q = |text: &str, cat: &[&str], pref: &[&str], tag: &[&str], pop: &[&str]| Query {
        text: text.into(),
        category: cat.iter().map(|s| s.to_string()).collect(),
        prefecture: pref.iter().map(|s| s.to_string()).collect(),
        tag: tag.iter().map(|s| s.to_string()).collect(),
        pop: pop.iter().map(|s| s.to_string()).collect(),
    };
    let m = e.manifest.clone();
    let ci = |name: &str| m.facets.category.id(name).unwrap();
    let pi = |name: &str| m.facets.prefecture.id(name).unwrap();

    let r = e.search(&q("研修", &[], &[], &[], &[]), false);
    // The prefecture and tag panels are closed: their columns are not loaded, no counts.
    assert!(r.facets.prefecture.is_empty() && r.facets.tag.is_empty());
    let all = r.total();
    assert_eq!(all, brute(&sd, "研修").len());
    let r2 = e.search(&q("研修", &["業務効率化"], &[], &[], &[]), false);
    assert_eq!(
        r2.total() as u32,
        r.facets.category[ci("業務効率化")],
        "count = results of that choice"
    );
    // OR within a facet, AND across facets.
    let r3 = e.search(&q("研修", &["業務効率化", "防災"], &[], &[], &[]), true);
    assert!(r3.total() > r2.total());
    let r4 = e.search(
        &q("研修", &["業務効率化", "防災"], &["福井県"], &[], &[]),
        false,
    );
    assert_eq!(r4.total() as u32, r3.facets.prefecture[pi("福井県")]);
    // Browse without text, tags and population bands.
    let r5 = e.search(&q("", &[], &["北海道"], &[], &[]), true);
    assert_eq!(r5.total(), 2);
    let r6 = e.search(&q("", &[], &[], &["LINE"], &[]), true);
    assert_eq!(urls(&mut e, &r6), vec!["cases/sample-line/"]);
    let r7 = e.search(&q("", &[], &[], &[], &["gt200k"]), false);
    assert_eq!(urls(&mut e, &r7), vec!["cases/sample-online/"]);
    let r8 = e.search(&q("", &[], &[], &[], &["lt10k", "gt200k"]), false);
    assert_eq!(r8.total(), 4);
    assert_eq!(r8.facets.pop[0], 3);
    // Unknown filter values match nothing.
    assert_eq!(
        e.search(&q("", &["存在しない"], &[], &[], &[]), false)
            .total(),
        0
    );
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    let empty: Vec<SearchDoc> = vec![];
    let mut e = engine(build_index(&empty));
    assert_eq!(
        e.search(
            &Query {
                text: "手上げ".into(),
                ..Default::default()
            },
            true
        )
        .total(),
        0
    );
    let docs = fixture_docs();
    let sd: Vec<SearchDoc> = docs.iter().map(SynthDoc::as_search_doc).collect();
    let mut e = engine(build_index(&sd));
    for q in [
        "\u{1}", "\u{0}x", "🙂", "a\u{301}", "\u{fffd}", "   ", "---", "|||",
    ] {
        let _ = e.search(
            &Query {
                text: q.into(),
                ..Default::default()
            },
            false,
        );
    }
}
