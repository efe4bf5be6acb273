//! `check`: run every rule over templates and print the findings, one per line, with a summary.
//!
//! Templates are found by [`crate::discover`], or one template is read from stdin with
//! `--stdin-filename`. `--fix` applies the safe fixes first (see [`crate::fix`]);
//! [`crate::output`] prints each finding, or [`crate::sarif`] the whole run. Exit code: 0 clean,
//! 1 when a finding is at or above `--error-on`, 2 on usage or I/O errors (a file that cannot be
//! read, is not UTF-8 or cannot be written; a path with no templates), after checking the rest.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use cyclecloud_analysis::{analyze, Diagnostic, Settings, Severity};
use cyclecloud_catalog::Version;
use cyclecloud_syntax::Snapshot;

use crate::discover::find_templates;
use crate::fix::{apply_safe_fixes, write_atomically};
use crate::output::{self, Format};
use crate::project::{check_project_files, project_roots_under, Projects};
use crate::sarif::{self, Artifacts};

/// How many times `--fix` re-checks a file after fixing it (a fix may reveal another).
const FIX_PASSES: usize = 10;

/// Options of `check`.
pub struct CheckOptions {
    /// Files and folders to check.
    pub paths: Vec<PathBuf>,
    /// Overrides the config file's target version.
    pub cyclecloud_version: Option<String>,
    /// Lowest severity that makes the run fail.
    pub error_on: Severity,
    /// How to print findings.
    pub format: Format,
    /// Read the template from stdin and report it under this name.
    pub stdin_filename: Option<PathBuf>,
    /// Apply safe fixes in place before reporting.
    pub fix: bool,
    /// Parameter files to check against the one template given.
    pub params: Vec<PathBuf>,
}

/// Reads a template as UTF-8 text, from stdin when `path` is `None`.
pub(crate) fn read_text(path: Option<&Path>) -> Result<String, String> {
    let mut bytes = Vec::new();
    let (result, name) = match path {
        Some(path) => (
            std::fs::File::open(path).and_then(|mut file| file.read_to_end(&mut bytes)),
            path.display().to_string(),
        ),
        None => (
            std::io::stdin().read_to_end(&mut bytes),
            "standard input".to_owned(),
        ),
    };
    result.map_err(|error| format!("{name}: {error}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text; skipped"))
}

