//! `textDocument/formatting` and `rangeFormatting`: the analysis formatter computes one edit per
//! changed line; this picks the indentation and converts the edits.
//!
//! Indentation precedence: the editor's `cyclecloud.format.indent` setting, then the project's
//! `.cyclecloud-lsp.toml` `[format] indent`, then the request's own `tabSize` / `insertSpaces`
//! (the editor's general preference for this file).

use cyclecloud_analysis::format::{format_edits, FormatOptions, Indent};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

pub(crate) fn formatting(
    state: &SharedState,
    params: DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    edits(state, &params.text_document.uri, &params.options, None)
}

pub(crate) fn range_formatting(
    state: &SharedState,
    params: DocumentRangeFormattingParams,
) -> Option<Vec<TextEdit>> {
    edits(
        state,
        &params.text_document.uri,
        &params.options,
        Some(params.range),
    )
}

fn edits(
    state: &SharedState,
    uri: &Uri,
    options: &FormattingOptions,
    range: Option<Range>,
) -> Option<Vec<TextEdit>> {
    let snapshot = state.documents.snapshot(uri)?;
    let rope = snapshot.syntax.rope();
    let encoding = state.client().encoding;
    let (settings, _) = state.settings_for(uri);
    let indent = settings.format_indent.unwrap_or(if options.insert_spaces {
        Indent::Spaces(options.tab_size.min(16) as usize)
    } else {
        Indent::Tabs
    });
    let format_options = FormatOptions {
        indent,
        ..FormatOptions::default()
    };
    // Lines the range touches; a range ending at column 0 does not take in that line.
    let lines = range.map(|range| {
        let start = range.start.line as usize;
        let end = if range.end.character == 0 && range.end.line > range.start.line {
            range.end.line as usize - 1
        } else {
            range.end.line as usize
        };
        start..=end.max(start)
    });
    let edits = format_edits(&snapshot.syntax, &format_options, lines)
        .into_iter()
        .map(|edit| TextEdit {
            range: convert::range(rope, edit.range, encoding),
            new_text: edit.new_text,
        })
        .collect();
    Some(edits)
}
