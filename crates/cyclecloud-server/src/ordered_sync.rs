//! Text sync applied in arrival order, before any handler runs.
//!
//! tower-lsp-server (like tower-lsp, issue 284) runs notification handlers concurrently, so a
//! handler that awaits lets a later `didChange` overtake an earlier one. The transport does call
//! `Service::call` once per message, in arrival order, so this layer applies `didOpen`,
//! `didChange` and `didClose` right there, synchronously, and only then passes the message on.
//! Handlers see the text as it is after every change that arrived before them.
//!
//! It also takes back the large requests the stdio reader set aside ([`crate::stdio_input`]),
//! answers the requests whose answers grow with the document itself (`large_answers.rs`),
//! and hands every other response to the server's own writer
//! ([`crate::outgoing::Outbox::respond`]).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::future::{self, BoxFuture, Either, FutureExt, Ready};
use serde::Deserialize;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::handlers::project_ini::is_project_ini_uri;
use crate::params_documents::is_json;
use crate::server::SharedState;
use crate::stdio_input::{LargeRequests, INVALID_MESSAGE_METHOD, LARGE_REQUEST_METHOD};

/// The layer in front of `LspService`.
pub struct OrderedSync<S> {
    inner: S,
    state: Arc<SharedState>,
    large: Arc<LargeRequests>,
}

impl<S> OrderedSync<S> {
    /// Wraps the service; `state` is shared with the handlers.
    pub fn new(inner: S, state: Arc<SharedState>) -> Self {
        OrderedSync {
            inner,
            state,
            large: Arc::default(),
        }
    }

    /// Takes the requests the stdio reader set aside from `large`, each when its placeholder
    /// arrives (see [`crate::stdio_input`]).
    pub fn with_large_requests(mut self, large: Arc<LargeRequests>) -> Self {
        self.large = large;
        self
    }

    /// Opens a document from a `didOpen`, and returns the message the handler gets: the same,
    /// without the text, which only this layer reads (a large file's text would otherwise stay
    /// in memory, twice, while its first analysis runs).
    fn open(&self, request: Request) -> Request {
        let (method, id, mut params) = request.into_parts();
        let text = params
            .as_mut()
            .and_then(|params| params.pointer_mut("/textDocument/text"))
            .filter(|text| text.is_string())
            .map(|text| std::mem::replace(text, String::new().into()));
        let opened = params
            .as_ref()
            .and_then(|p| lsp::DidOpenTextDocumentParams::deserialize(p).ok());
        if let (Some(serde_json::Value::String(text)), Some(opened)) = (text, opened) {
            let document = opened.text_document;
            if is_json(&document.language_id, &document.uri) {
                self.state
                    .params_documents
                    .open(document.uri, &text, document.version);
            } else if is_project_ini_uri(&document.uri) {
                self.state
                    .project_ini_documents
                    .open(document.uri, &text, document.version);
            } else {
                self.state
                    .documents
                    .open(document.uri, &text, document.version);
            }
        }
        let request = Request::build(method);
        let request = match params {
            Some(params) => request.params(params),
            None => request,
        };
        match id {
            Some(id) => request.id(id).finish(),
            None => request.finish(),
        }
    }

    fn observe(&self, request: &Request) {
        let params = request.params();
        match request.method() {
            "textDocument/didChange" => {
                if let Some(params) =
                    params.and_then(|p| lsp::DidChangeTextDocumentParams::deserialize(p).ok())
                {
                    let encoding = self.state.client().encoding;
                    let edits = convert::position_edits(params.content_changes);
                    let uri = &params.text_document.uri;
                    let version = params.text_document.version;
                    let apart = [
                        &self.state.params_documents,
                        &self.state.project_ini_documents,
                    ];
                    if apart
                        .iter()
                        .any(|documents| documents.change(uri, version, &edits, encoding))
                    {
                        return;
                    }
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
                    let uri = &params.text_document.uri;
                    if !self.state.params_documents.close(uri)
                        && !self.state.project_ini_documents.close(uri)
                    {
                        self.state.documents.close(uri);
                    }
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
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Either<
        BoxFuture<'static, Result<Option<Response>, S::Error>>,
        Ready<Result<Option<Response>, S::Error>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == INVALID_MESSAGE_METHOD {
            return Either::Right(future::ready(Ok(invalid_message_response(&request))));
        }
        let request = if request.method() == LARGE_REQUEST_METHOD {
            match self.large.take() {
                Some(large) => large,
                None => return Either::Right(future::ready(Ok(no_large_request(&request)))),
            }
        } else {
            request
        };
        let request = if request.method() == "textDocument/didOpen" {
            self.open(request)
        } else {
            self.observe(&request);
            request
        };
        if let Some(answer) = crate::large_answers::answer(&self.state, &request) {
            return Either::Left(answer.map(|()| Ok(None)).boxed());
        }
        let answer = self.inner.call(request);
        let outbox = self.state.outbox().cloned();
        Either::Left(Box::pin(async move {
            let response = answer.await?;
            // Written by the server's own writer, not tower-lsp-server's, whose buffer stays as
            // large as the largest response for the rest of the session (a 100,000-line
            // template's document symbols are 6 MB of JSON). Without a writer (tests), the
            // response goes back to tower-lsp-server.
            match (response, outbox) {
                (Some(response), Some(outbox)) => {
                    if outbox.respond(&response).await >= crate::large_answers::LARGE_ANSWER {
                        // Its `serde_json::Value` is as many small allocations as the JSON has
                        // values: freed off this thread, and the memory then given back.
                        crate::state::drop_later(Some(response));
                        crate::state::after_drops(crate::allocator::give_back_free_memory);
                    }
                    Ok(None)
                }
                (response, _) => Ok(response),
            }
        }))
    }
}

/// The answer to a placeholder whose request is not waiting: only a placeholder sent by the
/// client itself (the stdio reader sets one aside before handing its placeholder on).
fn no_large_request(request: &Request) -> Option<Response> {
    eprintln!("cyclecloud-lsp: {LARGE_REQUEST_METHOD} without a request set aside");
    let id = request.id()?.clone();
    Some(Response::from_error(id, Error::invalid_request()))
}

/// The JSON-RPC error for a message the stdio reader could not pass on (see
/// [`crate::stdio_input`]), answered here so it works before `initialize` too.
fn invalid_message_response(request: &Request) -> Option<Response> {
    let params = request.params();
    let code = params
        .and_then(|p| p.get("code"))
        .and_then(|code| code.as_i64())
        .unwrap_or(-32700);
    let message = params
        .and_then(|p| p.get("message"))
        .and_then(|message| message.as_str())
        .unwrap_or("invalid message");
    let error = Error {
        code: ErrorCode::from(code),
        message: message.to_owned().into(),
        data: None,
    };
    Some(Response::from_error(
        request.id().cloned().unwrap_or(Id::Null),
        error,
    ))
}
