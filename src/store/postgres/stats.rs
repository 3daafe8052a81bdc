//! Counting on PostgreSQL: scorecards, and statistics by status, verdict, speaker, source, tag or
//! month, with the same orders as SQLite (names compare by code point).

use std::collections::BTreeMap;

use postgres::Row;

use super::Store;
use super::list::Args;
use crate::domain::{ClaimFilter, Period, Scorecard, StatsBy, Status, Verdict, name_key};
use crate::store::Result;

/// Per-status and per-verdict counts as SQL columns, in `Status::ALL` then `Verdict::ALL` order.
fn count_columns() -> String {
    let statuses = Status::ALL
        .iter()
        .map(|s| format!("count(c.id) FILTER (WHERE c.status = '{s}')"));
    let verdicts = Verdict::ALL
        .iter()
        .map(|v| format!("count(c.id) FILTER (WHERE c.verdict = '{v}')"));
    statuses.chain(verdicts).collect::<Vec<_>>().join(", ")
}

fn scorecard(row: &Row) -> Scorecard {
    let first = 4;
    let statuses: BTreeMap<&str, i64> = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), row.get(first + i)))
        .collect();
    let verdicts: BTreeMap<&str, i64> = Verdict::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), row.get(first + Status::ALL.len() + i)))
        .collect();
    Scorecard::new(
        row.get(0),
        row.get(1),
        row.get(2),
        row.get(3),
        statuses,
        verdicts,
    )
}

/// The first day of the week (Monday) or month a timestamp falls in, as SQL.
fn period_start(period: Period, column: &str) -> String {
    match period {
        Period::Week => {
            format!("to_char(date_trunc('week', substr({column}, 1, 10)::DATE), 'YYYY-MM-DD')")
        }
        Period::Month => format!("substr({column}, 1, 7) || '-01'"),
    }
}

impl Store {
    pub fn speaker_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        let mut args = Args::default();
        let filter = match name {
            Some(name) => format!("WHERE s.name_key = {}", args.bind(name_key(name))),
            None => String::new(),
        };
        let sql = format!(
            "SELECT s.id, s.name, s.role, count(c.id), {}
               FROM speakers s LEFT JOIN claims c ON c.speaker_id = s.id {filter}
              GROUP BY s.id ORDER BY count(c.id) DESC, s.name_key COLLATE \"C\"",
            count_columns()
        );
        Ok(self
            .query(&sql, &args.refs())?
            .iter()
            .map(scorecard)
            .collect())
    }

    pub fn source_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        let mut args = Args::default();
        let filter = match name {
            Some(name) => format!(
                "WHERE so.name_key = {} OR so.url = {}",
                args.bind(name_key(name)),
                args.bind(name.trim().to_string())
            ),
            None => String::new(),
        };
        let sql = format!(
            "SELECT so.id, so.name, so.kind, count(c.id), {}
               FROM sources so
               LEFT JOIN appearances a ON a.source_id = so.id
               LEFT JOIN claims c ON c.id = a.claim_id {filter}
              GROUP BY so.id ORDER BY count(c.id) DESC, so.name_key COLLATE \"C\"",
            count_columns()
        );
        Ok(self
            .query(&sql, &args.refs())?
            .iter()
            .map(scorecard)
            .collect())
    }

    pub fn stats(&self, by: StatsBy, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
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
            StatsBy::Assignee => ("coalesce(c.assignee, '(nobody)')", "", "2 DESC, 1"),
            StatsBy::Month => (
                "coalesce(substr(c.said_on, 1, 7), '(undated)')",
                "",
                // Undated last.
                "min(c.said_on) IS NULL, 1",
            ),
        };
        let rows = self.grouped(
            &format!("{group} COLLATE \"C\", count(*)"),
            join,
            filter,
            &format!("GROUP BY 1 ORDER BY {order}"),
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// `SELECT {columns}` over the claims `filter` selects (as `c`, with their speaker `s`), with
    /// `join` in the FROM clause and `tail` (grouping, order) after the filters.
    fn grouped(
        &self,
        columns: &str,
        join: &str,
        filter: &ClaimFilter,
        tail: &str,
    ) -> Result<Vec<Row>> {
        let mut args = Args::default();
        let (from, clauses) = self.selection(filter, join, &mut args)?;
        self.query(
            &format!("SELECT {columns} {from} {clauses} {tail}"),
            &args.refs(),
        )
    }

    pub fn speaker_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        let rows = self.grouped(
            &format!("s.id, s.name, s.role, count(c.id), {}", count_columns()),
            "",
            filter,
            "GROUP BY s.id ORDER BY count(c.id) DESC, s.name_key COLLATE \"C\"",
        )?;
        Ok(rows.iter().map(scorecard).collect())
    }

    /// Outlets (every source with one name) with the claims `filter` selects; see SQLite's.
    pub fn outlet_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        let rows = self.grouped(
            &format!(
                "min(o.first), min(o.name COLLATE \"C\"),
                 CASE WHEN min(o.kind_lo COLLATE \"C\") = max(o.kind_hi COLLATE \"C\")
                      THEN min(o.kind_lo COLLATE \"C\") END, count(c.id), {}",
                count_columns()
            ),
            "JOIN (SELECT a.claim_id, so.name_key AS outlet, min(so.id) AS first,
                          min(so.name COLLATE \"C\") AS name, min(so.kind COLLATE \"C\") AS kind_lo,
                          max(so.kind COLLATE \"C\") AS kind_hi
                     FROM appearances a JOIN sources so ON so.id = a.source_id
                    GROUP BY a.claim_id, so.name_key) o ON o.claim_id = c.id",
            filter,
            "GROUP BY o.outlet ORDER BY count(c.id) DESC, o.outlet COLLATE \"C\"",
        )?;
        Ok(rows.iter().map(scorecard).collect())
    }

    pub fn added_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        let rows = self.grouped(
            &format!("{}, count(*)", period_start(period, "c.created_at")),
            "",
            filter,
            "GROUP BY 1 ORDER BY 1",
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub fn resolved_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        let rows = self.grouped(
            &format!(
                "{}, count(DISTINCT h.claim_id)",
                period_start(period, "h.at")
            ),
            "JOIN status_history h ON h.claim_id = c.id
               AND h.to_status IN ('verified', 'disputed', 'unverifiable')
               AND (h.from_status IS NULL OR h.from_status IN ('unverified', 'in_review'))",
            filter,
            "GROUP BY 1 ORDER BY 1",
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}
