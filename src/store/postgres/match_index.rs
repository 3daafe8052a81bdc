//! The match index's rows (migration 0013; what they hold: `domain::match_index`).

use std::cell::RefCell;

use postgres::Row;
use postgres::types::ToSql;

use super::{Result, Store};
use crate::domain::match_index::{
    ClaimText, DocRow, IndexRows, IndexWrites, TermRow, WaitRow, keep_current, reader_stamp,
};
use crate::store::{MatchIndex, StoreError};

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// Where the index's statements run: the connection, or a transaction on it.
pub(super) trait Run {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>>;
}

impl Run for Store {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>> {
        self.query(sql, params)
    }
}

impl Run for RefCell<postgres::Transaction<'_>> {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>> {
        Ok(self.borrow_mut().query(sql, params)?)
    }
}

/// The index through a connection or a transaction.
pub(super) struct Index<'a, R: Run + ?Sized>(pub &'a R);

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl<R: Run + ?Sized> IndexRows for Index<'_, R> {
    type Error = StoreError;
    fn size(&self) -> Result<(u64, u64)> {
        let rows = self.0.rows("SELECT claims, words FROM match_size", &[])?;
        let (claims, words): (i64, i64) = rows.first().map_or((0, 0), |r| (r.get(0), r.get(1)));
        Ok((claims.max(0).cast_unsigned(), words.max(0).cast_unsigned()))
    }
    fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>> {
        Ok(self
            .0
            .rows(
                "SELECT term, df, postings FROM match_terms WHERE term = ANY($1)",
                &[&words],
            )?
            .iter()
            .map(|r| (r.get(0), count(r.get(1)), r.get(2)))
            .collect())
    }
    fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>> {
        Ok(self
            .0
            .rows(
                "SELECT gram, df FROM match_grams WHERE gram = ANY($1)",
                &[&grams],
            )?
            .iter()
            .map(|r| (r.get(0), count(r.get(1))))
            .collect())
    }
    fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>> {
        Ok(self
            .0
            .rows(
                "SELECT d.claim_id, c.text, c.review_title, d.offered
                   FROM match_docs d JOIN claims c ON c.id = d.claim_id
                  WHERE d.claim_id = ANY($1)",
                &[&ids],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }
}

impl<R: Run + ?Sized> IndexWrites for Index<'_, R> {
    fn waiting(&self, limit: usize) -> Result<Vec<WaitRow>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(self
            .0
            .rows(
                "SELECT w.claim_id, w.text, w.title, d.offered
                   FROM match_waiting w LEFT JOIN match_docs d ON d.claim_id = w.claim_id
                  ORDER BY w.claim_id LIMIT $1",
                &[&limit],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }
    fn checked(&self, ids: &[i64]) -> Result<Vec<ClaimText>> {
        Ok(self
            .0
            .rows(
                "SELECT id, text, review_title FROM claims
                  WHERE id = ANY($1) AND status IN ('verified', 'disputed', 'unverifiable')",
                &[&ids],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }
    fn with_keys(&self, keys: &[i64]) -> Result<Vec<(i64, i64, bool)>> {
        Ok(self
            .0
            .rows(
                "SELECT claim_id, key, offered FROM match_docs
                  WHERE key = ANY($1) AND claim_id NOT IN (SELECT claim_id FROM match_waiting)",
                &[&keys],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }
    fn put_terms(&self, rows: &[TermRow]) -> Result<()> {
        let (kept, gone): (Vec<&TermRow>, Vec<&TermRow>) = rows.iter().partition(|r| r.1 > 0);
        let terms: Vec<&str> = kept.iter().map(|r| r.0.as_str()).collect();
        let df: Vec<i64> = kept.iter().map(|r| i64::from(r.1)).collect();
        let postings: Vec<&[u8]> = kept.iter().map(|r| r.2.as_slice()).collect();
        self.0.rows(
            "INSERT INTO match_terms (term, df, postings)
             SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::BYTEA[])
             ON CONFLICT (term) DO UPDATE SET df = excluded.df, postings = excluded.postings",
            &[&terms, &df, &postings],
        )?;
        let gone: Vec<&str> = gone.iter().map(|r| r.0.as_str()).collect();
        self.0
            .rows("DELETE FROM match_terms WHERE term = ANY($1)", &[&gone])?;
        Ok(())
    }
    fn add_grams(&self, deltas: &[(i64, i64)]) -> Result<()> {
        let grams: Vec<i64> = deltas.iter().map(|d| d.0).collect();
        let by: Vec<i64> = deltas.iter().map(|d| d.1).collect();
        self.0.rows(
            "INSERT INTO match_grams (gram, df) SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[])
             ON CONFLICT (gram) DO UPDATE SET df = match_grams.df + excluded.df",
            &[&grams, &by],
        )?;
        let fell: Vec<i64> = deltas.iter().filter(|d| d.1 < 0).map(|d| d.0).collect();
        self.0.rows(
            "DELETE FROM match_grams WHERE gram = ANY($1) AND df <= 0",
            &[&fell],
        )?;
        Ok(())
    }
    fn delete_docs(&self, ids: &[i64]) -> Result<()> {
        self.0
            .rows("DELETE FROM match_docs WHERE claim_id = ANY($1)", &[&ids])?;
        Ok(())
    }
    fn put_docs(&self, rows: &[(i64, i64, bool)]) -> Result<()> {
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let keys: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let offered: Vec<bool> = rows.iter().map(|r| r.2).collect();
        self.0.rows(
            "INSERT INTO match_docs (claim_id, key, offered)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BOOLEAN[])",
            &[&ids, &keys, &offered],
        )?;
        Ok(())
    }
    fn set_offered(&self, id: i64, offered: bool) -> Result<()> {
        self.0.rows(
            "UPDATE match_docs SET offered = $2 WHERE claim_id = $1",
            &[&id, &offered],
        )?;
        Ok(())
    }
    fn set_size(&self, claims: u64, words: u64) -> Result<()> {
        self.0.rows(
            "UPDATE match_size SET claims = $1, words = $2",
            &[&claims.cast_signed(), &words.cast_signed()],
        )?;
        Ok(())
    }
    fn state(&self) -> Result<(i64, bool)> {
        let rows = self.0.rows(
            "SELECT reader, EXISTS (SELECT 1 FROM match_waiting) FROM match_size",
            &[],
        )?;
        Ok(rows.first().map_or((0, false), |r| (r.get(0), r.get(1))))
    }
    fn hold(&self) -> Result<()> {
        self.0.rows("SELECT 1 FROM match_size FOR UPDATE", &[])?;
        Ok(())
    }
    fn stamp(&self, reader: i64) -> Result<()> {
        self.0
            .rows("UPDATE match_size SET reader = $1", &[&reader])?;
        Ok(())
    }
    fn empty(&self) -> Result<()> {
        for sql in EMPTY {
            self.0.rows(sql, &[])?;
        }
        Ok(())
    }
    fn done_waiting(&self, ids: &[i64]) -> Result<()> {
        self.0.rows(
            "DELETE FROM match_waiting WHERE claim_id = ANY($1)",
            &[&ids],
        )?;
        Ok(())
    }
}

/// An empty index, every checked claim waiting.
const EMPTY: [&str; 5] = [
    "DELETE FROM match_terms",
    "DELETE FROM match_grams",
    "DELETE FROM match_docs",
    "UPDATE match_size SET claims = 0, words = 0",
    "INSERT INTO match_waiting (claim_id)
         SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable')
         ON CONFLICT DO NOTHING",
];

impl IndexRows for Store {
    type Error = StoreError;
    fn size(&self) -> Result<(u64, u64)> {
        Index(self).size()
    }
    fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>> {
        Index(self).term_rows(words)
    }
    fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>> {
        Index(self).gram_rows(grams)
    }
    fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>> {
        Index(self).doc_rows(ids)
    }
}

impl MatchIndex for Store {
    fn waiting_count(&self) -> Result<u64> {
        // An index another build read: every checked claim waits, and one more.
        let rows = self.query(
            "SELECT CASE WHEN reader IN ($1, 0) THEN (SELECT count(*) FROM match_waiting)
                ELSE 1 + (SELECT count(*) FROM claims
                           WHERE status IN ('verified', 'disputed', 'unverifiable'))
                END FROM match_size",
            &[&reader_stamp()],
        )?;
        let n: i64 = rows.first().map_or(0, |r| r.get(0));
        Ok(n.max(0).cast_unsigned())
    }
    fn refresh(&self) -> Result<usize> {
        let mut looked = 0;
        self.own_transaction(|tx| {
            looked = keep_current(&Index(tx), None)?;
            Ok(())
        })?;
        Ok(looked)
    }
    fn reset(&self) -> Result<()> {
        self.own_transaction(|tx| {
            Index(tx).hold()?;
            Index(tx).empty()
        })
    }
}
