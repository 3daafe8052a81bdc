//! What an engine must offer, as traits: [`Reads`] (outside a transaction), [`Writes`] (inside
//! one) and [`Storage`] (an open database: its reads, its transactions, and optional
//! capabilities for bulk loads, upkeep and copying). The commands see only these, so SQLite and
//! PostgreSQL are interchangeable under them; the conformance suite (`tests/cli/engines.rs`)
//! runs the same commands on both and compares what they print.
//!
//! The rules (which speaker a name means, which verdicts a status allows, what an edit changed)
//! live in `domain/`; an engine stores and finds. Undo and redo are written once, in
//! `store::revert`, over small finds and writes each engine offers. What a re-seen claim brings
//! is the domain's (`Completion`); each engine writes it in its own SQL.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use super::{Digest, OpFilter, OpRecord, Result, StoreError};
use crate::domain::match_index::IndexRows;
use crate::domain::{
    AddOutcome, ArchiveScope, CarriedLink, ClaimDetail, ClaimEdit, ClaimFilter, ClaimRow, DeskUser,
    FollowUp, Level, MergeOutcome, NewClaim, NewEvidence, NewNote, NewSnapshot, Note, Operation,
    PastChange, Period, RowChange, Scorecard, SearchHit, SignOff, Snapshot, Sort, Speaker,
    SpeakerCard, SpeakerKind, StatsBy, StatusChange, Stepped,
};

