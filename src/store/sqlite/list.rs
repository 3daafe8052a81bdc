//! Claim lists: every filter, every order, keyset paging (`--after ID` continues in the same order
//! without OFFSET, so page 500 costs what page 1 does), and full-text search.

use rusqlite::types::Value;
use rusqlite::{ErrorCode, OptionalExtension, params_from_iter};

use super::claims::{CLAIM_COLUMN_COUNT, CLAIM_COLUMNS, claim_row};
use super::{Result, Store, StoreError};
use crate::domain::{
    ClaimFilter, ClaimRow, MATCH_END, MATCH_START, SearchHit, Sort, SortKey, name_key,
};
use crate::store::common::word_pattern;

/// A claim longer than this is shown in search results as a snippet around the matches.
const SNIPPET_OVER: usize = 240;

/// One part of an order: an SQL expression and whether it ascends.
struct Key {
    expr: String,
    ascending: bool,
}

/// The keys of `sort`, most significant first; the last is always the id, so the order is total.
fn keys(sort: Sort, today: &str) -> Vec<Key> {
    let key = |expr: &str, ascending: bool| Key {
        expr: expr.to_string(),
        ascending: ascending != sort.reverse,
    };
    let since = overdue_since();
    let overdue = format!("({since} < '{today}')");
    match sort.key {
        SortKey::Added => vec![key("c.id", false)],
        SortKey::Said => vec![key("coalesce(c.said_on, '')", false), key("c.id", false)],
        SortKey::Updated => vec![key("c.updated_at", false), key("c.id", false)],
        SortKey::Priority => vec![key("c.priority", false), key("c.id", false)],
        SortKey::Speaker => vec![key("s.name_key", true), key("c.id", false)],
        SortKey::Queue => vec![
            key(&format!("CASE WHEN {overdue} THEN 0 ELSE 1 END"), true),
            key(
                &format!("CASE WHEN {overdue} THEN {since} ELSE '' END"),
                true,
            ),
            key("coalesce(c.priority, 0)", false),
            key("c.id", false),
        ],
        SortKey::Relevance => vec![key("bm25(claims_fts, 4.0, 1.0)", true), key("c.id", false)],
    }
}

/// Claims come from here, joined to `join` (SQL, or empty): with a search, only the matching ones.
pub(super) fn from_clause(search: bool, join: &str) -> String {
    if search {
        format!(
            "FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid JOIN speakers s ON s.id = c.speaker_id
             {join} WHERE claims_fts MATCH ?"
        )
    } else {
        format!("FROM claims c JOIN speakers s ON s.id = c.speaker_id {join} WHERE 1")
    }
}

