//! `fmt`: rewrite templates with the formatter (whitespace only), or with `--check` / `--diff`
//! only report what would change, for CI. The indentation follows the nearest config file.

use std::path::PathBuf;
use std::process::ExitCode;

use cyclecloud_analysis::format::{format, FormatOptions};
use cyclecloud_analysis::Settings;
use cyclecloud_syntax::Snapshot;

use crate::discover::find_templates;
use crate::fix::write_atomically;

/// Options of `fmt`.
pub struct FmtOptions {
    /// Files and folders (folders are searched for `templates/*.txt`).
    pub paths: Vec<PathBuf>,
    /// Report files that would change and exit 1, writing nothing.
    pub check: bool,
    /// Print a unified diff of what would change, writing nothing.
    pub diff: bool,
}

/// Formats the templates; exit 0 when done (or nothing to change), 1 when `--check`/`--diff`
/// found changes, 2 on unreadable or unwritable files.
pub fn run(options: FmtOptions) -> ExitCode {
    let mut problems = Vec::new();
    let templates = find_templates(&options.paths, &mut problems);
    let mut changed = 0;
    for path in &templates {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                problems.push(format!("{}: not UTF-8 text; skipped", path.display()));
                continue;
            }
            Err(error) => {
                problems.push(format!("{}: {error}", path.display()));
                continue;
            }
        };
        // The project's `[format] indent` applies here as in the editor.
        let mut format_options = FormatOptions::default();
        match Settings::discover(path) {
            Ok((settings, _)) => {
                if let Some(indent) = settings.format_indent {
                    format_options.indent = indent;
                }
            }
            Err(error) => problems.push(error),
        }
        let formatted = format(&Snapshot::parse(&text), &format_options);
        if formatted == text {
            continue;
        }
        changed += 1;
        if options.diff {
            let diff = similar::TextDiff::from_lines(&text, &formatted);
            let name = path.display().to_string();
            print!(
                "{}",
                diff.unified_diff().context_radius(2).header(&name, &name)
            );
        } else if options.check {
            println!("would reformat {}", path.display());
        } else if let Err(error) = write_atomically(path, &formatted) {
            problems.push(format!(
                "{}: cannot write, file left unchanged: {error}",
                path.display()
            ));
        } else {
            println!("reformatted {}", path.display());
        }
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    let verb = if options.check || options.diff {
        "would be reformatted"
    } else {
        "reformatted"
    };
    eprintln!(
        "{changed} of {} template{} {verb}",
        templates.len(),
        if templates.len() == 1 { "" } else { "s" }
    );
    if !problems.is_empty() {
        ExitCode::from(2)
    } else if changed > 0 && (options.check || options.diff) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
