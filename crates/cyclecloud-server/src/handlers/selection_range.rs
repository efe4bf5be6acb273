//! `textDocument/selectionRange`: analysis lists the ranges around each position, innermost
//! first; this links them into the parent chain LSP expects.

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) fn selection_range(
    state: &SharedState,
    params: SelectionRangeParams,
) -> Option<Vec<SelectionRange>> {
    let snapshot = state.documents.snapshot(&params.text_document.uri)?;
    let rope = snapshot.syntax.rope();
    let encoding = state.client().encoding;
    let answers = params
        .positions
        .iter()
        .map(|&position| {
            let offset = convert::offset(rope, position, encoding);
            let ranges = cyclecloud_analysis::selection::selection_ranges(&snapshot.syntax, offset);
            // Link outermost first so each range can own its parent.
            let mut chain: Option<SelectionRange> = None;
            for range in ranges.into_iter().rev() {
                chain = Some(SelectionRange {
                    range: convert::range(rope, range, encoding),
                    parent: chain.map(Box::new),
                });
            }
            chain.unwrap_or(SelectionRange {
                range: Range::new(position, position),
                parent: None,
            })
        })
        .collect();
    Some(answers)
}
