//! `textDocument/documentLink`: web addresses, and cluster-init specs whose folder exists in the
//! template's CycleCloud project (never anything outside the project or workspace).

use cyclecloud_analysis::navigation::{links, LinkTarget};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::projects::spec_folder;
use crate::server::SharedState;

pub(crate) async fn document_link(
    state: &SharedState,
    params: DocumentLinkParams,
) -> Option<Vec<DocumentLink>> {
    let uri = params.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let text = rope.to_string();
    let template = uri.to_file_path().map(|path| path.into_owned());
    let found = links(&text, &analysis.model)
        .into_iter()
        .filter_map(|link| {
            let (target, tooltip) = match link.target {
                LinkTarget::Url(url) => (url.parse::<Uri>().ok()?, None),
                LinkTarget::Spec(spec) => {
                    let folder = spec_folder(&state.workspace, template.as_deref()?, &spec)?;
                    let tooltip = format!("Spec folder {}", folder.display());
                    (Uri::from_file_path(folder)?, Some(tooltip))
                }
            };
            Some(DocumentLink {
                range: convert::range(rope, link.range, encoding),
                target: Some(target),
                tooltip,
                data: None,
            })
        })
        .collect();
    Some(found)
}
