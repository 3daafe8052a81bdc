//! The operation log (migration 0010): each command that writes is one operation; triggers record
//! every row it changed. Reverting an operation plays its changes backwards, and is itself an
//! operation, so an undo can be redone and the history is never rewritten.

use std::collections::HashSet;
use std::fmt::Write as _;

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};

use super::{Result, Store, StoreError, Tx};
use crate::domain::{BOOKKEEPING, Operation, RowChange, RowRange, Status, reverted_ops};
use crate::store::common::{RANGED, claim_columns, column_name, key_columns};
use crate::store::oplog::{
    CHANGE_COLUMNS, KINDS, LISTED_ROWS, NET_COUNTS, OPERATION_COLUMNS, ROWS_CHANGED,
};
use crate::store::revert::{ClaimState, RevertStore, Since};
use crate::store::{Digest, OpFilter, OpRecord};

/// The operation a command is running, as the store keeps it between transactions.
#[derive(Debug, Default)]
pub(super) struct OpState {
    /// The command line; `None` records nothing (unit tests, migrations).
    pub command: Option<String>,
    /// The `operations` row, once a transaction has written it.
    pub id: Option<i64>,
    /// Record created claims as id ranges (bulk ingest) rather than a row each.
    pub bulk: bool,
    pub reverts: Option<i64>,
    pub summary: Option<String>,
    /// During a bulk transaction: what to record and put back before it commits.
    batch: Option<Batch>,
}

/// A bulk transaction's bookkeeping: the newest id of each ranged table before it, and the
/// insert triggers set aside.
#[derive(Debug)]
struct Batch {
    floors: Vec<(&'static str, i64)>,
    triggers: Vec<String>,
}

const QUIET_IN_BULK: &[&str] = &[
    "claims",
    "appearances",
    "notes",
    "evidence",
    "sources",
    "speakers",
    "status_history",
    "claim_tags",
];

/// Columns stored as BLOB, logged as hex (JSON cannot hold bytes).
const BLOB_COLUMNS: &[&str] = &["text_key"];

pub(super) fn sql_value(column: &str, value: &Value) -> Result<SqlValue> {
    Ok(match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .or_else(|| n.as_f64().map(SqlValue::Real))
            .unwrap_or(SqlValue::Null),
        Value::String(s) if BLOB_COLUMNS.contains(&column) => SqlValue::Blob(
            hex_bytes(s)
                .ok_or_else(|| StoreError::Restore(format!("{column} in the log is not hex")))?,
        ),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    })
}

fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    s.len()
        .is_multiple_of(2)
        .then(|| {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
                .collect()
        })
        .flatten()
}

fn operation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Operation> {
    Ok(Operation {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        command: r.get(3)?,
        summary: r.get(4)?,
        reverts: r.get(5)?,
        reverted_by: None,
    })
}

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowChange> {
    let json = |i: usize| -> rusqlite::Result<Option<Map<String, Value>>> {
        Ok(r.get::<_, Option<String>>(i)?
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            }))
    };
    Ok(RowChange {
        op_id: r.get(0)?,
        table: r.get(1)?,
        key: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or(Value::Null),
        claim_id: r.get(3)?,
        old: json(4)?,
        new: json(5)?,
        seq: r.get(6)?,
    })
}

