//! JSON Lines claim records: one JSON object per line, checked field by field.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{
    NewClaim, NewEvidence, NewNote, SourceKind, SourceRef, Stance, Status, Verdict,
    check_claim_text, check_name, check_url, parse_date,
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

/// The record's fields as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    text: String,
    speaker: String,
    speaker_role: Option<String>,
    source: Option<String>,
    source_url: Option<String>,
    source_title: Option<String>,
    source_kind: Option<String>,
    published_on: Option<String>,
    said_on: Option<String>,
    context: Option<String>,
    status: Option<String>,
    verdict: Option<String>,
    verdict_label: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    note: Option<String>,
    follow_up_on: Option<String>,
    evidence: Option<OneOrMany>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A field's check failure, before it is placed at a file and line.
struct FieldError(&'static str, String);

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn date_field(
    field: &'static str,
    value: Option<String>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    non_empty(value)
        .map(|v| parse_date(&v, today))
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
    fn check(self, today: NaiveDate) -> Result<NewClaim, FieldError> {
        let text = check_claim_text(&self.text).map_err(|e| FieldError("text", e))?;
        let speaker = check_name(&self.speaker).map_err(|e| FieldError("speaker", e))?;
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
        let evidence = match self.evidence {
            None => vec![],
            Some(OneOrMany::One(url)) => vec![url],
            Some(OneOrMany::Many(urls)) => urls,
        };
        let evidence = evidence
            .iter()
            .filter(|u| !u.trim().is_empty())
            .map(|u| {
                check_url(u).map(|url| NewEvidence {
                    url,
                    title: None,
                    stance: Stance::Context,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| FieldError("evidence", e))?;
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
            verdict: word_field::<Verdict>("verdict", self.verdict)?,
            verdict_label: non_empty(self.verdict_label),
            tags: self.tags,
            notes: note
                .map(|text| NewNote { text, follow_up_on })
                .into_iter()
                .collect(),
            evidence,
        })
    }
}

/// Reads a JSON Lines file record by record, so memory stays flat however large it is.
pub struct JsonlReader {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    buf: Vec<u8>,
    today: NaiveDate,
    records: usize,
}

impl JsonlReader {
    pub fn open(path: &Path, today: NaiveDate) -> Result<JsonlReader, RecordError> {
        let whole_file = |message: String| RecordError {
            file: path.to_path_buf(),
            line: 0,
            field: None,
            message,
        };
        if path.is_dir() {
            return Err(whole_file("is a directory, not a file of claims".into()));
        }
        let file = File::open(path).map_err(|e| whole_file(format!("cannot open: {e}")))?;
        Ok(JsonlReader {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 16, file),
            line: 0,
            buf: Vec::new(),
            today,
            records: 0,
        })
    }

    fn error(&self, field: Option<String>, message: String) -> RecordError {
        RecordError {
            file: self.path.clone(),
            line: self.line,
            field,
            message,
        }
    }

    fn parse_line(&self, bytes: &[u8]) -> Result<NewClaim, RecordError> {
        if bytes.contains(&0) {
            return Err(self.error(
                None,
                "contains NUL bytes: this looks like a binary file, not JSON Lines".into(),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            self.error(
                None,
                format!(
                    "is not valid UTF-8 (bad byte at column {})",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        let text = if self.line == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if !text.trim_start().starts_with('{') {
            return Err(self.error(
                None,
                "is not a JSON object (each line must be one {...} record)".into(),
            ));
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let record: Record = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let field = (path != ".").then_some(path);
            self.error(field, strip_position(&e.inner().to_string()))
        })?;
        de.end().map_err(|e| {
            self.error(
                None,
                format!(
                    "has more after the record: {}",
                    strip_position(&e.to_string())
                ),
            )
        })?;
        record
            .check(self.today)
            .map_err(|FieldError(field, message)| self.error(Some(field.into()), message))
    }
}

/// serde_json appends " at line 1 column 7"; the line is ours to say, the column is noise.
fn strip_position(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string()
}

impl Iterator for JsonlReader {
    type Item = Result<NewClaim, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) if self.records == 0 => {
                    // Reported once: count it as a record so the next call ends the iteration.
                    self.records = 1;
                    return Some(Err(RecordError {
                        file: self.path.clone(),
                        line: 0,
                        field: None,
                        message: "has no records: nothing to ingest".into(),
                    }));
                }
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(self.error(None, format!("cannot read: {e}")))),
            }
            self.line += 1;
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.records += 1;
            let bytes = std::mem::take(&mut self.buf);
            let result = self.parse_line(&bytes);
            self.buf = bytes;
            return Some(result);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(content: &[u8]) -> Vec<Result<NewClaim, String>> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(content).unwrap();
        let today = NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
        JsonlReader::open(file.path(), today)
            .unwrap()
            .map(|r| r.map_err(|e| e.to_string().split_once(": ").unwrap().1.to_string()))
            .collect()
    }

    #[test]
    fn reads_records_and_skips_blank_lines() {
        let got = read(b"\xef\xbb\xbf{\"text\":\"A is B\",\"speaker\":\"X\",\"tags\":[\"t\"],\"evidence\":\"https://e.org\"}\n\n{\"text\":\"C\",\"speaker\":\"Y\",\"said_on\":\"2025-08-15\"}\r\n");
        assert_eq!(got.len(), 2);
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.text, "A is B");
        assert_eq!(first.evidence[0].url, "https://e.org");
        assert_eq!(
            got[1].as_ref().unwrap().said_on,
            NaiveDate::from_ymd_opt(2025, 8, 15)
        );
    }

    #[test]
    fn names_the_line_and_field_of_each_problem() {
        let got = read(b"{\"text\":\"A\",\"speaker\":\"X\",\"said_on\":\"15/08/2025\"}\n{\"text\":\"A\"}\n[1,2]\n{\"text\":3,\"speaker\":\"X\"}\n{\"text\":\"A\",\"speaker\":\"X\",\"speker\":1}\n{\"text\":\"A\",\"speaker\":\"X\",\"status\":\"done\"}\n\xff\n{\"text\":\"A\",\"speaker\":\"X\"} x\n");
        let errors: Vec<String> = got.into_iter().map(|r| r.unwrap_err()).collect();
        assert!(
            errors[0].starts_with("said_on: '15/08/2025' is not a date"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("missing field `speaker`"),
            "{}",
            errors[1]
        );
        assert!(errors[2].contains("not a JSON object"), "{}", errors[2]);
        assert!(
            errors[3].starts_with("text: invalid type: integer `3`"),
            "{}",
            errors[3]
        );
        assert!(
            errors[4].contains("unknown field `speker`"),
            "{}",
            errors[4]
        );
        assert!(
            errors[5].starts_with("status: unknown status 'done'"),
            "{}",
            errors[5]
        );
        assert!(errors[6].contains("UTF-8"), "{}", errors[6]);
        assert!(errors[7].contains("more after the record"), "{}", errors[7]);
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let got = read(b"");
        assert_eq!(
            got,
            vec![Err("has no records: nothing to ingest".to_string())]
        );
        assert_eq!(read(b"\n  \n").len(), 1);
    }
}
