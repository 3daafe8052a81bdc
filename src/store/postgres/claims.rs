//! Claims, speakers, sources and what hangs off a claim, on PostgreSQL. The rules are the
//! domain's (`choose_speaker`, `after_change`, `check_worthiness`); this file stores and finds.

use std::collections::HashMap;

use postgres::Row;
use postgres::types::ToSql;

use super::types::{Day, date, day};
use super::{Conn, Store, Tx, on_conn};
use crate::domain::{
    AddOutcome, Appearance, CheckState, ClaimDetail, ClaimRow, Completion, Correction, Evidence,
    FollowUp, HistoryEntry, Link, NEEDS_SPEAKER_TAG, NewClaim, NewEvidence, NewNote, Note,
    PastChange, Rated, SignOff, SourceKind, SourceRef, SpeakerChoice, SpeakerKind, Status,
    StatusChange, Step, Stepped, Verdict, check_worthiness, choose_speaker, linked_by, name_key,
    normalise_tag, rater, take_step,
};
use crate::store::common::{hex, like_literal, today};
use crate::store::{Result, StoreError};

/// The columns of a `ClaimRow`, in `claim_row`'s order; `c` is claims, `s` its speaker. Text is
/// ordered by code point (`COLLATE "C"`), as SQLite orders it, whatever the server's locale.
pub(super) const CLAIM_COLUMNS: &str = r#"
    c.id, c.text, s.name, s.role, c.said_on, c.context, c.status, c.verdict, c.verdict_label,
    ARRAY(SELECT so.name FROM appearances a JOIN sources so ON so.id = a.source_id
           WHERE a.claim_id = c.id GROUP BY so.name ORDER BY min(a.id)),
    ARRAY(SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag COLLATE "C"),
    (SELECT min(n.follow_up_on) FROM notes n
      WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL AND n.done_at IS NULL),
    c.created_at, c.updated_at, c.priority, c.priority_by, c.review_url, s.role_guessed,
    c.assignee, c.due_on, c.review_title, c.explanation, c.stage, c.approved_by, c.published_on,
    c.review_author, s.kind, c.language"#;

/// How many columns `CLAIM_COLUMNS` has; queries add theirs after.
pub(super) const CLAIM_COLUMN_COUNT: usize = 28;

/// A claim as read; a value the store cannot read (a status it does not know, a date that is
/// not one: written behind its back) is an error, not a panic.
pub(super) fn claim_row(row: &Row) -> Result<ClaimRow> {
    Ok(ClaimRow {
        id: row.try_get(0)?,
        text: row.try_get(1)?,
        speaker: row.try_get(2)?,
        speaker_role: row.try_get(3)?,
        said_on: date(row.try_get(4)?),
        context: row.try_get(5)?,
        status: row.try_get(6)?,
        verdict: row.try_get(7)?,
        verdict_label: row.try_get(8)?,
        sources: row.try_get(9)?,
        tags: row.try_get(10)?,
        follow_up: date(row.try_get(11)?),
        created_at: row.try_get(12)?,
        updated_at: row.try_get(13)?,
        priority: row
            .try_get::<_, Option<i64>>(14)?
            .map(|p| u8::try_from(p).unwrap_or(u8::MAX)),
        priority_by: row.try_get(15)?,
        review_url: row.try_get(16)?,
        speaker_role_guessed: row.try_get::<_, i64>(17)? != 0,
        assignee: row.try_get(18)?,
        due_on: date(row.try_get(19)?),
        review_title: row.try_get(20)?,
        explanation: row.try_get(21)?,
        stage: crate::domain::stage_of(row.try_get(6)?, row.try_get(22)?),
        approved_by: row.try_get(23)?,
        published_on: date(row.try_get(24)?),
        review_author: row.try_get(25)?,
        speaker_kind: row.try_get(26)?,
        language: row.try_get(27)?,
    })
}

const NOTE_COLUMNS: &str =
    "n.id, n.claim_id, n.text, n.author, n.created_at, n.follow_up_on, n.done_at";

fn note_row(row: &Row) -> Note {
    Note {
        id: row.get(0),
        claim_id: row.get(1),
        text: row.get(2),
        author: row.get(3),
        created_at: row.get(4),
        follow_up_on: date(row.get(5)),
        done_at: row.get(6),
    }
}

