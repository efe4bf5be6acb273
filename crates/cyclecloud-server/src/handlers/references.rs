//! `textDocument/references`: every use of the parameter, node, environment or noderef at the
//! cursor, with the declarations when the client asks for them.

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) async fn references(
    state: &SharedState,
    params: ReferenceParams,
) -> Option<Vec<Location>> {
    let uri = params.text_document_position.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, params.text_document_position.position, encoding);
    let found = cyclecloud_analysis::navigation::references(
        &analysis.model,
        offset,
        params.context.include_declaration,
    );
    Some(
        found
            .into_iter()
            .map(|occurrence| Location {
                uri: uri.clone(),
                range: convert::range(rope, occurrence.range, encoding),
            })
            .collect(),
    )
}
