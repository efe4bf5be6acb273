//! Diagnostics: pushed with the document version after every change (unless the client pulls
//! them), and answered for `textDocument/diagnostic`.

use std::sync::atomic::Ordering;

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::documents::DocumentSnapshot;
use crate::server::{Backend, SharedState};

fn to_lsp(
    state: &SharedState,
    uri: &Uri,
    snapshot: &DocumentSnapshot,
    analysis: &cyclecloud_analysis::Analysis,
) -> Vec<Diagnostic> {
    let encoding = state.encoding();
    let docs_url = state
        .editor_settings
        .read()
        .ok()
        .and_then(|settings| settings.rule_docs_url.clone())
        .unwrap_or_else(|| convert::DEFAULT_RULE_DOCS_URL.to_owned());
    analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            convert::diagnostic(snapshot.syntax.rope(), encoding, uri, &docs_url, diagnostic)
        })
        .collect()
}

/// After `didOpen`/`didChange`: analyse the current version and publish, unless a newer version
/// arrived meanwhile (its own handler publishes) or the client pulls.
pub(crate) async fn publish(backend: &Backend, uri: &Uri) {
    if backend.state.pull_diagnostics.load(Ordering::SeqCst) {
        return;
    }
    republish(backend, uri).await;
}

/// Publishes the current version's diagnostics (also used after a settings change).
pub(crate) async fn republish(backend: &Backend, uri: &Uri) {
    if backend.state.pull_diagnostics.load(Ordering::SeqCst) {
        // Ask the client to pull again (settings changed); never wait on it without a limit.
        if backend.state.diagnostic_refresh.load(Ordering::SeqCst) {
            let refresh = backend.client.workspace_diagnostic_refresh();
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), refresh).await;
        }
        return;
    }
    let Some((snapshot, analysis, problems)) = backend.state.analysis(uri) else {
        return;
    };
    for problem in problems {
        backend
            .client
            .log_message(MessageType::WARNING, problem)
            .await;
    }
    let diagnostics = to_lsp(&backend.state, uri, &snapshot, &analysis);
    // Check and send under one lock, so an older version can never be sent after a newer one.
    let _guard = backend.state.publish_lock.lock().await;
    if backend.state.documents.version(uri) != Some(snapshot.version) {
        return;
    }
    backend
        .client
        .publish_diagnostics(uri.clone(), diagnostics, Some(snapshot.version))
        .await;
}

/// After `didClose`: clear what was shown.
pub(crate) async fn clear(backend: &Backend, uri: Uri) {
    if backend.state.pull_diagnostics.load(Ordering::SeqCst) {
        return;
    }
    let _guard = backend.state.publish_lock.lock().await;
    if backend.state.documents.version(&uri).is_none() {
        backend
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}

/// `textDocument/diagnostic`: a full report for the current version (empty for unknown URIs).
pub(crate) fn pull(
    state: &SharedState,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let uri = params.text_document.uri;
    let (items, result_id) = match state.analysis(&uri) {
        Some((snapshot, analysis, _)) => (
            to_lsp(state, &uri, &snapshot, &analysis),
            Some(snapshot.version.to_string()),
        ),
        None => (Vec::new(), None),
    };
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
