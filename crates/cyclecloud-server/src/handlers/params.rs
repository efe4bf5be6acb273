//! Parameter files (JSON documents a `[[params]]` glob maps to a template): CC07xx diagnostics,
//! completion and hover. The analysis crate decides; this finds the template's model (its open
//! analysis, else the file read from inside the workspace), converts positions and publishes.

use std::path::Path;
use std::sync::Arc;

use cyclecloud_analysis::params_file::{self, ParamsCompletionKind};
use cyclecloud_analysis::{Model, Settings};
use cyclecloud_syntax::Snapshot;
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::params_documents::{read_template, template_of};
use crate::plain_documents::PlainDocument;
use crate::server::{Backend, SharedState};

/// An open parameter file with the model and settings of the template it is for.
struct ParamsContext {
    document: PlainDocument,
    model: Arc<Model>,
    settings: Settings,
}

/// The open template document at `path`, if any.
fn open_template(state: &SharedState, path: &Path) -> Option<Uri> {
    let wanted = path.canonicalize().ok()?;
    state.documents.uris().into_iter().find(|uri| {
        uri.to_file_path()
            .and_then(|open| open.canonicalize().ok())
            .is_some_and(|open| open == wanted)
    })
}

async fn context(state: &SharedState, uri: &Uri) -> Option<ParamsContext> {
    let document = state.params_documents.get(uri)?;
    let path = uri.to_file_path()?.into_owned();
    let (template, _) = template_of(&path)?;
    // The template's settings: its config file's `[rules]` under the editor's `rules`.
    let editor = state.editor_settings.read().ok()?.clone();
    let (settings, _) = editor.for_document(Some(&template));
    let model = match open_template(state, &template) {
        Some(template_uri) => Arc::clone(&state.analysis(&template_uri).await?.1.model),
        None => {
            let text = read_template(&template, |canonical| state.workspace.contains(canonical))?;
            Arc::new(cyclecloud_analysis::model::build(&Snapshot::parse(&text)))
        }
    };
    Some(ParamsContext {
        document,
        model,
        settings,
    })
}

async fn diagnostics(state: &SharedState, uri: &Uri) -> Option<(i32, Vec<Diagnostic>)> {
    let context = context(state, uri).await?;
    let text = context.document.rope.to_string();
    let encoding = state.client().encoding;
    let mut docs = convert::RuleDocs::new(state.rule_docs_url());
    let found = params_file::check_with_settings(&text, &context.model, &context.settings);
    let mut cursors = convert::DiagnosticCursors::new(&context.document.rope, encoding);
    let items = found
        .iter()
        .map(|found| convert::diagnostic(&mut cursors, uri, &mut docs, found))
        .collect();
    Some((context.document.version, items))
}

/// Publishes a parameter file's diagnostics (nothing for a plain JSON file or a client that
/// pulls), unless it changed meanwhile.
pub(crate) async fn publish(backend: &Backend, uri: &Uri) {
    if backend.state.client().pull_diagnostics {
        return;
    }
    if let Some(found) = diagnostics(&backend.state, uri).await {
        let documents = &backend.state.params_documents;
        super::diagnostics::publish_plain(backend, uri, documents, found).await;
    }
}

/// After a template changed: publishes again the open parameter files that are for it.
pub(crate) async fn template_changed(backend: &Backend, template: &Uri) {
    // Runs on every keystroke before the diagnostics are written out: without an open parameter
    // file there is nothing to recheck, and no reason to ask the file system.
    let open = backend.state.params_documents.uris();
    if open.is_empty() {
        return;
    }
    let Some(template) = template.to_file_path().and_then(|p| p.canonicalize().ok()) else {
        return;
    };
    for uri in open {
        let for_it = uri
            .to_file_path()
            .and_then(|path| template_of(&path))
            .and_then(|(path, _)| path.canonicalize().ok())
            .is_some_and(|path| path == template);
        if for_it {
            publish(backend, &uri).await;
        }
    }
}

/// `textDocument/diagnostic` of a JSON document: its findings, or an empty report.
pub(crate) async fn pull(state: &SharedState, uri: &Uri) -> (Vec<Diagnostic>, Option<String>) {
    match diagnostics(state, uri).await {
        Some((version, items)) => (items, Some(version.to_string())),
        None => (Vec::new(), None),
    }
}

/// Parameter names in keys, allowed values in values; nothing for a plain JSON file.
pub(crate) async fn completion(
    state: &SharedState,
    uri: &Uri,
    position: Position,
) -> Vec<CompletionItem> {
    let Some(context) = context(state, uri).await else {
        return Vec::new();
    };
    let encoding = state.client().encoding;
    let rope = &context.document.rope;
    let offset = convert::offset(rope, position, encoding);
    let text = rope.to_string();
    params_file::completions(&text, offset, &context.model)
        .into_iter()
        .map(|item| CompletionItem {
            label: item.label,
            detail: Some(item.detail),
            kind: Some(match item.kind {
                ParamsCompletionKind::Parameter => CompletionItemKind::PROPERTY,
                ParamsCompletionKind::Value => CompletionItemKind::VALUE,
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: convert::range(rope, item.replace, encoding),
                new_text: item.insert,
            })),
            ..CompletionItem::default()
        })
        .collect()
}

/// The parameter's label, type and description; nothing for a plain JSON file.
pub(crate) async fn hover(state: &SharedState, uri: &Uri, position: Position) -> Option<Hover> {
    let context = context(state, uri).await?;
    let encoding = state.client().encoding;
    let rope = &context.document.rope;
    let offset = convert::offset(rope, position, encoding);
    let found = params_file::hover(&rope.to_string(), offset, &context.model)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(convert::range(rope, found.range, encoding)),
    })
}
