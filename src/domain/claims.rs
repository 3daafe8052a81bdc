//! Claims as commands and ingest bring them, and as the store gives them back: records, edits,
//! outcomes, rows, details, filters and search hits.

use chrono::NaiveDate;
use serde::Serialize;

use super::{SortKey, SourceKind, SpeakerKind, Stage, Stance, Status, Verdict};

/// A claim's status, verdict and the reason for a change, as one request.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    pub status: Status,
    /// `None` keeps the current verdict (a re-open clears it).
    pub verdict: Option<Verdict>,
    pub label: Option<String>,
    pub reason: Option<String>,
    /// The published fact-check, when the change comes with one, and its headline.
    pub review_url: Option<String>,
    pub review_title: Option<String>,
    /// What the check found, in a sentence or two (ClaimReview's ratingExplanation).
    pub explanation: Option<String>,
}

/// Where a claim appeared, as given by the user or an input file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceRef {
    pub name: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub kind: Option<SourceKind>,
    pub published_on: Option<NaiveDate>,
    /// When the appearance was recorded, for records carried over from another database.
    pub added_at: Option<String>,
}

impl SourceRef {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none()
    }
}

/// A follow-up or remark to attach to a claim. Author and times default to now and the current
/// user; records carried over from another database bring their own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewNote {
    pub text: String,
    pub follow_up_on: Option<NaiveDate>,
    pub author: Option<String>,
    pub created_at: Option<String>,
    pub done_at: Option<String>,
}

/// A link that supports, refutes or gives context to a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvidence {
    pub url: String,
    pub title: Option<String>,
    pub stance: Stance,
    pub added_by: Option<String>,
    pub added_at: Option<String>,
}

impl NewEvidence {
    #[must_use]
    pub fn link(url: String, stance: Stance) -> NewEvidence {
        NewEvidence {
            url,
            title: None,
            stance,
            added_by: None,
            added_at: None,
        }
    }
}

/// A status change: recorded in the history, or carried in from elsewhere (an export, a
/// published review).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastChange {
    pub from: Option<Status>,
    pub to: Status,
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    pub reason: Option<String>,
    pub actor: String,
    pub at: String,
}

/// Everything needed to record a claim; built from `add` flags or an input record. What a record
/// does not say (times, authors) is now and the current user.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewClaim {
    pub text: String,
    pub speaker: String,
    pub speaker_role: Option<String>,
    /// The role was guessed (by the article extractor): a given role replaces it.
    pub speaker_role_guessed: bool,
    /// Where it appeared; the first is the first appearance.
    pub sources: Vec<SourceRef>,
    pub said_on: Option<NaiveDate>,
    pub context: Option<String>,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    pub tags: Vec<String>,
    pub notes: Vec<NewNote>,
    pub evidence: Vec<NewEvidence>,
    /// The published fact-check of this claim, and its headline.
    pub review_url: Option<String>,
    pub review_title: Option<String>,
    /// What the check found (ClaimReview's ratingExplanation; kept only when the claim is new).
    pub explanation: Option<String>,
    /// Who published the review, when it was imported from ClaimReview markup: not the desk's.
    pub review_author: Option<String>,
    /// The speaker's kind, when the input says (a review's author `@type`); kept where the
    /// speaker has none yet.
    pub speaker_kind: Option<SpeakerKind>,
    /// The language it was made in, a BCP 47 tag (see `domain::check_language`).
    pub language: Option<String>,
    /// The claims it repeats, when it comes from another database's export.
    pub repeats: Vec<CarriedLink>,
    /// Who on the desk checks it, and by when (kept only when the claim is new).
    pub assignee: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// Its history, when it comes from elsewhere; empty means "added now, as `status`".
    pub history: Vec<PastChange>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Check-worthiness set by hand (and by whom); computed when `None`.
    pub priority: Option<(u8, Option<String>)>,
    /// Worked out from the text ahead of writing (see `NewClaim::derive`); `None`: when written.
    pub derived: Option<Derived>,
}

/// What the store works out from a claim's text: the de-duplication key and, unless set by hand,
/// the check-worthiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derived {
    pub key: [u8; 16],
    pub priority: u8,
}

