//! `match`: has this been checked before? The checked claims a text repeats (`domain::Matcher`).

use std::io::{BufRead, Write};

use serde::Serialize;

use super::repeats::Watch;
use super::{Ctx, NothingMatched, UsageError};
use crate::cli::{Format, MatchArgs};
use crate::domain::{ClaimRow, Match, Status};
use crate::output::{self, Fit, clean, one_line};
use crate::store::Access;

/// A claim a text repeats, as printed.
#[derive(Serialize)]
struct Found<'a> {
    id: i64,
    text: &'a str,
    speaker: &'a str,
    status: Status,
    verdict: Option<crate::domain::Verdict>,
    review_url: Option<&'a str>,
    review_title: Option<&'a str>,
    /// 0 to 1: how likely the text repeats this claim (0.55 and up: taken for a repeat).
    score: f64,
    /// Taken for a repeat: what `add` and `ingest` would link.
    repeat: bool,
    why: Vec<String>,
}

#[derive(Serialize)]
struct ForText<'a> {
    text: &'a str,
    matches: Vec<Found<'a>>,
}

pub fn run(ctx: &Ctx, args: MatchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let texts = texts(&args)?;
    let mut store = ctx.open(Access::Read)?;
    if !args.all
        && store
            .match_index()
            .is_some_and(|i| i.waiting_count().is_ok_and(|n| n > 0))
        && let Ok(writable) = ctx.open(Access::Write)
    {
        // Claims wait to be indexed: a connection that may write indexes them first (one
        // that may not reads every checked claim instead).
        store = writable;
    }
    let watch = Watch::load(&*store, args.all)?;
    let ranked = texts
        .iter()
        .map(|text| watch.rank(text, args.limit))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let results: Vec<ForText<'_>> = texts
        .iter()
        .zip(&ranked)
        .map(|(text, found_for)| ForText {
            text,
            matches: found_for.iter().map(|(claim, m)| found(claim, m)).collect(),
        })
        .collect();
    let single = args.file.is_none();
    match args.format.format {
        Format::Json if single => output::json(out, &results[0].matches)?,
        Format::Json => output::json(out, &results)?,
        Format::Ids => output::ids(
            out,
            results.iter().flat_map(|r| r.matches.iter().map(|m| m.id)),
        )?,
        Format::Csv => {
            let mut csv = output::CsvOut::new(
                out,
                &[
                    "text",
                    "id",
                    "score",
                    "status",
                    "verdict",
                    "speaker",
                    "claim",
                    "review_url",
                    "review_title",
                    "why",
                ],
            )?;
            for r in &results {
                for m in &r.matches {
                    csv.row([
                        r.text.to_string(),
                        m.id.to_string(),
                        format!("{:.3}", m.score),
                        m.status.to_string(),
                        m.verdict.map(|v| v.to_string()).unwrap_or_default(),
                        m.speaker.to_string(),
                        m.text.to_string(),
                        m.review_url.unwrap_or_default().to_string(),
                        m.review_title.unwrap_or_default().to_string(),
                        m.why.join("; "),
                    ])?;
                }
            }
            csv.finish()?;
        }
        Format::Table => {
            for r in &results {
                if !single {
                    writeln!(out, "“{}”", one_line(r.text))?;
                }
                if r.matches.is_empty() {
                    writeln!(out, "No checked claim shares its words.")?;
                    continue;
                }
                let mut table =
                    output::table(&["ID", "Score", "Status", "Speaker", "Claim", "Why"]);
                for m in &r.matches {
                    let status = match m.verdict {
                        Some(v) => format!("{} · {v}", m.status),
                        None => m.status.to_string(),
                    };
                    table.add_row(vec![
                        m.id.to_string(),
                        format!("{:.2}", m.score),
                        status,
                        clean(m.speaker),
                        one_line(m.text),
                        clean(&m.why.join(", ")),
                    ]);
                }
                output::fit_columns(
                    &mut table,
                    &[
                        Fit::Content,
                        Fit::Content,
                        Fit::Upto { max: 22, min: 10 },
                        Fit::Optional { max: 18, min: 8 },
                        Fit::Rest,
                        Fit::Optional { max: 30, min: 12 },
                    ],
                );
                writeln!(out, "{table}")?;
            }
        }
    }
    let repeat = results
        .iter()
        .any(|r| r.matches.first().is_some_and(|m| m.repeat));
    if args.exit_status && !repeat {
        return Err(NothingMatched.into());
    }
    Ok(())
}

fn found<'a>(c: &'a ClaimRow, m: &Match) -> Found<'a> {
    Found {
        id: c.id,
        text: &c.text,
        speaker: &c.speaker,
        status: c.status,
        verdict: c.verdict,
        review_url: c.review_url.as_deref(),
        review_title: c.review_title.as_deref(),
        score: (m.score * 1000.0).round() / 1000.0,
        repeat: m.is_repeat(),
        why: m.why.clone(),
    }
}

/// The texts to match: the one given, or each line of `--file` (a JSON object's "text").
fn texts(args: &MatchArgs) -> anyhow::Result<Vec<String>> {
    let Some(path) = &args.file else {
        return Ok(args.text.clone().into_iter().collect());
    };
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(
            |e| UsageError(format!("--file: cannot read {}: {e}", path.display())),
        )?))
    };
    let mut texts = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| UsageError(format!("{}:{}: {e}", path.display(), n + 1)))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('{') {
            let value: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| UsageError(format!("{}:{}: {e}", path.display(), n + 1)))?;
            let text = value["text"].as_str().ok_or_else(|| {
                UsageError(format!(
                    "{}:{}: text: missing (a JSON line needs \"text\")",
                    path.display(),
                    n + 1
                ))
            })?;
            texts.push(text.to_string());
        } else {
            texts.push(line.to_string());
        }
    }
    Ok(texts)
}
