//! `cyclecloud-lsp`: one binary for the editor (language server) and the terminal (tools).

mod check;
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
    /// Check templates with every rule and print the findings.
    Check {
        /// Template files, or folders searched for `templates/*.txt`.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Target CycleCloud version (overrides `.cyclecloud-lsp.toml`).
        #[arg(long)]
        cyclecloud_version: Option<String>,
        /// Fail (exit 1) when a finding is at least this severe.
        #[arg(long, value_parser = ["error", "warning", "hint"], default_value = "error")]
        error_on: String,
    },
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
        Command::Check {
            paths,
            cyclecloud_version,
            error_on,
        } => check::run(check::CheckOptions {
            paths,
            cyclecloud_version,
            error_on: cyclecloud_analysis::Severity::parse(&error_on)
                .unwrap_or(cyclecloud_analysis::Severity::Error),
        }),
        Command::Outline { files } => outline::run(&files),
    }
}
