//! `textDocument/definition` and `textDocument/declaration` (a template declares what it
//! defines, so both lead to the same place): declarations in the document, a cluster-init
//! spec's folder in the project, or the cluster-init script lines that read a configuration key
//! (`jetpack config KEY`, from the workspace index).

use cyclecloud_analysis::navigation::{configuration_key_at, definition, Definition};
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
    let Some(found) = definition(&analysis.model, offset) else {
        let key = configuration_key_at(&analysis.model, offset)?;
        let reads = state.workspace.scripts.sites(&key);
        if reads.is_empty() {
            return None;
        }
        let locations = reads
            .into_iter()
            .filter_map(|(path, range)| {
                Some(Location {
                    uri: Uri::from_file_path(path)?,
                    range,
                })
            })
            .collect();
        return Some(GotoDefinitionResponse::Array(locations));
    };
    let locations = match found {
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
