use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    biennien::cli::run(biennien::cli::Cli::parse())
}
