//! Keeping the workspace index current: the file watcher the server asks the client for
//! (`workspace/didChangeWatchedFiles`, templates and cluster-init scripts created, changed or
//! deleted on disk), scripts the editor has open, and checking the open templates again when
//! what the scripts read changes (the unread-key hint, CC0604, depends on it) or a project's
//! `project.ini` or spec folders change (CC0805/CC0806 read the project's facts).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cyclecloud_analysis::navigation::is_cluster_init_script;
use tower_lsp_server::ls_types::*;

use crate::project_index::project_of_changed_path;
use crate::server::Backend;

/// How long to wait for the client to accept the watcher: never without a limit.
const REGISTER_TIMEOUT: Duration = Duration::from_secs(5);

/// What the server asks the client to watch: templates, cluster-init scripts, and the files
/// a project's facts come from (`project.ini`, the spec folders).
const WATCHED: [&str; 4] = [
    "**/*.txt",
    "**/specs/*/cluster-init/scripts/*",
    "**/project.ini",
    "**/specs/*",
];

/// Asks the client to report changes of templates and scripts, when it can (without waiting
/// for the answer in the handler that calls this).
pub(crate) fn register(backend: &Backend) {
    if !backend.state.client().watched_files_registration
        || backend.state.workspace.folders().is_empty()
    {
        return;
    }
    let client = backend.client.clone();
    tokio::spawn(async move {
        let watchers = WATCHED
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect();
        let Ok(options) =
            serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers })
        else {
            return;
        };
        let registration = Registration {
            id: "cyclecloud-lsp/watched-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: Some(options),
        };
        let request = client.register_capability(vec![registration]);
        let _ = tokio::time::timeout(REGISTER_TIMEOUT, request).await;
    });
}

/// `workspace/didChangeWatchedFiles`: reads each changed template or script again (a deleted
/// one, or a deleted folder's, is forgotten) and the project of a changed `project.ini` or spec
/// folder, then checks the open templates again if what the scripts read changed or a
/// project's facts may have (their settings take the project anew from the index).
pub(crate) async fn changed(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let state = Arc::clone(&backend.state);
    if state.workspace.folders().is_empty() {
        return;
    }
    let project_changed = params.changes.iter().any(|change| {
        change.uri.to_file_path().is_some_and(|path| {
            project_of_changed_path(&path).is_some() || script_came_or_went(&path, change.typ)
        })
    });
    let before = state.workspace.scripts.generation();
    let encoding = state.client().encoding;
    let indexer = Arc::clone(&state);
    let _ = tokio::task::spawn_blocking(move || {
        for change in params.changes {
            let Some(path) = change.uri.to_file_path().map(|path| canonical(&path)) else {
                continue;
            };
            let deleted = change.typ == FileChangeType::DELETED;
            if deleted {
                indexer.workspace.forget_under(&path);
            }
            // A project is read again even when its `project.ini` or a spec folder is deleted.
            if project_of_changed_path(&path).is_some() || (!deleted && is_indexed_kind(&path)) {
                indexer.workspace.index_file(&path, encoding);
            }
            // The project lists its specs' scripts (an open script's ordering check reads them).
            if script_came_or_went(&path, change.typ) {
                let root = path.ancestors().nth(5).map(Path::to_path_buf);
                if let Some(root) = root.filter(|root| indexer.workspace.contains(root)) {
                    indexer.workspace.projects.read(&root);
                }
            }
        }
    })
    .await;
    if project_changed || state.workspace.scripts.generation() != before {
        recheck_open_documents(backend).await;
    }
}

/// A cluster-init script created or deleted (`PROJECT/specs/SPEC/cluster-init/scripts/NAME`).
fn script_came_or_went(path: &Path, change: FileChangeType) -> bool {
    change != FileChangeType::CHANGED && is_cluster_init_script(path)
}

/// An open document that is a cluster-init script (an editor attached the server to it):
/// its editor text is what the script reads until it is closed.
pub(crate) async fn document_edited(backend: &Backend, uri: &Uri) {
    let state = &backend.state;
    // Checked on every keystroke of every document: the path test first, the file system after.
    let Some(path) = uri
        .to_file_path()
        .filter(|path| is_cluster_init_script(path))
        .map(|path| canonical(&path))
    else {
        return;
    };
    if !state.workspace.contains(&path) {
        return;
    }
    let Some(snapshot) = state.documents.snapshot(uri) else {
        return;
    };
    let before = state.workspace.scripts.generation();
    let text = snapshot.syntax.rope().to_string();
    let encoding = state.client().encoding;
    state.workspace.scripts.index(&path, Some(&text), encoding);
    if state.workspace.scripts.generation() != before {
        recheck_open_documents(backend).await;
    }
}

/// `didClose` of a cluster-init script: its text on disk counts again.
pub(crate) async fn document_closed(backend: &Backend, uri: &Uri) {
    let state = Arc::clone(&backend.state);
    let Some(path) = uri
        .to_file_path()
        .filter(|path| is_cluster_init_script(path))
        .map(|path| canonical(&path))
    else {
        return;
    };
    let before = state.workspace.scripts.generation();
    let encoding = state.client().encoding;
    let indexer = Arc::clone(&state);
    let _ =
        tokio::task::spawn_blocking(move || indexer.workspace.index_file(&path, encoding)).await;
    if state.workspace.scripts.generation() != before {
        recheck_open_documents(backend).await;
    }
}

/// What the scripts read changed: every open template is checked again with the new reads.
pub(crate) async fn recheck_open_documents(backend: &Backend) {
    let state = &backend.state;
    state.settings_cache.clear();
    state.documents.settings_changed();
    for uri in state.documents.uris() {
        super::diagnostics::republish(backend, &uri).await;
    }
    for uri in backend.state.params_documents.uris() {
        super::params::publish(backend, &uri).await;
    }
    for uri in backend.state.project_ini_documents.uris() {
        super::project_ini::publish(backend, &uri).await;
    }
}

/// Whether the index keeps files like this one: templates and cluster-init scripts.
fn is_indexed_kind(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "txt") || is_cluster_init_script(path)
}

/// The path with its folder's links resolved, as the scan records paths (a deleted file
/// cannot be resolved itself, its folder often can).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(found) = path.canonicalize() {
        return found;
    }
    match (path.parent().map(Path::canonicalize), path.file_name()) {
        (Some(Ok(folder)), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}
