//! The real-template corpus that sits beside the repository (`../shared/corpus`), for tests and
//! benchmarks across the workspace: one place knows where it is and how to list it.

use std::path::{Path, PathBuf};

/// Printed by every test that needs the corpus when it is absent; such tests then pass.
pub const SKIP_MESSAGE: &str =
    "skipped: ../shared/corpus not found (the real-template corpus lives beside the repository)";

/// The corpus folder, or `None` after printing [`SKIP_MESSAGE`] when it is absent.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = crate::repo_root().join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("{SKIP_MESSAGE}");
        None
    }
}

/// Every template under the corpus (one folder per source repository), sorted so selections
/// are deterministic, without `MANIFEST.tsv`.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", current.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name != "MANIFEST.tsv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The corpus files, or `None` (after printing why) when the corpus is absent.
pub fn corpus() -> Option<Vec<PathBuf>> {
    corpus_dir().map(|dir| corpus_files(&dir))
}
