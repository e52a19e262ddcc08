//! Bytes a browser fetches per search, on a synthetic corpus.
//!
//! `cargo bench --bench search_bytes -- 10000` (document count; default 10000).
//! Options: `--body CHARS` (body length, default 2000), `--seed N`, `--dense` (no per-case
//! topics: most terms in most cases).
//!
//! For each query it counts the files `search.js` would fetch, exactly as the Rust query
//! engine (which follows the script's steps) asks for them:
//! - first query: script + manifest + docs.bin + the query's buckets and postings + the
//!   display records (and snippet body parts) of the first page of 10 hits, with the
//!   prefecture and tag panels closed as the page opens (their columns, prefs.bin and
//!   tags.bin, come when a panel is opened or its filter is in the URL: printed apart);
//! - further query: the same without script, manifest and docs.bin (cold term cache: the
//!   worst case; a real session reuses buckets it already has).
//!
//! Records in the `search/t/` and `b/` packs are fetched with Range requests (counted as
//! `pack#from-to`, raw in every column: hosts send 206 answers uncompressed); the last line
//! prints what a host that ignores Range costs (whole packs).
//!
//! Sizes are raw, gzip -6 (what static hosts send with `Content-Encoding: gzip`; brotli would
//! be smaller still), and "mixed": text files (.js, .json, .txt) gzipped but .bin files raw,
//! as on hosts that compress only text types (GitHub Pages, Netlify and Cloudflare do not
//! compress application/octet-stream). It also checks recall against a brute-force count.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;
use yokoten::search::manifest::Manifest;
use yokoten::search::query::{Engine, Query, Source};
use yokoten::search::synth::corpus_with;
use yokoten::search::{build_index, normalize, SearchDoc};
use yokoten::timing::peak_mb;

const PAGE: usize = 10;

const QUERIES: [&str; 28] = [
    "手上げ",
    "書かない窓口",
    "財政課",
    "マイナンバー",
    "マイナンバーカード",
    "推進員",
    "研修",
    "DX",
    "RPA",
    "LINE",
    "窓口DX",
    "130万",
    "ＤＸ推進",
    "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ",
    "オンライン申請",
    "子育て支援",
    "防災 アプリ",
    "職員",
    "ノーコード",
    "電子申請",
    "ガバメントクラウド",
    "手上げ 推進員",
    "窓",
    "北見市",
    "デジタル田園都市国家構想交付金",
    "地域活性化起業人",
    "引っ越しワンストップ",
    "研修 職員 DX",
];

struct Counting<'a> {
    files: &'a HashMap<String, Vec<u8>>,
    fetched: Vec<String>,
}

impl Source for Counting<'_> {
    fn get(&mut self, path: &str) -> Option<Vec<u8>> {
        let b = self.files.get(path)?.clone();
        self.fetched.push(path.to_string());
        Some(b)
    }
    /// A Range request on a pack: counted as `path#from-to`.
    fn get_range(&mut self, path: &str, from: u32, to: u32) -> Option<Vec<u8>> {
        let b = self
            .files
            .get(path)?
            .get(from as usize..to as usize)?
            .to_vec();
        self.fetched.push(format!("{path}#{from}-{to}"));
        Some(b)
    }
}

/// `(pack path, from, to)` of a counted Range request.
fn range_of(p: &str) -> Option<(&str, usize, usize)> {
    let (path, r) = p.split_once('#')?;
    let (a, b) = r.split_once('-')?;
    Some((path, a.parse().ok()?, b.parse().ok()?))
}

