//! What the editing features (folding, semantic tokens) need to remember: the client's
//! capabilities for them and, per document, the last semantic tokens sent, so a
//! `semanticTokens/full/delta` request can be answered with edits on that array.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use dashmap::DashMap;
use tower_lsp_server::ls_types::{ClientCapabilities, SemanticToken, Uri};

/// Editing-feature state shared by the handlers.
#[derive(Default)]
pub struct EditingState {
    /// The client shows folds by whole lines only (`foldingRange.lineFoldingOnly`).
    pub(crate) line_folding_only: AtomicBool,
    /// The client accepts tokens spanning lines (`semanticTokens.multilineTokenSupport`).
    pub(crate) multiline_tokens: AtomicBool,
    /// The last tokens sent per document, with their result id.
    pub(crate) sent_tokens: DashMap<Uri, (String, Vec<SemanticToken>)>,
    next_result_id: AtomicU64,
}

impl EditingState {
    /// Reads the client's folding and semantic-token capabilities at `initialize`.
    pub(crate) fn read_capabilities(&self, capabilities: &ClientCapabilities) {
        let text_document = capabilities.text_document.as_ref();
        let line_folding_only = text_document
            .and_then(|td| td.folding_range.as_ref())
            .and_then(|folding| folding.line_folding_only)
            .unwrap_or(false);
        let multiline = text_document
            .and_then(|td| td.semantic_tokens.as_ref())
            .and_then(|tokens| tokens.multiline_token_support)
            .unwrap_or(false);
        self.line_folding_only
            .store(line_folding_only, Ordering::SeqCst);
        self.multiline_tokens.store(multiline, Ordering::SeqCst);
    }

    /// Remembers the tokens sent for a document and returns their new result id.
    pub(crate) fn remember_tokens(&self, uri: &Uri, tokens: Vec<SemanticToken>) -> String {
        let id = self.next_result_id.fetch_add(1, Ordering::SeqCst) + 1;
        let id = id.to_string();
        self.sent_tokens.insert(uri.clone(), (id.clone(), tokens));
        id
    }

    /// Drops what is remembered for a closed document.
    pub(crate) fn forget(&self, uri: &Uri) {
        self.sent_tokens.remove(uri);
    }
}
