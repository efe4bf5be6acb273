//! The server session: one entry per open document holding its text and tree, its version,
//! the model cache its next analysis starts from, and its latest analysis.
//!
//! Text sync edits an entry in arrival order (see [`crate::ordered_sync`]); every other reader
//! asks [`Session::analysis`] for the analysis of one version. Analyses run on a thread of their
//! own, never on the async runtime, and at most one per document at a time (the model
//! cache is moved into it and back). A caller that finds the analysis of its revision running
//! waits for it instead of starting a second one; a caller whose version was replaced before
//! its analysis started gets [`NotAnalysed::Superseded`], and an analysis that was queued for a
//! worker when a newer version arrived is skipped.
//!
//! Memory: documents are ordered by their last analysis. The [`KEPT_ANALYSES`] most recent keep
//! their latest analysis (for requests), and [`KEPT_CACHES`] of them their model cache: the
//! newest, then the most recent ones that were edited (a cache only speeds up the analysis
//! after an edit). The others keep text and tree and are analysed again (a few milliseconds,
//! from scratch) when asked.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use cyclecloud_analysis::{analyze_cached, Analysis, ModelCache, Settings};
use cyclecloud_syntax::{Document, PositionEdit, PositionEncoding, Snapshot};
use dashmap::DashMap;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::Uri;

use self::workers::Workers;

/// How many of the most recently analysed documents keep their latest analysis, so requests
/// on a document the user glances at between edits are answered without analysing again.
pub const KEPT_ANALYSES: usize = 4;

/// How many documents keep their model cache: the most recently analysed one, and of the
/// others those most recently edited. Typing happens in one or two documents at a time, and a
/// cache costs about as much memory again as the model, so it is kept only where it pays: a
/// template only opened and looked at needs none once another is analysed.
pub const KEPT_CACHES: usize = 2;

/// How many threads analyse. One: a keystroke's analysis is one document's, typing happens in
/// one document at a time, and every thread that builds models keeps a malloc arena of its own
/// (with twenty templates open, a second thread added about 1 MB of resident memory).
const ANALYSIS_THREADS: usize = 1;

/// One version of one document, as handlers see it.
#[derive(Clone, Debug)]
pub struct DocumentSnapshot {
    /// The document's version as the client numbered it.
    pub version: i32,
    /// The session's own number for this text, unique across documents and reopenings (a
    /// client may send two different texts with one version number).
    pub revision: u64,
    /// Text and tree.
    pub syntax: Snapshot,
}

/// Why [`Session::analysis`] returned no analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAnalysed {
    /// The document is not open.
    Closed,
    /// A newer version (or new settings) arrived before this version's analysis started.
    Superseded,
    /// The analysis of this version panicked; the panic message went to stderr.
    Failed,
}

/// What one analysis is of: a text and a generation of settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AnalysisKey {
    revision: u64,
    settings_epoch: u64,
}

/// A completed analysis; `analysis` is `None` when it panicked.
struct Finished {
    key: AnalysisKey,
    snapshot: DocumentSnapshot,
    analysis: Option<Arc<Analysis>>,
}

/// One open document.
struct DocumentState {
    document: Document,
    version: i32,
    revision: u64,
    /// A change arrived since the document was opened: it is being typed in.
    edited: bool,
    /// What the previous analysis read; taken by the running analysis and given back by it,
    /// dropped by the policy of [`KEPT_CACHES`].
    cache: Option<ModelCache>,
    /// The latest analysis that completed. A change leaves it (its key no longer matches) for
    /// the next analysis, which takes it when it starts: on its own thread it hands the model
    /// back to the model cache, which patches it into the new version when it can, or frees it
    /// (freed at the change on another thread, it slowed the analysis running meanwhile by
    /// about a fifth at 10,000 lines: both threads in the analysis thread's malloc arena).
    finished: Option<Finished>,
    /// The analysis running (or queued for a worker) now.
    running: Option<AnalysisKey>,
    /// Woken when the running analysis ends, however it ends.
    ended: Arc<Notify>,
}

