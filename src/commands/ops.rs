//! `log`, `undo` and `redo`: the operation log, and reverting an operation whole.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::json;

use super::{Ctx, UsageError};
use crate::cli::{LogArgs, LogCommand, RedoArgs, SummaryFormat, UndoArgs};
use crate::domain::Operation;
use crate::output::ops::{Telling, change_lines, thousands};
use crate::output::{self, clean};
use crate::store::{Access, OpFilter, OpRecord, Store, StoreError};

/// An undo of more claims than this asks first.
const ASK_ABOVE: usize = 100;

pub fn log(ctx: &Ctx, args: LogArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(store) = ctx.open_existing(Access::Read)? else {
        return match args
            .command
            .map_or(args.format.format, |LogCommand::Show { format, .. }| {
                format.format
            }) {
            SummaryFormat::Json => output::json(out, &json!([])),
            SummaryFormat::Table => Ok(writeln!(out, "No operations yet.")?),
        };
    };
    if let Some(LogCommand::Show { op, format }) = args.command {
        let record = store.operation(op)?;
        return match format.format {
            SummaryFormat::Json => show_json(&store, &record, out),
            SummaryFormat::Table => show_record(&store, &record, out),
        };
    }
    let ops = store.operations(&OpFilter {
        actor: args.actor,
        claim: args.claim,
        limit: Some(args.limit),
    })?;
    match args.format.format {
        SummaryFormat::Json => output::json(out, &ops),
        SummaryFormat::Table if ops.is_empty() => Ok(writeln!(out, "No operations match.")?),
        SummaryFormat::Table => output::ops::operations_table(out, &ops),
    }
}

/// `log show --format json`: the operation, its ranges and every change, written one at a time
/// (an undone ingest has millions).
fn show_json(store: &Store, record: &OpRecord, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut safe = output::JsonOut::new(&mut *out);
    write!(safe, "{{\"operation\":")?;
    serde_json::to_writer(&mut safe, &record.op)?;
    write!(safe, ",\"created_claim_ranges\":")?;
    serde_json::to_writer(&mut safe, &record.ranges)?;
    write!(safe, ",\"changes\":[")?;
    let mut first = true;
    store.each_change_or(record.op.id, |change| -> anyhow::Result<()> {
        if !first {
            safe.write_all(b",")?;
        }
        first = false;
        serde_json::to_writer(&mut safe, &change)?;
        Ok(())
    })?;
    safe.write_all(b"]}")?;
    safe.finish()?;
    writeln!(out)?;
    Ok(())
}

