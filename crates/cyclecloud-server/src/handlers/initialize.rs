//! `initialize`: read what the client supports (the position encoding among it) once, read
//! initializationOptions, announce capabilities.

use tower_lsp_server::ls_types::*;

use crate::capabilities::ClientSupport;
use crate::convert;
use crate::handlers;
use crate::server::SharedState;
use crate::settings::EditorSettings;

/// Characters after which editors should ask for completions without a keystroke shortcut.
pub(crate) const TRIGGER_CHARACTERS: [&str; 7] = ["$", "[", "=", ".", "{", "(", " "];

pub(crate) fn initialize(state: &SharedState, params: InitializeParams) -> InitializeResult {
    let client = ClientSupport::from_capabilities(&params.capabilities);
    state.set_client(client);
    state.workspace.remember(&params);
    if let Some(options) = &params.initialization_options {
        let (settings, _problems) = EditorSettings::from_json(options);
        if let Ok(mut current) = state.editor_settings.write() {
            *current = settings;
        }
    }
    let (encoding, pull) = (client.encoding, client.pull_diagnostics);

    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(convert::encoding_kind(encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    // A saved `project.ini` is read again (for clients without a file watcher).
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
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
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: super::execute_command::commands(),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
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
