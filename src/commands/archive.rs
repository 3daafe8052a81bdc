//! `claimtrack archive`: copies of the pages claims cite, fetched, kept, shown and checked. A
//! failed fetch is recorded (when, and why) and the rest go on.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use serde::Serialize;

use super::{Ctx, UsageError};
use crate::archive::{Archive, Fetcher, sha256_hex};
use crate::cli::{ArchiveAction, ArchiveArgs, ArchiveDirArg, SummaryFormat};
use crate::domain::{ArchiveScope, NewSnapshot, Snapshot};
use crate::output::{self, clean, one_line};
use crate::store::Access;

pub fn run(ctx: &Ctx, args: ArchiveArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match args.action {
        Some(ArchiveAction::Show {
            snapshot,
            output,
            dir,
        }) => show(ctx, snapshot, output.as_deref(), &dir, out),
        None if args.verify => verify(ctx, &args.dir, args.format.format, out),
        None => fetch(ctx, &args, out),
    }
}

fn fetch(ctx: &Ctx, args: &ArchiveArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let archive = Archive {
        dir: ctx.archive_dir(args.dir.archive_dir.as_deref())?,
    };
    let scope = if args.all {
        ArchiveScope::All
    } else {
        ArchiveScope::Claims(&args.ids)
    };
    let mut store = ctx.open(Access::Write)?;
    if let ArchiveScope::Claims(ids) = scope {
        store.claims(ids)?;
    }
    let urls = store.archive_targets(scope, args.evidence_only, args.again)?;
    let fetcher = Fetcher::new(
        Duration::from_secs(args.timeout.max(1)),
        args.max_size.max(1).saturating_mul(1_000_000),
        args.allow_private,
    );
    let mut kept = Vec::new();
    // The command's clock (fixed when it started) moved on by the time each fetch begins.
    let started = std::time::Instant::now();
    // One request at a time: no site is asked twice at once.
    for url in &urls {
        let at =
            ctx.clock.now() + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        let mut snapshot = NewSnapshot {
            url: url.clone(),
            fetched_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ..NewSnapshot::default()
        };
        match fetcher.fetch(url) {
            Ok(response) => {
                snapshot.http_status = Some(response.status);
                snapshot.content_type = response.content_type();
                snapshot.size = Some(response.body.len() as u64);
                // A copy that cannot be written is a failure like any other: recorded.
                match archive.store(url, &response, at) {
                    Ok((path, sha256)) => {
                        snapshot.path = Some(path);
                        snapshot.sha256 = Some(sha256);
                        if response.status >= 400 {
                            snapshot.error =
                                Some(format!("HTTP {} {}", response.status, response.reason));
                        }
                    }
                    Err(e) => snapshot.error = Some(format!("{e:#}")),
                }
            }
            Err(why) => snapshot.error = Some(why),
        }
        let id = store.write(|tx| tx.add_snapshot(&snapshot))?;
        if args.format.format == SummaryFormat::Table {
            writeln!(out, "#{id}  {}", output::fetch_text(&snapshot))?;
        }
        kept.push((id, snapshot));
    }
    let failed = kept.iter().filter(|(_, s)| s.error.is_some()).count();
    match args.format.format {
        SummaryFormat::Json => output::json(
            out,
            &kept
                .iter()
                .map(|(id, s)| Fetch {
                    id: *id,
                    snapshot: s,
                })
                .collect::<Vec<_>>(),
        )?,
        SummaryFormat::Table if urls.is_empty() => writeln!(
            out,
            "No page to fetch: {} (--again fetches kept pages again).",
            if args.evidence_only {
                "no evidence link that is not kept already"
            } else {
                "no link that is not kept already"
            }
        )?,
        SummaryFormat::Table => writeln!(
            out,
            "Fetched {} page(s) into {}: {} kept, {failed} failed (recorded; claimtrack archive ID --again tries again).",
            kept.len(),
            clean(&archive.dir.display().to_string()),
            kept.len() - failed
        )?,
    }
    if failed > 0 {
        anyhow::bail!("{failed} page(s) could not be kept; each failure is recorded");
    }
    Ok(())
}

