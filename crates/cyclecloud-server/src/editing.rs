//! What the editing features remember between requests: per document, the last semantic
//! tokens sent, so a `semanticTokens/full/delta` request can be answered with edits on that
//! array. (The client's capabilities for them are in [`crate::capabilities`].)

use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use tower_lsp_server::ls_types::{SemanticToken, Uri};

/// Editing-feature state shared by the handlers.
#[derive(Default)]
pub struct EditingState {
    /// The last tokens sent per document, with their result id.
    pub(crate) sent_tokens: DashMap<Uri, (String, Vec<SemanticToken>)>,
    next_result_id: AtomicU64,
}

impl EditingState {
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
