//! A prototype of `yokoten::build` that renders, checks and writes pages batch by batch, so
//! that the site's HTML is never all in memory at once. Same inputs, same files, same link
//! check as `yokoten build`; it prints the phases, the batch size and the peak memory
//! (VmHWM) at each step, to show where a build's memory goes:
//!
//! `cargo run --release --example gen_corpus -- stream-build SITE OUT [BATCH] [--no-search]`
//!
//! `--no-search` leaves the search index out, to measure the rest of the build on its own.
//!
//! (a subcommand of the corpus generator because examples are registered in Cargo.toml).
//! `lib.rs` can adopt the same shape: `links::Checker` is built from every path up front and
//! `output::Staging` takes the pages in batches.

use std::path::PathBuf;
use std::time::Instant;

use yokoten::output::{OutputFile, Staging};
use yokoten::{feeds, links, model, related, render, templates, BuildOptions};

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn main(args: &[String]) {
    let usage = "usage: gen_corpus stream-build SITE OUT [BATCH] [--no-search]";
    let no_search = args.iter().any(|a| a == "--no-search");
    let args: Vec<String> = args
        .iter()
        .filter(|a| *a != "--no-search")
        .cloned()
        .collect();
    let root = PathBuf::from(args.first().expect(usage));
    let out = PathBuf::from(args.get(1).expect(usage));
    let batch: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let start = Instant::now();
    let mut t = Instant::now();
    let mut phase = |name: &str| {
        eprintln!(
            "  {name:<10} {:>8.1} ms   peak {:>7.1} MB",
            t.elapsed().as_secs_f64() * 1000.0,
            peak_mb()
        );
        t = Instant::now();
    };
    let opts = BuildOptions {
        root,
        output: Some(out.clone()),
        ..Default::default()
    };
    let inputs = yokoten::load(&opts).unwrap_or_else(|e| panic!("{}", e.0.len()));
    phase("load");
    let base_path = inputs.config.base_path.clone();
    let tera = templates::compile(&inputs.templates).expect("templates");
    let fp = inputs.templates.fingerprint();
    let model = model::build(inputs.config, inputs.content);
    phase("markdown");
    let cards = render::Cards::build(&model);
    phase("cards");
    let case_links = related::CaseLinks::build(&model);
    phase("related");
    let renderer = render::Renderer::new(&tera, fp, &model, &cards, &case_links);
    let jobs = renderer.jobs();
    phase("jobs");
    let others = yokoten::site_files(&model, inputs.statics, &mut feeds::FeedCache::default());
    phase("feeds");
    let search = if no_search {
        Vec::new()
    } else {
        yokoten::search_files(&model.cases)
    };
    phase("search");
    let paths: Vec<String> = jobs
        .iter()
        .map(|j| j.path.clone())
        .chain(others.iter().chain(&search).map(|f| f.path.clone()))
        .collect();
    let checker = links::Checker::new(paths.iter().map(String::as_str), &base_path);
    let mut staging = Staging::new(&out).expect("staging folder");
    staging.write(&others).expect("write");
    staging.write(&search).expect("write");
    let (files, mut bytes) = (others.len() + search.len(), 0usize);
    bytes += others
        .iter()
        .chain(&search)
        .map(|f| match &f.body {
            yokoten::output::Body::Bytes(b) => b.len(),
            yokoten::output::Body::Copy(_) => 0,
        })
        .sum::<usize>();
    drop(search);
    phase("write rest");
    let mut broken = 0;
    for chunk in jobs.chunks(batch) {
        let pages: Vec<OutputFile> = renderer.render(chunk, None).expect("render");
        broken += checker.check(&pages).len();
        staging.write(&pages).expect("write");
        bytes += pages
            .iter()
            .map(|f| match &f.body {
                yokoten::output::Body::Bytes(b) => b.len(),
                yokoten::output::Body::Copy(_) => 0,
            })
            .sum::<usize>();
    }
    phase("pages");
    staging.commit().expect("swap");
    phase("swap");
    println!(
        "stream-built {} cases, {} pages ({} files, {:.1} MB) in {:.2} s, batch {batch}, search {}, {broken} broken links, peak {:.0} MB",
        model.cases.len(),
        jobs.len(),
        files + jobs.len(),
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        if no_search { "no" } else { "yes" },
        peak_mb()
    );
}
