//! Claims, speakers, sources and everything hanging off a claim: appearances, status history,
//! evidence and tags.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::speakers::Role;
use super::sql_types::Day;
use super::{Held, Result, Store, StoreError, Tx};
use crate::domain::{
    AddOutcome, Appearance, Before, CheckState, ClaimDetail, ClaimRow, Completion, Correction,
    Evidence, HistoryEntry, Link, NEEDS_SPEAKER_TAG, NewClaim, NewEvidence, PastChange, Rated,
    SignOff, SourceKind, SourceRef, Stage, Status, StatusChange, Step, Stepped, check_worthiness,
    linked_by, name_key, normalise_tag, rater, take_step,
};
use crate::store::common::today;

/// The columns of a `ClaimRow`, in `claim_row`'s order; `c` is claims, `s` its speaker.
/// How many columns `CLAIM_COLUMNS` has; queries add theirs after.
pub(super) const CLAIM_COLUMN_COUNT: usize = 28;

/// The columns of a claim row, with `$sources` for the list of its outlets' names.
macro_rules! claim_columns {
    ($sources:literal) => {
        concat!(
            "
    c.id, c.text, s.name, s.role, c.said_on, c.context, c.status, c.verdict, c.verdict_label,
    ",
            $sources,
            ",
    (SELECT json_group_array(tag) FROM (
        SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag)),
    (SELECT min(n.follow_up_on) FROM notes n
      WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL AND n.done_at IS NULL) AS follow_up,
    c.created_at, c.updated_at, c.priority, c.priority_by, c.review_url, s.role_guessed,
    c.assignee, c.due_on, c.review_title, c.explanation, c.stage, c.approved_by, c.published_on,
    c.review_author, s.kind, c.language"
        )
    };
}

pub(super) const CLAIM_COLUMNS: &str = claim_columns!(
    "(SELECT json_group_array(name) FROM (
        SELECT so.name AS name, min(a.id) AS first FROM appearances a
          JOIN sources so ON so.id = a.source_id
         WHERE a.claim_id = c.id GROUP BY so.name ORDER BY first))"
);

/// The same without the outlets, for `details`, which reads every appearance anyway and fills
/// them in from those (a third of the time of exporting claims went on reading them twice).
const CLAIM_COLUMNS_BUT_SOURCES: &str = claim_columns!("'[]'");

pub(super) fn claim_row(row: &Row<'_>) -> rusqlite::Result<ClaimRow> {
    let json_list = |index: usize| -> rusqlite::Result<Vec<String>> {
        let text: String = row.get(index)?;
        serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into())
        })
    };
    Ok(ClaimRow {
        id: row.get(0)?,
        text: row.get(1)?,
        speaker: row.get(2)?,
        speaker_role: row.get(3)?,
        said_on: row.get(4)?,
        context: row.get(5)?,
        status: row.get(6)?,
        verdict: row.get(7)?,
        verdict_label: row.get(8)?,
        sources: json_list(9)?,
        tags: json_list(10)?,
        follow_up: row.get(11)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
        priority: row.get(14)?,
        priority_by: row.get(15)?,
        review_url: row.get(16)?,
        speaker_role_guessed: row.get(17)?,
        assignee: row.get(18)?,
        due_on: row.get(19)?,
        review_title: row.get(20)?,
        explanation: row.get(21)?,
        stage: crate::domain::stage_of(row.get(6)?, row.get(22)?),
        approved_by: row.get(23)?,
        published_on: row.get(24)?,
        review_author: row.get(25)?,
        speaker_kind: row.get(26)?,
        language: row.get(27)?,
    })
}

