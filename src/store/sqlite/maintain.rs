//! Keeping the file healthy: backups, restores and checks.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};
use crate::domain::claim_key;

/// Copies every page in one step (one read transaction on the source: a consistent snapshot),
/// waiting while the destination is busy.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

/// Opens a backup only to read it. As `immutable`, SQLite takes no lock and makes no -shm or -wal
/// file beside it; but a backup with a -wal of its own (copied from a live database) has
/// committed pages there, so that one is opened as an ordinary read-only file.
fn open_untouched(path: &Path) -> rusqlite::Result<Connection> {
    use std::fmt::Write as _;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        );
    }
    // An absolute path after "file://" (an empty authority), so "//x" stays a path.
    let mut uri = String::from(if path.is_absolute() {
        "file://"
    } else {
        "file:"
    });
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    for byte in bytes {
        // Percent-encoded but for plain ASCII: SQLite decodes a URI's file name.
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

impl Store {
    /// A private copy of the database at `path` (an empty one when there is none yet) that is
    /// removed when the store is dropped. A dry run writes there: it needs only a read of the
    /// real database, so it neither waits for a writer nor holds one up.
    pub fn rehearsal(path: &Path, clock: crate::domain::Clock, actor: &str) -> Result<Store> {
        let scratch = super::files::Scratch::beside(path)?;
        if path.exists() {
            let source = Store::open(path, super::Access::Read, clock, actor)?;
            let mut target = Connection::open(scratch.path())?;
            copy_all(&source.conn, &mut target)?;
        }
        let mut store = Store::open(scratch.path(), super::Access::Write, clock, actor)?;
        // The copy is thrown away: losing it to a power cut costs nothing.
        store.conn.pragma_update(None, "synchronous", "OFF")?;
        store.scratch = Some(scratch);
        Ok(store)
    }

    /// Copies the whole database to `dest` with SQLite's online backup, in one step under one read
    /// transaction, so the copy is consistent even while other processes write.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let mut target = Connection::open(dest)?;
        // The copy is a temporary file renamed into place when whole: a journal beside it would
        // only be left behind by a killed backup.
        target.pragma_update(None, "journal_mode", "OFF")?;
        copy_all(&self.conn, &mut target)?;
        // A backup is one file: opened later, it makes no -wal or -shm beside it.
        target.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }

    /// Replaces this database's content with `source`'s (already checked to be a claimtrack
    /// database), in one transaction: readers see the old or the new, never a mix.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let from = open_untouched(source)?;
        copy_all(&from, &mut self.conn)
    }

    /// How many claims a backup file holds, after checking it is ours and not newer; the file is
    /// only read (an older one is upgraded once restored, never in place).
    pub fn peek(path: &Path) -> Result<i64> {
        let not_ours = |why: String| StoreError::NotOurs {
            path: path.to_path_buf(),
            why,
        };
        let conn = open_untouched(path).map_err(|e| not_ours(e.to_string()))?;
        match super::schema_version(&conn).map_err(|e| not_ours(e.to_string()))? {
            super::Version::Foreign(why) => Err(not_ours(why)),
            super::Version::Ours(found) if found > super::migrate::LATEST => {
                Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found,
                    supported: super::migrate::LATEST,
                })
            }
            super::Version::Ours(0) => Ok(0),
            super::Version::Ours(_) => {
                Ok(conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0))?)
            }
        }
    }

    /// How many claims the database holds.
    pub fn claim_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM claims", [], |r| r.get(0))?)
    }

    /// Everything wrong with the database: SQLite's own checks, the search index, and the
    /// tracker's invariants. Empty when all is well.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        // Each step reports what it finds; a step that cannot run (a damaged page, say) is
        // itself a finding, and the steps after it still run.
        let mut step = |what: &str, found: rusqlite::Result<Vec<String>>| match found {
            Ok(found) => problems.extend(found),
            Err(e) => problems.push(format!("{what}: could not be checked ({e})")),
        };
        step(
            "integrity",
            self.conn
                .prepare("PRAGMA integrity_check")
                .and_then(|mut stmt| {
                    stmt.query_map([], |r| r.get::<_, String>(0))?
                        .map(|m| m.map(|m| format!("integrity: {m}")))
                        .filter(|m| !matches!(m, Ok(m) if m == "integrity: ok"))
                        .collect()
                }),
        );
        step(
            "foreign keys",
            self.conn
                .prepare("PRAGMA foreign_key_check")
                .and_then(|mut stmt| {
                    stmt.query_map([], |r| {
                        Ok(format!(
                            "foreign key: {} row {} points to a missing {}",
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?
                        ))
                    })?
                    .collect()
                }),
        );
        step("claims' text", self.text_problems());
        // 'integrity-check' with rank 1 also compares the index with the claims it describes.
        if let Err(e) = self.conn.execute(
            "INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)",
            [],
        ) {
            problems.push(format!("search index: {e} (rebuild it with: sqlite3 DB \"INSERT INTO claims_fts(claims_fts) VALUES('rebuild')\")"));
        }
        for (what, sql) in crate::store::common::invariants() {
            let ids: rusqlite::Result<Vec<i64>> = self
                .conn
                .prepare(&sql)
                .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
            match ids {
                Ok(ids) => problems.extend(crate::store::common::finding(what, &ids)),
                Err(e) => problems.push(format!("{what}: could not be checked ({e})")),
            }
        }
        problems
    }

    /// Claims whose text is not valid UTF-8 text, one finding each, and those whose
    /// de-duplication key is not the hash of their text (the same claim could be added twice).
    fn text_problems(&self) -> rusqlite::Result<Vec<String>> {
        use rusqlite::types::ValueRef;
        let mut found = Vec::new();
        let mut stale = Vec::new();
        let mut stmt = self.conn.prepare("SELECT id, text, text_key FROM claims")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let text = match row.get_ref(1)? {
                ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(e) => {
                        found.push(format!(
                            "claim {id}: its text is not valid UTF-8 (bad byte at {})",
                            e.valid_up_to()
                        ));
                        continue;
                    }
                },
                other => {
                    let what = match other {
                        ValueRef::Blob(b) => format!("a blob of {} bytes", b.len()),
                        ValueRef::Null => "missing".into(),
                        _ => "a number".into(),
                    };
                    found.push(format!("claim {id}: its text is {what}, not text"));
                    continue;
                }
            };
            if !matches!(row.get_ref(2)?, ValueRef::Blob(key) if key == claim_key(text)) {
                stale.push(id);
            }
        }
        if let Some(first) = stale.first() {
            found.push(format!(
                "claims whose de-duplication key does not match their text: {} (first id {first})",
                stale.len()
            ));
        }
        Ok(found)
    }
}

impl Store {
    /// What `db info` shows: size, counts, versions.
    pub fn info(&self) -> Result<serde_json::Value> {
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let page_size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok(serde_json::json!({
            "path": self.path.display().to_string(),
            "size_bytes": pages * page_size,
            "claims": count("claims")?,
            "outstanding": self.conn.query_row(
                "SELECT count(*) FROM claims WHERE status IN ('unverified','in_review')", [], |r| r.get::<_, i64>(0))?,
            "speakers": count("speakers")?,
            "sources": count("sources")?,
            "appearances": count("appearances")?,
            "notes": count("notes")?,
            "evidence": count("evidence")?,
            "schema_version": version,
            "sqlite_version": rusqlite::version(),
        }))
    }

    /// Rebuilds the file without free pages.
    pub fn vacuum(&self) -> Result<()> {
        self.conn
            .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;")?;
        Ok(())
    }
}
