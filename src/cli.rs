//! The command line: parses arguments and runs the matching stage. Exit codes: 0 success,
//! 1 a build or input error, 2 a command that is not available yet.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// Where to write the site [default: public/ under the root]
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Override config.toml's base_url, e.g. https://org.github.io/lich-su/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Serve the site locally with live reload (not built yet)
    Serve,
    /// Import seeds/ into content/ (not built yet)
    Import,
    /// Check links and content before publishing (not built yet)
    Check,
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            output,
            drafts,
            base_url,
        } => {
            let options = BuildOptions {
                output: output.map(|o| if o.is_absolute() { o } else { cli.root.join(o) }),
                root: cli.root,
                drafts,
                base_url,
            };
            match site::build(&options) {
                Ok(summary) => {
                    for warning in &summary.warnings {
                        eprintln!("warning: {warning}");
                    }
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    eprintln!("Build failed; the previous output was left as it was.");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve | Command::Import | Command::Check => {
            let name = match cli.command {
                Command::Serve => "serve",
                Command::Import => "import",
                _ => "check",
            };
            eprintln!(
                "biennien {name} is not built yet. Use `biennien build` and open public/index.html."
            );
            ExitCode::from(2)
        }
    }
}
