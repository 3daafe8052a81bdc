//! SQL both engines understand alike: the rules `check` verifies, written once from the
//! domain's tables.

use crate::domain::{
    ALLOWED_VERDICTS, After, Before, ClaimFilter, Refused, Stage, Status, StatusChange, name_key,
    normalise_tag,
};

/// A condition on claim `c` that holds when its verdict is one its status does not allow.
pub(super) fn contradiction_condition() -> String {
    let allowed: Vec<String> = ALLOWED_VERDICTS
        .iter()
        .filter(|(_, verdicts)| !verdicts.is_empty())
        .map(|(status, verdicts)| {
            let words: Vec<String> = verdicts.iter().map(|v| format!("'{v}'")).collect();
            format!(
                "(c.status = '{status}' AND c.verdict IN ({}))",
                words.join(", ")
            )
        })
        .collect();
    format!("c.verdict IS NOT NULL AND NOT ({})", allowed.join(" OR "))
}

/// What a status change does to claim `id`'s finding and sign-off (`domain::after_finding`), or
/// why the rules refuse it.
pub(super) fn after_change(
    id: i64,
    change: &StatusChange,
    before: Before,
    explanation: Option<String>,
    stage: Option<Stage>,
) -> super::Result<After> {
    crate::domain::after_finding(id, change, before, explanation, stage).map_err(|r| match r {
        Refused::Contradiction(broken) => super::StoreError::Contradiction {
            id,
            state: broken,
            kept: change.verdict.is_none(),
        },
        Refused::SignOff(e) => super::StoreError::SignOff(e),
    })
}

/// Claim `c`'s stage of sign-off as `domain::stage_of` has it: as recorded, else a draft once
/// the claim has been checked.
fn stage_expression() -> String {
    let checked: Vec<String> = Status::ALL
        .iter()
        .filter(|s| !s.is_outstanding())
        .map(|s| format!("'{s}'"))
        .collect();
    format!(
        "coalesce(c.stage, CASE WHEN c.status IN ({}) THEN '{}' END)",
        checked.join(", "),
        Stage::Draft
    )
}

/// How `ids` ends: a page of them in id order, after `filter.after` and at most `filter.limit`
/// (numbers, not input text, go into the SQL).
pub(super) fn id_page(filter: &ClaimFilter) -> String {
    let after = filter
        .after
        .map_or_else(String::new, |a| format!(" AND c.id > {a}"));
    let limit = filter
        .limit
        .map_or_else(String::new, |n| format!(" LIMIT {n}"));
    format!("{after} ORDER BY c.id{limit}")
}

/// The day of a timestamp as stored ("2026-12-05T08:21:49Z"), for a step dated today.
pub(super) fn today(now: &str) -> chrono::NaiveDate {
    now.get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default()
}

