//! Rendering for people (tables that fit the terminal) and for programs (JSON, CSV). Text from
//! claims is untrusted: tables strip terminal control characters, CSV cells cannot become
//! spreadsheet formulas.

mod charts;
mod claims;
pub mod export;
pub mod ops;
pub mod report;
mod stats;
mod text;

use std::io::Write;

use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use crate::domain::{Status, Verdict};

pub use claims::{
    CLAIM_CSV_HEADER, claim_csv_cells, claims_csv, claims_table, detail_text, fetch_text,
    follow_ups_csv, follow_ups_table, link_text, search_table, snapshots_text,
};
pub use stats::{bars, scorecards_csv, scorecards_table};
pub use text::{clean, csv_safe, one_line, shorten};

/// Whether output may carry colour: decided once in `main` from `--color`, `NO_COLOR` and the
/// terminal.
static COLOR: AtomicBool = AtomicBool::new(false);

pub fn set_color(on: bool) {
    COLOR.store(on, Ordering::Relaxed);
}

#[must_use]
pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// A status's colour, the same everywhere.
#[must_use]
pub fn status_color(status: Status) -> Color {
    match status {
        Status::Unverified => Color::Yellow,
        Status::InReview => Color::Cyan,
        Status::Verified => Color::Green,
        Status::Disputed => Color::Red,
        Status::Unverifiable => Color::DarkGrey,
    }
}

/// A verdict's colour: green for true, red for false, magenta for fabricated.
#[must_use]
pub fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::True | Verdict::MostlyTrue => Color::Green,
        Verdict::Mixed => Color::Yellow,
        Verdict::MostlyFalse | Verdict::False => Color::Red,
        Verdict::Fabricated => Color::Magenta,
    }
}

/// A cell in `color`, when colour is on.
#[must_use]
pub fn colored(text: impl Into<String>, color: Color) -> Cell {
    let cell = Cell::new(text.into());
    if self::color() { cell.fg(color) } else { cell }
}

/// Ids one a line, for `xargs`.
pub fn ids(out: &mut dyn Write, ids: impl IntoIterator<Item = i64>) -> anyhow::Result<()> {
    for id in ids {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

/// Prints any serialisable value as pretty JSON, followed by a newline.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    let mut safe = JsonOut::new(&mut *out);
    serde_json::to_writer_pretty(&mut safe, value)?;
    safe.finish()?;
    writeln!(out)?;
    Ok(())
}

/// Writes `value` as one line of JSON, made safe like all JSON we print. `buf` is reused between
/// calls: serialised whole and passed on in one piece, a record costs one write, not one per
/// key and punctuation mark.
pub fn json_compact<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    buf: &mut Vec<u8>,
) -> anyhow::Result<()> {
    buf.clear();
    serde_json::to_writer(&mut *buf, value)?;
    let mut safe = JsonOut::new(&mut *out);
    safe.write_all(buf)?;
    safe.finish()?;
    Ok(())
}

/// Passes JSON through with C1 control characters (U+0080-U+009F, which some terminals obey as
/// escapes: U+009B starts a command) written as `\u0080`...: serde_json escapes only C0. They
/// occur only inside strings, where the escape means the same character.
pub struct JsonOut<'a> {
    out: &'a mut dyn Write,
    /// A 0xC2 lead byte seen at the end of the last write, waiting for its continuation.
    lead: bool,
}

impl<'a> JsonOut<'a> {
    pub fn new(out: &'a mut dyn Write) -> JsonOut<'a> {
        JsonOut { out, lead: false }
    }

    /// Writes a lead byte still held back (never the case for valid UTF-8).
    pub fn finish(mut self) -> std::io::Result<()> {
        if self.lead {
            self.out.write_all(&[0xC2])?;
            self.lead = false;
        }
        Ok(())
    }
}

impl Write for JsonOut<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        if self.lead {
            self.lead = false;
            match buf.first() {
                Some(&b @ 0x80..=0x9F) => {
                    write!(self.out, "\\u00{b:02x}")?;
                    start = 1;
                    i = 1;
                }
                _ => self.out.write_all(&[0xC2])?,
            }
        }
        // Lead bytes are rare: jump between them (memchr) rather than look at every byte.
        while let Some(at) = memchr::memchr(0xC2, &buf[i..]) {
            i += at;
            match buf.get(i + 1) {
                Some(&b @ 0x80..=0x9F) => {
                    self.out.write_all(&buf[start..i])?;
                    write!(self.out, "\\u00{b:02x}")?;
                    i += 2;
                    start = i;
                }
                None => {
                    self.out.write_all(&buf[start..i])?;
                    self.lead = true;
                    return Ok(buf.len());
                }
                _ => i += 1,
            }
        }
        self.out.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A CSV writer whose cells go through `csv_safe`.
pub struct CsvOut<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
}

impl<'a> CsvOut<'a> {
    pub fn new(out: &'a mut dyn Write, header: &[&str]) -> anyhow::Result<CsvOut<'a>> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(header)?;
        Ok(CsvOut { writer })
    }

