//! The initial scan of the workspace folders after `initialized`, in the background with
//! `$/progress`, and re-reading a template from disk when its editor closes it.

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::{NumberOrString, ProgressToken, Uri};
use tower_lsp_server::Client;

use crate::server::{Backend, SharedState};

/// How long to wait for the client to accept `window/workDoneProgress/create`: a request to the
/// client is never awaited without a limit.
const PROGRESS_CREATE_TIMEOUT: Duration = Duration::from_secs(5);

/// Files indexed between two progress reports.
const CHUNK: usize = 64;

/// The token of the scan's progress.
const TOKEN: &str = "cyclecloud-lsp/workspace-scan";

/// Starts the scan without waiting for it; when it found scripts that read configuration
/// keys, the open templates are checked again with them.
pub(crate) fn start(backend: &Backend) {
    let client = backend.client.clone();
    let state = Arc::clone(&backend.state);
    tokio::spawn(async move {
        let before = state.workspace.scripts.generation();
        scan(client.clone(), Arc::clone(&state)).await;
        if state.workspace.scripts.generation() != before {
            let backend = Backend::new(client, state);
            super::watched_files::recheck_open_documents(&backend).await;
        }
    });
}

async fn scan(client: Client, state: Arc<SharedState>) {
    if state.workspace.folders().is_empty() {
        return;
    }
    let progress = if state.client().work_done_progress {
        let token: ProgressToken = NumberOrString::String(TOKEN.to_owned());
        let created = tokio::time::timeout(
            PROGRESS_CREATE_TIMEOUT,
            client.create_work_done_progress(token.clone()),
        )
        .await;
        match created {
            Ok(Ok(())) => Some(
                client
                    .progress(token, "Indexing CycleCloud templates and projects")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            _ => None,
        }
    } else {
        None
    };
    let walker = Arc::clone(&state);
    let paths = tokio::task::spawn_blocking(move || walker.workspace.discover())
        .await
        .unwrap_or_default();
    let total = paths.len().max(1);
    let encoding = state.client().encoding;
    for (index, chunk) in paths.chunks(CHUNK).enumerate() {
        let chunk = chunk.to_vec();
        let indexer = Arc::clone(&state);
        let _ = tokio::task::spawn_blocking(move || {
            for path in chunk {
                indexer.workspace.index_file(&path, encoding);
            }
        })
        .await;
        if let Some(progress) = &progress {
            let done = ((index + 1) * CHUNK).min(paths.len());
            let percentage = (done * 100 / total) as u32;
            progress
                .report_with_message(format!("{done}/{} files", paths.len()), percentage)
                .await;
        }
    }
    // Every `project.ini` of the workspace is in the index now: documents' settings take
    // their project from it instead of the disk.
    state.workspace.projects.scan_finished();
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!(
                "{} and {} indexed",
                counted(state.workspace.len(), "template"),
                counted(state.workspace.projects.len(), "project")
            ))
            .await;
    }
}

/// `1 project`, `2 projects`.
fn counted(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

/// `didClose`: the editor's text no longer overrides the disk, so read the file again (it may
/// have been saved, or closed without saving). Scripts: `watched_files::document_closed`.
pub(crate) fn document_closed(state: &Arc<SharedState>, uri: &Uri) {
    let Some(path) = uri.to_file_path().map(|path| path.into_owned()) else {
        return;
    };
    if path.extension().is_none_or(|ext| ext != "txt") || state.workspace.folders().is_empty() {
        return;
    }
    let state = Arc::clone(state);
    let encoding = state.client().encoding;
    tokio::task::spawn_blocking(move || state.workspace.index_file(&path, encoding));
}
