//! `claimtrack extract`: show the quotations and speakers found in an article; writes nothing.

use std::io::Write;

use anyhow::Context as _;
use comfy_table::Cell;

use clap::ValueEnum as _;

use crate::cli::{ExtractArgs, Format, StatementArgs};
use crate::ingest::Kind;
use crate::ingest::article::MIN_WORTH;
use crate::ingest::extract::extract_from;
use crate::ingest::pieces::Pieces;
use crate::ingest::transcript::{self, Statement, Turns};
use crate::output;

pub fn run(args: ExtractArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let path = &args.file;
    if path.is_dir() {
        anyhow::bail!("{}: is a directory, not an article", path.display());
    }
    let reader: Box<dyn std::io::Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        // Asked before reading: a FIFO would wait for a writer that may never come.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            anyhow::bail!(
                "{}: is not a regular file (a pipe or a device): use - to read standard input",
                path.display()
            );
        }
        Box::new(
            std::fs::File::open(path)
                .with_context(|| format!("{}: cannot read", path.display()))?,
        )
    };
    let name = if path.as_os_str() == "-" {
        "standard input".into()
    } else {
        path.display().to_string()
    };
    let kind = match args.from {
        None | Some(Kind::Text | Kind::Transcript) => args.from,
        Some(other) => {
            return Err(super::UsageError(format!(
                "--from {}: extract reads articles (text) and transcripts",
                other
                    .to_possible_value()
                    .map_or_else(|| "?".to_string(), |v| v.get_name().to_string())
            ))
            .into());
        }
    };
    let named = Turns::with_names(&args.statements.speaker_map).map_err(super::UsageError)?;
    let mut named = Some(named);
    // Piece by piece, so memory follows the quotations found, not the file's size.
    let mut quotes = Vec::new();
    let mut statements = Vec::new();
    let mut turns: Option<Turns> = None;
    for piece in Pieces::new(std::io::BufReader::new(reader), u64::MAX) {
        let piece = piece.map_err(|e| match e.line {
            0 => anyhow::anyhow!("{name}: {}", e.message),
            line => anyhow::anyhow!("{name}:{line}: {}", e.message),
        })?;
        if piece.offset == 0
            && (kind == Some(Kind::Transcript)
                || kind.is_none() && transcript::looks_like(&piece.text))
        {
            turns = named.take();
        }
        match &mut turns {
            Some(turns) => statements.extend(
                turns
                    .read(&piece.text, piece.offset)
                    .into_iter()
                    .filter(|s| s.priority >= bar(&args.statements)),
            ),
            None => quotes.extend(extract_from(&piece.text, piece.offset)),
        }
    }
    if turns.is_some() {
        return print_statements(&statements, args.format.format, out);
    }
    match args.format.format {
        Format::Json => output::json(out, &quotes)?,
        Format::Csv => {
            let mut csv = output::CsvOut::new(
                out,
                &[
                    "start",
                    "end",
                    "speaker",
                    "role",
                    "cue",
                    "context",
                    "confidence",
                    "text",
                ],
            )?;
            for q in &quotes {
                csv.row([
                    q.start.to_string(),
                    q.end.to_string(),
                    q.speaker.clone().unwrap_or_default(),
                    q.role.clone().unwrap_or_default(),
                    q.cue.clone().unwrap_or_default(),
                    q.context.clone().unwrap_or_default(),
                    format!("{:.2}", q.confidence),
                    q.text.clone(),
                ])?;
            }
            csv.finish()?;
        }
        Format::Ids => {
            return Err(no_ids().into());
        }
        Format::Table => {
            let mut t = output::table(&["#", "Speaker", "Quote", "Cue"]);
            for (i, q) in quotes.iter().enumerate() {
                let speaker = q
                    .speaker
                    .as_deref()
                    .map_or_else(|| "(unknown)".to_string(), output::one_line);
                let speaker = match &q.role {
                    Some(role) => format!("{speaker}\n{}", output::one_line(role)),
                    None => speaker,
                };
                let cue = [q.cue.as_deref(), q.context.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                t.add_row(vec![
                    Cell::new(i + 1),
                    Cell::new(speaker),
                    Cell::new(output::one_line(&q.text)),
                    Cell::new(output::one_line(&cue)),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} quotation(s)", quotes.len())?;
        }
    }
    Ok(())
}

/// The least check-worthiness a statement needs to be listed.
fn bar(args: &StatementArgs) -> u8 {
    if args.all {
        0
    } else {
        args.min_worth.unwrap_or(MIN_WORTH)
    }
}

fn print_statements(
    statements: &[Statement],
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => output::json(out, statements)?,
        Format::Csv => {
            let mut csv = output::CsvOut::new(
                out,
                &["start", "end", "speaker", "role", "priority", "text"],
            )?;
            for s in statements {
                csv.row([
                    s.start.to_string(),
                    s.end.to_string(),
                    s.speaker.clone().unwrap_or_default(),
                    s.role.clone().unwrap_or_default(),
                    s.priority.to_string(),
                    s.text.clone(),
                ])?;
            }
            csv.finish()?;
        }
        Format::Ids => {
            return Err(no_ids().into());
        }
        Format::Table => {
            let mut t = output::table(&["#", "Speaker", "Statement", "Pri"]);
            for (i, s) in statements.iter().enumerate() {
                let speaker = s
                    .speaker
                    .as_deref()
                    .map_or_else(|| "(unknown)".to_string(), output::one_line);
                t.add_row(vec![
                    Cell::new(i + 1),
                    Cell::new(speaker),
                    Cell::new(output::one_line(&s.text)),
                    Cell::new(s.priority),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} statement(s)", statements.len())?;
        }
    }
    Ok(())
}

/// `--format ids` lists claims, which extract does not make.
fn no_ids() -> super::UsageError {
    super::UsageError("--format ids lists claims; extract stores none (try json)".into())
}
