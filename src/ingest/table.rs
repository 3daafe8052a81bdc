//! CSV and TSV: a header row naming the record's fields (or common synonyms such as `quote`,
//! `name`, `ruling`), or columns mapped by name or number with `--map text=quote,speaker=5`.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use csv::{ByteRecord, StringRecord};

use super::record::{FIELDS, FieldError, Record};
use super::{Item, Options, Raw, RecordError, Source, utf8};
use crate::domain::{after_written_date, parse_date_lenient};

/// Which column feeds which field, as given with `--map`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap(Vec<(&'static str, Column)>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Name(String),
    /// 0-based (written 1-based).
    Number(usize),
}

impl FromStr for ColumnMap {
    type Err = String;

    /// `text=quote,speaker=5`: field names on the left, column names or numbers (from 1) on the right.
    fn from_str(s: &str) -> Result<ColumnMap, String> {
        let mut map = Vec::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, column) = pair.split_once('=').ok_or_else(|| {
                format!("'{pair}' is not FIELD=COLUMN (such as text=quote or speaker=5)")
            })?;
            let field = FIELDS.iter().find(|f| **f == field.trim()).ok_or_else(|| {
                format!(
                    "'{}' is not a field (fields: {})",
                    field.trim(),
                    FIELDS.join(", ")
                )
            })?;
            let column = column.trim();
            let column = match column.parse::<usize>() {
                Ok(0) => return Err(format!("{field}={column}: columns are counted from 1")),
                Ok(n) => Column::Number(n - 1),
                Err(_) if column.is_empty() => {
                    return Err(format!("{field}= needs a column name or number"));
                }
                Err(_) => Column::Name(column.to_string()),
            };
            map.push((*field, column));
        }
        Ok(ColumnMap(map))
    }
}

impl ColumnMap {
    pub fn merge(&mut self, other: ColumnMap) {
        for (field, column) in other.0 {
            self.0.retain(|(f, _)| *f != field);
            self.0.push((field, column));
        }
    }

    fn only_numbers(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|(_, c)| matches!(c, Column::Number(_)))
    }
}

/// Header words other tools use for our fields.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "text",
        &[
            "claim",
            "quote",
            "statement",
            "claim_text",
            "claimreviewed",
            "claim_reviewed",
        ],
    ),
    (
        "speaker",
        &["name", "claimant", "speaker_name", "said_by", "person"],
    ),
    (
        "speaker_role",
        &["role", "job_title", "speaker_job_title", "title_of_speaker"],
    ),
    ("source", &["outlet", "publisher", "source_name"]),
    ("source_url", &["url", "link"]),
    ("said_on", &["date", "claim_date", "stated_on"]),
    (
        "published_on",
        &["published", "publication_date", "date_published"],
    ),
    ("verdict", &["ruling", "rating", "textual_rating"]),
    ("tags", &["tag", "topics", "subjects", "subject"]),
    // What `export --format csv` writes: every outlet a claim appeared in, joined with "; ".
    ("appearances", &["sources"]),
];

/// A header cell as a lookup word: `Claim Date` → `claim_date`.
fn header_key(cell: &str) -> String {
    let mut key = String::new();
    for c in cell.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_matches('_').to_string()
}

pub struct TableReader {
    path: PathBuf,
    reader: csv::Reader<Source>,
    header: Option<StringRecord>,
    /// (field, column index) for every field read.
    columns: Vec<(&'static str, usize)>,
    notes: Vec<String>,
    today: NaiveDate,
    done: bool,
    /// Rows read ahead to look for a date column, handed out before the rest.
    ahead: VecDeque<Result<ByteRecord, csv::Error>>,
    /// A column no header names as a date whose values hold dates ("stated on January 20,
    /// 2023 in ..."): `said_on` where it reads as one, nothing where it does not.
    found_date: Option<usize>,
    /// With no column for `context`, the date column (found, or mapped to `said_on`): the words
    /// after a written date there ("in a news conference") give `context`.
    context_from: Option<usize>,
    /// CSV quotes fields; TSV does not.
    quoting: bool,
}

/// "in in a news conference:" -> "in a news conference": the circumstances after a date.
fn circumstances(rest: &str) -> Option<String> {
    let rest = rest.trim().trim_end_matches([':', '.', ',', ';']).trim();
    // PolitiFact writes "in in a tweet" at times.
    let rest = rest
        .strip_prefix("in in ")
        .map_or_else(|| rest.to_string(), |r| format!("in {r}"));
    rest.chars().any(char::is_alphabetic).then_some(rest)
}

/// How many rows are read ahead to recognise a date column.
const SNIFF_ROWS: usize = 20;

/// Reads the next row that is not blank. Blank rows are skipped in a loop: a file of many of
/// them must not deepen the stack.
fn read_row(reader: &mut csv::Reader<Source>) -> Result<Option<ByteRecord>, csv::Error> {
    let mut row = ByteRecord::new();
    loop {
        if !reader.read_byte_record(&mut row)? {
            return Ok(None);
        }
        if !row.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            return Ok(Some(row));
        }
    }
}

