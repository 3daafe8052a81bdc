//! The operation log for people: what each operation changed, one line a row.

use std::io::Write;

use serde_json::{Map, Value};

use super::{Fit, clean, fit_columns, one_line, shorten, table};
use crate::domain::{Operation, RowChange, RowRange};
use crate::store::Digest;

/// Fields a person does not need to read: keys derived from other fields, and the timestamp
/// every write refreshes.
const UNSHOWN: &[&str] = &["text_key", "name_key", "alias_key", "updated_at"];

fn value_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(empty)".into(),
        Some(Value::String(s)) => shorten(&one_line(s), 60),
        Some(other) => other.to_string(),
    }
}

fn field<'a>(c: &'a RowChange, name: &str) -> Option<&'a Value> {
    c.new
        .as_ref()
        .and_then(|m| m.get(name))
        .or_else(|| c.old.as_ref().and_then(|m| m.get(name)))
}

fn key_text(c: &RowChange) -> String {
    c.key
        .as_array()
        .and_then(|k| k.first())
        .map_or_else(|| c.key.to_string(), |v| value_text(Some(v)))
}

/// "claim 3", "note 5 on claim 3", "tag 'ukraine' on claim 3".
fn row_title(c: &RowChange) -> String {
    let claim = c.claim_id.unwrap_or_default();
    let id = key_text(c);
    match c.table.as_str() {
        "claims" => format!("claim {id}"),
        "notes" => format!("note {id} on claim {claim}"),
        "evidence" => format!("evidence {id} on claim {claim}"),
        "appearances" => format!(
            "appearance of claim {claim} in source {}",
            value_text(field(c, "source_id"))
        ),
        "status_history" => format!("history of claim {claim}"),
        "claim_tags" => format!("tag '{}' on claim {claim}", value_text(field(c, "tag"))),
        "claim_links" => format!(
            "link: claim {claim} repeats {}",
            value_text(field(c, "repeats_id"))
        ),
        "speakers" => format!("speaker {id} ({})", value_text(field(c, "name"))),
        "speaker_aliases" => format!("alias '{}'", value_text(field(c, "alias"))),
        "sources" => format!("source {id} ({})", value_text(field(c, "name"))),
        other => format!("{other} {id}"),
    }
}

/// What a row added or removed was, in a few words.
fn row_gist(c: &RowChange) -> Option<String> {
    let text = |f: &str| field(c, f).map(|v| value_text(Some(v)));
    match c.table.as_str() {
        "claims" | "notes" => text("text").map(|t| format!("“{t}”")),
        "status_history" => Some(format!(
            "{} → {}{}",
            value_text(field(c, "from_status")),
            value_text(field(c, "to_status")),
            field(c, "verdict")
                .filter(|v| !v.is_null())
                .map(|v| format!(" · {}", value_text(Some(v))))
                .unwrap_or_default()
        )),
        "evidence" => text("url"),
        _ => None,
    }
}

fn fields_text(old: &Map<String, Value>, new: &Map<String, Value>) -> String {
    crate::domain::changed_fields(old, new)
        .into_iter()
        .filter(|f| !UNSHOWN.contains(f))
        .map(|f| {
            format!(
                "{f} {} → {}",
                value_text(old.get(f)),
                value_text(new.get(f))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How an operation's rows read: a forward operation adds rows, an undo or redo brings back
/// the rows it puts in again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Telling {
    Forward,
    Revert,
}

/// One line for one changed row: "claim 1: said_on 2025-08-15 → (empty)".
#[must_use]
pub fn change_line(c: &RowChange, telling: Telling) -> Option<String> {
    let what = match (&c.old, &c.new) {
        (None, Some(_)) => {
            let gist = row_gist(c).map(|g| format!(" {g}")).unwrap_or_default();
            let verb = match telling {
                // History rows an undo writes are new; other rows it inserts were there before.
                Telling::Revert if c.table != "status_history" => "restored",
                _ => "added",
            };
            format!("{verb}{gist}")
        }
        (Some(_), None) => {
            let gist = row_gist(c).map(|g| format!(" {g}")).unwrap_or_default();
            format!("removed{gist}")
        }
        (Some(old), Some(new)) => {
            let text = fields_text(old, new);
            if text.is_empty() {
                return None;
            }
            text
        }
        (None, None) => return None,
    };
    Some(clean(&format!("{}: {what}", row_title(c))))
}

/// Every change as a line, or, for a large operation, counts by table and kind.
#[must_use]
pub fn change_lines(digest: &Digest, ranges: &[RowRange], telling: Telling) -> Vec<String> {
    let mut lines: Vec<String> = ranges
        .iter()
        .map(|r| {
            let attached = if r.table == "claims" {
                ", with their appearances, tags and history"
            } else {
                ""
            };
            format!(
                "{} {}–{} added ({} rows{attached})",
                r.table,
                r.first,
                r.last,
                thousands(r.len())
            )
        })
        .collect();
    match digest {
        Digest::Rows(changes) => {
            lines.extend(changes.iter().filter_map(|c| change_line(c, telling)));
        }
        Digest::Counts(counts) => lines.extend(counts.iter().map(|(table, kind, n)| {
            let kind = match (*kind, telling) {
                ("added", Telling::Revert) if table != "status_history" => "restored",
                (kind, _) => kind,
            };
            format!("{} {table} rows {kind}", thousands(*n))
        })),
    }
    lines
}

/// 17636 → "17,636".
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `log` as a table: id, when, who, what.
pub fn operations_table(out: &mut dyn Write, ops: &[Operation]) -> anyhow::Result<()> {
    let mut t = table(&["op", "at", "by", "what"]);
    for op in ops {
        // An undo or redo's summary names the operation it reverted.
        let mut what = clean(&one_line(&op.summary));
        if let Some(by) = op.reverted_by {
            what = format!("{what} [undone by op {by}]");
        }
        t.add_row(vec![
            op.id.to_string(),
            // To the minute: the JSON has the second.
            op.at
                .replace('T', " ")
                .get(..16)
                .unwrap_or(&op.at)
                .to_string(),
            clean(&op.actor),
            what,
        ]);
    }
    fit_columns(
        &mut t,
        &[
            Fit::Content,
            Fit::Optional { max: 16, min: 10 },
            Fit::Upto { max: 16, min: 6 },
            Fit::Rest,
        ],
    );
    writeln!(out, "{t}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(17_636), "17,636");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
