//! `textDocument/foldingRange`: analysis finds the regions; this converts them, by whole lines
//! when the client folds only lines.

use cyclecloud_analysis::folding::{folding_ranges, FoldKind};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) fn folding_range(
    state: &SharedState,
    params: FoldingRangeParams,
) -> Option<Vec<FoldingRange>> {
    let snapshot = state.documents.snapshot(&params.text_document.uri)?;
    let rope = snapshot.syntax.rope();
    let encoding = state.client().encoding;
    let lines_only = state.client().line_folding_only;
    let ranges = folding_ranges(&snapshot.syntax)
        .into_iter()
        .map(|fold| {
            let range = convert::range(rope, fold.range, encoding);
            FoldingRange {
                start_line: range.start.line,
                start_character: (!lines_only).then_some(range.start.character),
                end_line: range.end.line,
                end_character: (!lines_only).then_some(range.end.character),
                kind: match fold.kind {
                    FoldKind::Section | FoldKind::Block => Some(FoldingRangeKind::Region),
                    FoldKind::Comment => Some(FoldingRangeKind::Comment),
                },
                collapsed_text: None,
            }
        })
        .collect();
    Some(ranges)
}