/// The one unmapped column whose values in `rows` hold dates: three in four of them, and three
/// at least (or every row of a shorter file).
fn date_column(
    rows: &VecDeque<Result<ByteRecord, csv::Error>>,
    width: usize,
    mapped: &[(&'static str, usize)],
    today: NaiveDate,
) -> Option<usize> {
    let candidates: Vec<usize> = (0..width)
        .filter(|i| !mapped.iter().any(|(_, c)| c == i))
        .filter(|&i| {
            let values: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.as_ref().ok()?.get(i))
                .filter_map(|cell| std::str::from_utf8(cell).ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            let dates = values
                .iter()
                .filter(|v| parse_date_lenient(v, today).is_ok())
                .count();
            dates >= 3.min(rows.len()).max(1) && dates * 4 >= values.len() * 3
        })
        .collect();
    match candidates[..] {
        [one] => Some(one),
        _ => None,
    }
}

impl TableReader {
    pub fn new(
        path: &Path,
        source: Source,
        tsv: bool,
        options: &Options,
        today: NaiveDate,
    ) -> Result<TableReader, RecordError> {
        let fail = |message: String| RecordError::whole_file(path, message);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if tsv { b'\t' } else { b',' })
            // TSV has no quoting: a `"` in a statement is just a character.
            .quoting(!tsv)
            .has_headers(false)
            .flexible(true)
            .from_reader(source);
        let has_header = options.header.unwrap_or(!options.map.only_numbers());
        let header = if has_header {
            let mut first = ByteRecord::new();
            reader
                .read_byte_record(&mut first)
                .map_err(|e| fail(format!("cannot read the header row: {e}")))?;
            let text = StringRecord::from_byte_record(first)
                .map_err(|_| fail("the header row is not valid UTF-8".into()))?;
            Some(text)
        } else {
            None
        };
        let names = |h: &StringRecord| {
            h.iter()
                .map(|c| format!("'{}'", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut columns: Vec<(&'static str, usize)> = Vec::new();
        for (field, column) in &options.map.0 {
            let index = match (column, &header) {
                (Column::Number(n), _) => *n,
                (Column::Name(name), Some(h)) => h
                    .iter()
                    .position(|c| c.trim() == name || header_key(c) == header_key(name))
                    .ok_or_else(|| {
                        fail(format!(
                            "--map {field}={name}: no column named '{name}' (columns: {})",
                            names(h)
                        ))
                    })?,
                (Column::Name(name), None) => {
                    return Err(fail(format!(
                        "--map {field}={name}: the file has no header row, so name columns by number (from 1)"
                    )));
                }
            };
            columns.push((field, index));
        }
        if let Some(h) = &header {
            let keys: Vec<String> = h.iter().map(header_key).collect();
            for field in FIELDS {
                if columns.iter().any(|(f, _)| f == field) {
                    continue;
                }
                let synonyms = SYNONYMS
                    .iter()
                    .find(|(f, _)| f == field)
                    .map_or(&[][..], |(_, s)| *s);
                let found = keys.iter().position(|k| k == field).or_else(|| {
                    synonyms
                        .iter()
                        .find_map(|s| keys.iter().position(|k| k == s))
                });
                if let Some(index) = found.filter(|i| !columns.iter().any(|(_, c)| c == i)) {
                    columns.push((field, index));
                }
            }
        }
        let reads = |field: &str| columns.iter().any(|(f, _)| *f == field);
        for needed in ["text", "speaker"] {
            if !reads(needed) {
                let known = header
                    .as_ref()
                    .map(|h| format!(" (columns: {})", names(h)))
                    .unwrap_or_default();
                return Err(fail(format!(
                    "no column for `{needed}`: name one with --map {needed}=COLUMN{known}"
                )));
            }
        }
        // With no column named for the date, a column of written dates serves: PolitiFact's
        // "stated on January 20, 2023 in a news conference:".
        let mut ahead = VecDeque::new();
        let mut found_date = None;
        if let Some(h) = &header
            && !reads("said_on")
        {
            while ahead.len() < SNIFF_ROWS {
                match read_row(&mut reader) {
                    Ok(Some(row)) => ahead.push_back(Ok(row)),
                    Ok(None) => break,
                    Err(e) => {
                        ahead.push_back(Err(e));
                        break;
                    }
                }
            }
            found_date = date_column(&ahead, h.len(), &columns, today);
        }
        let context_from = found_date
            .or_else(|| {
                columns
                    .iter()
                    .find(|(f, _)| *f == "said_on")
                    .map(|(_, i)| *i)
            })
            .filter(|_| !reads("context"));
        let mut notes = Vec::new();
        if let Some(h) = &header {
            let mut used: Vec<String> = columns
                .iter()
                .map(|(f, i)| format!("{f} ← '{}'", h.get(*i).unwrap_or("?").trim()))
                .collect();
            if let Some(i) = found_date {
                let what = if context_from.is_some() {
                    "said_on, context ← the date and what follows it"
                } else {
                    "said_on ← the date"
                };
                used.push(format!("{what} in '{}'", h.get(i).unwrap_or("?").trim()));
            }
            notes.push(format!("{}: reading {}", path.display(), used.join(", ")));
            let ignored: Vec<String> = (0..h.len())
                .filter(|i| !columns.iter().any(|(_, c)| c == i) && found_date != Some(*i))
                .map(|i| {
                    if h[i].trim().is_empty() {
                        format!("column {}", i + 1)
                    } else {
                        format!("'{}'", h[i].trim())
                    }
                })
                .collect();
            if !ignored.is_empty() {
                notes.push(format!(
                    "{}: ignoring {}",
                    path.display(),
                    ignored.join(", ")
                ));
            }
        }
        Ok(TableReader {
            path: path.to_path_buf(),
            reader,
            header,
            columns,
            notes,
            today,
            done: false,
            ahead,
            found_date,
            context_from,
            quoting: !tsv,
        })
    }

    pub fn header(&self) -> Option<StringRecord> {
        self.header.clone()
    }

    pub fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn item(&self, line: usize, row: &ByteRecord) -> Item {
        let error = |field: Option<String>, message: String| RecordError {
            file: self.path.clone(),
            line,
            field,
            message,
        };
        let mut cells: Vec<&str> = Vec::with_capacity(row.len());
        for (i, cell) in row.iter().enumerate() {
            match utf8(cell) {
                Ok(text) => cells.push(text),
                Err(message) => {
                    let raw = row
                        .iter()
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect::<StringRecord>();
                    return Item {
                        line,
                        raw: Raw::Row(raw),
                        claim: Err(error(Some(format!("column {}", i + 1)), message)),
                    };
                }
            }
        }
        // The row as it was, for `--rejects`: kept only when it is bad.
        let raw = || Raw::Row(cells.iter().copied().collect::<StringRecord>());
        let expected = self.header.as_ref().map(StringRecord::len);
        let needed = self.columns.iter().map(|(_, i)| i + 1).max().unwrap_or(0);
        if let Some((column, lines)) = expected.and_then(|e| self.swallowed_rows(&cells, e)) {
            return Item {
                line,
                raw: raw(),
                claim: Err(error(
                    Some(format!("column {}", column + 1)),
                    format!(
                        "a quoted field runs on over the next {lines} line(s), which read as rows of \
                         their own: a quote left open?"
                    ),
                )),
            };
        }
        if let Some(expected) = expected.filter(|e| *e != row.len()) {
            let breaks = cells
                .iter()
                .map(|c| c.matches('\n').count())
                .max()
                .unwrap_or(0);
            let hint = if self.quoting && breaks > 0 {
                format!(" (a quoted field runs on over {breaks} line break(s): a quote left open?)")
            } else if row.len() < expected {
                String::new()
            } else {
                " (a quote left open, or an unquoted delimiter?)".to_string()
            };
            return Item {
                line,
                raw: raw(),
                claim: Err(error(
                    None,
                    format!("has {} fields, the header has {expected}{hint}", row.len()),
                )),
            };
        }
        if row.len() < needed {
            return Item {
                line,
                raw: raw(),
                claim: Err(error(
                    None,
                    format!("has {} fields; --map reads column {needed}", row.len()),
                )),
            };
        }
        let mut record = Record::default();
        for (field, index) in &self.columns {
            record.set(field, cells[*index].to_string());
        }
        if let Some(value) = self.found_date.and_then(|i| cells.get(i))
            && let Ok(date) = parse_date_lenient(value, self.today)
        {
            // Stored as ISO, so checking the record does not read the sentence again.
            record.set("said_on", date.to_string());
        }
        if let Some(value) = self.context_from.and_then(|i| cells.get(i))
            && let Some(context) = after_written_date(value).and_then(circumstances)
        {
            record.set("context", context);
        }
        match record.check(self.today) {
            Ok(claim) => Item {
                line,
                raw: Raw::None,
                claim: Ok(claim),
            },
            Err(FieldError(field, message)) => Item {
                line,
                raw: raw(),
                claim: Err(error(Some(field.to_string()), message)),
            },
        }
    }
}

impl TableReader {
    /// A quoted cell that swallowed rows: a quote left open runs on over lines that each split
    /// into a whole row ("Third claim is fine,Cat") until the opening mark of a later quoted
    /// field closes it, which leaves that field's own closing mark at the cell's end
    /// (`...,Dan\n"Fifth quoted",Eve` reads as `...,Dan\nFifth quoted"`). Multi-line text with
    /// a comma a line does not end that way. Gives the column and the number of lines.
    fn swallowed_rows(&self, cells: &[&str], width: usize) -> Option<(usize, usize)> {
        if !self.quoting || width < 2 {
            return None;
        }
        cells.iter().enumerate().find_map(|(i, cell)| {
            let lines: Vec<&str> = cell.lines().skip(1).collect();
            let (tail, rows) = lines.split_last()?;
            let rowlike = rows.iter().all(|l| l.split(',').count() == width);
            (rowlike && !rows.is_empty() && tail.ends_with('"')).then_some((i, lines.len()))
        })
    }
}

impl Iterator for TableReader {
    type Item = Result<Item, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let read = match self.ahead.pop_front() {
            Some(ahead) => ahead.map(Some),
            None => read_row(&mut self.reader),
        };
        match read {
            Ok(None) => None,
            Ok(Some(row)) => {
                let line = row.position().map_or(0, |p| p.line() as usize);
                Some(Ok(self.item(line, &row)))
            }
            Err(e) => {
                self.done = true;
                let line = e.position().map_or(0, |p| p.line() as usize);
                Some(Err(RecordError {
                    file: self.path.clone(),
                    line,
                    field: None,
                    message: format!("cannot read: {e}"),
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parse_names_and_numbers() {
        let map: ColumnMap = "text=quote, speaker=5".parse().unwrap();
        assert_eq!(
            map.0,
            vec![
                ("text", Column::Name("quote".into())),
                ("speaker", Column::Number(4))
            ]
        );
        assert!(!map.only_numbers());
        assert!(
            "text=3,speaker=5"
                .parse::<ColumnMap>()
                .unwrap()
                .only_numbers()
        );
        assert!(
            "txt=3"
                .parse::<ColumnMap>()
                .unwrap_err()
                .contains("not a field")
        );
        assert!(
            "text=0"
                .parse::<ColumnMap>()
                .unwrap_err()
                .contains("from 1")
        );
        assert!(
            "text"
                .parse::<ColumnMap>()
                .unwrap_err()
                .contains("FIELD=COLUMN")
        );
    }

    #[test]
    fn header_keys_ignore_case_and_punctuation() {
        assert_eq!(header_key(" Claim Date "), "claim_date");
        assert_eq!(header_key("\u{feff}Speaker"), "speaker");
    }
}