impl Tx<'_> {
    /// Records a claim, or finds the same claim (same speaker, same normalised text) and adds what
    /// is new: an appearance, tags, notes, evidence, a missing date or context.
    pub fn add_claim(&self, claim: &NewClaim) -> Result<AddOutcome> {
        let role = claim.speaker_role.as_deref().map(|text| Role {
            text,
            guessed: claim.speaker_role_guessed,
        });
        let speaker = self.resolve_speaker(&claim.speaker, role)?;
        let (speaker_id, speaker_created) = (speaker.id, speaker.created);
        if let Some(kind) = claim.speaker_kind {
            // What the input says of a speaker nobody has said anything of yet.
            self.sql
                .prepare_cached("UPDATE speakers SET kind = ?2 WHERE id = ?1 AND kind IS NULL")?
                .execute(params![speaker_id, kind])?;
        }
        let derived = claim.derived();
        let key = derived.key;
        let unseen =
            (self.ids.borrow().keys.as_ref()).is_some_and(|k| !k.may_hold(speaker_id, &key));
        let existing: Option<i64> = if unseen {
            None
        } else {
            self.held(Held::FindClaim)?
                .query_row(params![speaker_id, &key[..]], |r| r.get(0))
                .optional()?
        };
        let mut outcome = AddOutcome {
            speaker_created,
            ..AddOutcome::default()
        };
        outcome.claim_id = if let Some(id) = existing {
            let fill = Completion::of(claim);
            self.sql
                .prepare_cached(
                    "UPDATE claims SET said_on = coalesce(said_on, ?2), context = coalesce(context, ?3),
                            review_url = coalesce(review_url, ?5),
                            review_title = coalesce(review_title, ?6), updated_at = ?4
                      WHERE id = ?1 AND ((said_on IS NULL AND ?2 IS NOT NULL)
                                         OR (context IS NULL AND ?3 IS NOT NULL)
                                         OR (review_url IS NULL AND ?5 IS NOT NULL)
                                         OR (review_title IS NULL AND ?6 IS NOT NULL))",
                )?
                .execute(params![
                    id,
                    fill.said_on.map(Day),
                    fill.context,
                    self.now,
                    fill.review_url,
                    fill.review_title
                ])?;
            id
        } else {
            outcome.created = true;
            let created_at = claim.created_at.as_deref().unwrap_or(&self.now);
            let (priority, priority_by) = (
                derived.priority,
                claim.priority.as_ref().and_then(|(_, by)| by.clone()),
            );
            self.held(Held::InsertClaim)?.execute(params![
                claim.text.trim(),
                &key[..],
                speaker_id,
                claim.said_on.map(Day),
                claim.context,
                claim.status,
                claim.verdict,
                claim.verdict_label,
                created_at,
                priority,
                priority_by,
                claim.review_url,
                // A carried-over claim keeps its own last-change time, not the time of this copy.
                claim.updated_at.as_deref().unwrap_or(created_at),
                claim.assignee,
                claim.due_on.map(Day),
                claim.review_title,
                claim.explanation,
                claim.review_author,
                claim.language,
            ])?;
            let id = self.sql.last_insert_rowid();
            if let Some(keys) = self.ids.borrow_mut().keys.as_mut() {
                keys.insert(speaker_id, &key);
            }
            for past in claim.starting_history(self.actor, &self.now).iter() {
                self.held(Held::InsertHistory)?.execute(params![
                    id,
                    past.from,
                    past.to,
                    past.verdict,
                    past.verdict_label,
                    past.reason,
                    past.actor,
                    past.at
                ])?;
            }
            id
        };
        let id = outcome.claim_id;
        self.fresh.set(outcome.created.then_some(id));
        for source in claim.sources.iter().filter(|s| !s.is_empty()) {
            let (source_id, source_created) = self.resolve_source(source)?;
            outcome.sources_created += usize::from(source_created);
            outcome.appearances_added += self.held(Held::InsertAppearance)?.execute(params![
                id,
                source_id,
                source.added_at.as_deref().unwrap_or(&self.now)
            ])?;
        }
        self.add_tags(id, &claim.tags)?;
        if speaker.ambiguous {
            self.add_tags(id, &[NEEDS_SPEAKER_TAG.to_string()])?;
        }
        for note in &claim.notes {
            self.add_note_once(id, note)?;
        }
        for evidence in &claim.evidence {
            self.add_evidence(id, evidence)?;
        }
        self.fresh.set(None);
        Ok(outcome)
    }

    /// Finds a source by URL (or by name when it has none), creating one when new and filling in
    /// what was missing.
    fn resolve_source(&self, source: &SourceRef) -> Result<(i64, bool)> {
        let cache_key = source
            .url
            .clone()
            .or_else(|| source.name.clone())
            .unwrap_or_default();
        let complete = source.title.is_some() && source.published_on.is_some();
        let cached = self.ids.borrow_mut().sources.get(&cache_key);
        if let Some((id, known)) = cached
            && (known || !complete)
        {
            return Ok((id, false));
        }
        let (id, created) = self.find_or_create_source(source)?;
        self.ids
            .borrow_mut()
            .sources
            .insert(&cache_key, (id, complete));
        Ok((id, created))
    }

    fn find_or_create_source(&self, source: &SourceRef) -> Result<(i64, bool)> {
        let name = source.stored_name();
        let key = name_key(&name);
        let found: Option<i64> = if let Some(url) = &source.url {
            self.sql
                .prepare_cached("SELECT id FROM sources WHERE url = ?1")?
                .query_row([url], |r| r.get(0))
                .optional()?
        } else {
            self.sql
                .prepare_cached("SELECT id FROM sources WHERE name_key = ?1 AND url IS NULL")?
                .query_row([&key], |r| r.get(0))
                .optional()?
        };
        if let Some(id) = found {
            self.sql
                .prepare_cached(
                    "UPDATE sources SET title = coalesce(title, ?2),
                            published_on = coalesce(published_on, ?3)
                      WHERE id = ?1 AND ((title IS NULL AND ?2 IS NOT NULL)
                                         OR (published_on IS NULL AND ?3 IS NOT NULL))",
                )?
                .execute(params![id, source.title, source.published_on])?;
            return Ok((id, false));
        }
        self.sql
            .prepare_cached(
                "INSERT INTO sources (name, name_key, title, url, kind, published_on, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                name.trim(),
                key,
                source.title,
                source.url,
                source.kind.unwrap_or(SourceKind::Article),
                source.published_on,
                self.now
            ])?;
        let id = self.sql.last_insert_rowid();
        Ok((id, true))
    }

    /// Takes a sign-off step on claim `id`'s check (`domain::take_step`), logged.
    pub fn sign_off(&self, id: i64, step: &SignOff) -> Result<Stepped> {
        let (mut check, rated_by): (CheckState, Option<String>) = self
            .sql
            .prepare_cached(
                "SELECT status, stage, approved_by, published_on, review_author IS NOT NULL,
                        rated_by
                   FROM claims WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let check = CheckState {
                    status: r.get(0)?,
                    stage: r.get(1)?,
                    rated_by: String::new(),
                    approved_by: r.get(2)?,
                    published_on: r.get(3)?,
                    imported: r.get(4)?,
                };
                Ok((check, r.get(5)?))
            })
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        // Who last changed the finding, as recorded since schema 18; before, the history says.
        check.rated_by = if let Some(who) = rated_by {
            who
        } else {
            let history: Vec<Rated> = self
                .sql
                .prepare_cached(
                    "SELECT to_status, verdict, verdict_label, actor FROM status_history
                      WHERE claim_id = ?1 ORDER BY id",
                )?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            rater(&history)
        };
        let stepped = take_step(id, step, &check, self.actor, today(&self.now))?;
        self.sql
            .prepare_cached(
                "UPDATE claims SET stage = ?2, approved_by = ?3, published_on = ?4,
                                  review_url = coalesce(?5, review_url), updated_at = ?6,
                                  review_author = CASE WHEN ?2 = 'published' THEN NULL
                                                       ELSE review_author END
                  WHERE id = ?1",
            )?
            .execute(params![
                id,
                stepped.stage,
                stepped.approved_by,
                stepped.published_on.map(Day),
                step.review_url,
                self.now
            ])?;
        let action = step.step.map_or("approve", Step::as_str);
        self.log(action, Some(id), None, &stepped.log)?;
        Ok(stepped)
    }

    pub(super) fn record_history(
        &self,
        claim_id: i64,
        from: Option<Status>,
        to: Status,
        verdict: Option<crate::domain::Verdict>,
        label: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()> {
        self.held(Held::InsertHistory)?.execute(params![
            claim_id, from, to, verdict, label, reason, self.actor, self.now
        ])?;
        Ok(())
    }

    /// Fails with `ClaimNotFound` unless the claim exists.
    pub fn ensure_claim(&self, id: i64) -> Result<()> {
        let found = self
            .sql
            .prepare_cached("SELECT 1 FROM claims WHERE id = ?1")?
            .exists([id])?;
        if found {
            Ok(())
        } else {
            Err(StoreError::ClaimNotFound(id))
        }
    }

    pub(super) fn touch(&self, id: i64) -> Result<()> {
        if self.fresh.get() == Some(id) {
            return Ok(());
        }
        self.sql
            .prepare_cached("UPDATE claims SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![id, self.now])?;
        Ok(())
    }

    /// Moves a claim to a new status and records it in the history; the status and verdict must
    /// agree (`domain::ALLOWED_VERDICTS`). Returns the change as recorded.
    pub fn change_status(&self, id: i64, change: &StatusChange) -> Result<PastChange> {
        let (before, old_explanation, old_stage): (Before, Option<String>, Option<Stage>) = self
            .sql
            .prepare_cached(
                "SELECT status, verdict, verdict_label, explanation, stage FROM claims WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?, r.get(4)?))
            })
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        let (from, old_verdict, old_label) = before.clone();
        let after =
            crate::store::common::after_change(id, change, before, old_explanation, old_stage)?;
        let (verdict, label) = (after.verdict, after.label.clone());
        self.sql
            .prepare_cached(
                "UPDATE claims SET status = ?2, verdict = ?3, verdict_label = ?4, updated_at = ?5,
                                  review_url = coalesce(?6, review_url),
                                  review_title = coalesce(?7, review_title),
                                  explanation = ?8, stage = ?9,
                                  approved_by = CASE WHEN ?9 IS NULL THEN NULL ELSE approved_by END,
                                  published_on = CASE WHEN ?9 IS NULL THEN NULL ELSE published_on END,
                                  rated_by = CASE WHEN ?10 THEN ?11 ELSE rated_by END,
                                  review_author = CASE WHEN ?10 THEN NULL ELSE review_author END
                  WHERE id = ?1",
            )?
            .execute(params![
                id,
                change.status,
                verdict,
                label,
                self.now,
                change.review_url,
                change.review_title,
                after.explanation,
                after.stage,
                after.changes_finding,
                self.actor
            ])?;
        if let Some(correction) = &after.correction {
            self.log("correction", Some(id), None, correction)?;
        }
        self.record_history(
            id,
            Some(from),
            change.status,
            verdict,
            label.as_deref(),
            change.reason.as_deref(),
        )?;
        // What `undo` needs to put back exactly.
        self.log(
            "status",
            Some(id),
            None,
            &serde_json::json!({
                "from": from, "verdict_before": old_verdict, "label_before": old_label,
                "to": change.status, "verdict_after": verdict, "label_after": label,
            }),
        )?;
        Ok(PastChange {
            from: Some(from),
            to: change.status,
            verdict,
            verdict_label: label,
            reason: change.reason.clone(),
            actor: self.actor.to_string(),
            at: self.now.clone(),
        })
    }

    /// Links evidence to a claim; the same URL twice is one piece of evidence. True when added.
    pub fn add_evidence(&self, id: i64, evidence: &NewEvidence) -> Result<bool> {
        let added = self
            .sql
            .prepare_cached(
                "INSERT OR IGNORE INTO evidence (claim_id, url, title, stance, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                evidence.url,
                evidence.title,
                evidence.stance,
                evidence.added_by.as_deref().unwrap_or(self.actor),
                evidence.added_at.as_deref().unwrap_or(&self.now)
            ])?
            > 0;
        if added {
            self.touch(id)?;
        }
        Ok(added)
    }

    /// Links `claim` to the claim it repeats; false when the two are linked already, either
    /// way.
    pub fn link(&self, claim: i64, repeats: i64, matched: Option<f64>) -> Result<bool> {
        let by = linked_by(matched, self.actor);
        self.insert_link(claim, repeats, matched, by, &self.now)
    }

    pub fn carry_link(
        &self,
        claim: i64,
        repeats: i64,
        link: &crate::domain::CarriedLink,
    ) -> Result<bool> {
        self.insert_link(claim, repeats, link.score, &link.by, &link.at)
    }

    fn insert_link(
        &self,
        claim: i64,
        repeats: i64,
        score: Option<f64>,
        by: &str,
        at: &str,
    ) -> Result<bool> {
        self.ensure_claim(claim)?;
        self.ensure_claim(repeats)?;
        Ok(self
            .sql
            .prepare_cached(
                "INSERT INTO claim_links (claim_id, repeats_id, score, linked_by, linked_at)
                 SELECT ?1, ?2, ?3, ?4, ?5
                  WHERE NOT EXISTS (SELECT 1 FROM claim_links
                                     WHERE claim_id IN (?1, ?2) AND repeats_id IN (?1, ?2))",
            )?
            .execute(params![claim, repeats, score, by, at])?
            > 0)
    }

    /// Takes away the link between two claims, whichever way it points; false when there was
    /// none.
    pub fn unlink(&self, a: i64, b: i64) -> Result<bool> {
        Ok(self
            .sql
            .prepare_cached(
                "DELETE FROM claim_links WHERE claim_id IN (?1, ?2) AND repeats_id IN (?1, ?2)",
            )?
            .execute(params![a, b])?
            > 0)
    }

    /// Adds tags (normalised; existing ones ignored). Returns how many were new.
    pub fn add_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        let mut added = 0;
        for tag in tags.iter().filter_map(|t| normalise_tag(t)) {
            let inserted = self.held(Held::InsertTag)?.execute(params![id, tag])?;
            if inserted > 0 {
                self.log_tag_in_bulk(id, &tag)?;
            }
            added += inserted;
        }
        if added > 0 {
            self.touch(id)?;
        }
        Ok(added)
    }

    /// Removes tags; returns how many were there.
    pub fn remove_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        let mut stmt = self
            .sql
            .prepare_cached("DELETE FROM claim_tags WHERE claim_id = ?1 AND tag = ?2")?;
        let mut removed = 0;
        for tag in tags.iter().filter_map(|t| normalise_tag(t)) {
            removed += stmt.execute(params![id, tag])?;
        }
        if removed > 0 {
            self.touch(id)?;
        }
        Ok(removed)
    }
}

