//! The PostgreSQL engine: the same store on a server a desk shares. All of its SQL lives in this
//! folder, its migrations in `migrations/postgres/`. Columns and their text are SQLite's (see
//! `0001_schema.sql`), so both engines print alike.

mod changes;
mod claims;
mod connect;
mod copy;
mod desk;
mod engine;
mod list;
mod load;
mod maintain;
mod match_index;
mod migrate;
mod ops;
mod speakers;
mod stats;
mod types;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::Client;

use super::location::ServerUrl;
use super::{Access, Result, StoreError};
use crate::domain::Clock;

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        match e.as_db_error() {
            // The desk's rules say who and why; a grant's refusal says which table only.
            Some(db) if db.code() == &postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
                let message = db.message();
                StoreError::NotAllowed(if message.contains(" on this desk: ") {
                    message.to_string()
                } else {
                    format!(
                        "{message}: you are not on this desk, or your role there does not allow this; {}",
                        crate::domain::Level::Editor.who_to_ask()
                    )
                })
            }
            Some(db) => StoreError::Engine {
                constraint: db.code().code().starts_with("23"),
                message: db.message().to_string(),
            },
            None => StoreError::Engine {
                constraint: false,
                message: connect::plain(&e),
            },
        }
    }
}

/// The role a connection to `url` acts as.
/// Whether the database at `url` has claimtrack's schema.
pub fn has_schema(url: &ServerUrl) -> Result<bool> {
    let mut client = connect::client(url)?;
    Ok(migrate::recorded(&mut client)?.version > 0)
}

pub fn role(url: &ServerUrl) -> Result<String> {
    connect::role(url)
}

/// The advisory lock every write transaction holds: "ClTw".
const WRITERS: i64 = 0x436C_5477;

/// The connection: plain, or (for a dry run) inside one transaction that is never committed,
/// each write a savepoint in it.
#[allow(clippy::large_enum_variant)] // one per process
enum Conn {
    Client(Client),
    Rehearsal(postgres::Transaction<'static>),
}

/// Runs `$body` with `$c` bound to the connection whichever it is (the postgres crate's
/// `GenericClient` cannot be a trait object).
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Client($c) => $body,
            Conn::Rehearsal($c) => $body,
        }
    };
}
pub(super) use on_conn;

/// An open claimtrack database on a PostgreSQL server.
pub struct Store {
    client: RefCell<Conn>,
    url: ServerUrl,
    clock: Clock,
    actor: String,
    op: RefCell<OpState>,
    /// Statements prepared on this connection, by their text (each is parsed once).
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// The schema is still to be made, in the first write transaction (`open_for_load`).
    schema_pending: std::cell::Cell<bool>,
}

/// The operation this command's writes belong to (see SQLite's `ops`).
#[derive(Debug, Default)]
struct OpState {
    command: Option<String>,
    id: Option<i64>,
    summary: Option<String>,
    reverts: Option<i64>,
    /// A large load: what it adds is logged as id ranges (see `Tx::end_operation`).
    bulk: bool,
    /// The newest claim id before the load's first transaction (whether it grew the table much).
    claims_before: Option<i64>,
}

impl Store {
    /// Connects; for writes, creates or upgrades the schema first. A read of a database with no
    /// schema yet is `Missing`: nothing is created.
    pub fn open(url: &ServerUrl, access: Access, clock: Clock, actor: &str) -> Result<Store> {
        let client = connect::client(url)?;
        Store::on(Conn::Client(client), url, access, clock, actor, false)
    }

    /// As [`Store::open`] for writing, but a database without the schema gets it in the first
    /// transaction, with the first writes: a load that fails before committing leaves nothing.
    pub fn open_for_load(url: &ServerUrl, clock: Clock, actor: &str) -> Result<Store> {
        let client = connect::client(url)?;
        Store::on(Conn::Client(client), url, Access::Write, clock, actor, true)
    }

    /// A store whose writes are all rolled back when it is dropped: for dry runs. It does not
    /// wait for other writers (ids it gives may clash with theirs: the dry run then fails, and
    /// nothing was changed either way).
    pub fn rehearsal(url: &ServerUrl, clock: Clock, actor: &str) -> Result<Store> {
        // The transaction lives as long as the process: its connection is leaked to let it.
        let client: &'static mut Client = Box::leak(Box::new(connect::client(url)?));
        let outer = client.transaction()?;
        Store::on(
            Conn::Rehearsal(outer),
            url,
            Access::Write,
            clock,
            actor,
            false,
        )
    }