/// The settings for a template at `path` (which need not exist): the nearest config file.
fn settings_for(path: &Path, version: Option<Version>, problems: &mut Vec<String>) -> Settings {
    let absolute = std::env::current_dir()
        .map(|dir| dir.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut settings = match Settings::discover(&absolute) {
        Ok((settings, _)) => settings,
        Err(error) => {
            problems.push(error);
            Settings::default()
        }
    };
    if version.is_some() {
        settings.cyclecloud_version = version;
    }
    if let Some(file) = &settings.vm_sizes_file {
        // Remembered per file by the catalog: templates of one project share one table, and
        // a bad file gives one message (problems are deduplicated before printing).
        match cyclecloud_catalog::load_az_json_file(file, settings.vm_sizes_replace) {
            Ok(table) => settings.vm_sizes = Some(table),
            Err(error) => problems.push(format!("{error}; using the built-in VM sizes")),
        }
    }
    settings
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
    let templates = match &options.stdin_filename {
        Some(name) => vec![name.clone()],
        None => find_templates(&options.paths, &mut problems),
    };
    let artifacts = Artifacts::from_working_directory();
    let from_stdin = options.stdin_filename.is_some();
    // Templates are checked in parallel (one worker per core), each worker taking the next
    // unchecked template so a few large ones do not leave a core idle; reported in path order.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(templates.len().max(1));
    let next = AtomicUsize::new(0);
    let project_roots = if from_stdin {
        Vec::new()
    } else {
        project_roots_under(&options.paths)
    };
    let projects = Projects::new(&project_roots);
    let mut reports: Vec<(PathBuf, FileReport)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (options, artifacts, next, templates, projects) =
                    (&options, &artifacts, &next, &templates, &projects);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = templates.get(index) else {
                            break done;
                        };
                        let report = check_file(
                            path,
                            from_stdin,
                            options,
                            artifacts,
                            override_version,
                            projects,
                        );
                        done.push((path.clone(), report));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a checking thread panicked"))
            .collect()
    });
    for root in &project_roots {
        reports.extend(check_project_files(root, &projects, &options, &artifacts));
    }
    reports.sort_by(|(a, _), (b, _)| a.cmp(b));
    // A template piped on stdin is not the one on disk the config file maps files to.
    let params = if from_stdin {
        Vec::new()
    } else if options.params.is_empty() {
        crate::params::check_configured(&templates, &options, &artifacts)
    } else {
        crate::params::check_all(&options.params, &templates, &options, &artifacts)
    };
    // Parameter files follow the templates and projects, in the order they were named.
    reports.extend(params.into_iter().map(|report| (PathBuf::new(), report)));
    let mut counts = [0usize; 3];
    let mut fixed = 0;
    let mut failing = false;
    let mut results = Vec::new();
    let mut checked = 0;
    for (_, report) in reports {
        checked += usize::from(report.read);
        print!("{}", report.output);
        results.extend(report.results);
        for (total, count) in counts.iter_mut().zip(report.counts) {
            *total += count;
        }
        fixed += report.fixed;
        failing |= report.failing;
        problems.extend(report.problems);
    }
    // A bad glob in a config file is met once per folder under it: say it once.
    let mut seen = std::collections::HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    if options.format == Format::Sarif {
        print!("{}", sarif::log(results, &problems));
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    let summary = summary(
        checked,
        project_roots.len(),
        counts,
        options.fix.then_some(fixed),
    );
    if options.format.is_data() {
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }
    if !problems.is_empty() {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What checking one template (or parameter file) produced, printed later in path order.
#[derive(Default)]
pub(crate) struct FileReport {
    pub(crate) output: String,
    pub(crate) results: Vec<sarif::SarifResult>,
    pub(crate) counts: [usize; 3],
    pub(crate) fixed: usize,
    pub(crate) failing: bool,
    /// Whether the template could be read (the summary counts only those).
    pub(crate) read: bool,
    pub(crate) problems: Vec<String>,
}

/// Reads, analyses and (with `--fix`) fixes one template.
fn check_file(
    path: &Path,
    from_stdin: bool,
    options: &CheckOptions,
    artifacts: &Artifacts,
    version: Option<Version>,
    projects: &Projects,
) -> FileReport {
    let mut report = FileReport::default();
    let mut text = match read_text((!from_stdin).then_some(path)) {
        Ok(text) => {
            report.read = true;
            text
        }
        Err(problem) => {
            report.problems.push(problem);
            return report;
        }
    };
    let mut settings = settings_for(path, version, &mut report.problems);
    settings.project = projects.facts_for(path);
    settings.script_reads = projects.script_reads_for(path);
    let mut snapshot = Snapshot::parse(&text);
    let mut diagnostics = analyze(&snapshot, &settings).diagnostics;
    if let Some(result) = options
        .fix
        .then(|| fix_text(&text, &diagnostics, &settings))
        .flatten()
    {
        match write_atomically(path, &result.text) {
            Ok(()) => {
                report.fixed += result.count;
                (text, snapshot, diagnostics) = (result.text, result.snapshot, result.diagnostics);
            }
            Err(error) => report.problems.push(format!(
                "{}: cannot write the fixes, file left unchanged: {error}",
                path.display()
            )),
        }
    }
    report.add(path, &snapshot, &text, &diagnostics, options, artifacts);
    report
}

impl FileReport {
    /// A report of a file that is not a template (a project's `project.ini` or script).
    pub(crate) fn of_project_file() -> FileReport {
        FileReport {
            output: String::new(),
            results: Vec::new(),
            counts: [0; 3],
            fixed: 0,
            failing: false,
            read: false,
            problems: Vec::new(),
        }
    }

    /// Prints (or collects, for SARIF) the findings on the file at `path` and counts them;
    /// `snapshot` is `text` parsed, for line and column numbers.
    pub(crate) fn add(
        &mut self,
        path: &Path,
        snapshot: &Snapshot,
        text: &str,
        diagnostics: &[Diagnostic],
        options: &CheckOptions,
        artifacts: &Artifacts,
    ) {
        for diagnostic in diagnostics {
            if options.format == Format::Sarif {
                let result = sarif::result(artifacts, path, snapshot, diagnostic);
                self.results.push(result);
            } else {
                self.output.push_str(&output::render(
                    options.format,
                    path,
                    snapshot,
                    text,
                    diagnostic,
                ));
            }
            self.counts[diagnostic.severity as usize] += 1;
            self.failing |= diagnostic.severity >= options.error_on;
        }
    }
}

/// A text after `--fix`, with its fresh analysis.
struct Fixed {
    text: String,
    count: usize,
    snapshot: Snapshot,
    diagnostics: Vec<Diagnostic>,
}

/// Applies safe fixes until none is left (or [`FIX_PASSES`] runs); `None` when nothing changed.
fn fix_text(text: &str, diagnostics: &[Diagnostic], settings: &Settings) -> Option<Fixed> {
    let mut fixed: Option<Fixed> = None;
    for _ in 0..FIX_PASSES {
        let (current, findings) = match &fixed {
            Some(fixed) => (fixed.text.as_str(), fixed.diagnostics.as_slice()),
            None => (text, diagnostics),
        };
        let (next, count) = apply_safe_fixes(current, findings);
        if count == 0 || next == current {
            break;
        }
        let snapshot = Snapshot::parse(&next);
        let diagnostics = analyze(&snapshot, settings).diagnostics;
        fixed = Some(Fixed {
            count: count + fixed.map_or(0, |fixed| fixed.count),
            text: next,
            snapshot,
            diagnostics,
        });
    }
    fixed
}

/// The closing line: templates checked, findings per severity, and fixes applied with `--fix`.
fn summary(templates: usize, projects: usize, counts: [usize; 3], fixed: Option<usize>) -> String {
    let projects = match projects {
        0 => String::new(),
        1 => " and 1 project".to_owned(),
        n => format!(" and {n} projects"),
    };
    let mut line = format!(
        "checked {} template{}{projects}: {} error{}, {} warning{}, {} hint{}",
        templates,
        plural(templates),
        counts[Severity::Error as usize],
        plural(counts[Severity::Error as usize]),
        counts[Severity::Warning as usize],
        plural(counts[Severity::Warning as usize]),
        counts[Severity::Hint as usize],
        plural(counts[Severity::Hint as usize]),
    );
    if let Some(fixed) = fixed {
        line.push_str(&format!(", {fixed} fixed"));
    }
    line
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
