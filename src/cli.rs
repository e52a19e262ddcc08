//! The command line: one definition of each flag, which also feeds `--help`. Every help
//! text comes from the message catalogue (`messages::cli`), in the language chosen before
//! the command line is read (see `parse`).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use yokoten::messages;

#[derive(Parser, Debug)]
#[command(
    name = "yokoten",
    version,
    about = messages::cli::about(),
    long_about = format!("{}\n\n{}", messages::cli::about(), messages::cli::about_long())
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[arg(long, global = true, default_value = "auto", value_parser = ["auto", "always", "never"],
          help = messages::cli::help_color())]
    pub color: String,
    #[arg(long, global = true, value_parser = ["ja", "en"], help = messages::cli::help_lang())]
    pub lang: Option<String>,
    #[arg(long, global = true, help = messages::cli::help_verbose())]
    pub verbose: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    #[command(about = messages::cli::about_init())]
    Init {
        #[arg(help = messages::cli::help_init_dir())]
        dir: Option<PathBuf>,
    },
    #[command(about = messages::cli::about_new())]
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    #[command(about = messages::cli::about_build())]
    Build(BuildArgs),
    #[command(about = messages::cli::about_serve())]
    Serve(ServeArgs),
    #[command(about = messages::cli::about_check())]
    Check(CheckArgs),
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    #[command(about = messages::cli::about_new_case())]
    Case {
        #[arg(help = messages::cli::help_new_case_slug())]
        slug: String,
        #[command(flatten)]
        site: RootArg,
    },
}

#[derive(Args, Debug, Clone)]
pub struct RootArg {
    #[arg(long, value_name = "DIR", default_value = ".", help = messages::cli::help_root())]
    pub root: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub site: RootArg,
    #[arg(long, help = messages::cli::help_drafts())]
    pub drafts: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    #[arg(long, help = messages::cli::help_external())]
    pub external: bool,
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=600),
          help = messages::cli::help_timeout())]
    pub timeout: u64,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    #[arg(long, value_name = "URL", help = messages::cli::help_base_url())]
    pub base_url: Option<String>,
    #[arg(long, short, value_name = "DIR", help = messages::cli::help_build_output())]
    pub output: Option<PathBuf>,
    #[arg(long, help = messages::cli::help_build_force())]
    pub force: bool,
    #[arg(long, help = messages::cli::help_watch())]
    pub watch: bool,
    #[arg(long, help = messages::cli::help_poll())]
    pub poll: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    #[arg(long, short, default_value_t = 1111, help = messages::cli::help_port())]
    pub port: u16,
    #[arg(long, default_value = "127.0.0.1", help = messages::cli::help_bind())]
    pub bind: String,
    #[arg(long, short, value_name = "DIR", help = messages::cli::help_serve_output())]
    pub output: Option<PathBuf>,
    #[arg(long, help = messages::cli::help_serve_force())]
    pub force: bool,
    #[arg(long, help = messages::cli::help_poll())]
    pub poll: bool,
}

/// Whether the command line or `YOKOTEN_LANG` asks for English. Read before clap parses,
/// because the help texts and clap's own headings are made in the chosen language.
pub fn wants_english(args: &[OsString]) -> bool {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return v == "en";
        }
        if a == "--lang" {
            return it.next().is_some_and(|v| v == "en");
        }
    }
    yokoten::lang::from_env()
}

/// clap's command with the headings, `--help` and `--version` in the editor's language.
fn command() -> clap::Command {
    fn localise(cmd: clap::Command) -> clap::Command {
        let template = format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            messages::cli::heading_usage()
        );
        let mut cmd = cmd
            .help_template(template)
            .subcommand_help_heading(messages::cli::heading_commands())
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(messages::cli::help_help()),
            )
            .mut_args(|a| {
                let heading = if a.is_positional() {
                    messages::cli::heading_arguments()
                } else {
                    messages::cli::heading_options()
                };
                // clap writes "[default: …]" and "[possible values: …]" in English: the
                // catalogue's words are put after the help instead.
                let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                let takes_values = a.get_action().takes_values();
                if takes_values {
                    let defaults: Vec<String> = a
                        .get_default_values()
                        .iter()
                        .map(|v| v.to_string_lossy().into_owned())
                        .collect();
                    if !defaults.is_empty() {
                        help.push_str(&messages::cli::help_default(&defaults.join(", ")));
                    }
                    let possible: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .map(|p| p.get_name().to_string())
                        .collect();
                    if !possible.is_empty() {
                        help.push_str(&messages::cli::help_possible(&possible.join(", ")));
                    }
                }
                a.help(help)
                    .hide_default_value(takes_values)
                    .hide_possible_values(takes_values)
                    .help_heading(heading)
            });
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in names {
            cmd = cmd.mut_subcommand(name, localise);
        }
        cmd
    }
    let cmd = Cli::command().disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(messages::cli::help_version()),
    );
    localise(cmd)
}

/// Parse the command line. `--help` and `--version` print and end with 0; a usage mistake
/// is explained in the editor's language and ends with 2.
pub fn parse(args: Vec<OsString>) -> Cli {
    let english = wants_english(&args);
    yokoten::lang::set_english(english);
    let result = command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => cli,
        Err(e)
            if english
                || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) =>
        {
            e.exit()
        }
        Err(e) => {
            yokoten::errln!("{}", usage_error(&e));
            std::process::exit(2)
        }
    }
}

/// A clap error in Japanese: what is wrong, a suggestion when clap has one, where to look.
fn usage_error(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let mut lines = vec![messages::report::error_line(&match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            messages::cli::usage_unknown_argument(&arg)
        }
        ErrorKind::InvalidSubcommand => messages::cli::usage_unknown_command(
            &text(ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => messages::cli::usage_invalid_value(
            &arg,
            &text(ContextKind::InvalidValue).unwrap_or_default(),
        ),
        ErrorKind::MissingRequiredArgument => messages::cli::usage_missing(&arg),
        ErrorKind::UnknownArgument => messages::cli::usage_too_many(&arg),
        ErrorKind::TooManyValues => {
            messages::cli::usage_too_many(&text(ContextKind::InvalidValue).unwrap_or(arg))
        }
        _ => messages::cli::usage_other(),
    })];
    if let Some(s) = text(ContextKind::SuggestedArg).or(text(ContextKind::SuggestedSubcommand)) {
        lines.push(messages::cli::usage_suggest(&s));
    }
    if let Some(v) = text(ContextKind::ValidValue) {
        lines.push(messages::cli::usage_possible_values(&v));
    }
    lines.push(messages::cli::usage_see_help("yokoten"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own checks of the command, in both languages (they run only in debug builds
    /// and only when a command is parsed, so a mistake would otherwise show up as a panic
    /// in front of an editor).
    #[test]
    fn command_is_valid_in_both_languages() {
        for english in [false, true] {
            yokoten::lang::set_english(english);
            command().debug_assert();
        }
        yokoten::lang::set_english(false);
    }

    #[test]
    fn language_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_english(&args(&["yokoten", "build", "--lang", "en"])));
        assert!(wants_english(&args(&["yokoten", "--lang=en", "check"])));
        assert!(!wants_english(&args(&["yokoten", "--lang", "ja"])));
        assert!(!wants_english(&args(&[
            "yokoten", "new", "case", "--", "--lang"
        ])));
    }
}
