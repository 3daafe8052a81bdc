//! `approve`, `publish` and `unpublish`: a fact-check's sign-off, all given ids or none. The
//! rules (who may approve, what order, what a published check may take) are
//! `domain::signoff`'s.

use std::fmt::Write as _;
use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{IdsArgs, PublishArgs, UnpublishArgs};
use crate::domain::{SignOff, Step, check_url, non_empty};
use crate::output::clean;
use crate::store::Access;

pub fn approve(ctx: &Ctx, args: IdsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let step = SignOff {
        step: Some(Step::Approve),
        ..SignOff::default()
    };
    take(ctx, &args.ids, &step, out)
}

pub fn publish(ctx: &Ctx, args: PublishArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let step = SignOff {
        step: Some(Step::Publish),
        review_url: args
            .review_url
            .as_deref()
            .map(check_url)
            .transpose()
            .map_err(|e| UsageError(format!("--review-url: {e}")))?,
        published_on: ctx.past_date("--date", args.date.as_deref())?,
        reason: None,
    };
    take(ctx, &args.ids, &step, out)
}

pub fn unpublish(ctx: &Ctx, args: UnpublishArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let reason = non_empty(Some(args.reason))
        .ok_or_else(|| UsageError("--reason: say why the check is taken down".into()))?;
    let step = SignOff {
        step: Some(Step::Unpublish),
        reason: Some(reason),
        ..SignOff::default()
    };
    take(ctx, &args.ids, &step, out)
}

/// Takes `step` on every claim in `ids`, in one transaction; says where each went.
fn take(ctx: &Ctx, ids: &[i64], step: &SignOff, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut unique = ids.to_vec();
    let mut seen = std::collections::HashSet::new();
    unique.retain(|id| seen.insert(*id));
    let mut store = ctx.open(Access::Write)?;
    let done = store.write(|tx| {
        unique
            .iter()
            .map(|&id| tx.sign_off(id, step))
            .collect::<Result<Vec<_>, _>>()
    })?;
    for (id, stepped) in unique.iter().zip(done) {
        let mut line = format!("Claim {id}: {} → {}", stepped.was, stepped.now);
        if let Some(day) = stepped.published_on {
            let _ = write!(line, " on {day}");
        }
        if let Some(url) = &step.review_url {
            let _ = write!(line, " at {}", clean(url));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
