//! Speakers: finding them by name, alias or surname, and correcting them (aliases, merges).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, Tx};
use crate::domain::{
    MergeOutcome, Speaker, SpeakerCard, SpeakerChoice, SpeakerKind, Status, choose_speaker,
    name_key,
};
use crate::store::common::{like_literal, word_pattern};

fn speaker_by_id(conn: &Connection, id: i64) -> Result<Speaker> {
    let (name, role, affiliation, role_guessed): (String, Option<String>, Option<String>, bool) =
        conn.prepare_cached(
            "SELECT name, role, affiliation, role_guessed FROM speakers WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let aliases = conn
        .prepare_cached("SELECT alias FROM speaker_aliases WHERE speaker_id = ?1 ORDER BY alias")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Speaker {
        id,
        name,
        role,
        role_guessed,
        affiliation,
        aliases,
    })
}

/// The speaker whose name or alias has this key.
fn speaker_by_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(speaker_match(conn, key)?.map(|(id, _)| id))
}

/// As [`speaker_by_key`], and whether the key is an alias rather than the speaker's own name.
fn speaker_match(conn: &Connection, key: &str) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, 0 FROM speakers WHERE name_key = ?1
             UNION ALL SELECT speaker_id, 1 FROM speaker_aliases WHERE alias_key = ?1 LIMIT 1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The speaker a person means by `name`: the exact name or an alias, else the one speaker whose
/// name contains these words ("trump" for "Donald Trump").
fn find_speaker(conn: &Connection, name: &str) -> Result<Speaker> {
    let key = name_key(name);
    if let Some(id) = speaker_by_key(conn, &key)? {
        return speaker_by_id(conn, id);
    }
    let matches: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM speakers WHERE (' ' || name_key || ' ') LIKE ?1 ESCAPE '\\' ORDER BY name LIMIT 11")?
        .query_map([word_pattern(&key)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match matches.as_slice() {
        [] => Err(StoreError::SpeakerNotFound(name.trim().to_string())),
        [(id, _)] => speaker_by_id(conn, *id),
        many => Err(StoreError::SpeakerAmbiguous {
            name: name.trim().to_string(),
            candidates: many.iter().map(|(_, n)| n.clone()).collect(),
        }),
    }
}

/// The speaker a name resolved to when a claim was recorded.
#[derive(Debug, Clone, Copy)]
pub(super) struct Resolved {
    pub id: i64,
    pub created: bool,
    /// A lone surname ("Trump") that other speakers' full names share: it may mean any of them.
    pub ambiguous: bool,
}

/// A speaker's role as a claim brings it: given (a record, the command line) or guessed (the
/// article extractor's "his colleague").
#[derive(Debug, Clone, Copy)]
pub(super) struct Role<'a> {
    pub text: &'a str,
    pub guessed: bool,
}

/// How sure a speaker's stored role is: none, guessed, given (in that order: a role only ever
/// replaces a less sure one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum RoleKnown {
    No,
    Guessed,
    Given,
}

impl RoleKnown {
    fn of(role: Option<Role<'_>>) -> RoleKnown {
        match role {
            None => RoleKnown::No,
            Some(r) if r.guessed => RoleKnown::Guessed,
            Some(_) => RoleKnown::Given,
        }
    }
}