/// Reads shared by `Store` (outside a transaction) and `Tx` (inside one).
fn read_operations(sql: &rusqlite::Connection, filter: &OpFilter) -> Result<Vec<Operation>> {
    let mut query = format!("SELECT {OPERATION_COLUMNS} FROM operations o WHERE 1");
    let mut values: Vec<SqlValue> = Vec::new();
    if let Some(actor) = &filter.actor {
        values.push(SqlValue::Text(actor.clone()));
        let _ = write!(query, " AND actor = ?{}", values.len());
    }
    if let Some(claim) = filter.claim {
        values.push(SqlValue::Integer(claim));
        let n = values.len();
        let _ = write!(
            query,
            " AND (EXISTS (SELECT 1 FROM op_changes c WHERE c.claim_id = ?{n} AND c.op_id = o.id)
                OR EXISTS (SELECT 1 FROM op_ranges r WHERE r.op_id = o.id AND r.tbl = 'claims'
                             AND ?{n} BETWEEN r.first AND r.last)
                OR EXISTS (SELECT 1 FROM op_ranges r JOIN appearances x ON x.id BETWEEN r.first AND r.last
                            WHERE r.op_id = o.id AND r.tbl = 'appearances' AND x.claim_id = ?{n})
                OR EXISTS (SELECT 1 FROM op_ranges r JOIN notes x ON x.id BETWEEN r.first AND r.last
                            WHERE r.op_id = o.id AND r.tbl = 'notes' AND x.claim_id = ?{n})
                OR EXISTS (SELECT 1 FROM op_ranges r JOIN evidence x ON x.id BETWEEN r.first AND r.last
                            WHERE r.op_id = o.id AND r.tbl = 'evidence' AND x.claim_id = ?{n}))"
        );
    }
    query.push_str(" ORDER BY id DESC");
    if let Some(limit) = filter.limit {
        let _ = write!(query, " LIMIT {limit}");
    }
    let mut ops: Vec<Operation> = sql
        .prepare(&query)?
        .query_map(params_from_iter(values), operation_row)?
        .collect::<rusqlite::Result<_>>()?;
    let reverts = revert_pairs(sql)?;
    let undone = reverted_ops(&reverts);
    for op in &mut ops {
        op.reverted_by = undone.get(&op.id).copied();
    }
    Ok(ops)
}

