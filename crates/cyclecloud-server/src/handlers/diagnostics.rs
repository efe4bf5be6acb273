//! Diagnostics: pushed with the document version after every change (unless the client pulls
//! them), and answered for `textDocument/diagnostic`.

use std::sync::Arc;

use cyclecloud_analysis::navigation::is_cluster_init_script;
use cyclecloud_analysis::project::check_open_script;
use cyclecloud_analysis::Analysis;
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::diagnostic_json::DiagnosticWriter;
use crate::server::{Backend, SharedState};
use crate::state::DocumentSnapshot;

fn to_lsp(
    state: &SharedState,
    uri: &Uri,
    snapshot: &DocumentSnapshot,
    analysis: &Analysis,
) -> Vec<Diagnostic> {
    let encoding = state.client().encoding;
    let mut docs = convert::RuleDocs::new(state.rule_docs_url());
    let script_findings = open_script_findings(state, uri, snapshot);
    let mut cursors = convert::DiagnosticCursors::new(snapshot.syntax.rope(), encoding);
    script_findings
        .as_ref()
        .unwrap_or(&analysis.diagnostics)
        .iter()
        .map(|diagnostic| convert::diagnostic(&mut cursors, uri, &mut docs, diagnostic))
        .collect()
}

/// From this many diagnostics on, [`to_lsp_json`] converts them on two threads.
const TWO_THREADS_FROM: usize = 2_000;

/// What [`to_lsp`] gives, as the pieces of one JSON array: each diagnostic is written as soon
/// as it is converted and then freed (on the 10 MB bench template, 24,535 of them, building
/// them all before writing any, then freeing them, cost about 60 ms), many in two halves on
/// two threads.
fn to_lsp_json(
    state: &SharedState,
    uri: &Uri,
    snapshot: &DocumentSnapshot,
    analysis: &Analysis,
) -> Vec<Vec<u8>> {
    let encoding = state.client().encoding;
    let docs_url = state.rule_docs_url();
    let rope = snapshot.syntax.rope();
    let script_findings = open_script_findings(state, uri, snapshot);
    let items = script_findings.as_ref().unwrap_or(&analysis.diagnostics);
    // `open`, the items with commas between them, `close`.
    let write = |items: &[cyclecloud_analysis::Diagnostic], open: &[u8], close: &[u8]| {
        // About what the diagnostics take in JSON (a buffer grown by doubling can hold twice
        // as much as it needs, megabytes for a large file).
        let size = |item: &cyclecloud_analysis::Diagnostic| {
            let related = item.related.iter();
            256 + docs_url.len()
                + item.message.len()
                + related
                    .map(|related| 128 + uri.as_str().len() + related.message.len())
                    .sum::<usize>()
        };
        let mut json = Vec::with_capacity(items.iter().map(size).sum::<usize>() + 2);
        json.extend_from_slice(open);
        let docs = convert::RuleDocs::new(docs_url.clone());
        let mut writer = DiagnosticWriter::new(rope, encoding, uri, docs);
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                json.push(b',');
            }
            writer.write(item, &mut json);
        }
        json.extend_from_slice(close);
        json
    };
    if items.len() < TWO_THREADS_FROM {
        return vec![write(items, b"[", b"]")];
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new().spawn_scoped(scope, || write(second, b",", b"]"));
        let first = write(first, b"[", b"");
        let second = match helper {
            Ok(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: this one writes both halves.
            Err(_) => write(second, b",", b"]"),
        };
        vec![first, second]
    })
}

/// An open cluster-init script gets the script checks instead of a template's: its editor text
/// beside the other scripts of its spec as the project index last read them (no disk read).
fn open_script_findings(
    state: &SharedState,
    uri: &Uri,
    snapshot: &DocumentSnapshot,
) -> Option<Vec<cyclecloud_analysis::Diagnostic>> {
    let path = uri
        .to_file_path()
        .filter(|path| is_cluster_init_script(path))?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    // `specs/SPEC/cluster-init/scripts/NAME`: the spec is three folders up.
    let spec = path.ancestors().nth(3)?.file_name()?.to_string_lossy();
    let (settings, _) = state.settings_for(uri);
    let folder = settings
        .project
        .as_ref()
        .and_then(|project| {
            project
                .specs
                .iter()
                .find(|known| known.name == spec)
                .map(|known| known.scripts.clone())
        })
        .unwrap_or_default();
    let text = snapshot.syntax.rope().to_string();
    Some(check_open_script(&name, &text, &folder, &settings))
}

