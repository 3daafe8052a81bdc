//! The tracker's vocabulary: statuses, verdicts, stances, source kinds, and the records built from
//! them.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An input value that is not one of a fixed set of words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}' (expected one of: {expected})")]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub expected: String,
}

/// Declares a closed word set stored as its snake_case name, with parsing that accepts case and
/// `-`/space variations ("In Review", "in-review").
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                let wanted = s.trim().to_lowercase().replace(['-', ' '], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownWord {
                        what: $what,
                        given: s.to_string(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

word_enum!(
    /// Where a claim stands in the checking process.
    Status, "status" {
        Unverified = "unverified",
        InReview = "in_review",
        Verified = "verified",
        Disputed = "disputed",
        Unverifiable = "unverifiable",
    }
);

#[allow(clippy::derivable_impls)] // the enum comes from `word_enum!`
impl Default for Status {
    fn default() -> Status {
        Status::Unverified
    }
}

impl Status {
    /// Outstanding claims are the ones still waiting for a fact-checker.
    #[must_use]
    pub fn is_outstanding(self) -> bool {
        matches!(self, Status::Unverified | Status::InReview)
    }

    /// The outstanding ones among `statuses`; every outstanding status when none are given.
    #[must_use]
    pub fn outstanding_of(statuses: &[Status]) -> Vec<Status> {
        let all = if statuses.is_empty() {
            Status::ALL
        } else {
            statuses
        };
        all.iter().copied().filter(|s| s.is_outstanding()).collect()
    }
}

word_enum!(
    /// A rating on the fact-checkers' scale, separate from the status.
    Verdict, "verdict" {
        True = "true",
        MostlyTrue = "mostly_true",
        Mixed = "mixed",
        MostlyFalse = "mostly_false",
        False = "false",
        Fabricated = "fabricated",
    }
);

word_enum!(
    /// What a piece of evidence does for a claim.
    Stance, "stance" {
        Supports = "supports",
        Refutes = "refutes",
        Context = "context",
    }
);

word_enum!(
    /// What kind of publication a source is.
    SourceKind, "source kind" {
        Article = "article",
        Interview = "interview",
        Broadcast = "broadcast",
        SocialPost = "social_post",
        Transcript = "transcript",
        Speech = "speech",
        Document = "document",
        Other = "other",
    }
);

/// A claim's status, verdict and the reason for a change, as one request.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    pub status: Status,
    /// `None` keeps the current verdict (a re-open clears it).
    pub verdict: Option<Verdict>,
    pub label: Option<String>,
    pub reason: Option<String>,
    /// The published fact-check, when the change comes with one.
    pub review_url: Option<String>,
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
    /// The published fact-check of this claim.
    pub review_url: Option<String>,
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

    /// The derived values, worked out when `derive` has not been called.
    #[must_use]
    pub fn derived(&self) -> Derived {
        self.derived.unwrap_or_else(|| Derived {
            key: super::claim_key(&self.text),
            priority: match &self.priority {
                Some((p, _)) => *p,
                None => super::check_worthiness(&self.text).0,
            },
        })
    }
}

/// A correction to a claim: the fields given change, the rest stay.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimEdit {
    pub text: Option<String>,
    pub speaker: Option<String>,
    pub said_on: Option<NaiveDate>,
    pub context: Option<String>,
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
}

/// One logged correction to a claim; `detail` holds the old and new values as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub action: String,
    pub actor: String,
    pub at: String,
    pub detail: serde_json::Value,
}

/// An open follow-up with the claim it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub note: Note,
    pub claim_text: String,
    pub speaker: String,
    pub status: Status,
}

/// A person or organisation who makes claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    pub id: i64,
    pub name: String,
    pub role: Option<String>,
    /// The role was guessed from an article, not given.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub role_guessed: bool,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
}

/// A speaker with how their claims stand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerCard {
    #[serde(flatten)]
    pub speaker: Speaker,
    pub claims: i64,
    pub by_status: Vec<(Status, i64)>,
}

/// How a speaker's (or source's) claims stand: counts by status and verdict, and how often the
/// checked ones were rated false or worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub id: i64,
    pub name: String,
    /// A speaker's role, or a source's kind.
    pub detail: Option<String>,
    pub claims: i64,
    pub by_status: std::collections::BTreeMap<&'static str, i64>,
    pub by_verdict: std::collections::BTreeMap<&'static str, i64>,
    /// Claims with a verdict.
    pub rated: i64,
    /// Rated claims rated false or fabricated.
    pub false_or_worse: i64,
    /// Share of rated claims rated false or fabricated; `None` when none are rated.
    pub false_share: Option<f64>,
    /// The lower end of that share's 95% Wilson interval: what `--sort false` ranks by, so two
    /// of three rated false does not outrank 25 of 70.
    pub false_share_low: Option<f64>,
}

