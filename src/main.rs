//! The `yokoten` binary: parse the command line, run, print diagnostics, exit with
//! 0 (success), 1 (content errors) or 2 (usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{BuildArgs, CheckArgs, Cli, Command, NewCommand, SiteArgs};
use yokoten::build::{Engine, Outcome};
use yokoten::diagnostics::Diagnostics;
use yokoten::messages;
use yokoten::server::{self, LiveState};
use yokoten::watch::{self, SiteWatcher};
use yokoten::{err, errln, outln, BuildOptions};

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
    yokoten::interrupt::install();
    yokoten::lang::set_english(match cli.lang.as_deref() {
        Some(l) => l == "en",
        None => yokoten::lang::from_env(),
    });
    yokoten::diagnostics::set_verbose(cli.verbose);
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

fn options(common: &SiteArgs, output: Option<std::path::PathBuf>, force: bool) -> BuildOptions {
    BuildOptions {
        root: common.site.root.clone(),
        output,
        drafts: common.drafts,
        base_url: None,
        force,
    }
}

/// Content errors end with 1; a build stopped by Ctrl+C with 130, as shells expect.
fn failure_code() -> ExitCode {
    if yokoten::interrupt::requested() {
        ExitCode::from(yokoten::interrupt::EXIT_CODE)
    } else {
        ExitCode::from(1)
    }
}

fn fail(errors: &Diagnostics, color: bool) -> ExitCode {
    err!("{}", errors.render(color));
    let n = errors.len();
    errln!("{}", messages::report::failed(n));
    failure_code()
}

/// Broken links are warnings for `build` (`check` fails on them); one line per target.
fn warn_links(report: &Outcome) {
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
        errln!("warning: broken link `{href}` on {}{more}", pages[0]);
    }
}

fn build(args: BuildArgs, color: bool) -> ExitCode {
    let opts = BuildOptions {
        base_url: args.base_url,
        ..options(&args.common, args.output, args.force)
    };
    if args.watch {
        return match Engine::new(opts) {
            Ok(engine) => watch_loop(engine, args.poll, color, |_, _| {}),
            Err(e) => fail(&e, color),
        };
    }
    match yokoten::build(&opts) {
        Ok(report) => {
            err!("{}", Diagnostics(report.warnings.clone()).render(color));
            warn_links(&report);
            outln!("{}", report.summary("built"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}

fn check(args: CheckArgs, color: bool) -> ExitCode {
    match yokoten::check(&options(&args.common, None, false)) {
        Ok(report) => {
            err!("{}", Diagnostics(report.warnings.clone()).render(color));
            outln!("{}", report.summary("checked"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}

fn init(dir: std::path::PathBuf) -> ExitCode {
    match yokoten::scaffold::init(&dir) {
        Ok(files) => {
            outln!(
                "created a new site in {} ({} files)",
                dir.display(),
                files.len()
            );
            outln!("next: cd {} && yokoten serve", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn new_case(root: &std::path::Path, slug: &str, color: bool) -> ExitCode {
    let config = match yokoten::sources::SiteRoot::open(root)
        .map_err(Diagnostics::from)
        .and_then(|site| yokoten::config::load(&site))
    {
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
            outln!("created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: {e}");
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
    mut engine: Engine,
    poll: bool,
    color: bool,
    publish: impl Fn(Option<String>, bool),
) -> ExitCode {
    let root = engine_root(&engine);
    engine.on_search_done(|line| outln!("{line}"));
    match engine.run(&[]) {
        Ok(o) => {
            err!("{}", Diagnostics(o.warnings.clone()).render(color));
            outln!(
                "built {} cases, {} pages in {:.2} s",
                o.cases,
                o.pages,
                o.elapsed.as_secs_f64()
            );
            publish(None, false);
        }
        Err(e) => {
            err!("{}", e.render(color));
            errln!(
                "error: {} problem(s); fix them and save: watching for changes",
                e.len()
            );
            publish(Some(e.render(false)), false);
        }
    }
    let mut watcher = match SiteWatcher::new(&root, engine.output_dir(), poll) {
        Ok(w) => w,
        Err(e) => {
            errln!("error: cannot watch {}: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    let wake = watcher.waker();
    yokoten::interrupt::on_stop(wake);
    outln!("watching {} for changes (Ctrl+C to stop)", root.display());
    while let Some(batch) = watcher.next_batch() {
        let what = watch::describe(&root, &batch.paths);
        match engine.run(&batch.paths) {
            Ok(o) => {
                err!("{}", Diagnostics(o.warnings.clone()).render(color));
                outln!("{}", rebuild_line(&what, &o, batch.first_event.elapsed()));
                publish(None, o.css_only);
            }
            Err(e) => {
                err!("{}", e.render(color));
                errln!(
                    "error after {what}: {} problem(s); still serving the last good site",
                    e.len()
                );
                publish(Some(e.render(false)), false);
            }
        }
    }
    // Stopped (Ctrl+C): the rebuild in progress has finished; so does the search index.
    errln!(
        "{}",
        yokoten::msg!(
            ja: "止めています。書きかけのファイルを書き終えるまでお待ちください…",
            en: "stopping: finishing the files being written..."
        )
    );
    engine.finish();
    failure_code()
}

fn engine_root(engine: &Engine) -> std::path::PathBuf {
    engine.root().to_path_buf()
}

/// A new folder in the system's temporary folder that only this user can open.
fn private_folder() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("yokoten-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder.tempdir()
}

fn serve(args: cli::ServeArgs, color: bool) -> ExitCode {
    let root = args.common.site.root.clone();
    let base_path = match yokoten::sources::SiteRoot::open(&root)
        .map_err(Diagnostics::from)
        .and_then(|site| yokoten::config::load(&site))
    {
        Ok(c) => c.base_path,
        Err(e) => return fail(&e, color),
    };
    let (http, port) = match server::bind(&args.bind, args.port) {
        Ok(v) => v,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if port != args.port {
        outln!("port {} is taken; using {port}", args.port);
    }
    let host = if args.bind.contains(':') {
        format!("[{}]", args.bind)
    } else {
        args.bind.clone()
    };
    let base_url = format!("http://{host}:{port}{base_path}");
    // serve writes to a folder of its own so that public/ keeps the real base_url: a new
    // private folder (mode 0700, a name nobody can guess or make beforehand), removed when
    // serve ends.
    let private = match args.output {
        Some(_) => None,
        None => match private_folder() {
            Ok(t) => Some(t),
            Err(e) => {
                errln!(
                    "{}",
                    yokoten::msg!(
                        ja: "エラー: 作業用の一時フォルダーを作れません: {e}",
                        en: "error: cannot make a private temporary folder: {e}"
                    )
                );
                return ExitCode::from(1);
            }
        },
    };
    let output = match (&args.output, &private) {
        (Some(o), _) => o.clone(),
        (None, Some(t)) => t.path().join("site"),
        (None, None) => unreachable!("a private folder is made when --output is not given"),
    };
    let mut opts = options(&args.common, Some(output), args.force);
    opts.base_url = Some(base_url.clone());
    let engine = match Engine::new(opts) {
        Ok(s) => s,
        Err(e) => return fail(&e, color),
    };
    let live = std::sync::Arc::new(LiveState::default());
    {
        let (live, output) = (live.clone(), engine.output_dir().to_path_buf());
        std::thread::spawn(move || server::run(http, output, base_path, live));
    }
    outln!("serving at {base_url}");
    let code = watch_loop(engine, args.poll, color, move |err, css| {
        live.publish(err, css)
    });
    drop(private);
    code
}
