//! The command line: one definition of each flag, which also feeds `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "yokoten",
    version,
    about = "Build a static site of municipal DX case studies (自治体DX事例集) from Markdown.",
    long_about = "Build a static site of municipal DX case studies (自治体DX事例集) from Markdown.\n\n\
                  A site is a folder with site.yaml, content/cases/*.md and a theme under themes/.\n\
                  Start with `yokoten init mysite`, then `yokoten serve` inside it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in error reports: auto, always or never.
    #[arg(long, global = true, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Language of messages: ja (default) or en. `YOKOTEN_LANG=en` does the same.
    #[arg(long, global = true, value_parser = ["ja", "en"])]
    pub lang: Option<String>,
    /// Also show what the libraries said about each problem (the YAML parser's own text).
    #[arg(long, global = true)]
    pub verbose: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new site with site.yaml, a sample case and the default theme.
    Init {
        /// Folder to create the site in (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Create a new file from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build, watch for changes and serve the site with live reload.
    Serve(ServeArgs),
    /// Validate site.yaml, every case and every internal link; write nothing.
    Check(CheckArgs),
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A case file with every field, ready to fill in: content/cases/<SLUG>.md
    Case {
        /// Name used in the URL: letters, digits and `-` (e.g. awara-dx-suishinin).
        slug: String,
        #[command(flatten)]
        site: RootArg,
    },
}

#[derive(Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (holding site.yaml). Default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub site: RootArg,
    /// Include cases marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    /// Also check that the URLs of every case's sources answer (needs the network).
    #[arg(long)]
    pub external: bool,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    /// Override base_url from site.yaml (e.g. for a staging host).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Output folder. Default: public/ in the site folder.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace an output folder that holds files yokoten did not make (never the site's
    /// own sources or a plain file).
    #[arg(long)]
    pub force: bool,
    /// Rebuild whenever content, templates or static files change.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: poll for changes instead of using file events (for network drives).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: SiteArgs,
    /// Port to listen on; if taken, the next free one is used.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Output folder. Default: a private temporary folder, removed when serve ends (so
    /// public/ keeps what `build` wrote).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// With --output: replace a folder that holds files yokoten did not make.
    #[arg(long)]
    pub force: bool,
    /// Poll for changes instead of using file events (for network drives).
    #[arg(long)]
    pub poll: bool,
}
