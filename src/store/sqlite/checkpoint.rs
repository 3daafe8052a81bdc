//! Checkpoints on a thread of their own during a large load. Copying the log into the database
//! was a tenth of the writing thread's time; a passive checkpoint on a second connection does it
//! on the other core while the next batch is written, without blocking the writer or changing
//! what is durable when.
//!
//! The log can only start again from its beginning when a write transaction begins after a
//! complete checkpoint, which never happens while a checkpoint of the last batch runs beside
//! each new one. So every few batches the writer waits for the checkpoint to catch up; the log
//! stays a few batches long instead of growing to the size of the database (which made every
//! page lookup slower).

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// The writer lets the checkpoint catch up once every this many commits.
const CATCH_UP_EVERY: u64 = 3;

pub(super) struct Checkpointer {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct State {
    /// Commits the writer has asked to be checkpointed, and how many of them have been.
    asked: u64,
    done: u64,
    /// Set when the load ends, or when the thread gave up (a checkpoint failed): then nobody
    /// waits for it; the load's final checkpoint does the work.
    stopped: bool,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path`. `None` when a second connection cannot be
    /// opened: the writer then checkpoints for itself, as without a load.
    pub(super) fn start(path: &Path) -> Option<Checkpointer> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.busy_timeout(Duration::from_secs(10)).ok()?;
        let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let theirs = Arc::clone(&shared);
        let thread = std::thread::spawn(move || run(&conn, &theirs));
        Some(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// Called after each commit: asks for a checkpoint, and every few commits waits for it.
    pub(super) fn committed(&self) {
        let (state, wake) = &*self.shared;
        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
        s.asked += 1;
        let mine = s.asked;
        wake.notify_all();
        if mine % CATCH_UP_EVERY == 0 {
            let _caught_up = wake
                .wait_while(s, |s| s.done < mine && !s.stopped)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

fn run(conn: &Connection, shared: &(Mutex<State>, Condvar)) {
    let (state, wake) = shared;
    loop {
        let target = {
            let s = state.lock().unwrap_or_else(PoisonError::into_inner);
            let s = wake
                .wait_while(s, |s| s.done == s.asked && !s.stopped)
                .unwrap_or_else(PoisonError::into_inner);
            if s.stopped {
                return;
            }
            s.asked
        };
        // Copies whatever the log holds that no reader still needs; never waits for anyone.
        let ok = conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .is_ok();
        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
        s.done = target;
        s.stopped |= !ok;
        wake.notify_all();
        if s.stopped {
            return;
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        let (state, wake) = &*self.shared;
        state.lock().unwrap_or_else(PoisonError::into_inner).stopped = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
