//! An article read piece by piece (cut where [`extract::piece_end`] says), so that however large
//! the file, no more than two pieces of it are held at once.

use std::io::Read;

use super::extract;

/// Bytes asked of the reader at a time.
const READ: usize = 1 << 16;

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// A piece of an article, and where it starts in it.
#[derive(Debug)]
pub struct Piece {
    pub text: String,
    /// Code points before it.
    pub offset: usize,
    /// The line it starts on, from 1.
    pub line: usize,
}

/// Why the rest of an article cannot be read: on which line, and what is wrong.
#[derive(Debug)]
pub struct Unreadable {
    pub line: usize,
    pub message: String,
}

pub struct Pieces<R> {
    reader: R,
    size: usize,
    /// Bytes read and not yet decoded: the start of a character cut by a read.
    raw: Vec<u8>,
    /// Decoded text not yet handed out.
    pending: String,
    /// Where `pending` starts.
    offset: usize,
    line: usize,
    read: u64,
    limit: u64,
    eof: bool,
    failed: bool,
}

impl<R: Read> Pieces<R> {
    /// Pieces of `reader`, refusing more than `limit` bytes ("is over N MB: too large {what}").
    pub fn new(reader: R, limit: u64) -> Pieces<R> {
        Pieces::sized(reader, limit, extract::PIECE_BYTES)
    }

    fn sized(reader: R, limit: u64, size: usize) -> Pieces<R> {
        Pieces {
            reader,
            size,
            raw: Vec::new(),
            pending: String::new(),
            offset: 0,
            line: 1,
            read: 0,
            limit,
            eof: false,
            failed: false,
        }
    }

    /// The line the first `bytes` of `raw` end on.
    fn line_in_raw(&self, bytes: usize) -> usize {
        self.line + newlines(self.pending.as_bytes()) + newlines(&self.raw[..bytes])
    }

    /// Reads until two pieces' worth is held (the most a cut looks ahead) or the input ends.
    fn fill(&mut self) -> Result<(), Unreadable> {
        while !self.eof && self.pending.len() < 2 * self.size + 2 {
            // Read straight onto the end of `raw` (no second copy of every byte).
            let held = self.raw.len();
            self.raw.resize(held + READ, 0);
            let n = match self.reader.read(&mut self.raw[held..]) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    self.raw.truncate(held);
                    continue;
                }
                Err(e) => {
                    return Err(Unreadable {
                        line: 0,
                        message: format!("cannot read: {e}"),
                    });
                }
            };
            self.raw.truncate(held + n);
            self.read += n as u64;
            if self.read > self.limit {
                return Err(Unreadable {
                    line: 0,
                    message: format!(
                        "is over {} MB: too large to be an article",
                        self.limit >> 20
                    ),
                });
            }
            self.eof = n == 0;
            if let Some(at) = memchr::memchr(0, &self.raw) {
                return Err(Unreadable {
                    line: self.line_in_raw(at),
                    message: "contains NUL bytes: this looks like a binary file, not text".into(),
                });
            }
            let valid = match std::str::from_utf8(&self.raw) {
                Ok(_) => self.raw.len(),
                // A character cut by the read completes with the next one.
                Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
                Err(e) => {
                    return Err(Unreadable {
                        line: self.line_in_raw(e.valid_up_to()),
                        message: "is not valid UTF-8 text".into(),
                    });
                }
            };
            let text = std::str::from_utf8(&self.raw[..valid]).unwrap_or_default();
            self.pending.push_str(text);
            self.raw.drain(..valid);
        }
        Ok(())
    }

    /// Where the next piece ends in `pending`: at a paragraph break, else (a long run of text
    /// with no line break) at the last space before two pieces' worth.
    fn cut(&self) -> usize {
        extract::piece_end(&self.pending, self.size).unwrap_or_else(|| {
            if self.eof || self.pending.len() <= 2 * self.size {
                return self.pending.len();
            }
            let mut end = 2 * self.size;
            while !self.pending.is_char_boundary(end) {
                end -= 1;
            }
            self.pending[..end]
                .rfind(char::is_whitespace)
                .map_or(end, |at| at + 1)
        })
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = Result<Piece, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Err(e) = self.fill() {
            self.failed = true;
            return Some(Err(e));
        }
        if self.pending.is_empty() {
            return None;
        }
        let rest = self.pending.split_off(self.cut());
        let text = std::mem::replace(&mut self.pending, rest);
        let piece = Piece {
            offset: self.offset,
            line: self.line,
            text,
        };
        self.offset += piece.text.chars().count();
        self.line += newlines(piece.text.as_bytes());
        Some(Ok(piece))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8], size: usize) -> Vec<Result<Piece, Unreadable>> {
        // One byte per read, so characters and lines are cut everywhere they can be.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        Pieces::sized(Trickle(bytes), 1 << 20, size).collect()
    }

    #[test]
    fn pieces_put_back_together_are_the_text_with_their_offsets_and_lines() {
        let text = "Première ligne, “dit-il”.\n\nÉté — deux.\nTrois lignes ici\n\n".repeat(40);
        let pieces: Vec<Piece> = all(text.as_bytes(), 64)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(pieces.len() > 10);
        assert_eq!(
            pieces.iter().map(|p| p.text.as_str()).collect::<String>(),
            text
        );
        for p in &pieces {
            let before: String = text.chars().take(p.offset).collect();
            assert!(text[before.len()..].starts_with(&p.text));
            assert_eq!(p.line, before.matches('\n').count() + 1);
        }
    }

    #[test]
    fn text_without_line_breaks_is_cut_at_spaces_and_kept_whole() {
        let text = "word ".repeat(200);
        let pieces: Vec<String> = all(text.as_bytes(), 64)
            .into_iter()
            .map(|p| p.unwrap().text)
            .collect();
        assert!(pieces.iter().all(|p| p.len() <= 130 && p.ends_with(' ')));
        assert_eq!(pieces.concat(), text);
    }

    #[test]
    fn bad_bytes_are_named_by_line() {
        let errors = |bytes: &[u8]| -> Vec<(usize, String)> {
            all(bytes, 64)
                .into_iter()
                .filter_map(Result::err)
                .map(|e| (e.line, e.message))
                .collect()
        };
        let bad = errors(b"one\ntwo\nthr\xffee\n");
        assert_eq!(bad, vec![(3, "is not valid UTF-8 text".to_string())]);
        let cut_short = errors("one\nl\u{e9}".as_bytes().split_last().unwrap().1);
        assert_eq!(cut_short[0].0, 2);
        let nul = errors(b"one\n\ntw\0o");
        assert_eq!(nul[0].0, 3);
        assert!(nul[0].1.contains("NUL"));
        let big = Pieces::sized(&b"0123456789"[..], 5, 64).next().unwrap();
        assert!(big.unwrap_err().message.contains("too large"));
    }
}