/// The lower bound of the 95% Wilson score interval for `k` successes in `n` trials: a share
/// that is only as high as the evidence for it.
#[must_use]
pub fn wilson_lower(k: i64, n: i64) -> f64 {
    if n <= 0 {
        return 0.0;
    }
    let (k, n) = (k as f64, n as f64);
    let z = 1.959_964;
    let p = k / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - margin) / (1.0 + z2 / n)).max(0.0)
}

impl Scorecard {
    #[must_use]
    pub fn new(
        id: i64,
        name: String,
        detail: Option<String>,
        claims: i64,
        by_status: std::collections::BTreeMap<&'static str, i64>,
        by_verdict: std::collections::BTreeMap<&'static str, i64>,
    ) -> Scorecard {
        let rated = by_verdict.values().sum();
        let false_or_worse: i64 = Verdict::ALL
            .iter()
            .filter(|v| v.is_false_or_worse())
            .filter_map(|v| by_verdict.get(v.as_str()))
            .sum();
        let false_share = (rated > 0).then(|| false_or_worse as f64 / rated as f64);
        Scorecard {
            id,
            name,
            detail,
            claims,
            by_status,
            by_verdict,
            rated,
            false_or_worse,
            false_share,
            false_share_low: (rated > 0).then(|| wilson_lower(false_or_worse, rated)),
        }
    }

    /// The `--sort false` order: surest high share rated false first, unrated last, then by
    /// more rated claims.
    #[must_use]
    pub fn cmp_by_false(&self, other: &Scorecard) -> std::cmp::Ordering {
        other
            .false_share_low
            .unwrap_or(-1.0)
            .total_cmp(&self.false_share_low.unwrap_or(-1.0))
            .then(other.rated.cmp(&self.rated))
    }

    /// Claims still waiting: unverified or in review.
    #[must_use]
    pub fn open(&self) -> i64 {
        Status::ALL
            .iter()
            .filter(|s| s.is_outstanding())
            .filter_map(|s| self.by_status.get(s.as_str()))
            .sum()
    }
}

word_enum!(
    /// What `stats` groups claims by.
    StatsBy, "grouping" {
        Status = "status",
        Verdict = "verdict",
        Speaker = "speaker",
        Source = "source",
        Tag = "tag",
        Month = "month",
    }
);

word_enum!(
    /// A stretch of time claims are counted over in the report's charts.
    Period, "period" {
        Week = "week",
        Month = "month",
    }
);

/// What merging two speakers did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeOutcome {
    pub into: Speaker,
    pub from: String,
    /// Claims that changed speaker.
    pub claims_moved: usize,
    /// Claims both had, now one.
    pub claims_merged: usize,
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
    /// A full-text query (FTS5 syntax; plain words are retried when it does not parse).
    pub search: Option<String>,
    pub limit: Option<usize>,
    /// Continue after this claim, in the same order (keyset paging).
    pub after: Option<i64>,
}

word_enum!(
    /// What a claim list is ordered by. `queue`: overdue follow-ups first, then priority, then
    /// newest (the review queue); `relevance`: best full-text match first.
    SortKey, "sort" {
        Said = "said",
        Added = "added",
        Updated = "updated",
        Priority = "priority",
        Speaker = "speaker",
        Queue = "queue",
        Relevance = "relevance",
    }
);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_lower_bounds_shrink_with_fewer_ratings() {
        assert!(
            (wilson_lower(25, 70) - 0.2551).abs() < 0.001,
            "{}",
            wilson_lower(25, 70)
        );
        assert!(
            wilson_lower(2, 3) < wilson_lower(25, 70),
            "2 of 3 is thin evidence"
        );
        assert!(wilson_lower(0, 10) < 1e-12);
        assert!(wilson_lower(10, 10) > 0.69);
        assert!(wilson_lower(0, 0) < 1e-12);
    }

    #[test]
    fn words_parse_loosely_and_print_canonically() {
        assert_eq!("In Review".parse::<Status>().unwrap(), Status::InReview);
        assert_eq!(
            "mostly-true".parse::<Verdict>().unwrap(),
            Verdict::MostlyTrue
        );
        assert_eq!(Status::InReview.to_string(), "in_review");
        let err = "done".parse::<Status>().unwrap_err();
        assert!(err.to_string().contains("unknown status 'done'"), "{err}");
        assert!(err.to_string().contains("in_review"), "{err}");
    }
}

impl Verdict {
    /// False or fabricated: what scorecards count as "false or worse".
    #[must_use]
    pub fn is_false_or_worse(self) -> bool {
        matches!(self, Verdict::False | Verdict::Fabricated)
    }

