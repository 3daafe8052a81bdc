//! Undo and redo, written once for both engines: which later operations stand in the way of
//! reverting one ([`conflicts`]), and the revert itself ([`revert`]). Each engine offers the
//! small finds and writes they are made of ([`RevertStore`]), in its own SQL; the rules are
//! here.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::common::{CLAIM_CHILDREN, RANGED, REFERENCES};
use super::{OpRecord, Result, StoreError};
use crate::domain::{
    BOOKKEEPING, Operation, RowChange, RowRange, Status, Verdict, changed_fields, overlaps,
    reverted_ops,
};

/// What reverting an operation needs from an engine. "After change `n`" is by a change's place
/// in the whole log (`RowChange::seq`); "since" is by [`Since`]; `except` leaves out the
/// operation being reverted.
pub(super) trait RevertStore {
    /// Every (reverting op, op it reverted) pair: few, one per undo or redo.
    fn revert_pairs(&self) -> Result<Vec<(i64, i64)>>;
    /// One operation, with the revert in effect that undid it (`OperationNotFound` if none).
    fn operation_row(&self, id: i64) -> Result<Operation>;
    /// Marks this operation as the revert of `target` (its `reverts`).
    fn record_reverts(&self, target: i64) -> Result<()>;
    /// Calls `f` with each change `op` recorded, in the order made or newest first; `f` may use
    /// the store meanwhile (an undone ingest has hundreds of thousands).
    fn each_change(
        &self,
        op: i64,
        newest_first: bool,
        f: &mut dyn FnMut(RowChange) -> Result<()>,
    ) -> Result<()>;
    /// The place of `op`'s first change.
    fn first_change(&self, op: i64) -> Result<Option<i64>>;
    /// `op`'s first range: its row in `op_ranges`, and the change it was recorded after.
    fn first_range(&self, op: i64) -> Result<Option<(i64, i64)>>;

    // What came later: the conflicts.
    /// Changes of the same row as `change` after it, by other operations than `except`.
    fn later_changes_of_row(&self, change: &RowChange, except: i64) -> Result<Vec<RowChange>>;
    /// Operations whose ranges of `table`, recorded since `since`, hold row `id`.
    fn ranges_holding(&self, table: &str, id: i64, since: Since, except: i64) -> Result<Vec<i64>>;
    /// Operations that changed rows of claims `first..=last` (the claims or what hangs off
    /// them) after change `after`.
    fn changes_of_claims(&self, first: i64, last: i64, after: i64, except: i64)
    -> Result<Vec<i64>>;
    /// Every link change after change `after` by other operations than `except`, as (its
    /// operation, the claim the link repeats): a link names that claim in its row only.
    fn link_changes(&self, after: i64, except: i64) -> Result<Vec<(i64, i64)>>;
    /// Operations whose ranges of `table` (a claim's child), recorded since `since`, hold rows
    /// of claims `first..=last`.
    fn ranges_of_claims(
        &self,
        table: &str,
        first: i64,
        last: i64,
        since: Since,
        except: i64,
    ) -> Result<Vec<i64>>;
    /// Operations that changed rows of `table` with ids `first..=last` after change `after`.
    fn changes_in_ids(
        &self,
        table: &str,
        first: i64,
        last: i64,
        after: i64,
        except: i64,
    ) -> Result<Vec<i64>>;
    /// Ids of `child` rows whose `column` is in `first..=last`, but for rows of claims (their
    /// `claim` column) in `removed`.
    fn rows_naming(
        &self,
        child: &str,
        column: &str,
        claim: &str,
        first: i64,
        last: i64,
        removed: &[(i64, i64)],
    ) -> Result<Vec<i64>>;
    /// Operations that added, after change `after`, the aliases speakers `first..=last` have.
    fn alias_adders(&self, first: i64, last: i64, after: i64, except: i64) -> Result<Vec<i64>>;
    /// The last change that wrote row `id` of `table`: its operation and place.
    fn last_write(&self, table: &str, id: i64) -> Result<Option<(i64, i64)>>;
    /// The newest range of `table` holding row `id`: its operation, the change it was recorded
    /// after, and its row in `op_ranges`.
    fn last_range_holding(&self, table: &str, id: i64) -> Result<Option<(i64, i64, i64)>>;

