//! `claimtrack report`: one self-contained HTML page of where the claims stand. Everything on it
//! is counted by the store; long lists are cut to their heads with counts of the rest, so the page
//! stays small at any size of database.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Datelike, Months, NaiveDate};

use super::list::filter;
use super::paths::write_whole;
use super::{Ctx, UsageError};
use crate::cli::ReportArgs;
use crate::domain::{ClaimFilter, ClaimRow, Period, Sort, SortKey, StatsBy, Status};
use crate::output;
use crate::output::report::{Report, SpeakerEntry, report_html};
use crate::store::{Access, Store};

/// The head of the queue shown.
const QUEUE: usize = 100;
/// Speaker cards shown, most claims first.
const SPEAKERS: usize = 50;
/// Latest claims on each speaker card.
const LATEST: usize = 3;
/// Sources shown, most claims first.
const SOURCES: usize = 30;
/// Checked claims that came back, the report lists.
const CAME_BACK: usize = 20;
/// Weekly bars while the activity spans at most this many weeks; months beyond.
const WEEKS: i64 = 26;
/// At most this many months in the chart (the latest).
const MONTHS: usize = 60;

pub fn run(ctx: &Ctx, args: ReportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let filter = filter(ctx, &args.filter, false)?;
    let title = match args.title.as_deref().map(output::one_line) {
        Some(t) if t.is_empty() => return Err(UsageError("--title is empty".into()).into()),
        Some(t) => t,
        None => "Claims report".to_string(),
    };
    let store = ctx.open(Access::Read)?;
    let today = ctx.today();

    let by_status = store.stats(StatsBy::Status, &filter)?;
    let by_verdict = store.stats(StatsBy::Verdict, &filter)?;

    // The queue: the outstanding part of what the filter selects, in `outstanding` order.
    let mut waiting = filter.clone();
    waiting.statuses = Status::outstanding_of(&filter.statuses);
    let checkers = if waiting.statuses.is_empty() {
        Vec::new()
    } else {
        let late: std::collections::HashMap<String, i64> = store
            .stats(
                StatsBy::Assignee,
                &ClaimFilter {
                    overdue_before: Some(today),
                    ..waiting.clone()
                },
            )?
            .into_iter()
            .collect();
        store
            .stats(StatsBy::Assignee, &waiting)?
            .into_iter()
            .map(|(who, open)| {
                let overdue = late.get(&who).copied().unwrap_or(0);
                (who, open, overdue)
            })
            .collect()
    };
    let (queue, queue_total, overdue) = if waiting.statuses.is_empty() {
        (Vec::new(), 0, 0)
    } else {
        let total = count(&store, &waiting)?;
        let overdue = count(
            &store,
            &ClaimFilter {
                overdue_before: Some(today),
                ..waiting.clone()
            },
        )?;
        waiting.limit = Some(QUEUE);
        let rows = store.list(
            &waiting,
            Sort {
                key: SortKey::Queue,
                reverse: false,
            },
        )?;
        (details(&store, &rows)?, total, overdue)
    };

    let cards = store.speaker_scorecards_of(&filter)?;
    let speakers_total = cards.len();
    let mut speakers = Vec::new();
    for card in cards.into_iter().take(SPEAKERS) {
        let latest = store.newest(
            &ClaimFilter {
                speaker_id: Some(card.id),
                ..filter.clone()
            },
            LATEST,
        )?;
        speakers.push(SpeakerEntry {
            card,
            latest: details(&store, &latest)?,
        });
    }

    let mut sources = store.outlet_scorecards_of(&filter)?;
    let sources_total = sources.len();
    sources.truncate(SOURCES);

    let (period, activity, activity_dropped) = activity(&store, &filter)?;
    let mut came_back = super::repeats::came_back(&*store, filter.since, &filter.verdicts)?;
    // Of the claims the report is about (its dates: when they came back), those that came back.
    let about = ClaimFilter {
        since: None,
        until: None,
        ..filter.clone()
    };
    // Corrections of published checks still in effect (an undone one is not), in the
    // report's dates (when corrected), newest first.
    let mut corrections = Vec::new();
    for id in store.corrected_claims()? {
        // A claim deleted or merged away since is not reported.
        let detail = match store.detail(id) {
            Ok(detail) => detail,
            Err(
                crate::store::StoreError::ClaimNotFound(_)
                | crate::store::StoreError::ClaimMerged { .. },
            ) => {
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let now = crate::domain::Finding::of(&detail.claim);
        for correction in crate::domain::corrections_in_effect(&now, &detail.corrections) {
            let day = correction.at.get(..10).unwrap_or_default();
            if filter.since.is_none_or(|s| day >= s.to_string().as_str())
                && filter.until.is_none_or(|u| day <= u.to_string().as_str())
            {
                corrections.push((detail.claim.clone(), correction.clone()));
            }
        }
    }
    corrections.sort_by(|(_, a), (_, b)| b.at.cmp(&a.at));
    if !scope(&about).is_empty() {
        let selected: std::collections::HashSet<i64> = store.ids(&about)?.into_iter().collect();
        came_back.retain(|c| selected.contains(&c.claim.id));
        corrections.retain(|(c, _)| selected.contains(&c.id));
    }
    let came_back_total = came_back.len();
    came_back.truncate(CAME_BACK);

    let report = Report {
        title,
        scope: scope(&filter),
        generated_at: ctx.clock.timestamp(),
        today,
        by_status,
        by_verdict,
        overdue,
        period,
        activity,
        activity_dropped,
        queue,
        queue_total,
        checkers,
        speakers,
        speakers_total,
        sources,
        sources_total,
        operations: store.operations(&crate::store::OpFilter {
            limit: Some(REPORT_OPERATIONS),
            ..crate::store::OpFilter::default()
        })?,
        came_back,
        came_back_total,
        corrections,
    };
    let html = report_html(&report);
    ctx.check_output("-o", &args.output, &[])?;
    write_whole(&args.output, |file| Ok(file.write_all(html.as_bytes())?))?;
    writeln!(
        out,
        "Wrote {} ({} KB).",
        args.output.display(),
        html.len().div_ceil(1024)
    )?;
    Ok(())
}

/// How many of the latest operations the report lists.
const REPORT_OPERATIONS: usize = 15;

fn count(store: &Store, filter: &ClaimFilter) -> anyhow::Result<i64> {
    Ok(store
        .stats(StatsBy::Status, filter)?
        .iter()
        .map(|(_, n)| n)
        .sum())
}

fn details(store: &Store, rows: &[ClaimRow]) -> anyhow::Result<Vec<crate::domain::ClaimDetail>> {
    Ok(rows
        .iter()
        .map(|r| store.detail_of(r.clone()))
        .collect::<Result<_, _>>()?)
}

type Activity = Vec<(NaiveDate, i64, i64)>;

/// Claims added and resolved per period, oldest first with empty periods filled in: weeks over a
/// short span, months over a long one (the latest `MONTHS` of them). Also returns how many
/// earlier periods were left out.
fn activity(store: &Store, filter: &ClaimFilter) -> anyhow::Result<(Period, Activity, usize)> {
    let mut period = Period::Week;
    let mut series = merged(store, period, filter)?;
    if let (Some(first), Some(last)) = (series.keys().next(), series.keys().next_back())
        && (*last - *first).num_weeks() > WEEKS
    {
        period = Period::Month;
        series = merged(store, period, filter)?;
    }
    let (Some(&first), Some(&last)) = (series.keys().next(), series.keys().next_back()) else {
        return Ok((period, Vec::new(), 0));
    };
    let mut filled = Vec::new();
    let mut day = first;
    while day <= last {
        let (a, r) = series.get(&day).copied().unwrap_or((0, 0));
        filled.push((day, a, r));
        day = match period {
            Period::Week => day + chrono::Duration::weeks(1),
            Period::Month => day
                .with_day(1)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .unwrap_or(NaiveDate::MAX),
        };
    }
    let dropped = filled.len().saturating_sub(MONTHS);
    filled.drain(..dropped);
    Ok((period, filled, dropped))
}

/// Added and resolved counts by the first day of each period.
fn merged(
    store: &Store,
    period: Period,
    filter: &ClaimFilter,
) -> anyhow::Result<BTreeMap<NaiveDate, (i64, i64)>> {
    let mut series: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    // Keys that are not dates come from timestamps SQLite could not read; they are skipped.
    for (key, n) in store.added_per(period, filter)? {
        if let Ok(day) = key.parse::<NaiveDate>() {
            series.entry(day).or_default().0 += n;
        }
    }
    for (key, n) in store.resolved_per(period, filter)? {
        if let Ok(day) = key.parse::<NaiveDate>() {
            series.entry(day).or_default().1 += n;
        }
    }
    Ok(series)
}

/// The filters in words, for the page's subtitle: checked values, so `--since -30d` shows as a
/// date.
fn scope(filter: &ClaimFilter) -> Vec<String> {
    let mut scope = Vec::new();
    if !filter.statuses.is_empty() {
        let words: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
        scope.push(format!("status is {}", words.join(" or ")));
    }
    if !filter.verdicts.is_empty() {
        let words: Vec<&str> = filter.verdicts.iter().map(|v| v.as_str()).collect();
        scope.push(format!("rated {}", words.join(" or ")));
    }
    match filter.rated {
        Some(true) => scope.push("rated".into()),
        Some(false) => scope.push("not rated".into()),
        None => {}
    }
    for (what, value) in [
        ("speaker is", &filter.speaker),
        ("source is", &filter.source),
        ("tagged", &filter.tag),
    ] {
        if let Some(v) = value {
            scope.push(format!("{what} {}", output::one_line(v)));
        }
    }
    if let Some(day) = filter.since {
        scope.push(format!("said on or after {day}"));
    }
    if let Some(day) = filter.until {
        scope.push(format!("said on or before {day}"));
    }
    if filter.overdue_before.is_some() {
        scope.push("a follow-up is overdue".into());
    }
    match &filter.assignee {
        Some(Some(who)) => scope.push(format!("assigned to {}", output::one_line(who))),
        Some(None) => scope.push("assigned to nobody".into()),
        None => {}
    }
    if !filter.stages.is_empty() {
        let words: Vec<&str> = filter.stages.iter().map(|s| s.as_str()).collect();
        scope.push(format!("sign-off is {}", words.join(" or ")));
    }
    scope
}
