//! `claimtrack extract`: show the quotations and speakers found in an article; writes nothing.

use std::io::Write;

use anyhow::Context as _;
use comfy_table::Cell;

use crate::cli::{ExtractArgs, Format};
use crate::ingest::extract::extract_from;
use crate::ingest::pieces::Pieces;
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
    // Piece by piece, so memory follows the quotations found, not the file's size.
    let mut quotes = Vec::new();
    for piece in Pieces::new(std::io::BufReader::new(reader), u64::MAX) {
        let piece = piece.map_err(|e| match e.line {
            0 => anyhow::anyhow!("{name}: {}", e.message),
            line => anyhow::anyhow!("{name}:{line}: {}", e.message),
        })?;
        quotes.extend(extract_from(&piece.text, piece.offset));
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
            return Err(super::UsageError(
                "--format ids lists claims; extract stores none (try json)".into(),
            )
            .into());
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
