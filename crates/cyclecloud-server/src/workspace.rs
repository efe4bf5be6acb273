//! The workspace folders and the symbol index of every template in them, for `workspace/symbol`,
//! and the `jetpack config KEY` reads of every cluster-init script, for go-to-definition on a
//! configuration key.
//!
//! Filled in the background after `initialized` (see `handlers::workspace_scan`); reads only
//! files under the workspace folders, never follows a symbolic link, honours `.gitignore` and
//! skips `target/` and `node_modules/`. Each file keeps only its symbols (name, kind, container,
//! position), not its text or tree.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use cyclecloud_analysis::completion::custom_configuration_keys;
use cyclecloud_analysis::navigation::{
    header_sections, is_cluster_init_script, is_template_path, is_template_text, workspace_symbols,
};
use cyclecloud_syntax::{PositionEncoding, Snapshot};
use dashmap::DashMap;
use tower_lsp_server::ls_types::{InitializeParams, Range, SymbolKind, Uri};

use crate::convert;
use crate::project_index::{is_project_ini, project_of_changed_path};

/// Files larger than this are not read (no template comes near it).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Folders the walk never enters.
const SKIPPED_FOLDERS: [&str; 2] = ["target", "node_modules"];

/// One searchable symbol of an indexed file.
#[derive(Clone, Debug)]
pub struct IndexedSymbol {
    /// The section name.
    pub name: Box<str>,
    /// Its LSP kind.
    pub kind: SymbolKind,
    /// The enclosing symbol's name.
    pub container: Option<Box<str>>,
    /// The name's range, in the encoding negotiated at `initialize`.
    pub range: Range,
}

/// Workspace folders and the templates and cluster-init scripts found in them.
#[derive(Default)]
pub struct WorkspaceIndex {
    /// Set once at `initialize`.
    folders: OnceLock<Vec<PathBuf>>,
    files: DashMap<PathBuf, Arc<[IndexedSymbol]>>,
    /// Each template's undocumented configuration keys, for completion in the others.
    configuration_keys: DashMap<PathBuf, Arc<[String]>>,
    /// The cluster-init scripts and the configuration keys they read.
    pub scripts: crate::script_index::ScriptIndex,
    /// The projects (`project.ini` folders) and their facts.
    pub projects: crate::project_index::ProjectIndex,
}

