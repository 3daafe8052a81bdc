//! The claim record every structured input shares (JSON Lines, JSON, CSV, TSV), and its checks.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{
    NewClaim, NewEvidence, NewNote, SourceKind, SourceRef, Stance, Status, Verdict,
    check_claim_text, check_name, check_url, parse_date_lenient,
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

/// The field names a record may carry, in the order documented.
pub const FIELDS: &[&str] = &[
    "text",
    "speaker",
    "speaker_role",
    "source",
    "source_url",
    "source_title",
    "source_kind",
    "published_on",
    "said_on",
    "context",
    "status",
    "verdict",
    "verdict_label",
    "tags",
    "note",
    "follow_up_on",
    "evidence",
];

/// A record's fields as written in the file; everything is checked in `check`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub text: Option<String>,
    pub speaker: Option<String>,
    pub speaker_role: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub source_title: Option<String>,
    pub source_kind: Option<String>,
    pub published_on: Option<String>,
    pub said_on: Option<String>,
    pub context: Option<String>,
    pub status: Option<String>,
    pub verdict: Option<String>,
    pub verdict_label: Option<String>,
    pub tags: Option<OneOrMany>,
    pub note: Option<String>,
    pub follow_up_on: Option<String>,
    pub evidence: Option<OneOrMany>,
}

/// A list field written as one string ("a; b") or as an array.
#[derive(Debug, Deserialize)]
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

/// A field's check failure, before it is placed at a file and line.
#[derive(Debug)]
pub struct FieldError(pub &'static str, pub String);

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn required(field: &'static str, value: Option<String>) -> Result<String, FieldError> {
    non_empty(value).ok_or_else(|| {
        FieldError(
            field,
            "is missing (every record needs text and speaker)".into(),
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

fn word_field<T: std::str::FromStr<Err = crate::domain::UnknownWord>>(
    field: &'static str,
    value: Option<String>,
) -> Result<Option<T>, FieldError> {
    non_empty(value)
        .map(|v| v.parse::<T>())
        .transpose()
        .map_err(|e| FieldError(field, e.to_string()))
}

impl Record {
    /// Checks every field and builds the claim it describes.
    pub fn check(self, today: NaiveDate) -> Result<NewClaim, FieldError> {
        let text =
            check_claim_text(&required("text", self.text)?).map_err(|e| FieldError("text", e))?;
        let speaker = check_name(&required("speaker", self.speaker)?)
            .map_err(|e| FieldError("speaker", e))?;
        let source_url = non_empty(self.source_url)
            .map(|u| check_url(&u))
            .transpose()
            .map_err(|e| FieldError("source_url", e))?;
        let source_name = non_empty(self.source)
            .map(|n| check_name(&n))
            .transpose()
            .map_err(|e| FieldError("source", e))?;
        let follow_up_on = date_field("follow_up_on", self.follow_up_on, today)?;
        let note = non_empty(self.note);
        if follow_up_on.is_some() && note.is_none() {
            return Err(FieldError(
                "follow_up_on",
                "needs a `note` saying what to follow up".into(),
            ));
        }
        let evidence = self
            .evidence
            .map(OneOrMany::items)
            .unwrap_or_default()
            .iter()
            .map(|u| {
                check_url(u).map(|url| NewEvidence {
                    url,
                    title: None,
                    stance: Stance::Context,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| FieldError("evidence", e))?;
        let (verdict, mapped_label) = match non_empty(self.verdict) {
            None => (None, None),
            Some(v) => {
                let (verdict, label) = Verdict::from_label(&v).ok_or_else(|| {
                    FieldError(
                        "verdict",
                        format!(
                            "unknown verdict '{v}' (expected one of: {}, or a common publisher rating such as 'Pants on Fire' or 'Half True')",
                            Verdict::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
                (Some(verdict), label)
            }
        };
        Ok(NewClaim {
            text,
            speaker,
            speaker_role: non_empty(self.speaker_role),
            source: SourceRef {
                name: source_name,
                url: source_url,
                title: non_empty(self.source_title),
                kind: word_field::<SourceKind>("source_kind", self.source_kind)?,
                published_on: date_field("published_on", self.published_on, today)?,
            },
            said_on: date_field("said_on", self.said_on, today)?,
            context: non_empty(self.context),
            status: word_field::<Status>("status", self.status)?.unwrap_or(Status::Unverified),
            verdict,
            verdict_label: non_empty(self.verdict_label).or(mapped_label),
            tags: self.tags.map(OneOrMany::items).unwrap_or_default(),
            notes: note
                .map(|text| NewNote { text, follow_up_on })
                .into_iter()
                .collect(),
            evidence,
        })
    }

    /// Sets a field by name (for CSV columns); false when the name is not a field.
    pub fn set(&mut self, field: &str, value: String) -> bool {
        let slot = match field {
            "text" => &mut self.text,
            "speaker" => &mut self.speaker,
            "speaker_role" => &mut self.speaker_role,
            "source" => &mut self.source,
            "source_url" => &mut self.source_url,
            "source_title" => &mut self.source_title,
            "source_kind" => &mut self.source_kind,
            "published_on" => &mut self.published_on,
            "said_on" => &mut self.said_on,
            "context" => &mut self.context,
            "status" => &mut self.status,
            "verdict" => &mut self.verdict,
            "verdict_label" => &mut self.verdict_label,
            "note" => &mut self.note,
            "follow_up_on" => &mut self.follow_up_on,
            "tags" => {
                self.tags = Some(OneOrMany::One(value));
                return true;
            }
            "evidence" => {
                self.evidence = Some(OneOrMany::One(value));
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
