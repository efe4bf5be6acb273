//! The method table: which LSP methods the server answers and where each is handled.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, RwLock};

use cyclecloud_analysis::{analyze, analyze_cached, Analysis};
use cyclecloud_syntax::PositionEncoding;
use dashmap::DashMap;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::documents::{DocumentSnapshot, DocumentStore};
use crate::handlers;
use crate::settings::EditorSettings;

/// State shared by the ordered sync layer and the handlers.
#[derive(Default)]
pub struct SharedState {
    /// Open documents.
    pub documents: DocumentStore,
    encoding: AtomicU8,
    /// The editor's settings.
    pub editor_settings: RwLock<EditorSettings>,
    /// Analysis settings per document (config file lookups are cached until settings change).
    pub(crate) settings_cache: DashMap<Uri, Arc<cyclecloud_analysis::Settings>>,
    /// `shutdown` arrived; `exit` then ends the process with 0.
    pub shutdown_requested: AtomicBool,
    /// The client pulls diagnostics (`textDocument/diagnostic`), so the server does not push.
    pub pull_diagnostics: AtomicBool,
    /// The client handles `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: AtomicBool,
    /// The client accepts snippet completions.
    pub snippets: AtomicBool,
    /// Documentation of the last completion list, for clients that resolve it lazily.
    pub(crate) completion: crate::handlers::completion::CompletionState,
    /// The client answers `workspace/configuration`.
    pub configuration_requests: AtomicBool,
    /// The client handles `workspace/inlayHint/refresh` (asked after a settings change).
    pub inlay_hint_refresh: AtomicBool,
    /// Serialises publishing so an older version's diagnostics never follow a newer one's.
    pub(crate) publish_lock: tokio::sync::Mutex<()>,
    /// Folding and semantic-token capabilities, and the semantic tokens last sent.
    pub editing: crate::editing::EditingState,
    /// Workspace folders and the symbol index of their templates.
    pub workspace: crate::workspace::WorkspaceIndex,
    /// Problems with the VM size file already reported: every template of a project names the
    /// same file, and one message is enough.
    pub(crate) vm_size_problems: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl SharedState {
    /// The position encoding negotiated at `initialize`.
    pub fn encoding(&self) -> PositionEncoding {
        match self.encoding.load(Ordering::SeqCst) {
            1 => PositionEncoding::Utf8,
            3 => PositionEncoding::Utf32,
            _ => PositionEncoding::Utf16,
        }
    }

    pub(crate) fn set_encoding(&self, encoding: PositionEncoding) {
        let value = match encoding {
            PositionEncoding::Utf8 => 1,
            PositionEncoding::Utf16 => 2,
            PositionEncoding::Utf32 => 3,
        };
        self.encoding.store(value, Ordering::SeqCst);
    }

    /// The analysis settings for a document: config file + editor settings, cached.
    pub(crate) fn settings_for(
        &self,
        uri: &Uri,
    ) -> (Arc<cyclecloud_analysis::Settings>, Vec<String>) {
        if let Some(cached) = self.settings_cache.get(uri) {
            return (Arc::clone(&cached), Vec::new());
        }
        let path: Option<PathBuf> = uri.to_file_path().map(|path| path.into_owned());
        let editor = self
            .editor_settings
            .read()
            .map(|settings| settings.clone())
            .unwrap_or_default();
        let (settings, mut problems) = editor.for_document(path.as_deref());
        if let Ok(mut reported) = self.vm_size_problems.lock() {
            problems.retain(|problem| {
                !problem.ends_with(crate::settings::VM_SIZES_FALLBACK)
                    || reported.insert(problem.clone())
            });
        }
        let settings = Arc::new(settings);
        self.settings_cache
            .insert(uri.clone(), Arc::clone(&settings));
        (settings, problems)
    }

    /// The current snapshot and its analysis (cached per version).
    pub(crate) fn analysis(
        &self,
        uri: &Uri,
    ) -> Option<(DocumentSnapshot, Arc<Analysis>, Vec<String>)> {
        let snapshot = self.documents.snapshot(uri)?;
        if let Some(analysis) = self.documents.cached_analysis(uri, snapshot.version) {
            return Some((snapshot, analysis, Vec::new()));
        }
        let (settings, problems) = self.settings_for(uri);
        // Reuse what the previous version's analysis read; if another handler is analysing
        // this document right now, do not wait for it.
        let analysis = match self.documents.model_cache(uri) {
            Some(cache) => match cache.try_lock() {
                Ok(mut cache) => {
                    let analysis = analyze_cached(&snapshot.syntax, &settings, &mut cache);
                    crate::documents::drop_later(cache.take_retired());
                    analysis
                }
                Err(_) => analyze(&snapshot.syntax, &settings),
            },
            None => analyze(&snapshot.syntax, &settings),
        };
        let analysis = Arc::new(analysis);
        self.documents
            .store_analysis(uri, snapshot.version, Arc::clone(&analysis));
        Some((snapshot, analysis, problems))
    }
}

/// The `LanguageServer` implementation: one line per method, each delegating to a handler.
pub struct Backend {
    pub(crate) client: Client,
    pub(crate) state: Arc<SharedState>,
}

impl Backend {
    /// Creates the backend for one connection.
    pub fn new(client: Client, state: Arc<SharedState>) -> Backend {
        Backend { client, state }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::initialize(&self.state, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::workspace_scan::start(self);
        handlers::configuration::pull(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::diagnostics::publish(self, &params.text_document.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::diagnostics::publish(self, &params.text_document.uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.editing.forget(&params.text_document.uri);
        handlers::workspace_scan::document_closed(&self.state, &params.text_document.uri);
        handlers::diagnostics::clear(self, params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::configuration::changed(self, params).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        Ok(handlers::diagnostics::pull(&self.state, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(handlers::completion::completion(&self.state, params))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        Ok(handlers::completion::resolve(&self.state, item))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::hover(&self.state, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::code_action(&self.state, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(handlers::inlay_hint::inlay_hint(&self.state, params))
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        Ok(handlers::signature_help::signature_help(
            &self.state,
            params,
        ))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(handlers::folding_range::folding_range(&self.state, params))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        Ok(handlers::selection_range::selection_range(
            &self.state,
            params,
        ))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(handlers::semantic_tokens::full(&self.state, params).map(SemanticTokensResult::Tokens))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        Ok(handlers::semantic_tokens::full_delta(&self.state, params))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(handlers::formatting::formatting(&self.state, params))
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        Ok(handlers::formatting::range_formatting(&self.state, params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        Ok(handlers::definition::goto_definition(&self.state, params))
    }

    async fn goto_declaration(
        &self,
        params: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        Ok(handlers::definition::goto_definition(&self.state, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(handlers::references::references(&self.state, params))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        Ok(handlers::document_highlight::document_highlight(
            &self.state,
            params,
        ))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare_rename(&self.state, params)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(&self.state, params)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::document_symbol::document_symbol(
            &self.state,
            params,
        ))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        Ok(Some(handlers::workspace_symbol::symbol(
            &self.state,
            params,
        )))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(handlers::document_link::document_link(&self.state, params))
    }
}