/// Every open document and the analyses of their versions.
pub struct Session {
    documents: DashMap<Uri, DocumentState>,
    revisions: AtomicU64,
    settings_epoch: AtomicU64,
    /// The documents holding an analysis or cache, the most recently analysed last.
    recent: Mutex<VecDeque<Uri>>,
    /// The analysis threads: a burst of opens queues instead of building twenty models at once.
    workers: Workers,
    /// How many analyses ran (skipped ones not counted): what the scheduling is judged by.
    analyses_run: AtomicU64,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            documents: DashMap::new(),
            revisions: AtomicU64::new(0),
            settings_epoch: AtomicU64::new(0),
            recent: Mutex::new(VecDeque::new()),
            workers: Workers::new(ANALYSIS_THREADS),
            analyses_run: AtomicU64::new(0),
        }
    }
}

impl Session {
    /// `didOpen`: replaces any previous state of the URI.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        let state = DocumentState {
            document: Document::new(text),
            version,
            revision: self.next_revision(),
            edited: false,
            cache: None,
            finished: None,
            running: None,
            ended: Arc::default(),
        };
        self.forget_recent(&uri);
        drop_later(self.documents.insert(uri, state));
    }

    /// `didChange`: applies the changes in order. Returns false for an unknown document.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        edits: &[PositionEdit],
        encoding: PositionEncoding,
    ) -> bool {
        let revision = self.next_revision();
        let Some(mut state) = self.documents.get_mut(uri) else {
            return false;
        };
        state.document.apply_position_edits(edits, encoding);
        state.version = version;
        state.revision = revision;
        state.edited = true;
        true
    }

    /// `didClose`. An analysis still running for it ends unseen.
    pub fn close(&self, uri: &Uri) {
        self.forget_recent(uri);
        drop_later(self.documents.remove(uri));
    }

    /// The current version of a document.
    pub fn snapshot(&self, uri: &Uri) -> Option<DocumentSnapshot> {
        self.documents.get(uri).map(|state| state.snapshot())
    }

    /// The current client version number.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.documents.get(uri).map(|state| state.version)
    }

    /// The current revision, to tell whether a result is still about the current text.
    pub fn revision(&self, uri: &Uri) -> Option<u64> {
        self.documents.get(uri).map(|state| state.revision)
    }

    /// Every open URI, to re-check after a settings change.
    pub fn uris(&self) -> Vec<Uri> {
        self.documents
            .iter()
            .map(|entry| entry.key().clone())
            .collect()
    }

    /// The generation of settings; read it before reading the settings an analysis will use.
    pub fn settings_epoch(&self) -> u64 {
        self.settings_epoch.load(Ordering::SeqCst)
    }

    /// Settings changed, so the same text may check differently: every completed analysis is
    /// dropped and one running with the old settings will not be handed out. Model caches stay
    /// (the model does not depend on settings).
    pub fn settings_changed(&self) {
        self.settings_epoch.fetch_add(1, Ordering::SeqCst);
        for mut entry in self.documents.iter_mut() {
            drop_later(entry.finished.take());
        }
    }

    /// The analysis of `version` of a document with `settings` (read after `settings_epoch`
    /// returned `epoch`): the completed one, the running one when it ends, or a new one.
    pub async fn analysis(
        self: &Arc<Self>,
        uri: &Uri,
        version: i32,
        epoch: u64,
        settings: &Arc<Settings>,
    ) -> Result<(DocumentSnapshot, Arc<Analysis>), NotAnalysed> {
        let mut waiting_for: Option<AnalysisKey> = None;
        loop {
            let ended: Arc<Notify>;
            let notified;
            let mut job = None;
            {
                let mut state = self.documents.get_mut(uri).ok_or(NotAnalysed::Closed)?;
                let current = self.settings_epoch() == epoch && state.version == version;
                let key = match waiting_for {
                    Some(key) => key,
                    None if current => AnalysisKey {
                        revision: state.revision,
                        settings_epoch: epoch,
                    },
                    None => return Err(NotAnalysed::Superseded),
                };
                if let Some(finished) = state.finished.as_ref().filter(|f| f.key == key) {
                    let analysis = finished.analysis.clone().ok_or(NotAnalysed::Failed)?;
                    return Ok((finished.snapshot.clone(), analysis));
                }
                if state.running != Some(key) {
                    if !current || state.revision != key.revision {
                        return Err(NotAnalysed::Superseded);
                    }
                    if state.running.is_none() {
                        job = Some(self.prepare(uri, &mut state, key, Arc::clone(settings)));
                    }
                }
                waiting_for = Some(key);
                ended = Arc::clone(&state.ended);
                // Registered before the entry is unlocked, so the end cannot slip by unseen.
                notified = ended.notified();
            }
            // Queued only once the entry is unlocked: the job reads it, and runs right here if
            // no analysis thread could be started.
            if let Some(job) = job {
                self.workers.submit(Box::new(move || job.run()));
            }
            notified.await;
        }
    }

    /// How many analyses ran since the session began (skipped ones not counted).
    pub fn analyses_run(&self) -> u64 {
        self.analyses_run.load(Ordering::SeqCst)
    }

    /// Keeps every analysis thread busy until the returned value is dropped, so that tests
    /// can arrange requests while analyses stay queued.
    #[cfg(test)]
    pub(crate) fn hold_workers(&self) -> Vec<std::sync::mpsc::Sender<()>> {
        (0..ANALYSIS_THREADS)
            .map(|_| {
                let (release, released) = std::sync::mpsc::channel::<()>();
                self.workers.submit(Box::new(move || {
                    let _ = released.recv();
                }));
                release
            })
            .collect()
    }

    fn next_revision(&self) -> u64 {
        self.revisions.fetch_add(1, Ordering::SeqCst)
    }

    /// Marks the analysis of `key` as running and hands it the model cache; the caller holds
    /// the entry, and queues the job after unlocking it.
    fn prepare(
        self: &Arc<Self>,
        uri: &Uri,
        state: &mut DocumentState,
        key: AnalysisKey,
        settings: Arc<Settings>,
    ) -> Job {
        state.running = Some(key);
        Job {
            session: Arc::clone(self),
            uri: uri.clone(),
            key,
            snapshot: state.snapshot(),
            // Outdated (its key is not this one): its model goes back to the cache.
            replaced: state.finished.take(),
            cache: state.cache.take().unwrap_or_default(),
            settings,
            ended: Arc::clone(&state.ended),
        }
    }

    /// Records how the analysis of `key` ended: the cache goes back, a result is stored and
    /// makes the document the most recent. Returns what is to be freed once the waiters are
    /// woken: what nobody took, what the result replaced, what the memory policy let go.
    fn end(
        &self,
        uri: &Uri,
        key: AnalysisKey,
        cache: Option<ModelCache>,
        finished: Option<Finished>,
    ) -> Leftovers {
        let mut leftovers = Leftovers::default();
        let mut stored = false;
        match self.documents.get_mut(uri) {
            // A document closed and reopened meanwhile is another text: it gets nothing.
            Some(mut state) if state.running == Some(key) => {
                state.running = None;
                state.cache = cache;
                if let Some(finished) = finished {
                    leftovers.results.extend(state.finished.replace(finished));
                    stored = true;
                }
            }
            _ => {
                leftovers.caches.extend(cache);
                leftovers.results.extend(finished);
            }
        }
        if stored {
            self.keep_recent(uri, &mut leftovers);
        }
        leftovers
    }

    /// Makes `uri` the most recently analysed document; takes the analyses of the documents
    /// past [`KEPT_ANALYSES`], and the model caches the policy of [`KEPT_CACHES`] lets go.
    fn keep_recent(&self, uri: &Uri, leftovers: &mut Leftovers) {
        let (older, past): (Vec<Uri>, Vec<Uri>) = {
            let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
            if recent.back() == Some(uri) {
                return;
            }
            recent.retain(|kept| kept != uri);
            recent.push_back(uri.clone());
            let excess = recent.len().saturating_sub(KEPT_ANALYSES);
            let past = recent.drain(..excess).collect();
            // Newest first, `uri` itself left out: it keeps its cache.
            (recent.iter().rev().skip(1).cloned().collect(), past)
        };
        let mut caches_left = KEPT_CACHES.saturating_sub(1);
        for uri in &older {
            if let Some(mut state) = self.documents.get_mut(uri) {
                if state.edited && caches_left > 0 {
                    caches_left -= 1;
                } else {
                    leftovers.caches.extend(state.cache.take());
                }
            }
        }
        for uri in &past {
            if let Some(mut state) = self.documents.get_mut(uri) {
                leftovers.caches.extend(state.cache.take());
                leftovers.results.extend(state.finished.take());
            }
        }
    }

    fn forget_recent(&self, uri: &Uri) {
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        recent.retain(|kept| kept != uri);
    }
}

