//! `tag` and `evidence`: label claims and link what speaks for or against them.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{EvidenceArgs, TagArgs};
use crate::domain::{NewEvidence, check_url, non_empty, normalise_tag};
use crate::store::Access;

pub fn tag(ctx: &Ctx, args: TagArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(bad) = args.tags.iter().find(|t| normalise_tag(t).is_none()) {
        return Err(UsageError(format!(
            "'{bad}' is not a tag (it has no letters or digits)"
        ))
        .into());
    }
    let mut store = ctx.open(Access::Write)?;
    let changed = store.write(|tx| {
        tx.ensure_claim(args.id)?;
        if args.remove {
            tx.remove_tags(args.id, &args.tags)
        } else {
            tx.add_tags(args.id, &args.tags)
        }
    })?;
    let tags = store.claim(args.id)?.tags;
    let verb = if args.remove { "removed" } else { "added" };
    writeln!(
        out,
        "Claim {}: {changed} tag(s) {verb}; tags now: {}",
        args.id,
        crate::output::clean(&tags.join(", "))
    )?;
    Ok(())
}

pub fn evidence(ctx: &Ctx, args: EvidenceArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let url = check_url(&args.url).map_err(UsageError)?;
    let title = non_empty(args.title);
    let evidence = NewEvidence {
        url,
        title,
        stance: args.stance,
        added_by: None,
        added_at: None,
    };
    let mut store = ctx.open(Access::Write)?;
    let added = store.write(|tx| {
        tx.ensure_claim(args.id)?;
        tx.add_evidence(args.id, &evidence)
    })?;
    if added {
        writeln!(
            out,
            "Claim {}: evidence added ({}).",
            args.id, evidence.stance
        )?;
    } else {
        writeln!(out, "Claim {} already has this evidence link.", args.id)?;
    }
    Ok(())
}
