//! The PostgreSQL store under the engine traits (`store::engine`). What it cannot do yet says so
//! (`StoreError::Unsupported`), naming the command, rather than doing something else.

use chrono::NaiveDate;
use serde_json::Value;

use super::{Store, Tx};
use crate::domain::{
    AddOutcome, ClaimDetail, ClaimEdit, ClaimFilter, ClaimRow, FollowUp, MergeOutcome, NewClaim,
    NewEvidence, NewNote, Note, Operation, PastChange, Period, RowChange, Scorecard, SearchHit,
    Sort, Speaker, SpeakerCard, StatsBy, StatusChange,
};
use crate::store::{Digest, OpFilter, OpRecord, Reads, Result, Storage, StoreError, Writes};

fn not_yet<T>(what: &'static str) -> Result<T> {
    Err(StoreError::Unsupported { what })
}

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
    fn list(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<ClaimRow>> {
        Store::list(self, filter, sort)
    }
    fn newest(&self, filter: &ClaimFilter, n: usize) -> Result<Vec<ClaimRow>> {
        Store::newest(self, filter, n)
    }
    fn search(&self, filter: &ClaimFilter, sort: Sort) -> Result<Vec<SearchHit>> {
        Store::search(self, filter, sort)
    }
    fn similar(&self, _id: i64, _threshold: f64, _limit: usize) -> Result<Vec<(ClaimRow, f64)>> {
        not_yet("similar")
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
    fn follow_ups(&self, due_by: Option<NaiveDate>) -> Result<Vec<FollowUp>> {
        Store::follow_ups(self, due_by)
    }
    fn tombstone(&self, _id: i64) -> Result<Option<Value>> {
        not_yet("delete")
    }
    fn speaker_card(&self, _name: &str) -> Result<SpeakerCard> {
        not_yet("speaker")
    }
    fn speaker_scorecards(&self, _name: Option<&str>) -> Result<Vec<Scorecard>> {
        not_yet("speakers")
    }
    fn source_scorecards(&self, _name: Option<&str>) -> Result<Vec<Scorecard>> {
        not_yet("sources")
    }
    fn speaker_scorecards_of(&self, _filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        not_yet("report")
    }
    fn outlet_scorecards_of(&self, _filter: &ClaimFilter) -> Result<Vec<Scorecard>> {
        not_yet("report")
    }
    fn stats(&self, _by: StatsBy, _filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        not_yet("stats")
    }
    fn added_per(&self, _period: Period, _filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        not_yet("stats")
    }
    fn resolved_per(&self, _period: Period, _filter: &ClaimFilter) -> Result<Vec<(String, i64)>> {
        not_yet("stats")
    }
    fn operations(&self, _filter: &OpFilter) -> Result<Vec<Operation>> {
        not_yet("log")
    }
    fn operation(&self, _id: i64) -> Result<OpRecord> {
        not_yet("log show")
    }
    fn digest(&self, _id: i64) -> Result<Digest> {
        not_yet("log show")
    }
    fn each_change(&self, _id: i64, _f: &mut dyn FnMut(RowChange) -> Result<()>) -> Result<()> {
        not_yet("log show")
    }
    fn last_undoable(&self) -> Result<Option<Operation>> {
        not_yet("undo")
    }
    fn last_redoable(&self) -> Result<Option<Operation>> {
        not_yet("redo")
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
    fn add_evidence(&self, id: i64, evidence: &NewEvidence) -> Result<bool> {
        Tx::add_evidence(self, id, evidence)
    }
    fn add_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        Tx::add_tags(self, id, tags)
    }
    fn remove_tags(&self, id: i64, tags: &[String]) -> Result<usize> {
        Tx::remove_tags(self, id, tags)
    }
    fn set_priority(&self, id: i64, priority: Option<u8>) -> Result<u8> {
        Tx::set_priority(self, id, priority)
    }
    fn edit_claim(&self, _id: i64, _edit: &ClaimEdit) -> Result<Vec<String>> {
        not_yet("edit")
    }
    fn delete_claim(&self, _id: i64, _tombstone: &Value) -> Result<()> {
        not_yet("delete")
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
    fn add_alias(&self, _name: &str, _alias: &str) -> Result<(Speaker, bool)> {
        not_yet("speaker alias")
    }
    fn merge_speakers(&self, _from: &str, _into: &str) -> Result<MergeOutcome> {
        not_yet("speaker merge")
    }
    fn describe(&self, summary: String) {
        self.op.borrow_mut().summary = Some(summary);
    }
    fn reverting(&self, _target: i64) -> Result<()> {
        not_yet("undo")
    }
    fn operation(&self, _id: i64) -> Result<OpRecord> {
        not_yet("undo")
    }
    fn own_digest(&self) -> Result<Digest> {
        not_yet("undo")
    }
    fn conflicts(&self, _target: &OpRecord) -> Result<Vec<Operation>> {
        not_yet("undo")
    }
    fn revert(&self, _target: &OpRecord) -> Result<()> {
        not_yet("undo")
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
}
