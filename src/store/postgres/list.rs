//! Claim lists on PostgreSQL: every filter, every order, keyset paging, and full-text search
//! (our query syntax translated to a `tsquery` over the `search` column).

use std::fmt::Write as _;

use postgres::types::ToSql;

use super::Store;
use super::claims::{CLAIM_COLUMN_COUNT, CLAIM_COLUMNS, claim_row};
use super::migrate::SEARCH_CONFIG;
use crate::domain::{
    ClaimFilter, ClaimRow, MATCH_END, MATCH_START, SearchHit, Sort, SortKey, name_key,
};
use crate::store::common::word_pattern;
use crate::store::{Result, StoreError};

/// A claim longer than this is shown in search results as a passage around the matches.
const SNIPPET_OVER: usize = 240;

/// Values bound to a query, numbered as they are added (`$1`, `$2`...).
#[derive(Default)]
pub(super) struct Args(Vec<Box<dyn ToSql + Sync>>);

impl Args {
    /// Adds a value and returns its placeholder.
    pub(super) fn bind(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(value));
        format!("${}", self.0.len())
    }
}

impl crate::store::common::Binder for Args {
    fn text(&mut self, value: String) -> String {
        self.bind(value)
    }
    fn int(&mut self, value: i64) -> String {
        self.bind(value)
    }
}

impl Args {
    pub(super) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// One part of an order: an SQL expression, whether it ascends, and its type (a keyset anchor is
/// read and bound as such).
struct Key {
    expr: String,
    ascending: bool,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Int,
    Text,
    Real,
}

/// The earliest open follow-up of claim `c`.
const FOLLOW_UP: &str = "(SELECT min(n.follow_up_on) FROM notes n
      WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL AND n.done_at IS NULL)";

/// From when claim `c` is overdue: the earliest of its open follow-ups and its due date.
fn overdue_since() -> String {
    format!("LEAST({FOLLOW_UP}, c.due_on)")
}

/// The keys of `sort`, most significant first; the last is always the id, so the order is total.
/// Text compares by code point, as in SQLite.
fn keys(sort: Sort, today: &str) -> Vec<Key> {
    let key = |expr: &str, ascending: bool| Key {
        kind: if expr.contains("COLLATE") {
            Kind::Text
        } else if expr.starts_with("ts_rank") {
            Kind::Real
        } else {
            Kind::Int
        },
        expr: expr.to_string(),
        ascending: ascending != sort.reverse,
    };
    let since = overdue_since();
    let overdue = format!("coalesce({since} < '{today}', false)");
    match sort.key {
        SortKey::Added => vec![key("c.id", false)],
        SortKey::Said => vec![
            key("coalesce(c.said_on, '') COLLATE \"C\"", false),
            key("c.id", false),
        ],
        SortKey::Updated => vec![key("c.updated_at COLLATE \"C\"", false), key("c.id", false)],
        SortKey::Priority => vec![key("c.priority", false), key("c.id", false)],
        SortKey::Speaker => vec![key("s.name_key COLLATE \"C\"", true), key("c.id", false)],
        SortKey::Queue => vec![
            key(
                &format!("(CASE WHEN {overdue} THEN 0 ELSE 1 END)::BIGINT"),
                true,
            ),
            key(
                &format!("(CASE WHEN {overdue} THEN {since} ELSE '' END) COLLATE \"C\""),
                true,
            ),
            key("coalesce(c.priority, 0)", false),
            key("c.id", false),
        ],
        SortKey::Relevance => vec![
            key("ts_rank_cd(c.search, q.q)::FLOAT8", false),
            key("c.id", false),
        ],
    }
}