    // Putting rows back: the revert.
    /// Tells the database that what follows is a revert: status history, append-only
    /// otherwise, may then lose the rows of claims it removes.
    fn mark_undoing(&self) -> Result<()>;
    /// Claims whose row `op` changed (not added, not removed), in id order.
    fn claims_updated_by(&self, op: i64) -> Result<Vec<i64>>;
    /// A claim's status, verdict and label; `None` when there is no such claim.
    fn claim_state(&self, id: i64) -> Result<Option<ClaimState>>;
    /// Deletes the rows of `table` (a claim's child) that belong to claims `first..=last`.
    fn delete_rows_of_claims(&self, table: &str, first: i64, last: i64) -> Result<()>;
    /// Deletes the rows of `table` with ids `first..=last`.
    fn delete_ids(&self, table: &str, first: i64, last: i64) -> Result<()>;
    /// Deletes the row `change` names.
    fn delete_row(&self, change: &RowChange) -> Result<()>;
    /// Puts a row back into `table`, its columns as logged.
    fn insert_row(&self, table: &str, row: &Map<String, Value>) -> Result<()>;
    /// Whether a history row has id `id`.
    fn history_id_taken(&self, id: Option<i64>) -> Result<bool>;
    /// The value the bookkeeping timestamp (`BOOKKEEPING`) of the row `change` names has now.
    fn bookkeeping_of(&self, change: &RowChange) -> Result<Option<Value>>;
    /// Sets `fields` of the row `change` names to their values in `values` (null if absent).
    fn set_fields(
        &self,
        change: &RowChange,
        fields: &[&str],
        values: &Map<String, Value>,
    ) -> Result<()>;
    /// Indexes a claim brought back for search, where the engine's triggers do not.
    fn index_restored_claim(&self, id: i64) -> Result<()>;
    /// The summary this operation was given, if any ("undo op 4: dispute 2 claims").
    fn own_summary(&self) -> Option<String>;
    /// Records in its history that claim `id` went from `from` to `now`, and why.
    fn add_history(&self, id: i64, from: Status, now: &ClaimState, reason: &str) -> Result<()>;
    /// Records in the change log (what `show` lists as corrections) that claim `id` was undone.
    fn log_undo(&self, id: i64, detail: &Value) -> Result<()>;
}

/// What a claim's history records of it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ClaimState {
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub label: Option<String>,
}

/// Where an operation began in the order things were done: a change of another operation came
/// later when its place is above `change`; a range, when it was recorded at `range_after` or
/// later and after row `range_row`. "Later" is not by operation id: a short write can land
/// between two batches of a long ingest.
#[derive(Debug, Clone, Copy)]
pub(super) struct Since {
    pub change: i64,
    pub range_after: i64,
    pub range_row: i64,
}

impl Since {
    /// Where operation `op` began.
    fn of(store: &impl RevertStore, op: i64) -> Result<Since> {
        Ok(match (store.first_change(op)?, store.first_range(op)?) {
            // A range recorded before the first change: it is where the operation began.
            (first, Some((row, after))) if first.is_none_or(|c| c > after) => Since {
                change: after,
                range_after: after,
                range_row: row,
            },
            (Some(change), _) => Since {
                change,
                range_after: change,
                range_row: 0,
            },
            (None, _) => Since {
                change: i64::MAX,
                range_after: i64::MAX,
                range_row: i64::MAX,
            },
        })
    }

    fn later_change(self, seq: i64) -> bool {
        seq > self.change
    }

    fn later_range(self, after: i64, row: i64) -> bool {
        after >= self.range_after && row > self.range_row
    }
}