impl WorkspaceIndex {
    /// Remembers the folders of `initialize` (`workspaceFolders`, else the deprecated
    /// `rootUri`), canonicalised; the first call wins (`initialize` comes once).
    pub fn remember(&self, params: &InitializeParams) {
        #[allow(deprecated)]
        let root = params.root_uri.clone();
        let uris: Vec<Uri> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => {
                folders.iter().map(|folder| folder.uri.clone()).collect()
            }
            _ => root.into_iter().collect(),
        };
        let folders: Vec<PathBuf> = uris
            .iter()
            .filter_map(|uri| uri.to_file_path())
            .filter_map(|path| path.canonicalize().ok())
            .filter(|path| path.is_dir())
            .collect();
        let _ = self.folders.set(folders);
    }

    /// The canonical workspace folders.
    pub fn folders(&self) -> &[PathBuf] {
        self.folders.get().map_or(&[], Vec::as_slice)
    }

    /// Whether a canonical path lies in a workspace folder.
    pub fn contains(&self, canonical: &Path) -> bool {
        self.folders()
            .iter()
            .any(|folder| canonical.starts_with(folder))
    }

    /// Every `.txt` file, cluster-init script and `project.ini` under the folders: `.gitignore` honoured,
    /// hidden files, `target/`, `node_modules/` and symbolic links skipped.
    pub fn discover(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for folder in self.folders() {
            let walk = ignore::WalkBuilder::new(folder)
                .follow_links(false)
                // Only files inside the folder decide what is ignored: `.gitignore` is read as
                // a plain ignore file, because the crate's git mode also reads the folders
                // above the workspace and the global git configuration, and the server reads
                // nothing outside the workspace (tests/tests/lsp_sandbox.rs checks it).
                .parents(false)
                .git_ignore(false)
                .git_exclude(false)
                .git_global(false)
                .add_custom_ignore_filename(".gitignore")
                .filter_entry(|entry| {
                    let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
                    !(is_dir
                        && entry
                            .file_name()
                            .to_str()
                            .is_some_and(|name| SKIPPED_FOLDERS.contains(&name)))
                })
                .build();
            for entry in walk.flatten() {
                let regular = entry.file_type().is_some_and(|kind| kind.is_file());
                let path = entry.path();
                if regular
                    && (path.extension().is_some_and(|ext| ext == "txt")
                        || is_cluster_init_script(path)
                        || is_project_ini(path))
                {
                    found.push(entry.into_path());
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// Reads one file from disk and (re)indexes it if it is a template; forgets it otherwise.
    /// A `project.ini` or spec folder reads its project again. Refuses symbolic links and
    /// anything outside the workspace folders. Returns whether the file is now indexed.
    pub fn index_file(&self, path: &Path, encoding: PositionEncoding) -> bool {
        if let Some(root) = project_of_changed_path(path) {
            if root.canonicalize().is_ok_and(|root| self.contains(&root)) {
                self.projects.read(root);
            }
            if is_project_ini(path) {
                return false;
            }
        }
        let text = read_inside(self, path);
        if is_cluster_init_script(path) {
            self.scripts.index(path, text.as_deref(), encoding);
        }
        match text.filter(|text| is_template_path(path) || is_template_text(text)) {
            Some(text) => {
                let snapshot = Snapshot::parse(&text);
                let keys = custom_configuration_keys(&cyclecloud_analysis::model::build(&snapshot));
                self.files.insert(
                    path.to_path_buf(),
                    symbols_of_snapshot(&snapshot, encoding).into(),
                );
                self.configuration_keys
                    .insert(path.to_path_buf(), keys.into());
                true
            }
            None => {
                self.files.remove(path);
                self.configuration_keys.remove(path);
                false
            }
        }
    }

    /// Forgets every template and script at or under `path` (deleted from disk).
    pub fn forget_under(&self, path: &Path) {
        self.files.retain(|file, _| !file.starts_with(path));
        self.configuration_keys
            .retain(|file, _| !file.starts_with(path));
        self.scripts.forget_under(path);
        self.projects.forget_under(path);
    }

    /// The undocumented configuration keys the indexed templates other than `skip` set, each
    /// once (any case), by file, for completion in `skip`.
    pub fn configuration_keys_except(&self, skip: Option<&Path>) -> Vec<String> {
        let mut files: Vec<(PathBuf, Arc<[String]>)> = self
            .configuration_keys
            .iter()
            .filter(|entry| Some(entry.key().as_path()) != skip)
            .map(|entry| (entry.key().clone(), Arc::clone(entry.value())))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut seen = std::collections::HashSet::new();
        files
            .iter()
            .flat_map(|(_, keys)| keys.iter())
            .filter(|key| seen.insert(key.to_ascii_lowercase()))
            .cloned()
            .collect()
    }

    /// How many templates are indexed.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no template is indexed.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every indexed file and its symbols except those in `skip` (open documents, whose
    /// editor text wins over the disk). Cheap: the symbol lists are shared, not copied, so a
    /// query then runs without holding the index's locks.
    pub fn files_except(
        &self,
        skip: &std::collections::HashSet<PathBuf>,
    ) -> Vec<(PathBuf, Arc<[IndexedSymbol]>)> {
        self.files
            .iter()
            .filter(|entry| !skip.contains(entry.key()))
            .map(|entry| (entry.key().clone(), Arc::clone(entry.value())))
            .collect()
    }
}

/// The text of a regular file (not a link) inside a workspace folder, if small enough.
fn read_inside(index: &WorkspaceIndex, path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let canonical = path.canonicalize().ok()?;
    if !index.contains(&canonical) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The searchable symbols of a parsed document (open documents use their current snapshot).
pub fn symbols_of_snapshot(snapshot: &Snapshot, encoding: PositionEncoding) -> Vec<IndexedSymbol> {
    let rope = snapshot.rope();
    workspace_symbols(&header_sections(snapshot))
        .into_iter()
        .map(|symbol| IndexedSymbol {
            name: symbol.name.into_boxed_str(),
            kind: crate::handlers::document_symbol::symbol_kind(&symbol.kind),
            container: symbol.container.map(String::into_boxed_str),
            range: convert::range(rope, symbol.range, encoding),
        })
        .collect()
}
