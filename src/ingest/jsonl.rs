//! JSON Lines: one claim object per line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Item, RecordError, Source, json_item};

pub struct JsonlReader {
    path: PathBuf,
    reader: Source,
    line: usize,
    buf: Vec<u8>,
    today: NaiveDate,
}

impl JsonlReader {
    pub fn new(path: &Path, reader: Source, today: NaiveDate) -> JsonlReader {
        JsonlReader {
            path: path.to_path_buf(),
            reader,
            line: 0,
            buf: Vec::new(),
            today,
        }
    }

    fn item(&self, bytes: &[u8]) -> Item {
        json_item(&self.path, self.line, bytes, self.today)
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Item, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(RecordError {
                        file: self.path.clone(),
                        line: self.line + 1,
                        field: None,
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
            self.line += 1;
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let bytes = std::mem::take(&mut self.buf);
            let item = self.item(&bytes);
            self.buf = bytes;
            return Some(Ok(item));
        }
    }
}