impl Tx<'_> {
    /// The statement for `sql`, prepared on this connection once.
    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.sql.borrow_mut().prepare(sql)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(super) fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let statement = self.statement(sql)?;
        Ok(self.sql.borrow_mut().execute(&statement, params)?)
    }

    pub(super) fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.sql.borrow_mut().query_opt(&statement, params)?)
    }

    pub(super) fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        let statement = self.statement(sql)?;
        Ok(self.sql.borrow_mut().query_one(&statement, params)?)
    }

    pub(super) fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.sql.borrow_mut().query(&statement, params)?)
    }

    /// Runs `each` once per row `select` finds, with that row's first column as `$1` and `with`
    /// after it, in `select`'s order. A statement over many rows changes them in whatever order
    /// the server likes; one row at a time, the log records them in the order SQLite's does.
    pub(super) fn row_by_row<K>(
        &self,
        select: &str,
        params: &[&(dyn ToSql + Sync)],
        each: &str,
        with: &[&(dyn ToSql + Sync)],
    ) -> Result<u64>
    where
        K: for<'r> postgres::types::FromSql<'r> + ToSql + Sync,
    {
        let mut changed = 0;
        for row in self.query(select, params)? {
            let key: K = row.get(0);
            let mut all: Vec<&(dyn ToSql + Sync)> = vec![&key];
            all.extend_from_slice(with);
            changed += self.execute(each, &all)?;
        }
        Ok(changed)
    }

    /// Records a claim, or finds the same claim (same speaker, same normalised text) and adds what
    /// is new: an appearance, tags, notes, evidence, a missing date or context.
    pub fn add_claim(&self, claim: &NewClaim) -> Result<AddOutcome> {
        let (speaker_id, speaker_created, ambiguous) = self.resolve_speaker(
            &claim.speaker,
            claim.speaker_role.as_deref(),
            claim.speaker_role_guessed,
        )?;
        self.note_speaker_kind(speaker_id, claim.speaker_kind)?;
        let derived = claim.derived();
        let key = hex(&derived.key);
        let existing = self
            .query_opt(
                "SELECT id FROM claims WHERE speaker_id = $1 AND text_key = $2",
                &[&speaker_id, &key],
            )?
            .map(|r| r.get::<_, i64>(0));
        let mut outcome = AddOutcome {
            speaker_created,
            ..AddOutcome::default()
        };
        let said_on = day(claim.said_on);
        outcome.claim_id = if let Some(id) = existing {
            self.fill_in(id, &Completion::of(claim))?;
            id
        } else {
            outcome.created = true;
            let created_at = claim.created_at.as_deref().unwrap_or(&self.now);
            let priority = i64::from(derived.priority);
            let priority_by = claim.priority.as_ref().and_then(|(_, by)| by.clone());
            let updated_at = claim.updated_at.as_deref().unwrap_or(created_at);
            let id: i64 = self
                .query_one(
                    "INSERT INTO claims (text, text_key, speaker_id, said_on, context, status,
                                         verdict, verdict_label, created_at, priority,
                                         priority_by, review_url, updated_at, assignee, due_on,
                                         review_title, explanation, review_author, language)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                             $16, $17, $18, $19)
                     RETURNING id",
                    &[
                        &claim.text.trim(),
                        &key,
                        &speaker_id,
                        &said_on,
                        &claim.context,
                        &claim.status,
                        &claim.verdict,
                        &claim.verdict_label,
                        &created_at,
                        &priority,
                        &priority_by,
                        &claim.review_url,
                        &updated_at,
                        &claim.assignee,
                        &day(claim.due_on),
                        &claim.review_title,
                        &claim.explanation,
                        &claim.review_author,
                        &claim.language,
                    ],
                )?
                .get(0);
            for past in claim.starting_history(self.actor, &self.now).iter() {
                self.execute(
                    "INSERT INTO status_history (claim_id, from_status, to_status, verdict,
                                                 verdict_label, reason, actor, at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[
                        &id,
                        &past.from,
                        &past.to,
                        &past.verdict,
                        &past.verdict_label,
                        &past.reason,
                        &past.actor,
                        &past.at,
                    ],
                )?;
            }
            id
        };
        let id = outcome.claim_id;
        for source in claim.sources.iter().filter(|s| !s.is_empty()) {
            let (source_id, source_created) = self.find_or_create_source(source)?;
            outcome.sources_created += usize::from(source_created);
            let added_at = source.added_at.as_deref().unwrap_or(&self.now);
            outcome.appearances_added += usize::try_from(self.execute(
                "INSERT INTO appearances (claim_id, source_id, added_at) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&id, &source_id, &added_at],
            )?)
            .unwrap_or(0);
        }
        let fresh = outcome.created;
        self.insert_tags(id, &claim.tags, fresh)?;
        if ambiguous {
            self.insert_tags(id, &[NEEDS_SPEAKER_TAG.to_string()], fresh)?;
        }
        self.add_notes_and_evidence(id, claim, fresh)?;
        Ok(outcome)
    }

    /// A record's notes (each once) and evidence, on claim `id` (`fresh`: created just now).
    pub(super) fn add_notes_and_evidence(
        &self,
        id: i64,
        claim: &NewClaim,
        fresh: bool,
    ) -> Result<()> {
        for note in &claim.notes {
            if !self.has_note(id, &note.text)? {
                self.insert_note(id, note, fresh)?;
            }
        }
        for evidence in &claim.evidence {
            self.insert_evidence(id, evidence, fresh)?;
        }
        Ok(())
    }

    /// The speaker a name means (`domain::choose_speaker`), created when new; a role fills in a
    /// missing one, and a given role replaces a guessed one. Returns (id, created, ambiguous).
    /// Fills in what a tracked claim lacks from a sighting of it again (`domain::Completion`).
    pub(super) fn fill_in(&self, id: i64, fill: &Completion) -> Result<()> {
        if !fill.is_empty() {
            self.execute(
                "UPDATE claims SET said_on = coalesce(said_on, $2), context = coalesce(context, $3),
                        review_url = coalesce(review_url, $5),
                        review_title = coalesce(review_title, $6), updated_at = $4
                  WHERE id = $1 AND ((said_on IS NULL AND $2::TEXT IS NOT NULL)
                                     OR (context IS NULL AND $3::TEXT IS NOT NULL)
                                     OR (review_url IS NULL AND $5::TEXT IS NOT NULL)
                                     OR (review_title IS NULL AND $6::TEXT IS NOT NULL))",
                &[
                    &id,
                    &day(fill.said_on),
                    &fill.context,
                    &self.now,
                    &fill.review_url,
                    &fill.review_title,
                ],
            )?;
        }
        Ok(())
    }

    /// What the input says of a speaker's kind, kept where nobody has said anything yet.
    pub(super) fn note_speaker_kind(
        &self,
        speaker_id: i64,
        kind: Option<SpeakerKind>,
    ) -> Result<()> {
        if let Some(kind) = kind {
            self.execute(
                "UPDATE speakers SET kind = $2 WHERE id = $1 AND kind IS NULL",
                &[&speaker_id, &kind],
            )?;
        }
        Ok(())
    }

    pub(super) fn resolve_speaker(
        &self,
        name: &str,
        role: Option<&str>,
        guessed: bool,
    ) -> Result<(i64, bool, bool)> {
        // How sure the role this brings is: none, guessed, given. A name seen in this transaction
        // with a role at least as sure needs no second look.
        let incoming = match role {
            None => 0,
            Some(_) if guessed => 1,
            Some(_) => 2,
        };
        if let Some(&(id, ambiguous, known)) = self.speakers.borrow().get(name)
            && known >= incoming
        {
            return Ok((id, false, ambiguous));
        }
        let (id, created, ambiguous) = self.find_or_create_speaker(name, role, guessed)?;
        let mut speakers = self.speakers.borrow_mut();
        let known = speakers.get(name).map_or(0, |s| s.2).max(incoming);
        speakers.insert(name.to_string(), (id, ambiguous, known));
        Ok((id, created, ambiguous))
    }

    fn find_or_create_speaker(
        &self,
        name: &str,
        role: Option<&str>,
        guessed: bool,
    ) -> Result<(i64, bool, bool)> {
        let key = name_key(name);
        let matched = self
            .query_opt(
                "SELECT id, 0::BIGINT FROM speakers WHERE name_key = $1
                 UNION ALL SELECT speaker_id, 1 FROM speaker_aliases WHERE alias_key = $1 LIMIT 1",
                &[&key],
            )?
            .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1) == 1));
        let one_word = !key.contains(' ');
        let holders: Vec<i64> = if one_word && !matched.is_some_and(|(_, alias)| alias) {
            self.query(
                "SELECT id FROM speakers WHERE name_key LIKE '% ' || $1 AND id <> $2 LIMIT 2",
                &[&like_literal(&key), &matched.map_or(0, |(id, _)| id)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect()
        } else {
            Vec::new()
        };
        let SpeakerChoice { id, ambiguous } = choose_speaker(one_word, matched, &holders);
        let guessed = i64::from(guessed);
        if let Some(id) = id {
            if let Some(role) = role {
                self.execute(
                    "UPDATE speakers SET role = $2, role_guessed = $3::BIGINT
                      WHERE id = $1 AND (role IS NULL OR (role_guessed = 1 AND $3::BIGINT = 0))",
                    &[&id, &role, &guessed],
                )?;
            }
            return Ok((id, false, ambiguous));
        }
        let id = self
            .query_one(
                "INSERT INTO speakers (name, name_key, role, role_guessed, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &name.trim(),
                    &key,
                    &role,
                    &if role.is_some() { guessed } else { 0 },
                    &self.now,
                ],
            )?
            .get(0);
        Ok((id, true, ambiguous))
    }

    /// Finds a source by URL (or by name when it has none), creating one when new and filling in
    /// what was missing.
    fn find_or_create_source(&self, source: &SourceRef) -> Result<(i64, bool)> {
        let name = source.stored_name();
        let key = name_key(&name);
        let found = match &source.url {
            Some(url) => self.query_opt("SELECT id FROM sources WHERE url = $1", &[url])?,
            None => self.query_opt(
                "SELECT id FROM sources WHERE name_key = $1 AND url IS NULL",
                &[&key],
            )?,
        };
        let published = day(source.published_on);
        if let Some(row) = found {
            let id: i64 = row.get(0);
            self.execute(
                "UPDATE sources SET title = coalesce(title, $2),
                        published_on = coalesce(published_on, $3)
                  WHERE id = $1 AND ((title IS NULL AND $2::TEXT IS NOT NULL)
                                     OR (published_on IS NULL AND $3::TEXT IS NOT NULL))",
                &[&id, &source.title, &published],
            )?;
            return Ok((id, false));
        }
        let id = self
            .query_one(
                "INSERT INTO sources (name, name_key, title, url, kind, published_on, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &name.trim(),
                    &key,
                    &source.title,
                    &source.url,
                    &source.kind.unwrap_or(SourceKind::Article),
                    &published,
                    &self.now,
                ],
            )?
            .get(0);
        Ok((id, true))
    }

    pub(super) fn record_history(
        &self,
        claim_id: i64,
        from: Option<Status>,
        to: Status,
        verdict: Option<Verdict>,
        label: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO status_history (claim_id, from_status, to_status, verdict, verdict_label,
                                         reason, actor, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &claim_id,
                &from,
                &to,
                &verdict,
                &label,
                &reason,
                &self.actor,
                &self.now,
            ],
        )?;
        Ok(())
    }

    pub fn ensure_claim(&self, id: i64) -> Result<()> {
        match self.query_opt("SELECT 1 FROM claims WHERE id = $1", &[&id])? {
            Some(_) => Ok(()),
            None => Err(StoreError::ClaimNotFound(id)),
        }
    }

    /// Marks a claim changed now, unless this transaction just created it.
    pub(super) fn touch(&self, id: i64, fresh: bool) -> Result<()> {
        if !fresh {
            self.execute(
                "UPDATE claims SET updated_at = $2 WHERE id = $1",
                &[&id, &self.now],
            )?;
        }
        Ok(())
    }

    /// Takes a sign-off step on claim `id`'s check (`domain::take_step`), logged.
    pub fn sign_off(&self, id: i64, step: &SignOff) -> Result<Stepped> {
        let row = self
            .query_opt(
                "SELECT status, stage, approved_by, published_on, review_author IS NOT NULL,
                        rated_by
                   FROM claims WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            .ok_or(StoreError::ClaimNotFound(id))?;
        // Who last changed the finding, as recorded since step 12 (8 as first edited); before, the
        // history says.
        let rated_by = if let Some(who) = row.get::<_, Option<String>>(5) {
            who
        } else {
            let history: Vec<Rated> = self
                .query(
                    "SELECT to_status, verdict, verdict_label, actor FROM status_history
                      WHERE claim_id = $1 ORDER BY id",
                    &[&id],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
                .collect();
            rater(&history)
        };
        let check = CheckState {
            status: row.get(0),
            stage: row.get(1),
            rated_by,
            approved_by: row.get(2),
            published_on: date(row.get(3)),
            imported: row.get(4),
        };
        let stepped = take_step(id, step, &check, self.actor, today(&self.now))?;
        self.execute(
            "UPDATE claims SET stage = $2, approved_by = $3, published_on = $4,
                               review_url = coalesce($5, review_url), updated_at = $6,
                               review_author = CASE WHEN $2::TEXT = 'published' THEN NULL
                                                    ELSE review_author END
              WHERE id = $1",
            &[
                &id,
                &stepped.stage,
                &stepped.approved_by,
                &stepped.published_on.map(Day),
                &step.review_url,
                &self.now,
            ],
        )?;
        let action = step.step.map_or("approve", Step::as_str);
        self.log(action, Some(id), None, &stepped.log)?;
        Ok(stepped)
    }

    /// Moves a claim to a new status and records it in the history (`domain::after_change`).
    pub fn change_status(&self, id: i64, change: &StatusChange) -> Result<PastChange> {
        let row = self
            .query_opt(
                "SELECT status, verdict, verdict_label, explanation, stage FROM claims
                  WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            .ok_or(StoreError::ClaimNotFound(id))?;
        let (from, old_verdict, old_label): (Status, Option<Verdict>, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        let after = crate::store::common::after_change(
            id,
            change,
            (from, old_verdict, old_label.clone()),
            row.get(3),
            row.get(4),
        )?;
        let (verdict, label) = (after.verdict, after.label.clone());
        self.execute(
            "UPDATE claims SET status = $2, verdict = $3, verdict_label = $4, updated_at = $5,
                               review_url = coalesce($6, review_url),
                               review_title = coalesce($7, review_title),
                               explanation = $8, stage = $9,
                               approved_by = CASE WHEN $9::TEXT IS NULL THEN NULL ELSE approved_by END,
                               published_on = CASE WHEN $9::TEXT IS NULL THEN NULL ELSE published_on END,
                               rated_by = CASE WHEN $10 THEN $11 ELSE rated_by END,
                               review_author = CASE WHEN $10 THEN NULL ELSE review_author END
              WHERE id = $1",
            &[
                &id,
                &change.status,
                &verdict,
                &label,
                &self.now,
                &change.review_url,
                &change.review_title,
                &after.explanation,
                &after.stage,
                &after.changes_finding,
                &self.actor,
            ],
        )?;
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

    pub fn add_evidence(&self, id: i64, evidence: &NewEvidence) -> Result<bool> {
        self.insert_evidence(id, evidence, false)
    }

    /// Links evidence; the same URL twice is one piece of evidence. True when added.
    pub(super) fn insert_evidence(
        &self,
        id: i64,
        evidence: &NewEvidence,
        fresh: bool,
    ) -> Result<bool> {
        let added = self.execute(
            "INSERT INTO evidence (claim_id, url, title, stance, added_by, added_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                &id,
                &evidence.url,
                &evidence.title,
                &evidence.stance,
                &evidence.added_by.as_deref().unwrap_or(self.actor),
                &evidence.added_at.as_deref().unwrap_or(&self.now),
            ],
        )? > 0;
        if added {
            self.touch(id, fresh)?;
        }
        Ok(added)
    }

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
        Ok(self.execute(
            "INSERT INTO claim_links (claim_id, repeats_id, score, linked_by, linked_at)
             SELECT $1::BIGINT, $2::BIGINT, $3::DOUBLE PRECISION, $4::TEXT, $5::TEXT
              WHERE NOT EXISTS (SELECT 1 FROM claim_links
                                 WHERE claim_id IN ($1, $2) AND repeats_id IN ($1, $2))",
            &[&claim, &repeats, &score, &by, &at],
        )? > 0)
    }

    pub fn unlink(&self, a: i64, b: i64) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM claim_links WHERE claim_id IN ($1, $2) AND repeats_id IN ($1, $2)",
            &[&a, &b],
        )? > 0)
    }

    pub fn add_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        self.insert_tags(id, tags, false)
    }

    /// Adds tags (normalised; existing ones ignored). Returns how many were new.
    pub(super) fn insert_tags(&self, id: i64, tags: &[String], fresh: bool) -> Result<usize> {
        let mut added = 0;
        for tag in tags.iter().filter_map(|t| normalise_tag(t)) {
            let inserted = self.execute(
                "INSERT INTO claim_tags (claim_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, &tag],
            )?;
            if inserted > 0 && self.newest_before.is_some_and(|newest| id <= newest) {
                // A large load logs what it adds as ranges; a tag on an older claim is logged as
                // the trigger would have logged it.
                let op = self.op.borrow().id;
                self.execute(
                    "INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
                     VALUES ($1, 'claim_tags', jsonb_build_array($2::BIGINT, $3::TEXT)::TEXT, $2,
                             NULL, jsonb_build_object('claim_id', $2::BIGINT, 'tag', $3::TEXT)::TEXT)",
                    &[&op, &id, &tag],
                )?;
            }
            added += inserted;
        }
        if added > 0 {
            self.touch(id, fresh)?;
        }
        Ok(usize::try_from(added).unwrap_or(usize::MAX))
    }

    pub fn remove_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        let mut removed = 0;
        for tag in tags.iter().filter_map(|t| normalise_tag(t)) {
            removed += self.execute(
                "DELETE FROM claim_tags WHERE claim_id = $1 AND tag = $2",
                &[&id, &tag],
            )?;
        }
        if removed > 0 {
            self.touch(id, false)?;
        }
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }

    /// Gives a claim to a checker (or nobody), logged as a correction; who had it before.
    pub fn set_assignee(&self, id: i64, assignee: Option<&str>) -> Result<Option<String>> {
        let old: Option<String> = self
            .query_opt(
                "SELECT assignee FROM claims WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            .ok_or(StoreError::ClaimNotFound(id))?
            .get(0);
        if old.as_deref() != assignee {
            self.execute(
                "UPDATE claims SET assignee = $2, updated_at = $3 WHERE id = $1",
                &[&id, &assignee, &self.now],
            )?;
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
    pub fn set_due(
        &self,
        id: i64,
        due: Option<chrono::NaiveDate>,
    ) -> Result<Option<chrono::NaiveDate>> {
        let old = date(
            self.query_opt("SELECT due_on FROM claims WHERE id = $1 FOR UPDATE", &[&id])?
                .ok_or(StoreError::ClaimNotFound(id))?
                .get(0),
        );
        if old != due {
            self.execute(
                "UPDATE claims SET due_on = $2, updated_at = $3 WHERE id = $1",
                &[&id, &day(due), &self.now],
            )?;
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
            .query_opt("SELECT text FROM claims WHERE id = $1", &[&id])?
            .ok_or(StoreError::ClaimNotFound(id))?
            .get(0);
        let (value, by) = match priority {
            Some(p) => (p, Some(self.actor)),
            None => (check_worthiness(&text).priority(), None),
        };
        self.execute(
            "UPDATE claims SET priority = $2, priority_by = $3, updated_at = $4 WHERE id = $1",
            &[&id, &i64::from(value), &by, &self.now],
        )?;
        Ok(value)
    }

    pub fn add_note(&self, claim_id: i64, note: &NewNote) -> Result<i64> {
        self.ensure_claim(claim_id)?;
        self.insert_note(claim_id, note, false)
    }

    fn has_note(&self, claim_id: i64, text: &str) -> Result<bool> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM notes WHERE claim_id = $1 AND text = $2",
                &[&claim_id, &text],
            )?
            .is_some())
    }

    /// Adds a note unless the claim already has one with the same text.
    pub fn add_note_once(&self, claim_id: i64, note: &NewNote) -> Result<Option<i64>> {
        if self.has_note(claim_id, &note.text)? {
            return Ok(None);
        }
        self.insert_note(claim_id, note, false).map(Some)
    }

    fn insert_note(&self, claim_id: i64, note: &NewNote, fresh: bool) -> Result<i64> {
        let id = self
            .query_one(
                "INSERT INTO notes (claim_id, text, author, created_at, follow_up_on, done_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &claim_id,
                    &note.text,
                    &note.author.as_deref().unwrap_or(self.actor),
                    &note.created_at.as_deref().unwrap_or(&self.now),
                    &day(note.follow_up_on),
                    &note.done_at,
                ],
            )?
            .get(0);
        self.touch(claim_id, fresh)?;
        Ok(id)
    }

    /// Closes a follow-up. Returns false when it was already done.
    pub fn mark_done(&self, note_id: i64) -> Result<bool> {
        let row = self
            .query_opt(
                "SELECT claim_id, follow_up_on, done_at FROM notes WHERE id = $1",
                &[&note_id],
            )?
            .ok_or(StoreError::NoteNotFound(note_id))?;
        let (claim_id, follow_up, done): (i64, Option<String>, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        if follow_up.is_none() {
            return Err(StoreError::NotAFollowUp(note_id));
        }
        if done.is_some() {
            return Ok(false);
        }
        self.execute(
            "UPDATE notes SET done_at = $2 WHERE id = $1",
            &[&note_id, &self.now],
        )?;
        self.touch(claim_id, false)?;
        Ok(true)
    }
}