impl NewClaim {
    /// Works the derived values out now: ingest does this on its reading thread, so the thread
    /// that writes only writes.
    #[must_use]
    pub fn derive(mut self) -> NewClaim {
        self.derived = Some(self.derived());
        self
    }

    /// The history a new claim starts with: its own, when it comes from elsewhere; else one row,
    /// "added now, as its status", by `actor`.
    #[must_use]
    pub fn starting_history(&self, actor: &str, now: &str) -> std::borrow::Cow<'_, [PastChange]> {
        if self.history.is_empty() {
            std::borrow::Cow::Owned(vec![PastChange {
                from: None,
                to: self.status,
                verdict: self.verdict,
                verdict_label: self.verdict_label.clone(),
                reason: None,
                actor: actor.to_string(),
                at: now.to_string(),
            }])
        } else {
            std::borrow::Cow::Borrowed(&self.history)
        }
    }

    /// The derived values, worked out when `derive` has not been called.
    #[must_use]
    pub fn derived(&self) -> Derived {
        self.derived.unwrap_or_else(|| Derived {
            key: super::claim_key(&self.text),
            priority: match &self.priority {
                Some((p, _)) => *p,
                None => super::check_worthiness(&self.text).priority(),
            },
        })
    }
}

/// What a claim seen again may add to the one already tracked: only what that one lacks. A
/// re-seen claim never changes what is there (text, status, verdict, history, who checks it);
/// it brings appearances, tags, notes and evidence, and fills these blanks, first come first
/// served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    pub said_on: Option<NaiveDate>,
    pub context: Option<String>,
    pub review_url: Option<String>,
    pub review_title: Option<String>,
}

impl Completion {
    #[must_use]
    pub fn of(claim: &NewClaim) -> Completion {
        Completion {
            said_on: claim.said_on,
            context: claim.context.clone(),
            review_url: claim.review_url.clone(),
            review_title: claim.review_title.clone(),
        }
    }

    /// Takes from a later sighting what is still blank.
    pub fn absorb(&mut self, later: &Completion) {
        self.said_on = self.said_on.or(later.said_on);
        if self.context.is_none() {
            self.context.clone_from(&later.context);
        }
        if self.review_url.is_none() {
            self.review_url.clone_from(&later.review_url);
        }
        if self.review_title.is_none() {
            self.review_title.clone_from(&later.review_title);
        }
    }

    /// Whether it brings nothing to fill.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Completion::default()
    }
}

/// How a source is recognised again: by its URL, or by its name when it has none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SourceIdentity {
    Url(String),
    Name(String),
}

impl SourceRef {
    /// The name it is stored under: its own, or its URL's host.
    #[must_use]
    pub fn stored_name(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.url.as_deref().map(super::url_host))
            .unwrap_or_default()
    }

    #[must_use]
    pub fn identity(&self) -> SourceIdentity {
        match &self.url {
            Some(url) => SourceIdentity::Url(url.clone()),
            None => SourceIdentity::Name(super::name_key(&self.stored_name())),
        }
    }
}

/// A correction to a claim: the fields given change, the rest stay.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimEdit {
    pub text: Option<String>,
    pub speaker: Option<String>,
    pub said_on: Option<NaiveDate>,
    pub context: Option<String>,
    pub language: Option<String>,
}

/// The fields an edit may change, as stored (dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedFields {
    pub text: String,
    pub speaker: String,
    pub said_on: Option<String>,
    pub context: Option<String>,
    pub language: Option<String>,
}

impl EditedFields {
    /// The fields after `edit` (its speaker given as the name it resolved to).
    #[must_use]
    pub fn after(&self, edit: &ClaimEdit, speaker: String) -> EditedFields {
        EditedFields {
            text: edit.text.clone().unwrap_or_else(|| self.text.clone()),
            speaker,
            said_on: edit
                .said_on
                .map(|d| d.to_string())
                .or_else(|| self.said_on.clone()),
            context: edit.context.clone().or_else(|| self.context.clone()),
            language: edit.language.clone().or_else(|| self.language.clone()),
        }
    }