impl Tx<'_> {
    /// Finds a speaker by name or alias, creating one when new; fills in a missing role, and a
    /// given role replaces a guessed one. A lone surname joins an existing full name when exactly
    /// one speaker has it.
    pub(super) fn resolve_speaker(&self, name: &str, role: Option<Role<'_>>) -> Result<Resolved> {
        let incoming = RoleKnown::of(role);
        let cached = self.ids.borrow_mut().speakers.get(name);
        if let Some((found, known)) = cached
            && known >= incoming
        {
            return Ok(Resolved {
                created: false,
                ..found
            });
        }
        let found = self.find_or_create_speaker(name, role)?;
        let known = cached.map_or(RoleKnown::No, |(_, k)| k);
        self.ids
            .borrow_mut()
            .speakers
            .insert(name, (found, known.max(incoming)));
        Ok(found)
    }

    fn find_or_create_speaker(&self, name: &str, role: Option<Role<'_>>) -> Result<Resolved> {
        let key = name_key(name);
        let matched = speaker_match(self.sql, &key)?;
        let one_word = !key.contains(' ');
        // Other speakers whose full names end with this one word (two are enough to know).
        let holders: Vec<i64> = if one_word && !matched.is_some_and(|(_, alias)| alias) {
            self.sql
                .prepare_cached(
                    "SELECT id FROM speakers WHERE name_key LIKE '% ' || ?1 ESCAPE '\\' AND id != ?2
                      LIMIT 2",
                )?
                .query_map(
                    params![like_literal(&key), matched.map_or(0, |(id, _)| id)],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        let SpeakerChoice {
            id: found,
            ambiguous,
        } = choose_speaker(one_word, matched, &holders);
        if let Some(id) = found {
            if let Some(role) = role {
                self.sql
                    .prepare_cached(
                        "UPDATE speakers SET role = ?2, role_guessed = ?3
                          WHERE id = ?1 AND (role IS NULL OR (role_guessed = 1 AND ?3 = 0))",
                    )?
                    .execute(params![id, role.text, role.guessed])?;
            }
            return Ok(Resolved {
                id,
                created: false,
                ambiguous,
            });
        }
        self.sql
            .prepare_cached(
                "INSERT INTO speakers (name, name_key, role, role_guessed, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                name.trim(),
                key,
                role.map(|r| r.text),
                role.is_some_and(|r| r.guessed),
                self.now
            ])?;
        Ok(Resolved {
            id: self.sql.last_insert_rowid(),
            created: true,
            ambiguous,
        })
    }

    pub(super) fn log(
        &self,
        action: &str,
        claim_id: Option<i64>,
        speaker_id: Option<i64>,
        detail: &serde_json::Value,
    ) -> Result<()> {
        self.sql
            .prepare_cached(
                "INSERT INTO change_log (at, actor, action, claim_id, speaker_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                self.now,
                self.actor,
                action,
                claim_id,
                speaker_id,
                detail.to_string()
            ])?;
        Ok(())
    }

    /// Says what sort of speaker `name` is (logged); the speaker and the kind said before.
    pub fn set_speaker_kind(
        &self,
        name: &str,
        kind: SpeakerKind,
    ) -> Result<(Speaker, Option<SpeakerKind>)> {
        let speaker = find_speaker(self.sql, name)?;
        let before: Option<SpeakerKind> = self
            .sql
            .prepare_cached("SELECT kind FROM speakers WHERE id = ?1")?
            .query_row([speaker.id], |r| r.get(0))?;
        if before != Some(kind) {
            self.sql
                .prepare_cached("UPDATE speakers SET kind = ?2 WHERE id = ?1")?
                .execute(params![speaker.id, kind])?;
            self.log(
                "speaker_kind",
                None,
                Some(speaker.id),
                &serde_json::json!({ "kind": { "old": before, "new": kind } }),
            )?;
        }
        Ok((speaker, before))
    }

    /// Gives the speaker `name` a new name (logged); the old name stays as an alias, so inputs
    /// that use it still find them. Returns the speaker as it was.
    pub fn rename_speaker(&self, name: &str, new: &str) -> Result<Speaker> {
        let speaker = find_speaker(self.sql, name)?;
        if speaker.name == new {
            return Ok(speaker);
        }
        let key = name_key(new);
        let owner: Option<(i64, String)> = self
            .sql
            .prepare_cached(crate::store::common::SPEAKER_OF_KEY)?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, other)) = owner
            && id != speaker.id
        {
            return Err(StoreError::AliasTaken {
                alias: new.to_string(),
                owner: other,
            });
        }
        let old_key = name_key(&speaker.name);
        // The new name stops being an alias; the old one becomes one.
        self.sql
            .prepare_cached("DELETE FROM speaker_aliases WHERE alias_key = ?1")?
            .execute([&key])?;
        self.sql
            .prepare_cached("UPDATE speakers SET name = ?2, name_key = ?3 WHERE id = ?1")?
            .execute(params![speaker.id, new, key])?;
        if old_key != key {
            self.sql
                .prepare_cached(
                    "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![old_key, speaker.name, speaker.id])?;
        }
        self.log(
            "speaker_rename",
            None,
            Some(speaker.id),
            &serde_json::json!({ "name": { "old": speaker.name, "new": new } }),
        )?;
        Ok(speaker)
    }

    /// Lets `alias` name the speaker `name` from now on. Returns the speaker and whether the
    /// alias is new.
    pub fn add_alias(&self, name: &str, alias: &str) -> Result<(Speaker, bool)> {
        let speaker = find_speaker(self.sql, name)?;
        let key = name_key(alias);
        let owner: Option<(i64, String)> = self
            .sql
            .prepare_cached(crate::store::common::SPEAKER_OF_KEY)?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match owner {
            Some((id, _)) if id == speaker.id => return Ok((speaker, false)),
            Some((_, other)) => {
                return Err(StoreError::AliasTaken {
                    alias: alias.trim().to_string(),
                    owner: other,
                });
            }
            None => {}
        }
        self.sql
            .prepare_cached(
                "INSERT INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![key, alias.trim(), speaker.id])?;
        self.log(
            "speaker_alias",
            None,
            Some(speaker.id),
            &serde_json::json!({ "alias": alias.trim() }),
        )?;
        Ok((speaker_by_id(self.sql, speaker.id)?, true))
    }

    /// Makes two speakers one: `from`'s claims move to `into`, the same claim by both becomes one
    /// claim (appearances, notes, evidence, tags and history together), and `from`'s name
    /// becomes an alias.
    pub fn merge_speakers(&self, from: &str, into: &str) -> Result<MergeOutcome> {
        *self.ids.borrow_mut() = super::IdCache::default();
        let gone = find_speaker(self.sql, from)?;
        // Merging removes a speaker: never one reached only through an alias or part of a name.
        if name_key(&gone.name) != name_key(from) {
            return Err(StoreError::MergeByOtherName {
                given: from.trim().to_string(),
                speaker: gone.name,
            });
        }
        let kept = find_speaker(self.sql, into)?;
        if gone.id == kept.id {
            return Err(StoreError::SameSpeaker(kept.name));
        }
        let pairs: Vec<(i64, i64)> = self
            .sql
            .prepare_cached(
                "SELECT f.id, k.id FROM claims f
                   JOIN claims k ON k.speaker_id = ?2 AND k.text_key = f.text_key
                  WHERE f.speaker_id = ?1 ORDER BY f.id",
            )?
            .query_map([gone.id, kept.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
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
        // Each moved claim keeps a record of the speaker it had, for `show`.
        self.sql
            .prepare_cached(
                "INSERT INTO change_log (at, actor, action, claim_id, speaker_id, detail)
                 SELECT ?3, ?4, 'speaker_change', id, ?2,
                        json_object('speaker', json_object('old', ?5, 'new', ?6), 'by', 'speaker merge')
                   FROM claims WHERE speaker_id = ?1",
            )?
            .execute(params![gone.id, kept.id, self.now, self.actor, gone.name, kept.name])?;
        let moved = self
            .sql
            .prepare_cached(
                "UPDATE claims SET speaker_id = ?2, updated_at = ?3 WHERE speaker_id = ?1",
            )?
            .execute(params![gone.id, kept.id, self.now])?;
        self.sql
            .prepare_cached("UPDATE speaker_aliases SET speaker_id = ?2 WHERE speaker_id = ?1")?
            .execute([gone.id, kept.id])?;
        self.sql
            .prepare_cached(
                "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id)
                 SELECT name_key, name, ?2 FROM speakers WHERE id = ?1",
            )?
            .execute([gone.id, kept.id])?;
        self.sql
            .prepare_cached(
                // The surer role stays: a given one over a guessed one, the kept one on a tie.
                "UPDATE speakers
                    SET role = CASE WHEN role IS NULL OR (role_guessed = 1 AND ?2 IS NOT NULL AND ?4 = 0)
                                    THEN ?2 ELSE role END,
                        role_guessed = CASE WHEN role IS NULL OR (role_guessed = 1 AND ?2 IS NOT NULL AND ?4 = 0)
                                            THEN ?4 ELSE role_guessed END,
                        affiliation = coalesce(affiliation, ?3),
                        kind = coalesce(kind, (SELECT kind FROM speakers WHERE id = ?5))
                  WHERE id = ?1",
            )?
            .execute(params![kept.id, gone.role, gone.affiliation, gone.role.is_some() && gone.role_guessed, gone.id])?;
        self.sql
            .prepare_cached("DELETE FROM speakers WHERE id = ?1")?
            .execute([gone.id])?;
        let detail = serde_json::json!({
            "from": { "id": gone.id, "name": gone.name, "role": gone.role, "affiliation": gone.affiliation },
            "claims_moved": moved,
            "claims_merged": pairs,
        });
        self.log("speaker_merge", None, Some(kept.id), &detail)?;
        Ok(MergeOutcome {
            into: speaker_by_id(self.sql, kept.id)?,
            from: gone.name,
            claims_moved: moved,
            claims_merged: pairs.len(),
        })
    }

    /// Folds claim `dup` into `keep`: everything attached moves, then `dup` is deleted.
    fn merge_claim(&self, dup: i64, keep: i64, reason: &str) -> Result<()> {
        let check = |id: i64| -> Result<(Status, Option<crate::domain::Stage>)> {
            Ok(self
                .sql
                .prepare_cached(crate::store::common::CHECK_OF)?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
        };
        let before = check(keep)?.0;
        if crate::domain::finding_moves(check(dup)?, check(keep)?) {
            self.sql
                .prepare_cached(crate::store::common::TAKE_FINDING)?
                .execute([dup, keep])?;
        }
        for sql in [
            "INSERT OR IGNORE INTO appearances (claim_id, source_id, added_at)
               SELECT ?2, source_id, added_at FROM appearances WHERE claim_id = ?1 ORDER BY id",
            "UPDATE notes SET claim_id = ?2 WHERE claim_id = ?1",
            "INSERT OR IGNORE INTO evidence (claim_id, url, title, stance, added_by, added_at)
               SELECT ?2, url, title, stance, added_by, added_at FROM evidence WHERE claim_id = ?1 ORDER BY id",
            "INSERT OR IGNORE INTO claim_tags (claim_id, tag) SELECT ?2, tag FROM claim_tags WHERE claim_id = ?1",
            "UPDATE status_history SET claim_id = ?2 WHERE claim_id = ?1",
            "UPDATE claims SET said_on = coalesce(said_on, (SELECT said_on FROM claims WHERE id = ?1)),
                               context = coalesce(context, (SELECT context FROM claims WHERE id = ?1))
              WHERE id = ?2",
        ] {
            self.sql.prepare_cached(sql)?.execute([dup, keep])?;
        }
        // Links move to the claim kept, one by one in id order (as PostgreSQL's do); one that
        // would link it to itself, or that it has already, goes.
        let links: Vec<(i64, i64, i64)> = self
            .sql
            .prepare_cached(
                "SELECT id, claim_id, repeats_id FROM claim_links
                  WHERE claim_id = ?1 OR repeats_id = ?1 ORDER BY id",
            )?
            .query_map([dup], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, claim, repeats) in links {
            let moved = |c: i64| if c == dup { keep } else { c };
            let (claim, repeats) = (moved(claim), moved(repeats));
            let taken: bool = self
                .sql
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM claim_links WHERE id != ?1
                                      AND claim_id IN (?2, ?3) AND repeats_id IN (?2, ?3))",
                )?
                .query_row(params![id, claim, repeats], |r| r.get(0))?;
            if claim == repeats || taken {
                self.sql
                    .prepare_cached("DELETE FROM claim_links WHERE id = ?1")?
                    .execute([id])?;
            } else {
                self.sql
                    .prepare_cached(
                        "UPDATE claim_links SET claim_id = ?2, repeats_id = ?3 WHERE id = ?1",
                    )?
                    .execute(params![id, claim, repeats])?;
            }
        }
        for sql in [
            "DELETE FROM appearances WHERE claim_id = ?1",
            "DELETE FROM evidence WHERE claim_id = ?1",
            "DELETE FROM claim_tags WHERE claim_id = ?1",
            "DELETE FROM claims WHERE id = ?1",
        ] {
            self.sql.prepare_cached(sql)?.execute([dup])?;
        }
        let (status, verdict, label): (Status, Option<crate::domain::Verdict>, Option<String>) =
            self.sql
                .prepare_cached("SELECT status, verdict, verdict_label FROM claims WHERE id = ?1")?
                .query_row([keep], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        self.record_history(
            keep,
            Some(before),
            status,
            verdict,
            label.as_deref(),
            Some(reason),
        )?;
        self.touch(keep)
    }
}

impl Store {
    /// One speaker, by name, alias or a unique part of the name, with their counts.
    pub fn speaker_card(&self, name: &str) -> Result<SpeakerCard> {
        let speaker = find_speaker(&self.conn, name)?;
        let by_status: Vec<(Status, i64)> = self
            .conn
            .prepare_cached(
                "SELECT status, count(*) FROM claims WHERE speaker_id = ?1 GROUP BY status
                  ORDER BY count(*) DESC, status",
            )?
            .query_map([speaker.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let claims = by_status.iter().map(|(_, n)| n).sum();
        Ok(SpeakerCard {
            speaker,
            claims,
            by_status,
        })
    }
}
