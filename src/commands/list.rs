//! `list` and `outstanding`: tables of claims, filtered.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{Format, ListArgs};
use crate::domain::{ClaimFilter, Status, normalise_tag};
use crate::output;
use crate::store::{Access, ListOrder};

fn filter(ctx: &Ctx, args: &ListArgs, outstanding: bool) -> Result<ClaimFilter, UsageError> {
    let mut statuses = args
        .statuses
        .iter()
        .map(|s| {
            s.parse::<Status>()
                .map_err(|e| UsageError(format!("--status: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if outstanding || args.outstanding {
        if statuses.is_empty() {
            statuses = vec![Status::Unverified, Status::InReview];
        } else {
            statuses.retain(|s| s.is_outstanding());
            if statuses.is_empty() {
                return Err(UsageError(
                    "--status: an outstanding claim is unverified or in_review".into(),
                ));
            }
        }
    }
    let name = |flag: &str, value: &Option<String>| -> Result<Option<String>, UsageError> {
        match value {
            Some(v) if crate::domain::name_key(v).is_empty() => Err(UsageError(format!(
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
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(UsageError(format!("--since {s} is after --until {u}")));
        }
    }
    Ok(ClaimFilter {
        statuses,
        speaker: name("--speaker", &args.speaker)?,
        speaker_id: None,
        source: args.source.clone(),
        tag: args.tag.clone(),
        since,
        until,
        overdue_before: args.overdue.then(|| ctx.today()),
        limit: args.limit,
    })
}

pub fn run(
    ctx: &Ctx,
    args: ListArgs,
    outstanding: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let filter = filter(ctx, &args, outstanding)?;
    let order = if outstanding {
        ListOrder::Queue
    } else {
        ListOrder::Newest
    };
    let store = ctx.open(Access::Read)?;
    let rows = store.list(&filter, order)?;
    match args.format.format {
        Format::Json => output::json(out, &rows)?,
        Format::Csv => output::claims_csv(out, &rows)?,
        Format::Table if rows.is_empty() => {
            let what = if outstanding {
                "No outstanding claims"
            } else {
                "No claims"
            };
            writeln!(out, "{what} match.")?;
        }
        Format::Table => {
            writeln!(out, "{}", output::claims_table(&rows, ctx.today()))?;
            let noun = if rows.len() == 1 { "claim" } else { "claims" };
            writeln!(out, "{} {noun}", rows.len())?;
        }
    }
    Ok(())
}
