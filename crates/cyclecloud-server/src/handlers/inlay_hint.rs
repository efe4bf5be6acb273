//! `textDocument/inlayHint`: analysis finds the hints in the visible range; this filters them by
//! the editor's settings and places them.

use cyclecloud_analysis::inlay_hints::{inlay_hints, InlayHintKind as Kind};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) async fn inlay_hint(
    state: &SharedState,
    params: InlayHintParams,
) -> Option<Vec<InlayHint>> {
    let settings = state
        .editor_settings
        .read()
        .map(|settings| settings.inlay_hints.clone())
        .unwrap_or_default();
    if !settings.enable {
        return Some(Vec::new());
    }
    let uri = params.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let start = convert::offset(rope, params.range.start, encoding);
    let end = convert::offset(rope, params.range.end, encoding).max(start);
    let hints = inlay_hints(&snapshot.syntax, &analysis.model, start..end)
        .into_iter()
        .filter(|hint| match hint.kind {
            Kind::ParameterDefault => settings.parameter_defaults,
            Kind::InheritedAttribute => settings.inherited_attributes,
            Kind::EvaluatedValue => settings.evaluated_values,
        })
        .map(|hint| InlayHint {
            position: convert::position(rope, hint.offset, encoding),
            label: InlayHintLabel::String(hint.label),
            kind: match hint.kind {
                Kind::ParameterDefault => Some(InlayHintKind::PARAMETER),
                Kind::InheritedAttribute | Kind::EvaluatedValue => None,
            },
            text_edits: None,
            tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hint.tooltip,
            })),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Some(hints)
}
