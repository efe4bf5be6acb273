//! `textDocument/signatureHelp`: analysis finds the call and its active parameter; this converts
//! the parameter ranges to the label offsets LSP counts in UTF-16 code units.

use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

/// Characters that open or advance an argument list, after which editors ask for signature help.
pub(crate) const TRIGGER_CHARACTERS: [&str; 2] = ["(", ","];

/// A byte offset in `label` counted in UTF-16 code units, as LSP label offsets are.
fn utf16_offset(label: &str, byte: usize) -> u32 {
    let byte = byte.min(label.len());
    u32::try_from(label[..byte].encode_utf16().count()).unwrap_or(u32::MAX)
}

pub(crate) fn signature_help(
    state: &SharedState,
    params: SignatureHelpParams,
) -> Option<SignatureHelp> {
    let position = params.text_document_position_params;
    let snapshot = state.documents.snapshot(&position.text_document.uri)?;
    let offset = convert::offset(
        snapshot.syntax.rope(),
        position.position,
        state.client().encoding,
    );
    let help = cyclecloud_analysis::signature_help::signature_help(&snapshot.syntax, offset)?;
    let parameters = help
        .parameters
        .iter()
        .map(|range| ParameterInformation {
            label: ParameterLabel::LabelOffsets([
                utf16_offset(&help.label, range.start),
                utf16_offset(&help.label, range.end),
            ]),
            documentation: None,
        })
        .collect();
    let active = u32::try_from(help.active_parameter).unwrap_or(u32::MAX);
    Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label,
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: help.documentation,
            })),
            parameters: Some(parameters),
            active_parameter: Some(active),
        }],
        active_signature: Some(0),
        active_parameter: Some(active),
    })
}