impl Store {
    /// A read. Without parameters it is sent as is, in one round trip; with them it is prepared
    /// once per connection (the parameters' types come from the server), so a read made per
    /// claim (`export`, `report`) is parsed and planned once.
    pub(super) fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        if params.is_empty() {
            return Ok(on_conn!(&mut *self.client.borrow_mut(), c => c.query_typed(sql, &[]))?);
        }
        let cached = self.statements.borrow().get(sql).cloned();
        let statement = if let Some(statement) = cached {
            statement
        } else {
            let statement = on_conn!(&mut *self.client.borrow_mut(), c => c.prepare(sql))?;
            self.statements
                .borrow_mut()
                .insert(sql.to_string(), statement.clone());
            statement
        };
        Ok(on_conn!(&mut *self.client.borrow_mut(), c => c.query(&statement, params))?)
    }

    pub(super) fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub fn claim(&self, id: i64) -> Result<ClaimRow> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id
              WHERE c.id = $1"
        );
        match self.query_opt(&sql, &[&id])? {
            Some(row) => claim_row(&row),
            None => Err(self.gone(id)),
        }
    }

    /// Why there is no claim `id`: merged into another (say which), else not found.
    fn gone(&self, id: i64) -> StoreError {
        let end = self.query_opt(
            "SELECT action, (detail::jsonb ->> 'into')::BIGINT, at, detail::jsonb ->> 'why'
               FROM change_log WHERE claim_id = $1 AND action IN ('delete', 'claim_merge')
              ORDER BY id DESC LIMIT 1",
            &[&id],
        );
        match end {
            Ok(Some(row)) if row.get::<_, String>(0) == "claim_merge" => {
                match row.get::<_, Option<i64>>(1) {
                    Some(into) => StoreError::ClaimMerged {
                        id,
                        into,
                        at: row.get(2),
                        why: row.get::<_, Option<String>>(3).unwrap_or_default(),
                    },
                    None => StoreError::ClaimNotFound(id),
                }
            }
            Ok(_) => StoreError::ClaimNotFound(id),
            Err(e) => e,
        }
    }

    pub fn detail_of(&self, claim: ClaimRow) -> Result<ClaimDetail> {
        Ok(self.details_of(vec![claim])?.remove(0))
    }

    /// Everything about each of `ids`, in that order: a statement a kind of row for them all.
    pub fn details(&self, ids: &[i64]) -> Result<Vec<ClaimDetail>> {
        self.details_of(self.claims(ids)?)
    }

    /// Each of `ids`, in that order, read with one statement.
    pub fn claims(&self, ids: &[i64]) -> Result<Vec<ClaimRow>> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id
              WHERE c.id = ANY($1)"
        );
        let mut found: HashMap<i64, ClaimRow> = HashMap::new();
        for row in self.query(&sql, &[&ids])? {
            let claim = claim_row(&row)?;
            found.insert(claim.id, claim);
        }
        ids.iter()
            .map(|id| found.remove(id).ok_or_else(|| self.gone(*id)))
            .collect()
    }

    /// The details of claims already read (see SQLite's).
    fn details_of(&self, claims: Vec<ClaimRow>) -> Result<Vec<ClaimDetail>> {
        let ids: Vec<i64> = claims.iter().map(|c| c.id).collect();
        let mut appearances: HashMap<i64, Vec<Appearance>> = HashMap::new();
        for r in self.query(
            "SELECT a.claim_id, so.id, so.name, so.title, so.url, so.kind, so.published_on,
                    a.added_at
               FROM appearances a JOIN sources so ON so.id = a.source_id
              WHERE a.claim_id = ANY($1) ORDER BY a.claim_id, a.added_at, a.id",
            &[&ids],
        )? {
            let list = appearances.entry(r.get(0)).or_default();
            list.push(Appearance {
                source_id: r.get(1),
                name: r.get(2),
                title: r.get(3),
                url: r.get(4),
                kind: r.get(5),
                published_on: date(r.get::<_, Option<Day>>(6)),
                added_at: r.get(7),
                first: list.is_empty(),
            });
        }
        let mut history: HashMap<i64, Vec<HistoryEntry>> = HashMap::new();
        for r in self.query(
            "SELECT claim_id, id, from_status, to_status, verdict, verdict_label, reason, actor, at
               FROM status_history WHERE claim_id = ANY($1) ORDER BY claim_id, id",
            &[&ids],
        )? {
            history.entry(r.get(0)).or_default().push(HistoryEntry {
                id: r.get(1),
                change: PastChange {
                    from: r.get(2),
                    to: r.get(3),
                    verdict: r.get(4),
                    verdict_label: r.get(5),
                    reason: r.get(6),
                    actor: r.get(7),
                    at: r.get(8),
                },
            });
        }
        let mut evidence: HashMap<i64, Vec<Evidence>> = HashMap::new();
        for r in self.query(
            "SELECT claim_id, id, url, title, stance, added_by, added_at FROM evidence
              WHERE claim_id = ANY($1) ORDER BY claim_id, id",
            &[&ids],
        )? {
            evidence.entry(r.get(0)).or_default().push(Evidence {
                id: r.get(1),
                url: r.get(2),
                title: r.get(3),
                stance: r.get(4),
                added_by: r.get(5),
                added_at: r.get(6),
            });
        }
        let mut notes: HashMap<i64, Vec<Note>> = HashMap::new();
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM notes n WHERE n.claim_id = ANY($1) ORDER BY n.claim_id, n.id"
        );
        for r in self.query(&sql, &[&ids])? {
            let note = note_row(&r);
            notes.entry(note.claim_id).or_default().push(note);
        }
        let mut corrections: HashMap<i64, Vec<Correction>> = HashMap::new();
        let sql = crate::store::common::corrections_of("(SELECT unnest($1::BIGINT[]))");
        for r in self.query(&sql, &[&ids])? {
            corrections.entry(r.get(0)).or_default().push(Correction {
                action: r.get(1),
                actor: r.get(2),
                at: r.get(3),
                detail: serde_json::from_str(r.get(4)).unwrap_or(serde_json::Value::Null),
            });
        }
        let mut links: HashMap<i64, Vec<Link>> = HashMap::new();
        let sql = crate::store::common::links_of("(SELECT unnest($1::BIGINT[]))");
        for r in self.query(&sql, &[&ids])? {
            links.entry(r.get(0)).or_default().push(Link {
                id: r.get(1),
                relation: crate::store::common::relation(i64::from(r.get::<_, i32>(2))),
                score: r.get(3),
                by: r.get(4),
                at: r.get(5),
                text: r.get(6),
                speaker: r.get(7),
                status: r.get(8),
                verdict: r.get(9),
                rated_by: r.get(10),
                rated_at: r.get(11),
            });
        }
        Ok(claims
            .into_iter()
            .map(|claim| {
                let id = claim.id;
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

    pub fn notes_of(&self, claim_id: i64) -> Result<Vec<Note>> {
        let sql = format!("SELECT {NOTE_COLUMNS} FROM notes n WHERE n.claim_id = $1 ORDER BY n.id");
        Ok(self
            .query(&sql, &[&claim_id])?
            .iter()
            .map(note_row)
            .collect())
    }

    pub fn follow_ups(&self, due_by: Option<chrono::NaiveDate>) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {NOTE_COLUMNS}, c.text, s.name, c.status
               FROM notes n JOIN claims c ON c.id = n.claim_id JOIN speakers s ON s.id = c.speaker_id
              WHERE n.follow_up_on IS NOT NULL AND n.done_at IS NULL
                AND ($1::TEXT IS NULL OR n.follow_up_on <= $1)
              ORDER BY n.follow_up_on, n.id"
        );
        Ok(self
            .query(&sql, &[&day(due_by)])?
            .iter()
            .map(|r| FollowUp {
                note: note_row(r),
                claim_text: r.get(7),
                speaker: r.get(8),
                status: r.get(9),
            })
            .collect())
    }

    pub fn claim_count(&self) -> Result<i64> {
        Ok(self
            .query("SELECT count(*) FROM claims", &[])?
            .first()
            .map_or(0, |r| r.get(0)))
    }
}