/// What must hold of every database, each as a query for the ids that break it.
pub(super) fn invariants() -> Vec<(&'static str, String)> {
    vec![
        (
            "claims whose verdict their status does not allow (verified: true, mostly_true; disputed: mixed or worse; others: none)",
            format!("SELECT id FROM claims c WHERE {}", contradiction_condition()),
        ),
        (
            "claims without a history",
            "SELECT id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM status_history h WHERE h.claim_id = c.id)".into(),
        ),
        (
            "claims whose status is not their last recorded one",
            "SELECT c.id FROM claims c
              WHERE c.status IS DISTINCT FROM (SELECT to_status FROM status_history h
                                                WHERE h.claim_id = c.id ORDER BY h.id DESC LIMIT 1)"
                .into(),
        ),
        (
            "claims without a speaker",
            "SELECT id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM speakers s WHERE s.id = c.speaker_id)".into(),
        ),
        (
            "claims without a priority",
            "SELECT id FROM claims WHERE priority IS NULL".into(),
        ),
        (
            "checks signed off while still outstanding",
            format!(
                "SELECT id FROM claims c WHERE c.stage IS NOT NULL AND c.status IN ({})",
                Status::ALL
                    .iter()
                    .filter(|s| s.is_outstanding())
                    .map(|s| format!("'{s}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        (
            "checks approved or published that nobody approved",
            "SELECT id FROM claims WHERE stage IN ('approved', 'published') AND approved_by IS NULL"
                .into(),
        ),
        (
            "published checks without a date",
            "SELECT id FROM claims WHERE stage = 'published' AND published_on IS NULL".into(),
        ),
        (
            "notes of missing claims",
            "SELECT id FROM notes n WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = n.claim_id)".into(),
        ),
    ]
}

/// One finding for an invariant broken by `ids`: how many, and the first ten.
pub(super) fn finding(what: &str, ids: &[i64]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let shown: Vec<String> = ids.iter().take(10).map(ToString::to_string).collect();
    Some(format!(
        "{what}: {} (ids {}{})",
        ids.len(),
        shown.join(", "),
        if ids.len() > 10 { ", ..." } else { "" }
    ))
}

/// Every table of a claimtrack database, in an order that satisfies its foreign keys, with the
/// columns that order its rows: what `db copy` copies. The first ten are those the operation
/// log records (`TRACKED`). (SQLite's `op_ranges` has no id column:
/// its row id stands in.)
pub const TABLES: &[(&str, &[&str])] = &[
    ("speakers", &["id"]),
    ("speaker_aliases", &["alias_key"]),
    ("sources", &["id"]),
    ("claims", &["id"]),
    ("appearances", &["id"]),
    ("status_history", &["id"]),
    ("notes", &["id"]),
    ("evidence", &["id"]),
    ("claim_tags", &["claim_id", "tag"]),
    ("claim_links", &["id"]),
    ("change_log", &["id"]),
    ("operations", &["id"]),
    ("op_changes", &["id"]),
    ("op_ranges", &["id"]),
    ("snapshots", &["id"]),
];

/// The columns of a claim's child rows that name it: a link names two claims, and goes with
/// either.
pub(super) fn claim_columns(table: &str) -> &'static [&'static str] {
    if table == "claim_links" {
        &["claim_id", "repeats_id"]
    } else {
        &["claim_id"]
    }
}

/// The links both ways of the claims `ids` names (an SQL expression: a subquery or a list),
/// each row with its claim first, then what the other claim is and who last changed its
/// status: the columns of `domain::Link`, claim by claim, those it repeats first.
pub(super) fn links_of(ids: &str) -> String {
    format!(
        "SELECT l.anchor, l.other, l.side, l.score, l.linked_by, l.linked_at, c.text, s.name,
                c.status, c.verdict, coalesce(h.actor, ''), coalesce(h.at, '')
           FROM (SELECT claim_id AS anchor, id, repeats_id AS other, 0 AS side, score, linked_by,
                        linked_at
                   FROM claim_links WHERE claim_id IN {ids}
                 UNION ALL
                 SELECT repeats_id, id, claim_id, 1, score, linked_by, linked_at
                   FROM claim_links WHERE repeats_id IN {ids}) l
           JOIN claims c ON c.id = l.other
           JOIN speakers s ON s.id = c.speaker_id
           LEFT JOIN status_history h
                  ON h.id = (SELECT max(id) FROM status_history WHERE claim_id = c.id)
          ORDER BY l.anchor, l.side, l.id"
    )
}

/// The claims whose published checks were corrected (see `domain::signoff`), the one
/// corrected last first.
pub(super) const CORRECTED_CLAIMS: &str = "SELECT claim_id FROM change_log
  WHERE action = 'correction' AND claim_id IS NOT NULL
  GROUP BY claim_id ORDER BY max(id) DESC LIMIT 500";

/// The logged changes `show` lists of the claims `ids` names (an SQL expression), claim by
/// claim: edits, undos, assignments and sign-off, each since its claim began (a deleted or
/// merged claim's id may have been given again; a delete an undo took back does not end it).
pub(super) fn corrections_of(ids: &str) -> String {
    format!(
        "SELECT l.claim_id, l.action, l.actor, l.at, l.detail FROM change_log l
          WHERE l.claim_id IN {ids}
            AND l.action IN ('edit', 'speaker_change', 'undo', 'assign', 'due', 'approve',
                             'publish', 'unpublish', 'correction')
            AND l.id > coalesce((SELECT max(d.id) FROM change_log d WHERE d.claim_id = l.claim_id
                                  AND d.action IN ('delete', 'claim_merge')
                                  AND NOT EXISTS (SELECT 1 FROM change_log u
                                                   WHERE u.claim_id = l.claim_id
                                                     AND u.action = 'undo' AND u.id > d.id)), 0)
          ORDER BY l.claim_id, l.id"
    )
}

/// Every link, as (the claim that repeats, the claim it repeats), in the order they were made.
pub(super) const ALL_LINKS: &str = "SELECT claim_id, repeats_id FROM claim_links ORDER BY id";

/// A link's side in `LINKS_OF`.
pub(super) fn relation(side: i64) -> crate::domain::Relation {
    if side == 0 {
        crate::domain::Relation::Repeats
    } else {
        crate::domain::Relation::RepeatedBy
    }
}

/// The key columns of `table`, refusing any table not in `TABLES` (names go into SQL).
pub(super) fn table_key(table: &str) -> super::Result<&'static [&'static str]> {
    TABLES
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, key)| *key)
        .ok_or_else(|| super::StoreError::Restore(format!("no table '{table}' to copy")))
}

