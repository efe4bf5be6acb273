//! `check --params FILE.json TEMPLATE`: parameter files checked against the one template they
//! are for, reported like template findings (their own path, line and column).

use std::path::{Path, PathBuf};

use cyclecloud_analysis::params_file;
use cyclecloud_syntax::Snapshot;

use crate::check::{read_text, CheckOptions, FileReport};
use crate::output::{self, Format};
use crate::sarif::{self, Artifacts};

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
    params
        .iter()
        .map(|path| check_one(path, &model, options, artifacts))
        .collect()
}

/// Reads and checks one parameter file.
fn check_one(
    path: &Path,
    model: &cyclecloud_analysis::Model,
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
    for diagnostic in params_file::check(&text, model) {
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
