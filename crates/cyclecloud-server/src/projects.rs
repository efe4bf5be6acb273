//! Finding a cluster-init spec's folder on disk: `<project>/specs/<spec>/`, where `<project>` is
//! the parent of the template's `templates/` folder and holds a `project.ini`.
//!
//! Everything that could lead outside is refused: a spec name that is not one plain folder name
//! (`..`, `/`), a project outside the workspace folders, a `project.ini` that is a link or a
//! folder, a project named differently from the spec's project, and any folder whose real path
//! (links resolved) is not inside the project.

use std::path::{Path, PathBuf};

use cyclecloud_analysis::navigation::{is_safe_spec_name, project_name, SpecRef};

use crate::workspace::WorkspaceIndex;

/// The facts of the project a template belongs to, for the project checks: the nearest
/// `project.ini` above it inside its workspace folder (nothing above the folder is looked at),
/// from the workspace's project index (read in the background, see `project_index.rs`); with
/// no folder open, read from the template's folder and the one above (`templates/`'s project).
/// Asked for when a document's settings are read (on open and after a change), never per
/// keystroke.
pub fn project_facts(
    workspace: &WorkspaceIndex,
    template: &Path,
) -> Option<std::sync::Arc<cyclecloud_analysis::project::ProjectFacts>> {
    let template = template.canonicalize().ok()?;
    let folders = workspace.folders();
    if folders.is_empty() {
        let near: Vec<&Path> = template.ancestors().skip(1).take(2).collect();
        let root =
            crate::project_files::project_root_within(&template, |folder| near.contains(&folder))?;
        return crate::project_files::read_project_facts(&root);
    }
    workspace.projects.facts_for(&template, |folder| {
        folders.iter().any(|open| folder.starts_with(open))
    })
}

/// `project.ini` files larger than this are not read.
const MAX_PROJECT_INI_BYTES: u64 = 64 * 1024;

/// The spec's folder, if the template is in a CycleCloud project and the folder exists there.
pub fn spec_folder(workspace: &WorkspaceIndex, template: &Path, spec: &SpecRef) -> Option<PathBuf> {
    if !is_safe_spec_name(&spec.spec) {
        return None;
    }
    let template = template.canonicalize().ok()?;
    let templates = template
        .ancestors()
        .skip(1)
        .find(|folder| folder.file_name().is_some_and(|name| name == "templates"))?;
    let project = templates.parent()?;
    let folders = workspace.folders();
    if !folders.is_empty() && !folders.iter().any(|folder| project.starts_with(folder)) {
        return None;
    }
    let ini = project.join("project.ini");
    let meta = std::fs::symlink_metadata(&ini).ok()?;
    if !meta.is_file() || meta.len() > MAX_PROJECT_INI_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(&ini).ok()?;
    if let Some(name) = project_name(&text) {
        if !name.eq_ignore_ascii_case(&spec.project) {
            return None;
        }
    }
    let folder = project.join("specs").join(&spec.spec).canonicalize().ok()?;
    (folder.is_dir() && folder.starts_with(project)).then_some(folder)
}
