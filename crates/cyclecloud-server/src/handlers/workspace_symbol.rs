//! `workspace/symbol`: clusters, nodes, parameters, environments and noderefs of every template
//! in the workspace, matched like rust-analyzer (case-insensitive subsequence, tightest first).
//! Open documents are searched in their editor text, which wins over the index of the disk.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use cyclecloud_analysis::navigation::FuzzyQuery;
use tower_lsp_server::ls_types::*;

use crate::server::SharedState;
use crate::workspace::{symbols_of_snapshot, IndexedSymbol};

/// At most this many results, as rust-analyzer returns by default (a query narrows them).
const MAX_RESULTS: usize = 256;

/// A match: its score, and the file and symbol it is (indexes into the file list).
type Match = (u32, u32, u32);

pub(crate) fn symbol(
    state: &SharedState,
    params: WorkspaceSymbolParams,
) -> WorkspaceSymbolResponse {
    let encoding = state.client().encoding;
    // Open documents keep the URI the editor gave them; indexed files get one from their path.
    let mut open_uris: Vec<Uri> = Vec::new();
    let mut open: Vec<(PathBuf, Arc<[IndexedSymbol]>)> = Vec::new();
    for uri in state.documents.uris() {
        let Some(snapshot) = state.documents.snapshot(&uri) else {
            continue;
        };
        let path = uri
            .to_file_path()
            .map(|path| path.into_owned())
            .unwrap_or_default();
        open.push((path, symbols_of_snapshot(&snapshot.syntax, encoding).into()));
        open_uris.push(uri);
    }
    let skip: HashSet<PathBuf> = open.iter().map(|(path, _)| path.clone()).collect();
    let mut files = state.workspace.files_except(&skip);
    let first_open = files.len();
    files.extend(open);
    let mut query = FuzzyQuery::new(&params.query);
    let mut matches: Vec<Match> = Vec::new();
    for (file, (_, symbols)) in files.iter().enumerate() {
        for (index, symbol) in symbols.iter().enumerate() {
            if let Some(score) = query.score(&symbol.name) {
                matches.push((score, file as u32, index as u32));
            }
        }
    }
    let symbol_of = |m: &Match| &files[m.1 as usize].1[m.2 as usize];
    // Best first; ties by name ignoring case, then as written, then by file.
    let order = |a: &Match, b: &Match| {
        let (x, y) = (&symbol_of(a).name, &symbol_of(b).name);
        b.0.cmp(&a.0)
            .then_with(|| {
                x.bytes()
                    .map(|c| c.to_ascii_lowercase())
                    .cmp(y.bytes().map(|c| c.to_ascii_lowercase()))
            })
            .then_with(|| x.cmp(y))
            .then_with(|| files[a.1 as usize].0.cmp(&files[b.1 as usize].0))
    };
    if matches.len() > MAX_RESULTS {
        matches.select_nth_unstable_by(MAX_RESULTS - 1, order);
        matches.truncate(MAX_RESULTS);
    }
    matches.sort_by(order);
    WorkspaceSymbolResponse::Nested(
        matches
            .iter()
            .filter_map(|m| {
                let file = m.1 as usize;
                let uri = match file.checked_sub(first_open) {
                    Some(open) => open_uris.get(open).cloned(),
                    None => Uri::from_file_path(&files[file].0),
                }?;
                Some(to_lsp(uri, symbol_of(m)))
            })
            .collect(),
    )
}

fn to_lsp(uri: Uri, symbol: &IndexedSymbol) -> WorkspaceSymbol {
    WorkspaceSymbol {
        name: symbol.name.to_string(),
        kind: symbol.kind,
        tags: None,
        container_name: symbol.container.as_deref().map(str::to_owned),
        location: OneOf::Left(Location {
            uri,
            range: symbol.range,
        }),
        data: None,
    }
}