/// Whether other rows name rows of `table` (speakers, sources), so that these go after them.
fn named_by_others(table: &str) -> bool {
    REFERENCES.iter().any(|(parent, ..)| *parent == table)
}

/// Makes this operation the revert of `target`, which must still be in effect: an operation is
/// reverted once, and a redo reverts the undo, not the operation again.
pub(super) fn reverting(store: &impl RevertStore, target: i64) -> Result<()> {
    if let Some(&by) = reverted_ops(&store.revert_pairs()?).get(&target) {
        return Err(StoreError::AlreadyReverted { op: target, by });
    }
    store.record_reverts(target)
}

/// Later operations still in effect that changed what reverting `target` would put back: the
/// same fields of the same rows, rows attached to a claim the revert would remove, rows that
/// name a speaker or source it would remove, or an id it would give back. Empty when the revert
/// is safe.
pub(super) fn conflicts(store: &impl RevertStore, target: &OpRecord) -> Result<Vec<Operation>> {
    let pairs = store.revert_pairs()?;
    let undone = reverted_ops(&pairs);
    let id = target.op.id;
    // An undo in effect and the operation it undid cancel out, when both came after the
    // target; neither then stands in the way.
    let neutral = |op: i64| {
        undone.contains_key(&op)
            || pairs
                .iter()
                .any(|(r, t)| *r == op && *t > id && undone.get(t) == Some(&op))
    };
    let since = Since::of(store, id)?;
    let mut ops: Vec<i64> = Vec::new();
    // Speakers and sources it created, which a revert would remove.
    let mut created: HashMap<&'static str, Vec<(i64, i64)>> = HashMap::new();
    store.each_change(id, false, &mut |c| {
        let row_id = c
            .key
            .as_array()
            .and_then(|k| k.first())
            .and_then(Value::as_i64);
        // The same row, changed after the target changed it. History only grows: no conflict.
        if c.table != "status_history" {
            for later in store.later_changes_of_row(&c, id)? {
                if overlaps(&c, &later) {
                    ops.push(later.op_id);
                }
            }
        }
        // A link the revert would put back needs both its claims: one deleted since stands
        // in the way, named by the operation that deleted it.
        if c.table == "claim_links"
            && let Some(old) = &c.old
        {
            for end in ["claim_id", "repeats_id"] {
                if let Some(claim) = old.get(end).and_then(Value::as_i64)
                    && store.claim_state(claim)?.is_none()
                {
                    ops.extend(store.changes_of_claims(claim, claim, since.change, id)?);
                }
            }
        }
        if let Some(row_id) = row_id {
            // And a row the target deleted whose id a later bulk load gave out again.
            if c.new.is_none() && RANGED.contains(&c.table.as_str()) {
                ops.extend(store.ranges_holding(&c.table, row_id, since, id)?);
            }
            if c.old.is_none()
                && let Some((table, ..)) = REFERENCES.iter().find(|(t, ..)| *t == c.table)
            {
                created.entry(*table).or_default().push((row_id, row_id));
            }
        }
        Ok(())
    })?;
    for r in target.ranges.iter().filter(|r| named_by_others(r.table)) {
        created.entry(r.table).or_default().push((r.first, r.last));
    }
    // Claims the revert would remove: whatever was recorded against them since.
    let removed: Vec<(i64, i64)> = target
        .claims_inserted
        .iter()
        .map(|&c| (c, c))
        .chain(target.claim_ranges().map(|r| (r.first, r.last)))
        .collect();
    // Links to removed claims, read once (a link's own row names only the claim repeating).
    let links = if removed.is_empty() {
        Vec::new()
    } else {
        store.link_changes(since.change, id)?
    };
    ops.extend(links.iter().filter_map(|&(op, repeats)| {
        removed
            .iter()
            .any(|&(first, last)| (first..=last).contains(&repeats))
            .then_some(op)
    }));
    for &(first, last) in &removed {
        ops.extend(store.changes_of_claims(first, last, since.change, id)?);
        // And rows later bulk loads attached to them, recorded as ranges.
        for table in RANGED.iter().filter(|t| CLAIM_CHILDREN.contains(*t)) {
            ops.extend(store.ranges_of_claims(table, first, last, since, id)?);
        }
    }
    ops.extend(dependents(store, id, since, &created, &removed)?);
    // Rows of the target's other ranges that others changed since.
    for r in target.ranges.iter().filter(|r| r.table != "claims") {
        ops.extend(store.changes_in_ids(r.table, r.first, r.last, since.change, id)?);
    }
    ops.sort_unstable();
    ops.dedup();
    ops.retain(|&op| op != id && !neutral(op));
    ops.into_iter().map(|op| store.operation_row(op)).collect()
}

