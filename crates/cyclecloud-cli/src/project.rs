//! CycleCloud projects in `check`: the project each template belongs to (read once per
//! project, shared by the checking threads), and the project's own files — `project.ini` and
//! the cluster-init scripts — checked when the project lies in a folder named on the command
//! line; and what the projects' scripts read (`jetpack config`), for the unread-key hint.
//! Reading the disk safely is [`cyclecloud_server::project_files`]'s job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cyclecloud_analysis::navigation::ScriptReads;
use cyclecloud_analysis::project::{check_project_ini, check_scripts, ProjectFacts};
use cyclecloud_analysis::Settings;
use cyclecloud_server::project_files::{project_root, read_project, ProjectOnDisk};
use cyclecloud_syntax::Snapshot;

use crate::check::{CheckOptions, FileReport};
use crate::sarif::Artifacts;

/// The projects met so far, by the folder holding their `project.ini`.
#[derive(Default)]
pub(crate) struct Projects {
    by_root: Mutex<HashMap<PathBuf, Option<Arc<ProjectOnDisk>>>>,
    /// The projects under the folders named on the command line (absolute), whose scripts'
    /// reads count for every template, as the editor counts every script of its workspace.
    named: Vec<PathBuf>,
    /// What the scripts read, by the project a template belongs to (`None`: none).
    reads: Mutex<HashMap<Option<PathBuf>, Option<Arc<ScriptReads>>>>,
}

impl Projects {
    /// The projects of a check whose named folders hold the projects in `named_roots`.
    pub(crate) fn new(named_roots: &[PathBuf]) -> Projects {
        let cwd = std::env::current_dir().unwrap_or_default();
        Projects {
            named: named_roots.iter().map(|root| cwd.join(root)).collect(),
            ..Projects::default()
        }
    }

    /// What the cluster-init scripts of the template's project and of the projects under the
    /// named folders read, for the unread-key hint (CC0604); `None` when no script reads a key.
    pub(crate) fn script_reads_for(&self, path: &Path) -> Option<Arc<ScriptReads>> {
        let own = std::env::current_dir()
            .ok()
            .and_then(|cwd| project_root(&cwd.join(path)));
        if let Some(known) = self.reads.lock().ok()?.get(&own) {
            return known.clone();
        }
        let mut reads = ScriptReads::default();
        for root in self.named.iter().chain(own.iter()) {
            let Some(project) = self.at(root) else {
                continue;
            };
            for file in project.scripts.iter().flat_map(|folder| &folder.files) {
                reads.add_script(&file.text);
            }
        }
        let reads = (!reads.is_empty()).then(|| Arc::new(reads));
        self.reads.lock().ok()?.insert(own, reads.clone());
        reads
    }

    /// The project whose `project.ini` is in `root`, read on first use.
    fn at(&self, root: &Path) -> Option<Arc<ProjectOnDisk>> {
        if let Some(known) = self.by_root.lock().ok()?.get(root) {
            return known.clone();
        }
        let project = read_project(root).map(Arc::new);
        self.by_root
            .lock()
            .ok()?
            .insert(root.to_path_buf(), project.clone());
        project
    }

    /// What template checks need of the project the template at `path` belongs to.
    pub(crate) fn facts_for(&self, path: &Path) -> Option<Arc<ProjectFacts>> {
        let absolute = std::env::current_dir().ok()?.join(path);
        self.at(&project_root(&absolute)?)?.facts.clone()
    }
}

/// The folders holding a `project.ini` under the folders named (`.gitignore` honoured, as for
/// templates), sorted, as the paths were given.
pub(crate) fn project_roots_under(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.is_dir())
        .flat_map(|path| {
            ignore::WalkBuilder::new(path)
                .require_git(false)
                .build()
                .flatten()
                .filter(|entry| {
                    entry.file_name() == "project.ini"
                        && entry.file_type().is_some_and(|kind| kind.is_file())
                })
                .filter_map(|entry| entry.path().parent().map(Path::to_path_buf))
        })
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// The findings on a project's `project.ini` and scripts, one report per file with findings.
pub(crate) fn check_project_files(
    root: &Path,
    projects: &Projects,
    options: &CheckOptions,
    artifacts: &Artifacts,
) -> Vec<(PathBuf, FileReport)> {
    let ini_path = root.join("project.ini");
    let absolute = std::env::current_dir()
        .map(|dir| dir.join(root))
        .unwrap_or_else(|_| root.to_path_buf());
    let Some(project) = projects.at(&absolute) else {
        let mut report = FileReport::of_project_file();
        report.problems.push(format!(
            "{}: cannot be read (or is a link, or larger than 64 KiB); project not checked",
            ini_path.display()
        ));
        return vec![(ini_path, report)];
    };
    let settings = match Settings::discover(&absolute) {
        Ok((settings, _)) => settings,
        Err(_) => Settings::default(),
    };
    let mut reports = Vec::new();
    let mut report_on = |path: PathBuf, text: &str, found: &[cyclecloud_analysis::Diagnostic]| {
        if found.is_empty() {
            return;
        }
        let mut report = FileReport::of_project_file();
        report.add(
            &path,
            &Snapshot::parse(text),
            text,
            found,
            options,
            artifacts,
        );
        reports.push((path, report));
    };
    let found = check_project_ini(&project.ini_text, &settings);
    report_on(ini_path, &project.ini_text, &found);
    for folder in &project.scripts {
        let relative = folder
            .path
            .strip_prefix(&absolute)
            .map(|inside| root.join(inside))
            .unwrap_or_else(|_| folder.path.clone());
        for (file, found) in folder
            .files
            .iter()
            .zip(check_scripts(&folder.files, &settings))
        {
            report_on(relative.join(&file.name), &file.text, &found);
        }
    }
    reports
}