/// Bytes as upper-case hex: how a de-duplication key is logged (SQLite's `hex()`) and how
/// PostgreSQL stores it.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
            let _ = write!(s, "{b:02X}");
            s
        })
}

/// Tables the log records, with their primary key columns. Children of a claim name it in
/// `claim_id`; `status_history` is append-only, so an undo keeps its rows unless the claim goes.
pub(super) const TRACKED: &[(&str, &[&str])] = TABLES.split_at(10).0;

/// The key columns of `table`, refusing any table the log does not track (names from the log go
/// into SQL).
pub(super) fn key_columns(table: &str) -> super::Result<&'static [&'static str]> {
    TRACKED
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, key)| *key)
        .ok_or_else(|| {
            super::StoreError::Restore(format!("the log names an unknown table '{table}'"))
        })
}

/// `name`, if it can be a column's (lower-case letters and `_`): names from the log go into SQL.
pub(super) fn column_name(name: &str) -> super::Result<&str> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        Ok(name)
    } else {
        Err(super::StoreError::Restore(format!(
            "the log names an unknown column '{name}'"
        )))
    }
}

/// Tables whose rows a bulk load records as id ranges, undone in this order (what hangs off a
/// claim first, speakers and sources last). Their inserts are not logged a row each during a
/// load (SQLite drops the triggers for each batch, PostgreSQL's trigger skips them), nor are
/// history's and tags': history is kept on undo unless its claim goes, and then the claim's
/// deletion takes it; tags added to claims that were there before are logged by `add_tags`.
pub(super) const RANGED: &[&str] = &[
    "claims",
    "appearances",
    "notes",
    "evidence",
    "sources",
    "speakers",
];

/// Rows that hang off a claim, deleted before it (the order a delete takes).
pub(super) const CLAIM_CHILDREN: &[&str] = &[
    "claim_links",
    "claim_tags",
    "evidence",
    "notes",
    "appearances",
    "status_history",
];

/// Rows that name a speaker or source: (the table named, the table naming it, its column, the
/// column that says which claim the naming row belongs to).
pub(super) const REFERENCES: &[(&str, &str, &str, &str)] = &[
    ("speakers", "claims", "speaker_id", "id"),
    ("sources", "appearances", "source_id", "claim_id"),
];

/// A query's parameters as an engine numbers them (`?` for SQLite, `$n` for PostgreSQL).
pub(super) trait Binder {
    /// Binds `value`; its placeholder in the SQL.
    fn text(&mut self, value: String) -> String;
    fn int(&mut self, value: i64) -> String;
}

