//! `cyclecloud-lsp`: one binary for the editor (language server) and the terminal (tools).

mod check;
mod discover;
mod fix;
mod format;
mod outline;
mod output;
mod params;
mod project;
mod render;
mod rules;
mod sarif;

/// Large buffers apart from the heap (see `cyclecloud_server::allocator`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: cyclecloud_server::allocator::LargeBuffersApart =
    cyclecloud_server::allocator::LargeBuffersApart;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// What `--version` prints: the release and the git commit it was built from (see build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("CYCLECLOUD_LSP_COMMIT"),
    ")"
);

/// Language server and tools for Azure CycleCloud cluster templates.
#[derive(Parser, Debug)]
#[command(name = "cyclecloud-lsp", version = VERSION, about)]
struct Cli {
    /// What to do; with none, serve LSP on stdin/stdout (what editors run).
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the Language Server Protocol on stdin/stdout (the default).
    Serve,
    /// Check templates with every rule and print the findings.
    Check {
        /// Template files, or folders searched for `templates/*.txt` and the config file's
        /// `include` globs (honouring `.gitignore` and the config file's `exclude`).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Target CycleCloud version (overrides `.cyclecloud-lsp.toml`).
        #[arg(long)]
        cyclecloud_version: Option<String>,
        /// Fail (exit 1) when a finding is at least this severe.
        #[arg(long, value_parser = ["error", "warning", "hint"], default_value = "error")]
        error_on: String,
        /// How to print findings: `text` lines, JSON Lines, GitHub Actions annotations, or one
        /// SARIF 2.1.0 log (GitHub code scanning).
        #[arg(long, value_enum, default_value_t = output::Format::Text)]
        format: output::Format,
        /// Read one template from standard input and report it under this name (its folder
        /// decides which `.cyclecloud-lsp.toml` applies).
        #[arg(long, value_name = "NAME", conflicts_with_all = ["paths", "fix"])]
        stdin_filename: Option<PathBuf>,
        /// Apply every safe fix in place, then report what remains.
        #[arg(long)]
        fix: bool,
        /// A parameter file (`cyclecloud create_cluster -p FILE.json`) to check against the one
        /// template given; repeat it for several files.
        #[arg(long, value_name = "FILE.json", conflicts_with = "stdin_filename")]
        params: Vec<PathBuf>,
    },
    /// List every rule: code, default severity, name and summary.
    Rules,
    /// Format templates: indentation by rank, one space around `=`/`:=`, no trailing blanks.
    Fmt {
        /// Template files, or folders searched for `templates/*.txt`.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Only report templates that would change (exit 1 if any); write nothing.
        #[arg(long)]
        check: bool,
        /// Print a unified diff of the changes; write nothing (exit 1 if any).
        #[arg(long)]
        diff: bool,
    },
    /// Print the documentation of one rule (e.g. `explain CC0201`).
    Explain {
        /// The rule's code, in any case.
        code: String,
    },
    /// Print the cluster a template builds: each node and node array with its attributes after
    /// inheritance and evaluation, configuration, cluster-init specs, volumes and network
    /// interfaces (exit 1 when a required parameter has no value, 2 for bad input).
    Render {
        /// The template file.
        template: PathBuf,
        /// A parameters file (one JSON object of name → value, as `cyclecloud create_cluster
        /// -p` takes); several apply in order.
        #[arg(short = 'p', long = "parameters", value_name = "FILE.json")]
        params_files: Vec<PathBuf>,
        /// One parameter value, typed by its ParameterType; applies after the files.
        #[arg(short = 'P', long = "parameter", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// The cluster to render when the template has several.
        #[arg(short = 'c', long)]
        cluster: Option<String>,
        /// `text` shows where each value came from; `json` is the stable form in docs/render.md.
        #[arg(long, value_enum, default_value_t = render::RenderFormat::Text)]
        format: render::RenderFormat,
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
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(),
        Command::Check {
            paths,
            cyclecloud_version,
            error_on,
            format,
            stdin_filename,
            fix,
            params,
        } => check::run(check::CheckOptions {
            paths,
            cyclecloud_version,
            error_on: cyclecloud_analysis::Severity::parse(&error_on)
                .unwrap_or(cyclecloud_analysis::Severity::Error),
            format,
            stdin_filename,
            fix,
            params,
        }),
        Command::Rules => rules::list(),
        Command::Fmt { paths, check, diff } => {
            format::run(format::FmtOptions { paths, check, diff })
        }
        Command::Explain { code } => rules::explain(&code),
        Command::Outline { files } => outline::run(&files),
        Command::Render {
            template,
            params_files,
            params,
            cluster,
            format,
        } => render::run(render::RenderOptions {
            template,
            params_files,
            params,
            cluster,
            format,
        }),
    }
}

/// Runs the language server until the client says `exit`; the exit code follows the LSP spec.
fn serve() -> ExitCode {
    cyclecloud_server::allocator::map_large_buffers_apart();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(cyclecloud_server::serve_stdio());
    // Do not wait for the blocking stdin reader: after `exit` the process must end now.
    runtime.shutdown_background();
    ExitCode::from(code as u8)
}