/// Operations that made rows which name a speaker or source the target created (and a revert
/// would remove): claims by its speakers, aliases of them, appearances in its sources, other
/// than the target's own.
fn dependents(
    store: &impl RevertStore,
    target: i64,
    since: Since,
    created: &HashMap<&'static str, Vec<(i64, i64)>>,
    removed: &[(i64, i64)],
) -> Result<Vec<i64>> {
    let created = |table: &str| created.get(table).map(Vec::as_slice).unwrap_or_default();
    // (table they are in, rows that depend) for each kind of reference.
    let mut rows: Vec<(&str, i64)> = Vec::new();
    for (parent, child, column, claim) in REFERENCES {
        for &(first, last) in created(parent) {
            for row in store.rows_naming(child, column, claim, first, last, removed)? {
                rows.push((child, row));
            }
        }
    }
    let mut ops = Vec::new();
    for &(first, last) in created("speakers") {
        ops.extend(store.alias_adders(first, last, since.change, target)?);
    }
    // Who made each row, if it was made after the target began: the last operation that
    // recorded it, or the bulk load whose range holds it. (A row from before depended on the
    // speaker before the target took it away: a redo brings both back.)
    for (table, row) in rows {
        let by_change = store
            .last_write(table, row)?
            .filter(|&(_, seq)| since.later_change(seq))
            .map(|(op, _)| op);
        let by_range = store
            .last_range_holding(table, row)?
            .filter(|&(_, after, range_row)| since.later_range(after, range_row))
            .map(|(op, _, _)| op);
        ops.extend(
            by_change
                .into_iter()
                .chain(by_range)
                .filter(|&op| op != target),
        );
    }
    Ok(ops)
}

/// Puts back what `target` changed, newest change first. The caller has checked `conflicts`.
/// History rows stay (append-only) unless their claim goes; a claim whose status or verdict
/// comes back gets a history row saying so.
pub(super) fn revert(store: &impl RevertStore, target: &OpRecord) -> Result<()> {
    revert_rows(store, target).map_err(|e| match e {
        // What `conflicts` could not see (rows from before the log, an id given out again
        // without a record): the transaction rolls back, and the user hears why.
        StoreError::Engine {
            message,
            constraint: true,
        } => StoreError::Blocked {
            verb: if target.op.reverts.is_some() {
                "redo"
            } else {
                "undo"
            }
            .into(),
            op: target.op.id,
            later: vec![format!(
                "rows made since depend on it, outside what the log can name ({message})"
            )],
        },
        other => other,
    })
}

