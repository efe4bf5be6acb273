//! `textDocument/hover`: analysis writes the markdown; this places it.

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) async fn hover(state: &SharedState, params: HoverParams) -> Option<Hover> {
    let uri = params.text_document_position_params.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let (settings, _) = state.settings_for(&uri);
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(
        rope,
        params.text_document_position_params.position,
        encoding,
    );
    let info = cyclecloud_analysis::hover::hover(
        &snapshot.syntax,
        &analysis.model,
        offset,
        settings.vm_sizes(),
    )?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown,
        }),
        range: Some(convert::range(rope, info.range, encoding)),
    })
}
