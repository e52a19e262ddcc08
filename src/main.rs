//! The `yokoten` binary: parse the command line, run, print diagnostics, exit with
//! 0 (success), 1 (content errors) or 2 (usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use cli::{BuildArgs, CheckArgs, Command, NewCommand, SiteArgs};
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
    // The language is set by `parse` (the help is written in it).
    let cli = cli::parse(std::env::args_os().collect());
    yokoten::interrupt::install();
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

/// Links written by templates that lead nowhere are warnings for `build` (`check` fails on
/// them; links written in Markdown are errors everywhere); one line per target.
fn warn_links(report: &Outcome, color: bool) {
    let mut by_target: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for b in &report.broken_links {
        by_target.entry(&b.href).or_default().push(&b.page);
    }
    let warnings = by_target
        .into_iter()
        .map(|(href, pages)| {
            let message = match pages.len() {
                1 => messages::links::template_link_one(href, pages[0]),
                n => messages::links::template_link(href, pages[0], n - 1),
            };
            yokoten::diagnostics::Diagnostic::warning(pages[0], message)
                .hint(messages::links::template_link_hint())
        })
        .collect();
    err!("{}", Diagnostics(warnings).render(color));
}

fn build(args: BuildArgs, color: bool) -> ExitCode {
    let opts = BuildOptions {
        base_url: args.base_url,
        ..options(&args.common, args.output, args.force)
    };
    if args.watch {
        return match Engine::new(opts) {
            Ok(engine) => watch_loop(engine, args.poll, color, false, |_, _| {}),
            Err(e) => fail(&e, color),
        };
    }
    match yokoten::build(&opts) {
        Ok(report) => {
            err!("{}", Diagnostics(report.warnings.clone()).render(color));
            warn_links(&report, color);
            outln!(
                "{}",
                messages::cli::built(
                    report.cases,
                    report.pages,
                    report.written,
                    report.bytes as f64 / 1_000_000.0,
                    report.elapsed.as_secs_f64()
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}

fn check(args: CheckArgs, color: bool) -> ExitCode {
    let opts = options(&args.common, None, false);
    match yokoten::check(&opts) {
        Ok(report) => {
            err!("{}", Diagnostics(report.warnings.clone()).render(color));
            outln!(
                "{}",
                messages::cli::checked(report.cases, report.pages, report.elapsed.as_secs_f64())
            );
        }
        Err(e) => return fail(&e, color),
    }
    if !args.external {
        return ExitCode::SUCCESS;
    }
    // Out to the network only when asked: each address once, each within the time limit.
    let timeout = std::time::Duration::from_secs(args.timeout);
    match yokoten::links::external::check(&opts, timeout) {
        Ok((lines, all_ok)) => {
            let (first, rest) = lines.split_first().expect("a start line");
            errln!("{first}");
            let (last, reports) = rest.split_last().expect("a summary line");
            for line in reports {
                errln!("{}", messages::report::error_line(line));
            }
            if all_ok {
                outln!("{last}");
                ExitCode::SUCCESS
            } else {
                errln!("{last}");
                failure_code()
            }
        }
        Err(e) => fail(&e, color),
    }
}

fn init(dir: std::path::PathBuf) -> ExitCode {
    match yokoten::scaffold::init(&dir) {
        Ok(files) => {
            let shown = dir.display().to_string();
            outln!("{}", messages::cli::init_done(&shown, files.len()));
            outln!("{}", messages::cli::init_next(&shown));
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_failed(e),
    }
}

/// `init` or `new case` wrote nothing: why, and 2 when the command asked for the
/// impossible (a site already there, a name that cannot be a URL).
fn scaffold_failed(e: yokoten::scaffold::Failure) -> ExitCode {
    errln!("{}", messages::report::error_line(&e.message));
    if let Some(hint) = &e.hint {
        errln!("{}", messages::report::hint_line(hint));
    }
    ExitCode::from(if e.usage { 2 } else { 1 })
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
            outln!(
                "{}",
                messages::cli::new_case_done(&path.display().to_string())
            );
            outln!("{}", messages::cli::new_case_next());
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_failed(e),
    }
}

fn rebuild_line(what: &str, o: &Outcome, since_event: std::time::Duration) -> String {
    messages::cli::rebuilt(
        what,
        o.rendered,
        o.pages,
        o.written,
        o.removed,
        o.elapsed.as_secs_f64() * 1000.0,
        since_event.as_secs_f64() * 1000.0,
    )
}

/// Build, then rebuild on every change until interrupted. `publish` hears of each result
/// (the error report, or None) and whether only CSS changed; `serving`: a preview shows
/// the last good site (`serve`), rather than an output folder (`build --watch`).
fn watch_loop(
    mut engine: Engine,
    poll: bool,
    color: bool,
    serving: bool,
    publish: impl Fn(Option<String>, bool),
) -> ExitCode {
    let root = engine_root(&engine);
    engine.on_search_done(|line| outln!("{line}"));
    match engine.run(&[]) {
        Ok(o) => {
            err!("{}", Diagnostics(o.warnings.clone()).render(color));
            outln!(
                "{}",
                messages::cli::first_built(o.cases, o.pages, o.elapsed.as_secs_f64())
            );
            publish(None, false);
        }
        Err(e) => {
            err!("{}", e.render(color));
            errln!("{}", messages::cli::first_build_failed(e.len()));
            publish(Some(e.render(false)), false);
        }
    }
    let mut watcher = match SiteWatcher::new(&root, engine.output_dir(), poll) {
        Ok(w) => w,
        Err(e) => {
            errln!(
                "{}",
                messages::cli::cannot_watch(&root.display().to_string(), &e.to_string())
            );
            return ExitCode::from(1);
        }
    };
    let wake = watcher.waker();
    yokoten::interrupt::on_stop(wake);
    outln!("{}", messages::cli::watching(&root.display().to_string()));
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
                    "{}",
                    if serving {
                        messages::cli::rebuild_failed_serve(&what, e.len())
                    } else {
                        messages::cli::rebuild_failed_watch(&what, e.len())
                    }
                );
                publish(Some(e.render(false)), false);
            }
        }
    }
    // Stopped (Ctrl+C): the rebuild in progress has finished; so does the search index.
    errln!("{}", messages::cli::stopping());
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
            errln!("{}", messages::report::error_line(&e));
            return ExitCode::from(2);
        }
    };
    if port != args.port {
        outln!("{}", messages::cli::port_taken(args.port, port));
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
                    messages::cli::no_private_folder(&yokoten::diagnostics::io_reason(&e))
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
    outln!("{}", messages::cli::serving(&base_url));
    let code = watch_loop(engine, args.poll, color, true, move |err, css| {
        live.publish(err, css)
    });
    drop(private);
    code
}
