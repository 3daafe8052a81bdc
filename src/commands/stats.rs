//! `speakers`, `sources`, `source` and `stats`: how claims stand, counted.

use std::io::Write;

use serde::Serialize;

use super::Ctx;
use super::list::{filter, print_claims, search_text};
use crate::cli::{CardSort, Format, ScorecardArgs, SourceArgs, StatsArgs};
use crate::domain::{ClaimFilter, Scorecard, StatsBy};
use crate::output;
use crate::store::Access;

fn sorted(mut cards: Vec<Scorecard>, args: &ScorecardArgs) -> Vec<Scorecard> {
    match args.sort {
        CardSort::Claims => {} // the store's order
        CardSort::Open => {
            cards.sort_by(|a, b| b.open().cmp(&a.open()).then(b.claims.cmp(&a.claims)));
        }
        CardSort::False => {
            cards.retain(|c| c.rated >= args.min_rated);
            cards.sort_by(Scorecard::cmp_by_false);
        }
        CardSort::Name => cards.sort_by_key(|c| c.name.to_lowercase()),
    }
    if args.reverse {
        cards.reverse();
    }
    if let Some(limit) = args.limit {
        cards.truncate(limit);
    }
    cards
}

pub fn speakers(ctx: &Ctx, args: ScorecardArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let cards = store.speaker_scorecards(None)?;
    print_ranked(cards, &args, ("Speaker", "speakers"), "Role", out)
}

pub fn sources(ctx: &Ctx, args: ScorecardArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let cards = store.source_scorecards(None)?;
    print_ranked(cards, &args, ("Source", "sources"), "Kind", out)
}

/// Sorts and prints scorecards; when `--min-rated` left none, says so rather than "nothing".
fn print_ranked(
    all: Vec<Scorecard>,
    args: &ScorecardArgs,
    (what, plural): (&str, &str),
    detail: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let tracked = all.len();
    let cards = sorted(all, args);
    if cards.is_empty() && tracked > 0 && args.format.format == Format::Table {
        writeln!(
            out,
            "No {} has {} rated claims yet (of {tracked} {plural}); --min-rated 1 shows every rated one.",
            what.to_lowercase(),
            args.min_rated
        )?;
        return Ok(());
    }
    print_cards(&cards, what, detail, args.format.format, out)
}

fn print_cards(
    cards: &[Scorecard],
    what: &str,
    detail: &str,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => output::json(out, cards)?,
        Format::Csv => {
            output::scorecards_csv(out, cards, &what.to_lowercase(), &detail.to_lowercase())?;
        }
        Format::Ids => output::ids(out, cards.iter().map(|c| c.id))?,
        Format::Table if cards.is_empty() => writeln!(out, "Nothing tracked yet.")?,
        Format::Table => writeln!(out, "{}", output::scorecards_table(cards, what, detail))?,
    }
    Ok(())
}

#[derive(Serialize)]
struct SourceCard<'a> {
    #[serde(flatten)]
    card: &'a Scorecard,
    latest: &'a [crate::domain::ClaimRow],
}

pub fn source(ctx: &Ctx, args: SourceArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let cards = store.source_scorecards(Some(&args.name))?;
    if cards.is_empty() {
        anyhow::bail!(
            "no source called '{}' (claimtrack sources lists them)",
            output::one_line(&args.name)
        );
    }
    let filter = ClaimFilter {
        source: Some(args.name.clone()),
        ..ClaimFilter::default()
    };
    let latest = store.newest(&filter, 10)?;
    match args.format.format {
        Format::Json => output::json(
            out,
            &cards
                .iter()
                .map(|card| SourceCard {
                    card,
                    latest: &latest,
                })
                .collect::<Vec<_>>(),
        )?,
        Format::Csv => output::scorecards_csv(out, &cards, "source", "kind")?,
        Format::Ids => output::ids(out, latest.iter().map(|c| c.id))?,
        Format::Table => {
            writeln!(
                out,
                "{}",
                output::scorecards_table(&cards, "Source", "Kind")
            )?;
            writeln!(out, "\nLatest claims:")?;
            print_claims(ctx, &latest, Format::Table, "claims", out)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Count<'a> {
    key: &'a str,
    count: i64,
}

pub fn stats(ctx: &Ctx, args: StatsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut filter = filter(ctx, &args.filter, false)?;
    filter.search = args.search.as_deref().map(search_text).transpose()?;
    let store = ctx.open(Access::Read)?;
    let counts = store.stats(args.by, &filter)?;
    match args.format.format {
        Format::Json => output::json(
            out,
            &counts
                .iter()
                .map(|(key, count)| Count { key, count: *count })
                .collect::<Vec<_>>(),
        )?,
        Format::Csv => {
            let mut csv = output::CsvOut::new(out, &[args.by.as_str(), "count"])?;
            for (key, count) in &counts {
                csv.row([key.clone(), count.to_string()])?;
            }
            csv.finish()?;
        }
        Format::Ids => {
            for (key, _) in &counts {
                writeln!(out, "{}", output::clean(key))?;
            }
        }
        Format::Table if counts.is_empty() => writeln!(out, "No claims match.")?,
        Format::Table => {
            let total: i64 = counts.iter().map(|(_, n)| n).sum();
            write!(
                out,
                "{}",
                output::bars(
                    &counts,
                    args.by == StatsBy::Status || args.by == StatsBy::Verdict
                )
            )?;
            let note = if matches!(args.by, StatsBy::Source | StatsBy::Tag) {
                " (a claim counts once per source or tag)"
            } else {
                ""
            };
            writeln!(out, "{total} in all{note}")?;
        }
    }
    Ok(())
}