/// After `didOpen`/`didChange` of `version`: analyse it and publish, unless the client pulls or
/// a newer version arrived before its analysis started (that version's own handler publishes).
pub(crate) async fn publish(backend: &Backend, uri: &Uri, version: i32) {
    if backend.state.client().pull_diagnostics {
        return;
    }
    if let Ok(analysed) = backend.state.analysis_of(uri, version).await {
        send(backend, uri, analysed).await;
    }
}

/// Publishes the current version's diagnostics after a settings change (or, for a client that
/// pulls, asks it to pull again).
pub(crate) async fn republish(backend: &Backend, uri: &Uri) {
    if backend.state.client().pull_diagnostics {
        // Never wait on the client without a limit.
        if backend.state.client().diagnostic_refresh {
            let refresh = backend.client.workspace_diagnostic_refresh();
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), refresh).await;
        }
        return;
    }
    if let Some(analysed) = backend.state.analysis(uri).await {
        send(backend, uri, analysed).await;
    }
}

async fn send(
    backend: &Backend,
    uri: &Uri,
    (snapshot, analysis, problems): (DocumentSnapshot, Arc<Analysis>, Vec<String>),
) {
    for problem in problems {
        backend
            .client
            .log_message(MessageType::WARNING, problem)
            .await;
    }
    let diagnostics = match backend.state.outbox() {
        Some(_) => Items::Json(to_lsp_json(&backend.state, uri, &snapshot, &analysis)),
        None => Items::Lsp(to_lsp(&backend.state, uri, &snapshot, &analysis)),
    };
    // Check and send under one lock, so an older version can never be sent after a newer one.
    let _guard = backend.state.publish_lock.lock().await;
    if backend.state.documents.revision(uri) != Some(snapshot.revision) {
        return;
    }
    deliver(backend, uri.clone(), diagnostics, Some(snapshot.version)).await;
}

/// Diagnostics to publish: as LSP values, or as the pieces of their JSON array (a template's,
/// over stdio).
enum Items {
    Lsp(Vec<Diagnostic>),
    Json(Vec<Vec<u8>>),
}

/// Sends a publish: over stdio straight to JSON text (`outgoing`: no `serde_json::Value`),
/// in process through tower-lsp-server's client.
async fn deliver(backend: &Backend, uri: Uri, diagnostics: Items, version: Option<i32>) {
    match (backend.state.outbox(), diagnostics) {
        (Some(outbox), Items::Json(json)) => {
            outbox.publish_diagnostics(&uri, version, json).await;
        }
        (Some(outbox), Items::Lsp(diagnostics)) => {
            // Plain LSP types always serialise.
            let json = serde_json::to_vec(&diagnostics).unwrap_or_else(|_| b"[]".to_vec());
            outbox.publish_diagnostics(&uri, version, vec![json]).await;
        }
        (None, diagnostics) => {
            let diagnostics = match diagnostics {
                Items::Lsp(diagnostics) => diagnostics,
                // Not made without an outbox (see `send`); read back all the same.
                Items::Json(json) => serde_json::from_slice(&json.concat()).unwrap_or_default(),
            };
            backend
                .client
                .publish_diagnostics(uri, diagnostics, version)
                .await
        }
    }
}

/// Publishes `items` for an open plain document (a parameter file, a `project.ini`) of
/// `documents` when it is still at `version`: checked and sent under the publish lock, as for
/// templates. Callers skip it for a client that pulls.
pub(crate) async fn publish_plain(
    backend: &Backend,
    uri: &Uri,
    documents: &crate::plain_documents::PlainDocuments,
    (version, items): (i32, Vec<Diagnostic>),
) {
    let _guard = backend.state.publish_lock.lock().await;
    if documents.get(uri).map(|document| document.version) == Some(version) {
        deliver(backend, uri.clone(), Items::Lsp(items), Some(version)).await;
    }
}

/// After `didClose`: clear what was shown.
pub(crate) async fn clear(backend: &Backend, uri: Uri) {
    if backend.state.client().pull_diagnostics {
        return;
    }
    let _guard = backend.state.publish_lock.lock().await;
    if backend.state.documents.version(&uri).is_none() {
        deliver(backend, uri, Items::Lsp(Vec::new()), None).await;
    }
}

/// `textDocument/diagnostic`: a full report for the current version (empty for unknown URIs).
pub(crate) async fn pull(
    state: &SharedState,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let uri = params.text_document.uri;
    let (items, result_id) = if state.params_documents.contains(&uri) {
        crate::handlers::params::pull(state, &uri).await
    } else if state.project_ini_documents.contains(&uri) {
        crate::handlers::project_ini::pull(state, &uri).await
    } else {
        match state.analysis(&uri).await {
            Some((snapshot, analysis, _)) => (
                to_lsp(state, &uri, &snapshot, &analysis),
                Some(snapshot.version.to_string()),
            ),
            None => (Vec::new(), None),
        }
    };
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