impl DocumentState {
    fn snapshot(&self) -> DocumentSnapshot {
        DocumentSnapshot {
            version: self.version,
            revision: self.revision,
            syntax: self.document.snapshot(),
        }
    }
}

/// Caches and results an ending analysis lets go. Freed on the analysis thread after the
/// waiters are woken: off their path, and where the next analysis reuses the memory at once
/// (freed on another thread it lingered and raised the peak of a burst of opens).
#[derive(Default)]
struct Leftovers {
    caches: Vec<ModelCache>,
    results: Vec<Finished>,
}

/// One analysis, run on an analysis thread.
struct Job {
    session: Arc<Session>,
    uri: Uri,
    key: AnalysisKey,
    snapshot: DocumentSnapshot,
    /// The document's previous analysis, whose model the new one patches when nothing else
    /// holds it any more (see `ModelCache::recycle`).
    replaced: Option<Finished>,
    cache: ModelCache,
    settings: Arc<Settings>,
    ended: Arc<Notify>,
}

impl Job {
    fn run(self) {
        let Job {
            session,
            uri,
            key,
            snapshot,
            replaced,
            mut cache,
            settings,
            ended,
        } = self;
        if let Some(analysis) = replaced.and_then(|finished| finished.analysis) {
            // A request still reading it keeps it; then the next build assembles a new model.
            if let Ok(analysis) = Arc::try_unwrap(analysis) {
                cache.recycle(analysis.model);
            }
        }
        // Queued behind other documents' analyses while a newer version arrived: skip it.
        let outdated = session.revision(&uri) != Some(key.revision)
            || session.settings_epoch() != key.settings_epoch;
        let leftovers = if outdated {
            session.end(&uri, key, Some(cache), None)
        } else {
            session.analyses_run.fetch_add(1, Ordering::SeqCst);
            // Make room first: what the memory policy lets go for this document is freed before
            // its model is built, so the build reuses that memory instead of adding to it.
            let mut room = Leftovers::default();
            session.keep_recent(&uri, &mut room);
            drop(room);
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                analyze_cached(&snapshot.syntax, &settings, &mut cache)
            }));
            // The old trees this build let go of are freed beside the publishing.
            drop_later(Some(cache.take_retired()));
            // After a panic the cache may be half updated: the next analysis starts afresh.
            let (cache, analysis) = match outcome {
                Ok(analysis) => (Some(cache), Some(Arc::new(analysis))),
                Err(_) => (None, None),
            };
            let finished = Finished {
                key,
                snapshot,
                analysis,
            };
            session.end(&uri, key, cache, Some(finished))
        };
        ended.notify_waiters();
        drop(leftovers);
    }
}

