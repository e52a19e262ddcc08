//! The `yokoten` binary: parse the command line, run, print diagnostics, exit with
//! 0 (success), 1 (content errors) or 2 (usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{BuildArgs, Cli, Command, NewCommand, SiteArgs};
use yokoten::diagnostics::Diagnostics;
use yokoten::{BuildOptions, Report};

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Serve(_) => {
            eprintln!("error: `serve` is not available yet; use `yokoten build` and open public/index.html");
            ExitCode::from(2)
        }
        Command::Check(args) => check(args, color),
    }
}

fn options(common: &SiteArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: common.site.root.clone(),
        output,
        drafts: common.drafts,
        base_url: common.base_url.clone(),
        live_reload: false,
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
    if args.watch {
        eprintln!("error: `build --watch` is not available yet");
        return ExitCode::from(2);
    }
    let opts = options(&args.common, args.output);
    match yokoten::build(&opts) {
        Ok(report) => {
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
