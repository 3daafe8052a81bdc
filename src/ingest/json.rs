//! A JSON array of claim objects (or one object), read element by element: the array is scanned
//! for element boundaries and each element parsed alone, so a large file never sits in memory.

use std::io::{Bytes, Read};
use std::iter::Peekable;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Item, RecordError, Source, json_item};

pub struct JsonArrayReader {
    path: PathBuf,
    bytes: Peekable<Bytes<Source>>,
    line: usize,
    today: NaiveDate,
    state: State,
}

#[derive(PartialEq, Eq)]
enum State {
    Start,
    /// Inside a top-level array, before an element or the closing bracket.
    InArray,
    /// The file held one object rather than an array.
    Done,
}

impl JsonArrayReader {
    pub fn new(path: &Path, reader: Source, today: NaiveDate) -> JsonArrayReader {
        JsonArrayReader {
            path: path.to_path_buf(),
            bytes: reader.bytes().peekable(),
            line: 1,
            today,
            state: State::Start,
        }
    }

    fn error(&self, line: usize, message: impl Into<String>) -> RecordError {
        RecordError {
            file: self.path.clone(),
            line,
            field: None,
            message: message.into(),
        }
    }

    /// The next byte that is not whitespace (or a BOM), counting lines.
    fn skip_space(&mut self) -> Result<Option<u8>, RecordError> {
        while let Some(byte) = self.bytes.peek() {
            match byte {
                Ok(b'\n') => self.line += 1,
                Ok(b' ' | b'\t' | b'\r' | 0xEF | 0xBB | 0xBF) => {}
                Ok(b) => return Ok(Some(*b)),
                Err(e) => {
                    let message = format!("cannot read: {e}");
                    return Err(self.error(self.line, message));
                }
            }
            self.bytes.next();
        }
        Ok(None)
    }

    /// Collects one JSON value, tracking strings and nesting to find where it ends; the byte that
    /// ends a bare value (`,`, `]`, space) is left for the caller.
    fn element(&mut self) -> Result<Vec<u8>, RecordError> {
        let start = self.line;
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut out = Vec::new();
        loop {
            let b = match self.bytes.peek() {
                None => break,
                Some(Ok(b)) => *b,
                Some(Err(_)) => {
                    let e = self
                        .bytes
                        .next()
                        .and_then(Result::err)
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                    return Err(self.error(self.line, format!("cannot read: {e}")));
                }
            };
            let ends_bare_value =
                !in_string && depth == 0 && (b == b',' || b == b']' || b.is_ascii_whitespace());
            if ends_bare_value && !out.is_empty() {
                return Ok(out);
            }
            self.bytes.next();
            out.push(b);
            if b == b'\n' {
                self.line += 1;
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                _ => {}
            }
        }
        if depth > 0 || in_string {
            return Err(self.error(
                start,
                "the record starting here is cut off: the file ends inside it",
            ));
        }
        Ok(out)
    }

    fn item(&self, line: usize, bytes: &[u8]) -> Item {
        json_item(&self.path, line, bytes, self.today)
    }

    fn next_item(&mut self) -> Result<Option<Item>, RecordError> {
        if self.state == State::Done {
            return Ok(None);
        }
        let Some(first) = self.skip_space()? else {
            return if self.state == State::Start {
                Err(self.error(0, "is empty: nothing to ingest"))
            } else {
                Err(self.error(
                    self.line,
                    "the array is not closed with ]: the file looks cut off",
                ))
            };
        };
        if self.state == State::Start {
            match first {
                b'[' => {
                    self.bytes.next();
                    self.state = State::InArray;
                }
                b'{' => {
                    let line = self.line;
                    let bytes = self.element()?;
                    self.state = State::Done;
                    self.expect_end()?;
                    return Ok(Some(self.item(line, &bytes)));
                }
                _ => return Err(self.error(self.line, "is not a JSON array of claim objects")),
            }
        }
        let Some(mut next) = self.skip_space()? else {
            return Err(self.error(
                self.line,
                "the array is not closed with ]: the file looks cut off",
            ));
        };
        if next == b',' {
            self.bytes.next();
            next = self
                .skip_space()?
                .ok_or_else(|| self.error(self.line, "the file ends after a comma"))?;
        }
        if next == b']' {
            self.bytes.next();
            self.state = State::Done;
            self.expect_end()?;
            return Ok(None);
        }
        let line = self.line;
        let bytes = self.element()?;
        Ok(Some(self.item(line, &bytes)))
    }

    fn expect_end(&mut self) -> Result<(), RecordError> {
        match self.skip_space()? {
            None => Ok(()),
            Some(_) => Err(self.error(self.line, "has more after the end of the JSON value")),
        }
    }
}

impl Iterator for JsonArrayReader {
    type Item = Result<Item, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_item() {
            Ok(item) => item.map(Ok),
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}
