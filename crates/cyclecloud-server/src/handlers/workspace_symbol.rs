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
    let encoding = state.encoding();
    let open: Vec<(PathBuf, Arc<[IndexedSymbol]>)> = state
        .documents
        .uris()
        .into_iter()
        .filter_map(|uri| {
            let path = uri.to_file_path()?.into_owned();
            let snapshot = state.documents.snapshot(&uri)?;
            Some((path, symbols_of_snapshot(&snapshot.syntax, encoding).into()))
        })
        .collect();
    let skip: HashSet<PathBuf> = open.iter().map(|(path, _)| path.clone()).collect();
    let mut files = state.workspace.files_except(&skip);
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
                let uri = Uri::from_file_path(&files[m.1 as usize].0)?;
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
