//! `assign`, `unassign` and `due`: splitting the queue between the checkers of a desk.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{AssignArgs, DueArgs, IdsArgs};
use crate::output::clean;
use crate::store::Access;

pub fn assign(ctx: &Ctx, args: AssignArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let to = match args.to.trim() {
        "me" => ctx.actor.clone(),
        name if name.chars().any(char::is_alphanumeric) => name.to_string(),
        name => {
            return Err(UsageError(format!("--to: '{name}' has no letters or digits")).into());
        }
    };
    set_assignee(ctx, &args.ids, Some(&to), out)
}

pub fn unassign(ctx: &Ctx, args: IdsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    set_assignee(ctx, &args.ids, None, out)
}

/// Gives every claim in `ids` to `to` (or nobody), in one transaction; says what each had.
fn set_assignee(
    ctx: &Ctx,
    ids: &[i64],
    to: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let before = store.write(|tx| {
        ids.iter()
            .map(|&id| tx.set_assignee(id, to))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let name = |who: Option<&str>| who.map_or_else(|| "nobody".to_string(), clean);
    for (id, was) in ids.iter().zip(before) {
        if was.as_deref() == to {
            writeln!(out, "Claim {id}: already with {}.", name(to))?;
        } else if to.is_some() {
            writeln!(
                out,
                "Claim {id}: assigned to {} (was {}).",
                name(to),
                name(was.as_deref())
            )?;
        } else {
            writeln!(
                out,
                "Claim {id}: unassigned (was {}).",
                name(was.as_deref())
            )?;
        }
    }
    Ok(())
}

pub fn due(ctx: &Ctx, args: DueArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let (date, ids) = args
        .args
        .split_last()
        .ok_or_else(|| UsageError("due: give claim ids, then a date or none".into()))?;
    let ids = ids
        .iter()
        .map(|id| {
            id.parse::<i64>()
                .map_err(|_| UsageError(format!("due: '{id}' is not a claim id")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let due = match date.trim() {
        "none" => None,
        date => ctx.date("due", Some(date))?,
    };
    let mut store = ctx.open(Access::Write)?;
    let before = store.write(|tx| {
        ids.iter()
            .map(|&id| tx.set_due(id, due))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let when =
        |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
    for (id, was) in ids.iter().zip(before) {
        match (was == due, due) {
            (true, Some(d)) => writeln!(out, "Claim {id}: already due {d}.")?,
            (true, None) => writeln!(out, "Claim {id}: already without a due date.")?,
            (false, Some(d)) => writeln!(out, "Claim {id}: due {d} (was {}).", when(was))?,
            (false, None) => writeln!(out, "Claim {id}: no due date (was {}).", when(was))?,
        }
    }
    Ok(())
}
