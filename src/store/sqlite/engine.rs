//! The SQLite store under the engine traits (`store::engine`): each method is the store's own.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use super::{Result, Store, Tx};
use crate::domain::{
    AddOutcome, ClaimDetail, ClaimEdit, ClaimFilter, ClaimRow, FollowUp, MergeOutcome, NewClaim,
    NewEvidence, NewNote, Note, Operation, PastChange, Period, RowChange, Scorecard, SearchHit,
    SignOff, Sort, Speaker, SpeakerCard, SpeakerKind, StatsBy, StatusChange, Stepped,
};
use crate::domain::{ArchiveScope, NewSnapshot, Snapshot};
use crate::store::StoreError;
use crate::store::{BulkLoad, Digest, OpFilter, OpRecord, Reads, Storage, Upkeep, Writes};
use rusqlite::OptionalExtension;

impl Reads for Store {
    fn claim(&self, id: i64) -> Result<ClaimRow> {
        Store::claim(self, id)
    }
    fn detail(&self, id: i64) -> Result<ClaimDetail> {
        Store::detail(self, id)
    }
    fn detail_of(&self, claim: ClaimRow) -> Result<ClaimDetail> {
        Store::detail_of(self, claim)
    }
    fn details(&self, ids: &[i64]) -> Result<Vec<ClaimDetail>> {
        Store::details(self, ids)
    }
    fn claims(&self, ids: &[i64]) -> Result<Vec<ClaimRow>> {
        Store::claims(self, ids)
    }
    fn list(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<ClaimRow>> {
        Store::list(self, filter, sort)
    }
    fn newest(&self, filter: &ClaimFilter, n: usize) -> Result<Vec<ClaimRow>> {
        Store::newest(self, filter, n)
    }
    fn search(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<SearchHit>> {
        Store::search(self, filter, sort)
    }
    fn ids(&self, filter: &ClaimFilter) -> Result<Vec<i64>> {
        Store::ids(self, filter)
    }
    fn claim_count(&self) -> Result<i64> {
        Store::claim_count(self)
    }
    fn notes_of(&self, claim_id: i64) -> Result<Vec<Note>> {
        Store::notes_of(self, claim_id)
    }
    fn claim_id_of(&self, speaker: &str, text: &str) -> Result<Option<i64>> {
        let key = crate::domain::claim_key(text);
        Ok(self
            .conn
            .prepare_cached(crate::store::common::CLAIM_OF_SPEAKER_AND_KEY)?
            .query_row(
                rusqlite::params![crate::domain::name_key(speaker), &key[..]],
                |r| r.get(0),
            )
            .optional()?)
    }
    fn corrected_claims(&self) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare_cached(crate::store::common::CORRECTED_CLAIMS)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn archive_targets(
        &self,
        scope: ArchiveScope,
        evidence_only: bool,
        again: bool,
    ) -> Result<Vec<String>> {
        let sql = crate::store::common::archive_targets(scope, evidence_only, again);
        Ok(self
            .conn
            .prepare(&sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn snapshots_of(&self, claim_id: i64) -> Result<Vec<Snapshot>> {
        Ok(self
            .conn
            .prepare_cached(crate::store::common::SNAPSHOTS_OF_CLAIM)?
            .query_map([claim_id], snapshot_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn snapshot(&self, id: i64) -> Result<Snapshot> {
        self.conn
            .prepare_cached(crate::store::common::SNAPSHOT)?
            .query_row([id], snapshot_row)
            .optional()?
            .ok_or(StoreError::SnapshotNotFound(id))
    }
    fn snapshots(&self) -> Result<Vec<Snapshot>> {
        Ok(self
            .conn
            .prepare_cached(crate::store::common::ALL_SNAPSHOTS)?
            .query_map([], snapshot_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn all_links(&self) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .conn
            .prepare_cached(crate::store::common::ALL_LINKS)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
    fn follow_ups(&self, due_by: Option<NaiveDate>) -> Result<Vec<FollowUp>> {
        Store::follow_ups(self, due_by)
    }
    fn tombstone(&self, id: i64) -> Result<Option<Value>> {
        Store::tombstone(self, id)
    }
    fn speaker_card(&self, name: &str) -> Result<SpeakerCard> {
        Store::speaker_card(self, name)
    }
    fn speaker_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        Store::speaker_scorecards(self, name)
    }
    fn source_scorecards(&self, name: Option<&str>) -> Result<Vec<Scorecard>> {
        Store::source_scorecards(self, name)
    }
    fn speaker_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        Store::speaker_scorecards_of(self, filter)
    }
    fn outlet_scorecards_of(&self, filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        Store::outlet_scorecards_of(self, filter)
    }
    fn stats(&self, by: StatsBy, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        Store::stats(self, by, filter)
    }
    fn added_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        Store::added_per(self, period, filter)
    }
    fn resolved_per(&self, period: Period, filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        Store::resolved_per(self, period, filter)
    }
    fn operations(&self, filter: &OpFilter) -> Result<Vec<Operation>> {
        Store::operations(self, filter)
    }
    fn operation(&self, id: i64) -> Result<OpRecord> {
        Store::operation(self, id)
    }
    fn digest(&self, id: i64) -> Result<Digest> {
        Store::digest(self, id)
    }
    fn each_change(&self, id: i64, f: &mut dyn FnMut(RowChange) -> Result<()>) -> Result<()> {
        Store::each_change(self, id, f)
    }
    fn last_undoable(&self) -> Result<Option<Operation>> {
        Store::last_undoable(self)
    }
    fn last_redoable(&self) -> Result<Option<Operation>> {
        Store::last_redoable(self)
    }
}

impl Writes for Tx<'_> {
    fn add_claim(&self, claim: &NewClaim) -> Result<AddOutcome> {
        Tx::add_claim(self, claim)
    }
    fn ensure_claim(&self, id: i64) -> Result<()> {
        Tx::ensure_claim(self, id)
    }
    fn change_status(&self, id: i64, change: &StatusChange) -> Result<PastChange> {
        Tx::change_status(self, id, change)
    }
    fn sign_off(&self, id: i64, step: &SignOff) -> Result<Stepped> {
        Tx::sign_off(self, id, step)
    }
    fn add_evidence(&self, id: i64, evidence: &NewEvidence) -> Result<bool> {
        Tx::add_evidence(self, id, evidence)
    }
    fn add_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        Tx::add_tags(self, id, tags)
    }
    fn link(&self, claim: i64, repeats: i64, matched: Option<f64>) -> Result<bool> {
        Tx::link(self, claim, repeats, matched)
    }
    fn carry_link(
        &self,
        claim: i64,
        repeats: i64,
        link: &crate::domain::CarriedLink,
    ) -> Result<bool> {
        Tx::carry_link(self, claim, repeats, link)
    }
    fn add_snapshot(&self, s: &NewSnapshot) -> Result<i64> {
        Ok(self
            .sql
            .prepare_cached(crate::store::common::INSERT_SNAPSHOT)?
            .query_row(
                rusqlite::params![
                    s.url,
                    s.fetched_at,
                    s.http_status,
                    s.content_type,
                    s.size.map(|n| n as i64),
                    s.sha256,
                    s.path,
                    s.error,
                    self.actor
                ],
                |r| r.get(0),
            )?)
    }
    fn unlink(&self, a: i64, b: i64) -> Result<bool> {
        Tx::unlink(self, a, b)
    }
    fn remove_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        Tx::remove_tags(self, id, tags)
    }
    fn set_priority(&self, id: i64, priority: Option<u8>) -> Result<u8> {
        Tx::set_priority(self, id, priority)
    }
    fn set_assignee(&self, id: i64, assignee: Option<&str>) -> Result<Option<String>> {
        Tx::set_assignee(self, id, assignee)
    }
    fn set_due(&self, id: i64, due: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
        Tx::set_due(self, id, due)
    }
    fn edit_claim(&self, id: i64, edit: &ClaimEdit) -> Result<Vec<String>> {
        Tx::edit_claim(self, id, edit)
    }
    fn delete_claim(&self, id: i64, tombstone: &Value) -> Result<()> {
        Tx::delete_claim(self, id, tombstone)
    }
    fn add_note(&self, claim_id: i64, note: &NewNote) -> Result<i64> {
        Tx::add_note(self, claim_id, note)
    }
    fn add_note_once(&self, claim_id: i64, note: &NewNote) -> Result<Option<i64>> {
        Tx::add_note_once(self, claim_id, note)
    }
    fn mark_done(&self, note_id: i64) -> Result<bool> {
        Tx::mark_done(self, note_id)
    }
    fn add_alias(&self, name: &str, alias: &str) -> Result<(Speaker, bool)> {
        Tx::add_alias(self, name, alias)
    }
    fn rename_speaker(&self, name: &str, new: &str) -> Result<Speaker> {
        Tx::rename_speaker(self, name, new)
    }
    fn set_speaker_kind(
        &self,
        name: &str,
        kind: SpeakerKind,
    ) -> Result<(Speaker, Option<SpeakerKind>)> {
        Tx::set_speaker_kind(self, name, kind)
    }
    fn merge_speakers(&self, from: &str, into: &str) -> Result<MergeOutcome> {
        Tx::merge_speakers(self, from, into)
    }
    fn describe(&self, summary: String) {
        Tx::describe(self, summary);
    }
    fn reverting(&self, target: i64) -> Result<()> {
        crate::store::revert::reverting(self, target)
    }
    fn operation(&self, id: i64) -> Result<OpRecord> {
        Tx::operation(self, id)
    }
    fn own_digest(&self) -> Result<Digest> {
        Tx::own_digest(self)
    }
    fn conflicts(&self, target: &OpRecord) -> Result<Vec<Operation>> {
        crate::store::revert::conflicts(self, target)
    }
    fn revert(&self, target: &OpRecord) -> Result<()> {
        crate::store::revert::revert(self, target)
    }
}

impl Storage for Store {
    fn transact(&mut self, work: &mut dyn FnMut(&dyn Writes) -> Result<()>) -> Result<()> {
        self.transaction(|tx| work(tx))
    }
    fn start_operation(&mut self, command: &str) {
        Store::start_operation(self, command);
    }
    fn operation_id(&self) -> Option<i64> {
        Store::operation_id(self)
    }
    fn bulk(&mut self) -> Option<&mut dyn BulkLoad> {
        Some(self)
    }
    fn upkeep(&mut self) -> Option<&mut dyn Upkeep> {
        Some(self)
    }
    fn transfer(&mut self) -> Option<&mut dyn crate::store::Transfer> {
        Some(self)
    }
    fn match_index(&self) -> Option<&dyn crate::store::MatchIndex> {
        Some(self)
    }
}

impl BulkLoad for Store {
    fn set_bulk_records(&mut self, records: u64) {
        Store::set_bulk_records(self, records);
    }
    fn start_bulk(&mut self, bytes: u64) -> Result<()> {
        self.plan = Some(Store::start_bulk(self, bytes)?);
        self.log_in_bulk();
        Ok(())
    }
    fn finish_bulk(&mut self) -> Result<()> {
        Store::finish_bulk(self)
    }
}

impl Upkeep for Store {
    fn backup_to(&self, dest: &Path) -> Result<()> {
        Store::backup_to(self, dest)
    }
    fn restore_from(&mut self, source: &Path) -> Result<()> {
        Store::restore_from(self, source)
    }
    fn check(&self) -> Result<Vec<String>> {
        Ok(Store::check(self))
    }
    fn info(&self) -> Result<Value> {
        Store::info(self)
    }
    fn vacuum(&self) -> Result<()> {
        Store::vacuum(self)
    }
}

/// A snapshot as `common`'s snapshot queries give it.
fn snapshot_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    Ok(Snapshot {
        id: r.get(0)?,
        fetch: NewSnapshot {
            url: r.get(1)?,
            fetched_at: r.get(2)?,
            http_status: r.get(3)?,
            content_type: r.get(4)?,
            size: r.get::<_, Option<i64>>(5)?.map(|n| n as u64),
            sha256: r.get(6)?,
            path: r.get(7)?,
            error: r.get(8)?,
        },
        fetched_by: r.get(9)?,
    })
}