/// Drops `value` on a background thread, so freeing a replaced analysis (tens of thousands of
/// small allocations for a large template) is not on the path from a keystroke to its
/// diagnostics. Falls back to dropping here if the thread cannot be started.
pub(crate) fn drop_later<T: Send + 'static>(value: Option<T>) {
    type Garbage = Box<dyn Send>;
    static SENDER: std::sync::OnceLock<Option<Mutex<std::sync::mpsc::Sender<Garbage>>>> =
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
            .map(|_| Mutex::new(sender))
    });
    let garbage: Garbage = Box::new(value);
    if let Some(Ok(sender)) = sender.as_ref().map(|sender| sender.lock()) {
        // If the thread is gone the value comes back in the error and is dropped here.
        let _ = sender.send(garbage);
    }
}

/// Runs `then` on the thread of [`drop_later`] once everything queued there before it is
/// freed (here and now if that thread cannot be started).
pub(crate) fn after_drops(then: impl FnOnce() + Send + 'static) {
    /// Runs its closure when dropped, in its turn on the dropping thread.
    struct Then<F: FnOnce()>(Option<F>);
    impl<F: FnOnce()> Drop for Then<F> {
        fn drop(&mut self) {
            if let Some(then) = self.0.take() {
                then();
            }
        }
    }
    drop_later(Some(Then(Some(then))));
}

#[cfg(test)]
mod tests;
mod workers;
