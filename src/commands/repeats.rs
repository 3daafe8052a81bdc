//! Claims that say again what others said: `link` and `unlink` by hand, `adopt`, the links made
//! as claims arrive (`add`, `ingest`) to the checked claims they repeat, and `repeats`: the
//! checked claims that came back.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::NaiveDate;

use super::{Ctx, UsageError};
use crate::cli::{AdoptArgs, Format, LinkArgs, RepeatsArgs};
use crate::domain::match_index::Stored;
use crate::domain::{
    CameBack, ClaimFilter, ClaimRow, Match, MatchReader, Matcher, NewClaim, NewEvidence, Ranking,
    Sort, SortKey, Status, StatusChange, Verdict,
};
use crate::output::{self, Fit, clean, link_text, one_line};
use crate::store::{Access, MatchIndex, Reads, Storage, Store, StoreError, Writes};

/// The tag on a claim linked on arrival to a checked claim it repeats.
pub const REPEAT_TAG: &str = "repeat";

/// The most records a load matches as they arrive without `--link`: a million-record load keeps
/// its speed, and `repeats --scan` links afterwards.
pub const LINK_UP_TO: usize = 10_000;

/// Claims to match texts against: the engine's stored index of the checked claims, or claims
/// read and indexed in memory (every claim, for `--all` and `similar`; or the checked ones
/// where the stored index is behind and cannot be brought up to date, as for a reader on a
/// shared desk after a large load).
pub enum Watch<'s> {
    Stored {
        store: &'s dyn Storage,
        index: &'s dyn MatchIndex,
        reader: &'static MatchReader,
        /// Only claims with lower ids are offered (those there before a load; the counts the
        /// scores weigh words by include the load's own checked claims).
        before: Option<i64>,
        /// The checked claims read afresh, once a stored row did not read back: every later
        /// text of this watch is ranked against them.
        fallback: std::cell::OnceCell<Box<Watch<'s>>>,
    },
    Memory {
        claims: Vec<ClaimRow>,
        matcher: Box<Matcher>,
    },
}

impl<'s> Watch<'s> {
    /// The checked claims (every claim with `all`), of two with the same words the first.
    pub fn load(store: &'s dyn Storage, all: bool) -> anyhow::Result<Watch<'s>> {
        Self::load_before(store, all, None)
    }

    /// As `load`, the claims with ids below `before` only (those there before a load).
    pub fn load_before(
        store: &'s dyn Storage,
        all: bool,
        before: Option<i64>,
    ) -> anyhow::Result<Watch<'s>> {
        if !all
            && let Some(index) = store.match_index()
            && up_to_date(index)
        {
            return Ok(Watch::Stored {
                store,
                index,
                reader: MatchReader::shared(),
                before,
                fallback: std::cell::OnceCell::new(),
            });
        }
        Self::load_memory(store, all, before)
    }

