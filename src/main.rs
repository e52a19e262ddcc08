//! The `yokoten` binary: parse the command line, run, print diagnostics, exit with
//! 0 (success), 1 (content errors) or 2 (usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{BuildArgs, Cli, Command, NewCommand, SiteArgs};
use yokoten::diagnostics::Diagnostics;
use yokoten::server::{self, LiveState};
use yokoten::session::{Outcome, Session};
use yokoten::watch::{self, SiteWatcher};
use yokoten::{BuildOptions, Report};

// A build allocates and frees millions of small strings and vectors from both cores at once
// (page contexts, search terms): glibc's malloc spent ~12% of a 10,000-case build's CPU
// time in its own bookkeeping; mimalloc's per-thread heaps make that a small fraction.
// Built without transparent huge pages (the `no_thp` feature): each first touch of a huge
// page zeroes 2 MB, and memory freed and touched again between the build's stages made the
// kernel's page zeroing ~10% of the CPU time; with 4 KB pages the 100,000-case build takes
// 33.0 s and 868 MB instead of 36.3 s and 950 MB.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    yokoten::lang::set_english(match cli.lang.as_deref() {
        Some(l) => l == "en",
        None => yokoten::lang::from_env(),
    });
    let color = match cli.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    match cli.command {
        Command::Init { dir } => init(dir.unwrap_or_else(|| ".".into())),
        Command::New {
            what: NewCommand::Case { slug, site },
        } => new_case(&site.root, &slug, color),
        Command::Build(args) => build(args, color),
        Command::Serve(args) => serve(args, color),
        Command::Check(args) => check(args, color),
    }
}

fn options(common: &SiteArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: common.site.root.clone(),
        output,
        drafts: common.drafts,
        base_url: common.base_url.clone(),
    }
}

fn fail(errors: &Diagnostics, color: bool) -> ExitCode {
    eprint!("{}", errors.render(color));
    let n = errors.len();
    eprintln!(
        "error: {n} problem{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}

/// Broken links are warnings for `build` (`check` fails on them); one line per target.
fn warn_links(report: &Report) {
    let mut by_target: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for b in &report.broken_links {
        by_target.entry(&b.href).or_default().push(&b.page);
    }
    for (href, pages) in by_target {
        let more = if pages.len() > 1 {
            format!(" and {} more pages", pages.len() - 1)
        } else {
            String::new()
        };
        eprintln!("warning: broken link `{href}` on {}{more}", pages[0]);
    }
}

fn build(args: BuildArgs, color: bool) -> ExitCode {
    let opts = options(&args.common, args.output);
    if args.watch {
        let session = Session::new(opts);
        return watch_loop(session, args.poll, color, |_, _| {});
    }
    match yokoten::build(&opts) {
        Ok(report) => {
            eprint!("{}", Diagnostics(report.warnings.clone()).render(color));
            warn_links(&report);
            println!("{}", report.summary("built"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}

fn check(args: SiteArgs, color: bool) -> ExitCode {
    match yokoten::check(&options(&args, None)) {
        Ok(report) => {
            eprint!("{}", Diagnostics(report.warnings.clone()).render(color));
            println!("{}", report.summary("checked"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}

fn init(dir: std::path::PathBuf) -> ExitCode {
    match yokoten::scaffold::init(&dir) {
        Ok(files) => {
            println!(
                "created a new site in {} ({} files)",
                dir.display(),
                files.len()
            );
            println!("next: cd {} && yokoten serve", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn new_case(root: &std::path::Path, slug: &str, color: bool) -> ExitCode {
    let config = match yokoten::config::load(root) {
        Ok(c) => c,
        Err(e) => return fail(&e, color),
    };
    let first = config
        .categories
        .first()
        .map(String::as_str)
        .unwrap_or("人材育成");
    match yokoten::scaffold::new_case(root, slug, first) {
        Ok(path) => {
            println!("created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn rebuild_line(what: &str, o: &Outcome, since_event: std::time::Duration) -> String {
    format!(
        "rebuilt after {what}: {} of {} pages rendered, {} files written, {} removed in {:.1} ms ({:.1} ms after the file event)",
        o.rendered,
        o.pages,
        o.written,
        o.removed,
        o.elapsed.as_secs_f64() * 1000.0,
        since_event.as_secs_f64() * 1000.0
    )
}

/// Build, then rebuild on every change until interrupted. `publish` hears of each result
/// (the error report, or None) and whether only CSS changed.
fn watch_loop(
    mut session: Session,
    poll: bool,
    color: bool,
    publish: impl Fn(Option<String>, bool),
) -> ExitCode {
    let root = session_root(&session);
    session.on_search_done(|line| println!("{line}"));
    match session.rebuild(&[]) {
        Ok(o) => {
            eprint!("{}", Diagnostics(o.warnings.clone()).render(color));
            println!(
                "built {} cases, {} pages in {:.2} s",
                o.cases,
                o.pages,
                o.elapsed.as_secs_f64()
            );
            publish(None, false);
        }
        Err(e) => {
            eprint!("{}", e.render(color));
            eprintln!(
                "error: {} problem(s); fix them and save: watching for changes",
                e.len()
            );
            publish(Some(e.render(false)), false);
        }
    }
    let mut watcher = match SiteWatcher::new(&root, session.output_dir(), poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    println!("watching {} for changes (Ctrl+C to stop)", root.display());
    while let Some(batch) = watcher.next_batch() {
        let what = watch::describe(&root, &batch.paths);
        match session.rebuild(&batch.paths) {
            Ok(o) => {
                eprint!("{}", Diagnostics(o.warnings.clone()).render(color));
                println!("{}", rebuild_line(&what, &o, batch.first_event.elapsed()));
                publish(None, o.css_only);
            }
            Err(e) => {
                eprint!("{}", e.render(color));
                eprintln!(
                    "error after {what}: {} problem(s); still serving the last good site",
                    e.len()
                );
                publish(Some(e.render(false)), false);
            }
        }
    }
    ExitCode::SUCCESS
}

fn session_root(session: &Session) -> std::path::PathBuf {
    session.root().to_path_buf()
}

fn serve(args: cli::ServeArgs, color: bool) -> ExitCode {
    let root = args.common.site.root.clone();
    let base_path = match yokoten::config::load(&root) {
        Ok(c) => c.base_path,
        Err(e) => return fail(&e, color),
    };
    let (http, port) = match server::bind(&args.bind, args.port) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if port != args.port {
        println!("port {} is taken; using {port}", args.port);
    }
    let host = if args.bind.contains(':') {
        format!("[{}]", args.bind)
    } else {
        args.bind.clone()
    };
    let base_url = format!("http://{host}:{port}{base_path}");
    // serve writes to its own folder so public/ keeps the real base_url.
    let output = args.output.clone().unwrap_or_else(|| {
        let abs = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
        std::env::temp_dir().join(format!(
            "yokoten-serve-{:016x}",
            yokoten::render::fingerprint(&abs)
        ))
    });
    let mut opts = options(&args.common, Some(output.clone()));
    opts.base_url = Some(base_url.clone());
    let live = std::sync::Arc::new(LiveState::default());
    {
        let live = live.clone();
        std::thread::spawn(move || server::run(http, output, base_path, live));
    }
    println!("serving at {base_url}");
    watch_loop(Session::new(opts), args.poll, color, move |err, css| {
        live.publish(err, css)
    })
}
