//! `claimtrack show`: everything about one claim.

use std::io::Write;

use super::Ctx;
use crate::cli::{Format, ShowArgs};
use crate::output;
use crate::store::Access;

pub fn run(ctx: &Ctx, args: ShowArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = ctx.open(Access::Read)?;
    let detail = store.detail(args.id)?;
    match args.format.format {
        Format::Json => output::json(out, &detail)?,
        Format::Csv => output::claims_csv(out, std::slice::from_ref(&detail.claim))?,
        Format::Ids => writeln!(out, "{}", detail.claim.id)?,
        Format::Table => write!(
            out,
            "{}",
            output::detail_text(&detail, ctx.clock.now(), ctx.today())
        )?,
    }
    Ok(())
}