fn gz_len(b: &[u8]) -> usize {
    let mut child = Command::new("gzip")
        .args(["-6", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = b.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().expect("gzip output");
    let _ = writer.join();
    out.stdout.len()
}

struct Sizes<'a> {
    files: &'a HashMap<String, Vec<u8>>,
    gz: HashMap<String, usize>,
}

impl Sizes<'_> {
    /// (raw, gzip, mixed) bytes of the files.
    fn of3(&mut self, paths: &[String]) -> (usize, usize, usize) {
        let mut raw = 0;
        let mut gz = 0;
        let mut mixed = 0;
        for p in paths {
            // A Range answer (206) is sent as is: hosts do not compress partial content.
            if let Some((_, a, b)) = range_of(p) {
                raw += b - a;
                gz += b - a;
                mixed += b - a;
                continue;
            }
            let b = &self.files[p];
            raw += b.len();
            let files = self.files;
            let g = *self
                .gz
                .entry(p.clone())
                .or_insert_with(|| gz_len(&files[p]));
            gz += g;
            mixed += if p.ends_with(".bin") { b.len() } else { g };
        }
        (raw, gz, mixed)
    }
    /// Gzip bytes on a host that ignores Range: each pack a query touches comes whole
    /// (raw: such hosts do not compress application/octet-stream either), once.
    fn without_range(&mut self, paths: &[String]) -> usize {
        let mut packs: Vec<&str> = Vec::new();
        let mut rest = Vec::new();
        for p in paths {
            match range_of(p) {
                Some((pack, ..)) if !packs.contains(&pack) => packs.push(pack),
                Some(_) => {}
                None => rest.push(p.clone()),
            }
        }
        let whole: usize = packs.iter().map(|p| self.files[*p].len()).sum();
        whole + self.of(&rest).1
    }
    fn of(&mut self, paths: &[String]) -> (usize, usize) {
        let (r, g, _) = self.of3(paths);
        (r, g)
    }
}

fn kb(b: usize) -> String {
    format!("{:.1}", b as f64 / 1024.0)
}

/// `--site DIR [--runs R] [--stream]`: load a site as `yokoten build` does and time
/// `build_index` on its cases (median of R runs), with the peak memory before and after.
/// `--stream`: `IndexBuilder` fed case by case, the files it has completed taken out (and
/// dropped, as a writer would) every 1,000 cases, to show the builder's own memory.
fn time_site(dir: &str, runs: usize, stream: bool) {
    let opts = yokoten::BuildOptions {
        root: dir.into(),
        ..Default::default()
    };
    let inputs = yokoten::load(&opts).unwrap_or_else(|_| panic!("cannot load {dir}"));
    let model = yokoten::model::build(inputs.config, inputs.content);
    let plain = yokoten::plain_texts(&inputs.site, &model);
    let docs: Vec<SearchDoc> = model
        .cases
        .iter()
        .zip(&plain)
        .map(|(cm, p)| yokoten::build::search_doc(cm, p))
        .collect();
    let before = peak_mb();
    println!("{} cases loaded, peak {before:.0} MB", docs.len());
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (files, bytes) = if stream {
            let mut sorted: Vec<&SearchDoc> = docs.iter().collect();
            sorted.sort_by(|a, b| yokoten::search::doc_order(a, b));
            let mut b = yokoten::search::IndexBuilder::new(yokoten::search::GramParams::for_docs(
                sorted.len(),
            ));
            let (mut files, mut bytes) = (0usize, 0usize);
            for (i, d) in sorted.into_iter().enumerate() {
                b.add(d);
                if i % 1000 == 999 {
                    let out = b.drain_files();
                    files += out.len();
                    bytes += out.iter().map(|f| f.1.len()).sum::<usize>();
                }
            }
            let out = b.finish();
            files += out.len();
            bytes += out.iter().map(|f| f.1.len()).sum::<usize>();
            (files, bytes)
        } else {
            let out = build_index(&docs);
            (out.len(), out.iter().map(|f| f.1.len()).sum())
        };
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{} {secs:.2}s: {files} files, {:.1} MB, peak {:.0} MB",
            if stream {
                "IndexBuilder (drained)"
            } else {
                "build_index"
            },
            bytes as f64 / 1e6,
            peak_mb()
        );
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.2}s of {runs}, peak {:.0} MB (+{:.0} MB over the loaded site)",
        times[times.len() / 2],
        peak_mb(),
        peak_mb() - before
    );
}

