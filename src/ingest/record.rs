//! The claim record every structured input shares (JSON Lines, JSON, CSV, TSV), and its checks.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    CarriedLink, ClaimDetail, NewClaim, NewEvidence, NewNote, PastChange, Relation, SourceKind,
    SourceRef, SpeakerKind, Stance, Status, Verdict, check_claim_text, check_language, check_name,
    check_state, check_url, non_empty, not_future, parse_date_lenient, parse_timestamp,
    speaker_as_read,
};

/// A record that could not be taken, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the whole file.
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl RecordError {
    pub fn whole_file(file: &std::path::Path, message: impl Into<String>) -> RecordError {
        RecordError {
            file: file.to_path_buf(),
            line: 0,
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RecordError {}

/// The field names a record may carry, in the order documented. The last group is what `export`
/// writes so that a database can be carried over whole.
pub const FIELDS: &[&str] = &[
    "text",
    "speaker",
    "speaker_role",
    "speaker_kind",
    "source",
    "source_url",
    "source_title",
    "source_kind",
    "published_on",
    "said_on",
    "context",
    "language",
    "status",
    "verdict",
    "verdict_label",
    "tags",
    "note",
    "follow_up_on",
    "evidence",
    "review_url",
    "review_title",
    "explanation",
    "review_author",
    "assignee",
    "due_on",
    "appearances",
    "notes",
    "history",
    "repeats",
    "priority",
    "priority_by",
    "created_at",
    "updated_at",
];

/// One claim as a file holds it: what `ingest` reads (everything checked in `check`) and, built
/// from a claim with `Record::of`, what `export` writes, so the two are one format. The fields
/// `export` writes come first, in the order it writes them.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub text: Option<String>,
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appearances: Option<Vec<AppearanceRecord>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<NoteRecord>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceField>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryRecord>>,
    /// The claims it repeats, by speaker and words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Vec<LinkRecord>>,
    // What people write by hand; `export` gives the same as appearances, notes and evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_on: Option<String>,
}

impl Record {
    /// A claim as `export` writes it: everything, so ingesting it elsewhere gives it back.
    #[must_use]
    pub fn of(d: &ClaimDetail) -> Record {
        let c = &d.claim;
        Record {
            text: Some(c.text.clone()),
            speaker: Some(c.speaker.clone()),
            speaker_role: c.speaker_role.clone(),
            speaker_kind: c.speaker_kind.map(|k| k.to_string()),
            said_on: c.said_on.map(|d| d.to_string()),
            context: c.context.clone(),
            language: c.language.clone(),
            status: Some(c.status.to_string()),
            verdict: c.verdict.map(|v| v.to_string()),
            verdict_label: c.verdict_label.clone(),
            review_url: c.review_url.clone(),
            review_title: c.review_title.clone(),
            explanation: c.explanation.clone(),
            review_author: c.review_author.clone(),
            assignee: c.assignee.clone(),
            due_on: c.due_on.map(|d| d.to_string()),
            tags: Some(OneOrMany::Many(c.tags.clone())),
            priority: c.priority,
            priority_by: c.priority_by.clone(),
            created_at: Some(c.created_at.clone()),
            updated_at: Some(c.updated_at.clone()),
            appearances: Some(
                d.appearances
                    .iter()
                    .map(|a| AppearanceRecord {
                        source: Some(a.name.clone()),
                        url: a.url.clone(),
                        title: a.title.clone(),
                        kind: Some(a.kind.to_string()),
                        published_on: a.published_on.map(|d| d.to_string()),
                        added_at: Some(a.added_at.clone()),
                        _first: None,
                    })
                    .collect(),
            ),
            notes: Some(
                d.notes
                    .iter()
                    .map(|n| NoteRecord {
                        text: n.text.clone(),
                        author: Some(n.author.clone()),
                        created_at: Some(n.created_at.clone()),
                        follow_up_on: n.follow_up_on.map(|d| d.to_string()),
                        done_at: n.done_at.clone(),
                    })
                    .collect(),
            ),
            evidence: Some(EvidenceField::Many(
                d.evidence
                    .iter()
                    .map(|e| {
                        EvidenceItem::Full(EvidenceRecord {
                            url: e.url.clone(),
                            title: e.title.clone(),
                            stance: Some(e.stance.to_string()),
                            added_by: Some(e.added_by.clone()),
                            added_at: Some(e.added_at.clone()),
                            _id: None,
                        })
                    })
                    .collect(),
            )),
            history: Some(
                d.history
                    .iter()
                    .map(|h| HistoryRecord {
                        from: h.change.from.map(|s| s.to_string()),
                        to: h.change.to.to_string(),
                        verdict: h.change.verdict.map(|v| v.to_string()),
                        verdict_label: h.change.verdict_label.clone(),
                        reason: h.change.reason.clone(),
                        actor: h.change.actor.clone(),
                        at: h.change.at.clone(),
                    })
                    .collect(),
            ),
            repeats: Some(
                d.links
                    .iter()
                    .filter(|l| l.relation == Relation::Repeats)
                    .map(|l| LinkRecord {
                        speaker: l.speaker.clone(),
                        text: l.text.clone(),
                        score: l.score,
                        by: l.by.clone(),
                        at: l.at.clone(),
                    })
                    .collect::<Vec<_>>(),
            )
            .filter(|links| !links.is_empty()),
            ..Record::default()
        }
    }
}

/// A claim a record repeats, as `export` writes it: known by its speaker and words, since ids
/// differ between databases.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRecord {
    speaker: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    by: String,
    at: String,
}

/// A list field written as one string ("a; b") or as an array.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The items; a single string is split on `;` and `,` (how spreadsheets join lists).
    fn items(self) -> Vec<String> {
        let items = match self {
            OneOrMany::One(s) => s.split([';', ',']).map(str::to_string).collect(),
            OneOrMany::Many(v) => v,
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Evidence: a URL, URLs separated by `;`, or a list of URLs and full entries.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum EvidenceField {
    One(String),
    Many(Vec<EvidenceItem>),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum EvidenceItem {
    Url(String),
    Full(EvidenceRecord),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added_at: Option<String>,
    /// Written by earlier exports; ids are the database's own and are not carried over.
    #[serde(default, rename = "id", skip_serializing)]
    _id: Option<i64>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppearanceRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added_at: Option<String>,
    /// Written by earlier exports; the first appearance is the oldest one.
    #[serde(default, rename = "first", skip_serializing)]
    _first: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRecord {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    follow_up_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    done_at: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    actor: String,
    at: String,
}

/// A field's check failure, before it is placed at a file and line.
#[derive(Debug)]
pub struct FieldError(pub &'static str, pub String);

fn required(field: &'static str, value: Option<String>) -> Result<String, FieldError> {
    let what = if value.is_some() {
        "is empty"
    } else {
        "is missing"
    };
    non_empty(value).ok_or_else(|| {
        FieldError(
            field,
            format!("{what} (every record needs text and speaker)"),
        )
    })
}

fn date_field(
    field: &'static str,
    value: Option<String>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    non_empty(value)
        .map(|v| parse_date_lenient(&v, today))
        .transpose()
        .map_err(|e| FieldError(field, e))
}

/// A date that cannot be after today: when something was said or published.
fn past_date_field(
    field: &'static str,
    value: Option<String>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    date_field(field, value, today)?
        .map(|d| not_future(d, today))
        .transpose()
        .map_err(|e| FieldError(field, e))
}

fn time_field(field: &'static str, value: Option<String>) -> Result<Option<String>, FieldError> {
    non_empty(value)
        .map(|v| parse_timestamp(&v))
        .transpose()
        .map_err(|e| FieldError(field, e))
}

fn word_field<T: std::str::FromStr<Err = crate::domain::UnknownWord>>(
    field: &'static str,
    value: Option<String>,
) -> Result<Option<T>, FieldError> {
    non_empty(value)
        .map(|v| v.parse::<T>())
        .transpose()
        .map_err(|e| FieldError(field, e.to_string()))
}

fn url_field(field: &'static str, value: Option<String>) -> Result<Option<String>, FieldError> {
    non_empty(value)
        .map(|u| check_url(&u))
        .transpose()
        .map_err(|e| FieldError(field, e))
}

/// Our verdict for a publisher's rating, and the rating's own words when they were not ours.
fn verdict_field(value: Option<String>) -> Result<(Option<Verdict>, Option<String>), FieldError> {
    let Some(v) = non_empty(value) else {
        return Ok((None, None));
    };
    let (verdict, label) = Verdict::from_label(&v).ok_or_else(|| {
        FieldError(
            "verdict",
            format!(
                "unknown verdict '{v}' (expected one of: {}, or a common publisher rating such as 'Pants on Fire' or 'Half True')",
                Verdict::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    Ok((Some(verdict), label))
}

impl Record {
    /// Checks every field and builds the claim it describes.
    pub fn check(self, today: NaiveDate) -> Result<NewClaim, FieldError> {
        let text =
            check_claim_text(&required("text", self.text)?).map_err(|e| FieldError("text", e))?;
        let speaker = check_name(&required("speaker", self.speaker)?)
            .map_err(|e| FieldError("speaker", e))?;
        let (speaker, speaker_kind) = speaker_as_read(
            speaker,
            word_field::<SpeakerKind>("speaker_kind", self.speaker_kind)?,
        );
        let source_name = non_empty(self.source)
            .map(|n| check_name(&n))
            .transpose()
            .map_err(|e| FieldError("source", e))?;
        let mut sources = vec![SourceRef {
            name: source_name,
            url: url_field("source_url", self.source_url)?,
            title: non_empty(self.source_title),
            kind: word_field::<SourceKind>("source_kind", self.source_kind)?,
            published_on: past_date_field("published_on", self.published_on, today)?,
            added_at: None,
        }];
        for a in self.appearances.unwrap_or_default() {
            sources.push(SourceRef {
                name: non_empty(a.source)
                    .map(|n| check_name(&n))
                    .transpose()
                    .map_err(|e| FieldError("appearances.source", e))?,
                url: url_field("appearances.url", a.url)?,
                title: non_empty(a.title),
                kind: word_field::<SourceKind>("appearances.kind", a.kind)?,
                published_on: past_date_field("appearances.published_on", a.published_on, today)?,
                added_at: time_field("appearances.added_at", a.added_at)?,
            });
        }
        sources.retain(|s| !s.is_empty());

        let follow_up_on = date_field("follow_up_on", self.follow_up_on, today)?;
        let note = non_empty(self.note);
        if follow_up_on.is_some() && note.is_none() {
            return Err(FieldError(
                "follow_up_on",
                "needs a `note` saying what to follow up".into(),
            ));
        }
        let mut notes: Vec<NewNote> = note
            .map(|text| NewNote {
                text,
                follow_up_on,
                ..NewNote::default()
            })
            .into_iter()
            .collect();
        for n in self.notes.unwrap_or_default() {
            let text = non_empty(Some(n.text))
                .ok_or_else(|| FieldError("notes.text", "is empty".into()))?;
            notes.push(NewNote {
                text,
                follow_up_on: date_field("notes.follow_up_on", n.follow_up_on, today)?,
                author: non_empty(n.author),
                created_at: time_field("notes.created_at", n.created_at)?,
                done_at: time_field("notes.done_at", n.done_at)?,
            });
        }

        let evidence_items = match self.evidence {
            None => vec![],
            Some(EvidenceField::One(urls)) => OneOrMany::One(urls)
                .items()
                .into_iter()
                .map(EvidenceItem::Url)
                .collect(),
            Some(EvidenceField::Many(items)) => items,
        };
        let mut evidence = Vec::new();
        for item in evidence_items {
            let e = match item {
                EvidenceItem::Url(url) if url.trim().is_empty() => continue,
                EvidenceItem::Url(url) => NewEvidence::link(
                    check_url(&url).map_err(|e| FieldError("evidence", e))?,
                    Stance::Context,
                ),
                EvidenceItem::Full(e) => NewEvidence {
                    url: check_url(&e.url).map_err(|m| FieldError("evidence.url", m))?,
                    title: non_empty(e.title),
                    stance: word_field::<Stance>("evidence.stance", e.stance)?
                        .unwrap_or(Stance::Context),
                    added_by: non_empty(e.added_by),
                    added_at: time_field("evidence.added_at", e.added_at)?,
                },
            };
            evidence.push(e);
        }

        let (verdict, mapped_label) = verdict_field(self.verdict)?;
        // A record that carries a verdict but no status was checked (a fact-checker's dump).
        let status = word_field::<Status>("status", self.status)?
            .or_else(|| verdict.map(Verdict::implied_status))
            .unwrap_or(Status::Unverified);
        check_state(status, verdict).map_err(|c| {
            FieldError(
                "verdict",
                format!(
                    "{c}; a claim rated {} is {}",
                    c.verdict,
                    c.verdict.implied_status()
                ),
            )
        })?;
        let mut history = Vec::new();
        for h in self.history.unwrap_or_default() {
            let (verdict, label) = verdict_field(h.verdict)
                .map_err(|FieldError(_, m)| FieldError("history.verdict", m))?;
            history.push(PastChange {
                from: word_field::<Status>("history.from", h.from)?,
                to: word_field::<Status>("history.to", Some(h.to))?
                    .ok_or_else(|| FieldError("history.to", "is empty".into()))?,
                verdict,
                verdict_label: non_empty(h.verdict_label).or(label),
                reason: non_empty(h.reason),
                actor: non_empty(Some(h.actor))
                    .ok_or_else(|| FieldError("history.actor", "is empty".into()))?,
                at: time_field("history.at", Some(h.at))?
                    .ok_or_else(|| FieldError("history.at", "is empty".into()))?,
            });
        }
        if let Some(last) = history.last()
            && last.to != status
        {
            return Err(FieldError(
                "history",
                format!("ends at {} but the record's status is {status}", last.to),
            ));
        }
        Ok(NewClaim {
            text,
            speaker,
            speaker_role: non_empty(self.speaker_role),
            speaker_role_guessed: false,
            sources,
            said_on: past_date_field("said_on", self.said_on, today)?,
            context: non_empty(self.context),
            language: non_empty(self.language)
                .map(|l| check_language(&l))
                .transpose()
                .map_err(|e| FieldError("language", e))?,
            status,
            verdict,
            verdict_label: non_empty(self.verdict_label).or(mapped_label),
            tags: self.tags.map(OneOrMany::items).unwrap_or_default(),
            notes,
            evidence,
            review_url: url_field("review_url", self.review_url)?,
            review_title: non_empty(self.review_title),
            explanation: non_empty(self.explanation),
            review_author: non_empty(self.review_author),
            speaker_kind,
            repeats: self
                .repeats
                .unwrap_or_default()
                .into_iter()
                .map(|l| -> Result<CarriedLink, FieldError> {
                    Ok(CarriedLink {
                        speaker: check_name(&l.speaker)
                            .map(|n| speaker_as_read(n, None).0)
                            .map_err(|e| FieldError("repeats.speaker", e))?,
                        text: check_claim_text(&l.text)
                            .map_err(|e| FieldError("repeats.text", e))?,
                        score: l.score.filter(|s| (0.0..=1.0).contains(s)),
                        by: non_empty(Some(l.by))
                            .ok_or_else(|| FieldError("repeats.by", "is empty".into()))?,
                        at: time_field("repeats.at", Some(l.at))?
                            .ok_or_else(|| FieldError("repeats.at", "is empty".into()))?,
                    })
                })
                .collect::<Result<_, _>>()?,
            assignee: non_empty(self.assignee)
                .map(|a| check_name(&a))
                .transpose()
                .map_err(|e| FieldError("assignee", e))?,
            due_on: date_field("due_on", self.due_on, today)?,
            history,
            created_at: time_field("created_at", self.created_at)?,
            updated_at: time_field("updated_at", self.updated_at)?,
            priority: match self.priority {
                Some(p) if p > 100 => {
                    return Err(FieldError("priority", format!("{p} is over 100")));
                }
                Some(p) => Some((p, non_empty(self.priority_by))),
                None => None,
            },
            derived: None,
        })
    }

    /// Sets a field by name (for CSV columns); false when the name is not a flat field.
    pub fn set(&mut self, field: &str, value: String) -> bool {
        let slot = match field {
            "text" => &mut self.text,
            "speaker" => &mut self.speaker,
            "speaker_role" => &mut self.speaker_role,
            "source" => &mut self.source,
            "source_url" => &mut self.source_url,
            "source_title" => &mut self.source_title,
            "source_kind" => &mut self.source_kind,
            "speaker_kind" => &mut self.speaker_kind,
            "published_on" => &mut self.published_on,
            "said_on" => &mut self.said_on,
            "context" => &mut self.context,
            "language" => &mut self.language,
            "status" => &mut self.status,
            "verdict" => &mut self.verdict,
            "verdict_label" => &mut self.verdict_label,
            "note" => &mut self.note,
            "follow_up_on" => &mut self.follow_up_on,
            "review_url" => &mut self.review_url,
            "review_title" => &mut self.review_title,
            "explanation" => &mut self.explanation,
            "review_author" => &mut self.review_author,
            "assignee" => &mut self.assignee,
            "due_on" => &mut self.due_on,
            "priority_by" => &mut self.priority_by,
            "created_at" => &mut self.created_at,
            "updated_at" => &mut self.updated_at,
            "tags" => {
                self.tags = Some(OneOrMany::One(value));
                return true;
            }
            "evidence" => {
                self.evidence = Some(EvidenceField::One(value));
                return true;
            }
            "priority" => {
                self.priority = value.trim().parse().ok();
                return true;
            }
            // A CSV cell of outlet names joined with ";" (as `export --format csv` writes them).
            "appearances" => {
                let names = value.split(';').map(str::trim).filter(|n| !n.is_empty());
                self.appearances = Some(
                    names
                        .map(|name| AppearanceRecord {
                            source: Some(name.to_string()),
                            ..AppearanceRecord::default()
                        })
                        .collect(),
                );
                return true;
            }
            _ => return false,
        };
        *slot = Some(value);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 8, 20).unwrap()
    }

    #[test]
    fn publisher_verdicts_keep_their_label() {
        let mut r = Record::default();
        r.set("text", "x is y".into());
        r.set("speaker", "A".into());
        r.set("verdict", "pants-fire".into());
        r.set("tags", "a; B, c".into());
        let claim = r.check(today()).unwrap();
        assert_eq!(claim.verdict, Some(Verdict::Fabricated));
        assert_eq!(claim.verdict_label.as_deref(), Some("pants-fire"));
        assert_eq!(claim.tags, ["a", "B", "c"]);
    }

    #[test]
    fn missing_required_fields_are_named() {
        let err = Record::default().check(today()).unwrap_err();
        assert_eq!(err.0, "text");
        let mut r = Record::default();
        r.set("text", "x".into());
        assert_eq!(r.check(today()).unwrap_err().0, "speaker");
    }
}
