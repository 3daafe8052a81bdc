//! Counting: speaker and source scorecards, and statistics by status, verdict, speaker, source,
//! tag or month.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::list::from_clause;
use super::{Result, Store};
use crate::domain::{ClaimFilter, Period, Scorecard, StatsBy, Status, Verdict, name_key};

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
        self.grouped(
            &format!("{group}, count(*)"),
            join,
            filter,
            &format!("GROUP BY 1 ORDER BY {order}"),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Runs `SELECT {columns}` over the claims `filter` selects (as `c`, with their speaker `s`),
    /// with `join` spliced into the FROM clause and `tail` (grouping, order) after the filters.
    pub(super) fn grouped<T>(
        &self,
        columns: &str,
        join: &str,
        filter: &ClaimFilter,
        tail: &str,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let search = match &filter.search {
            Some(q) => Some(self.fts_query(q)?),
            None => None,
        };
        let searching = search.is_some();
        let mut args: Vec<Value> = search.into_iter().map(Into::into).collect();
        let mut clauses = String::new();
        self.filters(filter, &mut clauses, &mut args)?;
        let from = from_clause(searching, join);
        let sql = format!("SELECT {columns} {from} {clauses} {tail}");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Speaker scorecards counting only the claims `filter` selects; most claims first.
    pub fn speaker_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        self.grouped(
            &format!("s.id, s.name, s.role, count(c.id), {}", count_columns()),
            "",
            filter,
            "GROUP BY s.id ORDER BY count(c.id) DESC, s.name_key",
            scorecard,
        )
    }

    /// Outlet scorecards counting only the claims `filter` selects, most claims first. An outlet
    /// is every source with one name (each article of "Al Jazeera" is a source of its own); a
    /// claim counts once per outlet. The id is the outlet's first source, the name the first in
    /// sort order; the kind is given when all its sources share one.
    pub fn outlet_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        self.grouped(
            &format!(
                "min(o.first), min(o.name),
                 CASE WHEN min(o.kind_lo) = max(o.kind_hi) THEN min(o.kind_lo) END, count(c.id), {}",
                count_columns()
            ),
            "JOIN (SELECT a.claim_id, so.name_key AS outlet, min(so.id) AS first,
                          min(so.name) AS name, min(so.kind) AS kind_lo, max(so.kind) AS kind_hi
                     FROM appearances a JOIN sources so ON so.id = a.source_id
                    GROUP BY a.claim_id, so.name_key) o ON o.claim_id = c.id",
            filter,
            "GROUP BY o.outlet ORDER BY count(c.id) DESC, o.outlet",
            scorecard,
        )
    }

    /// Claims added per week or month (by when they were recorded), oldest first. Keys are the
    /// first day of each period, `YYYY-MM-DD` (weeks start on Monday).
    pub fn added_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        self.grouped(
            &format!("{}, count(*)", period_start(period, "c.created_at")),
            "",
            filter,
            "GROUP BY 1 ORDER BY 1",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Claims resolved per week or month: moved from open (or added) to verified, disputed or
    /// unverifiable. A claim resolved twice in one period counts once; keys as in `added_per`.
    pub fn resolved_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        self.grouped(
            &format!(
                "{}, count(DISTINCT h.claim_id)",
                period_start(period, "h.at")
            ),
            "JOIN status_history h ON h.claim_id = c.id
               AND h.to_status IN ('verified', 'disputed', 'unverifiable')
               AND (h.from_status IS NULL OR h.from_status IN ('unverified', 'in_review'))",
            filter,
            "GROUP BY 1 ORDER BY 1",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }
}

