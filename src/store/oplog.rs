//! The operation log's records as the store hands them out, whatever the engine.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use crate::domain::{Operation, RowChange, RowRange};

/// Which operations to list.
#[derive(Debug, Default, Clone)]
pub struct OpFilter {
    pub actor: Option<String>,
    pub claim: Option<i64>,
    pub limit: Option<usize>,
}

/// An operation and what it recorded, without its changed rows themselves: those can be
/// millions (an undone ingest), so they are read one at a time (`each_change`).
#[derive(Debug, Clone)]
pub struct OpRecord {
    pub op: Operation,
    pub ranges: Vec<RowRange>,
    /// Claims it inserted one by one (not in ranges).
    pub claims_inserted: Vec<i64>,
}

/// What an operation changed, for people: every row when there are few, else counts by table
/// and kind ("200,000 appearances rows removed").
#[derive(Debug, Clone)]
pub enum Digest {
    Rows(Vec<RowChange>),
    Counts(Vec<(String, &'static str, usize)>),
}

impl OpRecord {
    /// How many claims the operation created, by rows and by ranges.
    #[must_use]
    pub fn claims_created(&self) -> usize {
        self.claims_inserted.len() + self.claim_ranges().map(RowRange::len).sum::<usize>()
    }

    /// The ranges of claims the operation created in bulk.
    pub fn claim_ranges(&self) -> impl Iterator<Item = &RowRange> {
        self.ranges.iter().filter(|r| r.table == "claims")
    }
}

/// An `operations` row's columns, as both engines read them.
pub(super) const OPERATION_COLUMNS: &str = "id, at, actor, command, summary, reverts";
/// An `op_changes` row's columns, as both engines read them into a `RowChange`.
pub(super) const CHANGE_COLUMNS: &str = "op_id, tbl, row_key, claim_id, old, new, id";

/// Past this many rows, a digest counts instead of listing.
pub(super) const LISTED_ROWS: i64 = 30;

/// How many rows operation `$1` changed, each row once (the test against `LISTED_ROWS`).
pub(super) const ROWS_CHANGED: &str =
    "SELECT count(*) FROM (SELECT DISTINCT tbl, row_key FROM op_changes WHERE op_id = $1) AS rows";

/// An operation's changes counted by table and kind (0 added, 1 removed, 2 changed), each row
/// once, as it was before the operation and after it (see `Digest::net`).
pub(super) const NET_COUNTS: &str = "
    SELECT r.tbl, CASE WHEN f.old IS NULL THEN 0 WHEN l.new IS NULL THEN 1 ELSE 2 END, count(*)
      FROM (SELECT tbl, row_key, min(id) AS first, max(id) AS last
              FROM op_changes WHERE op_id = $1 GROUP BY tbl, row_key) AS r
      JOIN op_changes f ON f.id = r.first
      JOIN op_changes l ON l.id = r.last
     WHERE f.old IS NOT NULL OR l.new IS NOT NULL
     GROUP BY 1, 2";

/// `NET_COUNTS`' kinds, by number.
pub(super) const KINDS: [&str; 3] = ["added", "removed", "changed"];

impl Digest {
    /// Counts by table and kind, in that order (by code point, whatever the server's locale).
    #[must_use]
    pub fn counted(mut counts: Vec<(String, &'static str, usize)>) -> Digest {
        let kind = |k: &str| KINDS.iter().position(|n| *n == k);
        counts.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| kind(a.1).cmp(&kind(b.1))));
        Digest::Counts(counts)
    }

    /// Each row once, as it was before the operation and after it (a row added then changed is
    /// one row added; one added then removed is none): what an operation did, whatever order its
    /// engine made the changes in. Rows of no claim (speakers, sources) come first, then each
    /// claim's, in table order (`common::TABLES`), then key order.
    #[must_use]
    pub fn net(changes: Vec<RowChange>) -> Digest {
        let mut rows: Vec<RowChange> = Vec::new();
        let mut at: HashMap<(String, String), usize> = HashMap::new();
        for change in changes {
            let row = (change.table.clone(), change.key.to_string());
            if let Some(&i) = at.get(&row) {
                let row = &mut rows[i];
                row.new = change.new;
                row.claim_id = row.claim_id.or(change.claim_id);
            } else {
                at.insert(row, rows.len());
                rows.push(change);
            }
        }
        rows.retain(|r| r.old != r.new);
        let place = |table: &str| super::common::TABLES.iter().position(|(t, _)| *t == table);
        rows.sort_by(|a, b| {
            (a.claim_id.is_some(), a.claim_id, place(&a.table))
                .cmp(&(b.claim_id.is_some(), b.claim_id, place(&b.table)))
                .then_with(|| key_order(&a.key, &b.key))
        });
        Digest::Rows(rows)
    }
}

/// Keys in their natural order: numbers as numbers, texts as texts.
fn key_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => a
            .iter()
            .zip(b)
            .map(|(a, b)| key_order(a, b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.len().cmp(&b.len())),
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (a, b) => a.to_string().cmp(&b.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn change(table: &str, id: i64, old: Option<Value>, new: Option<Value>) -> RowChange {
        let map = |v: Option<Value>| v.and_then(|v| v.as_object().cloned());
        RowChange {
            seq: 0,
            op_id: 1,
            table: table.to_string(),
            key: json!([id]),
            claim_id: None,
            old: map(old),
            new: map(new),
        }
    }

    #[test]
    fn a_digest_shows_each_row_once_as_before_and_after() {
        let a = json!({"id": 1, "title": null});
        let b = json!({"id": 1, "title": "Wire"});
        let Digest::Rows(rows) = Digest::net(vec![
            RowChange {
                claim_id: Some(10),
                ..change("claims", 10, None, Some(json!({"id": 10})))
            },
            change("sources", 1, None, Some(a.clone())),
            change("sources", 1, Some(a.clone()), Some(b.clone())),
            RowChange {
                claim_id: Some(9),
                ..change("claims", 9, Some(json!({"id": 9})), None)
            },
            change("sources", 2, None, Some(json!({"id": 2}))),
            change("sources", 2, Some(json!({"id": 2})), None),
            change("sources", 3, Some(a.clone()), Some(b.clone())),
            change("sources", 3, Some(b), Some(a)),
        ]) else {
            panic!("rows expected");
        };
        let seen: Vec<(&str, String, bool, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.table.as_str(),
                    r.key.to_string(),
                    r.old.is_some(),
                    r.new.is_some(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("sources", "[1]".to_string(), false, true),
                ("claims", "[9]".to_string(), true, false),
                ("claims", "[10]".to_string(), false, true),
            ]
        );
        let Some(new) = &rows[0].new else { panic!() };
        assert_eq!(new["title"], "Wire");
    }
}
