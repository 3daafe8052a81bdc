//! `backup`, `restore` and `check`: keeping the record safe.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use super::{Ctx, UsageError};
use crate::cli::{BackupArgs, CheckArgs, RestoreArgs, SummaryFormat};
use crate::output::{self, clean};
use crate::store::{Access, Store, StoreError, Upkeep};

pub fn backup(ctx: &Ctx, args: BackupArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let dest = &args.file;
    if ctx.db.file().is_none() {
        // A server's database: its own tools back it up (the refusal says which to run).
        let mut store = ctx.open(Access::Read)?;
        upkeep(&mut store, "backup")?.backup_to(dest)?;
    }
    if dest.exists() && !args.force {
        return Err(UsageError(format!(
            "{} exists; pass --force to replace it",
            dest.display()
        ))
        .into());
    }
    if dest.is_dir() {
        return Err(UsageError(format!("{} is a folder; give a file name", dest.display())).into());
    }
    ctx.check_output("backup", dest, &[])?;
    let mut store = ctx.open(Access::Read)?;
    if let Some(parent) = crate::private::parent(dest) {
        crate::private::create_dir(parent)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    // Write beside the target and rename, so a failed backup never replaces a good one.
    let temp = dest.with_file_name(format!(
        ".{}.partial",
        dest.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    ctx.check_output("backup", &temp, &[])?;
    let _ = std::fs::remove_file(&temp);
    super::paths::create_private(&temp, true)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", temp.display()))?;
    let result = upkeep(&mut store, "backup")?
        .backup_to(&temp)
        .map_err(anyhow::Error::from)
        .and_then(|()| {
            std::fs::rename(&temp, dest)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dest.display()))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result?;
    // What the copy holds, which others may have changed since.
    writeln!(
        out,
        "Backed up {} claims to {}.",
        crate::store::peek(dest)?,
        dest.display()
    )?;
    // The copies of cited pages go beside it, where the backup, once restored, looks for them.
    let archive = ctx.archive_dir(None)?;
    if archive.is_dir() {
        let beside = crate::archive::beside(dest);
        crate::private::create_dir(&beside)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", beside.display()))?;
        let copied = crate::archive::copy_missing(&archive, &beside).map_err(|e| {
            anyhow::anyhow!(
                "the database is backed up, but its archive could not be copied to {}: {e}",
                beside.display()
            )
        })?;
        writeln!(
            out,
            "Copied its archive of pages to {} ({copied} new file(s)).",
            beside.display()
        )?;
    }
    Ok(())
}

/// An empty file readable by its owner only: backups hold unpublished work.
pub fn restore(ctx: &Ctx, args: RestoreArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if ctx.db.file().is_none() {
        // A server's database: its own tools restore it (the refusal says which to run).
        let mut store = ctx.open(Access::Write)?;
        upkeep(&mut store, "restore")?.restore_from(&args.file)?;
    }
    if !args.file.exists() {
        return Err(UsageError(format!(
            "the backup file {} is missing",
            args.file.display()
        ))
        .into());
    }
    // The file must be ours (and not newer); it is only read, never upgraded in place.
    let incoming_claims = crate::store::peek(&args.file)?;
    let current = if ctx.db.exists() {
        Some(ctx.open(Access::Read)?.claim_count()?)
    } else {
        None
    };
    if !args.yes {
        let question = match current {
            Some(n) => format!(
                "Replace the {n} claims in {} with the {incoming_claims} claims in {}? Type yes to go on: ",
                ctx.db,
                args.file.display()
            ),
            None => format!(
                "Create {} from {} ({incoming_claims} claims)? Type yes to go on: ",
                ctx.db,
                args.file.display()
            ),
        };
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(
                "restore replaces the database: confirm with --yes when not at a terminal".into(),
            )
            .into());
        }
        eprint!("{question}");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            writeln!(out, "Nothing restored.")?;
            return Ok(());
        }
    }
    let mut store = ctx.open(Access::Write)?;
    upkeep(&mut store, "restore")?.restore_from(&args.file)?;
    drop(store);
    // A backup from an older claimtrack is brought up to date like any other file.
    let store = ctx.open(Access::Write)?;
    writeln!(
        out,
        "Restored {} claims from {}.",
        store.claim_count()?,
        args.file.display()
    )?;
    // The backup's copies of pages, beside it, come back to the archive folder.
    let kept = crate::archive::beside(&args.file);
    if kept.is_dir() {
        let archive = ctx.archive_dir(None)?;
        std::fs::create_dir_all(&archive)
            .and_then(|()| crate::archive::copy_missing(&kept, &archive))
            .map(|n| {
                writeln!(
                    out,
                    "Copied {n} archived page(s) back to {}.",
                    archive.display()
                )
            })
            .map_err(|e| {
                anyhow::anyhow!(
                    "the database is restored, but its archive could not be copied from {}: {e}",
                    kept.display()
                )
            })??;
    }
    Ok(())
}

