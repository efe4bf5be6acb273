//! The configuration keys the workspace's cluster-init scripts read: each script's
//! `jetpack config KEY` lines (for go-to-definition on a key) and what it reads (for the
//! unread-key hint, CC0604), kept current as scripts are created, changed and deleted.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cyclecloud_analysis::navigation::{jetpack_config_reads, ScriptReads};
use cyclecloud_syntax::PositionEncoding;
use dashmap::DashMap;
use tower_lsp_server::ls_types::Range;

use crate::convert;

/// One `jetpack config KEY` call of a cluster-init script.
#[derive(Clone, Debug)]
pub struct ConfigReadSite {
    /// The key in lower case (Jetpack keys are looked up as written; templates compare keys
    /// case-insensitively).
    pub key_lower: Box<str>,
    /// The key's range, in the encoding negotiated at `initialize`.
    pub range: Range,
}

/// What one indexed script reads.
#[derive(Debug)]
struct IndexedScript {
    sites: Vec<ConfigReadSite>,
    reads: ScriptReads,
}

/// The cluster-init scripts of the workspace and what they read.
#[derive(Default)]
pub struct ScriptIndex {
    scripts: DashMap<PathBuf, Arc<IndexedScript>>,
    /// All scripts' reads together, worked out on first use after a change.
    merged: Mutex<Option<Option<Arc<ScriptReads>>>>,
    /// Counts changes of what the scripts read, so callers can tell whether to check the open
    /// templates again.
    generation: AtomicU64,
}

impl ScriptIndex {
    /// Records a script's text (`None`: it is gone or unreadable, so it is forgotten).
    pub fn index(&self, path: &Path, text: Option<&str>, encoding: PositionEncoding) {
        let Some(text) = text else {
            if self.scripts.remove(path).is_some() {
                self.changed();
            }
            return;
        };
        let rope = ropey::Rope::from_str(text);
        let sites: Vec<ConfigReadSite> = jetpack_config_reads(text)
            .into_iter()
            .map(|read| ConfigReadSite {
                key_lower: read.key.to_ascii_lowercase().into_boxed_str(),
                range: convert::range(&rope, read.range, encoding),
            })
            .collect();
        let reads = ScriptReads::from_scripts([text]);
        let same = self
            .scripts
            .get(path)
            .is_some_and(|previous| previous.reads == reads);
        self.scripts
            .insert(path.to_path_buf(), Arc::new(IndexedScript { sites, reads }));
        if !same {
            self.changed();
        }
    }

    /// Forgets every script at or under `path` (a deleted script or folder).
    pub fn forget_under(&self, path: &Path) {
        let before = self.scripts.len();
        self.scripts.retain(|script, _| !script.starts_with(path));
        if self.scripts.len() != before {
            self.changed();
        }
    }

    fn changed(&self) {
        if let Ok(mut merged) = self.merged.lock() {
            *merged = None;
        }
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// A number that changes whenever what the scripts read changes.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// What all indexed scripts read; `None` when no script reads a key, so the unread-key
    /// hint stays silent.
    pub fn reads(&self) -> Option<Arc<ScriptReads>> {
        let mut merged = self.merged.lock().ok()?;
        merged
            .get_or_insert_with(|| {
                let mut all = ScriptReads::default();
                for entry in self.scripts.iter() {
                    all.extend(&entry.value().reads);
                }
                (!all.is_empty()).then(|| Arc::new(all))
            })
            .clone()
    }

    /// Every script line that reads `key` (any case), sorted by file and position, for
    /// go-to-definition on a configuration key.
    pub fn sites(&self, key: &str) -> Vec<(PathBuf, Range)> {
        let key = key.to_ascii_lowercase();
        let mut found: Vec<(PathBuf, Range)> = self
            .scripts
            .iter()
            .flat_map(|entry| {
                entry
                    .value()
                    .sites
                    .iter()
                    .filter(|site| *site.key_lower == *key)
                    .map(|site| (entry.key().clone(), site.range))
                    .collect::<Vec<_>>()
            })
            .collect();
        found.sort_by(|a, b| {
            (&a.0, a.1.start.line, a.1.start.character).cmp(&(
                &b.0,
                b.1.start.line,
                b.1.start.character,
            ))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_scripts_as_they_change_and_go() {
        let index = ScriptIndex::default();
        let path = Path::new("/w/specs/a/cluster-init/scripts/10.sh");
        assert!(index.reads().is_none());
        index.index(path, Some("echo\n"), PositionEncoding::Utf16);
        assert!(index.reads().is_none());
        let before = index.generation();
        index.index(
            path,
            Some("jetpack config app.port\n"),
            PositionEncoding::Utf16,
        );
        assert_ne!(index.generation(), before);
        assert!(index.reads().unwrap().may_read("app.port"));
        assert_eq!(index.sites("APP.PORT").len(), 1);
        let same = index.generation();
        index.index(
            path,
            Some("# edited\njetpack config app.port\n"),
            PositionEncoding::Utf16,
        );
        assert_eq!(index.generation(), same, "the same reads");
        assert_eq!(index.sites("app.port")[0].1.start.line, 1);
        index.index(path, None, PositionEncoding::Utf16);
        assert!(index.reads().is_none());
        assert!(index.sites("app.port").is_empty());
    }
}
