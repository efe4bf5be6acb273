//! `workspace/symbol`: clusters, nodes, parameters, environments and noderefs of every template
//! in the workspace, matched like rust-analyzer (case-insensitive subsequence, tightest first).
//! Open documents are searched in their editor text, which wins over the index of the disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use cyclecloud_analysis::navigation::fuzzy_score;
use tower_lsp_server::ls_types::*;

use crate::server::SharedState;
use crate::workspace::{symbols_of_snapshot, IndexedSymbol};

/// At most this many results, as rust-analyzer returns by default (a query narrows them).
const MAX_RESULTS: usize = 256;

/// A match: its score, file and symbol.
type Scored = (u32, PathBuf, IndexedSymbol);

pub(crate) fn symbol(
    state: &SharedState,
    params: WorkspaceSymbolParams,
) -> WorkspaceSymbolResponse {
    let query = params.query;
    let encoding = state.encoding();
    let open: Vec<(PathBuf, Vec<IndexedSymbol>)> = state
        .documents
        .uris()
        .into_iter()
        .filter_map(|uri| {
            let path = uri.to_file_path()?.into_owned();
            let snapshot = state.documents.snapshot(&uri)?;
            Some((path, symbols_of_snapshot(&snapshot.syntax, encoding)))
        })
        .collect();
    let skip: HashSet<PathBuf> = open.iter().map(|(path, _)| path.clone()).collect();
    let mut scored: Vec<Scored> = Vec::new();
    let mut score_file = |path: &Path, symbols: &[IndexedSymbol]| {
        for symbol in symbols {
            if let Some(score) = fuzzy_score(&query, &symbol.name) {
                scored.push((score, path.to_path_buf(), symbol.clone()));
                if scored.len() > 4 * MAX_RESULTS {
                    best(&mut scored);
                }
            }
        }
    };
    state.workspace.for_each(&skip, &mut score_file);
    for (path, symbols) in &open {
        score_file(path, symbols);
    }
    best(&mut scored);
    WorkspaceSymbolResponse::Nested(
        scored
            .into_iter()
            .filter_map(|(_, path, symbol)| Some(to_lsp(Uri::from_file_path(path)?, &symbol)))
            .collect(),
    )
}

/// Keeps the best [`MAX_RESULTS`], best first (ties by name ignoring case, then file), which also bounds
/// memory on an empty query over a large workspace.
fn best(scored: &mut Vec<Scored>) {
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| {
                let key = |name: &str| name.to_ascii_lowercase();
                key(&a.2.name).cmp(&key(&b.2.name))
            })
            .then_with(|| a.2.name.cmp(&b.2.name))
            .then_with(|| a.1.cmp(&b.1))
    });
    scored.truncate(MAX_RESULTS);
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
