//! The SQLite engine: `Store` owns the connection, opens and migrates the file, and offers the
//! reads and writes the commands need. All of its SQL lives in this folder.

mod bulk;
use bulk::LoadPlan;
mod changes;
mod checkpoint;
mod copy;
mod engine;
mod files;
use super::{Access, Result, StoreError};
use files::create_private_file;
pub use files::remove_database;
mod claims;
mod list;
mod maintain;
mod match_index;
mod migrate;
mod notes;
mod ops;

mod speakers;
mod sql_types;
mod stats;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use std::cell::RefCell;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use crate::domain::Clock;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Engine {
            constraint: e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation),
            message: e.to_string(),
        }
    }
}

/// The database engine and its version, for `--version`.
#[must_use]
pub fn engine_version() -> String {
    format!("SQLite {}", rusqlite::version())
}

/// An open claimtrack database.
pub struct Store {
    conn: Connection,
    clock: Clock,
    actor: String,
    ids: RefCell<IdCache>,
    /// Held during a large load (see `bulk`): tells other processes it is still running.
    bulk: Option<fs::File>,
    /// Checkpoints on another thread during a large load (see `checkpoint`).
    checkpointer: Option<checkpoint::Checkpointer>,
    /// The operation this command's writes belong to (see `ops`).
    op: RefCell<ops::OpState>,
    /// From how many records a load counts as large.
    bulk_records: u64,
    /// What the next transaction does first: a load's preparations (see `bulk`).
    plan: Option<LoadPlan>,
    /// Where the file is, as opened.
    path: PathBuf,
    /// A rehearsal's private copy, removed when the store is dropped (after `conn` closes it).
    scratch: Option<files::Scratch>,
}

/// Speaker and source ids looked up lately, so a bulk import asks the database once per name.
/// Emptied whenever another connection has written (`PRAGMA data_version`) or a transaction of
/// ours rolls back, so it never hands out an id the database does not have.
#[derive(Default)]
struct IdCache {
    data_version: i64,
    /// Name as given → the speaker it resolved to, and how sure its role is.
    speakers: Recent<(speakers::Resolved, speakers::RoleKnown)>,
    /// URL, or name when there is no URL → (id, title and date known).
    sources: Recent<(i64, bool)>,
    /// During a large load: which claims the database may already hold (see `bulk::KeyFilter`).
    /// Dropped with the rest of the cache when another connection writes, which could add a
    /// claim the filter has not seen.
    keys: Option<bulk::KeyFilter>,
}

/// The names (or URLs) used most lately, and what they resolved to. Bounded: a monitoring desk
/// brings a new URL with nearly every record, and a cache of every one grew a million-record
/// load from 150 MB to 325 MB while saving it no lookup.
struct Recent<V>(hashlink::LruCache<String, V>);

/// Entries per cache: more speakers and outlets than a desk quotes in a year, a few megabytes.
const RECENT_NAMES: usize = 50_000;

impl<V> Default for Recent<V> {
    fn default() -> Self {
        Recent(hashlink::LruCache::new(RECENT_NAMES))
    }
}

impl<V: Copy> Recent<V> {
    fn get(&mut self, name: &str) -> Option<V> {
        self.0.get(name).copied()
    }

    fn insert(&mut self, name: &str, value: V) {
        self.0.insert(name.to_string(), value);
    }
}

impl Store {
    /// From how many records a load counts as large (see `bulk`): tests make it small.
    pub fn set_bulk_records(&mut self, records: u64) {
        self.bulk_records = records;
    }

