//! The one helper thread an analysis shares its work with, for large files.

/// The one thread that shares the rules of large files with the analysing thread, started on
/// first use and kept: starting a thread per analysis cost tens of microseconds a keystroke
/// (and on a busy machine it often ran only after the analysing thread had done all the work).
/// `None` when it cannot be started: the rules then run on the calling thread alone.
pub(crate) fn thread() -> Option<&'static rayon::ThreadPool> {
    static HELPER: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    HELPER
        .get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "analysis-helper".to_owned())
                .build()
                .ok()
        })
        .as_ref()
}

/// `there()` and `here()`, `there` on the helper thread when `two_threads` (and the helper can
/// start) while `here` runs on this thread; a panic in either reaches the caller.
pub(crate) fn on_two_threads<A: Send, B>(
    two_threads: bool,
    there: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    let Some(helper) = thread().filter(|_| two_threads) else {
        let there = there();
        return (there, here());
    };
    let mut done = None;
    let here = helper.in_place_scope(|scope| {
        scope.spawn(|_| {
            done = Some(std::panic::catch_unwind(std::panic::AssertUnwindSafe(
                there,
            )));
        });
        here()
    });
    match done {
        Some(Ok(there)) => (there, here),
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => unreachable!("a scope ends after the work spawned in it"),
    }
}
