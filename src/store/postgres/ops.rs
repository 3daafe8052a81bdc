//! The operation log on PostgreSQL: reading it, and reverting an operation (undo, redo) with the
//! same rules as SQLite's `ops` — later operations in the way are named and nothing changes;
//! otherwise the changes are played backwards as one new operation. Rows are written back from
//! their logged JSON with `jsonb_populate_record`, so every column keeps its type.

use std::collections::HashSet;
use std::fmt::Write as _;

use postgres::GenericClient;
use postgres::types::ToSql;
use serde_json::{Map, Value};

use super::list::Args;
use super::{Conn, Store, Tx, on_conn};
use crate::domain::{BOOKKEEPING, Operation, RowChange, RowRange, Status, reverted_ops};
use crate::store::common::{RANGED, claim_columns, column_name, key_columns};
use crate::store::oplog::{
    CHANGE_COLUMNS, KINDS, LISTED_ROWS, NET_COUNTS, OPERATION_COLUMNS, ROWS_CHANGED,
};
use crate::store::revert::{ClaimState, RevertStore, Since};
use crate::store::{Digest, OpFilter, OpRecord, Result, StoreError};

/// Changes read at a time: an undone ingest has hundreds of thousands.
const PAGE: i64 = 1000;

fn operation_row(r: &postgres::Row) -> Operation {
    Operation {
        id: r.get(0),
        at: r.get(1),
        actor: r.get(2),
        command: r.get(3),
        summary: r.get(4),
        reverts: r.get(5),
        reverted_by: None,
    }
}

fn change_row(r: &postgres::Row) -> RowChange {
    let json = |i: usize| -> Option<Map<String, Value>> {
        r.get::<_, Option<String>>(i)
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
    };
    RowChange {
        op_id: r.get(0),
        table: r.get(1),
        key: serde_json::from_str(r.get::<_, &str>(2)).unwrap_or(Value::Null),
        claim_id: r.get(3),
        old: json(4),
        new: json(5),
        seq: r.get(6),
    }
}