fn show_record(store: &Store, record: &OpRecord, out: &mut dyn Write) -> anyhow::Result<()> {
    let op = &record.op;
    writeln!(
        out,
        "op {} · {} · {}\n{}\ncommand: {}",
        op.id,
        op.at,
        clean(&op.actor),
        clean(&op.summary),
        clean(&op.command)
    )?;
    if let Some(target) = op.reverts {
        writeln!(out, "reverts op {target}")?;
    }
    if let Some(by) = op.reverted_by {
        writeln!(out, "undone by op {by}")?;
    }
    let telling = if op.reverts.is_some() {
        Telling::Revert
    } else {
        Telling::Forward
    };
    for line in change_lines(&store.digest(op.id)?, &record.ranges, telling) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

pub fn undo(ctx: &Ctx, args: UndoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(mut store) = open(ctx, args.dry_run)? else {
        writeln!(out, "Nothing to undo: there is no database yet.")?;
        return Ok(());
    };
    let target = match args.op {
        Some(op) => Some(store.operation(op)?),
        None => store
            .last_undoable()?
            .map(|op| store.operation(op.id))
            .transpose()?,
    };
    let Some(target) = target else {
        writeln!(
            out,
            "Nothing to undo: {} has no operation in effect to revert.",
            clean(&ctx.actor)
        )?;
        return Ok(());
    };
    if let Some(by) = target.op.reverted_by {
        return Err(StoreError::AlreadyReverted {
            op: target.op.id,
            by,
        }
        .into());
    }
    let claims = target.claims_created();
    if claims > ASK_ABOVE && !args.yes && !args.dry_run {
        confirm(&format!(
            "Op {} ({}) created {} claims; undo removes them all.",
            target.op.id,
            clean(&target.op.summary),
            thousands(claims)
        ))?;
    }
    let subject = target.op.clone();
    revert(&mut store, &target, &subject, "undo", args.dry_run, out)
}

pub fn redo(ctx: &Ctx, args: RedoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(mut store) = open(ctx, args.dry_run)? else {
        writeln!(out, "Nothing to redo: there is no database yet.")?;
        return Ok(());
    };
    let target = store
        .last_redoable()?
        .map(|op| store.operation(op.id))
        .transpose()?;
    let Some(target) = target else {
        writeln!(
            out,
            "Nothing to redo: {} has no undo in effect.",
            clean(&ctx.actor)
        )?;
        return Ok(());
    };
    // The undo is what is reverted; the operation it undid is what comes back.
    let subject = match target.op.reverts {
        Some(undone) => store.operation(undone)?.op,
        None => target.op.clone(),
    };
    revert(&mut store, &target, &subject, "redo", args.dry_run, out)
}

/// The database to revert in, `None` when there is none: for a dry run, a private copy (the real
/// one is only read).
fn open(ctx: &Ctx, dry_run: bool) -> anyhow::Result<Option<Store>> {
    match ctx.exists()? {
        false => Ok(None),
        true if dry_run => ctx.rehearsal().map(Some),
        true => ctx.open(Access::Write).map(Some),
    }
}

/// Reverts `target` as one new operation (or, for a dry run, says what that would change).
/// `subject` is the operation people think of: the one undone, or for a redo the one redone.
fn revert(
    store: &mut Store,
    target: &OpRecord,
    subject: &Operation,
    verb: &str,
    dry_run: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let what = op_title(subject);
    let work = |tx: &crate::store::Tx<'_>| -> Result<_, StoreError> {
        tx.reverting(target.op.id)?;
        let blocking = tx.conflicts(target)?;
        if !blocking.is_empty() {
            return Err(StoreError::Blocked {
                verb: verb.to_string(),
                op: target.op.id,
                later: blocking.iter().map(op_title).collect(),
            });
        }
        // A redo is named after what it brings back: "redo op 41: dispute 2 claims".
        tx.describe(format!("{verb} op {}: {}", subject.id, subject.summary));
        tx.revert(target)?;
        tx.own_digest()
    };
    let digest = store.write(work)?;
    let done = if verb == "redo" { "Redid" } else { "Undid" };
    if dry_run {
        writeln!(out, "{} would take back {what}:", capitalise(verb))?;
    } else {
        let id = store
            .operation_id()
            .map(|i| format!(", as op {i}"))
            .unwrap_or_default();
        writeln!(out, "{done} {what}{id}:")?;
    }
    let lines = change_lines(&digest, &[], Telling::Revert);
    if lines.is_empty() {
        writeln!(out, "  nothing left to change")?;
    }
    for line in lines {
        writeln!(out, "  {line}")?;
    }
    if dry_run {
        writeln!(out, "Nothing was changed (--dry-run).")?;
    }
    Ok(())
}

/// "op 41 by ana (dispute 2 claims)".
fn op_title(op: &Operation) -> String {
    format!(
        "op {} by {} ({})",
        op.id,
        clean(&op.actor),
        clean(&op.summary)
    )
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Asks on the terminal; elsewhere, says to confirm with --yes.
fn confirm(question: &str) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(UsageError(format!(
            "{question} Confirm with --yes when not at a terminal."
        ))
        .into());
    }
    eprint!("{question} Type yes to go on: ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() == "yes" {
        Ok(())
    } else {
        anyhow::bail!("nothing was changed")
    }
}
