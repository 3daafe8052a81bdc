//! The match index's rows (migration 0023; what they hold: `domain::match_index`).

use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use serde_json::json;

use super::{Result, Store};
use crate::domain::match_index::{
    ClaimText, DocRow, IndexRows, IndexWrites, TermRow, WaitRow, keep_current, reader_stamp,
};
use crate::store::{MatchIndex, StoreError};

/// The trigger that marks a claim added checked; a large load sets it aside, and says where
/// its claims begin instead (`LOADED_AFTER`): the checked ones wait, unmarked.
pub(super) const INSERT_TRIGGER: &str = "match_claim_insert";
pub(super) const LOADED_AFTER: &str =
    "UPDATE match_size SET loaded_from = coalesce(loaded_from, ?1 + 1)";

/// The claims waiting: those marked, with the words they were indexed with, and the checked
/// claims a large load added that are not indexed (see `LOADED_AFTER`), in id order.
const WAITING: &str = "SELECT w.claim_id, w.text, w.title, d.offered
      FROM match_waiting w LEFT JOIN match_docs d ON d.claim_id = w.claim_id
    UNION ALL
    SELECT c.id, NULL, NULL, NULL FROM claims c
     WHERE c.id >= (SELECT loaded_from FROM match_size)
       AND c.status IN ('verified', 'disputed', 'unverifiable')
       AND c.id NOT IN (SELECT claim_id FROM match_waiting)
       AND c.id NOT IN (SELECT claim_id FROM match_docs)
    ORDER BY 1";

/// The index on a connection, inside a transaction or not.
pub(super) struct Index<'a>(pub &'a Connection);