fn revert_pairs(sql: &mut impl GenericClient) -> Result<Vec<(i64, i64)>> {
    Ok(sql
        .query(
            "SELECT id, reverts FROM operations WHERE reverts IS NOT NULL",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

fn read_operation(sql: &mut impl GenericClient, id: i64) -> Result<Operation> {
    let row = sql
        .query_opt(
            &format!("SELECT {OPERATION_COLUMNS} FROM operations WHERE id = $1"),
            &[&id],
        )?
        .ok_or(StoreError::OperationNotFound(id))?;
    let mut op = operation_row(&row);
    op.reverted_by = reverted_ops(&revert_pairs(sql)?).get(&id).copied();
    Ok(op)
}

fn op_record(sql: &mut impl GenericClient, id: i64) -> Result<OpRecord> {
    let op = read_operation(sql, id)?;
    let ranges = sql
        .query(
            "SELECT tbl, first, last FROM op_ranges WHERE op_id = $1 ORDER BY id",
            &[&id],
        )?
        .iter()
        .map(|r| {
            let name: &str = r.get(0);
            let table = RANGED.iter().find(|t| **t == name).ok_or_else(|| {
                StoreError::Restore(format!("the log names an unknown table '{name}'"))
            })?;
            Ok(RowRange {
                table,
                first: r.get(1),
                last: r.get(2),
            })
        })
        .collect::<Result<_>>()?;
    let claims_inserted = sql
        .query(
            "SELECT claim_id FROM op_changes
              WHERE op_id = $1 AND tbl = 'claims' AND old IS NULL ORDER BY id",
            &[&id],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(OpRecord {
        op,
        ranges,
        claims_inserted,
    })
}

fn digest(sql: &mut impl GenericClient, op: i64) -> Result<Digest> {
    let count: i64 = sql.query_one(ROWS_CHANGED, &[&op])?.get(0);
    if count <= LISTED_ROWS {
        let rows = sql.query(
            &format!("SELECT {CHANGE_COLUMNS} FROM op_changes WHERE op_id = $1 ORDER BY id"),
            &[&op],
        )?;
        return Ok(Digest::net(rows.iter().map(change_row).collect()));
    }
    let counts = sql
        .query(NET_COUNTS, &[&op])?
        .iter()
        .map(|r| {
            let kind: i32 = r.get(1);
            (
                r.get::<_, String>(0),
                KINDS[kind.clamp(0, 2) as usize],
                usize::try_from(r.get::<_, i64>(2)).unwrap_or(0),
            )
        })
        .collect();
    Ok(Digest::counted(counts))
}

/// Calls `f` with each change `op` recorded, in the order made (or newest first), a page at a
/// time, so that `f` may use the connection between pages.
/// A way to run a query: the store's, or a transaction's.
type Fetch<'a> = &'a dyn Fn(&str, &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>>;

fn each_change(
    query: Fetch<'_>,
    op: i64,
    newest_first: bool,
    f: &mut dyn FnMut(RowChange) -> Result<()>,
) -> Result<()> {
    let (order, next) = if newest_first {
        ("DESC", "id < $2")
    } else {
        ("ASC", "id > $2")
    };
    let sql = format!(
        "SELECT {CHANGE_COLUMNS} FROM op_changes WHERE op_id = $1 AND {next}
          ORDER BY id {order} LIMIT {PAGE}"
    );
    let mut cursor = if newest_first { i64::MAX } else { 0 };
    loop {
        let rows = query(&sql, &[&op, &cursor])?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        cursor = last.get(6);
        for row in &rows {
            f(change_row(row))?;
        }
    }
}

impl Store {
    pub fn operations(&self, filter: &OpFilter) -> Result<Vec<Operation>> {
        let mut args = Args::default();
        let mut clauses = String::new();
        if let Some(actor) = &filter.actor {
            let _ = write!(clauses, " AND actor = {}", args.bind(actor.clone()));
        }
        if let Some(claim) = filter.claim {
            let n = args.bind(claim);
            let _ = write!(
                clauses,
                " AND (EXISTS (SELECT 1 FROM op_changes c WHERE c.claim_id = {n} AND c.op_id = o.id)
                    OR EXISTS (SELECT 1 FROM op_ranges r WHERE r.op_id = o.id AND r.tbl = 'claims'
                                 AND {n} BETWEEN r.first AND r.last)
                    OR EXISTS (SELECT 1 FROM op_ranges r JOIN appearances x
                                 ON x.id BETWEEN r.first AND r.last
                                WHERE r.op_id = o.id AND r.tbl = 'appearances' AND x.claim_id = {n})
                    OR EXISTS (SELECT 1 FROM op_ranges r JOIN notes x ON x.id BETWEEN r.first AND r.last
                                WHERE r.op_id = o.id AND r.tbl = 'notes' AND x.claim_id = {n})
                    OR EXISTS (SELECT 1 FROM op_ranges r JOIN evidence x
                                 ON x.id BETWEEN r.first AND r.last
                                WHERE r.op_id = o.id AND r.tbl = 'evidence' AND x.claim_id = {n}))"
            );
        }
        let limit = filter
            .limit
            .map_or(String::new(), |n| format!(" LIMIT {n}"));
        let query = format!(
            "SELECT {OPERATION_COLUMNS} FROM operations o WHERE true{clauses} ORDER BY id DESC{limit}"
        );
        let mut ops: Vec<Operation> = self
            .query(&query, &args.refs())?
            .iter()
            .map(operation_row)
            .collect();
        let undone = reverted_ops(&on_conn!(&mut *self.client.borrow_mut(), c => revert_pairs(c))?);
        for op in &mut ops {
            op.reverted_by = undone.get(&op.id).copied();
        }
        Ok(ops)
    }

    pub fn operation(&self, id: i64) -> Result<OpRecord> {
        on_conn!(&mut *self.client.borrow_mut(), c => op_record(c, id))
    }

    pub fn digest(&self, id: i64) -> Result<Digest> {
        on_conn!(&mut *self.client.borrow_mut(), c => digest(c, id))
    }

    pub fn each_change(&self, id: i64, f: &mut dyn FnMut(RowChange) -> Result<()>) -> Result<()> {
        each_change(&|q, p| self.query(q, p), id, false, f)
    }

    /// The actor's latest operation in effect that is not itself an undo or redo.
    pub fn last_undoable(&self) -> Result<Option<Operation>> {
        let undone = reverted_ops(&on_conn!(&mut *self.client.borrow_mut(), c => revert_pairs(c))?);
        let rows = self.query(
            &format!(
                "SELECT {OPERATION_COLUMNS} FROM operations
                  WHERE actor = $1 AND reverts IS NULL ORDER BY id DESC"
            ),
            &[&self.actor],
        )?;
        Ok(rows
            .iter()
            .map(operation_row)
            .find(|op| !undone.contains_key(&op.id)))
    }

    /// The actor's latest undo still in effect: what `redo` takes back.
    pub fn last_redoable(&self) -> Result<Option<Operation>> {
        let pairs = on_conn!(&mut *self.client.borrow_mut(), c => revert_pairs(c))?;
        let undone = reverted_ops(&pairs);
        let redos: HashSet<i64> = pairs
            .iter()
            .filter(|(_, target)| pairs.iter().any(|(r, _)| r == target))
            .map(|(r, _)| *r)
            .collect();
        let rows = self.query(
            &format!(
                "SELECT {OPERATION_COLUMNS} FROM operations
                  WHERE actor = $1 AND reverts IS NOT NULL ORDER BY id DESC"
            ),
            &[&self.actor],
        )?;
        Ok(rows
            .iter()
            .map(operation_row)
            .find(|op| !undone.contains_key(&op.id) && !redos.contains(&op.id)))
    }
}

impl Tx<'_> {
    pub fn operation(&self, id: i64) -> Result<OpRecord> {
        op_record(&mut *self.sql.borrow_mut(), id)
    }

    pub fn own_digest(&self) -> Result<Digest> {
        let id = self.op.borrow().id;
        match id {
            Some(id) => digest(&mut *self.sql.borrow_mut(), id),
            None => Ok(Digest::Rows(Vec::new())),
        }
    }

    fn ids(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<i64>> {
        Ok(self.query(sql, params)?.iter().map(|r| r.get(0)).collect())
    }
}

/// Undo and redo's finds, in PostgreSQL's SQL (the rules are in `store::revert`); each
/// statement is prepared once per connection.
impl RevertStore for Tx<'_> {
    fn revert_pairs(&self) -> Result<Vec<(i64, i64)>> {
        revert_pairs(&mut *self.sql.borrow_mut())
    }

    fn operation_row(&self, id: i64) -> Result<Operation> {
        read_operation(&mut *self.sql.borrow_mut(), id)
    }

    fn record_reverts(&self, target: i64) -> Result<()> {
        let mut op = self.op.borrow_mut();
        op.reverts = Some(target);
        self.sql.borrow_mut().execute(
            "UPDATE operations SET reverts = $2 WHERE id = $1",
            &[&op.id, &target],
        )?;
        Ok(())
    }

    fn each_change(
        &self,
        op: i64,
        newest_first: bool,
        f: &mut dyn FnMut(RowChange) -> Result<()>,
    ) -> Result<()> {
        each_change(&|q, p| self.query(q, p), op, newest_first, f)
    }

    fn first_change(&self, op: i64) -> Result<Option<i64>> {
        Ok(self
            .query_one("SELECT min(id) FROM op_changes WHERE op_id = $1", &[&op])?
            .get(0))
    }

    fn first_range(&self, op: i64) -> Result<Option<(i64, i64)>> {
        Ok(self
            .query_opt(
                "SELECT id, after_change FROM op_ranges WHERE op_id = $1 ORDER BY id LIMIT 1",
                &[&op],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn later_changes_of_row(&self, change: &RowChange, except: i64) -> Result<Vec<RowChange>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {CHANGE_COLUMNS} FROM op_changes
                      WHERE tbl = $1 AND row_key = ($2::TEXT::JSONB)::TEXT AND id > $3 AND op_id <> $4"
                ),
                &[&change.table, &change.key.to_string(), &change.seq, &except],
            )?
            .iter()
            .map(change_row)
            .collect())
    }

    fn ranges_holding(&self, table: &str, id: i64, since: Since, except: i64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT op_id FROM op_ranges
              WHERE tbl = $1 AND $2 BETWEEN first AND last AND op_id <> $3
                AND after_change >= $4 AND id > $5",
            &[&table, &id, &except, &since.range_after, &since.range_row],
        )
    }

    fn changes_of_claims(
        &self,
        first: i64,
        last: i64,
        after: i64,
        except: i64,
    ) -> Result<Vec<i64>> {
        self.ids(
            "SELECT op_id FROM op_changes
              WHERE claim_id BETWEEN $1 AND $2 AND id > $3 AND op_id <> $4",
            &[&first, &last, &after, &except],
        )
    }

    fn link_changes(&self, after: i64, except: i64) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .query(
                "SELECT op_id, (coalesce(new, old)::jsonb ->> 'repeats_id')::BIGINT FROM op_changes
                  WHERE tbl = 'claim_links' AND id > $1 AND op_id <> $2",
                &[&after, &except],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
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
        self.ids(
            &format!(
                "SELECT DISTINCT r.op_id FROM op_ranges r JOIN {table} x
                     ON x.id BETWEEN r.first AND r.last
                  WHERE r.tbl = '{table}' AND r.op_id <> $3
                    AND r.after_change >= $4 AND r.id > $5
                    AND x.claim_id BETWEEN $1 AND $2"
            ),
            &[&first, &last, &except, &since.range_after, &since.range_row],
        )
    }

    fn changes_in_ids(
        &self,
        table: &str,
        first: i64,
        last: i64,
        after: i64,
        except: i64,
    ) -> Result<Vec<i64>> {
        self.ids(
            "SELECT op_id FROM op_changes
              WHERE tbl = $1 AND id > $4 AND op_id <> $5
                AND (row_key::JSONB ->> 0)::BIGINT BETWEEN $2 AND $3",
            &[&table, &first, &last, &after, &except],
        )
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
            "SELECT id FROM {child} WHERE {} BETWEEN $1 AND $2",
            column_name(column)?
        );
        for (a, b) in removed {
            let _ = write!(
                sql,
                " AND NOT ({} BETWEEN {a} AND {b})",
                column_name(claim)?
            );
        }
        self.ids(&sql, &[&first, &last])
    }

    fn alias_adders(&self, first: i64, last: i64, after: i64, except: i64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT c.op_id FROM speaker_aliases a JOIN op_changes c
                 ON c.tbl = 'speaker_aliases' AND c.row_key = jsonb_build_array(a.alias_key)::TEXT
                AND c.old IS NULL
              WHERE a.speaker_id BETWEEN $1 AND $2 AND c.op_id <> $3 AND c.id > $4",
            &[&first, &last, &except, &after],
        )
    }

    fn last_write(&self, table: &str, id: i64) -> Result<Option<(i64, i64)>> {
        Ok(self
            .query_opt(
                "SELECT op_id, id FROM op_changes
                  WHERE tbl = $1 AND row_key = jsonb_build_array($2::BIGINT)::TEXT
                    AND new IS NOT NULL
                  ORDER BY id DESC LIMIT 1",
                &[&table, &id],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn last_range_holding(&self, table: &str, id: i64) -> Result<Option<(i64, i64, i64)>> {
        Ok(self
            .query_opt(
                "SELECT op_id, after_change, id FROM op_ranges
                  WHERE tbl = $1 AND $2 BETWEEN first AND last ORDER BY id DESC LIMIT 1",
                &[&table, &id],
            )?
            .map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    fn mark_undoing(&self) -> Result<()> {
        self.execute("SELECT set_config('claimtrack.undoing', '1', true)", &[])?;
        Ok(())
    }

    fn claims_updated_by(&self, op: i64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT DISTINCT claim_id FROM op_changes
              WHERE op_id = $1 AND tbl = 'claims' AND old IS NOT NULL AND new IS NOT NULL
              ORDER BY claim_id",
            &[&op],
        )
    }

    fn claim_state(&self, id: i64) -> Result<Option<ClaimState>> {
        Ok(self
            .query_opt(
                "SELECT status, verdict, verdict_label FROM claims WHERE id = $1",
                &[&id],
            )?
            .map(|r| ClaimState {
                status: r.get(0),
                verdict: r.get(1),
                label: r.get(2),
            }))
    }

    fn delete_rows_of_claims(&self, table: &str, first: i64, last: i64) -> Result<()> {
        key_columns(table)?;
        let named: Vec<String> = claim_columns(table)
            .iter()
            .map(|c| format!("{c} BETWEEN $1 AND $2"))
            .collect();
        self.execute(
            &format!("DELETE FROM {table} WHERE {}", named.join(" OR ")),
            &[&first, &last],
        )?;
        Ok(())
    }

    fn delete_ids(&self, table: &str, first: i64, last: i64) -> Result<()> {
        key_columns(table)?;
        self.execute(
            &format!("DELETE FROM {table} WHERE id BETWEEN $1 AND $2"),
            &[&first, &last],
        )?;
        Ok(())
    }

    fn delete_row(&self, change: &RowChange) -> Result<()> {
        let (clause, key) = key_clause(change, 1)?;
        self.execute(
            &format!("DELETE FROM {} WHERE {clause}", change.table),
            &[&key],
        )?;
        Ok(())
    }

    fn insert_row(&self, table: &str, row: &Map<String, Value>) -> Result<()> {
        key_columns(table)?;
        let columns = row
            .keys()
            .map(|c| column_name(c))
            .collect::<Result<Vec<_>>>()?
            .join(", ");
        self.execute(
            &format!(
                "INSERT INTO {table} ({columns})
                 SELECT {columns} FROM jsonb_populate_record(NULL::{table}, $1::TEXT::JSONB)"
            ),
            &[&Value::Object(row.clone()).to_string()],
        )?;
        Ok(())
    }

    fn history_id_taken(&self, id: Option<i64>) -> Result<bool> {
        Ok(self
            .query_opt("SELECT 1 FROM status_history WHERE id = $1", &[&id])?
            .is_some())
    }

    fn bookkeeping_of(&self, change: &RowChange) -> Result<Option<Value>> {
        let (clause, key) = key_clause(change, 1)?;
        Ok(self
            .query_opt(
                &format!("SELECT {BOOKKEEPING} FROM {} WHERE {clause}", change.table),
                &[&key],
            )?
            .map(|r| Value::String(r.get(0))))
    }

    fn set_fields(
        &self,
        change: &RowChange,
        fields: &[&str],
        values: &Map<String, Value>,
    ) -> Result<()> {
        let list = fields
            .iter()
            .map(|f| column_name(f))
            .collect::<Result<Vec<_>>>()?
            .join(", ");
        let (clause, key) = key_clause(change, 2)?;
        let values: Map<String, Value> = fields
            .iter()
            .map(|f| {
                (
                    (*f).to_string(),
                    values.get(*f).cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        self.execute(
            &format!(
                "UPDATE {table} SET ({list}) = (SELECT {list} FROM
                     jsonb_populate_record(NULL::{table}, $1::TEXT::JSONB)) WHERE {clause}",
                table = change.table
            ),
            &[&Value::Object(values).to_string(), &key],
        )?;
        Ok(())
    }

    /// Migration 0001's trigger (`claims_search`) indexes a claim as it is written.
    fn index_restored_claim(&self, _id: i64) -> Result<()> {
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

/// `(k1, k2) = (SELECT k1, k2 FROM jsonb_populate_record(NULL::table, $n))`: the row's key,
/// typed by the table itself, and the JSON object to bind.
fn key_clause(change: &RowChange, param: usize) -> Result<(String, String)> {
    let columns = key_columns(&change.table)?;
    let values = change.key.as_array().cloned().unwrap_or_default();
    if values.len() != columns.len() {
        return Err(StoreError::Restore(format!(
            "a {} row key in the log has the wrong shape",
            change.table
        )));
    }
    let key: Map<String, Value> = columns
        .iter()
        .map(|c| (*c).to_string())
        .zip(values)
        .collect();
    let list = columns.join(", ");
    Ok((
        format!(
            "({list}) = (SELECT {list} FROM jsonb_populate_record(NULL::{}, ${param}::TEXT::JSONB))",
            change.table
        ),
        Value::Object(key).to_string(),
    ))
}
