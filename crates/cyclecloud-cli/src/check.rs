//! `check`: run every rule over templates and print the findings, one line each, with a summary.
//!
//! Templates are the files named on the command line plus, under each folder named, every
//! `.txt` file inside a `templates/` folder (the CycleCloud project layout), honouring
//! `.gitignore`. Exit code: 0 clean, 1 when a finding is at or above `--error-on`, 2 on usage or
//! I/O errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cyclecloud_analysis::{analyze, Settings, Severity};
use cyclecloud_catalog::Version;
use cyclecloud_syntax::line_index::offset_to_position;
use cyclecloud_syntax::{PositionEncoding, Snapshot};

/// Options of `check`.
pub struct CheckOptions {
    /// Files and folders to check.
    pub paths: Vec<PathBuf>,
    /// Overrides the config file's target version.
    pub cyclecloud_version: Option<String>,
    /// Lowest severity that makes the run fail.
    pub error_on: Severity,
}

/// Whether a path looks like a template inside a CycleCloud project.
fn is_project_template(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == "templates")
}

fn find_templates(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    Ok(entry)
                        if entry.file_type().is_some_and(|t| t.is_file())
                            && is_project_template(entry.path()) =>
                    {
                        found.push(entry.into_path());
                    }
                    Ok(_) => {}
                    Err(error) => problems.push(format!("{error}")),
                }
            }
        } else {
            problems.push(format!("{}: no such file or folder", path.display()));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Runs the check and prints the report.
pub fn run(options: CheckOptions) -> ExitCode {
    let mut problems = Vec::new();
    let override_version = match options
        .cyclecloud_version
        .as_deref()
        .map(|text| (text, Version::parse(text)))
    {
        Some((_, Some(version))) => Some(version),
        Some((text, None)) => {
            eprintln!("error: --cyclecloud-version `{text}` is not a version like 8.7.0");
            return ExitCode::from(2);
        }
        None => None,
    };
    let templates = find_templates(&options.paths, &mut problems);
    if templates.is_empty() && problems.is_empty() {
        problems.push(
            "no templates found (looked for files named on the command line and */templates/*.txt)"
                .to_owned(),
        );
    }
    let mut counts = [0usize; 3];
    let mut failing = false;
    for path in &templates {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                problems.push(format!("{}: {error}", path.display()));
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            problems.push(format!("{}: not UTF-8 text; skipped", path.display()));
            continue;
        };
        let mut settings = match Settings::discover(path) {
            Ok((settings, _)) => settings,
            Err(error) => {
                problems.push(error);
                Settings::default()
            }
        };
        if override_version.is_some() {
            settings.cyclecloud_version = override_version;
        }
        let snapshot = Snapshot::parse(&text);
        let analysis = analyze(&snapshot, &settings);
        for diagnostic in &analysis.diagnostics {
            let position = offset_to_position(
                snapshot.rope(),
                diagnostic.range.start,
                PositionEncoding::Utf32,
            );
            println!(
                "{}:{}:{}: {}[{}] {}",
                path.display(),
                position.line + 1,
                position.character + 1,
                diagnostic.severity,
                diagnostic.code,
                diagnostic.message
            );
            counts[diagnostic.severity as usize] += 1;
            failing |= diagnostic.severity >= options.error_on;
        }
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    println!(
        "checked {} template{}: {} error{}, {} warning{}, {} hint{}",
        templates.len(),
        plural(templates.len()),
        counts[Severity::Error as usize],
        plural(counts[Severity::Error as usize]),
        counts[Severity::Warning as usize],
        plural(counts[Severity::Warning as usize]),
        counts[Severity::Hint as usize],
        plural(counts[Severity::Hint as usize]),
    );
    if !problems.is_empty() {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