/// `text` as a LIKE pattern that matches only itself (with `ESCAPE '\'`).
pub(super) fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `' ' || key || ' ' LIKE this ESCAPE '\'` finds a name containing these whole words ("trump"
/// in "donald trump").
pub(super) fn word_pattern(key: &str) -> String {
    format!("% {} %", like_literal(key))
}

/// `filter`'s conditions on claim `c`, each after " AND ", their values bound in the order they
/// appear. `speakers` are the ids the filter's speaker name resolved to.
pub(super) fn claim_conditions(
    filter: &ClaimFilter,
    speakers: Option<&[i64]>,
    bind: &mut dyn Binder,
) -> String {
    let mut sql = String::new();
    let mut and = |clause: String| {
        sql.push_str(" AND ");
        sql.push_str(&clause);
    };
    // Literal words, not parameters: the partial indexes on outstanding statuses need them.
    let words = |words: Vec<&str>| {
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(",")
    };
    if !filter.statuses.is_empty() {
        and(format!(
            "c.status IN ({})",
            words(filter.statuses.iter().map(|s| s.as_str()).collect())
        ));
    }
    if !filter.verdicts.is_empty() {
        and(format!(
            "c.verdict IN ({})",
            words(filter.verdicts.iter().map(|v| v.as_str()).collect())
        ));
    }
    if !filter.stages.is_empty() {
        and(format!(
            "{} IN ({})",
            stage_expression(),
            words(filter.stages.iter().map(|s| s.as_str()).collect())
        ));
    }
    match filter.rated {
        Some(true) => and("c.verdict IS NOT NULL".into()),
        Some(false) => and("c.verdict IS NULL".into()),
        None => {}
    }
    // Resolved beforehand, so one speaker is an equality the (speaker_id, id) index can serve in
    // order.
    match speakers {
        None => {}
        Some([]) => and("false".into()),
        Some([one]) => and(format!("c.speaker_id = {}", bind.int(*one))),
        Some(many) => {
            let marks: Vec<String> = many.iter().map(|id| bind.int(*id)).collect();
            and(format!("c.speaker_id IN ({})", marks.join(", ")));
        }
    }
    if let Some(id) = filter.speaker_id {
        and(format!("c.speaker_id = {}", bind.int(id)));
    }
    if let Some(name) = &filter.source {
        let key = name_key(name);
        let (k, pattern, url) = (
            bind.text(key.clone()),
            bind.text(word_pattern(&key)),
            bind.text(name.clone()),
        );
        and(format!(
            "c.id IN (SELECT a.claim_id FROM appearances a JOIN sources so ON so.id = a.source_id
                       WHERE so.name_key = {k} OR (' ' || so.name_key || ' ') LIKE {pattern} ESCAPE '\\'
                          OR so.url = {url})"
        ));
    }
    if let Some(tag) = &filter.tag {
        let tag = bind.text(normalise_tag(tag).unwrap_or_default());
        and(format!(
            "c.id IN (SELECT claim_id FROM claim_tags WHERE tag = {tag})"
        ));
    }
    if let Some(since) = filter.since {
        and(format!("c.said_on >= {}", bind.text(since.to_string())));
    }
    if let Some(until) = filter.until {
        and(format!("c.said_on <= {}", bind.text(until.to_string())));
    }
    match &filter.assignee {
        Some(Some(name)) => and(format!(
            "lower(c.assignee) = lower({})",
            bind.text(name.clone())
        )),
        Some(None) => and("c.assignee IS NULL".into()),
        None => {}
    }
    if let Some(before) = filter.overdue_before {
        let (note, due) = (bind.text(before.to_string()), bind.text(before.to_string()));
        and(format!(
            "(c.id IN (SELECT claim_id FROM notes
                        WHERE follow_up_on IS NOT NULL AND done_at IS NULL AND follow_up_on < {note})
              OR c.due_on < {due})"
        ));
    }
    sql
}

/// The claim a speaker's name key (`$1`, or an alias's) and text key (`$2`) make. (SQLite
/// numbers `$N` parameters in the order they first appear: `$1` comes first.)
pub(super) const CLAIM_OF_SPEAKER_AND_KEY: &str = "SELECT c.id FROM claims c
      WHERE c.speaker_id IN (SELECT id FROM speakers WHERE name_key = $1
                             UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = $1)
        AND c.text_key = $2
      ORDER BY c.id LIMIT 1";

/// A claim's status and raw sign-off stage (`$1`).
pub(super) const CHECK_OF: &str = "SELECT status, stage FROM claims WHERE id = $1";

/// Claim `$2` takes claim `$1`'s finding whole: status, verdict, explanation, review and
/// sign-off (see `domain::finding_moves`).
pub(super) const TAKE_FINDING: &str = "UPDATE claims
    SET (status, verdict, verdict_label, explanation, review_url, review_title, review_author,
         rated_by, stage, approved_by, published_on) =
        (SELECT status, verdict, verdict_label, explanation, review_url, review_title,
                review_author, rated_by, stage, approved_by, published_on
           FROM claims WHERE id = $1)
  WHERE id = $2";

/// The speaker a name key (`$1`) names, as their name or an alias: its id and name.
pub(super) const SPEAKER_OF_KEY: &str = "SELECT id, name FROM speakers WHERE name_key = $1
     UNION ALL SELECT a.speaker_id, s.name FROM speaker_aliases a
       JOIN speakers s ON s.id = a.speaker_id WHERE a.alias_key = $1 LIMIT 1";

