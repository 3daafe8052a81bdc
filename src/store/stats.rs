//! Counting: speaker and source scorecards, and statistics by status, verdict, speaker, source,
//! tag or month.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::list::from_clause;
use super::{Result, Store};
use crate::domain::{ClaimFilter, Scorecard, StatsBy, Status, Verdict, name_key};

/// Per-status and per-verdict counts as SQL columns, in `Status::ALL` then `Verdict::ALL` order.
fn count_columns() -> String {
    let statuses = Status::ALL.iter().map(|s| format!("sum(c.status = '{s}')"));
    let verdicts = Verdict::ALL
        .iter()
        .map(|v| format!("sum(c.verdict = '{v}')"));
    statuses.chain(verdicts).collect::<Vec<_>>().join(", ")
}

fn scorecard(row: &rusqlite::Row<'_>) -> rusqlite::Result<Scorecard> {
    let mut statuses = BTreeMap::new();
    let mut verdicts = BTreeMap::new();
    let first = 4;
    for (i, s) in Status::ALL.iter().enumerate() {
        statuses.insert(
            s.as_str(),
            row.get::<_, Option<i64>>(first + i)?.unwrap_or(0),
        );
    }
    for (i, v) in Verdict::ALL.iter().enumerate() {
        verdicts.insert(
            v.as_str(),
            row.get::<_, Option<i64>>(first + Status::ALL.len() + i)?
                .unwrap_or(0),
        );
    }
    Ok(Scorecard::new(
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        statuses,
        verdicts,
    ))
}

impl Store {
    /// Every speaker with their counts (one grouped pass over the speaker/status/verdict index).
    pub fn speaker_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        let mut sql = format!(
            "SELECT s.id, s.name, s.role, count(c.id), {}
               FROM speakers s LEFT JOIN claims c ON c.speaker_id = s.id",
            count_columns()
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(name) = name {
            sql.push_str(" WHERE s.name_key = ?");
            args.push(name_key(name).into());
        }
        sql.push_str(" GROUP BY s.id ORDER BY count(c.id) DESC, s.name_key");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), scorecard)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every source with the counts of the claims that appeared in it; `name` narrows to sources
    /// with that name (or URL).
    pub fn source_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        let mut sql = format!(
            "SELECT so.id, so.name, so.kind, count(c.id), {}
               FROM sources so
               LEFT JOIN appearances a ON a.source_id = so.id
               LEFT JOIN claims c ON c.id = a.claim_id",
            count_columns()
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(name) = name {
            sql.push_str(" WHERE so.name_key = ? OR so.url = ?");
            args.push(name_key(name).into());
            args.push(name.trim().to_string().into());
        }
        sql.push_str(" GROUP BY so.id ORDER BY count(c.id) DESC, so.name_key");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), scorecard)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claim counts grouped `by`, for the claims `filter` selects; largest first (months in order).
    pub fn stats(&self, by: StatsBy, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        let search = match &filter.search {
            Some(q) => Some(self.fts_query(q)?),
            None => None,
        };
        let (group, join, order) = match by {
            StatsBy::Status => ("c.status", "", "2 DESC, 1"),
            StatsBy::Verdict => ("coalesce(c.verdict, '(none)')", "", "2 DESC, 1"),
            StatsBy::Speaker => ("s.name", "", "2 DESC, 1"),
            StatsBy::Source => (
                "so.name",
                "JOIN appearances a ON a.claim_id = c.id JOIN sources so ON so.id = a.source_id",
                "2 DESC, 1",
            ),
            StatsBy::Tag => (
                "t.tag",
                "JOIN claim_tags t ON t.claim_id = c.id",
                "2 DESC, 1",
            ),
            StatsBy::Month => (
                "coalesce(substr(c.said_on, 1, 7), '(undated)')",
                "",
                "1 = '(undated)', 1",
            ),
        };
        let searching = search.is_some();
        let mut args: Vec<Value> = search.into_iter().map(Into::into).collect();
        let mut clauses = String::new();
        self.filters(filter, &mut clauses, &mut args)?;
        // The join goes before WHERE: splice it into the FROM clause.
        let from = from_clause(searching).replacen(" WHERE", &format!(" {join} WHERE"), 1);
        let sql = format!("SELECT {group}, count(*) {from} {clauses} GROUP BY 1 ORDER BY {order}");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
