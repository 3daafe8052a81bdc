//! The PostgreSQL store under the engine traits (`store::engine`).

use crate::domain::{ArchiveScope, NewSnapshot, Snapshot};
use crate::store::StoreError;
use chrono::NaiveDate;
use serde_json::Value;

use super::{Store, Tx};
use crate::domain::{
    AddOutcome, ClaimDetail, ClaimEdit, ClaimFilter, ClaimRow, FollowUp, MergeOutcome, NewClaim,
    NewEvidence, NewNote, Note, Operation, PastChange, Period, RowChange, Scorecard, SearchHit,
    SignOff, Sort, Speaker, SpeakerCard, SpeakerKind, StatsBy, StatusChange, Stepped,
};
use crate::store::{Digest, OpFilter, OpRecord, Reads, Result, Storage, Writes};

impl Reads for Store {
    fn claim(&self, id: i64) -> Result<ClaimRow> {
        Store::claim(self, id)
    }
    fn detail(&self, id: i64) -> Result<ClaimDetail> {
        self.detail_of(Store::claim(self, id)?)
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
        let key = crate::store::common::hex(&crate::domain::claim_key(text));
        Ok(self
            .query_opt(
                crate::store::common::CLAIM_OF_SPEAKER_AND_KEY,
                &[&crate::domain::name_key(speaker), &key],
            )?
            .map(|r| r.get(0)))
    }
    fn corrected_claims(&self) -> Result<Vec<i64>> {
        Ok(self
            .query(crate::store::common::CORRECTED_CLAIMS, &[])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }
    fn archive_targets(
        &self,
        scope: ArchiveScope,
        evidence_only: bool,
        again: bool,
    ) -> Result<Vec<String>> {
        let sql = crate::store::common::archive_targets(scope, evidence_only, again);
        Ok(self.query(&sql, &[])?.iter().map(|r| r.get(0)).collect())
    }
    fn snapshots_of(&self, claim_id: i64) -> Result<Vec<Snapshot>> {
        self.query(crate::store::common::SNAPSHOTS_OF_CLAIM, &[&claim_id])?
            .iter()
            .map(snapshot_row)
            .collect()
    }
    fn snapshot(&self, id: i64) -> Result<Snapshot> {
        match self.query_opt(crate::store::common::SNAPSHOT, &[&id])? {
            Some(row) => snapshot_row(&row),
            None => Err(StoreError::SnapshotNotFound(id)),
        }
    }
    fn snapshots(&self) -> Result<Vec<Snapshot>> {
        self.query(crate::store::common::ALL_SNAPSHOTS, &[])?
            .iter()
            .map(snapshot_row)
            .collect()
    }
    fn all_links(&self) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .query(crate::store::common::ALL_LINKS, &[])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
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
    fn add_claims(&self, claims: &[NewClaim]) -> Result<Vec<AddOutcome>> {
        Tx::add_claims(self, claims)
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
            .query_one(
                crate::store::common::INSERT_SNAPSHOT,
                &[
                    &s.url,
                    &s.fetched_at,
                    &s.http_status.map(i32::from),
                    &s.content_type,
                    &s.size.map(|n| n as i64),
                    &s.sha256,
                    &s.path,
                    &s.error,
                    &self.actor,
                ],
            )?
            .get(0))
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
        self.op.borrow_mut().summary = Some(summary);
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
        self.transaction(&mut |tx| work(tx))
    }
    fn start_operation(&mut self, command: &str) {
        Store::start_operation(self, command);
    }
    fn operation_id(&self) -> Option<i64> {
        self.op.borrow().id
    }
    fn upkeep(&mut self) -> Option<&mut dyn crate::store::Upkeep> {
        Some(self)
    }
    fn desk(&mut self) -> Option<&mut dyn crate::store::Desk> {
        Some(self)
    }
    fn match_index(&self) -> Option<&dyn crate::store::MatchIndex> {
        Some(self)
    }
    fn bulk(&mut self) -> Option<&mut dyn crate::store::BulkLoad> {
        Some(self)
    }
    fn transfer(&mut self) -> Option<&mut dyn crate::store::Transfer> {
        Some(self)
    }
}

/// Large loads log what they add as id ranges (the insert triggers record nothing then).
impl crate::store::BulkLoad for Store {
    fn set_bulk_records(&mut self, _records: u64) {}
    fn start_bulk(&mut self, _bytes: u64) -> Result<()> {
        self.op.get_mut().bulk = true;
        Ok(())
    }
    /// Fresh statistics when the load grew the claims by a tenth or more: planned on the old
    /// ones (or none, on a new database), the queue and `list --speaker` ran 5 to 10 times
    /// slower until autovacuum came. A smaller load leaves them to autovacuum, whose threshold
    /// is the same tenth: analysing a large desk after each small load cost it a second.
    /// VACUUM as well: it marks the new pages all-visible, so that reads use indexes alone at
    /// once rather than after autovacuum's next round (on 200,000 fresh claims, `search` 119
    /// ms and `speakers` 192 ms after ANALYZE alone, 80 and 136 ms after this; the load takes
    /// about 1.4 s longer). Notes too: without their statistics, `outstanding` took 1.1 s.
    fn finish_bulk(&mut self) -> Result<()> {
        let Some(before) = self.op.get_mut().claims_before else {
            return Ok(());
        };
        match &mut *self.client.borrow_mut() {
            super::Conn::Client(client) => {
                let now: i64 = client
                    .query_typed_one("SELECT coalesce(max(id), 0) FROM claims", &[])?
                    .get(0);
                if (now - before) * 10 >= before.max(1) {
                    client.batch_execute(
                        "VACUUM (ANALYZE) claims, appearances, sources, speakers, status_history,
                                          claim_tags, notes, evidence",
                    )?;
                }
                Ok(())
            }
            super::Conn::Rehearsal(_) => Ok(()),
        }
    }
}

impl crate::store::Desk for Store {
    fn whoami(&self) -> Result<(String, Option<crate::domain::Level>)> {
        Store::whoami(self)
    }
    fn users(&self) -> Result<Vec<crate::domain::DeskUser>> {
        Store::desk_users(self)
    }
    fn add_user(
        &mut self,
        name: &str,
        level: crate::domain::Level,
        password: Option<&str>,
    ) -> Result<bool> {
        Store::add_user(self, name, level, password)
    }
    fn set_level(
        &mut self,
        name: &str,
        level: crate::domain::Level,
    ) -> Result<crate::domain::Level> {
        Store::set_level(self, name, level)
    }
    fn remove_user(&mut self, name: &str) -> Result<crate::domain::Level> {
        Store::remove_user(self, name)
    }
}

/// A snapshot as `common`'s snapshot queries give it.
fn snapshot_row(r: &postgres::Row) -> Result<Snapshot> {
    Ok(Snapshot {
        id: r.try_get(0)?,
        fetch: NewSnapshot {
            url: r.try_get(1)?,
            fetched_at: r.try_get(2)?,
            http_status: r
                .try_get::<_, Option<i32>>(3)?
                .and_then(|n| u16::try_from(n).ok()),
            content_type: r.try_get(4)?,
            size: r.try_get::<_, Option<i64>>(5)?.map(|n| n as u64),
            sha256: r.try_get(6)?,
            path: r.try_get(7)?,
            error: r.try_get(8)?,
        },
        fetched_by: r.try_get(9)?,
    })
}
