//! Speakers on PostgreSQL: finding them by name, alias or part of a name, and correcting them
//! (aliases, merges), as SQLite's `speakers` does.

use postgres::GenericClient;

use super::{Conn, Store, Tx, on_conn};
use crate::domain::{MergeOutcome, Speaker, SpeakerCard, SpeakerKind, Status, Verdict, name_key};
use crate::store::common::word_pattern;
use crate::store::{Result, StoreError};

fn speaker_by_id(sql: &mut impl GenericClient, id: i64) -> Result<Speaker> {
    let row = sql.query_one(
        "SELECT name, role, affiliation, role_guessed FROM speakers WHERE id = $1",
        &[&id],
    )?;
    let aliases = sql
        .query(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = $1 ORDER BY alias COLLATE \"C\"",
            &[&id],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(Speaker {
        id,
        name: row.get(0),
        role: row.get(1),
        role_guessed: row.get::<_, i64>(3) != 0,
        affiliation: row.get(2),
        aliases,
    })
}

/// The speaker a person means by `name`: the exact name or an alias, else the one speaker whose
/// name contains these words.
fn find_speaker(sql: &mut impl GenericClient, name: &str) -> Result<Speaker> {
    let key = name_key(name);
    let exact = sql.query_opt(
        "SELECT id FROM speakers WHERE name_key = $1
         UNION ALL SELECT speaker_id FROM speaker_aliases WHERE alias_key = $1 LIMIT 1",
        &[&key],
    )?;
    if let Some(row) = exact {
        return speaker_by_id(sql, row.get(0));
    }
    let matches: Vec<(i64, String)> = sql
        .query(
            "SELECT id, name FROM speakers WHERE (' ' || name_key || ' ') LIKE $1
              ORDER BY name COLLATE \"C\" LIMIT 11",
            &[&word_pattern(&key)],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    match matches.as_slice() {
        [] => Err(StoreError::SpeakerNotFound(name.trim().to_string())),
        [(id, _)] => speaker_by_id(sql, *id),
        many => Err(StoreError::SpeakerAmbiguous {
            name: name.trim().to_string(),
            candidates: many.iter().map(|(_, n)| n.clone()).collect(),
        }),
    }
}

impl Tx<'_> {
    /// Says what sort of speaker `name` is (logged); the speaker and the kind said before.
    pub fn set_speaker_kind(
        &self,
        name: &str,
        kind: SpeakerKind,
    ) -> Result<(Speaker, Option<SpeakerKind>)> {
        let speaker = find_speaker(&mut *self.sql.borrow_mut(), name)?;
        let before: Option<SpeakerKind> = self
            .query_one(
                "SELECT kind FROM speakers WHERE id = $1 FOR UPDATE",
                &[&speaker.id],
            )?
            .get(0);
        if before != Some(kind) {
            self.execute(
                "UPDATE speakers SET kind = $2 WHERE id = $1",
                &[&speaker.id, &kind],
            )?;
            self.log(
                "speaker_kind",
                None,
                Some(speaker.id),
                &serde_json::json!({ "kind": { "old": before, "new": kind } }),
            )?;
        }
        Ok((speaker, before))
    }

    /// Gives a speaker a new name (see SQLite's `rename_speaker`).
    pub fn rename_speaker(&self, name: &str, new: &str) -> Result<Speaker> {
        let mut sql = self.sql.borrow_mut();
        let speaker = find_speaker(&mut *sql, name)?;
        if speaker.name == new {
            return Ok(speaker);
        }
        let key = name_key(new);
        let owner = sql.query_opt(crate::store::common::SPEAKER_OF_KEY, &[&key])?;
        if let Some(row) = owner
            && row.get::<_, i64>(0) != speaker.id
        {
            return Err(StoreError::AliasTaken {
                alias: new.to_string(),
                owner: row.get(1),
            });
        }
        let old_key = name_key(&speaker.name);
        sql.execute("DELETE FROM speaker_aliases WHERE alias_key = $1", &[&key])?;
        sql.execute(
            "UPDATE speakers SET name = $2, name_key = $3 WHERE id = $1",
            &[&speaker.id, &new, &key],
        )?;
        if old_key != key {
            sql.execute(
                "INSERT INTO speaker_aliases (alias_key, alias, speaker_id) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&old_key, &speaker.name, &speaker.id],
            )?;
        }
        drop(sql);
        self.log(
            "speaker_rename",
            None,
            Some(speaker.id),
            &serde_json::json!({ "name": { "old": speaker.name, "new": new } }),
        )?;
        Ok(speaker)
    }

    pub fn add_alias(&self, name: &str, alias: &str) -> Result<(Speaker, bool)> {
        let mut sql = self.sql.borrow_mut();
        let speaker = find_speaker(&mut *sql, name)?;
        let key = name_key(alias);
        let owner = sql.query_opt(crate::store::common::SPEAKER_OF_KEY, &[&key])?;
        if let Some(row) = owner {
            if row.get::<_, i64>(0) == speaker.id {
                return Ok((speaker, false));
            }
            return Err(StoreError::AliasTaken {
                alias: alias.trim().to_string(),
                owner: row.get(1),
            });
        }
        sql.execute(
            "INSERT INTO speaker_aliases (alias_key, alias, speaker_id) VALUES ($1, $2, $3)",
            &[&key, &alias.trim(), &speaker.id],
        )?;
        drop(sql);
        self.log(
            "speaker_alias",
            None,
            Some(speaker.id),
            &serde_json::json!({ "alias": alias.trim() }),
        )?;
        Ok((
            speaker_by_id(&mut *self.sql.borrow_mut(), speaker.id)?,
            true,
        ))
    }

    /// Makes two speakers one (see SQLite's `merge_speakers`).
    pub fn merge_speakers(&self, from: &str, into: &str) -> Result<MergeOutcome> {
        let (gone, kept) = {
            let mut sql = self.sql.borrow_mut();
            (
                find_speaker(&mut *sql, from)?,
                find_speaker(&mut *sql, into)?,
            )
        };
        if name_key(&gone.name) != name_key(from) {
            return Err(StoreError::MergeByOtherName {
                given: from.trim().to_string(),
                speaker: gone.name,
            });
        }
        if gone.id == kept.id {
            return Err(StoreError::SameSpeaker(kept.name));
        }
        let pairs: Vec<(i64, i64)> = self
            .query(
                "SELECT f.id, k.id FROM claims f
                   JOIN claims k ON k.speaker_id = $2 AND k.text_key = f.text_key
                  WHERE f.speaker_id = $1 ORDER BY f.id",
                &[&gone.id, &kept.id],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let why = format!("speaker {} was merged into {}", gone.name, kept.name);
        for &(dup, keep) in &pairs {
            self.merge_claim(dup, keep, &format!("merged claim {dup}: {why}"))?;
            self.log(
                "claim_merge",
                Some(dup),
                Some(kept.id),
                &serde_json::json!({ "into": keep, "why": why }),
            )?;
        }
        let change = serde_json::json!({
            "speaker": { "old": gone.name, "new": kept.name }, "by": "speaker merge"
        })
        .to_string();
        self.execute(
            "INSERT INTO change_log (at, actor, action, claim_id, speaker_id, detail)
             SELECT $3, $4, 'speaker_change', id, $2, $5 FROM claims WHERE speaker_id = $1
              ORDER BY id",
            &[&gone.id, &kept.id, &self.now, &self.actor, &change],
        )?;
        let moved = self.row_by_row::<i64>(
            "SELECT id FROM claims WHERE speaker_id = $1 ORDER BY id",
            &[&gone.id],
            "UPDATE claims SET speaker_id = $2, updated_at = $3 WHERE id = $1",
            &[&kept.id, &self.now],
        )?;
        self.row_by_row::<String>(
            "SELECT alias_key FROM speaker_aliases WHERE speaker_id = $1 ORDER BY alias_key COLLATE \"C\"",
            &[&gone.id],
            "UPDATE speaker_aliases SET speaker_id = $2 WHERE alias_key = $1",
            &[&kept.id],
        )?;
        self.execute(
            "INSERT INTO speaker_aliases (alias_key, alias, speaker_id)
             SELECT name_key, name, $2 FROM speakers WHERE id = $1 ON CONFLICT DO NOTHING",
            &[&gone.id, &kept.id],
        )?;
        let gone_guessed = i64::from(gone.role.is_some() && gone.role_guessed);
        self.execute(
            // The surer role stays: a given one over a guessed one, the kept one on a tie.
            "UPDATE speakers
                SET role = CASE WHEN role IS NULL OR (role_guessed = 1 AND $2::TEXT IS NOT NULL
                                                      AND $4::BIGINT = 0)
                                THEN $2 ELSE role END,
                    role_guessed = CASE WHEN role IS NULL OR (role_guessed = 1 AND $2::TEXT IS NOT NULL
                                                              AND $4::BIGINT = 0)
                                        THEN $4 ELSE role_guessed END,
                    affiliation = coalesce(affiliation, $3),
                    kind = coalesce(kind, (SELECT kind FROM speakers WHERE id = $5))
              WHERE id = $1",
            &[&kept.id, &gone.role, &gone.affiliation, &gone_guessed, &gone.id],
        )?;
        self.execute("DELETE FROM speakers WHERE id = $1", &[&gone.id])?;
        let detail = serde_json::json!({
            "from": { "id": gone.id, "name": gone.name, "role": gone.role, "affiliation": gone.affiliation },
            "claims_moved": moved,
            "claims_merged": pairs,
        });
        self.log("speaker_merge", None, Some(kept.id), &detail)?;
        Ok(MergeOutcome {
            into: speaker_by_id(&mut *self.sql.borrow_mut(), kept.id)?,
            from: gone.name,
            claims_moved: usize::try_from(moved).unwrap_or(usize::MAX),
            claims_merged: pairs.len(),
        })
    }

    /// Folds claim `dup` into `keep`: everything attached moves, then `dup` is deleted.
    fn merge_claim(&self, dup: i64, keep: i64, reason: &str) -> Result<()> {
        let check = |id: i64| -> Result<(Status, Option<crate::domain::Stage>)> {
            let row = self.query_one(crate::store::common::CHECK_OF, &[&id])?;
            Ok((row.try_get(0)?, row.try_get(1)?))
        };
        let before = check(keep)?.0;
        if crate::domain::finding_moves(check(dup)?, check(keep)?) {
            self.execute(crate::store::common::TAKE_FINDING, &[&dup, &keep])?;
        }
        // Row by row where many rows change, in SQLite's order (see `row_by_row`).
        let move_rows = |table: &str| {
            self.row_by_row::<i64>(
                &format!("SELECT id FROM {table} WHERE claim_id = $1 ORDER BY id"),
                &[&dup],
                &format!("UPDATE {table} SET claim_id = $2 WHERE id = $1"),
                &[&keep],
            )
        };
        let copy = |sql: &str| self.execute(sql, &[&dup, &keep]);
        copy(
            "INSERT INTO appearances (claim_id, source_id, added_at)
               SELECT $2, source_id, added_at FROM appearances WHERE claim_id = $1 ORDER BY id
             ON CONFLICT DO NOTHING",
        )?;
        move_rows("notes")?;
        copy(
            "INSERT INTO evidence (claim_id, url, title, stance, added_by, added_at)
               SELECT $2, url, title, stance, added_by, added_at FROM evidence WHERE claim_id = $1
              ORDER BY id
             ON CONFLICT DO NOTHING",
        )?;
        copy(
            "INSERT INTO claim_tags (claim_id, tag)
               SELECT $2, tag FROM claim_tags WHERE claim_id = $1 ORDER BY tag COLLATE \"C\"
             ON CONFLICT DO NOTHING",
        )?;
        move_rows("status_history")?;
        copy(
            "UPDATE claims SET said_on = coalesce(said_on, (SELECT said_on FROM claims WHERE id = $1)),
                               context = coalesce(context, (SELECT context FROM claims WHERE id = $1))
              WHERE id = $2",
        )?;
        // Links move to the claim kept, one by one in id order; one that would link it to
        // itself, or that it has already, goes.
        let links = self.query(
            "SELECT id, claim_id, repeats_id FROM claim_links
              WHERE claim_id = $1 OR repeats_id = $1 ORDER BY id",
            &[&dup],
        )?;
        for row in links {
            let (id, claim, repeats): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
            let moved = |c: i64| if c == dup { keep } else { c };
            let (claim, repeats) = (moved(claim), moved(repeats));
            let taken: bool = self
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM claim_links WHERE id <> $1
                                      AND claim_id IN ($2, $3) AND repeats_id IN ($2, $3))",
                    &[&id, &claim, &repeats],
                )?
                .get(0);
            if claim == repeats || taken {
                self.execute("DELETE FROM claim_links WHERE id = $1", &[&id])?;
            } else {
                self.execute(
                    "UPDATE claim_links SET claim_id = $2, repeats_id = $3 WHERE id = $1",
                    &[&id, &claim, &repeats],
                )?;
            }
        }
        for table in ["appearances", "evidence"] {
            self.row_by_row::<i64>(
                &format!("SELECT id FROM {table} WHERE claim_id = $1 ORDER BY id"),
                &[&dup],
                &format!("DELETE FROM {table} WHERE id = $1"),
                &[],
            )?;
        }
        self.row_by_row::<String>(
            "SELECT tag FROM claim_tags WHERE claim_id = $1 ORDER BY tag COLLATE \"C\"",
            &[&dup],
            "DELETE FROM claim_tags WHERE tag = $1 AND claim_id = $2",
            &[&dup],
        )?;
        self.execute("DELETE FROM claims WHERE id = $1", &[&dup])?;
        let row = self.query_one(
            "SELECT status, verdict, verdict_label FROM claims WHERE id = $1",
            &[&keep],
        )?;
        let (status, verdict, label): (Status, Option<Verdict>, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        self.record_history(
            keep,
            Some(before),
            status,
            verdict,
            label.as_deref(),
            Some(reason),
        )?;
        self.touch(keep, false)
    }
}

impl Store {
    pub fn speaker_card(&self, name: &str) -> Result<SpeakerCard> {
        let speaker = on_conn!(&mut *self.client.borrow_mut(), c => find_speaker(c, name))?;
        let by_status: Vec<(Status, i64)> = self
            .query(
                "SELECT status, count(*) FROM claims WHERE speaker_id = $1
                  GROUP BY status ORDER BY count(*) DESC, status COLLATE \"C\"",
                &[&speaker.id],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let claims = by_status.iter().map(|(_, n)| n).sum();
        Ok(SpeakerCard {
            speaker,
            claims,
            by_status,
        })
    }
}