    fn on(
        mut conn: Conn,
        url: &ServerUrl,
        access: Access,
        clock: Clock,
        actor: &str,
        lazily: bool,
    ) -> Result<Store> {
        let recorded = on_conn!(&mut conn, c => migrate::recorded(c))?;
        let version = recorded.version;
        if version > migrate::LATEST {
            return Err(StoreError::TooNew {
                path: url.to_string().into(),
                found: version,
                supported: migrate::LATEST,
            });
        }
        if let Some(step) = recorded.changed.first() {
            return Err(StoreError::NotOurs {
                path: url.to_string().into(),
                why: format!(
                    "its schema step {step} is not the one this claimtrack has (recorded in \
                     claimtrack_schema with another checksum)"
                ),
            });
        }
        if version < migrate::LATEST {
            if access == Access::Read && version == 0 {
                return Err(StoreError::Missing {
                    path: url.to_string().into(),
                });
            }
            if !(lazily && version == 0) {
                match &mut conn {
                    // Read committed whatever the server's default: a step that counts rows
                    // after making its triggers must see what writers it waited for wrote.
                    Conn::Client(c) => {
                        let mut tx = read_committed(c)?;
                        migrate::apply(&mut tx)?;
                        tx.commit()?;
                    }
                    Conn::Rehearsal(c) => migrate::apply(c)?,
                }
            }
        }
        let schema_pending = lazily && version == 0;
        Ok(Store {
            client: RefCell::new(conn),
            url: url.clone(),
            clock,
            actor: actor.to_string(),
            op: RefCell::default(),
            statements: RefCell::default(),
            schema_pending: std::cell::Cell::new(schema_pending),
        })
    }

    pub fn start_operation(&mut self, command: &str) {
        self.op.get_mut().command = Some(command.to_string());
    }

    /// Runs `work` in one transaction. The first write of the command creates its operation; the
    /// triggers record each row changed under it (the setting `claimtrack.op`).
    fn transaction(&mut self, work: &mut dyn FnMut(&Tx<'_>) -> Result<()>) -> Result<()> {
        let now = self.clock.timestamp();
        let mut conn = self.client.borrow_mut();
        let rehearsal = matches!(&*conn, Conn::Rehearsal(_));
        let mut sql = match &mut *conn {
            Conn::Client(client) => {
                // Read committed whatever the server's default: after waiting for the writer
                // before, this one must see what it wrote (the highest id, for one).
                let mut sql = read_committed(client)?;
                // Writers take turns, as on SQLite: ids are the highest plus one (see the
                // schema). A writer waits a minute at most, as on SQLite, then says so.
                sql.batch_execute("SET LOCAL lock_timeout = '60s'")?;
                sql.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS])
                    .map_err(|e| match e.code() {
                        Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) => StoreError::Busy {
                            path: self.url.to_string().into(),
                            holder: "another claimtrack writer".into(),
                        },
                        _ => e.into(),
                    })?;
                sql.batch_execute("SET LOCAL lock_timeout = 0")?;
                sql
            }
            Conn::Rehearsal(outer) => outer.transaction()?,
        };
        if self.schema_pending.get() {
            migrate::apply(&mut sql)?;
        }
        let created = {
            let mut op = self.op.borrow_mut();
            begin_operation(&mut sql, &mut op, &now, &self.actor)?
        };
        // A large load: the newest id of each ranged table before it, to log what it adds.
        let floors = if self.op.borrow().bulk && self.op.borrow().id.is_some() {
            sql.execute("SELECT set_config('claimtrack.bulk', '1', true)", &[])?;
            crate::store::common::RANGED
                .iter()
                .map(|t| {
                    let row =
                        sql.query_one(&format!("SELECT coalesce(max(id), 0) FROM {t}"), &[])?;
                    Ok((*t, row.get::<_, i64>(0)))
                })
                .collect::<Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        let newest_before = floors.first().map(|(_, id)| *id);
        if let Some(id) = newest_before {
            self.op.borrow_mut().claims_before.get_or_insert(id);
        }
        let tx = Tx {
            sql: RefCell::new(sql),
            now,
            actor: &self.actor,
            op: &self.op,
            statements: &self.statements,
            floors,
            newest_before,
            speakers: RefCell::default(),
        };
        let loading = self.op.borrow().bulk;
        let result = work(&tx)
            .and_then(|()| {
                if !loading {
                    crate::domain::match_index::keep_current(
                        &match_index::Index(&tx.sql),
                        Some(crate::store::REFRESH_IN_WRITES),
                    )?;
                }
                Ok(())
            })
            .and_then(|()| tx.end_operation(created))
            .and_then(|()| {
                // A dry run adds count rows and keeps its locks to the end: it folds none.
                if !rehearsal {
                    tx.sql.borrow_mut().execute(maintain::FOLD_COUNTS, &[])?;
                }
                Ok(())
            });
        let sql = tx.sql.into_inner();
        match result {
            Ok(()) => {
                sql.commit()?;
                self.schema_pending.set(false);
                Ok(())
            }
            Err(e) => {
                if created {
                    self.op.borrow_mut().id = None;
                }
                drop(sql);
                Err(e)
            }
        }
    }
}

impl Store {
    /// Runs `work` in a transaction of its own, outside any operation, taking its turn with
    /// the writers first (a claim changed while the index reads it would be marked in vain).
    pub(super) fn own_transaction(
        &self,
        work: impl FnOnce(&RefCell<postgres::Transaction<'_>>) -> Result<()>,
    ) -> Result<()> {
        let mut conn = self.client.borrow_mut();
        let tx = match &mut *conn {
            Conn::Client(c) => {
                let mut tx = read_committed(c)?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS])?;
                tx
            }
            // A dry run: a savepoint in its one transaction.
            Conn::Rehearsal(outer) => outer.transaction()?,
        };
        let tx = RefCell::new(tx);
        work(&tx)?;
        tx.into_inner().commit()?;
        Ok(())
    }
}

