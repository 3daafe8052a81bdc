//! The operation log's plain types, and which operations are in effect.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

/// One command that wrote to the database.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub command: String,
    pub summary: String,
    /// Set on an undo or redo: the operation it reverted.
    pub reverts: Option<i64>,
    /// The undo (or redo) in effect that reverted this operation, if any.
    pub reverted_by: Option<i64>,
}

/// One row an operation changed: `old` is `None` for a row it added, `new` for one it removed.
#[derive(Debug, Clone, Serialize)]
pub struct RowChange {
    /// The change's place in the whole log (every operation's changes in the order made).
    #[serde(skip)]
    pub seq: i64,
    #[serde(skip)]
    pub op_id: i64,
    pub table: String,
    /// The row's primary key, as a JSON array.
    pub key: Value,
    pub claim_id: Option<i64>,
    pub old: Option<Map<String, Value>>,
    pub new: Option<Map<String, Value>>,
}

/// Rows a bulk load added to one table, first to last id inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowRange {
    pub table: &'static str,
    pub first: i64,
    pub last: i64,
}

impl RowRange {
    #[must_use]
    pub fn holds(&self, id: i64) -> bool {
        (self.first..=self.last).contains(&id)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        (self.last - self.first + 1).max(0) as usize
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.last < self.first
    }
}

/// Which operations are reverted, and by which operation, given every (reverting op, reverted
/// op) pair. A revert counts only while it is itself in effect: a redo reverts an undo, which
/// puts the original back in effect.
#[must_use]
pub fn reverted_ops(pairs: &[(i64, i64)]) -> HashMap<i64, i64> {
    let mut sorted = pairs.to_vec();
    // A revert always comes after what it reverts: settle the newest first.
    sorted.sort_unstable_by_key(|pair| std::cmp::Reverse(pair.0));
    let mut reverted: HashMap<i64, i64> = HashMap::new();
    for (by, target) in sorted {
        if !reverted.contains_key(&by) {
            reverted.entry(target).or_insert(by);
        }
    }
    reverted
}

/// What `log` says an operation did when the command gave no words of its own: its command
/// words and the claims it touched ("dispute 2 claims", "note claim 3"), else the command line.
#[must_use]
pub fn op_summary(command: &str, claims: &[i64], count: usize) -> String {
    // The command's own words, after the global options (`--db PATH`, `--color WHEN`).
    let tokens: Vec<&str> = command.split(' ').collect();
    let mut start = 0;
    while let Some(token) = tokens.get(start) {
        match *token {
            "--db" | "--color" => start += 2,
            t if t.starts_with("--db=") || t.starts_with("--color=") => start += 1,
            _ => break,
        }
    }
    let command = tokens.get(start..).unwrap_or_default().join(" ");
    // A speaker's alias or merge is about names, not claims: its own words say it best.
    if command.starts_with("speaker ") {
        return command;
    }
    let word = command.split(' ').next().unwrap_or_default();
    match (count, claims.first()) {
        (0, _) | (_, None) => command.clone(),
        (1, Some(id)) => format!("{word} claim {id}"),
        (n, _) => format!("{word} {n} claims"),
    }
}

/// A timestamp every write refreshes: not a conflict, and put back only if nothing moved it since.
pub const BOOKKEEPING: &str = "updated_at";

/// The fields whose values differ between two versions of a row, shortest name first (then
/// alphabetically): PostgreSQL's jsonb keeps a row's keys in that order and SQLite's in column
/// order, and both engines must list a change alike.
#[must_use]
pub fn changed_fields<'a>(
    old: &'a Map<String, Value>,
    new: &'a Map<String, Value>,
) -> Vec<&'a str> {
    let mut fields: Vec<&str> = old
        .keys()
        .chain(new.keys().filter(|k| !old.contains_key(*k)))
        .filter(|k| old.get(*k) != new.get(*k))
        .map(String::as_str)
        .collect();
    fields.sort_by_key(|f| (f.len(), *f));
    fields
}

/// Fields that change as one: a claim's finding and its sign-off. Undoing a verdict that was
/// approved or published since would leave a signed-off check with no finding, so a later
/// change to any of them stands in the way of undoing an earlier change to another.
pub const TOGETHER: &[(&str, &[&str])] = &[(
    "finding",
    &[
        "status",
        "verdict",
        "verdict_label",
        "explanation",
        "stage",
        "approved_by",
        "published_on",
    ],
)];

/// Whether a later change to the same row touched what `earlier` changed: any insert or delete
/// does; an update only through the same fields (the bookkeeping timestamp aside), or fields
/// that change together (`TOGETHER`).
#[must_use]
pub fn overlaps(earlier: &RowChange, later: &RowChange) -> bool {
    let fields = |c: &RowChange| -> Option<HashSet<String>> {
        match (&c.old, &c.new) {
            (Some(o), Some(n)) => Some(
                changed_fields(o, n)
                    .into_iter()
                    .filter(|f| *f != BOOKKEEPING)
                    .map(|f| {
                        TOGETHER
                            .iter()
                            .find(|(_, group)| group.contains(&f))
                            .map_or(f, |(name, _)| *name)
                            .to_string()
                    })
                    .collect(),
            ),
            _ => None,
        }
    };
    match (fields(earlier), fields(later)) {
        (Some(a), Some(b)) => !a.is_disjoint(&b),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_name_the_command_and_its_claims() {
        assert_eq!(
            op_summary("dispute 1 2 --verdict false", &[1, 2], 2),
            "dispute 2 claims"
        );
        assert_eq!(op_summary("note 3 'call them'", &[3], 1), "note claim 3");
        assert_eq!(
            op_summary("speaker merge 'D. Trump' Trump", &[4, 5], 9),
            "speaker merge 'D. Trump' Trump"
        );
        assert_eq!(
            op_summary("speaker alias Trump T", &[], 0),
            "speaker alias Trump T"
        );
    }

    #[test]
    fn an_undo_reverts_and_a_redo_puts_back() {
        // op 1; 2 undoes 1; 3 redoes (undoes 2); 4 undoes 1 again.
        assert_eq!(reverted_ops(&[(2, 1)]).get(&1), Some(&2));
        let after_redo = reverted_ops(&[(2, 1), (3, 2)]);
        assert_eq!(after_redo.get(&2), Some(&3));
        assert_eq!(after_redo.get(&1), None);
        let again = reverted_ops(&[(2, 1), (3, 2), (4, 1)]);
        assert_eq!(again.get(&1), Some(&4));
        assert_eq!(again.get(&2), Some(&3));
    }
}
