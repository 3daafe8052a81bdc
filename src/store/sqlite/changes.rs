//! Corrections and their undoing: editing a claim's words, speaker, date or context (old values
//! logged) and deleting a claim (its whole record kept as a tombstone). Reverting is `ops`.

use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use super::{Result, Store, StoreError, Tx};
use crate::domain::{ClaimEdit, EditedFields, claim_key};

impl Tx<'_> {
    /// Applies an edit and logs the old and new values. Returns the fields that changed.
    pub fn edit_claim(&self, id: i64, edit: &ClaimEdit) -> Result<Vec<String>> {
        let (old, speaker_id): (EditedFields, i64) = self
            .sql
            .prepare_cached(
                "SELECT c.text, s.name, c.said_on, c.context, c.speaker_id, c.language FROM claims c
                   JOIN speakers s ON s.id = c.speaker_id WHERE c.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    EditedFields {
                        text: r.get(0)?,
                        speaker: r.get(1)?,
                        said_on: r.get(2)?,
                        context: r.get(3)?,
                        language: r.get(5)?,
                    },
                    r.get(4)?,
                ))
            })
            .optional()?
            .ok_or(StoreError::ClaimNotFound(id))?;
        let new_speaker_id = match &edit.speaker {
            Some(name) => self.resolve_speaker(name, None)?.id,
            None => speaker_id,
        };
        let new_speaker: String = if new_speaker_id == speaker_id {
            old.speaker.clone()
        } else {
            self.sql.query_row(
                "SELECT name FROM speakers WHERE id = ?1",
                [new_speaker_id],
                |r| r.get(0),
            )?
        };
        let new = old.after(edit, new_speaker);
        let new_key = claim_key(&new.text);
        if new_speaker_id != speaker_id || new.text != old.text {
            let clash: Option<i64> = self
                .sql
                .prepare_cached(
                    "SELECT id FROM claims WHERE speaker_id = ?1 AND text_key = ?2 AND id != ?3",
                )?
                .query_row(params![new_speaker_id, &new_key[..], id], |r| r.get(0))
                .optional()?;
            if let Some(other) = clash {
                return Err(StoreError::EditClash { id, other });
            }
        }
        let changed = old.changes_to(&new);
        if changed.is_empty() {
            return Ok(vec![]);
        }
        self.sql
            .prepare_cached(
                "UPDATE claims SET text = ?2, text_key = ?3, speaker_id = ?4, said_on = ?5, context = ?6,
                                  updated_at = ?7, language = ?8 WHERE id = ?1",
            )?
            .execute(params![
                id,
                new.text,
                &new_key[..],
                new_speaker_id,
                new.said_on,
                new.context,
                self.now,
                new.language
            ])?;
        let fields = changed.keys().cloned().collect();
        self.log("edit", Some(id), None, &Value::Object(changed))?;
        Ok(fields)
    }

    /// Deletes a claim and everything attached, after keeping `tombstone` (its full record) in
    /// the change log.
    pub fn delete_claim(&self, id: i64, tombstone: &Value) -> Result<()> {
        self.ensure_claim(id)?;
        self.log("delete", Some(id), None, &json!({ "record": tombstone }))?;
        // Links both ways, one by one in id order as PostgreSQL's are (an OR may visit either).
        let links: Vec<i64> = self
            .sql
            .prepare_cached(
                "SELECT id FROM claim_links WHERE claim_id = ?1 OR repeats_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for link in links {
            self.sql
                .prepare_cached("DELETE FROM claim_links WHERE id = ?1")?
                .execute([link])?;
        }
        for sql in [
            "DELETE FROM claim_tags WHERE claim_id = ?1",
            "DELETE FROM evidence WHERE claim_id = ?1",
            "DELETE FROM notes WHERE claim_id = ?1",
            "DELETE FROM appearances WHERE claim_id = ?1",
            "DELETE FROM status_history WHERE claim_id = ?1",
            "DELETE FROM claims WHERE id = ?1",
        ] {
            self.sql.prepare_cached(sql)?.execute([id])?;
        }
        Ok(())
    }
}

impl Store {
    /// A deleted claim's tombstone record, by the id it had.
    pub fn tombstone(&self, id: i64) -> Result<Option<Value>> {
        let detail: Option<String> = self
            .conn
            .prepare_cached("SELECT detail FROM change_log WHERE action = 'delete' AND claim_id = ?1 ORDER BY id DESC LIMIT 1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(detail
            .and_then(|d| serde_json::from_str::<Value>(&d).ok())
            .and_then(|v| v.get("record").cloned()))
    }
}