impl Store {
    pub fn list(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<ClaimRow>> {
        Ok(self
            .query_hits(filter, sort, false)?
            .into_iter()
            .map(|hit| hit.claim)
            .collect())
    }

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

    pub fn search(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<SearchHit>> {
        self.query_hits(filter, sort, true)
    }

    pub fn ids(&self, filter: &ClaimFilter) -> Result<Vec<i64>> {
        let mut args = Args::default();
        let (from, clauses) = self.selection(filter, "", &mut args)?;
        let sql = format!(
            "SELECT c.id {from} {clauses}{}",
            crate::store::common::id_page(filter)
        );
        Ok(self
            .query(&sql, &args.refs())?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// The FROM clause, with `join` spliced in, and the conditions `filter` makes (the search's
    /// query is `q.q`).
    pub(super) fn selection(
        &self,
        filter: &ClaimFilter,
        join: &str,
        args: &mut Args,
    ) -> Result<(String, String)> {
        let from = match &filter.search {
            Some(query) => {
                let q = args.bind(tsquery(query)?);
                format!(
                    "FROM claims c JOIN speakers s ON s.id = c.speaker_id {join}
                     CROSS JOIN (SELECT to_tsquery('{SEARCH_CONFIG}', {q}) AS q) q WHERE c.search @@ q.q"
                )
            }
            None => {
                format!("FROM claims c JOIN speakers s ON s.id = c.speaker_id {join} WHERE true")
            }
        };
        let mut clauses = String::new();
        self.filters(filter, &mut clauses, args)?;
        Ok((from, clauses))
    }

    fn query_hits(&self, filter: &ClaimFilter, sort: Sort, marks: bool) -> Result<Vec<SearchHit>> {
        if sort.key == SortKey::Queue && !sort.reverse && !marks {
            return self.queue(filter);
        }
        if sort.key == SortKey::Relevance && filter.search.is_none() {
            return Err(StoreError::SearchNeedsQuery);
        }
        let today = self.clock.today().to_string();
        let keys = keys(sort, &today);
        let mut args = Args::default();
        let (from, mut clauses) = self.selection(filter, "", &mut args)?;
        if let Some(after) = filter.after {
            // Keyset: rows strictly after the anchor in this order (read on its own, filters
            // aside, as SQLite does).
            let mut anchor_args = Args::default();
            let only_search = ClaimFilter {
                search: filter.search.clone(),
                ..ClaimFilter::default()
            };
            let (anchor_from, _) = self.selection(&only_search, "", &mut anchor_args)?;
            let id = anchor_args.bind(after);
            let anchor_sql = format!(
                "SELECT {} {anchor_from} AND c.id = {id}",
                keys.iter()
                    .map(|k| k.expr.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let anchor = self
                .query_opt(&anchor_sql, &anchor_args.refs())?
                .ok_or(StoreError::ClaimNotFound(after))?;
            let mut alternatives = Vec::new();
            for i in 0..keys.len() {
                let mut parts: Vec<String> = Vec::new();
                for (j, k) in keys[..=i].iter().enumerate() {
                    let op = match (j == i, k.ascending) {
                        (false, _) => "=",
                        (true, true) => ">",
                        (true, false) => "<",
                    };
                    let value = match k.kind {
                        Kind::Int => args.bind(anchor.get::<_, Option<i64>>(j)),
                        Kind::Text => args.bind(anchor.get::<_, Option<String>>(j)),
                        Kind::Real => args.bind(anchor.get::<_, Option<f64>>(j)),
                    };
                    parts.push(format!("{} {op} {value}", k.expr));
                }
                alternatives.push(format!("({})", parts.join(" AND ")));
            }
            clauses = format!("{clauses} AND ({})", alternatives.join(" OR "));
        }
        let marked = if marks {
            format!(
                ", ts_headline('{SEARCH_CONFIG}', c.text, q.q,
                      CASE WHEN length(c.text) > {SNIPPET_OVER}
                           THEN 'StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=24, MinWords=12, FragmentDelimiter=…, MaxFragments=1'
                           ELSE 'StartSel={MATCH_START}, StopSel={MATCH_END}, HighlightAll=true' END),
                   ts_rank_cd(c.search, q.q)::FLOAT8"
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
        let sql = format!(
            "SELECT {CLAIM_COLUMNS}{marked} {from} {clauses} ORDER BY {}{limit}",
            order.join(", ")
        );
        self.query(&sql, &args.refs())?
            .iter()
            .map(|r| {
                Ok(SearchHit {
                    claim: claim_row(r)?,
                    marked: if marks {
                        r.try_get(CLAIM_COLUMN_COUNT)?
                    } else {
                        String::new()
                    },
                    score: if marks {
                        r.try_get(CLAIM_COLUMN_COUNT + 1)?
                    } else {
                        0.0
                    },
                })
            })
            .collect()
    }

    /// The review queue without reading every outstanding claim, as SQLite's `queue` does: the
    /// overdue come in two parts walked in their indexes' order (first overdue by a follow-up
    /// note, first overdue by the due date), the rest in queue order; each part stops at the page
    /// size and only those rows are merged.
    fn queue(&self, filter: &ClaimFilter) -> Result<Vec<SearchHit>> {
        let today = self.clock.today();
        let only_overdue = filter.overdue_before.is_some_and(|d| d <= today);
        let filter = &ClaimFilter {
            overdue_before: filter.overdue_before.filter(|_| !only_overdue),
            ..filter.clone()
        };
        let mut args = Args::default();
        let today = args.bind(today.to_string());
        let mut common = String::new();
        if let Some(query) = &filter.search {
            let q = args.bind(tsquery(query)?);
            let _ = write!(
                common,
                " AND c.search @@ to_tsquery('{SEARCH_CONFIG}', {q})"
            );
        }
        self.filters(filter, &mut common, &mut args)?;
        // Where the previous page ended: (overdue since, priority, id).
        let anchor = match filter.after {
            None => None,
            Some(id) => {
                let row = self
                    .query_opt(
                        &format!(
                            "SELECT CASE WHEN {since} < $1 THEN {since} END, coalesce(c.priority, 0), c.id
                               FROM claims c WHERE c.id = $2",
                            since = overdue_since()
                        ),
                        &[&self.clock.today().to_string(), &id],
                    )?
                    .ok_or(StoreError::ClaimNotFound(id))?;
                Some((
                    row.try_get::<_, Option<String>>(0)?,
                    row.try_get::<_, i64>(1)?,
                    row.try_get::<_, i64>(2)?,
                ))
            }
        };
        let limit = filter
            .limit
            .map_or(String::new(), |n| format!(" LIMIT {n}"));
        let mut overdue_after = |column: &str| match &anchor {
            None => String::new(),
            Some((Some(due), priority, id)) => {
                let (d, p, i) = (args.bind(due.clone()), args.bind(*priority), args.bind(*id));
                format!(
                    " AND {column} >= {d} AND ({column} > {d} OR ({column} = {d}
                       AND (c.priority < {p} OR (c.priority = {p} AND c.id < {i}))))"
                )
            }
            Some((None, ..)) => " AND false".to_string(),
        };
        let by_note = overdue_after("n.follow_up_on");
        let by_date = overdue_after("c.due_on");
        let rest_after = match &anchor {
            _ if only_overdue => " AND false".to_string(),
            Some((None, priority, id)) => {
                let (p, i) = (args.bind(*priority), args.bind(*id));
                format!(" AND (c.priority, c.id) < ({p}, {i})")
            }
            _ => String::new(),
        };
        let sql = format!(
            "WITH page AS (
                SELECT * FROM (
                    SELECT c.id AS id, 0 AS bucket, n.follow_up_on AS due, c.priority AS pr
                      FROM notes n JOIN claims c ON c.id = n.claim_id
                     WHERE n.follow_up_on IS NOT NULL AND n.done_at IS NULL AND n.follow_up_on < {today}
                       AND NOT EXISTS (SELECT 1 FROM notes e WHERE e.claim_id = n.claim_id
                             AND e.follow_up_on IS NOT NULL AND e.done_at IS NULL
                             AND (e.follow_up_on < n.follow_up_on OR (e.follow_up_on = n.follow_up_on AND e.id < n.id)))
                       AND (c.due_on IS NULL OR c.due_on >= n.follow_up_on)
                           {common}{by_note}
                     ORDER BY n.follow_up_on, c.priority DESC, c.id DESC{limit}) overdue_by_note
                UNION ALL
                SELECT * FROM (
                    SELECT c.id, 0, c.due_on, c.priority FROM claims c
                     WHERE c.due_on < {today}
                       AND NOT EXISTS (SELECT 1 FROM notes e WHERE e.claim_id = c.id
                             AND e.follow_up_on IS NOT NULL AND e.done_at IS NULL
                             AND e.follow_up_on <= c.due_on)
                           {common}{by_date}
                     ORDER BY c.due_on, c.priority DESC, c.id DESC{limit}) overdue_by_date
                UNION ALL
                SELECT * FROM (
                    SELECT c.id, 1, '', c.priority FROM claims c
                     WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL
                                         AND n.done_at IS NULL AND n.follow_up_on < {today})
                       AND (c.due_on IS NULL OR c.due_on >= {today})
                           {common}{rest_after}
                     ORDER BY c.priority DESC, c.id DESC{limit}) the_rest
                ORDER BY bucket, due, pr DESC, id DESC{limit})
             SELECT {CLAIM_COLUMNS} FROM page p JOIN claims c ON c.id = p.id JOIN speakers s ON s.id = c.speaker_id
              ORDER BY p.bucket, p.due, p.pr DESC, p.id DESC"
        );
        self.query(&sql, &args.refs())?
            .iter()
            .map(|r| {
                Ok(SearchHit {
                    claim: claim_row(r)?,
                    score: 0.0,
                    marked: String::new(),
                })
            })
            .collect()
    }

    /// Appends `filter`'s conditions (all ANDed) and binds their values.
    fn filters(&self, filter: &ClaimFilter, sql: &mut String, args: &mut Args) -> Result<()> {
        let speakers = match &filter.speaker {
            Some(name) => Some(self.speaker_ids(name)?),
            None => None,
        };
        sql.push_str(&crate::store::common::claim_conditions(
            filter,
            speakers.as_deref(),
            args,
        ));
        Ok(())
    }

    /// The speakers a name means: the exact name or an alias when there is one, else every
    /// speaker whose name contains these words.
    fn speaker_ids(&self, name: &str) -> Result<Vec<i64>> {
        let key = name_key(name);
        let exact: Vec<i64> = self
            .query(
                "SELECT id FROM speakers WHERE name_key = $1
                 UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = $1",
                &[&key],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if !exact.is_empty() {
            return Ok(exact);
        }
        Ok(self
            .query(
                "SELECT id FROM speakers WHERE (' ' || name_key || ' ') LIKE $1",
                &[&word_pattern(&key)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }
}

/// Our search syntax as a `to_tsquery` text: words (AND by default), "a phrase", prefix*, OR,
/// NOT, parentheses, and `speaker:name` (the speaker's words only). Every word is quoted, so no
/// input can break the query.
pub(super) fn tsquery(query: &str) -> Result<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = query.chars().peekable();
    let mut pending_op: Option<&str> = None;
    let mut negate = false;
    let push = |term: String, out: &mut Vec<String>, op: &mut Option<&str>, negate: &mut bool| {
        if let Some(last) = out.last()
            && !last.ends_with('(')
        {
            out.push(op.take().unwrap_or("&").to_string());
        }
        *op = None;
        out.push(if *negate { format!("!{term}") } else { term });
        *negate = false;
    };
    let quoted = |word: &str| format!("'{}'", word.replace('\'', "''"));
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '(' || c == ')' {
            chars.next();
            if c == '(' {
                if let Some(last) = out.last()
                    && !last.ends_with('(')
                {
                    out.push(pending_op.take().unwrap_or("&").to_string());
                }
                out.push(if negate { "!(".into() } else { "(".into() });
                negate = false;
            } else {
                out.push(")".into());
            }
            continue;
        }
        if c == '"' {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            let words: Vec<String> = words_of(&phrase).iter().map(|w| quoted(w)).collect();
            if !words.is_empty() {
                push(
                    format!("({})", words.join(" <-> ")),
                    &mut out,
                    &mut pending_op,
                    &mut negate,
                );
            }
            continue;
        }
        let token: String = std::iter::from_fn(|| {
            chars.next_if(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"'))
        })
        .collect();
        match token.as_str() {
            "AND" => pending_op = Some("&"),
            "OR" => pending_op = Some("|"),
            "NOT" => negate = true,
            _ => {
                let (weight, token) = match token.split_once(':') {
                    Some((field, rest)) if field.eq_ignore_ascii_case("speaker") => (":B", rest),
                    _ => ("", token.as_str()),
                };
                let prefix = token.ends_with('*');
                let words = words_of(token.trim_end_matches('*'));
                let last = words.len().saturating_sub(1);
                let terms: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let star = if prefix && i == last { "*" } else { "" };
                        let tail = match (weight, star) {
                            ("", "") => String::new(),
                            _ => format!(":{star}{}", weight.trim_start_matches(':')),
                        };
                        format!("{}{tail}", quoted(w))
                    })
                    .collect();
                if !terms.is_empty() {
                    push(
                        format!("({})", terms.join(" <-> ")),
                        &mut out,
                        &mut pending_op,
                        &mut negate,
                    );
                }
            }
        }
    }
    let opened = out.iter().filter(|t| t.ends_with('(')).count();
    let closed = out.iter().filter(|t| *t == ")").count();
    if out.iter().all(|t| t == "(" || t == ")" || t == "!(") || opened != closed {
        return Err(StoreError::BadSearch(query.to_string()));
    }
    Ok(out.join(" "))
}

/// The words of a search term, as the index splits them.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tsquery;

    #[test]
    fn search_syntax_becomes_a_tsquery() {
        assert_eq!(tsquery("putin ukraine").unwrap(), "('putin') & ('ukraine')");
        assert_eq!(tsquery("sanction*").unwrap(), "('sanction':*)");
        assert_eq!(
            tsquery("\"long overdue\" OR ceasefire").unwrap(),
            "('long' <-> 'overdue') | ('ceasefire')"
        );
        assert_eq!(tsquery("war NOT peace").unwrap(), "('war') & !('peace')");
        assert_eq!(tsquery("speaker:putin").unwrap(), "('putin':B)");
        assert_eq!(tsquery("o'brien").unwrap(), "('o''brien')");
        assert_eq!(tsquery("(a OR b) c").unwrap(), "( ('a') | ('b') ) & ('c')");
        assert!(tsquery("\"\"").is_err());
        assert!(tsquery("(a").is_err());
    }
}
