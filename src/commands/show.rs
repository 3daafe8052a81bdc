//! `claimtrack show`: everything about one claim.

use std::io::Write;

use super::Ctx;
use crate::cli::{Format, ShowArgs};
use crate::output;
use crate::store::Access;

/// A claim with the copies kept of the pages it cites.
#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    detail: &'a crate::domain::ClaimDetail,
    snapshots: &'a [crate::domain::Snapshot],
}

pub fn run(ctx: &Ctx, args: ShowArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let detail = store.detail(args.id)?;
    let snapshots = store.snapshots_of(args.id)?;
    match args.format.format {
        Format::Json => output::json(
            out,
            &Shown {
                detail: &detail,
                snapshots: &snapshots,
            },
        )?,
        Format::Csv => output::claims_csv(out, std::slice::from_ref(&detail.claim))?,
        Format::Ids => writeln!(out, "{}", detail.claim.id)?,
        Format::Table => write!(
            out,
            "{}{}",
            output::detail_text(&detail, ctx.clock.now(), ctx.today()),
            output::snapshots_text(&snapshots)
        )?,
    }
    Ok(())
}