    /// Opens (and for writes, creates and migrates) the database at `path`.
    pub fn open(path: &Path, access: Access, clock: Clock, actor: &str) -> Result<Store> {
        let exists = path.exists();
        if exists && !path.is_file() {
            // A FIFO or device would hang SQLite's first read, holding the write lock.
            return Err(StoreError::NotOurs {
                path: path.to_path_buf(),
                why: "it is not a regular file (a pipe, a device or a folder)".into(),
            });
        }
        if !exists && access == Access::Read {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if !exists {
            create_private_file(path)?;
        }
        let flags = match access {
            Access::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
            Access::Write => OpenFlags::SQLITE_OPEN_READ_WRITE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let not_ours = |why: String| StoreError::NotOurs {
            path: path.to_path_buf(),
            why,
        };
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| not_ours(e.to_string()))?;
        // Wait for another writer as long as a large ingest's batch may take, polling often so
        // a short write gets in between two batches (SQLite's own waits grow to 100 ms).
        conn.busy_handler(Some(wait_for_writer))?;
        if TRACE_SQL.load(std::sync::atomic::Ordering::Relaxed) {
            conn.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
                Some(print_statement),
            )?;
        }

        let version = match schema_version(&conn) {
            Ok(v) => v,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    why: plain_sqlite_message(&e),
                });
            }
            Err(e) if is_not_a_database(&e) => return Err(not_ours(plain_sqlite_message(&e))),
            Err(e) => return Err(e.into()),
        };
        match version {
            Version::Foreign(why) => return Err(not_ours(why)),
            Version::Ours(found) if found > migrate::LATEST => {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found,
                    supported: migrate::LATEST,
                });
            }
            Version::Ours(found) if found < migrate::LATEST => {
                if access == Access::Read {
                    // Upgrade through a short-lived writable connection, then read as asked.
                    drop(conn);
                    Store::open(path, Access::Write, clock, actor)?;
                    return Store::open(path, Access::Read, clock, actor);
                }
                conn.pragma_update(None, "journal_mode", "WAL")?;
                migrate::apply(&mut conn, found)?;
            }
            Version::Ours(_) => {}
        }
        configure(&conn, access)?;
        let mut store = Store {
            conn,
            clock,
            actor: actor.to_string(),
            ids: RefCell::default(),
            bulk: None,
            checkpointer: None,
            op: RefCell::default(),
            bulk_records: bulk::BULK_RECORDS,
            plan: None,
            path: path.to_path_buf(),
            scratch: None,
        };
        if access == Access::Write {
            store.build_abandoned_indexes()?;
        }
        Ok(store)
    }

    /// An in-memory database with the full schema, for unit tests.
    #[cfg(test)]
    #[must_use]
    #[allow(clippy::missing_panics_doc)] // tests only
    pub fn in_memory(clock: Clock) -> Store {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate::apply(&mut conn, 0).unwrap();
        configure(&conn, Access::Write).unwrap();
        Store {
            conn,
            clock,
            actor: "tester".into(),
            ids: RefCell::default(),
            bulk: None,
            checkpointer: None,
            op: RefCell::default(),
            bulk_records: bulk::BULK_RECORDS,
            plan: None,
            path: PathBuf::new(),
            scratch: None,
        }
    }

    /// Runs `f` in one IMMEDIATE transaction: it takes the write lock up front, so two writers
    /// wait for each other (busy timeout) instead of failing half-way.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f)
    }

    fn transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let sqlite = |e: rusqlite::Error| E::from(StoreError::from(e));
        let path = PathBuf::from(self.conn.path().unwrap_or_default());
        let loading = self.bulk.is_some();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                    E::from(bulk::busy_error(&path, loading))
                }
                _ => sqlite(e),
            })?;
        let newest_before: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) FROM claims", [], |r| r.get(0))
            .map_err(sqlite)?;
        let version: i64 = tx
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(sqlite)?;
        if self.ids.borrow().data_version != version {
            *self.ids.borrow_mut() = IdCache {
                data_version: version,
                ..IdCache::default()
            };
        }
        let handle = Tx {
            sql: &tx,
            now: self.clock.timestamp(),
            actor: &self.actor,
            ids: &self.ids,
            fresh: std::cell::Cell::new(None),
            held: RefCell::default(),
            op: &self.op,
            newest_before,
        };
        let created = std::cell::Cell::new(false);
        let plan = self.plan.take();
        let result = handle.begin_operation().map_err(E::from).and_then(|c| {
            created.set(c);
            if let Some(plan) = &plan {
                handle.prepare_load(plan)?;
            }
            let result = f(&handle)?;
            handle.end_operation(c).map_err(E::from)?;
            // After the operation's end: a batch of a load marks its checked claims there.
            if !loading {
                crate::domain::match_index::keep_current(
                    &match_index::Index(handle.sql),
                    Some(crate::store::REFRESH_IN_WRITES),
                )
                .map_err(E::from)?;
            }
            Ok(result)
        });
        drop(handle);
        let result = match result {
            Ok(r) => r,
            Err(e) => {
                // Ids handed out in a transaction that is not kept must be forgotten, and so
                // must an operation row it wrote.
                *self.ids.borrow_mut() = IdCache::default();
                if created.get() {
                    self.op.borrow_mut().id = None;
                }
                return Err(e);
            }
        };
        // Index the claims this transaction added, in one statement (see migration 0003). No
        // write path updates or deletes a claim in the transaction that creates it, so the
        // update/delete triggers never meet a claim the index has not seen.
        let finished = tx
            .prepare_cached(INDEX_NEW_CLAIMS)
            .and_then(|mut stmt| stmt.execute([newest_before]))
            .and_then(|_| tx.commit());
        if let Err(e) = finished {
            *self.ids.borrow_mut() = IdCache::default();
            if created.get() {
                self.op.borrow_mut().id = None;
            }
            return Err(sqlite(e));
        }
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.committed();
        }
        if self.bulk.is_some() {
            // Between two batches of a large load, a short write waiting for the lock gets in
            // (it polls every 2 ms).
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(result)
    }
}

