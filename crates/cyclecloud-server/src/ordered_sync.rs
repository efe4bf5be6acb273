//! Text sync applied in arrival order, before any handler runs.
//!
//! tower-lsp-server (like tower-lsp, issue 284) runs notification handlers concurrently, so a
//! handler that awaits lets a later `didChange` overtake an earlier one. The transport does call
//! `Service::call` once per message, in arrival order, so this layer applies `didOpen`,
//! `didChange` and `didClose` right there, synchronously, and only then passes the message on.
//! Handlers see the text as it is after every change that arrived before them.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::Deserialize;
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::server::SharedState;

/// The layer in front of `LspService`.
pub struct OrderedSync<S> {
    inner: S,
    state: Arc<SharedState>,
}

impl<S> OrderedSync<S> {
    /// Wraps the service; `state` is shared with the handlers.
    pub fn new(inner: S, state: Arc<SharedState>) -> Self {
        OrderedSync { inner, state }
    }

    fn observe(&self, request: &Request) {
        let params = request.params();
        match request.method() {
            "textDocument/didOpen" => {
                if let Some(params) =
                    params.and_then(|p| lsp::DidOpenTextDocumentParams::deserialize(p).ok())
                {
                    let document = params.text_document;
                    self.state
                        .documents
                        .open(document.uri, &document.text, document.version);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) =
                    params.and_then(|p| lsp::DidChangeTextDocumentParams::deserialize(p).ok())
                {
                    let encoding = self.state.encoding();
                    let edits = convert::position_edits(params.content_changes);
                    self.state.documents.change(
                        &params.text_document.uri,
                        params.text_document.version,
                        &edits,
                        encoding,
                    );
                }
            }
            "textDocument/didClose" => {
                if let Some(params) =
                    params.and_then(|p| lsp::DidCloseTextDocumentParams::deserialize(p).ok())
                {
                    self.state.documents.close(&params.text_document.uri);
                }
            }
            "shutdown" => self.state.shutdown_requested.store(true, Ordering::SeqCst),
            _ => {}
        }
    }
}

impl<S> Service<Request> for OrderedSync<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.observe(&request);
        self.inner.call(request)
    }
}