/// The first day of the week (Monday) or month a timestamp falls in, as SQL.
fn period_start(period: Period, column: &str) -> String {
    match period {
        Period::Week => format!("date(substr({column}, 1, 10), '-6 days', 'weekday 1')"),
        Period::Month => format!("substr({column}, 1, 7) || '-01'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Clock, NewClaim, SourceRef, StatusChange};

    fn store_at(now: &str) -> Store {
        Store::in_memory(Clock::fixed(now.parse().unwrap()))
    }

    fn claim(text: &str, speaker: &str, source: &str, created: &str) -> NewClaim {
        NewClaim {
            text: text.into(),
            speaker: speaker.into(),
            sources: vec![SourceRef {
                name: Some(source.into()),
                ..SourceRef::default()
            }],
            created_at: Some(created.into()),
            updated_at: Some(created.into()),
            ..NewClaim::default()
        }
    }

    fn dispute(store: &mut Store, id: i64) {
        store
            .write(|tx| {
                tx.change_status(
                    id,
                    &StatusChange {
                        status: Status::Disputed,
                        verdict: Some(Verdict::False),
                        label: None,
                        reason: None,
                        review_url: None,
                        review_title: None,
                        explanation: None,
                    },
                )
            })
            .unwrap();
    }

    #[test]
    fn claims_are_counted_per_week_and_month_added_and_resolved() {
        let mut store = store_at("2025-08-20T12:00:00Z");
        let mut ids = Vec::new();
        // Tuesday 5 and Sunday 10 August fall in the week of Monday 4 August; 12 in the next.
        for (text, at) in [
            ("one", "2025-08-05T10:00:00Z"),
            ("two", "2025-08-10T23:00:00Z"),
            ("three", "2025-08-12T09:00:00Z"),
            ("four", "2025-07-30T09:00:00Z"),
        ] {
            ids.push(
                store
                    .write(|tx| tx.add_claim(&claim(text, "Ann", "Daily", at)))
                    .unwrap()
                    .claim_id,
            );
        }
        let all = ClaimFilter::default();
        assert_eq!(
            store.added_per(Period::Week, &all).unwrap(),
            vec![
                ("2025-07-28".to_string(), 1),
                ("2025-08-04".to_string(), 2),
                ("2025-08-11".to_string(), 1)
            ]
        );
        assert_eq!(
            store.added_per(Period::Month, &all).unwrap(),
            vec![("2025-07-01".to_string(), 1), ("2025-08-01".to_string(), 3)]
        );
        assert!(store.resolved_per(Period::Week, &all).unwrap().is_empty());
        dispute(&mut store, ids[0]);
        dispute(&mut store, ids[1]);
        // Disputed again (a new verdict) is not a second resolution.
        dispute(&mut store, ids[1]);
        assert_eq!(
            store.resolved_per(Period::Week, &all).unwrap(),
            vec![("2025-08-18".to_string(), 2)]
        );
        let open = ClaimFilter {
            statuses: vec![Status::Unverified],
            ..ClaimFilter::default()
        };
        assert_eq!(
            store.added_per(Period::Month, &open).unwrap(),
            vec![("2025-07-01".to_string(), 1), ("2025-08-01".to_string(), 1)]
        );
    }

    #[test]
    fn filtered_scorecards_count_only_the_selected_claims() {
        let mut store = store_at("2025-08-20T12:00:00Z");
        let at = "2025-08-05T10:00:00Z";
        let a = store
            .write(|tx| tx.add_claim(&claim("one", "Ann", "Daily", at)))
            .unwrap()
            .claim_id;
        store
            .write(|tx| tx.add_claim(&claim("two", "Ann", "Weekly", at)))
            .unwrap();
        store
            .write(|tx| tx.add_claim(&claim("three", "Bo", "Daily", at)))
            .unwrap();
        dispute(&mut store, a);
        let disputed = ClaimFilter {
            statuses: vec![Status::Disputed],
            ..ClaimFilter::default()
        };
        let speakers = store.speaker_scorecards_of(&disputed).unwrap();
        assert_eq!(speakers.len(), 1);
        assert_eq!((speakers[0].name.as_str(), speakers[0].claims), ("Ann", 1));
        assert_eq!(speakers[0].false_share, Some(1.0));
        // Two articles of one outlet: the outlet counts the claim once.
        store
            .write(|tx| {
                tx.add_claim(&NewClaim {
                    sources: vec![
                        SourceRef {
                            name: Some("Daily".into()),
                            url: Some("https://daily.example/1".into()),
                            ..SourceRef::default()
                        },
                        SourceRef {
                            name: Some("Daily".into()),
                            url: Some("https://daily.example/2".into()),
                            ..SourceRef::default()
                        },
                    ],
                    ..claim("four", "Bo", "Daily", at)
                })
            })
            .unwrap();
        let sources = store.outlet_scorecards_of(&ClaimFilter::default()).unwrap();
        let counts: Vec<(&str, i64, i64)> = sources
            .iter()
            .map(|c| (c.name.as_str(), c.claims, c.open()))
            .collect();
        assert_eq!(counts, vec![("Daily", 3, 2), ("Weekly", 1, 1)]);
    }
}