    pub fn row<I, S>(&mut self, cells: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| csv_safe(c.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&cells)?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// The width asked for (`COLUMNS`), decided once in `commands`; 0 when not asked.
static WIDTH: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);

pub fn set_width(columns: Option<u16>) {
    WIDTH.store(columns.unwrap_or(0), Ordering::Relaxed);
}

/// The width tables are fitted to: the one asked for, else the terminal's, else 100.
#[must_use]
pub fn width() -> u16 {
    Some(WIDTH.load(Ordering::Relaxed))
        .filter(|w| *w > 0)
        .or_else(|| comfy_table::Table::new().width())
        .unwrap_or(100)
        .clamp(40, 1000)
}

/// An empty table with the house style, fitted to the width.
#[must_use]
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width())
        .set_header(header.to_vec());
    if color() {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// How a column shares the table's width.
#[derive(Debug, Clone, Copy)]
pub enum Fit {
    /// As wide as its widest cell (ids).
    Content,
    /// Its content, at most `max` characters; squeezed down to `min` when the terminal is narrow.
    Upto { max: u16, min: u16 },
    /// Like `Upto`, but hidden (rightmost first) when even squeezing leaves too little room.
    Optional { max: u16, min: u16 },
    /// Whatever is left: the column people read (the claim).
    Rest,
}

/// The narrowest the `Rest` column may become before other columns are squeezed or hidden.
const REST_MIN: u16 = 24;

/// Gives each column a fixed width so the table fills the terminal without breaking: bookkeeping
/// columns stay compact, the `Rest` column takes what remains and wraps, and on a narrow terminal
/// optional columns give way. A column empty on every row is left out, and no column is squeezed
/// below its widest word (a name is not cut in the middle) until optional columns have gone.
/// Returns which columns were hidden.
pub fn fit_columns(table: &mut Table, fits: &[Fit]) -> Vec<bool> {
    let total = table.width().unwrap_or(100);
    let columns = fits.len();
    let mut filled = vec![false; columns];
    let mut widest_word = vec![0u16; columns];
    for row in table.row_iter() {
        for (i, cell) in row.cell_iter().enumerate().take(columns) {
            let content = cell.content();
            filled[i] |= !content.trim().is_empty();
            let word = content
                .split_whitespace()
                .map(|w| unicode_width::UnicodeWidthStr::width(w) as u16)
                .max()
                .unwrap_or(0);
            widest_word[i] = widest_word[i].max(word);
        }
    }
    let mut widths: Vec<Option<u16>> = table
        .column_max_content_widths()
        .iter()
        .zip(fits)
        .zip(&filled)
        .map(|((&content, fit), &filled)| match fit {
            Fit::Upto { .. } | Fit::Optional { .. } if !filled => None,
            Fit::Content | Fit::Rest => Some(content),
            Fit::Upto { max, .. } | Fit::Optional { max, .. } => Some(content.min(*max)),
        })
        .collect();
    // Each visible column costs its width, one space of padding each side and a border.
    let room = |widths: &[Option<u16>]| -> u16 {
        let used: u16 = widths
            .iter()
            .zip(fits)
            .filter_map(|(w, f)| w.map(|w| if matches!(f, Fit::Rest) { 3 } else { w + 3 }))
            .sum();
        total.saturating_sub(used + 1)
    };
    // Squeeze the widest squeezable column first, down to `floor(i)`, until the claim has `want`.
    let squeeze = |widths: &mut Vec<Option<u16>>, want: u16, floor: &dyn Fn(usize) -> u16| {
        while room(widths) < want {
            let slack: Vec<u16> = (0..columns)
                .map(|i| match (widths[i], &fits[i]) {
                    (Some(w), Fit::Upto { .. } | Fit::Optional { .. }) => {
                        w.saturating_sub(floor(i))
                    }
                    _ => 0,
                })
                .collect();
            let Some(widest) = (0..columns)
                .filter(|&i| slack[i] > 0)
                .max_by_key(|&i| slack[i])
            else {
                break;
            };
            let need = want - room(widths);
            if let Some(w) = widths[widest].as_mut() {
                *w -= slack[widest].min(need);
            }
        }
    };
    let min_of = |i: usize| match fits[i] {
        Fit::Upto { min, .. } | Fit::Optional { min, .. } => min,
        _ => 0,
    };
    let whole_words = |i: usize| min_of(i).max(widest_word[i]);
    // First only as far as whole words allow, until the claim has a fair share of the line.
    squeeze(&mut widths, REST_MIN.max(total * 2 / 5), &whole_words);
    // Then optional columns give way, rightmost first, and only then are words cut.
    for index in (0..columns).rev() {
        if room(&widths) >= REST_MIN {
            break;
        }
        if matches!(fits[index], Fit::Optional { .. }) {
            widths[index] = None;
        }
    }
    squeeze(&mut widths, REST_MIN, &min_of);
    let rest = room(&widths);
    let constraints = widths
        .iter()
        .zip(fits)
        .map(|(width, fit)| match (width, fit) {
            (None, _) => ColumnConstraint::Hidden,
            (Some(content), Fit::Rest) => {
                ColumnConstraint::Absolute(Width::Fixed(rest.min(*content).max(8) + 2))
            }
            (Some(w), _) => ColumnConstraint::Absolute(Width::Fixed(w.max(&1) + 2)),
        });
    table.set_constraints(constraints);
    widths.iter().map(Option::is_none).collect()
}
