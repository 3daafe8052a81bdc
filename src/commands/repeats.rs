//! Claims that say again what others said: `link` and `unlink` by hand, and the links made as
//! claims arrive (`add`, `ingest`) to the checked claims they repeat.

use std::io::Write;

use super::{Ctx, UsageError};
use crate::cli::{AdoptArgs, LinkArgs};
use crate::domain::{
    ClaimFilter, ClaimRow, Match, Matcher, NewClaim, NewEvidence, Sort, SortKey, Status,
    StatusChange,
};
use crate::output::link_text;
use crate::store::{Access, Reads, Store, Writes};

/// The tag on a claim linked on arrival to a checked claim it repeats.
pub const REPEAT_TAG: &str = "repeat";

/// The most records a load matches as they arrive without `--link`: a million-record load keeps
/// its speed, and `repeats --scan` links afterwards.
pub const LINK_UP_TO: usize = 10_000;

/// The statuses of a checked claim.
const CHECKED: [Status; 3] = [Status::Verified, Status::Disputed, Status::Unverifiable];

/// Claims to match texts against, indexed (`domain::Matcher`).
pub struct Watch {
    claims: Vec<ClaimRow>,
    matcher: Matcher,
}

impl Watch {
    /// The checked claims (every claim with `all`), of two with the same words the first.
    pub fn load(store: &dyn Reads, all: bool) -> anyhow::Result<Watch> {
        Self::load_before(store, all, i64::MAX)
    }

    /// As `load`, the claims with ids below `before` only (those there before a load).
    pub fn load_before(store: &dyn Reads, all: bool, before: i64) -> anyhow::Result<Watch> {
        let filter = ClaimFilter {
            statuses: if all { Vec::new() } else { CHECKED.to_vec() },
            ..ClaimFilter::default()
        };
        let mut claims = store.list(
            &filter,
            Sort {
                key: SortKey::Added,
                reverse: false,
            },
        )?;
        claims.retain(|c| c.id < before);
        claims.sort_by_key(|c| c.id);
        let matcher = Matcher::new(
            &claims
                .iter()
                .map(|c| (c.text.as_str(), c.review_title.as_deref()))
                .collect::<Vec<_>>(),
        );
        Ok(Watch { claims, matcher })
    }

    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The claims `text` repeats, best first, at most `limit`.
    pub fn rank(&self, text: &str, limit: usize) -> Vec<(&ClaimRow, Match)> {
        self.matcher
            .rank(text, limit)
            .into_iter()
            .map(|m| (&self.claims[m.index], m))
            .collect()
    }

    /// The claim `text` repeats, with its score, when the best match is taken for a repeat.
    pub fn repeat_of(&self, text: &str) -> Option<(i64, f64)> {
        self.rank(text, 1)
            .into_iter()
            .find(|(_, m)| m.is_repeat())
            .map(|(c, m)| (c.id, m.score))
    }
}

/// Whether a new claim is matched as it arrives: only one that comes unchecked (a record that
/// brings its own status, verdict or history was checked elsewhere).
pub fn arrives_unchecked(claim: &NewClaim) -> bool {
    claim.status == Status::Unverified && claim.verdict.is_none() && claim.history.is_empty()
}

/// Links each new claim to the checked claim it repeats, if any, and tags it `repeat`; the ids
/// of those linked.
pub fn link_arrivals(
    tx: &dyn Writes,
    watch: &Watch,
    arrivals: &[(i64, String)],
) -> crate::store::Result<Vec<i64>> {
    let mut linked = Vec::new();
    for (id, text) in arrivals {
        if let Some((old, score)) = watch.repeat_of(text)
            && old != *id
            && tx.link(*id, old, Some(score))?
        {
            tx.add_tags(*id, &[REPEAT_TAG.to_string()])?;
            linked.push(*id);
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
    for &id in linked.iter().take(LISTED) {
        let detail = store.detail(id)?;
        for link in detail
            .links
            .iter()
            .filter(|l| l.by == crate::domain::LINKED_BY_MATCH)
        {
            writeln!(out, "  claim {id} {}", link_text(link))?;
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
