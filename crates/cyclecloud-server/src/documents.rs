//! The open documents: one rope + tree per URI, edited only by the ordered sync layer.

use std::sync::Arc;

use cyclecloud_analysis::{Analysis, ModelCache};
use cyclecloud_syntax::{Document, PositionEdit, PositionEncoding, Snapshot};
use dashmap::DashMap;
use tower_lsp_server::ls_types::Uri;

/// One version of one document, as handlers see it.
#[derive(Clone, Debug)]
pub struct DocumentSnapshot {
    /// The document's version as the client numbered it.
    pub version: i32,
    /// Text and tree.
    pub syntax: Snapshot,
}

struct OpenDocument {
    document: Document,
    version: i32,
    /// What the previous analysis read, so the next one re-reads only changed lines. Behind its
    /// own lock so analysing never holds the store's shard lock (which text sync needs).
    model_cache: Arc<std::sync::Mutex<ModelCache>>,
    /// The analysis of `analysis.0`'s version, kept for completion, hover and pull requests,
    /// with the store's clock when it was made (the oldest are dropped first).
    analysis: Option<(i32, Arc<Analysis>, u64)>,
}

/// How many documents keep their analysis cached. The ones being edited are re-analysed on
/// every change anyway; others are re-analysed (a few ms) if a request comes for them. This
/// bounds memory when many templates are open.
const CACHED_ANALYSES: usize = 4;

/// How many documents keep a model cache (what the last analysis read, for the next keystroke).
/// Typing happens in one or two documents at a time; the cache roughly doubles a document's
/// model memory, so it is kept only where it pays.
const CACHED_MODELS: usize = 2;

/// All open documents, keyed by URI.
#[derive(Default)]
pub struct DocumentStore {
    documents: DashMap<Uri, OpenDocument>,
    clock: std::sync::atomic::AtomicU64,
}

impl DocumentStore {
    /// `didOpen`: replaces any previous state of the URI.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        self.documents.insert(
            uri,
            OpenDocument {
                document: Document::new(text),
                version,
                model_cache: Arc::default(),
                analysis: None,
            },
        );
    }

    /// `didChange`: applies the changes in order. Returns false for an unknown document.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        edits: &[PositionEdit],
        encoding: PositionEncoding,
    ) -> bool {
        let Some(mut open) = self.documents.get_mut(uri) else {
            return false;
        };
        open.document.apply_position_edits(edits, encoding);
        open.version = version;
        let retired = open.analysis.take();
        drop(open);
        // Freeing a large model takes about as long as building one; the editor should not
        // wait for it.
        drop_later(retired);
        true
    }

    /// `didClose`.
    pub fn close(&self, uri: &Uri) {
        self.documents.remove(uri);
    }

    /// The current version of a document.
    pub fn snapshot(&self, uri: &Uri) -> Option<DocumentSnapshot> {
        let open = self.documents.get(uri)?;
        Some(DocumentSnapshot {
            version: open.version,
            syntax: open.document.snapshot(),
        })
    }

    /// The current version number, to drop results computed for an older one.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.documents.get(uri).map(|open| open.version)
    }

    /// A cached analysis of `version`, if one was stored.
    pub fn cached_analysis(&self, uri: &Uri, version: i32) -> Option<Arc<Analysis>> {
        let open = self.documents.get(uri)?;
        open.analysis
            .as_ref()
            .filter(|(cached, _, _)| *cached == version)
            .map(|(_, analysis, _)| Arc::clone(analysis))
    }

    /// Stores an analysis if the document is still at `version`.
    pub fn store_analysis(&self, uri: &Uri, version: i32, analysis: Arc<Analysis>) {
        let stamp = self.clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if let Some(mut open) = self.documents.get_mut(uri) {
            if open.version == version {
                open.analysis = Some((version, analysis, stamp));
            }
        }
        let mut stamps: Vec<u64> = self
            .documents
            .iter()
            .filter_map(|entry| entry.analysis.as_ref().map(|(_, _, stamp)| *stamp))
            .collect();
        stamps.sort_unstable();
        let keep_analyses_from = stamps.len().checked_sub(CACHED_ANALYSES).map(|i| stamps[i]);
        let keep_models_from = stamps.len().checked_sub(CACHED_MODELS).map(|i| stamps[i]);
        if keep_analyses_from.is_none() && keep_models_from.is_none() {
            return;
        }
        for mut entry in self.documents.iter_mut() {
            let Some(stamp) = entry.analysis.as_ref().map(|(_, _, stamp)| *stamp) else {
                continue;
            };
            if keep_models_from.is_some_and(|keep| stamp < keep) {
                entry.model_cache = Arc::default();
            }
            if keep_analyses_from.is_some_and(|keep| stamp < keep) {
                entry.analysis = None;
            }
        }
    }

    /// Forgets every cached analysis: settings changed, so the same text may check differently.
    pub fn clear_analyses(&self) {
        for mut entry in self.documents.iter_mut() {
            entry.analysis = None;
        }
    }

    /// The document's model cache, to pass to `analyze_cached` outside the store's locks.
    pub fn model_cache(&self, uri: &Uri) -> Option<Arc<std::sync::Mutex<ModelCache>>> {
        self.documents
            .get(uri)
            .map(|open| Arc::clone(&open.model_cache))
    }

    /// Every open URI, to re-check after a settings change.
    pub fn uris(&self) -> Vec<Uri> {
        self.documents
            .iter()
            .map(|entry| entry.key().clone())
            .collect()
    }
}

/// Drops `value` on a background thread, so freeing a replaced analysis (tens of thousands of
/// small allocations for a large template) is not on the path from a keystroke to its
/// diagnostics. Falls back to dropping here if the thread cannot be started.
pub(crate) fn drop_later<T: Send + 'static>(value: Option<T>) {
    type Garbage = Box<dyn Send>;
    static SENDER: std::sync::OnceLock<Option<std::sync::Mutex<std::sync::mpsc::Sender<Garbage>>>> =
        std::sync::OnceLock::new();
    let Some(value) = value else {
        return;
    };
    let sender = SENDER.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Garbage>();
        std::thread::Builder::new()
            .name("drop-later".to_owned())
            .spawn(move || receiver.into_iter().for_each(drop))
            .ok()
            .map(|_| std::sync::Mutex::new(sender))
    });
    let garbage: Garbage = Box::new(value);
    if let Some(Ok(sender)) = sender.as_ref().map(|sender| sender.lock()) {
        // If the thread is gone the value comes back in the error and is dropped here.
        let _ = sender.send(garbage);
    }
}
