//! `claimtrack add`: record a claim, or a new appearance of one already tracked.

use std::io::Write;

use serde::Serialize;

use super::repeats::{Repeat, Watch, arrives_unchecked, link_repeats, print_linked};
use super::{Ctx, UsageError};
use crate::cli::{AddArgs, Format};
use crate::domain::{
    AddOutcome, ClaimRow, Link, NewClaim, SourceKind, SourceRef, Status, check_claim_text,
    check_name, check_url, non_empty,
};
use crate::output;
use crate::store::Access;

fn check(ctx: &Ctx, args: AddArgs) -> Result<NewClaim, UsageError> {
    let usage = |flag: &str, e: String| UsageError(format!("{flag}: {e}"));
    Ok(NewClaim {
        text: check_claim_text(&args.text).map_err(|e| usage("claim text", e))?,
        speaker: check_name(&args.speaker).map_err(|e| usage("--speaker", e))?,
        speaker_role: non_empty(args.role),
        sources: vec![SourceRef {
            name: args
                .source
                .as_deref()
                .map(check_name)
                .transpose()
                .map_err(|e| usage("--source", e))?,
            url: args
                .url
                .as_deref()
                .map(check_url)
                .transpose()
                .map_err(|e| usage("--url", e))?,
            title: None,
            kind: args
                .source_kind
                .as_deref()
                .map(str::parse::<SourceKind>)
                .transpose()
                .map_err(|e| usage("--source-kind", e.to_string()))?,
            ..SourceRef::default()
        }],
        said_on: ctx.past_date("--said-on", args.said_on.as_deref())?,
        context: non_empty(args.context),
        language: ctx.language(args.language),
        status: Status::Unverified,
        verdict: None,
        verdict_label: None,
        tags: args.tags,
        ..NewClaim::default()
    })
}

#[allow(clippy::struct_field_names)] // the JSON field names users read
#[derive(Serialize)]
struct Added<'a> {
    #[serde(flatten)]
    claim: &'a ClaimRow,
    created: bool,
    appearance_added: bool,
    /// The checked claim it repeats, linked as it arrived.
    repeats: Option<&'a Link>,
}

pub fn run(ctx: &Ctx, args: AddArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = args.format.format;
    let claim = check(ctx, args)?;
    let mut store = ctx.open(Access::Write)?;
    // The checked claim it may repeat, of those there before it came.
    let repeat_of = if arrives_unchecked(&claim) {
        Watch::load(&*store, false)?.repeat_of(&claim.text)?
    } else {
        None
    };
    let (outcome, linked): (AddOutcome, Vec<i64>) = store.write(|tx| {
        let outcome = tx.add_claim(&claim)?;
        let linked = match repeat_of {
            Some((repeats, matched)) if outcome.created => link_repeats(
                tx,
                &[Repeat {
                    claim: outcome.claim_id,
                    repeats,
                    score: matched,
                }],
            )?,
            _ => Vec::new(),
        };
        Ok((outcome, linked))
    })?;
    let row = store.claim(outcome.claim_id)?;
    // The link for JSON (the table's summary reads its own).
    let links = if linked.is_empty() || format != Format::Json {
        Vec::new()
    } else {
        store.detail(outcome.claim_id)?.links
    };
    match format {
        Format::Json => output::json(
            out,
            &Added {
                claim: &row,
                created: outcome.created,
                appearance_added: outcome.appearances_added > 0,
                repeats: links.iter().find(|l| l.matched()),
            },
        )?,
        Format::Csv => output::claims_csv(out, std::slice::from_ref(&row))?,
        Format::Ids => writeln!(out, "{}", outcome.claim_id)?,
        Format::Table => {
            let id = outcome.claim_id;
            if outcome.created {
                writeln!(
                    out,
                    "Added claim {id} by {}.",
                    output::one_line(&row.speaker)
                )?;
                print_linked(&store, &linked, out)?;
            } else {
                let what = if outcome.appearances_added > 0 {
                    "added a new appearance"
                } else {
                    "nothing new to add"
                };
                writeln!(
                    out,
                    "Claim {id} already has this text from {} (status {}): {what}.",
                    output::one_line(&row.speaker),
                    row.status
                )?;
            }
        }
    }
    Ok(())
}
