//! `initialize`: negotiate the position encoding, read initializationOptions, announce
//! capabilities.

use std::sync::atomic::Ordering;

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::handlers;
use crate::server::SharedState;
use crate::settings::EditorSettings;

/// Characters after which editors should ask for completions without a keystroke shortcut.
pub(crate) const TRIGGER_CHARACTERS: [&str; 7] = ["$", "[", "=", ".", "{", "(", " "];

pub(crate) fn initialize(state: &SharedState, params: InitializeParams) -> InitializeResult {
    let encoding = convert::negotiate_encoding(&params.capabilities);
    state.workspace.remember(&params);
    state.set_encoding(encoding);
    state.editing.read_capabilities(&params.capabilities);
    if let Some(options) = &params.initialization_options {
        let (settings, _problems) = EditorSettings::from_json(options);
        if let Ok(mut current) = state.editor_settings.write() {
            *current = settings;
        }
    }
    let text_document = params.capabilities.text_document.as_ref();
    let pull = text_document.is_some_and(|td| td.diagnostic.is_some());
    state.pull_diagnostics.store(pull, Ordering::SeqCst);
    let completion_item = text_document
        .and_then(|td| td.completion.as_ref())
        .and_then(|completion| completion.completion_item.as_ref());
    let snippets = completion_item
        .and_then(|item| item.snippet_support)
        .unwrap_or(false);
    state.snippets.store(snippets, Ordering::SeqCst);
    let lazy_documentation = completion_item
        .and_then(|item| item.resolve_support.as_ref())
        .is_some_and(|resolve| resolve.properties.iter().any(|p| p == "documentation"));
    state
        .completion
        .lazy_documentation
        .store(lazy_documentation, Ordering::SeqCst);
    let workspace = params.capabilities.workspace.as_ref();
    let configuration = workspace.and_then(|w| w.configuration).unwrap_or(false);
    let refresh = workspace
        .and_then(|w| w.diagnostics.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    state.diagnostic_refresh.store(refresh, Ordering::SeqCst);
    let inlay_refresh = workspace
        .and_then(|w| w.inlay_hint.as_ref())
        .and_then(|i| i.refresh_support)
        .unwrap_or(false);
    state
        .inlay_hint_refresh
        .store(inlay_refresh, Ordering::SeqCst);
    state
        .configuration_requests
        .store(configuration, Ordering::SeqCst);

    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(convert::encoding_kind(encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    TRIGGER_CHARACTERS.iter().map(|c| (*c).to_owned()).collect(),
                ),
                resolve_provider: Some(true),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    super::code_action::FIX_ALL,
                ]),
                ..CodeActionOptions::default()
            })),
            inlay_hint_provider: Some(OneOf::Left(true)),
            signature_help_provider: Some(SignatureHelpOptions {
                trigger_characters: Some(
                    super::signature_help::TRIGGER_CHARACTERS
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect(),
                ),
                ..SignatureHelpOptions::default()
            }),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(handlers::semantic_tokens::capability()),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            definition_provider: Some(OneOf::Left(true)),
            declaration_provider: Some(DeclarationCapability::Simple(true)),
            references_provider: Some(OneOf::Left(true)),
            document_highlight_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("cyclecloud-lsp".to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "cyclecloud-lsp".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    }
}