pub fn check(ctx: &Ctx, args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if !ctx.exists()? {
        return Err(StoreError::Missing {
            path: ctx.db.to_string().into(),
        }
        .into());
    }
    // The search index's own check is written as an insert, so it needs a writable connection.
    let mut store = ctx.open(Access::Write)?;
    let problems = upkeep(&mut store, "check")?.check()?;
    match args.format.format {
        SummaryFormat::Json => output::json(
            out,
            &serde_json::json!({ "ok": problems.is_empty(), "problems": problems }),
        )?,
        SummaryFormat::Table => {
            if problems.is_empty() {
                writeln!(
                    out,
                    "{}: all checks passed ({} claims).",
                    ctx.db,
                    store.claim_count()?
                )?;
            }
            for p in &problems {
                writeln!(out, "problem: {p}")?;
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("{} problem(s) found", problems.len()))
    }
}

pub fn db(ctx: &Ctx, args: crate::cli::DbArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    use crate::cli::DbAction;
    match args.action {
        DbAction::Path => writeln!(out, "{}", ctx.db)?,
        DbAction::Info { format } => {
            let mut store = ctx.open(Access::Read)?;
            let info = upkeep(&mut store, "db info")?.info()?;
            match format.format {
                SummaryFormat::Json => output::json(out, &info)?,
                SummaryFormat::Table => {
                    for (key, value) in info.as_object().into_iter().flatten() {
                        writeln!(
                            out,
                            "{key:<14} {}",
                            value
                                .as_str()
                                .map_or_else(|| value.to_string(), str::to_string)
                        )?;
                    }
                }
            }
        }
        DbAction::Vacuum => {
            let mut store = ctx.open(Access::Write)?;
            let before = ctx.db.file().map(file_size);
            upkeep(&mut store, "db vacuum")?.vacuum()?;
            match (before, ctx.db.file()) {
                (Some(before), Some(path)) => writeln!(
                    out,
                    "Compacted {}: {} → {} bytes.",
                    ctx.db,
                    before,
                    file_size(path)
                )?,
                _ => writeln!(out, "Vacuumed and analysed {}.", ctx.db)?,
            }
        }
        DbAction::Copy { to } => copy(ctx, &to, out)?,
    }
    Ok(())
}

/// Rows read and written at a time by `db copy`.
const COPY_PAGE: usize = 5_000;

/// Copies every table, in order, page by page, into an empty database of either engine.
fn copy(ctx: &Ctx, to: &std::ffi::OsStr, out: &mut dyn Write) -> anyhow::Result<()> {
    let target = Ctx::location(to)?;
    if target == ctx.db {
        return Err(UsageError(format!("db copy --to {target}: that is this database")).into());
    }
    let mut source = ctx.open(Access::Read)?;
    let created = target.file().is_some_and(|p| !p.exists());
    // Opened without an operation: the copy brings the source's log, and adds nothing to it.
    let mut dest = crate::store::open(&target, Access::Write, ctx.clock, &ctx.actor)?;
    let copied = (|| -> anyhow::Result<i64> {
        let into = dest
            .transfer()
            .ok_or_else(|| anyhow::anyhow!("db copy: {target} cannot take rows"))?;
        if !into.is_empty()? {
            return Err(UsageError(format!(
                "db copy --to {target}: it holds claims or operations already; db copy fills only an empty database"
            ))
            .into());
        }
        let from = source
            .transfer()
            .ok_or_else(|| anyhow::anyhow!("db copy: {} cannot give rows", ctx.db))?;
        for (table, key) in crate::store::common::TABLES {
            let mut after: Option<Vec<serde_json::Value>> = None;
            loop {
                let rows = from.read_rows(table, after.as_deref(), COPY_PAGE)?;
                let Some(last) = rows.last() else { break };
                after = Some(
                    key.iter()
                        .map(|k| last.get(*k).cloned().unwrap_or_default())
                        .collect(),
                );
                into.write_rows(table, &rows)?;
            }
        }
        Ok(dest.claim_count()?)
    })();
    match copied {
        Ok(claims) => {
            writeln!(
                out,
                "Copied {} claims, with their history, notes, evidence, tags and the operation log, from {} to {target}.",
                crate::output::ops::thousands(usize::try_from(claims).unwrap_or(0)),
                ctx.db
            )?;
            Ok(())
        }
        Err(e) if e.is::<UsageError>() => Err(e),
        Err(e) => {
            if created && let Some(path) = target.file() {
                drop(dest);
                crate::store::remove_database(path);
                return Err(e);
            }
            Err(e.context(format!(
                "db copy stopped: {target} holds part of the copy; empty it before trying again"
            )))
        }
    }
}

fn file_size(path: &Path) -> u64 {
    let wal = path.with_extension(format!(
        "{}-wal",
        path.extension()
            .map(|e| e.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::metadata(path).map_or(0, |m| m.len()) + std::fs::metadata(wal).map_or(0, |m| m.len())
}

/// Writes claimtrack.1 and claimtrack-COMMAND.1 pages.
pub fn man(dir: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    use clap::CommandFactory;
    if let Some(file) =
        crate::private::file_in_the_way(dir).or_else(|| dir.is_file().then(|| dir.to_path_buf()))
    {
        return Err(UsageError(format!(
            "man {}: {} is a file, not a folder",
            dir.display(),
            file.display()
        ))
        .into());
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    let command = crate::cli::Cli::command();
    let mut written = 0;
    let mut write_page = |name: String, cmd: clap::Command| -> anyhow::Result<()> {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        std::fs::write(dir.join(format!("{name}.1")), page)?;
        written += 1;
        Ok(())
    };
    for sub in command.get_subcommands() {
        write_page(
            format!("claimtrack-{}", sub.get_name()),
            sub.clone().name(format!("claimtrack-{}", sub.get_name())),
        )?;
    }
    write_page("claimtrack".into(), command.clone())?;
    writeln!(out, "Wrote {written} man pages to {}.", dir.display())?;
    Ok(())
}

pub fn config(ctx: &Ctx, args: crate::cli::ConfigArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    use crate::cli::ConfigAction;
    use crate::config::{self, KEYS};
    let known = |key: &str| -> Result<(), UsageError> {
        if KEYS.contains(&key) {
            Ok(())
        } else {
            Err(UsageError(config::not_a_setting(key)))
        }
    };
    match args.action {
        ConfigAction::Path => writeln!(out, "{}", config::path()?.display())?,
        ConfigAction::List => {
            for key in KEYS {
                writeln!(
                    out,
                    "{key} = {}",
                    clean(&ctx.config.get(key).unwrap_or_default())
                )?;
            }
        }
        ConfigAction::Get { key } => {
            known(&key)?;
            if let Some(value) = ctx.config.get(&key) {
                writeln!(out, "{}", clean(&value))?;
            }
        }
        ConfigAction::Set { key, value } => {
            known(&key)?;
            let path = config::edit(&key, Some(&value)).map_err(|e| UsageError(e.to_string()))?;
            writeln!(out, "{key} = {}  ({})", clean(value.trim()), path.display())?;
        }
        ConfigAction::Unset { key } => {
            known(&key)?;
            config::edit(&key, None)?;
            writeln!(out, "{key} unset")?;
        }
    }
    Ok(())
}

/// The engine's own upkeep, or a plain refusal where the engine has none.
fn upkeep<'a>(store: &'a mut Store, command: &str) -> anyhow::Result<&'a mut dyn Upkeep> {
    store
        .upkeep()
        .ok_or_else(|| anyhow::anyhow!("{command}: this database's engine does its own upkeep"))
}