/// Whether every statement is printed (`CLAIMTRACK_TRACE_SQL`, decided once in `commands`).
static TRACE_SQL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints every statement each connection runs from now on, parameters filled in, on stderr: to
/// see (or replay) what a command asks of SQLite, opening and migrating included.
pub fn trace_sql(on: bool) {
    TRACE_SQL.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn print_statement(event: rusqlite::trace::TraceEvent<'_>) {
    if let rusqlite::trace::TraceEvent::Stmt(stmt, sql) = event {
        eprintln!(
            "sql: {}",
            stmt.expanded_sql()
                .unwrap_or_else(|| sql.to_string())
                .replace('\n', " ")
        );
    }
}

/// How long a command waits for another writer before giving up.
const WRITER_WAIT: Duration = Duration::from_secs(60);
const WRITER_POLL: Duration = Duration::from_millis(2);

thread_local! {
    /// When the current wait for another writer began.
    static WAIT_STARTED: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// SQLite's busy handler: called with how many times it has been called for this wait.
fn wait_for_writer(calls: i32) -> bool {
    let now = std::time::Instant::now();
    let started = WAIT_STARTED.with(|s| {
        if calls == 0 || s.get().is_none() {
            s.set(Some(now));
        }
        s.get().unwrap_or(now)
    });
    if now.duration_since(started) >= WRITER_WAIT {
        return false;
    }
    std::thread::sleep(WRITER_POLL);
    true
}

/// Indexes the claims after `?1` for search: a rowid range, each with its speaker's name.
const INDEX_NEW_CLAIMS: &str = "INSERT INTO claims_fts (rowid, text, speaker)
     SELECT c.id, c.text, (SELECT name FROM speakers WHERE id = c.speaker_id)
       FROM claims c WHERE c.id > ?1 ORDER BY c.id";

/// A write transaction in progress, with the time and actor every row it writes records.
pub struct Tx<'a> {
    sql: &'a rusqlite::Transaction<'a>,
    now: String,
    actor: &'a str,
    ids: &'a RefCell<IdCache>,
    /// The claim `add_claim` just created: its `updated_at` is already now, no need to touch it.
    fresh: std::cell::Cell<Option<i64>>,
    /// Statements every added claim runs, prepared once per transaction (see `Tx::held`).
    held: RefCell<[Option<rusqlite::Statement<'a>>; Held::COUNT]>,
    op: &'a RefCell<ops::OpState>,
    /// The newest claim id when the transaction began.
    newest_before: i64,
}

/// The statements `Tx::held` keeps.
#[derive(Clone, Copy)]
pub(super) enum Held {
    FindClaim,
    InsertClaim,
    InsertHistory,
    InsertAppearance,
    InsertTag,
}

impl Held {
    const COUNT: usize = 5;

    fn sql(self) -> &'static str {
        match self {
            Held::FindClaim => "SELECT id FROM claims WHERE speaker_id = ?1 AND text_key = ?2",
            Held::InsertClaim => {
                "INSERT INTO claims (text, text_key, speaker_id, said_on, context, status, verdict,
                                     verdict_label, created_at, updated_at, priority, priority_by,
                                     review_url, assignee, due_on, review_title, explanation,
                                     review_author, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?13, ?10, ?11, ?12, ?14, ?15, ?16, ?17,
                         ?18, ?19)"
            }
            Held::InsertHistory => {
                "INSERT INTO status_history
                     (claim_id, from_status, to_status, verdict, verdict_label, reason, actor, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            }
            Held::InsertAppearance => {
                "INSERT OR IGNORE INTO appearances (claim_id, source_id, added_at) VALUES (?1, ?2, ?3)"
            }
            Held::InsertTag => "INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?1, ?2)",
        }
    }
}

impl<'a> Tx<'a> {
    /// One of the statements every added claim runs, prepared on first use and kept for the
    /// transaction: `prepare_cached` copies the SQL text on every use, 4% of a large ingest.
    pub(super) fn held(
        &self,
        which: Held,
    ) -> Result<std::cell::RefMut<'_, rusqlite::Statement<'a>>> {
        let mut all = self.held.borrow_mut();
        if all[which as usize].is_none() {
            all[which as usize] = Some(self.sql.prepare(which.sql())?);
        }
        Ok(std::cell::RefMut::map(all, |all| {
            all[which as usize].as_mut().expect("prepared just above")
        }))
    }
}

enum Version {
    Ours(i64),
    Foreign(String),
}

/// Reads our version marks; a brand-new empty file is version 0 and ours.
fn schema_version(conn: &Connection) -> rusqlite::Result<Version> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app == migrate::APPLICATION_ID {
        return Ok(Version::Ours(version));
    }
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app == 0 && version == 0 && objects == 0 {
        return Ok(Version::Ours(0));
    }
    Ok(Version::Foreign(if app == 0 {
        "it is a SQLite database of some other program".to_string()
    } else {
        format!("it is a SQLite database with application id {app:#x}")
    }))
}