/// Every (reverting op, op it reverted) pair: few, one per undo or redo.
fn revert_pairs(sql: &rusqlite::Connection) -> Result<Vec<(i64, i64)>> {
    Ok(sql
        .prepare_cached("SELECT id, reverts FROM operations WHERE reverts IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn read_changes(sql: &rusqlite::Connection, op: i64) -> Result<Vec<RowChange>> {
    Ok(sql
        .prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM op_changes WHERE op_id = ?1 ORDER BY id"
        ))?
        .query_map([op], change_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn read_ranges(sql: &rusqlite::Connection, op: i64) -> Result<Vec<RowRange>> {
    let rows: Vec<(String, i64, i64)> = sql
        .prepare_cached("SELECT tbl, first, last FROM op_ranges WHERE op_id = ?1 ORDER BY rowid")?
        .query_map([op], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(table, first, last)| {
            let table = RANGED.iter().find(|t| **t == table).ok_or_else(|| {
                StoreError::Restore(format!("the log names an unknown table '{table}'"))
            })?;
            Ok(RowRange { table, first, last })
        })
        .collect()
}

fn read_operation(sql: &rusqlite::Connection, id: i64) -> Result<Operation> {
    let mut op = sql
        .prepare_cached(&format!(
            "SELECT {OPERATION_COLUMNS} FROM operations WHERE id = ?1"
        ))?
        .query_row([id], operation_row)
        .optional()?
        .ok_or(StoreError::OperationNotFound(id))?;
    op.reverted_by = reverted_ops(&revert_pairs(sql)?).get(&id).copied();
    Ok(op)
}

fn digest(sql: &rusqlite::Connection, op: i64) -> Result<Digest> {
    let count: i64 = sql
        .prepare_cached(ROWS_CHANGED)?
        .query_row([op], |r| r.get(0))?;
    if count <= LISTED_ROWS {
        return Ok(Digest::net(read_changes(sql, op)?));
    }
    let counts = sql
        .prepare_cached(NET_COUNTS)?
        .query_map([op], |r| {
            let kind: i64 = r.get(1)?;
            Ok((
                r.get::<_, String>(0)?,
                KINDS[kind.clamp(0, 2) as usize],
                r.get::<_, i64>(2)? as usize,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Digest::counted(counts))
}

/// Calls `f` with each change `op` recorded, in the order made (or newest first), reading one
/// at a time.
fn each_change<E: From<StoreError>>(
    sql: &rusqlite::Connection,
    op: i64,
    newest_first: bool,
    mut f: impl FnMut(RowChange) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let order = if newest_first { "DESC" } else { "ASC" };
    let fail = |e: rusqlite::Error| E::from(StoreError::from(e));
    let mut stmt = sql
        .prepare(&format!(
            "SELECT {CHANGE_COLUMNS} FROM op_changes WHERE op_id = ?1 ORDER BY id {order}"
        ))
        .map_err(fail)?;
    let mut rows = stmt.query([op]).map_err(fail)?;
    while let Some(row) = rows.next().map_err(fail)? {
        f(change_row(row).map_err(fail)?)?;
    }
    Ok(())
}

fn op_record(sql: &rusqlite::Connection, id: i64) -> Result<OpRecord> {
    Ok(OpRecord {
        op: read_operation(sql, id)?,
        ranges: read_ranges(sql, id)?,
        claims_inserted: sql
            .prepare_cached(
                "SELECT claim_id FROM op_changes
                  WHERE op_id = ?1 AND tbl = 'claims' AND old IS NULL ORDER BY id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    })
}

impl Store {
    /// Makes every later write transaction part of one operation, recorded under `command`.
    pub fn start_operation(&mut self, command: &str) {
        self.op.borrow_mut().command = Some(command.to_string());
    }

    /// Records created claims as id ranges, not a row each: for bulk loads.
    pub fn log_in_bulk(&mut self) {
        self.op.borrow_mut().bulk = true;
    }

    /// The operation this process wrote, if any.
    #[must_use]
    pub fn operation_id(&self) -> Option<i64> {
        self.op.borrow().id
    }

    /// Operations newest first.
    pub fn operations(&self, filter: &OpFilter) -> Result<Vec<Operation>> {
        if !self.has_operation_log()? {
            return Ok(Vec::new());
        }
        read_operations(&self.conn, filter)
    }

    /// One operation and everything it recorded.
    pub fn operation(&self, id: i64) -> Result<OpRecord> {
        if !self.has_operation_log()? {
            return Err(StoreError::OperationNotFound(id));
        }
        op_record(&self.conn, id)
    }

    /// What operation `id` changed, for people.
    pub fn digest(&self, id: i64) -> Result<Digest> {
        digest(&self.conn, id)
    }

    /// Every change operation `id` recorded, in order, one at a time.
    pub fn each_change<E: From<StoreError>>(
        &self,
        id: i64,
        f: impl FnMut(RowChange) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_change(&self.conn, id, false, f)
    }

    /// The actor's latest operation that is in effect and is not itself an undo or redo.
    pub fn last_undoable(&self) -> Result<Option<Operation>> {
        let undone = reverted_ops(&revert_pairs(&self.conn)?);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OPERATION_COLUMNS} FROM operations
              WHERE actor = ?1 AND reverts IS NULL ORDER BY id DESC"
        ))?;
        let mut rows = stmt.query_map([&self.actor], operation_row)?;
        rows.find_map(|op| match op {
            Ok(op) if undone.contains_key(&op.id) => None,
            other => Some(other),
        })
        .transpose()
        .map_err(Into::into)
    }

    /// The actor's latest undo that is still in effect: what `redo` takes back.
    pub fn last_redoable(&self) -> Result<Option<Operation>> {
        let pairs = revert_pairs(&self.conn)?;
        let undone = reverted_ops(&pairs);
        let redos: HashSet<i64> = pairs
            .iter()
            .filter(|(_, target)| pairs.iter().any(|(r, _)| r == target))
            .map(|(r, _)| *r)
            .collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OPERATION_COLUMNS} FROM operations
              WHERE actor = ?1 AND reverts IS NOT NULL ORDER BY id DESC"
        ))?;
        let mut rows = stmt.query_map([&self.actor], operation_row)?;
        rows.find_map(|op| match op {
            Ok(op) if undone.contains_key(&op.id) || redos.contains(&op.id) => None,
            other => Some(other),
        })
        .transpose()
        .map_err(Into::into)
    }

    /// A read-only open of a database older than migration 10 has no log to read.
    fn has_operation_log(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sqlite_schema WHERE name = 'operations'")?
            .exists([])?)
    }
}

