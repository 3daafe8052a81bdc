//! Large loads. Besides a bigger cache and fewer checkpoints, a load that dwarfs the database
//! drops the secondary indexes and builds them once at its end: sorting a million keys is far
//! cheaper than inserting them one by one into B-trees too large for the cache.
//!
//! The dropped indexes are listed in `deferred_indexes`, in the transaction that drops them, so a
//! load that is killed leaves a note; the next write builds them. A running load holds a shared
//! `flock` on a lock file beside the database (`DB-load.lock`), which the kernel drops when the
//! process dies: whoever builds the indexes first takes it exclusively, so no one builds them
//! under a load still running. (Not on the database file itself: closing any descriptor of a
//! file drops every `fcntl` lock the process holds on it, SQLite's included.)

use std::fs::File;
use std::path::Path;

use rusqlite::OptionalExtension;

use super::{Result, Store, StoreError, Tx};

/// The indexes a load may defer. Unique ones stay: de-duplication looks them up on every record.
const DEFERRABLE: [&str; 7] = [
    "claims_said_on",
    "claims_queue",
    "claims_speaker_queue",
    "claims_speaker",
    "appearances_source",
    "status_history_claim",
    "claim_tags_tag",
];

/// A load of fewer records than this keeps its indexes (rebuilding would cost more than it saves),
/// looks every key up and checkpoints for itself.
pub(super) const BULK_RECORDS: u64 = 50_000;

/// Input bytes per record, to judge a load's size before reading it: on the low side, so a load
/// is rather taken for larger than it is.
const BYTES_PER_RECORD: u64 = 512;

/// What a load does before its first record, in its first transaction (`Tx::prepare_load`): a
/// load that fails before its first commit leaves the database as it was.
#[derive(Debug, Default)]
pub struct LoadPlan {
    /// Statistics taken while the database was small mislead the planner for the whole load (a
    /// scan where a lookup was meant); without any it assumes large tables. `finish_bulk` takes
    /// fresh ones.
    forget_statistics: bool,
    defer_indexes: bool,
}

impl Store {
    /// Gets ready to load `bytes` of input, and says what the first transaction must do.
    pub fn start_bulk(&mut self, bytes: u64) -> Result<LoadPlan> {
        // A big page cache, and a checkpoint every 32 MB of log rather than every 4 MB. (Never
        // checkpointing was slower: the log grows to the size of the database and every new page
        // of it must be allocated and searched.) Batches are not synced one by one (2.5 s of a
        // million claims): a power cut may lose the last batches of a load, never consistency,
        // and running the load again completes it; `finish_bulk` syncs everything before the
        // load reports success.
        self.conn.execute_batch(
            "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 8192; PRAGMA synchronous = NORMAL;",
        )?;
        let records = bytes / BYTES_PER_RECORD;
        let claims: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM claims", [], |r| r.get(0))?;
        let mut plan = LoadPlan {
            forget_statistics: records > claims.unsigned_abs(),
            defer_indexes: false,
        };
        if plan.forget_statistics && records >= self.bulk_records {
            self.filter_known_keys(claims.unsigned_abs() + records)?;
            if let Some(path) = self.conn.path().filter(|p| !p.is_empty()) {
                self.checkpointer = super::checkpoint::Checkpointer::start(path.as_ref());
            }
            if self.checkpointer.is_some() {
                self.conn.execute_batch("PRAGMA wal_autocheckpoint = 0")?;
            }
        }
        if plan.forget_statistics && records >= self.bulk_records && cfg!(unix) {
            let lock = self.lock_file()?;
            lock.lock_shared().map_err(|e| self.lock_error(e))?;
            self.bulk = Some(lock);
            plan.defer_indexes = true;
        }
        Ok(plan)
    }

    /// Ends a load: builds the deferred indexes (unless another load is still running: the last
    /// to finish builds them), folds the log into the database and takes fresh statistics.
    pub fn finish_bulk(&mut self) -> Result<()> {
        self.checkpointer = None;
        if let Some(lock) = self.bulk.take()
            && lock.try_lock().is_ok()
        {
            self.build_deferred_indexes()?;
        }
        self.conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000;
             PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;",
        )?;
        Ok(())
    }

    /// Fills the key filter with every claim the database holds, sized for `expected` claims in
    /// all. The data version is read in the same snapshot, so a write by anyone else after it
    /// empties the cache (and the filter with it) before our next transaction.
    fn filter_known_keys(&mut self, expected: u64) -> Result<()> {
        let mut filter = KeyFilter::with_capacity(expected);
        let tx = self.conn.transaction()?;
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        {
            let mut known = tx.prepare("SELECT speaker_id, text_key FROM claims")?;
            let mut rows = known.query([])?;
            while let Some(row) = rows.next()? {
                let key: [u8; 16] = row.get(1)?;
                filter.insert(row.get(0)?, &key);
            }
        }
        tx.commit()?;
        *self.ids.borrow_mut() = super::IdCache {
            data_version: version,
            keys: Some(filter),
            ..super::IdCache::default()
        };
        Ok(())
    }

    /// Builds the indexes a killed load left deferred. Called on every opening for writing; does
    /// nothing while a load holds the lock.
    pub(super) fn build_abandoned_indexes(&mut self) -> Result<()> {
        let pending: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM deferred_indexes)", [], |r| {
                    r.get(0)
                })?;
        if !pending {
            return Ok(());
        }
        let lock = self.lock_file()?;
        if lock.try_lock().is_ok() {
            self.build_deferred_indexes()?;
        }
        Ok(())
    }

    fn build_deferred_indexes(&mut self) -> Result<()> {
        // Sorting in small runs spilled to temporary files, then merging them, was twice as fast
        // as sorting a million keys in one piece in memory (which is what a large cache or
        // in-memory temporary storage makes SQLite do).
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch("PRAGMA cache_size = -2048; PRAGMA temp_store = FILE")?;
        let built = self.write(|tx| {
            let deferred: Vec<(String, String)> = tx
                .sql
                .prepare("SELECT name, sql FROM deferred_indexes ORDER BY name")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, sql) in deferred {
                // What a restored backup holds is not ours to run: only our indexes, one
                // statement each (`execute` refuses more).
                if DEFERRABLE.contains(&name.as_str()) && sql.starts_with("CREATE INDEX ") {
                    tx.sql.execute(&sql, [])?;
                }
                tx.sql
                    .execute("DELETE FROM deferred_indexes WHERE name = ?1", [name])?;
            }
            Ok(())
        });
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = {cache}; PRAGMA temp_store = MEMORY"
        ))?;
        built
    }

    /// The file beside the database that loads hold their lock on.
    fn lock_file(&self) -> Result<File> {
        let path = lock_path(self.conn.path().unwrap_or_default().as_ref());
        crate::private::options()
            .read(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| self.lock_error(e))
    }

    fn lock_error(&self, source: std::io::Error) -> StoreError {
        StoreError::Lock {
            path: self.conn.path().unwrap_or_default().into(),
            why: source.to_string(),
        }
    }
}

