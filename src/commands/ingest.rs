//! `claimtrack ingest`: take claims from files. Every file is checked in full first, so a bad
//! record means nothing is written; then records are written in batches.

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use super::Ctx;
use crate::cli::{Format, IngestArgs};
use crate::ingest::jsonl::JsonlReader;
use crate::output;
use crate::store::Access;

/// Records per transaction: large enough to amortise the commit, small enough to keep the lock
/// short for other writers.
const BATCH: usize = 5_000;

/// How many bad records to list before summarising the rest.
const SHOWN_ERRORS: usize = 20;

#[derive(Debug, Default, Serialize)]
struct Summary {
    files: usize,
    records: usize,
    claims_added: usize,
    claims_matched: usize,
    appearances_added: usize,
    speakers_added: usize,
    sources_added: usize,
}

pub fn run(ctx: &Ctx, args: IngestArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let today = ctx.today();
    let mut errors = Vec::new();
    let mut bad = 0usize;
    for path in &args.files {
        match JsonlReader::open(path, today) {
            Err(e) => {
                bad += 1;
                errors.push(e.to_string());
            }
            Ok(reader) => {
                for record in reader {
                    if let Err(e) = record {
                        bad += 1;
                        if errors.len() < SHOWN_ERRORS {
                            errors.push(e.to_string());
                        }
                    }
                }
            }
        }
    }
    if bad > 0 {
        let more = bad.saturating_sub(errors.len());
        let mut message = errors.join("\n");
        if more > 0 {
            let _ = write!(message, "\n... and {more} more");
        }
        anyhow::bail!("{message}\n{bad} bad record(s); nothing was ingested");
    }

    let mut store = ctx.open(Access::Write)?;
    let mut summary = Summary {
        files: args.files.len(),
        ..Summary::default()
    };
    for path in &args.files {
        let mut reader = JsonlReader::open(path, today)?.peekable();
        while reader.peek().is_some() {
            let batch: Vec<_> = reader.by_ref().take(BATCH).collect::<Result<_, _>>()?;
            let outcomes = store.write(|tx| {
                batch
                    .iter()
                    .map(|c| tx.add_claim(c))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            for o in outcomes {
                summary.records += 1;
                summary.claims_added += usize::from(o.created);
                summary.claims_matched += usize::from(!o.created);
                summary.appearances_added += usize::from(o.appearance_added);
                summary.speakers_added += usize::from(o.speaker_created);
                summary.sources_added += usize::from(o.source_created);
            }
        }
    }
    match args.format.format {
        Format::Json => output::json(out, &summary)?,
        Format::Csv | Format::Table => writeln!(
            out,
            "Ingested {} record(s) from {} file(s): {} claim(s) added, {} matched existing claims, {} appearance(s) added, {} speaker(s) and {} source(s) added.",
            summary.records,
            summary.files,
            summary.claims_added,
            summary.claims_matched,
            summary.appearances_added,
            summary.speakers_added,
            summary.sources_added
        )?,
    }
    Ok(())
}