impl Tx<'_> {
    /// Records a tag a bulk load added to a claim that was there before the batch, which the
    /// dropped trigger would have recorded (the same row shape as migration 0010's triggers).
    pub(super) fn log_tag_in_bulk(&self, claim_id: i64, tag: &str) -> Result<()> {
        let op = self.op.borrow();
        if op.batch.is_none() || claim_id > self.newest_before {
            return Ok(());
        }
        self.sql
            .prepare_cached(
                "INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
                 VALUES (?1, 'claim_tags', json_array(?2, ?3), ?2, NULL,
                         json_object('claim_id', ?2, 'tag', ?3))",
            )?
            .execute(params![op.id, claim_id, tag])?;
        Ok(())
    }

    /// Says what this operation did, for `log`: "dispute 2 claims".
    pub fn describe(&self, summary: impl Into<String>) {
        self.op.borrow_mut().summary = Some(summary.into());
    }

    pub fn operation(&self, id: i64) -> Result<OpRecord> {
        op_record(self.sql, id)
    }

    /// What this transaction's operation has changed so far, for people.
    pub fn own_digest(&self) -> Result<Digest> {
        let id = self.op.borrow().id;
        match id {
            Some(id) => digest(self.sql, id),
            None => Ok(Digest::Rows(Vec::new())),
        }
    }
}