    /// What changed from `self` to `new`, as the change log keeps it: `{field: {old, new}}`.
    #[must_use]
    pub fn changes_to(&self, new: &EditedFields) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::json;
        let mut changed = serde_json::Map::new();
        for (field, old, new) in [
            ("text", json!(self.text), json!(new.text)),
            ("speaker", json!(self.speaker), json!(new.speaker)),
            ("said_on", json!(self.said_on), json!(new.said_on)),
            ("context", json!(self.context), json!(new.context)),
            ("language", json!(self.language), json!(new.language)),
        ] {
            if old != new {
                changed.insert(field.to_string(), json!({ "old": old, "new": new }));
            }
        }
        changed
    }
}

/// What recording a claim did: created it, or matched one already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct AddOutcome {
    pub claim_id: i64,
    pub created: bool,
    pub appearances_added: usize,
    pub speaker_created: bool,
    pub sources_created: usize,
}

/// One row of a claim table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub id: i64,
    pub text: String,
    pub speaker: String,
    pub speaker_role: Option<String>,
    /// The role was guessed from an article, not given.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub speaker_role_guessed: bool,
    pub said_on: Option<NaiveDate>,
    pub context: Option<String>,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    /// The earliest open follow-up date.
    pub follow_up: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
    /// Check-worthiness, 0–100.
    pub priority: Option<u8>,
    /// Who set the priority by hand; `None` when computed.
    pub priority_by: Option<String>,
    pub review_url: Option<String>,
    /// The fact-check's headline.
    pub review_title: Option<String>,
    /// Who on the desk is checking it.
    pub assignee: Option<String>,
    /// When the check is due.
    pub due_on: Option<NaiveDate>,
    /// What the check found (ClaimReview's ratingExplanation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Where the check stands in sign-off (see `domain::signoff`); none while outstanding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_on: Option<NaiveDate>,
    /// Who published the review, when it was imported from elsewhere (ClaimReview markup).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_author: Option<String>,
    /// The speaker's kind, when someone has said (`speaker kind`, or an imported review).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_kind: Option<SpeakerKind>,
    /// The language the claim was made in (a BCP 47 tag: `en`, `pt-BR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl ClaimRow {
    /// When the claim is next due: its earliest open follow-up or its check's due date.
    #[must_use]
    pub fn next_due(&self) -> Option<NaiveDate> {
        match (self.follow_up, self.due_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appearance {
    pub source_id: i64,
    pub name: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub kind: SourceKind,
    pub published_on: Option<NaiveDate>,
    pub added_at: String,
    /// The first place the claim was seen.
    pub first: bool,
}

/// A status change as recorded: its row id and the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    #[serde(flatten)]
    pub change: PastChange,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub claim_id: i64,
    pub text: String,
    pub author: String,
    pub created_at: String,
    pub follow_up_on: Option<NaiveDate>,
    pub done_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    pub stance: Stance,
    pub added_by: String,
    pub added_at: String,
}

/// The tag on claims whose speaker needs a person's eye: none was found, or a lone surname
/// could be any of several people.
pub const NEEDS_SPEAKER_TAG: &str = "needs-speaker";

/// Everything known about one claim, for `show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub claim: ClaimRow,
    pub appearances: Vec<Appearance>,
    pub history: Vec<HistoryEntry>,
    pub notes: Vec<Note>,
    pub evidence: Vec<Evidence>,
    /// Corrections other than status changes: edits, a new speaker after a merge, undos.
    pub corrections: Vec<Correction>,
    /// Claims this one repeats, then claims that repeat it.
    pub links: Vec<Link>,
}

/// Which way a link points, seen from the claim shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The claim shown says again what the other said.
    Repeats,
    /// The other claim says again what the claim shown said.
    RepeatedBy,
}

/// A link a record carries from another database: the claim it repeats, known by its speaker
/// and words (ids differ between databases), and who linked them when, and the score.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CarriedLink {
    pub speaker: String,
    pub text: String,
    pub score: Option<f64>,
    pub by: String,
    pub at: String,
}

/// Who links claims when the matcher does it on arrival (otherwise the person who linked them).
pub const LINKED_BY_MATCH: &str = "match";

/// Who a link is recorded as made by: the matcher when it scored the pair, else `actor`.
#[must_use]
pub fn linked_by(matched: Option<f64>, actor: &str) -> &str {
    if matched.is_some() {
        LINKED_BY_MATCH
    } else {
        actor
    }
}