/// A fetch as `--format json` gives it.
#[derive(Serialize)]
struct Fetch<'a> {
    id: i64,
    #[serde(flatten)]
    snapshot: &'a NewSnapshot,
}

fn show(
    ctx: &Ctx,
    id: i64,
    output: Option<&std::path::Path>,
    dir: &ArchiveDirArg,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let archive = Archive {
        dir: ctx.archive_dir(dir.archive_dir.as_deref())?,
    };
    let snapshot = ctx.open(Access::Read)?.snapshot(id)?;
    let Some(path) = &snapshot.fetch.path else {
        return Err(UsageError(format!(
            "snapshot {id} kept no copy of {}: {}",
            one_line(&snapshot.fetch.url),
            one_line(
                snapshot
                    .fetch
                    .error
                    .as_deref()
                    .unwrap_or("the fetch failed")
            )
        ))
        .into());
    };
    let body = archive.body(path)?;
    if let Some(file) = output {
        ctx.check_output("archive show", file, &[])?;
        std::fs::write(file, &body)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
        writeln!(
            out,
            "Saved {} bytes of {} (fetched {}) to {}.",
            output::ops::thousands(body.len()),
            one_line(&snapshot.fetch.url),
            snapshot.fetch.fetched_at,
            file.display()
        )?;
        return Ok(());
    }
    if std::io::stdout().is_terminal() {
        // A terminal gets text, without the controls a page could hide in it.
        let text = std::str::from_utf8(&body).map_err(|_| {
            UsageError(format!(
                "snapshot {id} is not text ({}): save it with -o FILE",
                snapshot
                    .fetch
                    .content_type
                    .as_deref()
                    .unwrap_or("no content type")
            ))
        })?;
        write!(out, "{}", clean(text))?;
    } else {
        out.write_all(&body)?;
    }
    Ok(())
}

/// What `--verify` found of one snapshot.
#[derive(Serialize)]
struct Checked<'a> {
    #[serde(flatten)]
    snapshot: &'a Snapshot,
    /// "ok", "missing" (no file), "unreadable" or "changed" (another hash).
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    found_sha256: Option<String>,
}

fn verify(
    ctx: &Ctx,
    dir: &ArchiveDirArg,
    format: SummaryFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let archive = Archive {
        dir: ctx.archive_dir(dir.archive_dir.as_deref())?,
    };
    let snapshots = ctx.open(Access::Read)?.snapshots()?;
    let mut checked = Vec::new();
    for s in snapshots.iter().filter(|s| s.fetch.path.is_some()) {
        let path = s.fetch.path.as_deref().unwrap_or_default();
        let (verdict, found) = match archive.file(path) {
            Ok(file) if !file.exists() => ("missing", None),
            Err(_) => ("unreadable", None),
            Ok(_) => match archive.body(path) {
                Err(_) => ("unreadable", None),
                Ok(body) => {
                    let found = sha256_hex(&body);
                    if s.fetch.sha256.as_deref() == Some(found.as_str()) {
                        ("ok", None)
                    } else {
                        ("changed", Some(found))
                    }
                }
            },
        };
        checked.push(Checked {
            snapshot: s,
            verdict,
            found_sha256: found,
        });
    }
    let bad: Vec<&Checked> = checked.iter().filter(|c| c.verdict != "ok").collect();
    match format {
        SummaryFormat::Json => output::json(out, &checked)?,
        SummaryFormat::Table => {
            for c in &bad {
                writeln!(
                    out,
                    "#{}  {}  {}  {}",
                    c.snapshot.id,
                    c.verdict,
                    one_line(c.snapshot.fetch.path.as_deref().unwrap_or_default()),
                    one_line(&c.snapshot.fetch.url)
                )?;
            }
            writeln!(
                out,
                "Verified {} kept page(s) in {}: {} match their SHA-256, {} do not.",
                checked.len(),
                clean(&archive.dir.display().to_string()),
                checked.len() - bad.len(),
                bad.len()
            )?;
        }
    }
    if !bad.is_empty() {
        anyhow::bail!(
            "{} kept page(s) are missing or no longer match their SHA-256",
            bad.len()
        );
    }
    Ok(())
}
