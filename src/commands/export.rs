//! `claimtrack export`: claims out, as JSON Lines, JSON, CSV or ClaimReview JSON-LD.

use std::io::Write;

use super::list::{filter, search_text};
use super::paths::write_whole;
use super::{Ctx, UsageError};
use crate::cli::{ExportArgs, ExportFormat};
use crate::domain::check_url;
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
    let ids = store.ids(&filter)?;
    let job = Job {
        store: &store,
        ids: &ids,
        args: &args,
        publisher: publisher.as_ref(),
    };
    match &args.output {
        None => job.write(out),
        Some(path) => {
            ctx.check_output("-o", path, &[])?;
            write_whole(path, |file| job.write(file))?;
            writeln!(out, "Wrote {} claim(s) to {}.", ids.len(), path.display())?;
            Ok(())
        }
    }
}

/// Claims read at once for an export: few statements, and memory that does not grow.
const CHUNK: usize = 500;

struct Job<'a> {
    store: &'a Store,
    ids: &'a [i64],
    args: &'a ExportArgs,
    publisher: Option<&'a Publisher>,
}

impl Job<'_> {
    fn write(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        match self.args.format {
            ExportFormat::Jsonl => {
                let mut buf = Vec::new();
                for chunk in self.ids.chunks(CHUNK) {
                    for detail in self.store.details(chunk)? {
                        output::json_compact(out, &Record::of(&detail), &mut buf)?;
                        writeln!(out)?;
                    }
                }
            }
            ExportFormat::Json => {
                write!(out, "[")?;
                let (mut first, mut buf) = (true, Vec::new());
                for chunk in self.ids.chunks(CHUNK) {
                    for detail in self.store.details(chunk)? {
                        write!(out, "{}\n  ", if first { "" } else { "," })?;
                        first = false;
                        output::json_compact(out, &Record::of(&detail), &mut buf)?;
                    }
                }
                writeln!(out, "{}]", if self.ids.is_empty() { "" } else { "\n" })?;
            }
            ExportFormat::Csv => {
                let mut csv = CsvOut::new(out, output::CLAIM_CSV_HEADER)?;
                for &id in self.ids {
                    csv.row(output::claim_csv_cells(&self.store.claim(id)?))?;
                }
                csv.finish()?;
            }
            ExportFormat::Claimreview => self.claim_reviews(out)?,
        }
        Ok(())
    }

    fn claim_reviews(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let publisher = self.publisher.expect("checked in run");
        let mut reviews = Vec::new();
        let mut missing = Vec::new();
        for chunk in self.ids.chunks(CHUNK) {
            for detail in self.store.details(chunk)? {
                let id = detail.claim.id;
                let url = detail.claim.review_url.clone().or_else(|| {
                    self.args
                        .review_url_template
                        .as_ref()
                        .map(|t| t.replace("{id}", &id.to_string()))
                });
                match claim_review(&detail, url.as_deref(), publisher) {
                    Ok(review) => reviews.push(review),
                    Err(Skip::NoReviewUrl) => missing.push(id),
                    Err(Skip::NotResolved) => {}
                }
            }
        }
        if self.args.html {
            for review in &reviews {
                write!(out, "{}", script_block(review))?;
            }
        } else {
            output::json(out, &reviews)?;
        }
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(20).map(ToString::to_string).collect();
            eprintln!(
                "{} resolved claim(s) left out for want of a review URL (ids {}{}): set one with `claimtrack verify ID --review-url URL` or pass --review-url-template",
                missing.len(),
                shown.join(", "),
                if missing.len() > shown.len() {
                    ", ..."
                } else {
                    ""
                }
            );
        }
        Ok(())
    }
}
