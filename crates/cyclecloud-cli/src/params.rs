//! Parameter files checked against the template they are for, reported like template findings
//! (their own path, line and column): named with `check --params FILE.json TEMPLATE`, or by the
//! config file's `[[params]]` tables for every template `check` reads.

use std::path::{Path, PathBuf};

use cyclecloud_analysis::{params_file, Settings};
use cyclecloud_syntax::Snapshot;

use crate::check::{read_text, CheckOptions, FileReport};
use crate::output::{self, Format};
use crate::sarif::{self, Artifacts};

/// Checks the parameter files each template's config file maps to it (`[[params]]`).
pub(crate) fn check_configured(
    templates: &[PathBuf],
    options: &CheckOptions,
    artifacts: &Artifacts,
) -> Vec<FileReport> {
    let mut reports = Vec::new();
    for template in templates {
        let files = configured_files(template, &mut reports);
        if !files.is_empty() {
            reports.extend(check_all(
                &files,
                std::slice::from_ref(template),
                options,
                artifacts,
            ));
        }
    }
    reports
}

/// The files the `[[params]]` tables of the template's config file name for it, sorted, shown
/// relative to the working folder when under it; problems go into a report of their own.
fn configured_files(template: &Path, reports: &mut Vec<FileReport>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = cwd.join(template);
    let (settings, config) = match Settings::discover(&absolute) {
        Ok((settings, Some(config))) => (settings, config),
        // No config file, or one the template's own check already reports.
        _ => return Vec::new(),
    };
    let Some(root) = config.parent() else {
        return Vec::new();
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut globs = Vec::new();
    for params in &settings.params {
        if !same(&root.join(params.template.trim()), &absolute) {
            continue;
        }
        match params.globs() {
            Ok(set) => globs.push(set),
            Err(error) => {
                let mut report = FileReport::default();
                report
                    .problems
                    .push(format!("{}: params: {error}", config.display()));
                reports.push(report);
            }
        }
    }
    if globs.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| {
            let relative = path.strip_prefix(root).unwrap_or(path);
            globs.iter().any(|set| set.is_match(relative))
        })
        .map(|path| {
            path.strip_prefix(&cwd)
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect();
    files.sort();
    files
}

/// Checks every `--params` file against `templates`, which must be exactly one template file.
pub(crate) fn check_all(
    params: &[PathBuf],
    templates: &[PathBuf],
    options: &CheckOptions,
    artifacts: &Artifacts,
) -> Vec<FileReport> {
    let template = match templates {
        [template] => template,
        _ => {
            let mut report = FileReport::default();
            report.problems.push(format!(
                "--params needs exactly one template to check against, found {}",
                templates.len()
            ));
            return vec![report];
        }
    };
    let model = match read_text(Some(template)) {
        Ok(text) => cyclecloud_analysis::model::build(&Snapshot::parse(&text)),
        // The template's own report already says why it could not be read.
        Err(_) => return Vec::new(),
    };
    // The template's config file rules its parameter files too (`[rules]` levels); a config
    // that cannot be read is reported with the template, so defaults apply here.
    let cwd = std::env::current_dir().unwrap_or_default();
    let settings = Settings::discover(&cwd.join(template))
        .map(|(settings, _)| settings)
        .unwrap_or_default();
    params
        .iter()
        .map(|path| check_one(path, &model, &settings, options, artifacts))
        .collect()
}

/// Reads and checks one parameter file.
fn check_one(
    path: &Path,
    model: &cyclecloud_analysis::Model,
    settings: &Settings,
    options: &CheckOptions,
    artifacts: &Artifacts,
) -> FileReport {
    let mut report = FileReport::default();
    let text = match read_text(Some(path)) {
        Ok(text) => text,
        Err(problem) => {
            report.problems.push(problem);
            return report;
        }
    };
    // Only its line index is used: positions are counted the way template findings' are.
    let lines = Snapshot::parse(&text);
    for diagnostic in params_file::check_with_settings(&text, model, settings) {
        if options.format == Format::Sarif {
            report
                .results
                .push(sarif::result(artifacts, path, &lines, &diagnostic));
        } else {
            report.output.push_str(&output::render(
                options.format,
                path,
                &lines,
                &text,
                &diagnostic,
            ));
        }
        report.counts[diagnostic.severity as usize] += 1;
        report.failing |= diagnostic.severity >= options.error_on;
    }
    report
}