    /// The checked claims (every claim with `all`) read and indexed in memory.
    fn load_memory(store: &dyn Reads, all: bool, before: Option<i64>) -> anyhow::Result<Watch<'s>> {
        let mut claims = claims(store, all)?;
        claims.retain(|c| before.is_none_or(|b| c.id < b));
        Ok(Watch::of(claims, false))
    }

    /// Every claim but `id`, twins in words included: what `similar` looks through.
    pub fn others(store: &dyn Reads, id: i64) -> anyhow::Result<Watch<'s>> {
        let mut claims = claims(store, true)?;
        let at = claims
            .iter()
            .position(|c| c.id == id)
            .ok_or(crate::store::StoreError::ClaimNotFound(id))?;
        claims.remove(at);
        Ok(Watch::of(claims, true))
    }

    fn of(claims: Vec<ClaimRow>, twins: bool) -> Watch<'s> {
        let texts: Vec<(&str, Option<&str>)> = claims
            .iter()
            .map(|c| (c.text.as_str(), c.review_title.as_deref()))
            .collect();
        let matcher = if twins {
            Matcher::with_twins(&texts)
        } else {
            Matcher::new(&texts)
        };
        Watch::Memory {
            claims,
            matcher: Box::new(matcher),
        }
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(match self {
            Watch::Stored { index, .. } => index.size()?.0 == 0,
            Watch::Memory { claims, .. } => claims.is_empty(),
        })
    }

    /// The claims `text` repeats, best first, at most `limit`.
    pub fn rank(&self, text: &str, limit: usize) -> anyhow::Result<Vec<(ClaimRow, Match)>> {
        match self {
            Watch::Stored {
                store,
                index,
                reader,
                before,
                fallback,
            } => {
                if let Some(memory) = fallback.get() {
                    return memory.rank(text, limit);
                }
                let how = Ranking {
                    twins: false,
                    before: *before,
                };
                let found = match reader.rank(&Stored(*index, reader), text, limit, &how) {
                    Ok(found) => found,
                    Err(StoreError::MatchIndex(_)) => {
                        // Built again by the next writer (a reader's reset fails: the index
                        // stays as it is); this match reads the checked claims afresh.
                        let _ = index.reset();
                        let memory = Watch::load_memory(*store, false, *before)?;
                        return fallback.get_or_init(|| Box::new(memory)).rank(text, limit);
                    }
                    Err(e) => return Err(e.into()),
                };
                // A claim deleted since the index was read is left out.
                let mut ranked = Vec::with_capacity(found.len());
                for m in found {
                    match store.claim(m.index) {
                        Ok(claim) => ranked.push((claim, m)),
                        Err(StoreError::ClaimNotFound(_) | StoreError::ClaimMerged { .. }) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                Ok(ranked)
            }
            Watch::Memory { claims, matcher } => Ok(matcher
                .rank(text, limit)
                .into_iter()
                .map(|m| {
                    let claim = claims[usize::try_from(m.index).unwrap_or(usize::MAX)].clone();
                    (claim, m)
                })
                .collect()),
        }
    }

    /// The claim `text` repeats, with its score, when the best match is taken for a repeat.
    pub fn repeat_of(&self, text: &str) -> anyhow::Result<Option<(i64, f64)>> {
        Ok(self
            .rank(text, 1)?
            .into_iter()
            .find(|(_, m)| m.is_repeat())
            .map(|(c, m)| (c.id, m.score)))
    }
}

/// From how many claims waiting a match says why it takes a while.
const NOTICE_FROM: u64 = 10_000;

/// Whether the stored index holds every checked claim as it is now: claims waiting are indexed
/// first (an index found not to read back is built again). False when that cannot be done here
/// (a read-only file, a reader on a shared desk).
fn up_to_date(index: &dyn MatchIndex) -> bool {
    // Twice: a refresh that finds the index unreadable empties it, leaving every claim waiting.
    for _ in 0..2 {
        match index.waiting_count() {
            Ok(0) => return true,
            Ok(waiting) => {
                if waiting >= NOTICE_FROM {
                    eprintln!(
                        "claimtrack: indexing {} checked claims for matching (once, after a large load)",
                        crate::output::ops::thousands(
                            usize::try_from(waiting).unwrap_or(usize::MAX)
                        )
                    );
                }
                if index.refresh().is_err() {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
    index.waiting_count().is_ok_and(|n| n == 0)
}

/// The checked claims (every claim with `all`), in the order they were recorded.
fn claims(store: &dyn Reads, all: bool) -> anyhow::Result<Vec<ClaimRow>> {
    let filter = ClaimFilter {
        // Checked: past the queue.
        statuses: if all {
            Vec::new()
        } else {
            Status::ALL
                .iter()
                .copied()
                .filter(|s| !s.is_outstanding())
                .collect()
        },
        ..ClaimFilter::default()
    };
    let mut claims = store.list(
        &filter,
        Sort {
            key: SortKey::Added,
            reverse: false,
        },
    )?;
    claims.sort_by_key(|c| c.id);
    Ok(claims)
}

/// Whether a new claim is matched as it arrives: only one that comes unchecked (a record that
/// brings its own status, verdict or history was checked elsewhere).
pub fn arrives_unchecked(claim: &NewClaim) -> bool {
    claim.status == Status::Unverified && claim.verdict.is_none() && claim.history.is_empty()
}

/// A new claim and the checked claim it repeats, with the matcher's score.
pub struct Repeat {
    pub claim: i64,
    pub repeats: i64,
    pub score: f64,
}

impl Watch<'_> {
    /// The repeats among new claims (id, words): worked out before a write transaction, so that
    /// none holds the lock while the matcher reads.
    pub fn repeats_among(&self, arrivals: &[(i64, String)]) -> anyhow::Result<Vec<Repeat>> {
        let mut repeats = Vec::new();
        for (id, text) in arrivals {
            if let Some((old, score)) = self.repeat_of(text)?
                && old != *id
            {
                repeats.push(Repeat {
                    claim: *id,
                    repeats: old,
                    score,
                });
            }
        }
        Ok(repeats)
    }
}

/// Links each repeat to the claim it repeats and tags it `repeat`; the ids of those linked.
pub fn link_repeats(tx: &dyn Writes, repeats: &[Repeat]) -> crate::store::Result<Vec<i64>> {
    let mut linked = Vec::new();
    for r in repeats {
        if tx.link(r.claim, r.repeats, Some(r.score))? {
            tx.add_tags(r.claim, &[REPEAT_TAG.to_string()])?;
            linked.push(r.claim);
        }
    }
    Ok(linked)
}

/// How many linked arrivals a summary lists one by one.
const LISTED: usize = 20;

/// "Repeats of checked claims (2), tagged 'repeat':" and a line for each (the first 20).
pub fn print_linked(store: &Store, linked: &[i64], out: &mut dyn Write) -> anyhow::Result<()> {
    if linked.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Repeats of checked claims ({}), tagged '{REPEAT_TAG}':",
        linked.len()
    )?;
    let shown = &linked[..linked.len().min(LISTED)];
    for detail in store.details(shown)? {
        for link in detail.links.iter().filter(|l| l.matched()) {
            writeln!(out, "  claim {} {}", detail.claim.id, link_text(link))?;
        }
    }
    if linked.len() > LISTED {
        writeln!(
            out,
            "  ... and {} more (claimtrack list --tag {REPEAT_TAG})",
            linked.len() - LISTED
        )?;
    }
    Ok(())
}

pub fn link(ctx: &Ctx, args: LinkArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.claim == args.repeats {
        return Err(UsageError(format!("claim {} cannot repeat itself", args.claim)).into());
    }
    let mut store = ctx.open(Access::Write)?;
    let added = store.write(|tx| {
        let added = tx.link(args.claim, args.repeats, None)?;
        tx.describe(format!("link claim {} to {}", args.claim, args.repeats));
        Ok(added)
    })?;
    if !added {
        writeln!(
            out,
            "Claims {} and {} are linked already.",
            args.claim, args.repeats
        )?;
        return Ok(());
    }
    let detail = store.detail(args.claim)?;
    if let Some(link) = detail.links.iter().find(|l| l.id == args.repeats) {
        writeln!(out, "Claim {} {}", args.claim, link_text(link))?;
    }
    Ok(())
}

pub fn unlink(ctx: &Ctx, args: LinkArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let removed = store.write(|tx| {
        tx.ensure_claim(args.claim)?;
        tx.ensure_claim(args.repeats)?;
        tx.describe(format!("unlink claims {} and {}", args.claim, args.repeats));
        tx.unlink(args.claim, args.repeats)
    })?;
    let what = if removed {
        "are no longer linked"
    } else {
        "were not linked"
    };
    writeln!(out, "Claims {} and {} {what}.", args.claim, args.repeats)?;
    Ok(())
}

pub fn adopt(ctx: &Ctx, args: AdoptArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.claim == args.from {
        return Err(
            UsageError(format!("claim {} cannot adopt its own verdict", args.claim)).into(),
        );
    }
    let mut store = ctx.open(Access::Write)?;
    // A published check changes only as a correction, with a reason of the checker's own.
    if store.claim(args.claim)?.stage == Some(crate::domain::Stage::Published) {
        return Err(UsageError(format!(
            "claim {} is published: correct it with verify or dispute --reason, or unpublish it first",
            args.claim
        ))
        .into());
    }
    let old = store.detail(args.from)?;
    let checked = &old.claim;
    if checked.status.is_outstanding() {
        return Err(UsageError(format!(
            "claim {} is not checked yet ({}): there is no verdict to adopt",
            args.from, checked.status
        ))
        .into());
    }
    let change = StatusChange {
        status: checked.status,
        verdict: checked.verdict,
        label: checked.verdict_label.clone(),
        reason: Some(format!("adopted from claim {}", args.from)),
        review_url: checked.review_url.clone(),
        review_title: checked.review_title.clone(),
        explanation: checked.explanation.clone(),
    };
    let (done, evidence) = store.write(|tx| {
        let done = tx.change_status(args.claim, &change)?;
        let mut evidence = 0;
        for e in &old.evidence {
            let copy = NewEvidence {
                url: e.url.clone(),
                title: e.title.clone(),
                stance: e.stance,
                added_by: None,
                added_at: None,
            };
            evidence += usize::from(tx.add_evidence(args.claim, &copy)?);
        }
        tx.link(args.claim, args.from, None)?;
        tx.describe(format!(
            "adopt claim {}'s verdict for {}",
            args.from, args.claim
        ));
        Ok((done, evidence))
    })?;
    let verdict = done.verdict.map(|v| format!(" · {v}")).unwrap_or_default();
    let from = done.from.map_or_else(String::new, |f| format!("{f} → "));
    writeln!(
        out,
        "Claim {}: {from}{}{verdict}, adopted from claim {} ({evidence} evidence link(s) copied)",
        args.claim, done.to, args.from
    )?;
    Ok(())
}

/// The day a claim came: when it was said, else when it was added.
fn came_on(claim: &ClaimRow) -> NaiveDate {
    claim.said_on.unwrap_or_else(|| {
        NaiveDate::parse_from_str(claim.created_at.get(..10).unwrap_or(""), "%Y-%m-%d")
            .unwrap_or_default()
    })
}

/// The checked claims that came back (repeats since `since`, rated one of `verdicts` when any
/// are given), the one that came back last first.
pub fn came_back(
    store: &dyn Reads,
    since: Option<NaiveDate>,
    verdicts: &[Verdict],
) -> anyhow::Result<Vec<CameBack>> {
    let links = store.all_links()?;
    // Every claim the links name, read a few hundred at a time.
    let mut named: Vec<i64> = links.iter().flat_map(|&(a, b)| [a, b]).collect();
    named.sort_unstable();
    named.dedup();
    let mut claims: HashMap<i64, ClaimRow> = HashMap::new();
    for chunk in named.chunks(500) {
        claims.extend(store.claims(chunk)?.into_iter().map(|c| (c.id, c)));
    }
    let mut found: Vec<CameBack> = Vec::new();
    let mut place: HashMap<i64, usize> = HashMap::new();
    for (new, old) in links {
        let original = claims[&old].clone();
        if original.status.is_outstanding()
            || !(verdicts.is_empty() || original.verdict.is_some_and(|v| verdicts.contains(&v)))
        {
            continue;
        }
        let repeat = claims[&new].clone();
        let on = came_on(&repeat);
        if since.is_some_and(|s| on < s) {
            continue;
        }
        let at = *place.entry(old).or_insert_with(|| {
            found.push(CameBack {
                claim: original,
                repeated_by: Vec::new(),
                last: on,
                by: Vec::new(),
                places: Vec::new(),
            });
            found.len() - 1
        });
        let entry = &mut found[at];
        entry.repeated_by.push(new);
        entry.last = entry.last.max(on);
        if !entry.by.contains(&repeat.speaker) {
            entry.by.push(repeat.speaker.clone());
        }
        for source in repeat.sources {
            if !entry.places.contains(&source) {
                entry.places.push(source);
            }
        }
    }
    found.sort_by(|a, b| b.last.cmp(&a.last).then(b.claim.id.cmp(&a.claim.id)));
    Ok(found)
}

pub fn run(ctx: &Ctx, args: RepeatsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let since = ctx.date("--since", args.since.as_deref())?;
    let verdicts = args
        .verdicts
        .iter()
        .map(|v| {
            v.parse::<Verdict>()
                .map_err(|e| UsageError(format!("--verdict: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let store = if args.scan {
        let mut store = ctx.open(Access::Write)?;
        let linked = scan(&mut store, since)?;
        let mut said: Vec<u8> = Vec::new();
        print_linked(&store, &linked.1, &mut said)?;
        // What the scan did goes to stderr when the listing is for a program.
        let note: &mut dyn Write = if args.format.format == Format::Table {
            out
        } else {
            &mut std::io::stderr()
        };
        writeln!(
            note,
            "Scanned {} unchecked claim(s) against the checked ones: {} linked.",
            linked.0,
            linked.1.len()
        )?;
        note.write_all(&said)?;
        store
    } else {
        ctx.open(Access::Read)?
    };
    let mut found = came_back(&*store, since, &verdicts)?;
    if let Some(limit) = args.limit {
        found.truncate(limit);
    }
    match args.format.format {
        Format::Json => output::json(out, &found)?,
        Format::Ids => output::ids(out, found.iter().map(|c| c.claim.id))?,
        Format::Csv => {
            let mut csv = output::CsvOut::new(
                out,
                &[
                    "id",
                    "status",
                    "verdict",
                    "speaker",
                    "claim",
                    "times",
                    "last",
                    "by",
                    "where",
                    "repeated_by",
                ],
            )?;
            for c in &found {
                csv.row([
                    c.claim.id.to_string(),
                    c.claim.status.to_string(),
                    c.claim.verdict.map(|v| v.to_string()).unwrap_or_default(),
                    c.claim.speaker.clone(),
                    c.claim.text.clone(),
                    c.repeated_by.len().to_string(),
                    c.last.to_string(),
                    c.by.join("; "),
                    c.places.join("; "),
                    c.repeated_by
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                ])?;
            }
            csv.finish()?;
        }
        Format::Table => {
            if found.is_empty() {
                writeln!(out, "No checked claim has come back.")?;
                return Ok(());
            }
            let mut table =
                output::table(&["ID", "Rated", "Claim", "Times", "Last", "Said by", "Where"]);
            for c in &found {
                let rated = match c.claim.verdict {
                    Some(v) => format!("{} · {v}", c.claim.status),
                    None => c.claim.status.to_string(),
                };
                table.add_row(vec![
                    c.claim.id.to_string(),
                    rated,
                    one_line(&c.claim.text),
                    c.repeated_by.len().to_string(),
                    c.last.to_string(),
                    clean(&c.by.join(", ")),
                    clean(&c.places.join(", ")),
                ]);
            }
            output::fit_columns(
                &mut table,
                &[
                    Fit::Content,
                    Fit::Upto { max: 22, min: 10 },
                    Fit::Rest,
                    Fit::Content,
                    Fit::Content,
                    Fit::Optional { max: 24, min: 10 },
                    Fit::Optional { max: 24, min: 10 },
                ],
            );
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}

/// Links the unchecked claims not yet linked (added since `since`) to the checked claims they
/// repeat: how many were looked at, and the ids linked.
fn scan(store: &mut Store, since: Option<NaiveDate>) -> anyhow::Result<(usize, Vec<i64>)> {
    let watch = Watch::load(&**store, false)?;
    if watch.is_empty()? {
        return Ok((0, Vec::new()));
    }
    let linked: HashSet<i64> = store.all_links()?.into_iter().map(|(new, _)| new).collect();
    let waiting = store.list(
        &ClaimFilter {
            statuses: Status::outstanding_of(&[]),
            ..ClaimFilter::default()
        },
        Sort {
            key: SortKey::Added,
            reverse: false,
        },
    )?;
    let mut arrivals: Vec<(i64, String)> = waiting
        .into_iter()
        .filter(|c| !linked.contains(&c.id))
        .filter(|c| {
            since.is_none_or(|s| c.created_at.get(..10).unwrap_or("") >= s.to_string().as_str())
        })
        .map(|c| (c.id, c.text))
        .collect();
    arrivals.sort_by_key(|a| a.0);
    let looked = arrivals.len();
    let repeats = watch.repeats_among(&arrivals)?;
    drop(watch);
    let ids = store.write(|tx| {
        tx.describe(format!("repeats --scan: {looked} unchecked claim(s)"));
        link_repeats(tx, &repeats)
    })?;
    Ok((looked, ids))
}
