//! `textDocument/codeAction`: each fix the rules attach to a diagnostic in the requested range
//! becomes a `quickfix` linked to that diagnostic, and `source.fixAll.cyclecloud` applies every
//! safe fix at once. The analysis chooses the edits; this converts them.

use std::collections::HashMap;

use cyclecloud_analysis::fix_all::safe_fix_edits;
use cyclecloud_analysis::Edit;
use ropey::Rope;
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

/// The kind of the fix-all action, under `source.fixAll` so "fix all on save" settings find it.
pub(crate) const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.cyclecloud");

/// Whether the client asked for actions of `kind`: `only` lists kinds and their parents
/// (`source` covers `source.fixAll.cyclecloud`); no list means every kind.
fn requested(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else {
        return true;
    };
    only.iter().any(|wanted| {
        let wanted = wanted.as_str();
        kind.as_str() == wanted
            || kind
                .as_str()
                .strip_prefix(wanted)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

fn workspace_edit(
    rope: &Rope,
    encoding: cyclecloud_syntax::PositionEncoding,
    uri: &Uri,
    edits: &[Edit],
) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|edit| TextEdit {
            range: convert::range(rope, edit.range.clone(), encoding),
            new_text: edit.new_text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

pub(crate) async fn code_action(
    state: &SharedState,
    params: CodeActionParams,
) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let start = convert::offset(rope, params.range.start, encoding);
    let end = convert::offset(rope, params.range.end, encoding).max(start);
    let only = params.context.only.as_deref();
    let mut docs = convert::RuleDocs::new(state.rule_docs_url());
    let mut actions = Vec::new();
    if requested(only, &CodeActionKind::QUICKFIX) {
        let mut cursors = convert::DiagnosticCursors::new(rope, encoding);
        for diagnostic in &analysis.diagnostics {
            let touches = diagnostic.range.start <= end && start <= diagnostic.range.end;
            if !touches || diagnostic.fixes.is_empty() {
                continue;
            }
            // Linked to the diagnostic exactly as it was published, so editors match them up.
            let lsp_diagnostic = convert::diagnostic(&mut cursors, &uri, &mut docs, diagnostic);
            let obvious = diagnostic.fixes.len() == 1;
            for (index, fix) in diagnostic.fixes.iter().enumerate() {
                let preferred = obvious || (index == 0 && fix.safe);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic.clone()]),
                    edit: Some(workspace_edit(rope, encoding, &uri, &fix.edits)),
                    is_preferred: preferred.then_some(true),
                    ..CodeAction::default()
                }));
            }
        }
    }
    if requested(only, &FIX_ALL) {
        let (edits, count) = safe_fix_edits(
            rope.len_bytes(),
            |offset| {
                offset <= rope.len_bytes() && rope.char_to_byte(rope.byte_to_char(offset)) == offset
            },
            &analysis.diagnostics,
        );
        if count > 0 {
            let title = if count == 1 {
                "Apply the safe fix (cyclecloud-lsp)".to_owned()
            } else {
                format!("Apply all {count} safe fixes (cyclecloud-lsp)")
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(FIX_ALL),
                edit: Some(workspace_edit(rope, encoding, &uri, &edits)),
                ..CodeAction::default()
            }));
        }
    }
    Some(actions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_matches_kinds_and_their_parents() {
        let source = [CodeActionKind::SOURCE];
        let fix_all = [CodeActionKind::SOURCE_FIX_ALL];
        let quickfix = [CodeActionKind::QUICKFIX];
        let refactor = [CodeActionKind::REFACTOR];
        assert!(requested(None, &FIX_ALL));
        assert!(requested(Some(&source), &FIX_ALL));
        assert!(requested(Some(&fix_all), &FIX_ALL));
        assert!(!requested(Some(&quickfix), &FIX_ALL));
        assert!(requested(Some(&quickfix), &CodeActionKind::QUICKFIX));
        assert!(!requested(Some(&refactor), &CodeActionKind::QUICKFIX));
        assert!(!requested(
            Some(&[CodeActionKind::new("source.fix")]),
            &FIX_ALL
        ));
    }
}
