//! The session's scheduling: one analysis per revision however many ask, outdated versions
//! skipped, and the memory policy. The analysis threads are kept busy while a test arranges
//! requests, so "while an analysis is queued" is a state the test controls, not a race.

use std::sync::Arc;

use cyclecloud_analysis::{Analysis, Settings};
use cyclecloud_syntax::{Position, PositionEdit, PositionEncoding};
use tower_lsp_server::ls_types::Uri;

use super::{DocumentSnapshot, NotAnalysed, Session, KEPT_ANALYSES, KEPT_CACHES};

const TEMPLATE: &str = "[cluster c]\n[[node scheduler]]\nMachineType = Standard_D4s_v3\n";

fn uri(name: &str) -> Uri {
    format!("file:///w/{name}.txt").parse().expect("uri")
}

fn open(name: &str) -> (Arc<Session>, Uri) {
    let session = Arc::new(Session::default());
    let uri = uri(name);
    session.open(uri.clone(), TEMPLATE, 1);
    (session, uri)
}

/// Appends a line (after the template's three) as version `version`.
fn type_line(session: &Session, uri: &Uri, version: i32) {
    let end = Position {
        line: 3,
        character: 0,
    };
    let edit = PositionEdit {
        range: Some(end..end),
        text: "Region = westeurope\n".to_owned(),
    };
    assert!(session.change(uri, version, &[edit], PositionEncoding::Utf8));
}

type Outcome = Result<(DocumentSnapshot, Arc<Analysis>), NotAnalysed>;

/// Asks for the analysis of `version` on a task of its own, as a handler would.
fn ask(session: &Arc<Session>, uri: &Uri, version: i32) -> tokio::task::JoinHandle<Outcome> {
    let session = Arc::clone(session);
    let uri = uri.clone();
    let epoch = session.settings_epoch();
    tokio::spawn(async move {
        session
            .analysis(&uri, version, epoch, &Arc::new(Settings::default()))
            .await
    })
}

