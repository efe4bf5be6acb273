//! The CycleCloud template language server: thin glue between LSP and the analysis crate.
//!
//! Text sync is applied in arrival order by [`ordered_sync::OrderedSync`], a service layer in
//! front of tower-lsp-server's `LspService`, before any handler can await; handlers then work on
//! immutable snapshots. Positions are converted once, with the negotiated encoding, in
//! [`convert`]. Everything else (diagnostics, completion, hover) is computed by
//! `cyclecloud-analysis` and only translated here.

pub mod allocator;
pub mod capabilities;
pub mod convert;
pub mod diagnostic_json;
pub mod editing;
mod handlers;
mod large_answers;
pub mod ordered_sync;
pub mod outgoing;
pub mod params_documents;
pub mod plain_documents;
pub mod project_files;
pub mod project_index;
pub mod projects;
pub mod script_index;
pub mod server;
pub mod settings;
pub mod state;
pub mod stdio_input;
pub mod stdio_transport;
pub mod workspace;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

use crate::ordered_sync::OrderedSync;
use crate::server::{Backend, SharedState};

/// Serves LSP on stdin/stdout until `exit`; returns the process exit code the LSP spec asks
/// for: 0 when `shutdown` came before `exit`, 1 otherwise.
pub async fn serve_stdio() -> i32 {
    let state = Arc::new(SharedState::default());
    let (service, socket) = LspService::new({
        let state = Arc::clone(&state);
        move |client| Backend::new(client, state)
    });
    // Bounded framing in front of tower-lsp-server's codec (see `stdio_input` for why).
    let stdin = stdio_input::BoundedInput::new(stdio_transport::input());
    let service =
        OrderedSync::new(service, Arc::clone(&state)).with_large_requests(stdin.large_requests());
    // One writer for tower-lsp-server's output and the server's own responses and publishes
    // (`outgoing`).
    let (stdout, outbox, writer) = outgoing::start(stdio_transport::output());
    state.set_outbox(outbox);
    let session = Server::new(stdin, stdout, socket).serve(service);
    writer.run(session, std::time::Duration::from_secs(5)).await;
    if state.shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
