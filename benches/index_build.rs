//! The search index alone, on a real site: how long `IndexBuilder` takes over its cases.
//!
//!   cargo run --release --example index_build -- SITE [RUNS]
//!
//! Loads SITE (site.yaml, every case's Markdown rendered), then builds the search index of
//! all cases RUNS times (default 5) in process and prints each run and the median, with the
//! CPU time (user + system of the process over the run: the index uses every core). The
//! files are built in memory, not written. This is the profile target for the index's share
//! of a build (`perf record -g -- target/release/examples/index_build SITE 3`); the share
//! itself is measured on whole builds by `benches/peers.sh` (`YOKOTEN_SKIP_SEARCH_INDEX`).

use std::time::Instant;

use yokoten::BuildOptions;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces, so split after the last ')').
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line, 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first() else {
        eprintln!("usage: index_build SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let opts = BuildOptions {
        root: site.into(),
        output: None,
        drafts: false,
        base_url: None,
        force: false,
    };
    let inputs = match yokoten::load(&opts) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    };
    let model = yokoten::model::build(inputs.config, inputs.content);
    let plain = yokoten::plain_texts(&inputs.site, &model);
    let n = model.cases.len();
    let mut walls = Vec::new();
    for run in 1..=runs {
        let (t, c) = (Instant::now(), cpu_secs());
        let files = yokoten::build::search_files(&model.cases, &plain);
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_secs() - c);
        let bytes: usize = files
            .iter()
            .map(|f| match &f.body {
                yokoten::output::Body::Bytes(b) => b.len(),
                yokoten::output::Body::Copy(_) => 0,
            })
            .sum();
        println!(
            "run {run}: {n} cases, {} files, {:.1} MB in {wall:.3} s wall, {cpu:.2} s CPU",
            files.len(),
            bytes as f64 / 1e6
        );
        walls.push(wall);
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    println!(
        "median {median:.3} s for {n} cases ({:.1} µs per case)",
        median * 1e6 / n.max(1) as f64
    );
}
