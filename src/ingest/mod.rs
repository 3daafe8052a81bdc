//! Readers that turn outside material into claim records: JSON Lines, JSON arrays, CSV and TSV
//! files, and articles (through the quote extractor). Each reads record by record, so memory stays
//! flat however large the file.

pub mod article;
mod claimreview;
pub mod extract;
mod json;
mod jsonl;
pub mod pieces;
mod record;
mod table;
pub mod transcript;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use crate::domain::NewClaim;
pub use record::{Record, RecordError};
pub use table::ColumnMap;

/// The kinds of file `ingest` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Jsonl,
    Json,
    Csv,
    Tsv,
    /// A plain-text or Markdown article: its quotations become claims.
    Text,
    /// schema.org ClaimReview JSON-LD (alone or in an HTML page), or a Fact Check Tools response.
    Claimreview,
    /// A debate, speech or interview as labelled turns ("TRUMP: ..."): its sentences become claims.
    Transcript,
}

/// How to read the files, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kind: Option<Kind>,
    pub map: ColumnMap,
    /// `Some(false)`: the CSV has no header row; `None`: decide from `map`.
    pub header: Option<bool>,
    pub article: article::ArticleOptions,
    /// The language of records that do not say theirs (`--language`, or the config's).
    pub language: Option<String>,
}

/// One record read from a file: where it was, its original form, and the claim or what is wrong.
pub struct Item {
    pub line: usize,
    pub raw: Raw,
    pub claim: Result<NewClaim, RecordError>,
}

/// A record as it was in the file, for `--rejects`.
#[derive(Debug, Clone)]
pub enum Raw {
    /// A JSON object (a JSON Lines line or an array element).
    Json(String),
    /// A CSV/TSV row.
    Row(csv::StringRecord),
    /// Nothing: the record was good (only bad ones are saved), or a quotation found in an article.
    None,
}

/// Items of one file; an `Err` ends the file (it cannot be read further).
pub type Items = Box<dyn Iterator<Item = Result<Item, RecordError>> + Send>;

/// An open input file.
pub struct Input {
    pub kind: Kind,
    pub items: Items,
    /// Bytes read so far, for a progress bar.
    pub progress: Arc<AtomicU64>,
    pub size: u64,
    /// For CSV/TSV: the header to write above rejected rows.
    pub header: Option<csv::StringRecord>,
    /// What the reader decided that the user should know (columns used, columns ignored).
    pub notes: Vec<String>,
}

/// Opens `path` for reading records, deciding its kind from `options`, its extension or its first
/// bytes.
pub fn open(path: &Path, options: &Options, today: NaiveDate) -> Result<Input, RecordError> {
    if path.is_dir() {
        return Err(RecordError::whole_file(
            path,
            "is a directory, not a file of claims",
        ));
    }
    // Asked before opening: opening a FIFO waits for a writer that may never come.
    let metadata = std::fs::metadata(path)
        .map_err(|e| RecordError::whole_file(path, format!("cannot open: {e}")))?;
    if !metadata.is_file() {
        // Ingest reads a file twice (to check, then to write), which a pipe cannot give.
        return Err(RecordError::whole_file(
            path,
            "is not a regular file (a pipe or a device): save it to a file first",
        ));
    }
    let file =
        File::open(path).map_err(|e| RecordError::whole_file(path, format!("cannot open: {e}")))?;
    let size = metadata.len();
    let progress = Arc::new(AtomicU64::new(0));
    let mut reader = BufReader::with_capacity(
        1 << 16,
        Counted {
            inner: file,
            count: Arc::clone(&progress),
        },
    );
    let head = reader
        .fill_buf()
        .map_err(|e| RecordError::whole_file(path, format!("cannot read: {e}")))?;
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(RecordError::whole_file(path, "is empty: nothing to ingest"));
    }
    let kind = options.kind.unwrap_or_else(|| detect(path, head));
    let mut input = Input {
        kind,
        items: Box::new(std::iter::empty()),
        progress,
        size,
        header: None,
        notes: vec![],
    };
    match kind {
        Kind::Jsonl => input.items = Box::new(jsonl::JsonlReader::new(path, reader, today)),
        Kind::Json => input.items = Box::new(json::JsonArrayReader::new(path, reader, today)),
        Kind::Csv | Kind::Tsv => {
            let table = table::TableReader::new(path, reader, kind == Kind::Tsv, options, today)?;
            input.header = table.header();
            input.notes = table.notes();
            input.items = Box::new(table);
        }
        Kind::Claimreview => {
            input.items = Box::new(claimreview::read(path, reader, today)?.into_iter().map(Ok));
        }
        Kind::Transcript => {
            input.items = Box::new(article::read_transcript(path, reader, &options.article));
        }
        Kind::Text => {
            let mut items = article::read(path, reader, &options.article).peekable();
            if items.peek().is_none() {
                input.notes.push(format!(
                    "{}: no quotations found (--include-narration takes the writer's own sentences)",
                    path.display()
                ));
            }
            input.items = Box::new(items);
        }
    }
    if let Some(language) = options.language.clone() {
        let items = std::mem::replace(&mut input.items, Box::new(std::iter::empty()));
        input.items = Box::new(items.map(move |item| {
            item.map(|mut item| {
                if let Ok(claim) = &mut item.claim {
                    claim.language.get_or_insert_with(|| language.clone());
                }
                item
            })
        }));
    }
    Ok(input)
}

