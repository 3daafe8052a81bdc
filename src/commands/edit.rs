//! `edit`, `delete` and `undo`: corrections with a trail.

use std::io::{BufRead, IsTerminal, Write};

use super::{Ctx, UsageError};
use crate::cli::{DeleteArgs, EditArgs, Format};
use crate::domain::{ClaimEdit, check_claim_text, check_name, non_empty};
use crate::ingest::Record;
use crate::output::{self, one_line, shorten};
use crate::store::Access;

pub fn edit(ctx: &Ctx, args: EditArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let usage = |flag: &str, e: String| UsageError(format!("{flag}: {e}"));
    let edit = ClaimEdit {
        text: args
            .text
            .as_deref()
            .map(check_claim_text)
            .transpose()
            .map_err(|e| usage("--text", e))?,
        speaker: args
            .speaker
            .as_deref()
            .map(check_name)
            .transpose()
            .map_err(|e| usage("--speaker", e))?,
        said_on: ctx.past_date("--said-on", args.said_on.as_deref())?,
        context: non_empty(args.context),
        language: args.language,
    };
    if edit == ClaimEdit::default() {
        return Err(UsageError(
            "say what to change: --text, --speaker, --said-on, --context or --language".into(),
        )
        .into());
    }
    let mut store = ctx.open(Access::Write)?;
    let fields = store.write(|tx| tx.edit_claim(args.id, &edit))?;
    match args.format.format {
        Format::Json => output::json(out, &store.claim(args.id)?)?,
        _ if fields.is_empty() => writeln!(out, "Claim {}: nothing to change.", args.id)?,
        _ => writeln!(
            out,
            "Claim {}: changed {} (undo reverts it).",
            args.id,
            fields.join(", ")
        )?,
    }
    Ok(())
}

pub fn delete(ctx: &Ctx, args: DeleteArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let mut records = Vec::new();
    for &id in &args.ids {
        let detail = store.detail(id)?;
        records.push((
            id,
            detail.claim.text.clone(),
            serde_json::to_value(Record::of(&detail))?,
        ));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(
                "delete asks first: confirm with --yes when not at a terminal".into(),
            )
            .into());
        }
        for (id, text, _) in &records {
            eprintln!("  {id}: {}", shorten(&one_line(text), 70));
        }
        eprint!(
            "Delete {} claim(s)? `claimtrack undo` brings the last one back. Type yes to go on: ",
            records.len()
        );
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            writeln!(out, "Nothing deleted.")?;
            return Ok(());
        }
    }
    store.write(|tx| {
        records
            .iter()
            .try_for_each(|(id, _, record)| tx.delete_claim(*id, record))
    })?;
    for (id, text, _) in &records {
        writeln!(out, "Deleted claim {id}: {}", shorten(&one_line(text), 70))?;
    }
    Ok(())
}
