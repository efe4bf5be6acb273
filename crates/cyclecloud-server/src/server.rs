//! The method table: which LSP methods the server answers and where each is handled.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock, RwLock};

use cyclecloud_analysis::Analysis;
use dashmap::DashMap;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::capabilities::ClientSupport;
use crate::handlers;
use crate::settings::EditorSettings;
use crate::state::{DocumentSnapshot, NotAnalysed, Session};

/// State shared by the ordered sync layer and the handlers.
#[derive(Default)]
pub struct SharedState {
    /// Open documents and their analyses.
    pub documents: Arc<Session>,
    /// Open JSON documents (parameter files or not), never analysed as templates.
    pub params_documents: crate::plain_documents::PlainDocuments,
    /// Open `project.ini` files, never analysed as templates.
    pub project_ini_documents: crate::plain_documents::PlainDocuments,
    /// What the client supports, set once at `initialize`.
    client: OnceLock<ClientSupport>,
    /// The editor's settings.
    pub editor_settings: RwLock<EditorSettings>,
    /// Analysis settings per document (config file lookups are cached until settings change).
    pub(crate) settings_cache: DashMap<Uri, Arc<cyclecloud_analysis::Settings>>,
    /// `shutdown` arrived; `exit` then ends the process with 0.
    pub shutdown_requested: AtomicBool,
    /// Documentation of the last completion list, for clients that resolve it lazily.
    pub(crate) completion: crate::handlers::completion::CompletionState,
    /// Serialises publishing so an older version's diagnostics never follow a newer one's.
    pub(crate) publish_lock: tokio::sync::Mutex<()>,
    /// Where publishes go over stdio (`outgoing`); in process (fuzzing) they go through
    /// tower-lsp-server's client instead.
    outbox: OnceLock<crate::outgoing::Outbox>,
    /// The semantic tokens last sent per document.
    pub editing: crate::editing::EditingState,
    /// Workspace folders and the symbol index of their templates.
    pub workspace: crate::workspace::WorkspaceIndex,
    /// Problems with the VM size file already reported: every template of a project names the
    /// same file, and one message is enough.
    pub(crate) vm_size_problems: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl SharedState {
    /// What the client supports: read once at `initialize`; the baseline before it.
    pub fn client(&self) -> &ClientSupport {
        self.client.get().unwrap_or(&ClientSupport::BASELINE)
    }

    /// Whether `initialize` has been handled.
    pub(crate) fn initialized(&self) -> bool {
        self.client.get().is_some()
    }

    /// Where publishes go, when the server runs over stdio.
    pub(crate) fn outbox(&self) -> Option<&crate::outgoing::Outbox> {
        self.outbox.get()
    }

    /// Sends publishes through `outbox` from now on; the first call wins.
    pub(crate) fn set_outbox(&self, outbox: crate::outgoing::Outbox) {
        let _ = self.outbox.set(outbox);
    }

    /// Stores what `initialize` declared; the first call wins (`initialize` comes once).
    pub(crate) fn set_client(&self, support: ClientSupport) {
        let _ = self.client.set(support);
    }

    /// Where a diagnostic's code links to: the editor's `ruleDocsUrl`, else the project's docs.
    pub(crate) fn rule_docs_url(&self) -> String {
        self.editor_settings
            .read()
            .ok()
            .and_then(|settings| settings.rule_docs_url.clone())
            .unwrap_or_else(|| crate::convert::DEFAULT_RULE_DOCS_URL.to_owned())
    }

    /// The analysis settings for a document: config file + editor settings + the project it
    /// belongs to, cached.
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
        let (mut settings, mut problems) = editor.for_document(path.as_deref());
        settings.project = path
            .as_deref()
            .and_then(|path| crate::projects::project_facts(&self.workspace, path));
        settings.script_reads = self.workspace.scripts.reads();
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

    /// The current version and its analysis, with the settings problems to report if the
    /// settings were read for it. Waits for an analysis of the current version that is
    /// running; follows the document when a newer version arrives first.
    pub(crate) async fn analysis(
        &self,
        uri: &Uri,
    ) -> Option<(DocumentSnapshot, Arc<Analysis>, Vec<String>)> {
        loop {
            let version = self.documents.version(uri)?;
            match self.analysis_of(uri, version).await {
                Ok(found) => return Some(found),
                Err(NotAnalysed::Superseded) => continue,
                Err(NotAnalysed::Closed | NotAnalysed::Failed) => return None,
            }
        }
    }

    /// The analysis of `version`, unless a newer version replaced it before it started. New
    /// settings arriving meanwhile only mean analysing again with them.
    pub(crate) async fn analysis_of(
        &self,
        uri: &Uri,
        version: i32,
    ) -> std::result::Result<(DocumentSnapshot, Arc<Analysis>, Vec<String>), NotAnalysed> {
        loop {
            // The epoch first: settings read after it are at least as new as it says.
            let epoch = self.documents.settings_epoch();
            let (settings, problems) = self.settings_for(uri);
            match self
                .documents
                .analysis(uri, version, epoch, &settings)
                .await
            {
                Ok((snapshot, analysis)) => return Ok((snapshot, analysis, problems)),
                Err(NotAnalysed::Superseded) if self.documents.version(uri) == Some(version) => {}
                Err(reason) => return Err(reason),
            }
        }
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
        handlers::watched_files::register(self);
        handlers::configuration::pull(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        if self.state.params_documents.contains(&document.uri) {
            return handlers::params::publish(self, &document.uri).await;
        }
        if self.state.project_ini_documents.contains(&document.uri) {
            return handlers::project_ini::publish(self, &document.uri).await;
        }
        handlers::watched_files::document_edited(self, &document.uri).await;
        handlers::diagnostics::publish(self, &document.uri, document.version).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        if self.state.params_documents.contains(&document.uri) {
            return handlers::params::publish(self, &document.uri).await;
        }
        if self.state.project_ini_documents.contains(&document.uri) {
            return handlers::project_ini::publish(self, &document.uri).await;
        }
        handlers::watched_files::document_edited(self, &document.uri).await;
        handlers::diagnostics::publish(self, &document.uri, document.version).await;
        handlers::params::template_changed(self, &document.uri).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::project_ini::saved(self, &params.text_document.uri).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::watched_files::changed(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.editing.forget(&params.text_document.uri);
        // Reopening reads the config file and the project (`project.ini`, specs) again.
        self.state.settings_cache.remove(&params.text_document.uri);
        handlers::workspace_scan::document_closed(&self.state, &params.text_document.uri);
        // The document was queued to be freed when it was closed (`OrderedSync`); once it is,
        // the memory it held goes back to the system, before the close is answered.
        let (given_back, freed) = tokio::sync::oneshot::channel();
        crate::state::after_drops(move || {
            crate::allocator::give_back_free_memory();
            let _ = given_back.send(());
        });
        let _ = freed.await;
        handlers::diagnostics::clear(self, params.text_document.uri.clone()).await;
        handlers::watched_files::document_closed(self, &params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::configuration::changed(self, params).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        Ok(handlers::diagnostics::pull(&self.state, params).await)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = &params.text_document_position;
        if self
            .state
            .params_documents
            .contains(&position.text_document.uri)
        {
            let items = handlers::params::completion(
                &self.state,
                &position.text_document.uri,
                position.position,
            )
            .await;
            return Ok(Some(CompletionResponse::Array(items)));
        }
        Ok(handlers::completion::completion(&self.state, params).await)
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        Ok(handlers::completion::resolve(&self.state, item))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = &params.text_document_position_params;
        if self
            .state
            .params_documents
            .contains(&position.text_document.uri)
        {
            let uri = &position.text_document.uri;
            return Ok(handlers::params::hover(&self.state, uri, position.position).await);
        }
        let uri = &position.text_document.uri;
        if self.state.project_ini_documents.contains(uri) {
            return Ok(handlers::project_ini::hover(
                &self.state,
                uri,
                position.position,
            ));
        }
        Ok(handlers::hover::hover(&self.state, params).await)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::code_action(&self.state, params).await)
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        handlers::execute_command::execute_command(&self.state, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(handlers::inlay_hint::inlay_hint(&self.state, params).await)
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
        Ok(handlers::semantic_tokens::full(&self.state, params)
            .await
            .map(SemanticTokensResult::Tokens))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        Ok(handlers::semantic_tokens::full_delta(&self.state, params).await)
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
        Ok(handlers::definition::goto_definition(&self.state, params).await)
    }

    async fn goto_declaration(
        &self,
        params: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        Ok(handlers::definition::goto_definition(&self.state, params).await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(handlers::references::references(&self.state, params).await)
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        Ok(handlers::document_highlight::document_highlight(&self.state, params).await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare_rename(&self.state, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(&self.state, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::document_symbol::document_symbol(&self.state, params).await)
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
        Ok(handlers::document_link::document_link(&self.state, params).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The editor's settings arriving while a version's analysis is queued (as the pull after
    /// `initialized` can) do not cost that version its diagnostics: it is analysed again with
    /// the new settings.
    #[tokio::test]
    async fn new_settings_while_a_version_is_queued_mean_analysing_it_again() {
        let state = Arc::new(SharedState::default());
        let uri: Uri = "file:///w/a.txt".parse().expect("uri");
        state
            .documents
            .open(uri.clone(), "[cluster c]\n[[node n]]\n", 1);
        let workers = state.documents.hold_workers();
        let asking = {
            let state = Arc::clone(&state);
            let uri = uri.clone();
            tokio::spawn(async move { state.analysis_of(&uri, 1).await })
        };
        for _ in 0..8 {
            tokio::task::yield_now().await;
        }
        state.documents.settings_changed();
        drop(workers);
        let (snapshot, _, _) = asking.await.expect("task").expect("analysed");
        assert_eq!(snapshot.version, 1);
        assert_eq!(
            state.documents.analyses_run(),
            1,
            "the queued one was skipped"
        );
    }
}
