//! `cyclecloud-lsp`: one binary for the editor (language server) and the terminal (tools).

mod outline;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Language server and tools for Azure CycleCloud cluster templates.
#[derive(Parser, Debug)]
#[command(name = "cyclecloud-lsp", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse templates and print their section outline and syntax errors.
    Outline {
        /// Template files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Outline { files } => outline::run(&files),
    }
}
