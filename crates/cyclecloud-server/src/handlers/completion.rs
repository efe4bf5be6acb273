//! `textDocument/completion`: analysis decides what fits at the cursor; this converts it.
//!
//! Clients that can resolve `documentation` lazily (VS Code, Neovim) get the list without it
//! and ask `completionItem/resolve` for the selected item: the documentation is most of a
//! list's bytes, and every byte is serialised twice by the framework and parsed once by the
//! editor while the user waits. An item's `data` is one number, the list's number times
//! [`LIST_STRIDE`] plus the item's index; the server keeps only the last list's
//! documentation, so resolving an item of an older list changes nothing. For the same reason
//! `insertTextFormat` is left out when it is the default, plain text.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use cyclecloud_analysis::completion::{
    cluster_init_completions, completion_list, workspace_key_completions, CompletionItem as Item,
    CompletionKind, Documentation as ItemDocumentation,
};
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

/// Room for the index in an item's `data`: lists never hold a million items.
const LIST_STRIDE: u64 = 1 << 20;

/// What lazy documentation needs between a completion and its resolves.
#[derive(Default)]
pub(crate) struct CompletionState {
    lists: AtomicU64,
    /// The last list's number and each item's documentation.
    last: Mutex<(u64, Vec<Option<ItemDocumentation>>)>,
}

pub(crate) async fn completion(
    state: &SharedState,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let uri = params.text_document_position.text_document.uri;
    let (snapshot, analysis, _) = state.analysis(&uri).await?;
    let (settings, _) = state.settings_for(&uri);
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let offset = convert::offset(rope, params.text_document_position.position, encoding);
    let snippets = state.client().snippets;
    let lazy = state.client().lazy_documentation;
    let list = state.completion.lists.fetch_add(1, Ordering::SeqCst) + 1;
    let mut documentation = Vec::new();
    // Items nearly always replace the same word: convert its range once, not once per item.
    let mut last_range: Option<(std::ops::Range<usize>, Range)> = None;
    let mut found = completion_list(
        &snapshot.syntax,
        &analysis.model,
        offset,
        settings.vm_sizes(),
    );
    if let Some(project) = &settings.project {
        // Specs and version of the template's own project in a `[[[cluster-init` header.
        let specs = cluster_init_completions(&snapshot.syntax, offset, project);
        found.items.extend(specs);
    }
    // Then the undocumented configuration keys the workspace's other templates set.
    let path = uri
        .to_file_path()
        .map(|path| path.canonicalize().unwrap_or_else(|_| path.into_owned()));
    let workspace_keys = state.workspace.configuration_keys_except(path.as_deref());
    let more = workspace_key_completions(
        &snapshot.syntax,
        &analysis.model,
        offset,
        &workspace_keys,
        &found.items,
    );
    found.items.extend(more);
    let items: Vec<CompletionItem> = found
        .items
        .into_iter()
        .enumerate()
        .map(|(index, item): (usize, Item)| {
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
            let (inline, data) = match item.documentation {
                Some(value) if lazy => {
                    documentation.push(Some(value));
                    let data = list * LIST_STRIDE + index as u64;
                    (None, Some(serde_json::Value::from(data)))
                }
                value => {
                    documentation.push(None);
                    (value.map(|value| markdown(value.into_markdown())), None)
                }
            };
            CompletionItem {
                label: item.label,
                kind: Some(kind(item.kind)),
                detail: item.detail,
                documentation: inline,
                data,
                deprecated: item.deprecated.then_some(true),
                tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                sort_text: item.sort_text,
                insert_text_format: (format != InsertTextFormat::PLAIN_TEXT).then_some(format),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            }
        })
        .collect();
    if lazy {
        if let Ok(mut last) = state.completion.last.lock() {
            // Requests run concurrently: an older list finishing late must not replace a newer.
            if list > last.0 {
                *last = (list, documentation);
            }
        }
    }
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: found.is_incomplete,
        items,
    }))
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// `completionItem/resolve`: adds the documentation left out of the list, if the item belongs
/// to the last list; returns any other item as it came.
pub(crate) fn resolve(state: &SharedState, mut item: CompletionItem) -> CompletionItem {
    let Some((list, index)) = item
        .data
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .map(|data| (data / LIST_STRIDE, data % LIST_STRIDE))
    else {
        return item;
    };
    if item.documentation.is_none() {
        if let Ok(last) = state.completion.last.lock() {
            let found = usize::try_from(index)
                .ok()
                .filter(|_| last.0 == list)
                .and_then(|index| last.1.get(index).cloned().flatten());
            item.documentation = found.map(|found| markdown(found.into_markdown()));
        }
    }
    item
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