/// A transaction at read committed, whatever the server's default.
fn read_committed(client: &mut Client) -> Result<postgres::Transaction<'_>> {
    Ok(client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::ReadCommitted)
        .start()?)
}

/// Writes the operation row on the command's first transaction, and marks this transaction as
/// part of it. Returns whether the row was created here.
fn begin_operation(
    sql: &mut postgres::Transaction<'_>,
    op: &mut OpState,
    now: &str,
    actor: &str,
) -> Result<bool> {
    let Some(command) = op.command.clone() else {
        return Ok(false);
    };
    let mut created = false;
    if op.id.is_none() {
        let summary = op.summary.clone().unwrap_or_else(|| command.clone());
        let row = sql.query_one(
            "INSERT INTO operations (at, actor, command, summary) VALUES ($1, $2, $3, $4)
             RETURNING id",
            &[&now, &actor, &command, &summary],
        )?;
        op.id = Some(row.get(0));
        created = true;
    }
    let id = op.id.map(|i| i.to_string()).unwrap_or_default();
    sql.execute("SELECT set_config('claimtrack.op', $1, true)", &[&id])?;
    Ok(created)
}

/// A write transaction in progress.
pub struct Tx<'a> {
    sql: RefCell<postgres::Transaction<'a>>,
    now: String,
    actor: &'a str,
    op: &'a RefCell<OpState>,
    statements: &'a RefCell<HashMap<String, postgres::Statement>>,
    /// In a large load: each ranged table's newest id before this transaction.
    floors: Vec<(&'static str, i64)>,
    /// In a large load: the newest claim before it (tags on older claims are logged a row each).
    newest_before: Option<i64>,
    /// Speakers found in this transaction, by the name given: (id, ambiguous, how sure their
    /// role is: 0 none, 1 guessed, 2 given).
    speakers: RefCell<HashMap<String, (i64, bool, u8)>>,
}

impl Tx<'_> {
    /// The summary, computed from what the operation changed unless a command gave one; an
    /// operation that changed nothing is not kept.
    fn end_operation(&self, created: bool) -> Result<()> {
        let mut op = self.op.borrow_mut();
        let Some(id) = op.id else {
            return Ok(());
        };
        let mut sql = self.sql.borrow_mut();
        for (table, before) in &self.floors {
            let newest: i64 = sql
                .query_one(&format!("SELECT coalesce(max(id), 0) FROM {table}"), &[])?
                .get(0);
            if newest > *before {
                sql.execute(
                    "INSERT INTO op_ranges (op_id, tbl, first, last, after_change)
                     VALUES ($1, $2, $3, $4, (SELECT coalesce(max(id), 0) FROM op_changes))",
                    &[&id, table, &(before + 1), &newest],
                )?;
            }
        }
        if op.summary.is_none()
            && let Some(command) = &op.command
        {
            let claims: Vec<i64> = sql
                .query(
                    // A link names one of its claims only: the claims an op acted on are the others'.
                    "SELECT DISTINCT claim_id FROM op_changes
                      WHERE op_id = $1 AND claim_id IS NOT NULL AND tbl <> 'claim_links'
                      ORDER BY claim_id LIMIT 2",
                    &[&id],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let count: i64 = if claims.len() < 2 {
                claims.len() as i64
            } else {
                sql.query_one(
                    "SELECT count(DISTINCT claim_id) FROM op_changes
                          WHERE op_id = $1 AND tbl <> 'claim_links'",
                    &[&id],
                )?
                .get(0)
            };
            op.summary = Some(crate::domain::op_summary(command, &claims, count as usize));
        }
        if let Some(summary) = &op.summary {
            sql.execute(
                "UPDATE operations SET summary = $2 WHERE id = $1",
                &[&id, summary],
            )?;
        }
        if created && op.reverts.is_none() {
            let recorded = sql
                .query_opt(
                    "SELECT 1 FROM op_changes WHERE op_id = $1
                     UNION ALL SELECT 1 FROM op_ranges WHERE op_id = $1 LIMIT 1",
                    &[&id],
                )?
                .is_some();
            if !recorded {
                sql.execute("DELETE FROM operations WHERE id = $1", &[&id])?;
                op.id = None;
            }
        }
        Ok(())
    }

    /// A row in the change log (edits, merges, undos: what `show` lists as corrections).
    fn log(
        &self,
        action: &str,
        claim_id: Option<i64>,
        speaker_id: Option<i64>,
        detail: &serde_json::Value,
    ) -> Result<()> {
        self.sql.borrow_mut().execute(
            "INSERT INTO change_log (at, actor, action, claim_id, speaker_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &self.now,
                &self.actor,
                &action,
                &claim_id,
                &speaker_id,
                &detail.to_string(),
            ],
        )?;
        Ok(())
    }
}