/// A readable source name for a bare URL: its host without `www.`.
impl Store {
    /// One claim's table row.
    pub fn claim(&self, id: i64) -> Result<ClaimRow> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id WHERE c.id = ?1"
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], claim_row)
            .optional()?
            .map_or_else(|| Err(self.gone(id)), Ok)
    }

    /// Why there is no claim `id`: merged into another (say which), else not found. Only the
    /// latest end of a claim with this id counts: ids of the newest claims can be used again.
    fn gone(&self, id: i64) -> StoreError {
        let end = self
            .conn
            .prepare_cached(
                "SELECT action, json_extract(detail, '$.into'), at, json_extract(detail, '$.why')
                   FROM change_log WHERE claim_id = ?1 AND action IN ('delete', 'claim_merge')
                  ORDER BY id DESC LIMIT 1",
            )
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .optional()
            });
        match end {
            Ok(Some((action, Some(into), at, why))) if action == "claim_merge" => {
                StoreError::ClaimMerged {
                    id,
                    into,
                    at,
                    why: why.unwrap_or_default(),
                }
            }
            Ok(_) => StoreError::ClaimNotFound(id),
            Err(e) => e.into(),
        }
    }

    /// Everything about one claim, for `show`.
    pub fn detail(&self, id: i64) -> Result<ClaimDetail> {
        self.detail_of(self.claim(id)?)
    }

    /// Everything about a claim already read (from a list), without reading its row again.
    pub fn detail_of(&self, claim: ClaimRow) -> Result<ClaimDetail> {
        Ok(self.details_of(vec![claim])?.remove(0))
    }

    /// Everything about each of `ids`, in that order: a statement a kind of row for them all,
    /// not seven a claim (`export` reads a million this way).
    pub fn details(&self, ids: &[i64]) -> Result<Vec<ClaimDetail>> {
        self.details_of(self.claims_with(ids, CLAIM_COLUMNS_BUT_SOURCES)?)
    }

    /// Each of `ids`, in that order, read with one statement.
    pub fn claims(&self, ids: &[i64]) -> Result<Vec<ClaimRow>> {
        self.claims_with(ids, CLAIM_COLUMNS)
    }

    fn claims_with(&self, ids: &[i64], columns: &str) -> Result<Vec<ClaimRow>> {
        let list = serde_json::to_string(ids).unwrap_or_default();
        let sql = format!(
            "SELECT {columns} FROM claims c JOIN speakers s ON s.id = c.speaker_id
              WHERE c.id IN (SELECT value FROM json_each(?1))"
        );
        let mut found: HashMap<i64, ClaimRow> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([&list], claim_row)?
            .map(|r| r.map(|c| (c.id, c)))
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .map(|id| found.remove(id).ok_or_else(|| self.gone(*id)))
            .collect()
    }

    /// The details of claims already read.
    fn details_of(&self, claims: Vec<ClaimRow>) -> Result<Vec<ClaimDetail>> {
        let ids: Vec<i64> = claims.iter().map(|c| c.id).collect();
        let list = serde_json::to_string(&ids).unwrap_or_default();
        let mut appearances: HashMap<i64, Vec<Appearance>> = HashMap::new();
        // Each claim's outlets, by the order of their first appearance (as `CLAIM_COLUMNS` has
        // them): (appearance id, name).
        let mut outlets: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.claim_id, so.id, so.name, so.title, so.url, so.kind, so.published_on,
                    a.added_at, a.id
               FROM appearances a JOIN sources so ON so.id = a.source_id
              WHERE a.claim_id IN (SELECT value FROM json_each(?1))
              ORDER BY a.claim_id, a.added_at, a.id",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            let claim: i64 = r.get(0)?;
            outlets
                .entry(claim)
                .or_default()
                .push((r.get(8)?, r.get(2)?));
            let list = appearances.entry(claim).or_default();
            list.push(Appearance {
                source_id: r.get(1)?,
                name: r.get(2)?,
                title: r.get(3)?,
                url: r.get(4)?,
                kind: r.get(5)?,
                published_on: r.get::<_, Option<NaiveDate>>(6)?,
                added_at: r.get(7)?,
                // In the order they were added: the first row is the first appearance.
                first: list.is_empty(),
            });
        }
        let mut history: HashMap<i64, Vec<HistoryEntry>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT claim_id, id, from_status, to_status, verdict, verdict_label, reason, actor, at
               FROM status_history WHERE claim_id IN (SELECT value FROM json_each(?1))
              ORDER BY claim_id, id",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            history.entry(r.get(0)?).or_default().push(HistoryEntry {
                id: r.get(1)?,
                change: PastChange {
                    from: r.get(2)?,
                    to: r.get(3)?,
                    verdict: r.get(4)?,
                    verdict_label: r.get(5)?,
                    reason: r.get(6)?,
                    actor: r.get(7)?,
                    at: r.get(8)?,
                },
            });
        }
        let mut evidence: HashMap<i64, Vec<Evidence>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT claim_id, id, url, title, stance, added_by, added_at FROM evidence
              WHERE claim_id IN (SELECT value FROM json_each(?1)) ORDER BY claim_id, id",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            evidence.entry(r.get(0)?).or_default().push(Evidence {
                id: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                stance: r.get(4)?,
                added_by: r.get(5)?,
                added_at: r.get(6)?,
            });
        }
        let mut notes = self.notes_of_claims(&list)?;
        let mut corrections: HashMap<i64, Vec<Correction>> = HashMap::new();
        let sql = crate::store::common::corrections_of("(SELECT value FROM json_each(?1))");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            corrections.entry(r.get(0)?).or_default().push(Correction {
                action: r.get(1)?,
                actor: r.get(2)?,
                at: r.get(3)?,
                detail: serde_json::from_str(&r.get::<_, String>(4)?)
                    .unwrap_or(serde_json::Value::Null),
            });
        }
        let mut links: HashMap<i64, Vec<Link>> = HashMap::new();
        let sql = crate::store::common::links_of("(SELECT value FROM json_each(?1))");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            links.entry(r.get(0)?).or_default().push(Link {
                id: r.get(1)?,
                relation: crate::store::common::relation(r.get(2)?),
                score: r.get(3)?,
                by: r.get(4)?,
                at: r.get(5)?,
                text: r.get(6)?,
                speaker: r.get(7)?,
                status: r.get(8)?,
                verdict: r.get(9)?,
                rated_by: r.get(10)?,
                rated_at: r.get(11)?,
            });
        }
        Ok(claims
            .into_iter()
            .map(|mut claim| {
                let id = claim.id;
                if claim.sources.is_empty() {
                    let mut named = outlets.remove(&id).unwrap_or_default();
                    named.sort_unstable();
                    for (_, name) in named {
                        if !claim.sources.contains(&name) {
                            claim.sources.push(name);
                        }
                    }
                }
                ClaimDetail {
                    claim,
                    appearances: appearances.remove(&id).unwrap_or_default(),
                    history: history.remove(&id).unwrap_or_default(),
                    notes: notes.remove(&id).unwrap_or_default(),
                    evidence: evidence.remove(&id).unwrap_or_default(),
                    corrections: corrections.remove(&id).unwrap_or_default(),
                    links: links.remove(&id).unwrap_or_default(),
                }
            })
            .collect())
    }
}

