//! Corrections on PostgreSQL: edits (old values logged, `domain::EditedFields`) and deletes (the
//! whole record kept as a tombstone).

use serde_json::{Value, json};

use super::{Store, Tx};
use crate::domain::{ClaimEdit, EditedFields, claim_key};
use crate::store::common::hex;
use crate::store::{Result, StoreError};

impl Tx<'_> {
    pub fn edit_claim(&self, id: i64, edit: &ClaimEdit) -> Result<Vec<String>> {
        let row = self
            .query_opt(
                "SELECT c.text, s.name, c.said_on, c.context, c.speaker_id, c.language FROM claims c
                   JOIN speakers s ON s.id = c.speaker_id WHERE c.id = $1 FOR UPDATE OF c",
                &[&id],
            )?
            .ok_or(StoreError::ClaimNotFound(id))?;
        let old = EditedFields {
            text: row.get(0),
            speaker: row.get(1),
            said_on: row.get(2),
            context: row.get(3),
            language: row.get(5),
        };
        let speaker_id: i64 = row.get(4);
        let new_speaker_id = match &edit.speaker {
            Some(name) => self.resolve_speaker(name, None, false)?.0,
            None => speaker_id,
        };
        let new_speaker: String = if new_speaker_id == speaker_id {
            old.speaker.clone()
        } else {
            self.query_one(
                "SELECT name FROM speakers WHERE id = $1",
                &[&new_speaker_id],
            )?
            .get(0)
        };
        let new = old.after(edit, new_speaker);
        let new_key = hex(&claim_key(&new.text));
        if new_speaker_id != speaker_id || new.text != old.text {
            let clash = self.query_opt(
                "SELECT id FROM claims WHERE speaker_id = $1 AND text_key = $2 AND id <> $3",
                &[&new_speaker_id, &new_key, &id],
            )?;
            if let Some(other) = clash {
                return Err(StoreError::EditClash {
                    id,
                    other: other.get(0),
                });
            }
        }
        let changed = old.changes_to(&new);
        if changed.is_empty() {
            return Ok(vec![]);
        }
        self.execute(
            "UPDATE claims SET text = $2, text_key = $3, speaker_id = $4, said_on = $5,
                               context = $6, updated_at = $7, language = $8 WHERE id = $1",
            &[
                &id,
                &new.text,
                &new_key,
                &new_speaker_id,
                &new.said_on,
                &new.context,
                &self.now,
                &new.language,
            ],
        )?;
        let fields = changed.keys().cloned().collect();
        self.log("edit", Some(id), None, &Value::Object(changed))?;
        Ok(fields)
    }

    /// Deletes a claim and everything attached, after keeping `tombstone` in the change log.
    pub fn delete_claim(&self, id: i64, tombstone: &Value) -> Result<()> {
        self.ensure_claim(id)?;
        self.log("delete", Some(id), None, &json!({ "record": tombstone }))?;
        // Row by row, in the order SQLite deletes them (see `row_by_row`).
        self.row_by_row::<i64>(
            "SELECT id FROM claim_links WHERE claim_id = $1 OR repeats_id = $1 ORDER BY id",
            &[&id],
            "DELETE FROM claim_links WHERE id = $1",
            &[],
        )?;
        self.row_by_row::<String>(
            "SELECT tag FROM claim_tags WHERE claim_id = $1 ORDER BY tag COLLATE \"C\"",
            &[&id],
            "DELETE FROM claim_tags WHERE tag = $1 AND claim_id = $2",
            &[&id],
        )?;
        for table in ["evidence", "notes", "appearances", "status_history"] {
            self.row_by_row::<i64>(
                &format!("SELECT id FROM {table} WHERE claim_id = $1 ORDER BY id"),
                &[&id],
                &format!("DELETE FROM {table} WHERE id = $1"),
                &[],
            )?;
        }
        self.execute("DELETE FROM claims WHERE id = $1", &[&id])?;
        Ok(())
    }
}

impl Store {
    pub fn tombstone(&self, id: i64) -> Result<Option<Value>> {
        let detail: Option<String> = self
            .query_opt(
                "SELECT detail FROM change_log WHERE action = 'delete' AND claim_id = $1
                  ORDER BY id DESC LIMIT 1",
                &[&id],
            )?
            .map(|r| r.get(0));
        Ok(detail
            .and_then(|d| serde_json::from_str::<Value>(&d).ok())
            .and_then(|v| v.get("record").cloned()))
    }
}