/// What to say when the write lock could not be had: who holds it, as far as we can tell.
pub(super) fn busy_error(path: &Path, loading: bool) -> StoreError {
    // A running large load holds its lock file shared; an exclusive lock on it then fails.
    let other_loading =
        !loading && std::fs::File::open(lock_path(path)).is_ok_and(|f| f.try_lock().is_err());
    StoreError::Busy {
        path: path.to_path_buf(),
        holder: if other_loading {
            "a large ingest".into()
        } else {
            "another program (another claimtrack, or sqlite3)".into()
        },
    }
}

impl Tx<'_> {
    /// Does what `plan` says before a load's first record.
    pub fn prepare_load(&self, plan: &LoadPlan) -> Result<()> {
        if plan.forget_statistics {
            let stats: Vec<String> = self
                .sql
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE name IN ('sqlite_stat1', 'sqlite_stat4')",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for table in stats {
                self.sql.execute(&format!("DELETE FROM {table}"), [])?;
            }
            self.sql.execute_batch("ANALYZE sqlite_schema")?;
        }
        if plan.defer_indexes {
            for name in DEFERRABLE {
                let sql: Option<String> = self
                    .sql
                    .query_row(
                        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(sql) = sql {
                    self.sql.execute(
                        "INSERT OR IGNORE INTO deferred_indexes (name, sql) VALUES (?1, ?2)",
                        [name, &sql],
                    )?;
                    self.sql.execute(&format!("DROP INDEX {name}"), [])?;
                }
            }
        }
        Ok(())
    }
}

/// The (speaker, text key) pairs a database may hold, so a large load skips the lookup for claims
/// it has never seen, which is nearly all of them (8% of a million-claim load's writing). A Bloom
/// filter: a wrong "maybe" only costs the lookup; a "no" is always right, so de-duplication stays
/// exact. Text keys are already uniform hashes, so their halves serve as the two probe hashes.
pub(super) struct KeyFilter {
    words: Vec<u64>,
    bits: u64,
}

/// Bits a key and probes a key: this says "maybe" wrongly about once in a hundred keys, each
/// costing the lookup it would have cost anyway. (16 bits rounded up to a power of two took
/// 16 MB at five million claims, most of what a load's memory grew by.)
const BITS_PER_KEY: u64 = 10;
const PROBES: u64 = 7;

impl KeyFilter {
    pub(super) fn with_capacity(keys: u64) -> KeyFilter {
        let bits = (keys.max(1 << 12) * BITS_PER_KEY).next_multiple_of(64);
        KeyFilter {
            words: vec![0; (bits / 64) as usize],
            bits,
        }
    }

    /// The bits a key sets in a filter of `bits`, each hash mapped onto it by multiplying (no
    /// power of two needed).
    fn probes(bits: u64, speaker: i64, key: &[u8; 16]) -> impl Iterator<Item = u64> {
        let (lo, hi) = key.split_at(8);
        let first = u64::from_le_bytes(lo.try_into().expect("8 bytes"))
            ^ (speaker as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let step = u64::from_le_bytes(hi.try_into().expect("8 bytes")) | 1;
        (0..PROBES).map(move |i| {
            let hash = first.wrapping_add(i.wrapping_mul(step));
            ((u128::from(hash) * u128::from(bits)) >> 64) as u64
        })
    }

    pub(super) fn insert(&mut self, speaker: i64, key: &[u8; 16]) {
        for bit in Self::probes(self.bits, speaker, key) {
            self.words[(bit / 64) as usize] |= 1 << (bit % 64);
        }
    }

    pub(super) fn may_hold(&self, speaker: i64, key: &[u8; 16]) -> bool {
        Self::probes(self.bits, speaker, key)
            .all(|bit| self.words[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }
}

/// `DB-load.lock` for the database `DB`.
fn lock_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut path = db.as_os_str().to_owned();
    path.push("-load.lock");
    path.into()
}