/// A snapshot's columns, in the order each engine's `snapshot_row` reads them.
macro_rules! snapshot_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, url, fetched_at, http_status, content_type, size, sha256, path, error,
                    fetched_by FROM snapshots ",
            $rest
        )
    };
}

// `$1` is a numbered parameter to PostgreSQL and a named one to SQLite, the first and only one
// in each statement below: both engines bind it alike.

/// The snapshots of the pages claim `$1` cites (its appearances and its evidence), oldest
/// first (ids, not URLs: the engines order text differently).
pub(super) const SNAPSHOTS_OF_CLAIM: &str = snapshot_select!(
    "WHERE url IN (SELECT so.url FROM appearances a JOIN sources so ON so.id = a.source_id
                    WHERE a.claim_id = $1 AND so.url IS NOT NULL
                   UNION SELECT url FROM evidence WHERE claim_id = $1)
     ORDER BY id"
);
pub(super) const SNAPSHOT: &str = snapshot_select!("WHERE id = $1");
pub(super) const ALL_SNAPSHOTS: &str = snapshot_select!("ORDER BY id");
pub(super) const INSERT_SNAPSHOT: &str = "INSERT INTO snapshots
    (url, fetched_at, http_status, content_type, size, sha256, path, error, fetched_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

/// The URLs `archive` fetches for `scope`: the claims' appearances' (unless `evidence_only`) and
/// evidence's, first cited first; unless `again`, only those with no good snapshot yet. (Claim
/// ids go in as numbers.)
pub(super) fn archive_targets(
    scope: crate::domain::ArchiveScope,
    evidence_only: bool,
    again: bool,
) -> String {
    // In the order cited: by claim, then appearances before evidence, each by its id (not by
    // URL: the engines order text differently).
    let mut cited = String::from("SELECT url, claim_id, 2 * id + 1 AS rank FROM evidence");
    if !evidence_only {
        cited.push_str(
            " UNION ALL SELECT so.url, a.claim_id, 2 * a.id FROM appearances a
                JOIN sources so ON so.id = a.source_id WHERE so.url IS NOT NULL",
        );
    }
    let mut conditions = vec![];
    if let crate::domain::ArchiveScope::Claims(ids) = scope {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        conditions.push(format!("t.claim_id IN ({})", ids.join(", ")));
    }
    if !again {
        conditions.push(
            "NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.url = t.url AND s.error IS NULL
                                                     AND s.sha256 IS NOT NULL)"
                .to_string(),
        );
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    format!(
        "SELECT t.url FROM ({cited}) t {filter} GROUP BY t.url
          ORDER BY min(t.claim_id), min(t.rank)"
    )
}

/// Asserts that migration `name` in `folder` (its bytes `text`) is as released: `released` lists
/// each file with its checksum, a file released with two texts twice (either is as released).
/// `next` is the number a new migration would take.
#[cfg(test)]
pub(super) fn assert_released(
    released: &[(&str, &str)],
    folder: &str,
    name: &str,
    text: &[u8],
    next: usize,
) {
    let found = blake3::hash(text).to_hex().to_string();
    let wants: Vec<&str> = released
        .iter()
        .filter(|(n, _)| *n == name)
        .map(|(_, w)| *w)
        .collect();
    assert!(
        !wants.is_empty(),
        "{name} is not in RELEASED: add (\"{name}\", \"{found}\") when it is released"
    );
    assert!(
        wants.contains(&found.as_str()),
        "migrations are append-only: {folder}/{name} changed since it was released (now {found}); put the change in {folder}/{next:04}_....sql instead"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_tracks_the_claim_tables_and_not_its_own() {
        let tracked: Vec<&str> = TRACKED.iter().map(|(t, _)| *t).collect();
        assert_eq!(tracked.first(), Some(&"speakers"));
        assert_eq!(tracked.last(), Some(&"claim_links"));
        assert!(
            tracked
                .iter()
                .all(|t| !t.starts_with("op") && *t != "change_log")
        );
    }

    #[test]
    fn like_patterns_match_only_themselves() {
        assert_eq!(like_literal(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(word_pattern("trump"), "% trump %");
    }
}
