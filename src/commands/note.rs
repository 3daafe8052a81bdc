//! `note`, `followups` and `done`: remarks on claims and the follow-ups they schedule.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{DoneArgs, FollowupsArgs, Format, NoteArgs};
use crate::domain::NewNote;
use crate::output;
use crate::store::Access;

pub fn add(ctx: &Ctx, args: NoteArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = args.text.trim().to_string();
    if text.is_empty() {
        return Err(UsageError("the note is empty".into()).into());
    }
    let note = NewNote {
        text,
        follow_up_on: ctx.date("--follow-up", args.follow_up.as_deref())?,
        ..NewNote::default()
    };
    let mut store = ctx.open(Access::Write)?;
    let id = store.write(|tx| tx.add_note(args.id, &note))?;
    match note.follow_up_on {
        Some(due) => writeln!(
            out,
            "Added note {id} to claim {}, follow up by {due}.",
            args.id
        )?,
        None => writeln!(out, "Added note {id} to claim {}.", args.id)?,
    }
    Ok(())
}

pub fn follow_ups(ctx: &Ctx, args: FollowupsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let today = ctx.today();
    let due_by = if args.overdue {
        today.pred_opt()
    } else {
        ctx.date("--due", args.due.as_deref())?
    };
    let store = ctx.open(Access::Read)?;
    let items = store.follow_ups(due_by)?;
    match args.format.format {
        Format::Json => output::json(out, &items)?,
        Format::Csv => output::follow_ups_csv(out, &items)?,
        Format::Ids => output::ids(out, items.iter().map(|f| f.note.id))?,
        Format::Table if items.is_empty() => writeln!(out, "No open follow-ups.")?,
        Format::Table => writeln!(out, "{}", output::follow_ups_table(&items, today))?,
    }
    Ok(())
}

pub fn done(ctx: &Ctx, args: DoneArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let closed = store.write(|tx| {
        args.ids
            .iter()
            .map(|&id| tx.mark_done(id))
            .collect::<Result<Vec<_>, _>>()
    })?;
    for (id, newly) in args.ids.iter().zip(closed) {
        if newly {
            writeln!(out, "Follow-up {id} done.")?;
        } else {
            writeln!(out, "Follow-up {id} was already done.")?;
        }
    }
    Ok(())
}
