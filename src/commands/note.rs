//! `note`, `followups` and `done`: remarks on claims and the follow-ups they schedule.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{DoneArgs, FollowupsArgs, Format, NoteArgs};
use crate::domain::NewNote;
use crate::output;
use crate::store::Access;

pub fn add(ctx: &Ctx, args: NoteArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = match args.text {
        Some(text) => text,
        None => note_from_elsewhere(ctx, args.id)?,
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(UsageError("the note is empty; nothing added".into()).into());
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

/// The note's text from standard input when piped, else from $VISUAL/$EDITOR (vi by default) on
/// a temporary file; lines starting with `#` are instructions and are dropped.
fn note_from_elsewhere(ctx: &Ctx, claim: i64) -> anyhow::Result<String> {
    use std::io::{IsTerminal, Read};
    if !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        return Ok(text);
    }
    let editor = ctx.editor.clone();
    let file = tempfile::Builder::new()
        .prefix("claimtrack-note-")
        .suffix(".txt")
        .tempfile()?;
    std::fs::write(
        file.path(),
        format!(
            "\n# Note on claim {claim}. Lines starting with # are left out; an empty note adds nothing.\n"
        ),
    )?;
    // The editor setting may carry arguments ("code --wait"): run it through the shell.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| anyhow::anyhow!("cannot start the editor '{editor}': {e}"))?;
    if !status.success() {
        anyhow::bail!("the editor '{editor}' failed; nothing added");
    }
    let text = std::fs::read_to_string(file.path())?;
    Ok(text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n"))
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
