//! Edit-to-output latency of the authoring loop (`yokoten build --watch`).
//!
//!   cargo run --release --example edit_latency -- SITE [EDITS]
//!
//! Does what `build --watch` does, in process: one full build of SITE into a temporary output
//! folder, then EDITS (default 30) one-case edits, each an atomic save (temp file + rename)
//! the way editors save. Edits cycle through three kinds: the title (shown on many list
//! pages), a sentence added to the body (shown on the case page only) and the summary.
//! Each edit is timed from just before the save to the moment the rebuilt pages are written:
//! the file event, the watcher's settling time and the rebuild. After each edit it waits
//! for the search index, which is rebuilt in the background, as an editor reading the page
//! would, so that the next edit does not compete with it; that lag is printed too.
//! The edited files are restored at the end. Prints every edit and the medians per kind.

use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use yokoten::build::Engine;
use yokoten::watch::SiteWatcher;
use yokoten::BuildOptions;

// The allocator of the `yokoten` binary, so that the figures are those of `build --watch`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy)]
enum Kind {
    Title,
    Body,
    Summary,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Body => "body",
            Kind::Summary => "summary",
        }
    }
}

fn edited(text: &str, kind: Kind, n: usize) -> String {
    let replace_line = |key: &str, value: String| {
        let mut out = String::with_capacity(text.len() + 64);
        let mut done = false;
        for line in text.split_inclusive('\n') {
            if !done && line.starts_with(key) {
                out.push_str(&format!("{key} {value}\n"));
                done = true;
            } else {
                out.push_str(line);
            }
        }
        out
    };
    match kind {
        Kind::Title => replace_line("title:", format!("窓口のデジタル化 改訂{n}")),
        Kind::Summary => replace_line(
            "summary:",
            format!("手続きの時間を短くした取り組み（改訂{n}）。"),
        ),
        Kind::Body => format!("{text}\n改訂{n}: 担当課が手順書を見直した。\n"),
    }
}

fn case_files(site: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/cases"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: edit_latency SITE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let out = std::env::temp_dir().join(format!("yokoten-edit-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);

    let mut session = Engine::new(BuildOptions {
        root: site.clone(),
        output: Some(out.clone()),
        drafts: false,
        base_url: None,
        force: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let (done_tx, done_rx) = channel::<Instant>();
    session.on_search_done(move |_| {
        let _ = done_tx.send(Instant::now());
    });
    let t = Instant::now();
    let first = match session.run(&[]) {
        Ok(o) => o,
        Err(e) => {
            eprint!("{}", e.render(false));
            std::process::exit(1);
        }
    };
    println!(
        "full build: {} cases, {} pages in {:.2} s",
        first.cases,
        first.pages,
        t.elapsed().as_secs_f64()
    );
    let mut watcher = SiteWatcher::new(&site, &out, false).expect("watch the site");
    let files = case_files(&site);
    let originals: Vec<(PathBuf, String)> = (0..edits)
        .map(|i| files[(i * 7919) % files.len()].clone())
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read a case");
            (p, text)
        })
        .collect();

    println!("edit  kind     ms(save->written)  ms(rebuild)  pages rendered  files written  search lag s");
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as usize % 100_000);
    let mut by_kind: Vec<(Kind, f64)> = Vec::new();
    let mut rebuilds = Vec::new();
    for (i, (path, text)) in originals.iter().enumerate() {
        let kind = [Kind::Title, Kind::Body, Kind::Summary][i % 3];
        // Unique per run, so that no edit repeats what a file already says.
        let new = edited(text, kind, run * 1000 + i);
        let tmp = path.with_extension("md.tmp~");
        let saved = Instant::now();
        std::fs::write(&tmp, &new).expect("write temp");
        std::fs::rename(&tmp, path).expect("rename");
        let Some(batch) = watcher.next_batch() else {
            break;
        };
        let o = match session.run(&batch.paths) {
            Ok(o) => o,
            Err(e) => {
                eprint!("{}", e.render(false));
                break;
            }
        };
        let ms = saved.elapsed().as_secs_f64() * 1000.0;
        let lag = if o.search_pending {
            match done_rx.recv_timeout(Duration::from_secs(600)) {
                Ok(at) => format!("{:.1}", at.duration_since(saved).as_secs_f64()),
                Err(_) => "timeout".into(),
            }
        } else {
            "-".into()
        };
        println!(
            "{i:>4}  {:<8} {ms:>17.1}  {:>11.1}  {:>14}  {:>13}  {lag:>12}",
            kind.name(),
            o.elapsed.as_secs_f64() * 1000.0,
            o.rendered,
            o.written,
        );
        by_kind.push((kind, ms));
        rebuilds.push(o.elapsed.as_secs_f64() * 1000.0);
        // Let the watcher drain the events of the save before the next one.
        std::thread::sleep(Duration::from_millis(50));
    }
    for (path, text) in originals.iter().rev() {
        let _ = std::fs::write(path, text);
    }
    let _ = std::fs::remove_dir_all(&out);

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\n{} cases, {edits} edits, load average {}",
        first.cases,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for kind in [Kind::Title, Kind::Body, Kind::Summary] {
        let mut v: Vec<f64> = by_kind
            .iter()
            .filter(|(k, _)| k.name() == kind.name())
            .map(|(_, ms)| *ms)
            .collect();
        let max = v.iter().cloned().fold(0.0, f64::max);
        println!(
            "{:<8} median {:>7.1} ms save->written, max {:>7.1} ms ({} edits)",
            kind.name(),
            median(&mut v),
            max,
            v.len()
        );
    }
    let mut all: Vec<f64> = by_kind.iter().map(|(_, ms)| *ms).collect();
    println!(
        "all      median {:>7.1} ms save->written, rebuild alone median {:.1} ms",
        median(&mut all),
        median(&mut rebuilds)
    );
}
