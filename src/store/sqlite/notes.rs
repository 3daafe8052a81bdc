//! Notes on claims and the follow-ups they carry.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError, Tx};
use crate::domain::{FollowUp, NewNote, Note};

const NOTE_COLUMNS: &str =
    "n.id, n.claim_id, n.text, n.author, n.created_at, n.follow_up_on, n.done_at";

fn note_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: row.get(0)?,
        claim_id: row.get(1)?,
        text: row.get(2)?,
        author: row.get(3)?,
        created_at: row.get(4)?,
        follow_up_on: row.get(5)?,
        done_at: row.get(6)?,
    })
}

impl Tx<'_> {
    /// Adds a note to a claim and returns its id.
    pub fn add_note(&self, claim_id: i64, note: &NewNote) -> Result<i64> {
        self.ensure_claim(claim_id)?;
        self.insert_note(claim_id, note)
    }

    /// `add_note` for a claim known to exist.
    fn insert_note(&self, claim_id: i64, note: &NewNote) -> Result<i64> {
        self.sql
            .prepare_cached(
                "INSERT INTO notes (claim_id, text, author, created_at, follow_up_on, done_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                claim_id,
                note.text,
                note.author.as_deref().unwrap_or(self.actor),
                note.created_at.as_deref().unwrap_or(&self.now),
                note.follow_up_on,
                note.done_at
            ])?;
        let id = self.sql.last_insert_rowid();
        self.touch(claim_id)?;
        Ok(id)
    }

    /// Adds a note unless the claim already has one with the same text, so that ingesting a file
    /// twice does not double its notes.
    pub fn add_note_once(&self, claim_id: i64, note: &NewNote) -> Result<Option<i64>> {
        let exists = self
            .sql
            .prepare_cached("SELECT 1 FROM notes WHERE claim_id = ?1 AND text = ?2")?
            .exists(params![claim_id, note.text])?;
        if exists {
            Ok(None)
        } else {
            self.insert_note(claim_id, note).map(Some)
        }
    }

    /// Closes a follow-up. Returns false when it was already done.
    pub fn mark_done(&self, note_id: i64) -> Result<bool> {
        let (claim_id, follow_up, done): (i64, Option<NaiveDate>, Option<String>) = self
            .sql
            .prepare_cached("SELECT claim_id, follow_up_on, done_at FROM notes WHERE id = ?1")?
            .query_row([note_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or(StoreError::NoteNotFound(note_id))?;
        if follow_up.is_none() {
            return Err(StoreError::NotAFollowUp(note_id));
        }
        if done.is_some() {
            return Ok(false);
        }
        self.sql
            .prepare_cached("UPDATE notes SET done_at = ?2 WHERE id = ?1")?
            .execute(params![note_id, self.now])?;
        self.touch(claim_id)?;
        Ok(true)
    }
}

impl Store {
    /// The notes of the claims in `list` (a JSON array of ids), each claim's oldest first.
    pub(super) fn notes_of_claims(
        &self,
        list: &str,
    ) -> Result<std::collections::HashMap<i64, Vec<Note>>> {
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM notes n
              WHERE n.claim_id IN (SELECT value FROM json_each(?1)) ORDER BY n.claim_id, n.id"
        );
        let mut out: std::collections::HashMap<i64, Vec<Note>> = std::collections::HashMap::new();
        for note in self
            .conn
            .prepare_cached(&sql)?
            .query_map([list], note_row)?
        {
            let note = note?;
            out.entry(note.claim_id).or_default().push(note);
        }
        Ok(out)
    }

    /// A claim's notes, oldest first.
    pub fn notes_of(&self, claim_id: i64) -> Result<Vec<Note>> {
        let sql = format!("SELECT {NOTE_COLUMNS} FROM notes n WHERE n.claim_id = ?1 ORDER BY n.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let notes = stmt.query_map([claim_id], note_row)?;
        Ok(notes.collect::<rusqlite::Result<_>>()?)
    }

    /// Open follow-ups due on or before `due_by` (all when `None`), soonest first.
    pub fn follow_ups(&self, due_by: Option<NaiveDate>) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {NOTE_COLUMNS}, c.text, s.name, c.status
               FROM notes n JOIN claims c ON c.id = n.claim_id JOIN speakers s ON s.id = c.speaker_id
              WHERE n.follow_up_on IS NOT NULL AND n.done_at IS NULL
                AND (?1 IS NULL OR n.follow_up_on <= ?1)
              ORDER BY n.follow_up_on, n.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([due_by], |r| {
            Ok(FollowUp {
                note: note_row(r)?,
                claim_text: r.get(7)?,
                speaker: r.get(8)?,
                status: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
