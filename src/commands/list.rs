//! `list`, `outstanding`, `search`, `similar` and `priority`: finding claims and weighing them.

use std::io::Write;

use serde::Serialize;

use super::{Ctx, UsageError};
use crate::cli::{FilterArgs, Format, ListArgs, PageArgs, PriorityArgs, SearchArgs, SimilarArgs};
use crate::domain::{ClaimFilter, ClaimRow, Sort, SortKey, Stage, Status, Verdict, normalise_tag};
use crate::output;
use crate::store::Access;

/// Turns filter flags into a checked filter; `outstanding` narrows to the review queue.
pub fn filter(ctx: &Ctx, args: &FilterArgs, outstanding: bool) -> Result<ClaimFilter, UsageError> {
    let mut statuses = args
        .statuses
        .iter()
        .map(|s| {
            s.parse::<Status>()
                .map_err(|e| UsageError(format!("--status: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let stages = args
        .stages
        .iter()
        .map(|s| {
            s.parse::<Stage>()
                .map_err(|e| UsageError(format!("--stage: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if (outstanding || args.outstanding) && !stages.is_empty() {
        // The queue of checks waiting for sign-off: claims checked, not outstanding.
        let checked: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| !s.is_outstanding() && (statuses.is_empty() || statuses.contains(s)))
            .collect();
        if checked.is_empty() {
            return Err(UsageError(
                "--stage: a check waiting for sign-off is verified, disputed or unverifiable"
                    .into(),
            ));
        }
        statuses = checked;
    } else if outstanding || args.outstanding {
        statuses = Status::outstanding_of(&statuses);
        if statuses.is_empty() {
            return Err(UsageError(
                "--status: an outstanding claim is unverified or in_review".into(),
            ));
        }
    }
    let verdicts = args
        .verdicts
        .iter()
        .map(|v| {
            v.parse::<Verdict>()
                .map_err(|e| UsageError(format!("--verdict: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let name = |flag: &str, value: &Option<String>| -> Result<Option<String>, UsageError> {
        match value {
            Some(v) if !v.chars().any(char::is_alphanumeric) => Err(UsageError(format!(
                "{flag}: '{v}' has no letters or digits to match"
            ))),
            other => Ok(other.clone()),
        }
    };
    if let Some(tag) = &args.tag {
        normalise_tag(tag).ok_or_else(|| UsageError(format!("--tag: '{tag}' is not a tag")))?;
    }
    let since = ctx.date("--since", args.since.as_deref())?;
    let until = ctx.date("--until", args.until.as_deref())?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(UsageError(format!("--since {s} is after --until {u}")));
    }
    Ok(ClaimFilter {
        statuses,
        verdicts,
        rated: match (args.rated, args.unrated) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        speaker: name("--speaker", &args.speaker)?,
        speaker_id: None,
        source: name("--source", &args.source)?,
        tag: args.tag.clone(),
        since,
        until,
        overdue_before: args.overdue.then(|| ctx.today()),
        assignee: match (args.mine, args.assignee.as_deref().map(str::trim)) {
            (true, _) | (_, Some("me")) => Some(Some(ctx.actor.clone())),
            (_, Some("none")) => Some(None),
            (_, Some(name)) if name.chars().any(char::is_alphanumeric) => {
                Some(Some(name.to_string()))
            }
            (_, Some(name)) => {
                return Err(UsageError(format!(
                    "--assignee: '{name}' has no letters or digits to match"
                )));
            }
            (false, None) => None,
        },
        stages,
        search: None,
        limit: None,
        after: None,
    })
}

/// The most rows a table shows when no limit is given: a table is read, and holding a few
/// hundred thousand rows to draw one took 1.5 GB. JSON, CSV and ids have no such cap.
const TABLE_ROWS: usize = 1000;

/// With no limit asked for, caps a table at `TABLE_ROWS` (fetching one more, to know there are
/// more); returns the cap.
fn cap_table(filter: &mut ClaimFilter, format: Format) -> Option<usize> {
    (format == Format::Table && filter.limit.is_none()).then(|| {
        filter.limit = Some(TABLE_ROWS + 1);
        TABLE_ROWS
    })
}

/// The note under a table that `cap_table` cut short.
fn capped_note(out: &mut dyn Write, shown: usize) -> anyhow::Result<()> {
    writeln!(
        out,
        "(the first {shown}: --limit N shows more, --after ID the next page, --format csv all of them)"
    )?;
    Ok(())
}

/// Adds paging to a filter and picks the order (`default` unless `--sort` says).
fn page(
    filter: &mut ClaimFilter,
    args: &PageArgs,
    default: SortKey,
    default_limit: Option<usize>,
) -> Result<Sort, UsageError> {
    if args.limit == Some(0) {
        return Err(UsageError("--limit: give at least 1".into()));
    }
    filter.limit = args.limit.or(default_limit);
    filter.after = args.after;
    let key = args.sort.unwrap_or(default);
    if key == SortKey::Relevance && filter.search.is_none() {
        return Err(UsageError(
            "--sort relevance needs a search (--search QUERY)".into(),
        ));
    }
    Ok(Sort {
        key,
        reverse: args.reverse,
    })
}

/// A search as typed, refused when empty.
pub fn search_text(query: &str) -> Result<String, UsageError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(UsageError("the search is empty".into()));
    }
    Ok(q.to_string())
}

pub fn run(
    ctx: &Ctx,
    args: ListArgs,
    outstanding: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut filter = filter(ctx, &args.filter, outstanding)?;
    filter.search = args.search.as_deref().map(search_text).transpose()?;
    let default = if outstanding {
        SortKey::Queue
    } else {
        SortKey::Added
    };
    let sort = page(&mut filter, &args.page, default, ctx.config.limit)?;
    let cap = cap_table(&mut filter, args.format.format);
    let store = ctx.open(Access::Read)?;
    let mut rows = store.list(&filter, sort)?;
    if args.exit_status && rows.is_empty() {
        return Err(super::NothingMatched.into());
    }
    let cut = cap.is_some_and(|cap| rows.len() > cap);
    rows.truncate(cap.unwrap_or(usize::MAX));
    print_claims(
        ctx,
        &rows,
        args.format.format,
        if outstanding {
            "outstanding claims"
        } else {
            "claims"
        },
        out,
    )?;
    if cut {
        capped_note(out, rows.len())?;
    }
    Ok(())
}

/// Prints a claim list in the asked format; tables end with a count and how to page on.
pub fn print_claims(
    ctx: &Ctx,
    rows: &[ClaimRow],
    format: Format,
    noun: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => output::json(out, rows)?,
        Format::Csv => output::claims_csv(out, rows)?,
        Format::Ids => output::ids(out, rows.iter().map(|r| r.id))?,
        Format::Table if rows.is_empty() => writeln!(out, "No {noun} match.")?,
        Format::Table => {
            writeln!(out, "{}", output::claims_table(rows, ctx.today()))?;
            let noun = if rows.len() == 1 {
                noun.trim_end_matches('s')
            } else {
                noun
            };
            writeln!(out, "{} {noun}", rows.len())?;
        }
    }
    Ok(())
}

pub fn search(ctx: &Ctx, args: SearchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut filter = filter(ctx, &args.filter, false)?;
    filter.search = Some(search_text(&args.query)?);
    let sort = page(
        &mut filter,
        &args.page,
        SortKey::Relevance,
        ctx.config.limit,
    )?;
    let cap = cap_table(&mut filter, args.format.format);
    let store = ctx.open(Access::Read)?;
    let mut hits = store.search(&filter, sort)?;
    let cut = cap.is_some_and(|cap| hits.len() > cap);
    hits.truncate(cap.unwrap_or(usize::MAX));
    match args.format.format {
        Format::Json => output::json(out, &hits)?,
        Format::Csv => output::claims_csv(out, hits.iter().map(|h| &h.claim))?,
        Format::Ids => output::ids(out, hits.iter().map(|h| h.claim.id))?,
        Format::Table if hits.is_empty() => writeln!(out, "No claims match.")?,
        Format::Table => {
            writeln!(out, "{}", output::search_table(&hits, ctx.today()))?;
            writeln!(
                out,
                "{} claim{}",
                hits.len(),
                if hits.len() == 1 { "" } else { "s" }
            )?;
            if cut {
                capped_note(out, hits.len())?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Similar<'a> {
    #[serde(flatten)]
    claim: &'a ClaimRow,
    score: f64,
}

pub fn similar(ctx: &Ctx, args: SimilarArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        return Err(UsageError("--threshold: give a number from 0 to 1".into()).into());
    }
    let store = ctx.open(Access::Read)?;
    let text = store.claim(args.id)?.text;
    let watch = super::repeats::Watch::others(&*store, args.id)?;
    let found: Vec<(ClaimRow, f64)> = watch
        .rank(&text, args.limit)?
        .into_iter()
        .filter(|(_, m)| m.score >= args.threshold)
        .map(|(c, m)| (c, m.score))
        .collect();
    match args.format.format {
        Format::Json => {
            let items: Vec<Similar<'_>> = found
                .iter()
                .map(|(claim, score)| Similar {
                    claim,
                    score: (score * 1000.0).round() / 1000.0,
                })
                .collect();
            output::json(out, &items)?;
        }
        Format::Csv => {
            output::claims_csv(out, found.iter().map(|(c, _)| c))?;
        }
        Format::Ids => output::ids(out, found.iter().map(|(c, _)| c.id))?,
        Format::Table if found.is_empty() => writeln!(
            out,
            "No claims like claim {} (threshold {}).",
            args.id, args.threshold
        )?,
        Format::Table => {
            let rows = found.iter().map(|(c, _)| c);
            writeln!(out, "{}", output::claims_table(rows, ctx.today()))?;
            let scores: Vec<String> = found
                .iter()
                .map(|(c, s)| format!("{}: {s:.2}", c.id))
                .collect();
            writeln!(out, "Similarity: {}", scores.join(", "))?;
        }
    }
    Ok(())
}

pub fn priority(ctx: &Ctx, args: PriorityArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let priority = match args.priority.trim() {
        "auto" => None,
        n => Some(n.parse::<u8>().ok().filter(|p| *p <= 100).ok_or_else(|| {
            UsageError(format!("'{n}' is not a priority: give 0 to 100, or auto"))
        })?),
    };
    let mut store = ctx.open(Access::Write)?;
    let value = store.write(|tx| tx.set_priority(args.id, priority))?;
    let how = if priority.is_some() {
        "set by hand"
    } else {
        "computed"
    };
    writeln!(out, "Claim {}: priority {value} ({how}).", args.id)?;
    Ok(())
}
