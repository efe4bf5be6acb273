//! Settings from the editor: `workspace/configuration` after `initialized`, and
//! `didChangeConfiguration`, which re-checks every open document.

use std::time::Duration;

use tower_lsp_server::ls_types::*;

use crate::server::Backend;
use crate::settings::EditorSettings;

/// How long to wait for the client to answer `workspace/configuration`. A handler must never
/// wait on the client without a limit: the framework's bounded queue could deadlock.
const CONFIGURATION_TIMEOUT: Duration = Duration::from_secs(2);

/// Asks the client for the `cyclecloud` section, if it supports that, and applies it.
pub(crate) async fn pull(backend: &Backend) {
    if !backend.state.client().configuration_requests {
        return;
    }
    let request = backend.client.configuration(vec![ConfigurationItem {
        scope_uri: None,
        section: Some("cyclecloud".to_owned()),
    }]);
    match tokio::time::timeout(CONFIGURATION_TIMEOUT, request).await {
        Ok(Ok(values)) => {
            if let Some(value) = values.into_iter().next().filter(|value| !value.is_null()) {
                apply(backend, &value).await;
            }
        }
        Ok(Err(error)) => {
            backend
                .client
                .log_message(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {error}"),
                )
                .await
        }
        Err(_) => {
            backend
                .client
                .log_message(
                    MessageType::WARNING,
                    "workspace/configuration timed out; using defaults",
                )
                .await
        }
    }
}

/// `didChangeConfiguration`: use the pushed settings when present, else ask again; then re-check.
pub(crate) async fn changed(backend: &Backend, params: DidChangeConfigurationParams) {
    if params.settings.is_null()
        || params
            .settings
            .as_object()
            .is_some_and(|object| object.is_empty())
    {
        pull(backend).await;
    } else {
        apply(backend, &params.settings).await;
    }
    backend.state.settings_cache.clear();
    if let Ok(mut reported) = backend.state.vm_size_problems.lock() {
        // After a settings change, a VM size file that is still bad is worth saying again.
        reported.clear();
    }
    backend.state.documents.settings_changed();
    for uri in backend.state.documents.uris() {
        super::diagnostics::republish(backend, &uri).await;
    }
    for uri in backend.state.params_documents.uris() {
        super::params::publish(backend, &uri).await;
    }
    for uri in backend.state.project_ini_documents.uris() {
        super::project_ini::publish(backend, &uri).await;
    }
    // Inlay hints depend on the settings too; never wait on the client without a limit.
    if backend.state.client().inlay_hint_refresh {
        let refresh = backend.client.inlay_hint_refresh();
        let _ = tokio::time::timeout(CONFIGURATION_TIMEOUT, refresh).await;
    }
}

async fn apply(backend: &Backend, value: &serde_json::Value) {
    let (settings, problems) = EditorSettings::from_json(value);
    for problem in problems {
        backend
            .client
            .log_message(MessageType::WARNING, problem)
            .await;
    }
    if let Ok(mut current) = backend.state.editor_settings.write() {
        *current = settings;
    }
    backend.state.settings_cache.clear();
    backend.state.documents.settings_changed();
}
