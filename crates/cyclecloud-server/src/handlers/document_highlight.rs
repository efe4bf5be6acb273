//! `textDocument/documentHighlight`: the symbol at the cursor everywhere in the document, its
//! declaration as a write and its uses as reads.

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) async fn document_highlight(
    state: &SharedState,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let position = params.text_document_position_params;
    let (snapshot, analysis, _) = state.analysis(&position.text_document.uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, position.position, encoding);
    let found = cyclecloud_analysis::navigation::highlights(&analysis.model, offset);
    Some(
        found
            .into_iter()
            .map(|occurrence| DocumentHighlight {
                range: convert::range(rope, occurrence.range, encoding),
                kind: Some(if occurrence.is_declaration {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
            .collect(),
    )
}
