//! `workspace/executeCommand`: `cyclecloud.render` returns the cluster an open template builds
//! with every parameter at its default (what `cyclecloud-lsp render TEMPLATE` prints), computed
//! on request from the current analysis's model. Arguments: the document's URI, or
//! `{ "uri": URI, "format": "json" | "text", "cluster": NAME }` (JSON by default). The JSON
//! form is returned as a JSON value (docs/render.md), the text form as a string.

use cyclecloud_analysis::render::{render, text};
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use crate::server::SharedState;

/// The command that renders a template.
pub(crate) const RENDER: &str = "cyclecloud.render";

/// Every command the server runs, announced at `initialize`.
pub(crate) fn commands() -> Vec<String> {
    vec![RENDER.to_owned()]
}

/// The object form of the render command's argument.
#[derive(Deserialize)]
struct RenderArguments {
    uri: Uri,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    cluster: Option<String>,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Format {
    #[default]
    Json,
    Text,
}

pub(crate) async fn execute_command(
    state: &SharedState,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    if params.command != RENDER {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`; this server runs {}",
            params.command, RENDER
        )));
    }
    let arguments = match params.arguments.into_iter().next() {
        Some(Value::String(uri)) => RenderArguments {
            uri: uri
                .parse()
                .map_err(|_| Error::invalid_params(format!("`{uri}` is not a URI")))?,
            format: Format::Json,
            cluster: None,
        },
        Some(object @ Value::Object(_)) => serde_json::from_value(object)
            .map_err(|error| Error::invalid_params(format!("{RENDER}: {error}")))?,
        _ => {
            return Err(Error::invalid_params(format!(
                "{RENDER} takes the document's URI, or {{ \"uri\", \"format\", \"cluster\" }}"
            )))
        }
    };
    let Some((snapshot, analysis, _)) = state.analysis(&arguments.uri).await else {
        return Err(Error::invalid_params(format!(
            "{} is not an open template",
            arguments.uri.as_str()
        )));
    };
    let rendered = render(
        &snapshot.syntax,
        &analysis.model,
        arguments.cluster.as_deref(),
        &[],
    )
    .map_err(|error| Error {
        // LSP 3.17 `RequestFailed`: the request was valid but the template cannot be rendered.
        code: ErrorCode::ServerError(-32803),
        message: error.to_string().into(),
        data: None,
    })?;
    Ok(Some(match arguments.format {
        Format::Json => serde_json::to_value(&rendered).map_err(|error| Error {
            code: ErrorCode::InternalError,
            message: error.to_string().into(),
            data: None,
        })?,
        Format::Text => Value::String(text(&rendered)),
    }))
}
