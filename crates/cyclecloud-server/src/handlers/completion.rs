//! `textDocument/completion`: analysis decides what fits at the cursor; this converts it.

use std::sync::atomic::Ordering;

use cyclecloud_analysis::completion::{completions, CompletionItem as Item, CompletionKind};
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Attribute => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Section => CompletionItemKind::MODULE,
        CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        CompletionKind::Function => CompletionItemKind::FUNCTION,
        CompletionKind::Node => CompletionItemKind::CLASS,
        CompletionKind::Image => CompletionItemKind::VALUE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
    }
}

/// Removes snippet syntax (`$1`, `${1:name}`, `$0`) for clients without snippet support.
fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 1 => break,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    out.push(c);
                }
            }
            '$' if chars.peek().is_some_and(|c| c.is_ascii_digit()) => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn completion(
    state: &SharedState,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let uri = params.text_document_position.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri)?;
    let encoding = state.encoding();
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, params.text_document_position.position, encoding);
    let snippets = state.snippets.load(Ordering::SeqCst);
    // Items nearly always replace the same word: convert its range once, not once per item.
    let mut last_range: Option<(std::ops::Range<usize>, Range)> = None;
    let items: Vec<CompletionItem> = completions(&snapshot.syntax, &analysis.model, offset)
        .into_iter()
        .map(|item: Item| {
            let range = match &last_range {
                Some((bytes, range)) if *bytes == item.replace_range => *range,
                _ => {
                    let range = convert::range(rope, item.replace_range.clone(), encoding);
                    last_range = Some((item.replace_range.clone(), range));
                    range
                }
            };
            let (new_text, format) = if item.is_snippet && snippets {
                (item.insert_text.clone(), InsertTextFormat::SNIPPET)
            } else if item.is_snippet {
                (plain_text(&item.insert_text), InsertTextFormat::PLAIN_TEXT)
            } else {
                (item.insert_text.clone(), InsertTextFormat::PLAIN_TEXT)
            };
            CompletionItem {
                label: item.label,
                kind: Some(kind(item.kind)),
                detail: item.detail,
                documentation: item.documentation.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                deprecated: item.deprecated.then_some(true),
                tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                sort_text: item.sort_text,
                insert_text_format: Some(format),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            }
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    }))
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain_text("ifThenElse(${1:predicate}, ${2:a}, $3)$0"),
            "ifThenElse(predicate, a, )"
        );
        assert_eq!(plain_text("Size = $0"), "Size = ");
        assert_eq!(plain_text("[[nodearray ${1:name}]]"), "[[nodearray name]]");
        assert_eq!(plain_text("cost \\$5"), "cost $5");
    }
}
