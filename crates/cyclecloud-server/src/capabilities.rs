//! What the client said it supports at `initialize`, read once into one typed value that every
//! handler reads afterwards (nothing here changes during a session).

use cyclecloud_syntax::PositionEncoding;
use tower_lsp_server::ls_types::ClientCapabilities;

use crate::convert;

/// The client features the server adapts to, as negotiated at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSupport {
    /// The position encoding both sides use (UTF-8 when offered, else UTF-16).
    pub encoding: PositionEncoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`), so the server does not push.
    pub pull_diagnostics: bool,
    /// The client handles `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// The client handles `workspace/inlayHint/refresh` (asked after a settings change).
    pub inlay_hint_refresh: bool,
    /// The client answers `workspace/configuration`.
    pub configuration_requests: bool,
    /// The client watches files for the server once asked (`client/registerCapability` of
    /// `workspace/didChangeWatchedFiles`), so cluster-init scripts changed on disk re-index.
    pub watched_files_registration: bool,
    /// The client shows `$/progress` after `window/workDoneProgress/create`.
    pub work_done_progress: bool,
    /// The client accepts snippet completions.
    pub snippets: bool,
    /// The client resolves a completion item's `documentation` lazily (its
    /// `resolveSupport.properties` lists it), so lists can leave it out.
    pub lazy_documentation: bool,
    /// The client shows folds by whole lines only (`foldingRange.lineFoldingOnly`).
    pub line_folding_only: bool,
    /// The client accepts semantic tokens spanning lines (`multilineTokenSupport`).
    pub multiline_tokens: bool,
}

impl ClientSupport {
    /// What a client that declared nothing gets: UTF-16, the server pushes diagnostics, no
    /// optional feature. Also what the server assumes before `initialize`.
    pub const BASELINE: ClientSupport = ClientSupport {
        encoding: PositionEncoding::Utf16,
        pull_diagnostics: false,
        diagnostic_refresh: false,
        inlay_hint_refresh: false,
        configuration_requests: false,
        watched_files_registration: false,
        work_done_progress: false,
        snippets: false,
        lazy_documentation: false,
        line_folding_only: false,
        multiline_tokens: false,
    };

    /// Reads the capabilities of `initialize`.
    pub fn from_capabilities(capabilities: &ClientCapabilities) -> ClientSupport {
        let text_document = capabilities.text_document.as_ref();
        let completion_item = text_document
            .and_then(|td| td.completion.as_ref())
            .and_then(|completion| completion.completion_item.as_ref());
        let workspace = capabilities.workspace.as_ref();
        ClientSupport {
            encoding: convert::negotiate_encoding(capabilities),
            pull_diagnostics: text_document.is_some_and(|td| td.diagnostic.is_some()),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            configuration_requests: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watched_files_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            work_done_progress: capabilities
                .window
                .as_ref()
                .and_then(|window| window.work_done_progress)
                .unwrap_or(false),
            snippets: completion_item
                .and_then(|item| item.snippet_support)
                .unwrap_or(false),
            lazy_documentation: completion_item
                .and_then(|item| item.resolve_support.as_ref())
                .is_some_and(|resolve| resolve.properties.iter().any(|p| p == "documentation")),
            line_folding_only: text_document
                .and_then(|td| td.folding_range.as_ref())
                .and_then(|folding| folding.line_folding_only)
                .unwrap_or(false),
            multiline_tokens: text_document
                .and_then(|td| td.semantic_tokens.as_ref())
                .and_then(|tokens| tokens.multiline_token_support)
                .unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_declaration_is_the_baseline() {
        let support = ClientSupport::from_capabilities(&ClientCapabilities::default());
        assert_eq!(support, ClientSupport::BASELINE);
    }

    #[test]
    fn declared_features_are_read() {
        let capabilities: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "general": { "positionEncodings": ["utf-16", "utf-8"] },
            "window": { "workDoneProgress": true },
            "workspace": { "configuration": true, "diagnostics": { "refreshSupport": true },
                           "didChangeWatchedFiles": { "dynamicRegistration": true } },
            "textDocument": {
                "diagnostic": {},
                "completion": { "completionItem": {
                    "snippetSupport": true,
                    "resolveSupport": { "properties": ["detail", "documentation"] }
                } },
                "foldingRange": { "lineFoldingOnly": true },
                "semanticTokens": { "requests": {}, "tokenTypes": [], "tokenModifiers": [],
                                    "formats": [], "multilineTokenSupport": true }
            }
        }))
        .expect("capabilities parse");
        let support = ClientSupport::from_capabilities(&capabilities);
        assert_eq!(
            support,
            ClientSupport {
                encoding: PositionEncoding::Utf8,
                pull_diagnostics: true,
                diagnostic_refresh: true,
                inlay_hint_refresh: false,
                configuration_requests: true,
                watched_files_registration: true,
                work_done_progress: true,
                snippets: true,
                lazy_documentation: true,
                line_folding_only: true,
                multiline_tokens: true,
            }
        );
    }
}
