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
        let drift = self.count_drift()?;
        if !drift.is_empty() {
            problems.push(format!(
                "counts kept for db info that differ from the tables ({}): claimtrack db vacuum counts again",
                drift.join("; ")
            ));
        }
        Ok(problems)
    }

    fn info(&self) -> Result<Value> {
        // One statement: over a network each round trip costs more than the reading. The
        // counts are kept as rows change (0014_row_counts.sql): counting took 37 ms on 200,000
        // claims.
        let row = self
            .query(
                &format!(
                    "SELECT pg_database_size(current_database()), {},
                            (SELECT max(version) FROM claimtrack_schema),
                            current_setting('server_version')",
                    kept_counts()
                ),
                &[],
            )?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Restore("db info read nothing".into()))?;
        let n = |i: usize| -> Result<i64> { Ok(row.try_get::<_, Option<i64>>(i)?.unwrap_or(0)) };
        let mut info = serde_json::Map::new();
        info.insert("path".into(), json!(self.url.to_string()));
        info.insert("size_bytes".into(), json!(n(0)?));
        for (i, (name, _)) in COUNTED.iter().enumerate() {
            info.insert((*name).into(), json!(n(i + 1)?));
        }
        info.insert("schema_version".into(), json!(n(COUNTED.len() + 1)?));
        info.insert(
            "postgresql_version".into(),
            json!(row.try_get::<_, String>(COUNTED.len() + 2)?),
        );
        Ok(Value::Object(info))
    }

    /// The kept counts that differ from the tables, as "name: kept K, counted C".
    fn count_drift(&self) -> Result<Vec<String>> {
        let sql = format!("SELECT {}, {}", kept_counts(), true_counts());
        let row = self
            .query(&sql, &[])?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Restore("counting read nothing".into()))?;
        let mut drift = Vec::new();
        for (i, (name, _)) in COUNTED.iter().enumerate() {
            let kept: Option<i64> = row.get(i);
            let counted: i64 = row.get(i + COUNTED.len());
            if kept != Some(counted) {
                let kept = kept.map_or("none".to_string(), |k| k.to_string());
                drift.push(format!("{name}: kept {kept}, counted {counted}"));
            }
        }
        Ok(drift)
    }

    /// Reclaims dead rows and takes fresh statistics (outside a transaction, as VACUUM must be),
    /// then counts `db info`'s rows again, while claimtrack's writers wait (rows others commit
    /// meanwhile are neither counted nor dropped: their own count rows stand).
    fn vacuum(&self) -> Result<()> {
        match &mut *self.client.borrow_mut() {
            Conn::Client(c) => c.batch_execute("VACUUM (ANALYZE)")?,
            Conn::Rehearsal(_) => return Ok(()),
        }
        // One statement, one snapshot: the rows it counts are those whose count rows it takes
        // away.
        let recount = format!(
            "WITH gone AS (DELETE FROM claimtrack_counts)
             INSERT INTO claimtrack_counts {}",
            COUNTED
                .iter()
                .map(|(name, sql)| format!("SELECT '{name}', ({sql})"))
                .collect::<Vec<_>>()
                .join(" UNION ALL ")
        );
        self.own_transaction(|tx| Ok(tx.borrow_mut().batch_execute(&recount)?))
    }
}

/// Folds the count rows of `db info` into one a count (see `0014_row_counts.sql`): the rows
/// this reads, and only those, are replaced by their sums, so rows that others add meanwhile
/// stand.
pub(super) const FOLD_COUNTS: &str = "WITH gone AS (DELETE FROM claimtrack_counts RETURNING tbl, n)
     INSERT INTO claimtrack_counts SELECT tbl, sum(n) FROM gone GROUP BY tbl";

/// What `db info` counts, each with the query that counts it (in the order it prints them).
const COUNTED: &[(&str, &str)] = &[
    ("claims", "SELECT count(*) FROM claims"),
    (
        "outstanding",
        "SELECT count(*) FROM claims WHERE status IN ('unverified','in_review')",
    ),
    ("speakers", "SELECT count(*) FROM speakers"),
    ("sources", "SELECT count(*) FROM sources"),
    ("appearances", "SELECT count(*) FROM appearances"),
    ("notes", "SELECT count(*) FROM notes"),
    ("evidence", "SELECT count(*) FROM evidence"),
];

/// The counts kept in `claimtrack_counts`, as columns of a SELECT, in `COUNTED`'s order.
fn kept_counts() -> String {
    COUNTED
        .iter()
        .map(|(name, _)| {
            format!(
                "(SELECT coalesce(sum(n), 0)::BIGINT FROM claimtrack_counts WHERE tbl = '{name}')"
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The counts read from the tables, as columns of a SELECT, in `COUNTED`'s order.
fn true_counts() -> String {
    COUNTED
        .iter()
        .map(|(_, sql)| format!("({sql})"))
        .collect::<Vec<_>>()
        .join(", ")
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