impl Tx<'_> {
    /// Gives a claim to a checker (or nobody), logged as a correction; who had it before.
    pub fn set_assignee(&self, id: i64, assignee: Option<&str>) -> Result<Option<String>> {
        let old: Option<String> = self
            .sql
            .prepare_cached("SELECT assignee FROM claims WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        if old.as_deref() != assignee {
            self.sql
                .prepare_cached("UPDATE claims SET assignee = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, assignee, self.now])?;
            self.log(
                "assign",
                Some(id),
                None,
                &serde_json::json!({ "assignee": { "old": old, "new": assignee } }),
            )?;
        }
        Ok(old)
    }

    /// Sets when a claim's check is due (or clears it), logged; the date before.
    pub fn set_due(&self, id: i64, due: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
        let old: Option<NaiveDate> = self
            .sql
            .prepare_cached("SELECT due_on FROM claims WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        if old != due {
            self.sql
                .prepare_cached("UPDATE claims SET due_on = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, due.map(Day), self.now])?;
            self.log(
                "due",
                Some(id),
                None,
                &serde_json::json!({ "due_on": { "old": old, "new": due } }),
            )?;
        }
        Ok(old)
    }

    /// Sets a claim's check-worthiness by hand, or (`None`) back to the computed score.
    pub fn set_priority(&self, id: i64, priority: Option<u8>) -> Result<u8> {
        let text: String = self
            .sql
            .prepare_cached("SELECT text FROM claims WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        let (value, by) = match priority {
            Some(p) => (p, Some(self.actor)),
            None => (check_worthiness(&text).priority(), None),
        };
        self.sql
            .prepare_cached(
                "UPDATE claims SET priority = ?2, priority_by = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, value, by, self.now])?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Clock, NewNote, Verdict};

    fn store() -> Store {
        Store::in_memory(Clock::fixed("2025-08-20T12:00:00Z".parse().unwrap()))
    }

    fn claim(text: &str, speaker: &str, source: &str) -> NewClaim {
        NewClaim {
            text: text.into(),
            speaker: speaker.into(),
            sources: vec![SourceRef {
                name: Some(source.into()),
                ..SourceRef::default()
            }],
            tags: vec!["#Ukraine".into()],
            notes: vec![NewNote {
                text: "call back".into(),
                ..NewNote::default()
            }],
            ..NewClaim::default()
        }
    }

    #[test]
    fn details_name_outlets_in_the_order_a_claim_row_does() {
        let mut store = store();
        // Recorded first, but carried over with a later time than the second.
        let at = |name: &str, when: &str| SourceRef {
            name: Some(name.into()),
            added_at: Some(when.into()),
            ..SourceRef::default()
        };
        let mut new = claim("Bread costs 5 pounds.", "Ana", "Zeta Post");
        new.sources = vec![
            at("Zeta Post", "2024-02-01T00:00:00Z"),
            at("Alpha Daily", "2024-01-01T00:00:00Z"),
            at("Zeta Post", "2023-01-01T00:00:00Z"),
        ];
        let id = store.write(|tx| tx.add_claim(&new)).unwrap().claim_id;
        let row = store.claim(id).unwrap();
        assert_eq!(row.sources, vec!["Zeta Post", "Alpha Daily"]);
        assert_eq!(store.details(&[id]).unwrap()[0].claim.sources, row.sources);
    }

    #[test]
    fn the_same_claim_from_two_sources_is_one_claim_with_two_appearances() {
        let mut store = store();
        let first = store
            .write(|tx| tx.add_claim(&claim("We didn’t get there.", "Donald Trump", "Al Jazeera")))
            .unwrap();
        let again = store
            .write(|tx| tx.add_claim(&claim("we didn't get there", "donald  trump", "Al Jazeera")))
            .unwrap();
        let other = store
            .write(|tx| tx.add_claim(&claim("We didn't get there", "Donald Trump", "Fox News")))
            .unwrap();
        assert!(first.created && first.appearances_added == 1 && first.speaker_created);
        assert!(!again.created && again.appearances_added == 0 && !again.speaker_created);
        assert!(!other.created && other.appearances_added == 1 && other.sources_created == 1);
        assert_eq!(first.claim_id, other.claim_id);
        let detail = store.detail(first.claim_id).unwrap();
        assert_eq!(detail.claim.sources, vec!["Al Jazeera", "Fox News"]);
        assert!(detail.appearances[0].first && !detail.appearances[1].first);
        assert_eq!(detail.claim.tags, vec!["ukraine"]);
        assert_eq!(detail.notes.len(), 1, "the same note twice is kept once");
        assert_eq!(detail.history.len(), 1);
    }

    #[test]
    fn status_changes_keep_history_and_reopen_clears_the_verdict() {
        let mut store = store();
        let id = store
            .write(|tx| tx.add_claim(&claim("x is y", "A", "S")))
            .unwrap()
            .claim_id;
        let change = |status, verdict| StatusChange {
            status,
            verdict,
            label: None,
            reason: Some("why".into()),
            review_url: None,
            review_title: None,
            explanation: None,
        };
        store
            .write(|tx| tx.change_status(id, &change(Status::Disputed, Some(Verdict::False))))
            .unwrap();
        store
            .write(|tx| tx.change_status(id, &change(Status::InReview, None)))
            .unwrap();
        assert_eq!(store.claim(id).unwrap().verdict, None, "in review: unrated");
        let refused =
            store.write(|tx| tx.change_status(id, &change(Status::Verified, Some(Verdict::False))));
        assert!(matches!(refused, Err(StoreError::Contradiction { .. })));
        store
            .write(|tx| tx.change_status(id, &change(Status::Unverified, None)))
            .unwrap();
        let detail = store.detail(id).unwrap();
        assert_eq!(detail.claim.verdict, None);
        let path: Vec<_> = detail
            .history
            .iter()
            .map(|h| (h.change.from, h.change.to))
            .collect();
        assert_eq!(
            path,
            vec![
                (None, Status::Unverified),
                (Some(Status::Unverified), Status::Disputed),
                (Some(Status::Disputed), Status::InReview),
                (Some(Status::InReview), Status::Unverified),
            ]
        );
        let err = store
            .write(|tx| tx.change_status(999, &change(Status::Verified, None)))
            .unwrap_err();
        assert!(matches!(err, StoreError::ClaimNotFound(999)));
    }
}
