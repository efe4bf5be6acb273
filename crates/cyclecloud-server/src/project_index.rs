//! The CycleCloud projects of the workspace: the facts of each folder holding a `project.ini`,
//! read once per project in the background (the initial scan, then the file watcher when a
//! `project.ini` or a spec folder changes), so that a document's settings take them from memory
//! instead of reading the project for every template that is opened or checked again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cyclecloud_analysis::project::ProjectFacts;
use dashmap::DashMap;

use crate::project_files::{project_root_within, read_project_facts};

/// The projects found so far, by the folder holding their `project.ini`.
#[derive(Default)]
pub struct ProjectIndex {
    /// Each project's facts; `None` when its `project.ini` names no project (it still is the
    /// nearest project of the templates under it).
    roots: DashMap<PathBuf, Option<Arc<ProjectFacts>>>,
    /// The initial scan has listed every `project.ini` of the workspace, so a folder missing
    /// here holds none.
    complete: AtomicBool,
}

/// Whether a path names a project's `project.ini`.
pub fn is_project_ini(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "project.ini")
}

/// The project a changed path's facts come from: the folder of a `project.ini`, or the
/// project of a spec folder (`ROOT/specs/NAME`), whose creation or deletion changes its specs.
pub fn project_of_changed_path(path: &Path) -> Option<&Path> {
    if is_project_ini(path) {
        return path.parent();
    }
    let specs = path.parent()?;
    (specs.file_name()? == "specs").then(|| specs.parent())?
}

impl ProjectIndex {
    /// Reads the project whose `project.ini` is in `root` (again), or forgets it when that
    /// file is gone. Reads the disk: call it off the async runtime.
    pub fn read(&self, root: &Path) {
        if std::fs::symlink_metadata(root.join("project.ini")).is_ok_and(|meta| meta.is_file()) {
            self.roots
                .insert(root.to_path_buf(), read_project_facts(root));
        } else {
            self.roots.remove(root);
        }
    }

    /// Forgets every project at or under `path` (a deleted folder).
    pub fn forget_under(&self, path: &Path) {
        self.roots.retain(|root, _| !root.starts_with(path));
    }

    /// Records that the initial scan listed every project of the workspace.
    pub fn scan_finished(&self) {
        self.complete.store(true, Ordering::SeqCst);
    }

    /// How many projects are known.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    /// Whether no project is known.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// The facts of the project of `template` (a canonical path): the nearest folder at or
    /// above its own that holds a `project.ini` and that `inside` accepts. From memory once the
    /// initial scan is complete; before, from the disk, remembered for the next template.
    pub fn facts_for(
        &self,
        template: &Path,
        inside: impl Fn(&Path) -> bool,
    ) -> Option<Arc<ProjectFacts>> {
        if self.complete.load(Ordering::SeqCst) {
            let mut folders = template.ancestors().skip(1).take_while(|f| inside(f));
            return folders
                .find_map(|folder| self.roots.get(folder).map(|facts| facts.clone()))
                .flatten();
        }
        let root = project_root_within(template, inside)?;
        if let Some(known) = self.roots.get(&root) {
            return known.clone();
        }
        let facts = read_project_facts(&root);
        self.roots.insert(root, facts.clone());
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_are_read_once_and_then_answered_from_memory() {
        let dir = std::env::temp_dir().join(format!("cc-project-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("p/specs/default")).unwrap();
        std::fs::create_dir_all(dir.join("p/templates")).unwrap();
        let dir = dir.canonicalize().unwrap();
        std::fs::write(
            dir.join("p/project.ini"),
            "[project]\nname = p\nversion = 1.0.0\n",
        )
        .unwrap();
        let template = dir.join("p/templates/t.txt");
        let inside = |folder: &Path| folder.starts_with(&dir);

        let index = ProjectIndex::default();
        assert_eq!(index.facts_for(&template, inside).unwrap().name, "p");
        assert_eq!(index.len(), 1);
        // Remembered: the disk is not read again for the next template of the project.
        std::fs::write(dir.join("p/project.ini"), "[project]\nname = q\n").unwrap();
        assert_eq!(index.facts_for(&template, inside).unwrap().name, "p");
        // After the scan, a folder the index does not know has no project, whatever the disk.
        index.scan_finished();
        std::fs::create_dir_all(dir.join("r/templates")).unwrap();
        std::fs::write(dir.join("r/project.ini"), "[project]\nname = r\n").unwrap();
        assert!(index
            .facts_for(&dir.join("r/templates/t.txt"), inside)
            .is_none());
        // A change the watcher reports is read again; a deleted project is forgotten.
        index.read(&dir.join("p"));
        assert_eq!(index.facts_for(&template, inside).unwrap().name, "q");
        std::fs::remove_file(dir.join("p/project.ini")).unwrap();
        index.read(&dir.join("p"));
        assert!(index.facts_for(&template, inside).is_none());
        // Nothing outside what `inside` accepts is answered.
        index.read(&dir.join("r"));
        assert!(index
            .facts_for(&dir.join("r/templates/t.txt"), |folder: &Path| folder
                .starts_with(dir.join("r/templates")))
            .is_none());
        index.forget_under(&dir);
        assert!(index.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn changed_paths_name_their_project() {
        let root = Path::new("/w/p");
        assert_eq!(
            project_of_changed_path(Path::new("/w/p/project.ini")),
            Some(root)
        );
        assert_eq!(
            project_of_changed_path(Path::new("/w/p/specs/extra")),
            Some(root)
        );
        assert_eq!(
            project_of_changed_path(Path::new("/w/p/specs/extra/cluster-init")),
            None
        );
        assert_eq!(
            project_of_changed_path(Path::new("/w/p/templates/t.txt")),
            None
        );
    }
}
