//! Keeping a PostgreSQL database healthy: `check` (the same invariants as on SQLite, the
//! search words and de-duplication keys), `db info` and `db vacuum`. Backups are the server's
//! own (`pg_dump`): the commands say so.

use serde_json::{Value, json};

use super::migrate::SEARCH_CONFIG;
use super::{Conn, Store, on_conn};
use crate::domain::claim_key;
use crate::store::common::hex;
use crate::store::{Result, StoreError, Upkeep, common};

/// The search words a claim should have (as the trigger in `0003_search_folds_accents.sql`
/// writes them).
fn search_words() -> String {
    format!(
        "setweight(to_tsvector('{SEARCH_CONFIG}', c.text), 'A')
         || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((SELECT name FROM speakers s
                                                              WHERE s.id = c.speaker_id), '')), 'B')"
    )
}

impl Store {
    fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut invariants = common::invariants();
        invariants.push((
            "claims whose search words are out of date",
            format!(
                "SELECT id FROM claims c WHERE search IS DISTINCT FROM ({})",
                search_words()
            ),
        ));
        for (what, sql) in invariants {
            match self.query(&sql, &[]) {
                Ok(rows) => {
                    let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
                    problems.extend(common::finding(what, &ids));
                }
                Err(e) => problems.push(format!("{what}: could not be checked ({e})")),
            }
        }
        // The de-duplication key is worked out in Rust: read every claim, a row at a time.
        let mut stale = Vec::new();
        let mut conn = self.client.borrow_mut();
        on_conn!(&mut *conn, c => {
            let mut rows = c.query_raw(
                "SELECT id, text, text_key FROM claims ORDER BY id",
                std::iter::empty::<i64>(),
            )?;
            while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
                if row.get::<_, &str>(2) != hex(&claim_key(row.get(1))) {
                    stale.push(row.get::<_, i64>(0));
                }
            }
        });
        drop(conn);
        problems.extend(common::finding(
            "claims whose de-duplication key does not match their text",
            &stale,
        ));
        Ok(problems)
    }

    fn info(&self) -> Result<Value> {
        // One statement: over a network each round trip costs more than the counting.
        let row = self
            .query(
                "SELECT pg_database_size(current_database()),
                        (SELECT count(*) FROM claims),
                        (SELECT count(*) FROM claims WHERE status IN ('unverified','in_review')),
                        (SELECT count(*) FROM speakers), (SELECT count(*) FROM sources),
                        (SELECT count(*) FROM appearances), (SELECT count(*) FROM notes),
                        (SELECT count(*) FROM evidence),
                        (SELECT max(version) FROM claimtrack_schema),
                        current_setting('server_version')",
                &[],
            )?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Restore("db info read nothing".into()))?;
        let n = |i: usize| -> Result<i64> { Ok(row.try_get::<_, Option<i64>>(i)?.unwrap_or(0)) };
        Ok(json!({
            "path": self.url.to_string(),
            "size_bytes": n(0)?,
            "claims": n(1)?,
            "outstanding": n(2)?,
            "speakers": n(3)?,
            "sources": n(4)?,
            "appearances": n(5)?,
            "notes": n(6)?,
            "evidence": n(7)?,
            "schema_version": n(8)?,
            "postgresql_version": row.try_get::<_, String>(9)?,
        }))
    }

    /// Reclaims dead rows and takes fresh statistics (outside a transaction, as VACUUM must be).
    fn vacuum(&self) -> Result<()> {
        match &mut *self.client.borrow_mut() {
            Conn::Client(c) => Ok(c.batch_execute("VACUUM (ANALYZE)")?),
            Conn::Rehearsal(_) => Ok(()),
        }
    }
}

impl Upkeep for Store {
    fn backup_to(&self, dest: &std::path::Path) -> Result<()> {
        Err(StoreError::ServerTools(format!(
            "a PostgreSQL database is backed up with PostgreSQL's own tool, while others keep \
             working: pg_dump --format=custom --file={} '{}'",
            dest.display(),
            self.url
        )))
    }
    fn restore_from(&mut self, source: &std::path::Path) -> Result<()> {
        Err(StoreError::ServerTools(format!(
            "a PostgreSQL database is restored with PostgreSQL's own tool: pg_restore --clean \
             --if-exists --no-owner --dbname='{}' {}",
            self.url,
            source.display()
        )))
    }
    fn check(&self) -> Result<Vec<String>> {
        Store::check(self)
    }
    fn info(&self) -> Result<Value> {
        Store::info(self)
    }
    fn vacuum(&self) -> Result<()> {
        Store::vacuum(self)
    }
}
