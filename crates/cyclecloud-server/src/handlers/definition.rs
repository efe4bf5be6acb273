//! `textDocument/definition` and `textDocument/declaration` (a template declares what it
//! defines, so both lead to the same place): declarations in the document, or a cluster-init
//! spec's folder in the project.

use cyclecloud_analysis::navigation::{definition, Definition};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::projects::spec_folder;
use crate::server::SharedState;

pub(crate) async fn goto_definition(
    state: &SharedState,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, position.position, encoding);
    let locations = match definition(&analysis.model, offset)? {
        Definition::Local(ranges) => ranges
            .into_iter()
            .map(|range| Location {
                uri: uri.clone(),
                range: convert::range(rope, range, encoding),
            })
            .collect(),
        Definition::Spec(spec) => {
            let folder = spec_folder(&state.workspace, &uri.to_file_path()?, &spec)?;
            vec![Location {
                uri: Uri::from_file_path(folder)?,
                range: Range::default(),
            }]
        }
    };
    Some(GotoDefinitionResponse::Array(locations))
}