impl Store {
    /// Claims matching `filter`, in `sort` order.
    pub fn list(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<ClaimRow>> {
        Ok(self
            .query(filter, sort, false)?
            .into_iter()
            .map(|hit| hit.claim)
            .collect())
    }

    /// The `n` claims `filter` selects that were added last: for cards' "latest claims".
    pub fn newest(&self, filter: &ClaimFilter, n: usize) -> Result<Vec<ClaimRow>> {
        let filter = ClaimFilter {
            limit: Some(n),
            ..filter.clone()
        };
        self.list(
            &filter,
            Sort {
                key: SortKey::Added,
                reverse: false,
            },
        )
    }

    /// Full-text search: claims matching `filter.search`, with the matches marked.
    pub fn search(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<SearchHit>> {
        self.query(filter, sort, true)
    }

    fn query(&self, filter: &ClaimFilter, sort: Sort, marks: bool) -> Result<Vec<SearchHit>> {
        if sort.key == SortKey::Queue && !sort.reverse && !marks {
            return self.queue(filter);
        }
        let search = match &filter.search {
            Some(q) => Some(self.fts_query(q)?),
            None => None,
        };
        let today = self.clock.today().to_string();
        let keys = keys(sort, &today);
        if sort.key == SortKey::Relevance && search.is_none() {
            return Err(StoreError::SearchNeedsQuery);
        }
        let mut args: Vec<Value> = Vec::new();
        let mut clauses = String::new();
        if let Some(q) = &search {
            args.push(q.clone().into());
        }
        self.filters(filter, &mut clauses, &mut args)?;
        // Keyset: rows strictly after the anchor in this order.
        if let Some(after) = filter.after {
            let anchor_sql = format!(
                "SELECT {} {} AND c.id = ?",
                keys.iter()
                    .map(|k| k.expr.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                from_clause(search.is_some(), "")
            );
            let mut anchor_args: Vec<Value> = search.iter().map(|q| q.clone().into()).collect();
            anchor_args.push(after.into());
            let anchor: Option<Vec<Value>> = self
                .conn
                .prepare(&anchor_sql)?
                .query_row(params_from_iter(anchor_args), |r| {
                    (0..keys.len()).map(|i| r.get::<_, Value>(i)).collect()
                })
                .optional()?;
            let anchor = anchor.ok_or(StoreError::ClaimNotFound(after))?;
            if keys.iter().all(|k| k.ascending == keys[0].ascending) {
                // One direction: a row-value comparison, which an index on the keys can serve.
                let exprs: Vec<&str> = keys.iter().map(|k| k.expr.as_str()).collect();
                let marks = vec!["?"; keys.len()].join(", ");
                let op = if keys[0].ascending { ">" } else { "<" };
                clauses = format!("{clauses} AND ({}) {op} ({marks})", exprs.join(", "));
                args.extend(anchor);
            } else {
                let mut alternatives = Vec::new();
                for i in 0..keys.len() {
                    let mut parts: Vec<String> = keys[..i]
                        .iter()
                        .map(|k| format!("{} = ?", k.expr))
                        .collect();
                    args.extend(anchor[..i].iter().cloned());
                    parts.push(format!(
                        "{} {} ?",
                        keys[i].expr,
                        if keys[i].ascending { ">" } else { "<" }
                    ));
                    args.push(anchor[i].clone());
                    alternatives.push(format!("({})", parts.join(" AND ")));
                }
                clauses = format!("{clauses} AND ({})", alternatives.join(" OR "));
            }
        }
        let marked = if marks {
            format!(
                ", CASE WHEN length(c.text) > {SNIPPET_OVER}
                        THEN snippet(claims_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 24)
                        ELSE highlight(claims_fts, 0, '{MATCH_START}', '{MATCH_END}') END,
                   bm25(claims_fts, 4.0, 1.0)"
            )
        } else {
            String::new()
        };
        let order: Vec<String> = keys
            .iter()
            .map(|k| format!("{} {}", k.expr, if k.ascending { "ASC" } else { "DESC" }))
            .collect();
        let limit = filter
            .limit
            .map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = if marks {
            // Highlights need the full-text match in the same query.
            format!(
                "SELECT {CLAIM_COLUMNS}{marked} {} {clauses} ORDER BY {}{limit}",
                from_clause(search.is_some(), ""),
                order.join(", ")
            )
        } else {
            // Pick the page by its keys first; read the full rows (sources, tags...) for it alone.
            let key_columns: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} AS k{i}", k.expr))
                .collect();
            let outer_order: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("p.k{i} {}", if k.ascending { "ASC" } else { "DESC" }))
                .collect();
            format!(
                "WITH page AS (SELECT c.id AS id, {} {} {clauses} ORDER BY {}{limit})
                 SELECT {CLAIM_COLUMNS} FROM page p JOIN claims c ON c.id = p.id
                   JOIN speakers s ON s.id = c.speaker_id ORDER BY {}",
                key_columns.join(", "),
                from_clause(search.is_some(), ""),
                order.join(", "),
                outer_order.join(", ")
            )
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let claim = claim_row(r)?;
            Ok(if marks {
                SearchHit {
                    marked: r.get(CLAIM_COLUMN_COUNT)?,
                    // bm25 is lower-is-better; the score reads the other way round.
                    score: -r.get::<_, f64>(CLAIM_COLUMN_COUNT + 1)?,
                    claim,
                }
            } else {
                SearchHit {
                    marked: String::new(),
                    score: 0.0,
                    claim,
                }
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The review queue without reading every outstanding claim: overdue claims come from the
    /// `notes_open_follow_ups` index walked in due order (each claim at its earliest open
    /// follow-up), the rest straight from the `claims_queue` index in order; each part stops at
    /// the page size, and only those rows are merged.
    fn queue(&self, filter: &ClaimFilter) -> Result<Vec<SearchHit>> {
        let today = self.clock.today();
        // Overdue by today is what the first part already is: the second part is then empty, and
        // the filter's own subquery (every open follow-up) would only cost time.
        let only_overdue = filter.overdue_before.is_some_and(|d| d <= today);
        let filter = &ClaimFilter {
            overdue_before: filter.overdue_before.filter(|_| !only_overdue),
            ..filter.clone()
        };
        let today = today.to_string();
        let search = match &filter.search {
            Some(q) => Some(self.fts_query(q)?),
            None => None,
        };
        let mut common = String::new();
        let mut common_args: Vec<Value> = Vec::new();
        if let Some(q) = &search {
            common.push_str(" AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)");
            common_args.push(q.clone().into());
        }
        self.filters(filter, &mut common, &mut common_args)?;
        // Where the previous page ended: (overdue since, priority, id).
        let anchor: Option<(Option<String>, i64, i64)> = match filter.after {
            None => None,
            Some(id) => Some(
                self.conn
                    .prepare_cached(&format!(
                        "SELECT CASE WHEN {since} < ?1 THEN {since} END,
                                coalesce(c.priority, 0), c.id
                           FROM claims c WHERE c.id = ?2",
                        since = overdue_since()
                    ))?
                    .query_row(rusqlite::params![today, id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .optional()?
                    .ok_or(StoreError::ClaimNotFound(id))?,
            ),
        };
        let limit = filter
            .limit
            .map_or(String::new(), |n| format!(" LIMIT {n}"));
        // Overdue claims come in two parts, each walked in its own index's order: those overdue
        // first by a follow-up note, and those overdue first by their due date.
        let overdue_after = |column: &str, args: &mut Vec<Value>| match &anchor {
            None => String::new(),
            Some((Some(due), priority, id)) => {
                args.extend([
                    due.clone().into(),
                    due.clone().into(),
                    due.clone().into(),
                    (*priority).into(),
                    (*priority).into(),
                    (*id).into(),
                ]);
                // The first term lets the index start at the anchor instead of the oldest date.
                format!(
                    " AND {column} >= ? AND ({column} > ? OR ({column} = ?
                       AND (c.priority < ? OR (c.priority = ? AND c.id < ?))))"
                )
            }
            Some((None, ..)) => " AND 0".to_string(),
        };
        let mut args: Vec<Value> = vec![today.clone().into()];
        args.extend(common_args.iter().cloned());
        let by_note = overdue_after("n.follow_up_on", &mut args);
        args.push(today.clone().into());
        args.extend(common_args.iter().cloned());
        let by_date = overdue_after("c.due_on", &mut args);
        args.push(today.clone().into());
        args.push(today.clone().into());
        args.extend(common_args);
        let rest_after = match &anchor {
            _ if only_overdue => " AND 0".to_string(),
            Some((None, priority, id)) => {
                args.extend([(*priority).into(), (*id).into()]);
                " AND (c.priority, c.id) < (?, ?)".to_string()
            }
            _ => String::new(),
        };
        // Pick the page by its keys first; read the full rows (sources, tags...) for it alone.
        let sql = format!(
            "WITH page AS (
                SELECT * FROM (
                    SELECT c.id AS id, 0 AS bucket, n.follow_up_on AS due, c.priority AS pr
                      FROM notes n JOIN claims c ON c.id = n.claim_id
                     WHERE n.follow_up_on IS NOT NULL AND n.done_at IS NULL AND n.follow_up_on < ?
                       AND NOT EXISTS (SELECT 1 FROM notes e WHERE e.claim_id = n.claim_id
                             AND e.follow_up_on IS NOT NULL AND e.done_at IS NULL
                             AND (e.follow_up_on < n.follow_up_on OR (e.follow_up_on = n.follow_up_on AND e.id < n.id)))
                       AND (c.due_on IS NULL OR c.due_on >= n.follow_up_on)
                           {common}{by_note}
                     ORDER BY n.follow_up_on, c.priority DESC, c.id DESC{limit})
                UNION ALL
                SELECT * FROM (
                    SELECT c.id, 0, c.due_on, c.priority FROM claims c
                     WHERE c.due_on < ?
                       AND NOT EXISTS (SELECT 1 FROM notes e WHERE e.claim_id = c.id
                             AND e.follow_up_on IS NOT NULL AND e.done_at IS NULL
                             AND e.follow_up_on <= c.due_on)
                           {common}{by_date}
                     ORDER BY c.due_on, c.priority DESC, c.id DESC{limit})
                UNION ALL
                SELECT * FROM (
                    SELECT c.id, 1, '', c.priority FROM claims c
                     WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL
                                         AND n.done_at IS NULL AND n.follow_up_on < ?)
                       AND (c.due_on IS NULL OR c.due_on >= ?)
                           {common}{rest_after}
                     ORDER BY c.priority DESC, c.id DESC{limit})
                ORDER BY bucket, due, pr DESC, id DESC{limit})
             SELECT {CLAIM_COLUMNS} FROM page p JOIN claims c ON c.id = p.id JOIN speakers s ON s.id = c.speaker_id
              ORDER BY p.bucket, p.due, p.pr DESC, p.id DESC"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(SearchHit {
                claim: claim_row(r)?,
                score: 0.0,
                marked: String::new(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A query FTS5 accepts: the user's own when it parses (phrases, prefixes, AND/OR/NOT), else
    /// its words, each quoted.
    pub(super) fn fts_query(&self, query: &str) -> Result<String> {
        let parses = |q: &str| -> Result<bool> {
            let check = self
                .conn
                .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH ?1 LIMIT 1)")?
                .query_row([q], |r| r.get::<_, i64>(0));
            match check {
                Ok(_) => Ok(true),
                Err(e)
                    if e.sqlite_error_code() == Some(ErrorCode::Unknown)
                        || e.to_string().contains("fts5") =>
                {
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            }
        };
        if parses(query)? {
            return Ok(query.to_string());
        }
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            // Operators left dangling by the failed parse mean nothing as words.
            .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "NEAR"))
            .map(|w| format!("\"{w}\""))
            .collect();
        let plain = words.join(" ");
        if !words.is_empty() && parses(&plain)? {
            return Ok(plain);
        }
        Err(StoreError::BadSearch(query.to_string()))
    }
}

impl Store {
    /// Appends `filter`'s conditions (all ANDed) and their values, naming speakers by id.
    pub(super) fn filters(
        &self,
        filter: &ClaimFilter,
        sql: &mut String,
        args: &mut Vec<Value>,
    ) -> Result<()> {
        let speakers = match &filter.speaker {
            Some(name) => Some(self.speaker_ids(name)?),
            None => None,
        };
        filters(filter, speakers.as_deref(), sql, args);
        Ok(())
    }

    /// The speakers a name means: the exact name or an alias when there is one, else every
    /// speaker whose name contains these words ("trump" for "Donald Trump").
    fn speaker_ids(&self, name: &str) -> Result<Vec<i64>> {
        let key = name_key(name);
        let exact: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM speakers WHERE name_key = ?1
                 UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?1",
            )?
            .query_map([&key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        let words: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM speakers WHERE (' ' || name_key || ' ') LIKE ?1 ESCAPE '\\'",
            )?
            .query_map([word_pattern(&key)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(words)
    }
}

/// The earliest open follow-up of claim `c`.
const FOLLOW_UP: &str = "(SELECT min(n.follow_up_on) FROM notes n
      WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL AND n.done_at IS NULL)";

/// The earliest of claim `c`'s open follow-ups and its due date: from when it is overdue.
fn overdue_since() -> String {
    format!(
        "(CASE WHEN c.due_on IS NOT NULL AND ({FOLLOW_UP} IS NULL OR c.due_on < {FOLLOW_UP})
               THEN c.due_on ELSE {FOLLOW_UP} END)"
    )
}

/// `?` placeholders, the values kept in order.
struct Positional<'a>(&'a mut Vec<Value>);

impl crate::store::common::Binder for Positional<'_> {
    fn text(&mut self, value: String) -> String {
        self.0.push(value.into());
        "?".into()
    }
    fn int(&mut self, value: i64) -> String {
        self.0.push(value.into());
        "?".into()
    }
}

/// Appends `filter`'s conditions (all ANDed) and their values.
fn filters(
    filter: &ClaimFilter,
    speakers: Option<&[i64]>,
    sql: &mut String,
    args: &mut Vec<Value>,
) {
    sql.push_str(&crate::store::common::claim_conditions(
        filter,
        speakers,
        &mut Positional(args),
    ));
}

impl Store {
    /// The ids of the claims `filter` selects, oldest first: for exports that read each claim
    /// whole without holding them all.
    pub fn ids(&self, filter: &ClaimFilter) -> Result<Vec<i64>> {
        self.grouped(
            "c.id",
            "",
            filter,
            &crate::store::common::id_page(filter),
            |r| r.get(0),
        )
    }
}