/// A list as one parameter: the statements read it with `json_each`.
fn list<T: serde::Serialize>(items: &[T]) -> String {
    json!(items).to_string()
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl IndexRows for Index<'_> {
    type Error = StoreError;
    fn size(&self) -> Result<(u64, u64)> {
        let (claims, words): (i64, i64) = self
            .0
            .prepare_cached("SELECT claims, words FROM match_size")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((claims.max(0).cast_unsigned(), words.max(0).cast_unsigned()))
    }
    fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT term, df, postings FROM match_terms
                  WHERE term IN (SELECT value FROM json_each(?1))",
            )?
            .query_map([list(words)], |r| {
                Ok((r.get(0)?, count(r.get(1)?), r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT gram, df FROM match_grams WHERE gram IN (SELECT value FROM json_each(?1))",
            )?
            .query_map([list(grams)], |r| Ok((r.get(0)?, count(r.get(1)?))))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT d.claim_id, c.text, c.review_title, d.offered
                   FROM match_docs d JOIN claims c ON c.id = d.claim_id
                  WHERE d.claim_id IN (SELECT value FROM json_each(?1))",
            )?
            .query_map([list(ids)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

impl IndexWrites for Index<'_> {
    fn waiting(&self, limit: usize) -> Result<Vec<WaitRow>> {
        Ok(self
            .0
            .prepare_cached(&format!("{WAITING} LIMIT ?1"))?
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn checked(&self, ids: &[i64]) -> Result<Vec<ClaimText>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT id, text, review_title FROM claims
                  WHERE id IN (SELECT value FROM json_each(?1))
                    AND status IN ('verified', 'disputed', 'unverifiable')",
            )?
            .query_map([list(ids)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn with_keys(&self, keys: &[i64]) -> Result<Vec<(i64, i64, bool)>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT claim_id, key, offered FROM match_docs
                  WHERE key IN (SELECT value FROM json_each(?1))
                    AND claim_id NOT IN (SELECT claim_id FROM match_waiting)",
            )?
            .query_map([list(keys)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn put_terms(&self, rows: &[TermRow]) -> Result<()> {
        let mut put = self.0.prepare_cached(
            "INSERT INTO match_terms (term, df, postings) VALUES (?1, ?2, ?3)
             ON CONFLICT (term) DO UPDATE SET df = excluded.df, postings = excluded.postings",
        )?;
        let mut drop = self
            .0
            .prepare_cached("DELETE FROM match_terms WHERE term = ?1")?;
        for (term, df, postings) in rows {
            if *df == 0 {
                drop.execute([term])?;
            } else {
                put.execute(params![term, df, postings])?;
            }
        }
        Ok(())
    }
    fn add_grams(&self, deltas: &[(i64, i64)]) -> Result<()> {
        let mut add = self.0.prepare_cached(
            "INSERT INTO match_grams (gram, df) VALUES (?1, ?2)
             ON CONFLICT (gram) DO UPDATE SET df = df + excluded.df",
        )?;
        let mut drop = self
            .0
            .prepare_cached("DELETE FROM match_grams WHERE gram = ?1 AND df <= 0")?;
        for (gram, delta) in deltas {
            add.execute([gram, delta])?;
            if *delta < 0 {
                drop.execute([gram])?;
            }
        }
        Ok(())
    }
    fn delete_docs(&self, ids: &[i64]) -> Result<()> {
        self.0
            .prepare_cached(
                "DELETE FROM match_docs WHERE claim_id IN (SELECT value FROM json_each(?1))",
            )?
            .execute([list(ids)])?;
        Ok(())
    }
    fn put_docs(&self, rows: &[(i64, i64, bool)]) -> Result<()> {
        let mut put = self.0.prepare_cached(
            "INSERT INTO match_docs (claim_id, key, offered) VALUES (?1, ?2, ?3)",
        )?;
        for (id, key, offered) in rows {
            put.execute(params![id, key, offered])?;
        }
        Ok(())
    }
    fn set_offered(&self, id: i64, offered: bool) -> Result<()> {
        self.0
            .prepare_cached("UPDATE match_docs SET offered = ?2 WHERE claim_id = ?1")?
            .execute(params![id, offered])?;
        Ok(())
    }
    fn set_size(&self, claims: u64, words: u64) -> Result<()> {
        self.0
            .prepare_cached("UPDATE match_size SET claims = ?1, words = ?2")?
            .execute(params![claims.cast_signed(), words.cast_signed()])?;
        Ok(())
    }
    fn state(&self) -> Result<(i64, bool)> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT reader,
                        loaded_from IS NOT NULL OR EXISTS (SELECT 1 FROM match_waiting)
                   FROM match_size",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }
    fn hold(&self) -> Result<()> {
        // Writers take turns already (an immediate transaction).
        Ok(())
    }
    fn stamp(&self, reader: i64) -> Result<()> {
        self.0
            .prepare_cached("UPDATE match_size SET reader = ?1")?
            .execute([reader])?;
        Ok(())
    }
    fn empty(&self) -> Result<()> {
        self.0.execute_batch(
            "DELETE FROM match_terms; DELETE FROM match_grams; DELETE FROM match_docs;
             UPDATE match_size SET claims = 0, words = 0, loaded_from = NULL;
             INSERT OR IGNORE INTO match_waiting (claim_id)
                 SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable');",
        )?;
        Ok(())
    }
    fn done_waiting(&self, ids: &[i64]) -> Result<()> {
        self.0
            .prepare_cached(
                "DELETE FROM match_waiting WHERE claim_id IN (SELECT value FROM json_each(?1))",
            )?
            .execute([list(ids)])?;
        // The loaded claims up to the last one looked at are done (waiting claims are taken in
        // id order); none left, the load is done with.
        self.0
            .prepare_cached(&format!(
                "UPDATE match_size SET loaded_from = CASE
                     WHEN NOT EXISTS ({WAITING}) THEN NULL
                     ELSE max(loaded_from, (SELECT max(value) + 1 FROM json_each(?1))) END
                  WHERE loaded_from IS NOT NULL"
            ))?
            .execute([list(ids)])?;
        Ok(())
    }
}

/// How many claims wait to be indexed: those marked, or (for an index another build read) every
/// checked claim and one more.
fn stale() -> String {
    format!(
        "SELECT CASE WHEN reader IN (?1, 0) THEN (SELECT count(*) FROM ({WAITING}))
             ELSE 1 + (SELECT count(*) FROM claims
                        WHERE status IN ('verified', 'disputed', 'unverifiable'))
             END FROM match_size"
    )
}

impl IndexRows for Store {
    type Error = StoreError;
    fn size(&self) -> Result<(u64, u64)> {
        Index(&self.conn).size()
    }
    fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>> {
        Index(&self.conn).term_rows(words)
    }
    fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>> {
        Index(&self.conn).gram_rows(grams)
    }
    fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>> {
        Index(&self.conn).doc_rows(ids)
    }
}

impl MatchIndex for Store {
    fn waiting_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row(&stale(), [reader_stamp()], |r| r.get(0))?;
        Ok(n.max(0).cast_unsigned())
    }
    fn refresh(&self) -> Result<usize> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let looked = keep_current(&Index(&tx), None)?;
        tx.commit()?;
        Ok(looked)
    }
    fn reset(&self) -> Result<()> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        Index(&tx).empty()?;
        tx.commit()?;
        Ok(())
    }
}
