//! The requests whose answers grow with the document (document symbols, semantic tokens,
//! folding ranges), answered without tower-lsp-server's method router: their results are written
//! straight to JSON text in the outbox.
//!
//! The router turns every result into a `serde_json::Value` first, each JSON object a
//! `BTreeMap` whose first node has room for 11 entries: answering the document symbols of a
//! 100,000-line template (6 MB of JSON) took 145 MiB more for a moment, and more time building
//! and freeing that tree than computing the symbols. [`answer`] takes such a request only in the
//! ordinary state of a session (initialized, not shut down, output over stdio) and with params
//! that parse; anything else goes on to the router, which gives the errors it always gave. Not
//! taken over: cancelling (`$/cancelRequest`) one of these requests, which the router would do
//! only before it starts.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use futures::future::{self, BoxFuture, FutureExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Request;

use crate::handlers::{document_symbol, folding_range, semantic_tokens};
use crate::server::SharedState;

/// An answer at least this long is followed by giving the freed memory back, as a closed
/// document's is (a template of tens of thousands of lines has answers this long).
pub(crate) const LARGE_ANSWER: usize = 1 << 20;

/// Answers `request` here when it is one of these methods and the session is in its ordinary
/// state; `None` leaves it to the router.
pub(crate) fn answer(
    state: &Arc<SharedState>,
    request: &Request,
) -> Option<BoxFuture<'static, ()>> {
    let id = request.id()?.clone();
    let outbox = state.outbox()?.clone();
    if !state.initialized() || state.shutdown_requested.load(Ordering::SeqCst) {
        return None;
    }
    let params = request.params()?;
    let state = Arc::clone(state);
    let result: BoxFuture<'static, Vec<u8>> = match request.method() {
        "textDocument/documentSymbol" => {
            let params = parse(params)?;
            async move { json(&document_symbol::document_symbol(&state, params).await) }.boxed()
        }
        "textDocument/semanticTokens/full" => {
            let params = parse(params)?;
            async move { json(&semantic_tokens::full(&state, params).await) }.boxed()
        }
        "textDocument/semanticTokens/full/delta" => {
            let params = parse(params)?;
            async move { json(&semantic_tokens::full_delta(&state, params).await) }.boxed()
        }
        "textDocument/foldingRange" => {
            let params = parse(params)?;
            future::ready(json(&folding_range::folding_range(&state, params))).boxed()
        }
        _ => return None,
    };
    Some(
        async move {
            let result = result.await;
            if outbox.respond_with_result(&id, result).await >= LARGE_ANSWER {
                crate::state::after_drops(crate::allocator::give_back_free_memory);
            }
        }
        .boxed(),
    )
}

fn parse<T: DeserializeOwned>(params: &Value) -> Option<T> {
    T::deserialize(params).ok()
}

/// `result` as JSON text (`null` for `None`, as the router writes it).
fn json(result: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(result).unwrap_or_else(|_| b"null".to_vec())
}