fn configure(conn: &Connection, access: Access) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if access == Access::Write {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed fact-check survives power loss, and ingest batches large
        // transactions, so the extra sync costs little.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Statement journals (one per insert into an indexed table) stay in memory.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
    }
    Ok(())
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::CannotOpen)
    )
}

fn plain_sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Clock, NewClaim};

    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        stmt.query_map([0], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_large_load_forgets_statistics_taken_when_the_database_was_small() {
        let mut store = Store::in_memory(Clock::fixed("2025-08-20T12:00:00Z".parse().unwrap()));
        let claim = NewClaim {
            text: "Inflation fell to 2 percent".into(),
            speaker: "Ann Lee".into(),
            ..NewClaim::default()
        };
        store.write(|tx| tx.add_claim(&claim)).unwrap();
        store.conn.execute_batch("ANALYZE").unwrap();
        // With statistics from one claim, SQLite scanned an index of every claim instead.
        assert!(
            plan(&store, INDEX_NEW_CLAIMS)
                .iter()
                .any(|step| step.starts_with("SCAN"))
        );
        // A load that dwarfs the database forgets them.
        let load = store.start_bulk(1 << 20).unwrap();
        store.write(|tx| tx.prepare_load(&load)).unwrap();
        let plan = plan(&store, INDEX_NEW_CLAIMS);
        assert!(
            plan.iter()
                .any(|step| step.contains("INTEGER PRIMARY KEY (rowid>?)")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN")),
            "{plan:?}"
        );
    }

    #[test]
    fn a_large_load_matches_claims_already_there_or_added_by_others_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let clock = Clock::fixed("2025-08-20T12:00:00Z".parse().unwrap());
        let claim = |i: usize| NewClaim {
            text: format!("Inflation fell to {i} percent"),
            speaker: format!("Speaker {}", i % 7),
            ..NewClaim::default()
        };
        let mut store = Store::open(&path, Access::Write, clock, "t").unwrap();
        for i in 0..50 {
            store.write(|tx| tx.add_claim(&claim(i))).unwrap();
        }
        // Judged large: the key filter and the checkpointing thread are on.
        let load = store.start_bulk(1 << 30).unwrap();
        assert!(store.ids.borrow().keys.is_some() && store.checkpointer.is_some());
        let mut plan = Some(load);
        let mut created = 0;
        for batch in 0..10 {
            if batch == 5 {
                // Another writer adds a claim this load is about to bring: the filter has not
                // seen it, so it must be dropped rather than trusted.
                let mut other = Store::open(&path, Access::Write, clock, "o").unwrap();
                other.write(|tx| tx.add_claim(&claim(555))).unwrap();
            }
            created += store
                .write(|tx| {
                    if let Some(plan) = plan.take() {
                        tx.prepare_load(&plan)?;
                    }
                    let mut n = 0;
                    for i in batch * 100..batch * 100 + 100 {
                        n += usize::from(tx.add_claim(&claim(i))?.created);
                        n += usize::from(tx.add_claim(&claim(i % 60))?.created);
                    }
                    Ok(n)
                })
                .unwrap();
        }
        store.finish_bulk().unwrap();
        assert_eq!(created, 1000 - 50 - 1);
        let claims: i64 = store
            .conn
            .query_row("SELECT count(*) FROM claims", [], |r| r.get(0))
            .unwrap();
        assert_eq!(claims, 1000);
        // The log was folded into the database at the end (what is left is `PRAGMA optimize`).
        let wal = std::fs::metadata(dir.path().join("t.db-wal")).map_or(0, |m| m.len());
        assert!(wal < 64 << 10, "{wal}");
    }

    #[test]
    fn the_key_filter_never_says_no_to_a_key_it_holds() {
        let mut filter = bulk::KeyFilter::with_capacity(10_000);
        let keys: Vec<(i64, [u8; 16])> = (0..10_000)
            .map(|i: i64| (i % 13, crate::domain::claim_key(&format!("claim {i}"))))
            .collect();
        for (speaker, key) in &keys {
            filter.insert(*speaker, key);
        }
        assert!(
            keys.iter()
                .all(|(speaker, key)| filter.may_hold(*speaker, key))
        );
        let wrong = (0..10_000)
            .filter(|i| filter.may_hold(1, &crate::domain::claim_key(&format!("other {i}"))))
            .count();
        // About one in a hundred, as sized (`bulk::BITS_PER_KEY`).
        assert!(wrong < 150, "{wrong} false maybes in 10,000");
    }
}
