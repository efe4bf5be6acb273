//! `textDocument/documentSymbol`: the outline analysis builds, nested, with LSP symbol kinds.

use cyclecloud_analysis::navigation::{document_symbols, OutlineSymbol};
use cyclecloud_syntax::PositionEncoding;
use ropey::Rope;
use tower_lsp_server::ls_types::*;

use crate::convert;
use crate::server::SharedState;

/// The LSP kind shown for a section kind (editors pick icons by it).
pub(crate) fn symbol_kind(section_kind: &str) -> SymbolKind {
    match section_kind {
        "cluster" => SymbolKind::NAMESPACE,
        "node" => SymbolKind::CLASS,
        "nodearray" => SymbolKind::ARRAY,
        "configuration" => SymbolKind::PROPERTY,
        "volume" => SymbolKind::FILE,
        "network-interface" => SymbolKind::INTERFACE,
        "input-endpoint" => SymbolKind::EVENT,
        "cluster-init" => SymbolKind::FUNCTION,
        "environment" => SymbolKind::MODULE,
        "noderef" => SymbolKind::OBJECT,
        "parameters" => SymbolKind::PACKAGE,
        "parameter" => SymbolKind::VARIABLE,
        "list" => SymbolKind::ARRAY,
        "record" => SymbolKind::STRUCT,
        _ => SymbolKind::KEY,
    }
}

pub(crate) async fn document_symbol(
    state: &SharedState,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (snapshot, analysis, _) = state.analysis(&params.text_document.uri).await?;
    let encoding = state.client().encoding;
    let rope = snapshot.syntax.rope();
    let symbols = to_lsp_all(rope, encoding, document_symbols(&analysis.model.sections));
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// Converts the outline without recursion (a file can nest sections as deep as it has
/// brackets): entries are flattened parents-first, converted, then attached leaves-first.
fn to_lsp_all(
    rope: &Rope,
    encoding: PositionEncoding,
    roots: Vec<OutlineSymbol>,
) -> Vec<DocumentSymbol> {
    let mut flat: Vec<(Option<usize>, DocumentSymbol)> = Vec::new();
    let mut stack: Vec<(Option<usize>, OutlineSymbol)> = roots
        .into_iter()
        .rev()
        .map(|symbol| (None, symbol))
        .collect();
    while let Some((parent, mut symbol)) = stack.pop() {
        let index = flat.len();
        let children = std::mem::take(&mut symbol.children);
        stack.extend(children.into_iter().rev().map(|child| (Some(index), child)));
        #[allow(deprecated)]
        let converted = DocumentSymbol {
            kind: symbol_kind(&symbol.kind),
            name: symbol.name,
            detail: symbol.detail,
            tags: None,
            deprecated: None,
            range: convert::range(rope, symbol.range, encoding),
            selection_range: convert::range(rope, symbol.selection_range, encoding),
            children: None,
        };
        flat.push((parent, converted));
    }
    let mut roots = Vec::new();
    // Children come after their parent, so popping from the end completes each child (its own
    // children were pushed in reverse) before its parent takes it.
    while let Some((parent, mut symbol)) = flat.pop() {
        if let Some(children) = symbol.children.as_mut() {
            children.reverse();
        }
        match parent {
            Some(parent) => flat[parent]
                .1
                .children
                .get_or_insert_with(Vec::new)
                .push(symbol),
            None => roots.push(symbol),
        }
    }
    roots.reverse();
    roots
}