fn main() {
    let mut n = 10_000usize;
    let mut body = 2_000usize;
    let mut seed = 42u64;
    let mut dense = false;
    let mut site: Option<String> = None;
    let mut runs = 3usize;
    let mut stream = false;
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--body" => body = args.next().and_then(|v| v.parse().ok()).unwrap_or(body),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--dense" => dense = true,
            "--site" => site = args.next(),
            "--stream" => stream = true,
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(runs),
            v => n = v.parse().unwrap_or(n),
        }
    }
    if let Some(dir) = site {
        time_site(&dir, runs, stream);
        return;
    }
    println!(
        "search_bytes: {n} synthetic cases, body ~{body} chars, seed {seed}{}",
        if dense { ", dense (no topics)" } else { "" }
    );
    let t = Instant::now();
    let docs = corpus_with(n, body, seed, !dense);
    let sd: Vec<SearchDoc> = docs.iter().map(|d| d.as_search_doc()).collect();
    println!("corpus generated in {:.1}s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let out = build_index(&sd);
    let build = t.elapsed().as_secs_f64();
    let total: usize = out.iter().map(|f| f.1.len()).sum();
    let mut by_dir: HashMap<&str, (usize, usize)> = HashMap::new();
    for (p, b) in &out {
        let dir = p
            .split('/')
            .nth(1)
            .filter(|_| p.matches('/').count() > 1)
            .unwrap_or("");
        let e = by_dir.entry(dir).or_default();
        e.0 += 1;
        e.1 += b.len();
    }
    println!(
        "index built in {build:.1}s: {} files, {} MB raw",
        out.len(),
        total / 1_000_000
    );
    let mut dirs: Vec<_> = by_dir.into_iter().collect();
    dirs.sort();
    for (d, (c, b)) in dirs {
        let name = if d.is_empty() {
            "(top)".to_string()
        } else {
            format!("{d}/")
        };
        println!("  search/{name:<8} {c:>8} files {:>10} KB", b / 1024);
    }
    let files: HashMap<String, Vec<u8>> = out.into_iter().collect();
    let manifest: Manifest =
        serde_json::from_slice(&files["search/manifest.json"]).expect("manifest");
    println!(
        "buckets {}, frequent grams indexed {} (min df {})",
        manifest.buckets, manifest.grams.indexed, manifest.grams.min_df
    );

    let script_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/assets/search.js"
    );
    let script = std::fs::read(script_path).unwrap_or_default();
    let script_gz = gz_len(&script);
    let mut sizes = Sizes {
        files: &files,
        gz: HashMap::new(),
    };
    let (m_raw, m_gz) = sizes.of(&["search/manifest.json".into()]);
    let (d_raw, d_gz) = sizes.of(&["search/docs.bin".into()]);
    println!(
        "once per visit: script {} KB ({} gz), manifest {} KB ({} gz), docs.bin {} KB ({} gz)",
        kb(script.len()),
        kb(script_gz),
        kb(m_raw),
        kb(m_gz),
        kb(d_raw),
        kb(d_gz)
    );
    let (p_raw, p_gz) = sizes.of(&["search/prefs.bin".into()]);
    let (t_raw, t_gz) = sizes.of(&["search/tags.bin".into()]);
    println!(
        "once a panel is opened: prefecture prefs.bin {} KB ({} gz), tag tags.bin {} KB ({} gz)",
        kb(p_raw),
        kb(p_gz),
        kb(t_raw),
        kb(t_gz)
    );

    // Brute-force recall check data.
    let norm: Vec<String> = sd
        .iter()
        .map(|d| {
            let mut s = vec![d.title, d.summary, d.body, d.municipality, d.prefecture];
            s.extend(d.categories.iter().map(|x| x.as_str()));
            s.extend(d.tags.iter().map(|x| x.as_str()));
            s.iter()
                .map(|x| normalize(x))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();

    println!();
    println!(
        "{:<22} {:>6} {:>6} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>5}",
        "query",
        "hits",
        "brute",
        "first KB",
        "first gz",
        "first mix",
        "next KB",
        "next gz",
        "next mix",
        "reqs"
    );
    let d_mixed = d_raw; // docs.bin is a .bin file
    let mut firsts_mixed = Vec::new();
    let mut nexts_mixed = Vec::new();
    let mut worst_first_gz = 0;
    let mut worst_next_gz = 0;
    let mut firsts = Vec::new();
    let mut nexts = Vec::new();
    let mut nexts_no_range = Vec::new();
    for q in QUERIES {
        let mut e = Engine::open(Counting {
            files: &files,
            fetched: Vec::new(),
        })
        .expect("manifest");
        let r = e.search(
            &Query {
                text: q.into(),
                ..Default::default()
            },
            false,
        );
        e.show(&r, 0, PAGE);
        let fetched = e.src.fetched.clone();
        let query_files: Vec<String> = fetched
            .iter()
            .filter(|p| *p != "search/manifest.json" && *p != "search/docs.bin")
            .cloned()
            .collect();
        let (next_raw, next_gz, next_mixed) = sizes.of3(&query_files);
        let first_raw = script.len() + m_raw + d_raw + next_raw;
        let first_gz = script_gz + m_gz + d_gz + next_gz;
        let first_mixed = script_gz + m_gz + d_mixed + next_mixed;
        firsts_mixed.push(first_mixed);
        nexts_mixed.push(next_mixed);
        nexts_no_range.push(sizes.without_range(&query_files));
        // Brute force: docs whose text holds every word (plain substring; the queries here
        // have no word-boundary subtleties except short ASCII words, checked in the tests).
        let words: Vec<String> = normalize(q).split(' ').map(String::from).collect();
        let brute = norm
            .iter()
            .filter(|t| words.iter().all(|w| t.contains(w.as_str())))
            .count();
        let ascii_word = words
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_alphanumeric()));
        println!(
            "{:<22} {:>6} {:>6} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>5}",
            q,
            r.total(),
            if ascii_word && brute != r.total() {
                format!("~{brute}")
            } else {
                brute.to_string()
            },
            kb(first_raw),
            kb(first_gz),
            kb(first_mixed),
            kb(next_raw),
            kb(next_gz),
            kb(next_mixed),
            query_files.len()
        );
        if !ascii_word {
            assert_eq!(brute, r.total(), "recall for {q}");
        }
        worst_first_gz = worst_first_gz.max(first_gz);
        worst_next_gz = worst_next_gz.max(next_gz);
        firsts.push(first_gz);
        nexts.push(next_gz);
    }
    firsts.sort();
    nexts.sort();
    firsts_mixed.sort();
    nexts_mixed.sort();
    nexts_no_range.sort();
    println!();
    println!(
        "first query (gzip): median {} KB, worst {} KB   (target < 100 KB at 10,000 cases)",
        kb(firsts[firsts.len() / 2]),
        kb(worst_first_gz)
    );
    println!(
        "further query (gzip): median {} KB, worst {} KB   (target < 30 KB)",
        kb(nexts[nexts.len() / 2]),
        kb(worst_next_gz)
    );
    println!(
        "mixed (text gzipped, .bin raw): first median {} KB, worst {} KB; further median {} KB, worst {} KB",
        kb(firsts_mixed[firsts_mixed.len() / 2]),
        kb(*firsts_mixed.last().unwrap_or(&0)),
        kb(nexts_mixed[nexts_mixed.len() / 2]),
        kb(*nexts_mixed.last().unwrap_or(&0))
    );
    println!(
        "host without Range (whole packs, once each): further median {} KB, worst {} KB",
        kb(nexts_no_range[nexts_no_range.len() / 2]),
        kb(*nexts_no_range.last().unwrap_or(&0))
    );
}
