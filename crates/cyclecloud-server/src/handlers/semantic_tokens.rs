//! `textDocument/semanticTokens/full` and `/full/delta`: analysis classifies byte ranges; this
//! splits multi-line tokens per line (unless the client takes them whole), encodes positions
//! relative to the previous token in the negotiated encoding, and answers a delta request with
//! one edit on the array last sent for that document.

use std::ops::Range;

use cyclecloud_analysis::semantic_tokens::{self as tokens, TOKEN_MODIFIERS, TOKEN_TYPES};
use cyclecloud_syntax::PositionEncoding;
use ropey::Rope;
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

/// The legend announced at `initialize`; indices match analysis' `TokenType` and modifier bits.
pub(crate) fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES
            .iter()
            .map(|name| SemanticTokenType::new(name))
            .collect(),
        token_modifiers: TOKEN_MODIFIERS
            .iter()
            .map(|name| SemanticTokenModifier::new(name))
            .collect(),
    }
}

/// What `initialize` announces: full documents with deltas, no ranges.
pub(crate) fn capability() -> SemanticTokensServerCapabilities {
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        legend: legend(),
        full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
        range: None,
        ..SemanticTokensOptions::default()
    })
}

pub(crate) async fn full(
    state: &SharedState,
    params: SemanticTokensParams,
) -> Option<SemanticTokens> {
    let uri = params.text_document.uri;
    let data = compute(state, &uri).await?;
    let result_id = state.editing.remember_tokens(&uri, data.clone());
    Some(SemanticTokens {
        result_id: Some(result_id),
        data,
    })
}

pub(crate) async fn full_delta(
    state: &SharedState,
    params: SemanticTokensDeltaParams,
) -> Option<SemanticTokensFullDeltaResult> {
    let uri = params.text_document.uri;
    let data = compute(state, &uri).await?;
    let previous = state
        .editing
        .sent_tokens
        .get(&uri)
        .filter(|entry| entry.0 == params.previous_result_id)
        .map(|entry| delta(&entry.1, &data));
    let result_id = state.editing.remember_tokens(&uri, data.clone());
    Some(match previous {
        Some(edits) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id: Some(result_id),
            edits,
        }),
        // The client's array is not the one we remember: send everything.
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
            result_id: Some(result_id),
            data,
        }),
    })
}

/// The document's tokens, encoded.
async fn compute(state: &SharedState, uri: &Uri) -> Option<Vec<SemanticToken>> {
    let (snapshot, analysis, _) = state.analysis(uri).await?;
    let found = tokens::semantic_tokens(&snapshot.syntax, &analysis.model);
    let multiline = state.client().multiline_tokens;
    Some(encode(
        snapshot.syntax.rope(),
        &found,
        state.client().encoding,
        multiline,
    ))
}

/// Relative LSP encoding of sorted, disjoint tokens.
fn encode(
    rope: &Rope,
    found: &[tokens::SemanticToken],
    encoding: PositionEncoding,
    multiline: bool,
) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(found.len());
    let (mut last_line, mut last_start) = (0, 0);
    let mut emit = |range: Range<usize>, token: &tokens::SemanticToken| {
        let start = convert::position(rope, range.start, encoding);
        let length = convert::length(rope, range, encoding);
        if length == 0 {
            return;
        }
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 {
            start.character - last_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: token.token_type as u32,
            token_modifiers_bitset: token.modifiers,
        });
        (last_line, last_start) = (start.line, start.character);
    };
    for token in found {
        let len = rope.len_bytes();
        let range = token.range.start.min(len)..token.range.end.min(len);
        let first = rope.byte_to_line(range.start);
        let last = rope.byte_to_line(range.end);
        if multiline || first == last {
            emit(range, token);
            continue;
        }
        for line in first..=last {
            let content = cyclecloud_syntax::line_index::line_content_range(rope, line);
            let piece = range.start.max(content.start)..range.end.min(content.end);
            if piece.start < piece.end {
                emit(piece, token);
            }
        }
    }
    out
}

/// The length of a byte range in the encoding's units (line breaks included).
/// One edit turning `old` into `new`: the tokens between their common prefix and suffix (an edit
/// usually changes a few tokens in one place). Offsets count integers, five per token.
fn delta(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return Vec::new();
    }
    let as_u32 = |tokens: usize| u32::try_from(tokens * 5).unwrap_or(u32::MAX);
    vec![SemanticTokensEdit {
        start: as_u32(prefix),
        delete_count: as_u32(old.len() - prefix - suffix),
        data: Some(new[prefix..new.len() - suffix].to_vec()),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(delta_line: u32, length: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start: 0,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn delta_replaces_only_the_changed_middle() {
        let old = [token(0, 1), token(1, 2), token(1, 3)];
        let new = [token(0, 1), token(1, 9), token(1, 8), token(1, 3)];
        let edits = delta(&old, &new);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].start, edits[0].delete_count), (5, 5));
        assert_eq!(edits[0].data.as_deref(), Some(&new[1..3]));
        assert!(delta(&old, &old).is_empty());
        let shorter = delta(&old, &old[..1]);
        assert_eq!((shorter[0].start, shorter[0].delete_count), (5, 10));
    }
}
