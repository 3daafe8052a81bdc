//! `claimtrack export`: claims out, as JSON Lines, JSON, CSV or ClaimReview JSON-LD.

use std::io::Write;

use super::list::{filter, search_text};
use super::paths::write_whole;
use super::{Ctx, UsageError};
use crate::cli::{ExportArgs, ExportFormat};
use crate::domain::{ClaimFilter, check_url};
use crate::ingest::Record;
use crate::output::export::{Publisher, Skip, claim_review, script_block};
use crate::output::{self, CsvOut};
use crate::store::{Access, Store};

pub fn run(ctx: &Ctx, args: ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut filter = filter(ctx, &args.filter, false)?;
    filter.search = args.search.as_deref().map(search_text).transpose()?;
    let publisher_name = args
        .publisher
        .clone()
        .or_else(|| ctx.config.publisher.clone());
    let publisher_url = args
        .publisher_url
        .clone()
        .or_else(|| ctx.config.publisher_url.clone());
    let publisher = match (args.format, &publisher_name) {
        (ExportFormat::Claimreview, Some(name)) => Some(Publisher {
            name: name.trim().to_string(),
            url: publisher_url
                .as_deref()
                .map(check_url)
                .transpose()
                .map_err(|e| UsageError(format!("--publisher-url: {e}")))?,
        }),
        (ExportFormat::Claimreview, None) => {
            return Err(UsageError("ClaimReview needs the reviewing organisation: --publisher NAME [--publisher-url URL]".into()).into());
        }
        _ => None,
    };
    if let Some(template) = &args.review_url_template {
        check_url(&template.replace("{id}", "1"))
            .map_err(|e| UsageError(format!("--review-url-template: {e}")))?;
    }
    let store = ctx.open(Access::Read)?;
    let job = Job {
        store: &store,
        filter: &filter,
        args: &args,
        publisher: publisher.as_ref(),
    };
    match &args.output {
        None => job.write(out).map(|_| ()),
        Some(path) => {
            ctx.check_output("-o", path, &[])?;
            let mut written = 0;
            write_whole(path, |file| {
                written = job.write(file)?;
                Ok(())
            })?;
            let what = if args.format == ExportFormat::Claimreview {
                "review(s)"
            } else {
                "claim(s)"
            };
            writeln!(out, "Wrote {written} {what} to {}.", path.display())?;
            Ok(())
        }
    }
}

/// The first twenty of `ids`, for a message.
fn some_ids(ids: &[i64]) -> String {
    let shown: Vec<String> = ids.iter().take(20).map(ToString::to_string).collect();
    let more = if ids.len() > shown.len() { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Claims read at once for an export: few statements, and memory that does not grow (not even
/// a list of every id: five million took 40 MB).
const CHUNK: usize = 500;

struct Job<'a> {
    store: &'a Store,
    filter: &'a ClaimFilter,
    args: &'a ExportArgs,
    publisher: Option<&'a Publisher>,
}

impl Job<'_> {
    /// Calls `f` with the ids the filter selects, `CHUNK` at a time in id order; how many.
    fn each_chunk(&self, mut f: impl FnMut(&[i64]) -> anyhow::Result<()>) -> anyhow::Result<usize> {
        let mut page = ClaimFilter {
            limit: Some(CHUNK),
            after: None,
            ..self.filter.clone()
        };
        let mut count = 0;
        loop {
            let ids = self.store.ids(&page)?;
            if ids.is_empty() {
                return Ok(count);
            }
            f(&ids)?;
            count += ids.len();
            page.after = ids.last().copied();
        }
    }

    /// Writes the export; how many claims it covered.
    fn write(&self, out: &mut dyn Write) -> anyhow::Result<usize> {
        match self.args.format {
            ExportFormat::Jsonl => {
                let mut buf = Vec::new();
                self.each_chunk(|chunk| {
                    for detail in self.store.details(chunk)? {
                        output::json_compact(out, &Record::of(&detail), &mut buf)?;
                        writeln!(out)?;
                    }
                    Ok(())
                })
            }
            ExportFormat::Json => {
                write!(out, "[")?;
                let (mut first, mut buf) = (true, Vec::new());
                let count = self.each_chunk(|chunk| {
                    for detail in self.store.details(chunk)? {
                        write!(out, "{}\n  ", if first { "" } else { "," })?;
                        first = false;
                        output::json_compact(out, &Record::of(&detail), &mut buf)?;
                    }
                    Ok(())
                })?;
                writeln!(out, "{}]", if count == 0 { "" } else { "\n" })?;
                Ok(count)
            }
            ExportFormat::Csv => {
                let mut csv = CsvOut::new(out, output::CLAIM_CSV_HEADER)?;
                let count = self.each_chunk(|chunk| {
                    for claim in self.store.claims(chunk)? {
                        csv.row(output::claim_csv_cells(&claim))?;
                    }
                    Ok(())
                })?;
                csv.finish()?;
                Ok(count)
            }
            ExportFormat::Claimreview => self.claim_reviews(out),
        }
    }

    fn claim_reviews(&self, out: &mut dyn Write) -> anyhow::Result<usize> {
        let publisher = self.publisher.expect("checked in run");
        let mut reviews = Vec::new();
        let (mut missing, mut unpublished, mut imported) = (Vec::new(), Vec::new(), 0);
        self.each_chunk(|chunk| {
            for detail in self.store.details(chunk)? {
                let id = detail.claim.id;
                let url = detail.claim.review_url.clone().or_else(|| {
                    self.args
                        .review_url_template
                        .as_ref()
                        .map(|t| t.replace("{id}", &id.to_string()))
                });
                match claim_review(
                    &detail,
                    url.as_deref(),
                    publisher,
                    self.args.include_imported,
                ) {
                    Ok(review) => reviews.push(review),
                    Err(Skip::NoReviewUrl) => missing.push(id),
                    Err(Skip::NotPublished) => unpublished.push(id),
                    Err(Skip::Imported) => imported += 1,
                    Err(Skip::NotResolved) => {}
                }
            }
            Ok(())
        })?;
        if self.args.html {
            for review in &reviews {
                write!(out, "{}", script_block(review))?;
            }
        } else {
            output::json(out, &reviews)?;
        }
        if !missing.is_empty() {
            eprintln!(
                "{} published check(s) left out for want of a review URL (ids {}): set one with `claimtrack publish ID --review-url URL` or pass --review-url-template",
                missing.len(),
                some_ids(&missing)
            );
        }
        if !unpublished.is_empty() {
            eprintln!(
                "{} checked claim(s) not published, left out (ids {}): only published checks are exported (`claimtrack approve ID`, then `claimtrack publish ID`)",
                unpublished.len(),
                some_ids(&unpublished)
            );
        }
        if imported > 0 {
            eprintln!(
                "{imported} review(s) imported from other publishers left out: --include-imported adds them, under their publishers' names and URLs"
            );
        }
        // What was written: reviews, not the claims looked at.
        Ok(reviews.len())
    }
}