/// The kind by extension, else by content: `[` JSON, `{` JSON Lines, tabs TSV, commas CSV, else an
/// article.
fn detect(path: &Path, head: &[u8]) -> Kind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let text = String::from_utf8_lossy(head);
    // JSON-LD (schema.org markup) is read as ClaimReview, which says what it holds if not that;
    // so is any file with JSON-LD blocks in it, whatever its name.
    let json_ld = text.contains("\"@context\"") && text.contains("schema.org");
    if text.contains("application/ld+json") {
        return Kind::Claimreview;
    }
    let mentions_reviews =
        text.contains("ClaimReview") || text.contains("\"claimReview\"") || json_ld;
    if mentions_reviews
        && matches!(first_byte(head), Some(b'{' | b'[' | b'<'))
        && !matches!(ext.as_str(), "jsonl" | "ndjson")
    {
        return Kind::Claimreview;
    }
    match ext.as_str() {
        "html" | "htm" => return Kind::Claimreview,
        "jsonl" | "ndjson" => return Kind::Jsonl,
        "json" | "jsonld" => {
            return if first_byte(head) == Some(b'{') && looks_like_lines(head) {
                Kind::Jsonl
            } else {
                Kind::Json
            };
        }
        "csv" => return Kind::Csv,
        "tsv" | "tab" => return Kind::Tsv,
        "txt" | "text" | "md" | "markdown" => return text_kind(head),
        _ => {}
    }
    match first_byte(head) {
        Some(b'[') => Kind::Json,
        Some(b'{') => Kind::Jsonl,
        _ => {
            let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
            if first_line.contains(&b'\t') {
                Kind::Tsv
            } else if first_line.split(|&b| b == b',').count() > 2 && first_line.len() < 2_000 {
                Kind::Csv
            } else {
                text_kind(head)
            }
        }
    }
}

/// Plain text: a transcript when most of its first lines open with a speaker's label, else an
/// article.
fn text_kind(head: &[u8]) -> Kind {
    if transcript::looks_like(&String::from_utf8_lossy(head)) {
        Kind::Transcript
    } else {
        Kind::Text
    }
}

fn first_byte(head: &[u8]) -> Option<u8> {
    head.iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
}

/// A `.json` file whose first line is a whole object is JSON Lines in disguise.
fn looks_like_lines(head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(head);
    serde_json::from_slice::<serde_json::Value>(first).is_ok_and(|v| v.is_object())
}

/// A reader that counts the bytes passing through, for progress.
pub struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The buffered, counted file every reader reads from.
pub type Source = BufReader<Counted<File>>;

/// A whole small file (an article, a review page) as text. Refuses one over `limit` bytes
/// ("is over 64 MB: too large {what}"), a binary one, and invalid UTF-8, saying on which line.
fn read_whole(path: &Path, reader: Source, limit: u64, what: &str) -> Result<String, RecordError> {
    use std::io::Read as _;
    let fail = |line: usize, message: String| RecordError {
        file: path.to_path_buf(),
        line,
        field: None,
        message,
    };
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(0, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(fail(
            0,
            format!("is over {} MB: too large {what}", limit >> 20),
        ));
    }
    if bytes.contains(&0) {
        return Err(fail(
            0,
            "contains NUL bytes: this looks like a binary file, not text".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        fail(
            e.as_bytes()[..at].split(|&b| b == b'\n').count(),
            "is not valid UTF-8 text".into(),
        )
    })
}

/// Decodes a line or element as UTF-8, refusing binary content with a clear word.
fn utf8(bytes: &[u8]) -> Result<&str, String> {
    if bytes.contains(&0) {
        return Err("contains NUL bytes: this looks like a binary file, not text".into());
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (bad byte at column {})",
            e.valid_up_to() + 1
        )
    })
}

/// serde_json appends " at line 1 column 7"; the line is ours to say, the column is noise.
fn strip_position(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string()
}

