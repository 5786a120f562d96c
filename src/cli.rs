//! The command line: parses arguments and runs the matching stage. Exit codes: 0 success,
//! 1 a build or input error, 2 a command that is not available yet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::check;
use crate::config::Config;
use crate::error::Result;
use crate::import::{self, ImportOptions};
use crate::serve::{self, ServeOptions};
use crate::site::{self, BuildOptions};

#[derive(Parser, Debug)]
#[command(
    name = "biennien",
    version,
    about = "A static site generator for Vietnamese organisation-history microsites"
)]
pub struct Cli {
    /// The site's folder (holding config.toml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --output)
    Build {
        /// Where to write the site [default: public/ under the root]. A folder holding files
        /// an earlier build did not write is refused
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Replace the output folder even though it holds files a build did not write (they
        /// are deleted). The site's own folders, git's and the home folder are never replaced
        #[arg(long)]
        replace_output: bool,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Override config.toml's base_url, e.g. https://org.github.io/lich-su/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Preview the site: served from memory (public/ is not touched); with --watch, rebuilt
    /// on changes
    Serve {
        /// Rebuild when a file of the site changes, and reload open pages
        #[arg(long)]
        watch: bool,
        /// The port; the next free one when it is taken (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Render links for this address instead of the one served at
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
        /// How long to wait for a burst of file changes to end, in milliseconds
        #[arg(long, default_value_t = 5, value_name = "MS")]
        debounce_ms: u64,
        /// The editor's desk's port [default: the preview's port + 1, or the next free one]
        #[arg(long, value_name = "PORT")]
        desk_port: Option<u16>,
    },
    /// Import seeds/ into content/, never overwriting a page an editor changed
    Import {
        /// Where the raw articles are [default: seeds/ under the root]
        #[arg(long, value_name = "DIR")]
        seeds: Option<PathBuf>,
        /// Where the pages go [default: content/ under the root]
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Report what would be written, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Overwrite pages an editor changed, after saving each as <file>.md.orig
        #[arg(long)]
        force: bool,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Import into memory, build into a temporary folder and check every internal link,
    /// asset and #fragment; list pages without a date or a title, drafts and import warnings
    Check,
}

/// A folder given on the command line, relative to the site's root unless absolute.
fn under(root: &Path, folder: PathBuf) -> PathBuf {
    if folder.is_absolute() {
        folder
    } else {
        root.join(folder)
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let root = cli.root;
    let outcome = match cli.command {
        Command::Build {
            output,
            replace_output,
            drafts,
            base_url,
        } => build(BuildOptions {
            output: output.map(|o| under(&root, o)),
            root,
            drafts,
            base_url,
            replace_output,
        }),
        Command::Import {
            seeds,
            content,
            dry_run,
            force,
            json,
        } => import(
            ImportOptions {
                seeds: seeds.map(|p| under(&root, p)),
                content: content.map(|p| under(&root, p)),
                root,
                dry_run,
                force,
            },
            json,
        ),
        Command::Serve {
            watch,
            port,
            bind,
            base_url,
            drafts,
            open,
            debounce_ms,
            desk_port,
        } => serve::run(ServeOptions {
            root,
            port,
            bind,
            watch,
            base_url,
            drafts,
            open,
            debounce: std::time::Duration::from_millis(debounce_ms),
            desk_port,
        })
        .map(|()| true),
        Command::Check => check(&root),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}

/// `build`: whether it succeeded. A failed build says the output was left alone.
fn build(options: BuildOptions) -> Result<bool> {
    let summary = match site::build(&options) {
        Ok(summary) => summary,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("Build failed; the previous output was left as it was.");
            return Ok(false);
        }
    };
    if let Some(import) = &summary.import {
        println!("{}", import.summary());
        for moved in import.moves() {
            println!("{moved}");
        }
    }
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    println!("{summary}");
    Ok(true)
}

/// `import`: whether every seed was imported.
fn import(options: ImportOptions, json: bool) -> Result<bool> {
    let report = import::run(&Config::load(&options.root)?, &options)?;
    if json {
        let text = serde_json::to_string_pretty(&report).expect("report serializes");
        println!("{text}");
    } else {
        println!("{report}");
    }
    Ok(!report.failed())
}

/// `check`: whether every link resolves (warnings alone do not fail).
fn check(root: &Path) -> Result<bool> {
    let report = check::run(root)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for link in &report.broken {
        eprintln!("{link}");
    }
    let warnings = report.warnings.len();
    println!(
        "Checked {} links in {} files: {} broken, {warnings} warning{}",
        report.links,
        report.files,
        report.broken.len(),
        if warnings == 1 { "" } else { "s" }
    );
    Ok(report.broken.is_empty())
}