    /// Reads a publisher's rating ("Pants on Fire", "Half True", "barely-true", "Misleading") onto
    /// our scale. Returns the verdict and, when the words were not already ours, the original
    /// label to keep beside it. `None` when the label is unknown.
    #[must_use]
    pub fn from_label(label: &str) -> Option<(Verdict, Option<String>)> {
        let trimmed = label.trim();
        if let Ok(ours) = trimmed.parse::<Verdict>() {
            return Some((ours, None));
        }
        let key = super::text::plain_words(&trimmed.to_lowercase());
        let verdict = match key.as_str() {
            "correct" | "accurate" | "confirmed" | "verified" | "correct attribution" => {
                Verdict::True
            }
            "mostly correct" | "mostly accurate" | "largely accurate" | "largely true" => {
                Verdict::MostlyTrue
            }
            "half true" | "half truth" | "mixture" | "mixed" | "partly true" | "partly false"
            | "partially true" | "partially false" | "half accurate" | "needs context"
            | "missing context" | "lacks context" | "cherry picks" => Verdict::Mixed,
            "barely true"
            | "mostly inaccurate"
            | "misleading"
            | "largely false"
            | "exaggerated"
            | "exaggeration"
            | "distorts the facts"
            | "spins the facts"
            | "unsupported"
            | "unproven"
            | "not the whole story" => Verdict::MostlyFalse,
            "incorrect"
            | "inaccurate"
            | "wrong"
            | "false claim"
            | "untrue"
            | "not true"
            | "four pinocchios"
            | "misattributed"
            | "incorrect attribution" => Verdict::False,
            "pants on fire" | "pants fire" | "fake" | "hoax" | "scam" | "fabricated content"
            | "false fabricated" | "satire" | "altered" | "doctored" => Verdict::Fabricated,
            _ => return None,
        };
        Some((verdict, Some(trimmed.to_string())))
    }

    /// The verdict's place on our 1 (worst) to 6 (best) scale, as ClaimReview ratings use.
    #[must_use]
    pub fn rating(self) -> u8 {
        match self {
            Verdict::Fabricated => 1,
            Verdict::False => 2,
            Verdict::MostlyFalse => 3,
            Verdict::Mixed => 4,
            Verdict::MostlyTrue => 5,
            Verdict::True => 6,
        }
    }

    /// The verdict nearest a numeric rating on a publisher's own scale (`worst`..=`best`).
    #[must_use]
    pub fn from_rating(value: f64, worst: f64, best: f64) -> Option<Verdict> {
        if !(value.is_finite() && worst.is_finite() && best.is_finite())
            || (best - worst).abs() < f64::EPSILON
        {
            return None;
        }
        let share = ((value - worst) / (best - worst)).clamp(0.0, 1.0);
        let step = (share * 5.0).round() as usize;
        [
            Verdict::Fabricated,
            Verdict::False,
            Verdict::MostlyFalse,
            Verdict::Mixed,
            Verdict::MostlyTrue,
            Verdict::True,
        ]
        .get(step)
        .copied()
    }

    /// How a reader sees the verdict: "Mostly false".
    #[must_use]
    pub fn display(self) -> &'static str {
        match self {
            Verdict::True => "True",
            Verdict::MostlyTrue => "Mostly true",
            Verdict::Mixed => "Mixed",
            Verdict::MostlyFalse => "Mostly false",
            Verdict::False => "False",
            Verdict::Fabricated => "Fabricated",
        }
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    #[test]
    fn publisher_labels_map_onto_the_scale() {
        assert_eq!(
            Verdict::from_label("mostly_true"),
            Some((Verdict::MostlyTrue, None))
        );
        assert_eq!(
            Verdict::from_label("Pants on Fire!"),
            Some((Verdict::Fabricated, Some("Pants on Fire!".into())))
        );
        assert_eq!(
            Verdict::from_label("pants-fire").unwrap().0,
            Verdict::Fabricated
        );
        assert_eq!(Verdict::from_label("Half True").unwrap().0, Verdict::Mixed);
        assert_eq!(
            Verdict::from_label("barely-true").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Misleading").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Four Pinocchios").unwrap().0,
            Verdict::False
        );
        assert_eq!(Verdict::from_label("whatever"), None);
        assert_eq!(
            Verdict::from_rating(1.0, 1.0, 5.0),
            Some(Verdict::Fabricated)
        );
        assert_eq!(Verdict::from_rating(5.0, 1.0, 5.0), Some(Verdict::True));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 5.0), Some(Verdict::Mixed));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 1.0), None);
        for v in Verdict::ALL {
            assert_eq!(
                Verdict::from_rating(f64::from(v.rating()), 1.0, 6.0),
                Some(*v)
            );
        }
    }
}
