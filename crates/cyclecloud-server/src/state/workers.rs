//! The threads analyses run on: a fixed few, started on first use and kept for the session.
//!
//! Not the async runtime's blocking pool: that pool starts a thread whenever none is idle and
//! ends it after a pause, and each new thread that allocates gets its own malloc arena, which
//! keeps freed model memory to itself. A fixed set of threads keeps the arenas few (with twenty
//! templates open the pool needed 5–8 MB more resident memory than one analysis thread).

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// One unit of work for a worker.
pub(super) type Task = Box<dyn FnOnce() + Send>;

/// A queue of tasks served, in order, by `count` threads.
pub(super) struct Workers {
    count: usize,
    queue: OnceLock<Option<Mutex<Sender<Task>>>>,
}

impl Workers {
    /// A pool of `count` threads (at least one), not started yet.
    pub(super) fn new(count: usize) -> Workers {
        Workers {
            count: count.max(1),
            queue: OnceLock::new(),
        }
    }

    /// Queues `task`; runs it here if no thread could be started.
    pub(super) fn submit(&self, task: Task) {
        let queue = self.queue.get_or_init(|| self.start());
        let refused = match queue {
            Some(sender) => sender
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .send(task)
                .err()
                .map(|error| error.0),
            None => Some(task),
        };
        if let Some(task) = refused {
            task();
        }
    }

    fn start(&self) -> Option<Mutex<Sender<Task>>> {
        let (sender, receiver) = channel::<Task>();
        let receiver = Arc::new(Mutex::new(receiver));
        let mut started = 0;
        for index in 0..self.count {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("analysis-{index}"))
                .spawn(move || serve(&receiver));
            started += usize::from(spawned.is_ok());
        }
        (started > 0).then(|| Mutex::new(sender))
    }
}

/// Runs tasks until the session (the only sender) is gone.
fn serve(receiver: &Mutex<Receiver<Task>>) {
    loop {
        let next = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        match next {
            Ok(task) => task(),
            Err(_) => return,
        }
    }
}