/// Undo and redo's finds, in SQLite's SQL (the rules are in `store::revert`), kept prepared:
/// some run once per change an operation recorded.
impl RevertStore for Tx<'_> {
    fn revert_pairs(&self) -> Result<Vec<(i64, i64)>> {
        revert_pairs(self.sql)
    }

    fn operation_row(&self, id: i64) -> Result<Operation> {
        read_operation(self.sql, id)
    }

    fn record_reverts(&self, target: i64) -> Result<()> {
        let mut op = self.op.borrow_mut();
        op.reverts = Some(target);
        self.sql
            .prepare_cached("UPDATE operations SET reverts = ?2 WHERE id = ?1")?
            .execute(params![op.id, target])?;
        Ok(())
    }

    fn each_change(
        &self,
        op: i64,
        newest_first: bool,
        f: &mut dyn FnMut(RowChange) -> Result<()>,
    ) -> Result<()> {
        each_change(self.sql, op, newest_first, f)
    }

    fn first_change(&self, op: i64) -> Result<Option<i64>> {
        Ok(self
            .sql
            .prepare_cached("SELECT min(id) FROM op_changes WHERE op_id = ?1")?
            .query_row([op], |r| r.get(0))?)
    }

    fn first_range(&self, op: i64) -> Result<Option<(i64, i64)>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT rowid, after_change FROM op_ranges WHERE op_id = ?1 ORDER BY rowid LIMIT 1",
            )?
            .query_row([op], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn later_changes_of_row(&self, change: &RowChange, except: i64) -> Result<Vec<RowChange>> {
        Ok(self
            .sql
            .prepare_cached(&format!(
                "SELECT {CHANGE_COLUMNS} FROM op_changes
                  WHERE tbl = ?1 AND row_key = ?2 AND id > ?3 AND op_id != ?4"
            ))?
            .query_map(
                params![change.table, change.key.to_string(), change.seq, except],
                change_row,
            )?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn ranges_holding(&self, table: &str, id: i64, since: Since, except: i64) -> Result<Vec<i64>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id FROM op_ranges
                  WHERE tbl = ?1 AND ?2 BETWEEN first AND last AND op_id != ?3
                    AND after_change >= ?4 AND rowid > ?5",
            )?
            .query_map(
                params![table, id, except, since.range_after, since.range_row],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn changes_of_claims(
        &self,
        first: i64,
        last: i64,
        after: i64,
        except: i64,
    ) -> Result<Vec<i64>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id FROM op_changes
                  WHERE claim_id BETWEEN ?1 AND ?2 AND id > ?3 AND op_id != ?4",
            )?
            .query_map(params![first, last, after, except], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn link_changes(&self, after: i64, except: i64) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id, json_extract(coalesce(new, old), '$.repeats_id') FROM op_changes
                  WHERE tbl = 'claim_links' AND id > ?1 AND op_id != ?2",
            )?
            .query_map(params![after, except], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn ranges_of_claims(
        &self,
        table: &str,
        first: i64,
        last: i64,
        since: Since,
        except: i64,
    ) -> Result<Vec<i64>> {
        key_columns(table)?;
        Ok(self
            .sql
            .prepare_cached(&format!(
                "SELECT DISTINCT r.op_id FROM op_ranges r JOIN {table} x
                     ON x.id BETWEEN r.first AND r.last
                  WHERE r.tbl = '{table}' AND r.op_id != ?3
                    AND r.after_change >= ?4 AND r.rowid > ?5
                    AND x.claim_id BETWEEN ?1 AND ?2"
            ))?
            .query_map(
                params![first, last, except, since.range_after, since.range_row],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn changes_in_ids(
        &self,
        table: &str,
        first: i64,
        last: i64,
        after: i64,
        except: i64,
    ) -> Result<Vec<i64>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id FROM op_changes
                  WHERE tbl = ?1 AND id > ?4 AND op_id != ?5
                    AND CAST(json_extract(row_key, '$[0]') AS INTEGER) BETWEEN ?2 AND ?3",
            )?
            .query_map(params![table, first, last, after, except], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn rows_naming(
        &self,
        child: &str,
        column: &str,
        claim: &str,
        first: i64,
        last: i64,
        removed: &[(i64, i64)],
    ) -> Result<Vec<i64>> {
        key_columns(child)?;
        let mut sql = format!(
            "SELECT id FROM {child} WHERE {} BETWEEN ?1 AND ?2",
            column_name(column)?
        );
        for (a, b) in removed {
            let _ = write!(
                sql,
                " AND NOT ({} BETWEEN {a} AND {b})",
                column_name(claim)?
            );
        }
        Ok(self
            .sql
            .prepare(&sql)?
            .query_map(params![first, last], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn alias_adders(&self, first: i64, last: i64, after: i64, except: i64) -> Result<Vec<i64>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT c.op_id FROM speaker_aliases a JOIN op_changes c
                     ON c.tbl = 'speaker_aliases' AND c.row_key = json_array(a.alias_key)
                    AND c.old IS NULL
                  WHERE a.speaker_id BETWEEN ?1 AND ?2 AND c.op_id != ?3 AND c.id > ?4",
            )?
            .query_map(params![first, last, except, after], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn last_write(&self, table: &str, id: i64) -> Result<Option<(i64, i64)>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id, id FROM op_changes
                  WHERE tbl = ?1 AND row_key = json_array(?2) AND new IS NOT NULL
                  ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![table, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn last_range_holding(&self, table: &str, id: i64) -> Result<Option<(i64, i64, i64)>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT op_id, after_change, rowid FROM op_ranges
                  WHERE tbl = ?1 AND ?2 BETWEEN first AND last ORDER BY rowid DESC LIMIT 1",
            )?
            .query_row(params![table, id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    fn mark_undoing(&self) -> Result<()> {
        self.sql
            .execute("UPDATE op_current SET undoing = 1", [])
            .map(drop)?;
        Ok(())
    }

    fn claims_updated_by(&self, op: i64) -> Result<Vec<i64>> {
        Ok(self
            .sql
            .prepare_cached(
                "SELECT DISTINCT claim_id FROM op_changes
                  WHERE op_id = ?1 AND tbl = 'claims' AND old IS NOT NULL AND new IS NOT NULL
                  ORDER BY claim_id",
            )?
            .query_map([op], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn claim_state(&self, id: i64) -> Result<Option<ClaimState>> {
        Ok(self
            .sql
            .prepare_cached("SELECT status, verdict, verdict_label FROM claims WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(ClaimState {
                    status: r.get(0)?,
                    verdict: r.get(1)?,
                    label: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn delete_rows_of_claims(&self, table: &str, first: i64, last: i64) -> Result<()> {
        key_columns(table)?;
        let named: Vec<String> = claim_columns(table)
            .iter()
            .map(|c| format!("{c} BETWEEN ?1 AND ?2"))
            .collect();
        self.sql
            .prepare_cached(&format!("DELETE FROM {table} WHERE {}", named.join(" OR ")))?
            .execute(params![first, last])?;
        Ok(())
    }

    fn delete_ids(&self, table: &str, first: i64, last: i64) -> Result<()> {
        key_columns(table)?;
        self.sql
            .prepare_cached(&format!("DELETE FROM {table} WHERE id BETWEEN ?1 AND ?2"))?
            .execute(params![first, last])?;
        Ok(())
    }

    fn delete_row(&self, change: &RowChange) -> Result<()> {
        let (clause, values) = key_clause(change, 1)?;
        // Prepared once per shape: an undone ingest replays hundreds of thousands of rows.
        self.sql
            .prepare_cached(&format!("DELETE FROM \"{}\" WHERE {clause}", change.table))?
            .execute(params_from_iter(values))?;
        Ok(())
    }

    fn insert_row(&self, table: &str, row: &Map<String, Value>) -> Result<()> {
        key_columns(table)?;
        let columns = row
            .keys()
            .map(|c| column_name(c).map(|c| format!("\"{c}\"")))
            .collect::<Result<Vec<_>>>()?;
        let marks = (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>();
        let values = row
            .iter()
            .map(|(c, v)| sql_value(c, v))
            .collect::<Result<Vec<_>>>()?;
        self.sql
            .prepare_cached(&format!(
                "INSERT INTO \"{table}\" ({}) VALUES ({})",
                columns.join(", "),
                marks.join(", ")
            ))?
            .execute(params_from_iter(values))?;
        Ok(())
    }

    fn history_id_taken(&self, id: Option<i64>) -> Result<bool> {
        Ok(self
            .sql
            .prepare_cached("SELECT 1 FROM status_history WHERE id = ?1")?
            .exists([id])?)
    }

    fn bookkeeping_of(&self, change: &RowChange) -> Result<Option<Value>> {
        let (clause, keys) = key_clause(change, 1)?;
        Ok(self
            .sql
            .query_row(
                &format!(
                    "SELECT json_quote({BOOKKEEPING}) FROM \"{}\" WHERE {clause}",
                    change.table
                ),
                params_from_iter(keys),
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    fn set_fields(
        &self,
        change: &RowChange,
        fields: &[&str],
        values: &Map<String, Value>,
    ) -> Result<()> {
        let (clause, keys) = key_clause(change, fields.len() + 1)?;
        let sets = fields
            .iter()
            .enumerate()
            .map(|(i, f)| column_name(f).map(|f| format!("\"{f}\" = ?{}", i + 1)))
            .collect::<Result<Vec<_>>>()?;
        let mut values = fields
            .iter()
            .map(|f| sql_value(f, values.get(*f).unwrap_or(&Value::Null)))
            .collect::<Result<Vec<_>>>()?;
        values.extend(keys);
        self.sql
            .prepare_cached(&format!(
                "UPDATE \"{}\" SET {} WHERE {clause}",
                change.table,
                sets.join(", ")
            ))?
            .execute(params_from_iter(values))?;
        Ok(())
    }

    /// New claims are indexed at commit (ids above the newest before, see `INDEX_NEW_CLAIMS`);
    /// a claim brought back under an older id is indexed here.
    fn index_restored_claim(&self, id: i64) -> Result<()> {
        if id <= self.newest_before {
            self.sql.execute(
                "INSERT INTO claims_fts (rowid, text, speaker)
                 SELECT c.id, c.text, s.name FROM claims c JOIN speakers s ON s.id = c.speaker_id
                  WHERE c.id = ?1",
                [id],
            )?;
        }
        Ok(())
    }

    fn own_summary(&self) -> Option<String> {
        self.op.borrow().summary.clone()
    }

    fn add_history(&self, id: i64, from: Status, now: &ClaimState, reason: &str) -> Result<()> {
        self.record_history(
            id,
            Some(from),
            now.status,
            now.verdict,
            now.label.as_deref(),
            Some(reason),
        )
    }

    fn log_undo(&self, id: i64, detail: &Value) -> Result<()> {
        self.log("undo", Some(id), None, detail)
    }
}

/// `"id" = ?first` (and more columns for a composite key), with the key's values.
fn key_clause(change: &RowChange, first: usize) -> Result<(String, Vec<SqlValue>)> {
    let columns = key_columns(&change.table)?;
    let values = change.key.as_array().cloned().unwrap_or_default();
    if values.len() != columns.len() {
        return Err(StoreError::Restore(format!(
            "a {} row key in the log has the wrong shape",
            change.table
        )));
    }
    let clause = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", first + i))
        .collect::<Vec<_>>()
        .join(" AND ");
    let values = columns
        .iter()
        .zip(&values)
        .map(|(c, v)| sql_value(c, v))
        .collect::<Result<_>>()?;
    Ok((clause, values))
}

impl Tx<'_> {
    /// Opens this transaction's part of the operation: the `operations` row (on the first
    /// transaction) and the `op_current` mark the triggers read.
    pub(super) fn begin_operation(&self) -> Result<bool> {
        let mut op = self.op.borrow_mut();
        let Some(command) = op.command.clone() else {
            return Ok(false);
        };
        let mut created = false;
        if op.id.is_none() {
            let summary = op.summary.clone().unwrap_or_else(|| command.clone());
            self.sql
                .prepare_cached(
                    "INSERT INTO operations (at, actor, command, summary, reverts)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![self.now, self.actor, command, summary, op.reverts])?;
            op.id = Some(self.sql.last_insert_rowid());
            created = true;
        }
        self.sql
            .prepare_cached("INSERT INTO op_current (op_id) VALUES (?1)")?
            .execute([op.id])?;
        if op.bulk {
            // A trigger that fires, even to record nothing, costs a large load a fifth of its
            // time. Dropped inside this transaction, they come back in it, or never go.
            let floors = RANGED
                .iter()
                .map(|t| {
                    let newest = self.sql.query_row(
                        &format!("SELECT coalesce(max(id), 0) FROM {t}"),
                        [],
                        |r| r.get(0),
                    )?;
                    Ok((*t, newest))
                })
                .collect::<Result<Vec<_>>>()?;
            let mut triggers = Vec::new();
            let names = QUIET_IN_BULK
                .iter()
                .map(|table| format!("op_{table}_insert"))
                .chain([super::match_index::INSERT_TRIGGER.to_string()]);
            for name in names {
                let sql: Option<String> = self
                    .sql
                    .query_row(
                        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                        [&name],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(sql) = sql {
                    self.sql.execute_batch(&format!("DROP TRIGGER {name}"))?;
                    triggers.push(sql);
                }
            }
            op.batch = Some(Batch { floors, triggers });
        }
        Ok(created)
    }

    /// Closes this transaction's part: the range of claims a bulk batch created, the summary,
    /// and (for an operation that changed nothing) the operation itself.
    pub(super) fn end_operation(&self, created: bool) -> Result<()> {
        let mut op = self.op.borrow_mut();
        let Some(id) = op.id else {
            return Ok(());
        };
        if let Some(Batch { floors, triggers }) = op.batch.take() {
            for (table, before) in floors {
                let newest: i64 = self.sql.query_row(
                    &format!("SELECT coalesce(max(id), 0) FROM {table}"),
                    [],
                    |r| r.get(0),
                )?;
                if newest > before {
                    self.sql
                        .prepare_cached(
                            "INSERT INTO op_ranges (op_id, tbl, first, last, after_change)
                             VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(id), 0) FROM op_changes))",
                        )?
                        .execute(params![id, table, before + 1, newest])?;
                    if table == "claims" {
                        // What the match index's insert trigger, set aside, would have marked.
                        self.sql
                            .prepare_cached(super::match_index::LOADED_AFTER)?
                            .execute([before])?;
                    }
                }
            }
            for sql in triggers {
                self.sql.execute_batch(&sql)?;
            }
        }
        self.sql.execute("DELETE FROM op_current", [])?;
        if op.summary.is_none()
            && let Some(command) = &op.command
        {
            let claims: Vec<i64> = self
                .sql
                .prepare_cached(
                    // A link names one of its claims only: the claims an op acted on are the others'.
                    "SELECT DISTINCT claim_id FROM op_changes
                      WHERE op_id = ?1 AND claim_id IS NOT NULL AND tbl <> 'claim_links'
                      ORDER BY claim_id LIMIT 2",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let count: i64 = if claims.len() < 2 {
                claims.len() as i64
            } else {
                self.sql
                    .prepare_cached(
                        "SELECT count(DISTINCT claim_id) FROM op_changes
                          WHERE op_id = ?1 AND tbl <> 'claim_links'",
                    )?
                    .query_row([id], |r| r.get(0))?
            };
            op.summary = Some(crate::domain::op_summary(command, &claims, count as usize));
        }
        if let Some(summary) = &op.summary {
            self.sql
                .prepare_cached("UPDATE operations SET summary = ?2 WHERE id = ?1")?
                .execute(params![id, summary])?;
        }
        if created && op.reverts.is_none() {
            let recorded = self
                .sql
                .prepare_cached(
                    "SELECT 1 FROM op_changes WHERE op_id = ?1
                     UNION ALL SELECT 1 FROM op_ranges WHERE op_id = ?1 LIMIT 1",
                )?
                .exists([id])?;
            if !recorded {
                self.sql
                    .execute("DELETE FROM operations WHERE id = ?1", [id])?;
                op.id = None;
            }
        }
        Ok(())
    }
}
