//! Open `project.ini` files: the `project.ini` checks (CC0801–CC0803) as diagnostics, under the
//! rule levels of the config file and the editor, and hover on `[project]` keys. The analysis
//! crate decides; this converts positions and publishes.

use cyclecloud_analysis::project::{check_project_ini, project_ini_hover};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::{Backend, SharedState};

/// Whether a document is a project's `project.ini` (by its file name), so it is kept apart
/// from templates; other `.ini` files never are.
pub(crate) fn is_project_ini_uri(uri: &Uri) -> bool {
    uri.to_file_path()
        .is_some_and(|path| crate::project_index::is_project_ini(&path))
}

async fn diagnostics(state: &SharedState, uri: &Uri) -> Option<(i32, Vec<Diagnostic>)> {
    let document = state.project_ini_documents.get(uri)?;
    // Cached per document: a keystroke does not read the config file again.
    let (settings, _) = state.settings_for(uri);
    let mut docs = convert::RuleDocs::new(state.rule_docs_url());
    let encoding = state.client().encoding;
    let text = document.rope.to_string();
    let mut cursors = convert::DiagnosticCursors::new(&document.rope, encoding);
    let items = check_project_ini(&text, &settings)
        .iter()
        .map(|found| convert::diagnostic(&mut cursors, uri, &mut docs, found))
        .collect();
    Some((document.version, items))
}

/// Publishes an open `project.ini`'s findings (nothing for a client that pulls), unless it
/// changed meanwhile.
pub(crate) async fn publish(backend: &Backend, uri: &Uri) {
    if backend.state.client().pull_diagnostics {
        return;
    }
    if let Some(found) = diagnostics(&backend.state, uri).await {
        let documents = &backend.state.project_ini_documents;
        super::diagnostics::publish_plain(backend, uri, documents, found).await;
    }
}

/// `textDocument/diagnostic` of a `project.ini`: its findings, or an empty report.
pub(crate) async fn pull(state: &SharedState, uri: &Uri) -> (Vec<Diagnostic>, Option<String>) {
    match diagnostics(state, uri).await {
        Some((version, items)) => (items, Some(version.to_string())),
        None => (Vec::new(), None),
    }
}

/// `didSave` of an open `project.ini` inside a workspace folder, when the client reports no
/// file changes itself: its project is read again (off the async runtime) and the open
/// templates are checked against it.
pub(crate) async fn saved(backend: &Backend, uri: &Uri) {
    let state = &backend.state;
    if state.client().watched_files_registration || !state.project_ini_documents.contains(uri) {
        return;
    }
    let Some(root) = uri
        .to_file_path()
        .and_then(|path| path.parent()?.canonicalize().ok())
        .filter(|root| state.workspace.contains(root))
    else {
        return;
    };
    let reader = std::sync::Arc::clone(state);
    let _ = tokio::task::spawn_blocking(move || reader.workspace.projects.read(&root)).await;
    super::watched_files::recheck_open_documents(backend).await;
}

/// What a `[project]` key under the cursor is for.
pub(crate) fn hover(state: &SharedState, uri: &Uri, position: Position) -> Option<Hover> {
    let document = state.project_ini_documents.get(uri)?;
    let encoding = state.client().encoding;
    let offset = convert::offset(&document.rope, position, encoding);
    let (range, markdown) = project_ini_hover(&document.rope.to_string(), offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(convert::range(&document.rope, range, encoding)),
    })
}