/// Reads of committed data.
pub trait Reads {
    /// One claim; `ClaimNotFound` (or `ClaimMerged`, naming where it went) when there is none.
    fn claim(&self, id: i64) -> Result<ClaimRow>;
    /// A claim with its history, appearances, tags, notes and evidence.
    fn detail(&self, id: i64) -> Result<ClaimDetail>;
    /// [`Reads::detail`] of a claim already read.
    fn detail_of(&self, claim: ClaimRow) -> Result<ClaimDetail>;
    /// [`Reads::detail`] of each of `ids`, in that order.
    fn details(&self, ids: &[i64]) -> Result<Vec<ClaimDetail>>;
    /// [`Reads::claim`] of each of `ids`, in that order.
    fn claims(&self, ids: &[i64]) -> Result<Vec<ClaimRow>>;
    fn list(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<ClaimRow>>;
    /// The `n` claims changed last.
    fn newest(&self, filter: &ClaimFilter, n: usize) -> Result<Vec<ClaimRow>>;
    /// Full-text search: hits ranked by `sort`, each with a score (higher is better).
    fn search(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<SearchHit>>;
    /// The ids `filter` selects in id order: those after `filter.after`, at most `filter.limit`.
    fn ids(&self, filter: &ClaimFilter) -> Result<Vec<i64>>;
    fn claim_count(&self) -> Result<i64>;
    fn notes_of(&self, claim_id: i64) -> Result<Vec<Note>>;
    /// The claim a speaker's name (or alias) and words make, if stored.
    fn claim_id_of(&self, speaker: &str, text: &str) -> Result<Option<i64>>;
    /// Every link, as (the claim that repeats, the claim it repeats), oldest first.
    fn all_links(&self) -> Result<Vec<(i64, i64)>>;
    /// The claims whose published checks were corrected (at most 500), the one corrected last
    /// first.
    fn corrected_claims(&self) -> Result<Vec<i64>>;
    /// Open follow-ups due by `due_by` (all open ones with `None`).
    fn follow_ups(&self, due_by: Option<NaiveDate>) -> Result<Vec<FollowUp>>;
    /// What `delete` keeps of a claim so that undo brings it back whole.
    fn tombstone(&self, id: i64) -> Result<Option<Value>>;
    fn speaker_card(&self, name: &str) -> Result<SpeakerCard>;
    fn speaker_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>>;
    fn source_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>>;
    fn speaker_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>>;
    fn outlet_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>>;
    fn stats(&self, by: StatsBy, filter: &ClaimFilter) -> Result<Vec<(String, i64)>>;
    fn added_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>>;
    fn resolved_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>>;

    // The operation log.
    fn operations(&self, filter: &OpFilter) -> Result<Vec<Operation>>;
    fn operation(&self, id: i64) -> Result<OpRecord>;
    fn digest(&self, id: i64) -> Result<Digest>;
    /// Calls `f` with each change operation `id` recorded, in the order made, one at a time.
    fn each_change(&self, id: i64, f: &mut dyn FnMut(RowChange) -> Result<()>) -> Result<()>;
    /// The actor's newest operation in effect, which `undo` reverts.
    fn last_undoable(&self) -> Result<Option<Operation>>;
    /// The actor's newest undo in effect, which `redo` reverts.
    fn last_redoable(&self) -> Result<Option<Operation>>;

    // Copies of cited pages (`archive`).
    /// The URLs to fetch for `scope` (see `common::archive_targets`).
    fn archive_targets(
        &self,
        scope: ArchiveScope,
        evidence_only: bool,
        again: bool,
    ) -> Result<Vec<String>>;
    /// The snapshots of the pages a claim cites, by URL, oldest first.
    fn snapshots_of(&self, claim_id: i64) -> Result<Vec<Snapshot>>;
    /// One snapshot; `SnapshotNotFound` when there is none.
    fn snapshot(&self, id: i64) -> Result<Snapshot>;
    /// Every snapshot, oldest first.
    fn snapshots(&self) -> Result<Vec<Snapshot>>;
}

/// Writes inside one transaction: all of them land, or none.
pub trait Writes {
    /// Adds a claim, or an appearance of one already tracked (the same speaker, the same words).
    fn add_claim(&self, claim: &NewClaim) -> Result<AddOutcome>;
    /// [`Writes::add_claim`] for each claim in order, with the same outcome; an engine with a
    /// faster way for many at once overrides it.
    fn add_claims(&self, claims: &[NewClaim]) -> Result<Vec<AddOutcome>> {
        claims.iter().map(|c| self.add_claim(c)).collect()
    }
    /// `ClaimNotFound` unless the claim exists (and has not been merged away).
    fn ensure_claim(&self, id: i64) -> Result<()>;
    fn change_status(&self, id: i64, change: &StatusChange) -> Result<PastChange>;
    /// Takes a sign-off step on a claim's check (the rules: `domain::take_step`), logged.
    fn sign_off(&self, id: i64, step: &SignOff) -> Result<Stepped>;
    /// Whether the evidence was new.
    fn add_evidence(&self, id: i64, evidence: &NewEvidence) -> Result<bool>;
    /// How many of `tags` were new on the claim.
    fn add_tags(&self, id: i64, tags: &[String]) -> Result<usize>;
    /// Links `claim` to the claim it repeats: by the matcher with its score, or (`None`) by the
    /// one acting; false when the two are linked already, either way.
    fn link(&self, claim: i64, repeats: i64, matched: Option<f64>) -> Result<bool>;
    /// Links `claim` to `repeats` as another database had them linked (by whom, when, the
    /// score); false when they are linked already.
    fn carry_link(&self, claim: i64, repeats: i64, link: &CarriedLink) -> Result<bool>;
    /// Takes away the link between two claims, whichever way it points; false when none.
    fn unlink(&self, a: i64, b: i64) -> Result<bool>;
    fn remove_tags(&self, id: i64, tags: &[String]) -> Result<usize>;
    /// The priority before.
    fn set_priority(&self, id: i64, priority: Option<u8>) -> Result<u8>;
    /// Records a fetch of a cited page; its id.
    fn add_snapshot(&self, snapshot: &NewSnapshot) -> Result<i64>;
    /// Gives the claim to a checker (or nobody); who had it before.
    fn set_assignee(&self, id: i64, assignee: Option<&str>) -> Result<Option<String>>;
    /// Sets when its check is due (or clears it); the date before.
    fn set_due(&self, id: i64, due: Option<NaiveDate>) -> Result<Option<NaiveDate>>;
    /// The fields that changed.
    fn edit_claim(&self, id: i64, edit: &ClaimEdit) -> Result<Vec<String>>;
    fn delete_claim(&self, id: i64, tombstone: &Value) -> Result<()>;
    fn add_note(&self, claim_id: i64, note: &NewNote) -> Result<i64>;
    /// As `add_note`, unless the claim already has this very note.
    fn add_note_once(&self, claim_id: i64, note: &NewNote) -> Result<Option<i64>>;
    /// Whether the follow-up was still open.
    fn mark_done(&self, note_id: i64) -> Result<bool>;
    /// The speaker, and whether the alias was new.
    fn add_alias(&self, name: &str, alias: &str) -> Result<(Speaker, bool)>;
    /// Renames a speaker, keeping the old name as an alias; the speaker as it was.
    fn rename_speaker(&self, name: &str, new: &str) -> Result<Speaker>;
    /// Says what sort of speaker `name` is; the speaker, and the kind said before.
    fn set_speaker_kind(
        &self,
        name: &str,
        kind: SpeakerKind,
    ) -> Result<(Speaker, Option<SpeakerKind>)>;
    fn merge_speakers(&self, from: &str, into: &str) -> Result<MergeOutcome>;

    // The operation log.
    /// The summary `log` shows for this transaction's operation ("dispute 2 claims").
    fn describe(&self, summary: String);
    /// Marks this operation as the revert of `target`.
    fn reverting(&self, target: i64) -> Result<()>;
    fn operation(&self, id: i64) -> Result<OpRecord>;
    /// What this operation has changed so far.
    fn own_digest(&self) -> Result<Digest>;
    /// Later operations in effect that changed what reverting `target` would change back.
    fn conflicts(&self, target: &OpRecord) -> Result<Vec<Operation>>;
    fn revert(&self, target: &OpRecord) -> Result<()>;
}

/// An open database.
pub trait Storage: Reads {
    /// Runs `work` in one transaction, committed when it returns `Ok`. It waits for other
    /// writers rather than failing half-way.
    fn transact(&mut self, work: &mut dyn FnMut(&dyn Writes) -> Result<()>) -> Result<()>;
    /// Names the operation this command's writes belong to (the command line as typed).
    fn start_operation(&mut self, command: &str);
    /// The operation this command wrote, once it has.
    fn operation_id(&self) -> Option<i64>;
    /// Large loads, where the engine has a faster way for them.
    fn bulk(&mut self) -> Option<&mut dyn BulkLoad> {
        None
    }
    /// Backups, checks and compaction, where the engine does them itself.
    fn upkeep(&mut self) -> Option<&mut dyn Upkeep> {
        None
    }
    /// Rows as they are, for copying a database to another engine.
    fn transfer(&mut self) -> Option<&mut dyn Transfer> {
        None
    }
    /// People and their roles, for engines where each person connects as themselves.
    fn desk(&mut self) -> Option<&mut dyn Desk> {
        None
    }
    /// The stored match index, where the engine keeps one.
    fn match_index(&self) -> Option<&dyn MatchIndex> {
        None
    }
}

/// The stored match index (`domain::match_index`): its rows, and the claims waiting for it.
/// Every write transaction indexes up to `REFRESH_IN_WRITES` waiting claims before it commits
/// (not during a large load), so that the index is current for readers who cannot write.
pub trait MatchIndex: IndexRows<Error = StoreError> {
    /// How many claims wait to be indexed again.
    fn waiting_count(&self) -> Result<u64>;
    /// Indexes every waiting claim, in a transaction of its own (the index is not the record:
    /// no operation); how many were looked at.
    fn refresh(&self) -> Result<usize>;
    /// Empties the index and sets every checked claim waiting: for an index found unreadable.
    fn reset(&self) -> Result<()>;
}

/// How many waiting claims a write transaction indexes before it commits.
pub const REFRESH_IN_WRITES: usize = 1_000;

/// A shared desk's people: who is connected, and who may do what (see `domain::Level`). The
/// database enforces the roles; these manage them.
pub trait Desk {
    /// Who is connected, and their role (`None`: not on the desk).
    fn whoami(&self) -> Result<(String, Option<Level>)>;
    fn users(&self) -> Result<Vec<DeskUser>>;
    /// Puts someone on the desk (their login created when new); whether it was created.
    fn add_user(&mut self, name: &str, level: Level, password: Option<&str>) -> Result<bool>;
    /// Another role for someone on the desk; the one before.
    fn set_level(&mut self, name: &str, level: Level) -> Result<Level>;
    /// Takes someone off the desk; the role they had.
    fn remove_user(&mut self, name: &str) -> Result<Level>;
}

/// A database's rows as JSON objects (columns by name; ids, times and texts as stored), read in
/// key order a page at a time and written back as they were: `db copy` between engines.
pub trait Transfer {
    /// Up to `limit` rows of `table` (one of `common::TABLES`) after the row whose key is
    /// `after`, in key order.
    fn read_rows(
        &self,
        table: &str,
        after: Option<&[Value]>,
        limit: usize,
    ) -> Result<Vec<serde_json::Map<String, Value>>>;
    /// Writes rows read from another database, ids included, in one transaction; columns this
    /// engine's table does not have are left out.
    fn write_rows(&mut self, table: &str, rows: &[serde_json::Map<String, Value>]) -> Result<()>;
    /// Whether the database holds nothing yet: no claims and no operations.
    fn is_empty(&self) -> Result<bool>;
}

/// A faster path for large loads: what the next transactions write is logged as id ranges.
pub trait BulkLoad {
    /// From how many records a load counts as large (tests make it small).
    fn set_bulk_records(&mut self, records: u64);
    /// Gets ready to load about `bytes` of input; the next transaction starts the load.
    fn start_bulk(&mut self, bytes: u64) -> Result<()>;
    fn finish_bulk(&mut self) -> Result<()>;
}

/// Keeping a database healthy, for engines that hold it in a file of their own.
pub trait Upkeep {
    /// A consistent copy to `dest`, taken while others may write.
    fn backup_to(&self, dest: &Path) -> Result<()>;
    /// Replaces the content with a backup's (already checked with `peek`).
    fn restore_from(&mut self, source: &Path) -> Result<()>;
    /// Every problem found, row by row; empty when sound.
    fn check(&self) -> Result<Vec<String>>;
    fn info(&self) -> Result<Value>;
    fn vacuum(&self) -> Result<()>;
}

impl dyn Storage + '_ {
    /// Runs `f` in one transaction and returns what it returns.
    pub fn write<T>(&mut self, f: impl FnOnce(&dyn Writes) -> Result<T>) -> Result<T> {
        self.write_or(f)
    }

    /// [`Self::write`] for work that can also fail outside the store (ingest's reading, say):
    /// its own error comes back as it was, and nothing is committed.
    pub fn write_or<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&dyn Writes) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut f = Some(f);
        let mut done = None;
        let mut failed = None;
        let result = self.transact(&mut |tx| {
            let Some(f) = f.take() else {
                return Ok(());
            };
            match f(tx) {
                Ok(value) => {
                    done = Some(value);
                    Ok(())
                }
                Err(e) => {
                    failed = Some(e);
                    Err(StoreError::Abandoned)
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        result?;
        done.ok_or_else(|| E::from(StoreError::Abandoned))
    }

    /// [`Reads::each_change`] for a caller with errors of its own.
    pub fn each_change_or<E: From<StoreError>>(
        &self,
        id: i64,
        mut f: impl FnMut(RowChange) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut failed = None;
        let result = self.each_change(id, &mut |change| {
            f(change).map_err(|e| {
                failed = Some(e);
                StoreError::Abandoned
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(result?)
    }
}