fn revert_rows(store: &impl RevertStore, target: &OpRecord) -> Result<()> {
    store.mark_undoing()?;
    let in_ranges =
        |claim: Option<i64>| claim.is_some_and(|c| target.claim_ranges().any(|r| r.holds(c)));
    let removed: HashSet<i64> = target.claims_inserted.iter().copied().collect();
    let touched: Vec<i64> = store
        .claims_updated_by(target.op.id)?
        .into_iter()
        .filter(|&c| !in_ranges(Some(c)))
        .collect();
    let before: HashMap<i64, ClaimState> = touched
        .iter()
        .map(|&id| {
            let state = store.claim_state(id)?;
            Ok((id, state.ok_or(StoreError::ClaimNotFound(id))?))
        })
        .collect::<Result<_>>()?;
    // Claims a bulk load created, with everything attached, go first: the speakers and sources
    // it created can only go after them.
    for r in target.claim_ranges() {
        for table in CLAIM_CHILDREN {
            store.delete_rows_of_claims(table, r.first, r.last)?;
        }
        store.delete_ids("claims", r.first, r.last)?;
    }
    // What it attached to claims that were there before; its speakers and sources go last.
    let (people, attached): (Vec<&RowRange>, Vec<&RowRange>) = target
        .ranges
        .iter()
        .filter(|r| r.table != "claims")
        .partition(|r| named_by_others(r.table));
    for r in attached {
        store.delete_ids(r.table, r.first, r.last)?;
    }
    let mut restored_claims: Vec<i64> = Vec::new();
    store.each_change(target.op.id, true, &mut |change| {
        if in_ranges(change.claim_id) {
            return Ok(());
        }
        match (&change.old, &change.new) {
            (None, Some(_)) => {
                let keeps_history = change.table == "status_history"
                    && !change.claim_id.is_some_and(|c| removed.contains(&c));
                if change.table == "claims"
                    && let Some(claim) = change.claim_id
                {
                    // History written since by operations now undone stays until its claim
                    // goes; the log keeps it for a redo.
                    store.delete_rows_of_claims("status_history", claim, claim)?;
                }
                if !keeps_history {
                    store.delete_row(&change)?;
                }
            }
            (Some(old), None) => {
                if change.table == "status_history" {
                    // A history row's id names nothing else: if a later row took it, the
                    // restored one takes a new one.
                    let mut row = old.clone();
                    if store.history_id_taken(row.get("id").and_then(Value::as_i64))? {
                        row.remove("id");
                    }
                    store.insert_row(&change.table, &row)?;
                } else {
                    store.insert_row(&change.table, old)?;
                }
                if change.table == "claims" {
                    restored_claims.extend(change.claim_id);
                }
            }
            (Some(old), Some(new)) => restore_fields(store, &change, old, new)?,
            (None, None) => {}
        }
        Ok(())
    })?;
    for r in people {
        store.delete_ids(r.table, r.first, r.last)?;
    }
    for &id in &restored_claims {
        store.index_restored_claim(id)?;
    }
    // "undo op 4: dispute 2 claims" or "redo op 4: ...", as the log names this operation.
    let reason = store
        .own_summary()
        .unwrap_or_else(|| format!("undo of op {} ({})", target.op.id, target.op.summary));
    for id in touched.into_iter().chain(restored_claims) {
        let Some(now) = store.claim_state(id)? else {
            continue;
        };
        if let Some(was) = before.get(&id)
            && *was != now
        {
            store.add_history(id, was.status, &now, &reason)?;
        }
        store.log_undo(
            id,
            &serde_json::json!({ "op": target.op.id, "summary": target.op.summary, "as": reason }),
        )?;
    }
    Ok(())
}

/// Sets the fields `change` changed back to their old values; the bookkeeping timestamp only if
/// nothing moved it since.
fn restore_fields(
    store: &impl RevertStore,
    change: &RowChange,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Result<()> {
    let mut fields: Vec<&str> = changed_fields(old, new)
        .into_iter()
        .filter(|f| *f != BOOKKEEPING)
        .collect();
    if old.contains_key(BOOKKEEPING)
        && old.get(BOOKKEEPING) != new.get(BOOKKEEPING)
        && store.bookkeeping_of(change)?.as_ref() == new.get(BOOKKEEPING)
    {
        fields.push(BOOKKEEPING);
    }
    if fields.is_empty() {
        return Ok(());
    }
    store.set_fields(change, &fields, old)
}