/// A checked claim said again: what `repeats` lists and the report's "Came back" shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameBack {
    #[serde(flatten)]
    pub claim: ClaimRow,
    /// The claims that repeat it, oldest first.
    pub repeated_by: Vec<i64>,
    /// When it last came back: the newest repeat's date said, else the day it was added.
    pub last: NaiveDate,
    /// Who said it again, and where, in the order they came.
    pub by: Vec<String>,
    #[serde(rename = "where")]
    pub places: Vec<String>,
}

/// A link between the claim shown and another, with what the other is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The other claim.
    pub id: i64,
    pub relation: Relation,
    /// The matcher's score (0 to 1); none when a person linked them.
    pub score: Option<f64>,
    /// A person, or `match`.
    pub by: String,
    pub at: String,
    pub text: String,
    pub speaker: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    /// Who made the other claim's latest status change, and when.
    pub rated_by: String,
    pub rated_at: String,
}

impl Link {
    /// Made by the matcher as a claim arrived (it alone gives a score), not by a person.
    #[must_use]
    pub fn matched(&self) -> bool {
        self.score.is_some()
    }
}

/// One logged correction to a claim; `detail` holds the old and new values as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub action: String,
    pub actor: String,
    pub at: String,
    pub detail: serde_json::Value,
}

/// One side of a correction of a published check, as logged (`domain::signoff`): the finding
/// as it was, or as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finding {
    pub status: Option<Status>,
    pub verdict: Option<Verdict>,
    pub label: Option<String>,
    pub explanation: Option<String>,
}

impl Finding {
    /// The finding a claim has now.
    #[must_use]
    pub fn of(claim: &ClaimRow) -> Finding {
        Finding {
            status: Some(claim.status),
            verdict: claim.verdict,
            label: claim.verdict_label.clone(),
            explanation: claim.explanation.clone(),
        }
    }
}

impl Correction {
    /// The finding before and after a correction of a published check.
    #[must_use]
    pub fn findings(&self) -> (Finding, Finding) {
        let side = |name: &str| {
            let v = &self.detail[name];
            Finding {
                status: v["status"].as_str().and_then(|s| s.parse().ok()),
                verdict: v["verdict"].as_str().and_then(|s| s.parse().ok()),
                label: v["label"].as_str().map(str::to_string),
                explanation: v["explanation"].as_str().map(str::to_string),
            }
        };
        (side("was"), side("now"))
    }

    /// Why, as the log says.
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        self.detail["reason"].as_str()
    }
}

/// An open follow-up with the claim it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub note: Note,
    pub claim_text: String,
    pub speaker: String,
    pub status: Status,
}

/// Which claims a list shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimFilter {
    /// Empty means any status.
    pub statuses: Vec<Status>,
    /// Empty means any verdict, or none.
    pub verdicts: Vec<Verdict>,
    /// Only claims with (true) or without (false) a verdict.
    pub rated: Option<bool>,
    pub speaker: Option<String>,
    pub speaker_id: Option<i64>,
    pub source: Option<String>,
    pub tag: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only claims with an open follow-up due before this date.
    pub overdue_before: Option<NaiveDate>,
    /// Only claims assigned to this person (`Some(None)`: to nobody).
    pub assignee: Option<Option<String>>,
    /// Empty means any stage of sign-off, or none.
    pub stages: Vec<Stage>,
    /// A full-text query (FTS5 syntax; plain words are retried when it does not parse).
    pub search: Option<String>,
    pub limit: Option<usize>,
    /// Continue after this claim, in the same order (keyset paging).
    pub after: Option<i64>,
}

/// An order for claim lists; `reverse` flips every part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub reverse: bool,
}

/// A claim found by full-text search, with its matches marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub claim: ClaimRow,
    /// Relevance to the search: higher is better, comparable only within one search (each
    /// engine has its own measure; SQLite's bm25 is negated to read this way round).
    pub score: f64,
    /// The claim text (or, for long claims, the passage around the matches) with matches
    /// between `MATCH_START` and `MATCH_END`.
    #[serde(skip)]
    pub marked: String,
}

/// Marks around matched words in `SearchHit::marked`.
pub const MATCH_START: char = '\u{E000}';
pub const MATCH_END: char = '\u{E001}';
