//! A CycleCloud project read from disk: the nearest `project.ini` above a template, its
//! `specs/*/` folders and their `cluster-init/scripts/` files. Shared by the server and the CLI.
//!
//! Nothing outside the project is read: links are not followed (a `project.ini`, `specs`
//! folder, spec folder, scripts folder or script that is a link is skipped), spec names must be
//! plain folder names, and sizes and counts are bounded so a huge or hostile folder costs little.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cyclecloud_analysis::navigation::is_safe_spec_name;
use cyclecloud_analysis::project::{ProjectFacts, ProjectIni, ScriptFile, SpecFacts};

/// `project.ini` files larger than this are not read.
const MAX_PROJECT_INI_BYTES: u64 = 64 * 1024;
/// Scripts larger than this are listed but not read (their text is left empty).
const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;
/// At most this many specs, and scripts per spec, are listed.
const MAX_ENTRIES: usize = 1_000;

/// A project as read from disk.
#[derive(Clone, Debug)]
pub struct ProjectOnDisk {
    /// The folder holding `project.ini`.
    pub root: PathBuf,
    /// The text of `project.ini`.
    pub ini_text: String,
    /// What template checks need; `None` when `project.ini` names no project.
    pub facts: Option<Arc<ProjectFacts>>,
    /// Each spec's `cluster-init/scripts/` folder with its files, by spec name.
    pub scripts: Vec<ScriptFolder>,
}

/// One spec's `cluster-init/scripts/` folder.
#[derive(Clone, Debug)]
pub struct ScriptFolder {
    /// The folder.
    pub path: PathBuf,
    /// Its files (links and sub-folders left out), sorted by name.
    pub files: Vec<ScriptFile>,
}

/// The folder of the nearest `project.ini` (a plain file, not a link) at or above `path`'s
/// folder.
pub fn project_root(path: &Path) -> Option<PathBuf> {
    project_root_within(path, |_| true)
}

/// Like [`project_root`], looking only in the folders `inside` accepts, from `path`'s folder
/// up to the first it refuses (so nothing outside, say, the workspace is even looked at).
pub fn project_root_within(path: &Path, inside: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    path.ancestors()
        .skip(usize::from(!path.is_dir()))
        .take_while(|folder| inside(folder))
        .find(|folder| is_plain_file(&folder.join("project.ini")))
        .map(Path::to_path_buf)
}

/// Reads the project whose `project.ini` is in `root`, scripts included; `None` when it
/// cannot be read.
pub fn read_project(root: &Path) -> Option<ProjectOnDisk> {
    read(root, true)
}

/// What template checks need of the project in `root`, without reading script texts.
pub fn read_project_facts(root: &Path) -> Option<Arc<ProjectFacts>> {
    read(root, false)?.facts
}

fn read(root: &Path, with_script_text: bool) -> Option<ProjectOnDisk> {
    let ini_path = root.join("project.ini");
    let meta = std::fs::symlink_metadata(&ini_path).ok()?;
    if !meta.is_file() || meta.len() > MAX_PROJECT_INI_BYTES {
        return None;
    }
    let ini_text = String::from_utf8_lossy(&std::fs::read(&ini_path).ok()?).into_owned();
    let ini = ProjectIni::parse(&ini_text);
    let mut specs = Vec::new();
    let mut scripts = Vec::new();
    for (name, folder) in plain_entries(&root.join("specs"), true) {
        if !is_safe_spec_name(&name) {
            continue;
        }
        let scripts_path = folder.join("cluster-init").join("scripts");
        let files: Vec<ScriptFile> = plain_entries(&scripts_path, false)
            .into_iter()
            .map(|(name, path)| read_script(name, &path, with_script_text))
            .collect();
        specs.push(SpecFacts {
            name,
            scripts: files.iter().map(|file| file.name.clone()).collect(),
        });
        if !files.is_empty() {
            scripts.push(ScriptFolder {
                path: scripts_path,
                files,
            });
        }
    }
    Some(ProjectOnDisk {
        root: root.to_path_buf(),
        facts: ProjectFacts::new(&ini, specs).map(Arc::new),
        ini_text,
        scripts,
    })
}

/// The folders (`folders`) or files of `folder` that are not links, sorted by name; nothing
/// when `folder` itself is a link or missing.
fn plain_entries(folder: &Path, folders: bool) -> Vec<(String, PathBuf)> {
    let is_plain_folder = std::fs::symlink_metadata(folder).is_ok_and(|meta| meta.is_dir());
    let Some(entries) = is_plain_folder
        .then(|| std::fs::read_dir(folder).ok())
        .flatten()
    else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|entry| {
            entry.file_type().is_ok_and(|kind| {
                !kind.is_symlink()
                    && if folders {
                        kind.is_dir()
                    } else {
                        kind.is_file()
                    }
            })
        })
        .filter_map(|entry| Some((entry.file_name().into_string().ok()?, entry.path())))
        .take(MAX_ENTRIES)
        .collect();
    found.sort();
    found
}

fn read_script(name: String, path: &Path, with_text: bool) -> ScriptFile {
    let meta = std::fs::symlink_metadata(path).ok();
    let small = with_text
        && meta
            .as_ref()
            .is_some_and(|meta| meta.len() <= MAX_SCRIPT_BYTES);
    let text = small
        .then(|| std::fs::read(path).ok())
        .flatten()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    ScriptFile {
        name,
        text,
        executable: meta.as_ref().and_then(executable),
    }
}

#[cfg(unix)]
fn executable(meta: &std::fs::Metadata) -> Option<bool> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(_: &std::fs::Metadata) -> Option<bool> {
    None
}

fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_project_and_skips_links() {
        let dir = std::env::temp_dir().join(format!("cc-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let scripts = dir.join("specs/default/cluster-init/scripts");
        std::fs::create_dir_all(&scripts).unwrap();
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::create_dir_all(dir.join("outside/secret")).unwrap();
        std::fs::write(
            dir.join("project.ini"),
            "[project]\nname = p\nversion = 1.0.0\n",
        )
        .unwrap();
        std::fs::write(scripts.join("10.sh"), "#!/bin/bash\r\n").unwrap();
        std::fs::write(dir.join("templates/t.txt"), "").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("outside/secret"), dir.join("specs/linked"))
                .unwrap();
            std::os::unix::fs::symlink("/etc/passwd", scripts.join("20.sh")).unwrap();
        }
        let root = project_root(&dir.join("templates/t.txt")).unwrap();
        assert_eq!(root, dir);
        let project = read_project(&root).unwrap();
        let facts = project.facts.unwrap();
        let names: Vec<&str> = facts.specs.iter().map(|spec| spec.name.as_str()).collect();
        assert_eq!(names, ["default"]);
        assert_eq!(project.scripts.len(), 1);
        let files: Vec<&str> = project.scripts[0]
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(files, ["10.sh"]);
        assert_eq!(project.scripts[0].files[0].text, "#!/bin/bash\r\n");
        assert_eq!(read_project_facts(&root).unwrap().specs.len(), 1);
        assert!(project_root(&dir.join("outside/secret")).is_some_and(|found| found == dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