/// One JSON object (a JSON Lines line or an array element) read as an item: its original text is
/// kept only when it is bad, for `--rejects`.
fn json_item(path: &Path, line: usize, bytes: &[u8], today: NaiveDate) -> Item {
    let error = |field: Option<String>, message: String| RecordError {
        file: path.to_path_buf(),
        line,
        field,
        message,
    };
    let text = match utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').trim_end(),
        Err(message) => {
            return Item {
                line,
                raw: Raw::Json(String::from_utf8_lossy(bytes).into_owned()),
                claim: Err(error(None, message)),
            };
        }
    };
    match parse_object(text, today) {
        Ok(claim) => Item {
            line,
            raw: Raw::None,
            claim: Ok(claim),
        },
        Err((field, message)) => Item {
            line,
            raw: Raw::Json(text.to_string()),
            claim: Err(error(field, message)),
        },
    }
}

/// A claim from one record written by `export` (as kept in a tombstone), or what is wrong with it.
pub fn claim_from_record(record: &serde_json::Value, today: NaiveDate) -> Result<NewClaim, String> {
    parse_object(&record.to_string(), today).map_err(|(field, message)| match field {
        Some(f) => format!("{f}: {message}"),
        None => message,
    })
}

/// Parses one JSON object into a checked claim, naming the field at fault.
fn parse_object(text: &str, today: NaiveDate) -> Result<NewClaim, (Option<String>, String)> {
    if !text.trim_start().starts_with('{') {
        return Err((
            None,
            "is not a JSON object (each record must be one {...} object)".into(),
        ));
    }
    // The plain parser is quick; only a record that fails is parsed again to name the field.
    if let Ok(record) = serde_json::from_str::<record::Record>(text) {
        return record
            .check(today)
            .map_err(|record::FieldError(field, message)| (Some(field.to_string()), message));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let record: record::Record = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = strip_position(&e.inner().to_string());
        // Broken JSON has no field to name ("?"): say what it is instead.
        if e.inner().is_syntax() || e.inner().is_eof() {
            return (None, format!("is not valid JSON: {message}"));
        }
        ((path != "." && path != "?").then_some(path), message)
    })?;
    de.end().map_err(|e| {
        (
            None,
            format!(
                "has more after the record: {}",
                strip_position(&e.to_string())
            ),
        )
    })?;
    record
        .check(today)
        .map_err(|record::FieldError(field, message)| (Some(field.to_string()), message))
}

/// Arbitrary input never panics a reader or the extractor: it gives records or errors.
#[cfg(test)]
mod never_panics {
    use std::io::Write;

    use proptest::prelude::*;

    use super::*;

    fn read_all(bytes: &[u8], kind: Kind, map: &str) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        let options = Options {
            kind: Some(kind),
            map: map.parse().unwrap_or_default(),
            ..Options::default()
        };
        let today = NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
        if let Ok(input) = open(file.path(), &options, today) {
            for item in input.items.take(1000) {
                let _ = item.map(|i| i.claim.map(|c| assert!(!c.text.trim().is_empty())));
            }
        }
    }

    /// Bytes that look a little like the formats, so the parsers get past their first check.
    fn shaped() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..400),
            r#"[\[\]{}":,a-z0-9 \n\t\\/<>\-]{0,300}"#.prop_map(String::into_bytes),
            r#"(text|speaker|said_on|tags|evidence|"|,|\n|[a-z ]){0,80}"#
                .prop_map(String::into_bytes),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn readers_never_panic(bytes in shaped()) {
            for kind in [Kind::Jsonl, Kind::Json, Kind::Csv, Kind::Tsv, Kind::Text, Kind::Claimreview, Kind::Transcript] {
                read_all(&bytes, kind, "");
            }
            read_all(&bytes, Kind::Csv, "text=1,speaker=2");
        }

        #[test]
        fn records_with_odd_values_are_checked_not_panicked(text in ".{0,40}", speaker in ".{0,20}", date in ".{0,12}", verdict in ".{0,12}") {
            let line = serde_json::json!({"text": text, "speaker": speaker, "said_on": date, "verdict": verdict, "tags": [text]});
            read_all(line.to_string().as_bytes(), Kind::Jsonl, "");
        }

        #[test]
        fn extractor_offsets_are_code_points_of_the_quoted_words(text in r#"([A-Za-zé ,.;:]|"|“|”|'|‘|’|\n|said|told|he|She|Mr\.){0,120}"#) {
            let chars: Vec<char> = text.chars().collect();
            for q in extract::extract(&text) {
                prop_assert!(q.start <= q.end && q.end <= chars.len());
                let span: String = chars[q.start..q.end].iter().collect();
                prop_assert_eq!(span, q.text.clone());
                prop_assert!((0.0..=1.0).contains(&q.confidence));
            }
        }
    }
}
