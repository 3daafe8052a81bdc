//! `claimtrack speaker`: one speaker's card, and corrections (aliases, merges) with history kept.

use std::io::Write;

use serde::Serialize;

use super::{Ctx, UsageError};
use crate::cli::{Format, SpeakerAction, SpeakerArgs};
use crate::domain::{ClaimFilter, ClaimRow, SpeakerCard, check_name, name_key};
use crate::output::{self, one_line};
use crate::store::Access;

/// How many of a speaker's claims the card lists.
const LATEST: usize = 10;

pub fn run(ctx: &Ctx, args: SpeakerArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match (args.action, args.name) {
        (Some(SpeakerAction::Alias { name, alias }), _) => {
            let alias = check_name(&alias).map_err(|e| UsageError(format!("alias: {e}")))?;
            let mut store = ctx.open(Access::Write)?;
            let (speaker, added) = store.write(|tx| tx.add_alias(&name, &alias))?;
            let name = one_line(&speaker.name);
            if added {
                writeln!(out, "'{}' now also names {name}.", one_line(&alias))?;
            } else {
                writeln!(out, "'{}' already names {name}.", one_line(&alias))?;
            }
        }
        (Some(SpeakerAction::Kind { name, kind }), _) => {
            let mut store = ctx.open(Access::Write)?;
            let (speaker, before) = store.write(|tx| tx.set_speaker_kind(&name, kind))?;
            let name = one_line(&speaker.name);
            match before {
                Some(old) if old == kind => writeln!(out, "{name} is already {kind}.")?,
                Some(old) => writeln!(out, "{name}: {kind} (was {old}).")?,
                None => writeln!(out, "{name}: {kind}.")?,
            }
        }
        (Some(SpeakerAction::Rename { name, new }), _) => {
            let new = check_name(&new).map_err(|e| UsageError(format!("new name: {e}")))?;
            let mut store = ctx.open(Access::Write)?;
            let old = store.write(|tx| tx.rename_speaker(&name, &new))?;
            if old.name == new {
                writeln!(out, "{} is already so named.", one_line(&new))?;
            } else if name_key(&old.name) == name_key(&new) {
                // The same name written otherwise: it still finds them, no alias needed.
                writeln!(
                    out,
                    "Renamed {} to {}.",
                    one_line(&old.name),
                    one_line(&new)
                )?;
            } else {
                writeln!(
                    out,
                    "Renamed {} to {}; '{}' is now an alias.",
                    one_line(&old.name),
                    one_line(&new),
                    one_line(&old.name)
                )?;
            }
        }
        (Some(SpeakerAction::Merge { from, into }), _) => {
            let mut store = ctx.open(Access::Write)?;
            let outcome = store.write(|tx| tx.merge_speakers(&from, &into))?;
            writeln!(
                out,
                "Merged {} into {}: {} claim(s) moved, {} identical claim(s) combined; '{}' is now an alias.",
                one_line(&outcome.from),
                one_line(&outcome.into.name),
                outcome.claims_moved,
                outcome.claims_merged,
                one_line(&outcome.from)
            )?;
        }
        (None, Some(name)) => card(ctx, &name, args.format.format, out)?,
        (None, None) => {
            return Err(UsageError(
                "give a speaker's name, or alias/merge (see claimtrack speaker --help)".into(),
            )
            .into());
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Card<'a> {
    #[serde(flatten)]
    card: &'a SpeakerCard,
    latest: &'a [ClaimRow],
}

fn card(ctx: &Ctx, name: &str, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let card = store.speaker_card(name)?;
    let filter = ClaimFilter {
        speaker_id: Some(card.speaker.id),
        ..ClaimFilter::default()
    };
    let latest = store.newest(&filter, LATEST)?;
    match format {
        Format::Json => output::json(
            out,
            &Card {
                card: &card,
                latest: &latest,
            },
        )?,
        Format::Csv => output::claims_csv(out, &latest)?,
        Format::Ids => output::ids(out, latest.iter().map(|c| c.id))?,
        Format::Table => {
            let s = &card.speaker;
            writeln!(out, "{}", one_line(&s.name))?;
            if let Some(role) = &s.role {
                let guessed = if s.role_guessed {
                    " (guessed from an article)"
                } else {
                    ""
                };
                writeln!(out, "Role: {}{guessed}", one_line(role))?;
            }
            if let Some(affiliation) = &s.affiliation {
                writeln!(out, "Affiliation: {}", one_line(affiliation))?;
            }
            if !s.aliases.is_empty() {
                writeln!(
                    out,
                    "Also: {}",
                    s.aliases
                        .iter()
                        .map(|a| one_line(a))
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
            let counts: Vec<String> = card
                .by_status
                .iter()
                .map(|(status, n)| format!("{n} {status}"))
                .collect();
            writeln!(out, "Claims: {} ({})", card.claims, counts.join(", "))?;
            if !latest.is_empty() {
                writeln!(
                    out,
                    "\nLatest claims:\n{}",
                    output::claims_table(&latest, ctx.today())
                )?;
            }
        }
    }
    Ok(())
}