/// Lets every spawned task run until it waits (the runtime has one thread).
async fn settle() {
    for _ in 0..8 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn requests_for_a_running_analysis_share_it() {
    let (session, uri) = open("shared");
    let workers = session.hold_workers();
    let first = ask(&session, &uri, 1);
    let second = ask(&session, &uri, 1);
    settle().await;
    let running = session.documents.get(&uri).and_then(|state| state.running);
    assert!(running.is_some(), "the first request queued an analysis");
    drop(workers);
    let (first_snapshot, first) = first.await.expect("task").expect("analysed");
    let (_, second) = second.await.expect("task").expect("analysed");
    assert!(Arc::ptr_eq(&first, &second), "one analysis served both");
    assert_eq!(session.analyses_run(), 1);
    assert_eq!(first_snapshot.version, 1);
    // A later request for the same version gets it too, without analysing again.
    let (_, third) = ask(&session, &uri, 1)
        .await
        .expect("task")
        .expect("analysed");
    assert!(Arc::ptr_eq(&first, &third));
    assert_eq!(session.analyses_run(), 1);
}

#[tokio::test]
async fn a_version_replaced_before_its_analysis_started_is_skipped() {
    let (session, uri) = open("skipped");
    let workers = session.hold_workers();
    let outdated = ask(&session, &uri, 1);
    settle().await;
    type_line(&session, &uri, 2);
    let current = ask(&session, &uri, 2);
    drop(workers);
    assert_eq!(
        outdated.await.expect("task").err(),
        Some(NotAnalysed::Superseded),
        "the queued analysis of version 1 did not run"
    );
    let (snapshot, analysis) = current.await.expect("task").expect("analysed");
    assert_eq!(snapshot.version, 2);
    assert!(snapshot.syntax.text().ends_with("Region = westeurope\n"));
    assert!(!analysis.model.attributes.is_empty());
    assert_eq!(session.analyses_run(), 1, "only version 2 was analysed");
    // Asking for version 1 now starts nothing either.
    assert_eq!(
        ask(&session, &uri, 1).await.expect("task").err(),
        Some(NotAnalysed::Superseded)
    );
}

#[tokio::test]
async fn a_running_analysis_ends_for_its_waiters_even_when_outdated() {
    let (session, uri) = open("outdated");
    let first = ask(&session, &uri, 1);
    // Let the analysis of version 1 start on its worker, then replace the version.
    settle().await;
    type_line(&session, &uri, 2);
    match first.await.expect("task") {
        // It had started: its waiter gets version 1's analysis, for version 1's text.
        Ok((snapshot, _)) => {
            assert_eq!(snapshot.version, 1);
            assert_eq!(snapshot.syntax.text(), TEMPLATE);
        }
        // It was still queued: skipped.
        Err(reason) => assert_eq!(reason, NotAnalysed::Superseded),
    }
    let (snapshot, _) = ask(&session, &uri, 2)
        .await
        .expect("task")
        .expect("analysed");
    assert_eq!(snapshot.version, 2);
}

#[tokio::test]
async fn closing_a_document_ends_its_waiters() {
    let (session, uri) = open("closed");
    let workers = session.hold_workers();
    let waiting = ask(&session, &uri, 1);
    settle().await;
    session.close(&uri);
    drop(workers);
    assert_eq!(
        waiting.await.expect("task").err(),
        Some(NotAnalysed::Closed)
    );
    assert!(session.snapshot(&uri).is_none());
}

#[tokio::test]
async fn new_settings_mean_a_new_analysis() {
    let (session, uri) = open("settings");
    let (_, before) = ask(&session, &uri, 1)
        .await
        .expect("task")
        .expect("analysed");
    let stale_epoch = session.settings_epoch();
    session.settings_changed();
    let stale = session
        .analysis(&uri, 1, stale_epoch, &Arc::new(Settings::default()))
        .await;
    assert_eq!(stale.err(), Some(NotAnalysed::Superseded));
    let (_, after) = ask(&session, &uri, 1)
        .await
        .expect("task")
        .expect("analysed");
    assert!(
        !Arc::ptr_eq(&before, &after),
        "analysed again for the new settings"
    );
    assert_eq!(session.analyses_run(), 2);
}

#[tokio::test]
async fn only_recent_documents_keep_an_analysis_and_edited_ones_a_cache() {
    assert_eq!(
        (KEPT_ANALYSES, KEPT_CACHES),
        (4, 2),
        "the steps below are counted for this policy"
    );
    let session = Arc::new(Session::default());
    let uris: Vec<Uri> = (0..=KEPT_ANALYSES)
        .map(|n| uri(&format!("doc{n}")))
        .collect();
    for uri in &uris {
        session.open(uri.clone(), TEMPLATE, 1);
        ask(&session, uri, 1)
            .await
            .expect("task")
            .expect("analysed");
    }
    let kept = |uri: &Uri| {
        let state = session.documents.get(uri).expect("open");
        (state.finished.is_some(), state.cache.is_some())
    };
    // Only opened: the newest keeps its cache, the next ones their analysis, the oldest
    // neither (but its text).
    let newest = uris.len() - 1;
    assert_eq!(kept(&uris[newest]), (true, true));
    for uri in &uris[1..newest] {
        assert_eq!(kept(uri), (true, false), "{uri:?}");
    }
    assert_eq!(kept(&uris[0]), (false, false));
    assert_eq!(
        session.snapshot(&uris[0]).expect("open").syntax.text(),
        TEMPLATE
    );
    // Typing in one document, then looking at others: the edited one keeps its cache while
    // it is among the most recent.
    type_line(&session, &uris[0], 2);
    ask(&session, &uris[0], 2)
        .await
        .expect("task")
        .expect("analysed");
    for uri in &uris[1..3] {
        ask(&session, uri, 1)
            .await
            .expect("task")
            .expect("analysed");
    }
    assert_eq!(kept(&uris[2]), (true, true), "the newest");
    assert_eq!(
        kept(&uris[0]),
        (true, true),
        "edited, among the most recent"
    );
    assert_eq!(kept(&uris[1]), (true, false), "opened, not edited");
    assert_eq!(session.analyses_run(), uris.len() as u64 + 3);
    // The edited one lets both go too once it is past the analyses kept.
    ask(&session, &uris[3], 1)
        .await
        .expect("task")
        .expect("analysed");
    let extra = uri("extra");
    session.open(extra.clone(), TEMPLATE, 1);
    ask(&session, &extra, 1)
        .await
        .expect("task")
        .expect("analysed");
    assert_eq!(kept(&uris[0]), (false, false));
    assert_eq!(session.analyses_run(), uris.len() as u64 + 5);
}

/// A closed document's memory is given back after it is freed, so `after_drops` must run its
/// closure after everything queued before it, on the dropping thread.
#[test]
fn after_drops_runs_once_what_was_queued_before_is_freed() {
    use std::sync::Mutex;
    /// Records its freeing.
    struct Noted(Arc<Mutex<Vec<&'static str>>>);
    impl Drop for Noted {
        fn drop(&mut self) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            self.0.lock().expect("log").push("freed");
        }
    }
    let log = Arc::new(Mutex::new(Vec::new()));
    super::drop_later(Some(Noted(Arc::clone(&log))));
    let (done, finished) = std::sync::mpsc::channel();
    let then = Arc::clone(&log);
    super::after_drops(move || {
        then.lock().expect("log").push("then");
        done.send(()).expect("send");
    });
    finished.recv().expect("after_drops ran");
    assert_eq!(*log.lock().expect("log"), ["freed", "then"]);
}
