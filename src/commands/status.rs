//! `verify`, `dispute`, `review`, `reopen` and `status`: move claims through the checking process,
//! all given ids or none.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{ChangeOptions, SetStatusArgs, SimpleStatusArgs, StatusArgs};
use crate::domain::{NewEvidence, Stance, Status, StatusChange, check_url, non_empty};
use crate::output::one_line;
use crate::store::Access;

pub fn verify(ctx: &Ctx, args: StatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    change(ctx, &args.ids, Status::Verified, args.change, out)
}

pub fn dispute(ctx: &Ctx, args: StatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    change(ctx, &args.ids, Status::Disputed, args.change, out)
}

pub fn review(ctx: &Ctx, args: SimpleStatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    change(
        ctx,
        &args.ids,
        Status::InReview,
        reason_only(args.reason),
        out,
    )
}

pub fn reopen(ctx: &Ctx, args: SimpleStatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    change(
        ctx,
        &args.ids,
        Status::Unverified,
        reason_only(args.reason),
        out,
    )
}

/// `status ID... STATUS`: the last word is the status, the rest are ids.
pub fn set(ctx: &Ctx, args: SetStatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let (status, ids) = args
        .args
        .split_last()
        .ok_or_else(|| UsageError("give claim ids and a status".into()))?;
    let status: Status = status.parse().map_err(|e| UsageError(format!("{e}")))?;
    let ids = ids
        .iter()
        .map(|id| {
            id.parse::<i64>()
                .map_err(|_| UsageError(format!("'{id}' is not a claim id (a whole number)")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    change(ctx, &ids, status, args.change, out)
}

fn reason_only(reason: Option<String>) -> ChangeOptions {
    ChangeOptions {
        verdict: None,
        label: None,
        review_url: None,
        review_title: None,
        explanation: None,
        reason,
        evidence: vec![],
    }
}

fn change(
    ctx: &Ctx,
    ids: &[i64],
    status: Status,
    options: ChangeOptions,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let change = StatusChange {
        status,
        verdict: options.verdict,
        label: non_empty(options.label),
        reason: non_empty(options.reason),
        review_url: options
            .review_url
            .as_deref()
            .map(check_url)
            .transpose()
            .map_err(|e| UsageError(format!("--review-url: {e}")))?,
        review_title: non_empty(options.review_title),
        explanation: non_empty(options.explanation),
    };
    // Evidence given with a verdict-bearing status speaks for or against the claim.
    let stance = match status {
        Status::Verified => Stance::Supports,
        Status::Disputed => Stance::Refutes,
        _ => Stance::Context,
    };
    let evidence = options
        .evidence
        .iter()
        .map(|u| {
            check_url(u).map(|url| NewEvidence {
                url,
                title: None,
                stance,
                added_by: None,
                added_at: None,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| UsageError(format!("--evidence: {e}")))?;
    let mut unique = ids.to_vec();
    let mut seen = std::collections::HashSet::new();
    unique.retain(|id| seen.insert(*id));

    let mut store = ctx.open(Access::Write)?;
    let changes = store.write(|tx| {
        let mut changes = Vec::with_capacity(unique.len());
        for &id in &unique {
            changes.push(tx.change_status(id, &change)?);
            for e in &evidence {
                tx.add_evidence(id, e)?;
            }
        }
        Ok(changes)
    })?;
    for (&id, done) in unique.iter().zip(changes) {
        let verdict = done.verdict.map(|v| format!(" · {v}")).unwrap_or_default();
        let label = done
            .verdict_label
            .as_deref()
            .map(|l| format!(" ({})", one_line(l)))
            .unwrap_or_default();
        let from = done.from.expect("a status change has a from");
        writeln!(out, "Claim {id}: {from} → {}{verdict}{label}", done.to)?;
    }
    Ok(())
}
