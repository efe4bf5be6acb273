//! `textDocument/prepareRename` and `textDocument/rename`: analysis decides what can be renamed
//! and to what; a refusal becomes an error response carrying analysis' message.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

fn refused(message: String) -> Error {
    Error::invalid_params(message)
}

pub(crate) async fn prepare_rename(
    state: &SharedState,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((snapshot, analysis, _)) = state.analysis(&params.text_document.uri).await else {
        return Ok(None);
    };
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, params.position, encoding);
    let text = rope.to_string();
    let prepared = cyclecloud_analysis::navigation::prepare_rename(&text, &analysis.model, offset)
        .map_err(|error| refused(error.0))?;
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(rope, prepared.range, encoding),
        placeholder: prepared.placeholder,
    }))
}

pub(crate) async fn rename(
    state: &SharedState,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some((snapshot, analysis, _)) = state.analysis(&uri).await else {
        return Ok(None);
    };
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, position.position, encoding);
    let edits = cyclecloud_analysis::navigation::rename(&analysis.model, offset, &params.new_name)
        .map_err(|error| refused(error.0))?;
    let edits: Vec<TextEdit> = edits
        .into_iter()
        .map(|edit| TextEdit {
            range: convert::range(rope, edit.range, encoding),
            new_text: edit.new_text,
        })
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri, edits)])),
        ..WorkspaceEdit::default()
    }))
}
