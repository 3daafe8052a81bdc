//! `claimtrack ingest`: take claims from files. Three threads: one checks every record of every
//! file, one reads and prepares the records, one writes them in batches, each its own
//! transaction, so an interrupted ingest run again completes without duplicates. The first batch
//! commits only once the check has passed, so by default a bad record means nothing is written.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::repeats::{LINK_UP_TO, Watch, arrives_unchecked, link_repeats, print_linked};
use super::{Ctx, UsageError};
use crate::cli::{IngestArgs, SummaryFormat};
use crate::domain::{AddOutcome, NewClaim, check_url, non_empty};
use crate::ingest::{self, ColumnMap, Input, Kind, Options, Raw, RecordError};
use crate::output::{self, ops::thousands};

/// Records per transaction: large enough to amortise the commit, small enough to keep the lock
/// short for other writers (about 2 s; the first batch may also wait for the check, which reads
/// a million records in about 2 s).
const BATCH: usize = 100_000;

/// Records handed to the store at once (`Writes::add_claims`): a server engine takes them in a
/// few round trips.
const CHUNK: usize = 1_000;

/// Records read ahead per hand-over from the reading thread.
const READ_AHEAD: usize = 2_000;

/// How many bad records to list before summarising the rest (all are listed with --skip-invalid).
const SHOWN_ERRORS: usize = 20;

/// Files smaller than this finish before a progress bar would be worth drawing.
const PROGRESS_BYTES: u64 = 4 << 20;

#[derive(Debug, Default, Serialize)]
struct Summary {
    files: usize,
    records: usize,
    claims_added: usize,
    claims_matched: usize,
    appearances_added: usize,
    speakers_added: usize,
    sources_added: usize,
    rejected: usize,
    /// The first rejected records (up to `LISTED_REJECTS`), each with where and why.
    rejections: Vec<Rejection>,
    /// New claims linked to the checked claims they repeat.
    repeats: Vec<i64>,
    /// A large load without `--link`: nothing was matched.
    repeats_unmatched: bool,
    /// Links the records carried (`repeats`, from another database's export): made, and left
    /// out for want of the claim they point to.
    links_carried: usize,
    links_missing: usize,
    dry_run: bool,
}

/// How many rejected records the JSON summary lists; `rejected` counts them all.
const LISTED_REJECTS: usize = 1000;

#[derive(Debug, Serialize)]
struct Rejection {
    file: String,
    line: usize,
    field: Option<String>,
    message: String,
}

impl Summary {
    fn count(&mut self, outcome: AddOutcome) {
        self.records += 1;
        self.claims_added += usize::from(outcome.created);
        self.claims_matched += usize::from(!outcome.created);
        self.appearances_added += outcome.appearances_added;
        self.speakers_added += usize::from(outcome.speaker_created);
        self.sources_added += outcome.sources_created;
    }
}

/// "a.csv", "a.csv, b.jsonl", "a.csv and 4 more": file names, not paths, for the log.
fn file_names(files: &[std::path::PathBuf]) -> String {
    let name = |f: &std::path::PathBuf| {
        f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match files {
        [one] => name(one),
        [a, b] => format!("{}, {}", name(a), name(b)),
        [first, rest @ ..] => format!("{} and {} more", name(first), rest.len()),
        [] => String::new(),
    }
}

fn options(ctx: &Ctx, args: &IngestArgs) -> Result<Options, UsageError> {
    ingest::transcript::Turns::with_names(&args.statements.speaker_map).map_err(UsageError)?;
    let mut map = ColumnMap::default();
    for m in &args.map {
        map.merge(m.parse().map_err(|e| UsageError(format!("--map: {e}")))?);
    }
    let url = args
        .url
        .as_deref()
        .map(check_url)
        .transpose()
        .map_err(|e| UsageError(format!("--url: {e}")))?;
    Ok(Options {
        kind: args.from,
        map,
        header: if args.no_header {
            Some(false)
        } else {
            args.header.then_some(true)
        },
        article: ingest::article::ArticleOptions {
            source: non_empty(args.source.clone()),
            url,
            title: args.title.clone(),
            published: ctx.past_date("--published", args.published.as_deref())?,
            said_on: ctx.past_date("--said-on", args.said_on.as_deref())?,
            include_narration: args.include_narration,
            every_statement: args.statements.all,
            min_worth: args.statements.min_worth,
            speaker_map: args.statements.speaker_map.clone(),
        },
        language: ctx.language(args.language.clone()),
    })
}

pub fn run(ctx: &Ctx, args: IngestArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let options = options(ctx, &args)?;
    let today = ctx.today();
    if let Some(path) = &args.rejects {
        // Creating the rejects file truncates it: it must not be an input or the database.
        ctx.check_output("--rejects", path, &args.files)?;
    }

    // Every record is checked on a thread of its own while the writing starts; nothing is
    // committed until the check has passed (see `Check`). `--rejects` waits for it: the file's
    // form depends on the kinds of input.
    let check = RefCell::new(Check::spawn(
        args.files.clone(),
        options.clone(),
        today,
        args.skip_invalid,
    ));
    let mut rejects = match &args.rejects {
        Some(path) => Some(Rejects::create(path, &check.borrow_mut().wait()?)?),
        None => None,
    };

    // The writing. A dry run does the same on a private copy of the database that is thrown
    // away, so it never holds the write lock. A database this ingest creates is taken away again
    // if it committed nothing.
    // (A server's schema is made with the load's first commit: nothing to take away there.)
    let created = !args.dry_run && ctx.db.file().is_some_and(|p| !p.exists());
    let mut store = if args.dry_run {
        ctx.rehearsal()?
    } else {
        ctx.open_for_load()?
    };
    let mut summary = Summary {
        files: args.files.len(),
        dry_run: args.dry_run,
        ..Summary::default()
    };
    let mut reader = Reader {
        files: &args.files,
        options: &options,
        today,
        rejects: rejects.as_mut(),
        rejected: 0,
        rejections: Vec::new(),
        skip_invalid: args.skip_invalid,
        dry_run: args.dry_run,
        check: &check,
    };
    let mut committed = false;
    // The new claims that came unchecked, to match against those checked before.
    let mut arrivals: Vec<(i64, String)> = Vec::new();
    // The load's first new claim: those before it were there before the load.
    let mut first_created: Option<i64> = None;
    // What the summary says of them.
    let mut listing: Vec<u8> = Vec::new();
    // The links records carry, by the claim each record became.
    let mut carried: Vec<(i64, Vec<crate::domain::CarriedLink>)> = Vec::new();
    let written = (|| -> anyhow::Result<()> {
        if let Some(bulk) = store.bulk() {
            bulk.start_bulk(input_bytes(&args.files))?;
        }
        let names = file_names(&args.files);
        let committed = &mut committed;
        reader.each_file(|next| {
            // Each transaction takes claims straight from the reader, so a batch costs no memory.
            let mut more = true;
            while more {
                more = store.write_or(|tx| -> anyhow::Result<bool> {
                    let mut left = BATCH;
                    let mut chunk = Vec::with_capacity(CHUNK);
                    let mut add = |chunk: &mut Vec<NewClaim>| -> anyhow::Result<()> {
                        let outcomes = tx.add_claims(chunk)?;
                        for (claim, outcome) in chunk.iter_mut().zip(outcomes) {
                            if outcome.created {
                                first_created.get_or_insert(outcome.claim_id);
                            }
                            if !claim.repeats.is_empty() {
                                carried
                                    .push((outcome.claim_id, std::mem::take(&mut claim.repeats)));
                            }
                            if outcome.created
                                && arrives_unchecked(claim)
                                && (args.link || arrivals.len() <= LINK_UP_TO)
                            {
                                arrivals.push((outcome.claim_id, std::mem::take(&mut claim.text)));
                            }
                            summary.count(outcome);
                        }
                        chunk.clear();
                        Ok(())
                    };
                    while left > 0 {
                        match next()? {
                            Some(claim) => chunk.push(claim),
                            None => break,
                        }
                        left -= 1;
                        if chunk.len() == CHUNK {
                            add(&mut chunk)?;
                        }
                    }
                    add(&mut chunk)?;
                    // Nothing is committed before every record has passed.
                    check.borrow_mut().wait()?;
                    tx.describe(format!(
                        "ingest {names}: {} added, {} matched",
                        thousands(summary.claims_added),
                        thousands(summary.claims_matched)
                    ));
                    Ok(left == 0)
                })?;
                *committed = true;
            }
            Ok(())
        })?;
        if let Some(bulk) = store.bulk() {
            bulk.finish_bulk()?;
        }
        // Links carried from another database, once every claim they may point to is stored.
        // The claims are stored by now: a failure here leaves them unlinked, not lost.
        if let Err(e) = carry_links(&mut *store, &carried, &mut summary) {
            eprintln!(
                "claimtrack: warning: the claims are stored, but the links their records carry were not made ({}); claimtrack link A B makes one by hand",
                output::clean(&e.to_string())
            );
        }
        // Repeats of claims checked before the load, the load's own claims aside.
        if summary.records > LINK_UP_TO && !args.link {
            summary.repeats_unmatched = true;
        } else if let (Some(first), false) = (first_created, arrivals.is_empty()) {
            let watch = Watch::load_before(&*store, false, Some(first))?;
            let repeats = watch.repeats_among(&arrivals)?;
            drop(watch);
            if !repeats.is_empty() {
                // The claims are stored by now: a failure here leaves them unlinked, not lost.
                match store.write(|tx| link_repeats(tx, &repeats)) {
                    Ok(linked) => {
                        summary.repeats = linked;
                        print_linked(&store, &summary.repeats, &mut listing)?;
                    }
                    Err(e) => eprintln!(
                        "claimtrack: warning: the claims are stored, but linking their repeats failed ({}); claimtrack repeats --scan links them",
                        output::clean(&e.to_string())
                    ),
                }
            }
        }
        Ok(())
    })();
    if created
        && !committed
        && written.is_err()
        && let Some(path) = ctx.db.file()
    {
        drop(store);
        crate::store::remove_database(path);
    }
    written?;
    summary.rejected = reader.rejected;
    summary.rejections = std::mem::take(&mut reader.rejections);
    if let Some(r) = rejects {
        r.finish()?;
    }

    match args.format.format {
        SummaryFormat::Json => output::json(out, &summary)?,
        SummaryFormat::Table => {
            let s = &summary;
            let verb = if s.dry_run {
                "Would ingest"
            } else {
                "Ingested"
            };
            writeln!(
                out,
                "{verb} {} record(s) from {} file(s):",
                s.records, s.files
            )?;
            writeln!(
                out,
                "  {} claim(s) added, {} matched claims already tracked",
                s.claims_added, s.claims_matched
            )?;
            writeln!(
                out,
                "  {} appearance(s), {} speaker(s), {} source(s) added",
                s.appearances_added, s.speakers_added, s.sources_added
            )?;
            if s.rejected > 0 {
                writeln!(out, "  {} record(s) rejected", s.rejected)?;
            }
            if s.links_carried > 0 {
                writeln!(
                    out,
                    "  {} link(s) between claims carried over",
                    s.links_carried
                )?;
            }
            if s.links_missing > 0 {
                writeln!(
                    out,
                    "  {} link(s) left out: the claim they point to is in neither the files nor the database",
                    s.links_missing
                )?;
            }
            if s.repeats_unmatched {
                writeln!(
                    out,
                    "  not matched against checked claims: more than {} records (ingest with --link to match them)",
                    thousands(LINK_UP_TO)
                )?;
            }
            out.write_all(&listing)?;
            if s.dry_run {
                writeln!(out, "Dry run: nothing was written to the database.")?;
            }
        }
    }
    Ok(())
}

/// Makes the links records carried (`repeats`), between claims now stored, and counts them
/// and those whose claim is in neither the files nor the database. A record of the same claim
/// twice linking to itself is no link.
fn carry_links(
    store: &mut dyn crate::store::Storage,
    carried: &[(i64, Vec<crate::domain::CarriedLink>)],
    summary: &mut Summary,
) -> crate::store::Result<()> {
    let mut links = Vec::new();
    for (id, carried) in carried {
        for link in carried {
            match store.claim_id_of(&link.speaker, &link.text)? {
                Some(repeats) if repeats == *id => {}
                Some(repeats) => links.push((*id, repeats, link)),
                None => summary.links_missing += 1,
            }
        }
    }
    if !links.is_empty() {
        summary.links_carried = store.write(|tx| {
            let mut made = 0;
            for (id, repeats, link) in &links {
                made += usize::from(tx.carry_link(*id, *repeats, link)?);
            }
            Ok(made)
        })?;
    }
    Ok(())
}

/// The check of every record before anything is committed, on a thread of its own so that the
/// writing can start meanwhile. It prints what the readers noted (columns used, say) and, unless
/// `--skip-invalid`, fails on the first file that cannot be read or on any bad record.
struct Check {
    running: Option<std::thread::JoinHandle<Result<Vec<Kind>, String>>>,
    /// Once finished: the kind of each file, or the whole message.
    outcome: Option<Result<Vec<Kind>, String>>,
}

impl Check {
    fn spawn(
        files: Vec<std::path::PathBuf>,
        options: Options,
        today: chrono::NaiveDate,
        skip_invalid: bool,
    ) -> Check {
        let running = std::thread::spawn(move || {
            let mut problems = Vec::new();
            let mut bad = 0usize;
            let mut kinds = Vec::new();
            for path in &files {
                let input = ingest::open(path, &options, today)
                    .map_err(|e| format!("{e}\nnothing was ingested"))?;
                kinds.push(input.kind);
                for note in &input.notes {
                    eprintln!("{}", output::clean(note));
                }
                for item in input.items {
                    let item = item.map_err(|e| format!("{e}\nnothing was ingested"))?;
                    if let Err(e) = item.claim {
                        bad += 1;
                        if problems.len() < SHOWN_ERRORS {
                            problems.push(e.to_string());
                        }
                    }
                }
            }
            if bad > 0 && !skip_invalid {
                let mut message = problems.join("\n");
                if bad > problems.len() {
                    let _ = write!(message, "\n... and {} more", bad - problems.len());
                }
                let _ = write!(
                    message,
                    "\n{bad} bad record(s); nothing was ingested (--skip-invalid writes the good ones)"
                );
                return Err(output::clean(&message));
            }
            Ok(kinds)
        });
        Check {
            running: Some(running),
            outcome: None,
        }
    }

    /// Waits for the check: the kind of each file, or what is wrong.
    fn wait(&mut self) -> anyhow::Result<Vec<Kind>> {
        if let Some(running) = self.running.take() {
            self.outcome = Some(
                running
                    .join()
                    .unwrap_or_else(|_| Err("the check of the input failed".into())),
            );
        }
        match self.outcome.as_ref() {
            Some(Ok(kinds)) => Ok(kinds.clone()),
            Some(Err(message)) => Err(anyhow::anyhow!("{message}")),
            None => unreachable!("the check has run"),
        }
    }
}

/// The next good claim of a file, or `None` at its end.
type Next<'a> = &'a mut dyn FnMut() -> anyhow::Result<Option<NewClaim>>;

/// The writer's reading: files in order, good claims to the writer, bad ones to stderr and
/// `--rejects` (with `--skip-invalid`; else the check's verdict).
struct Reader<'a> {
    files: &'a [std::path::PathBuf],
    options: &'a Options,
    today: chrono::NaiveDate,
    rejects: Option<&'a mut Rejects>,
    rejected: usize,
    rejections: Vec<Rejection>,
    skip_invalid: bool,
    /// Labels the progress bar: a dry run checks, it does not write.
    dry_run: bool,
    check: &'a RefCell<Check>,
}

impl Reader<'_> {
    /// Reads the files in order on a thread of its own, handing each file's good claims to `write`
    /// through `next` (bad ones go to stderr and `--rejects`).
    fn each_file(
        &mut self,
        mut write: impl FnMut(Next<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        for path in self.files {
            let input = ingest::open(path, self.options, self.today).map_err(|e| self.failed(e))?;
            if let Some(rejects) = self.rejects.as_deref_mut() {
                rejects.set_header(input.header.clone())?;
            }
            let bar = progress(&input, if self.dry_run { "checking" } else { "writing" });
            let counter = std::sync::Arc::clone(&input.progress);
            let (send, receive) =
                std::sync::mpsc::sync_channel::<Vec<Result<ingest::Item, RecordError>>>(4);
            let items = input.items;
            std::thread::scope(|scope| -> anyhow::Result<()> {
                scope.spawn(move || {
                    // Work out what the writer would otherwise have to, while it writes.
                    let mut items = items.map(|item| {
                        item.map(|mut item| {
                            item.claim = item.claim.map(NewClaim::derive);
                            item
                        })
                    });
                    loop {
                        let chunk: Vec<_> = items.by_ref().take(READ_AHEAD).collect();
                        if chunk.is_empty() || send.send(chunk).is_err() {
                            break;
                        }
                    }
                });
                // Owned here, so an early error drops it and the reader stops instead of waiting.
                let receive = receive;
                let mut chunk = Vec::<Result<ingest::Item, RecordError>>::new().into_iter();
                let mut next = || -> anyhow::Result<Option<NewClaim>> {
                    loop {
                        let item = match chunk.next() {
                            Some(Err(e)) => return Err(self.failed(e)),
                            Some(Ok(item)) => item,
                            None => match receive.recv() {
                                Ok(more) => {
                                    tick(bar.as_ref(), &counter);
                                    chunk = more.into_iter();
                                    continue;
                                }
                                Err(_) => return Ok(None),
                            },
                        };
                        match item.claim {
                            Ok(claim) => return Ok(Some(claim)),
                            Err(e) if self.skip_invalid => self.reject(&e, &item.raw)?,
                            Err(e) => return Err(self.failed(e)),
                        }
                    }
                };
                write(&mut next)
            })?;
            finish(bar);
        }
        Ok(())
    }

    /// What to report when the writer's reading fails: the check met the same problem and says
    /// it better (every bad record, "nothing was ingested"); if it passed, the file changed.
    fn failed(&self, e: RecordError) -> anyhow::Error {
        match self.check.borrow_mut().wait() {
            Err(verdict) => verdict,
            Ok(_) => e.into(),
        }
    }

    fn reject(&mut self, error: &RecordError, raw: &Raw) -> anyhow::Result<()> {
        self.rejected += 1;
        eprintln!("rejected: {}", output::clean(&error.to_string()));
        if self.rejections.len() < LISTED_REJECTS {
            self.rejections.push(Rejection {
                file: error.file.display().to_string(),
                line: error.line,
                field: error.field.clone(),
                message: error.message.clone(),
            });
        }
        if let Some(rejects) = self.rejects.as_deref_mut() {
            rejects.write(raw)?;
        }
        Ok(())
    }
}

/// Rejected records in their original form, so they can be fixed and ingested again.
#[allow(clippy::large_enum_variant)] // one per run
enum Rejects {
    Json(BufWriter<File>),
    /// The writer, and whether the header row is written.
    Table(csv::Writer<File>, bool),
}

impl Rejects {
    fn create(path: &Path, kinds: &[Kind]) -> anyhow::Result<Rejects> {
        let table = kinds.iter().any(|k| matches!(k, Kind::Csv | Kind::Tsv));
        let json = kinds.iter().any(|k| matches!(k, Kind::Json | Kind::Jsonl));
        if table && json {
            return Err(UsageError("--rejects: give files of one kind (JSON or CSV/TSV) so the rejects file can hold them".into()).into());
        }
        let file = super::paths::create_private(path, false)
            .map_err(|e| anyhow::anyhow!("--rejects {}: cannot create: {e}", path.display()))?;
        Ok(if table {
            let tsv = kinds.contains(&Kind::Tsv);
            let writer = csv::WriterBuilder::new()
                .delimiter(if tsv { b'\t' } else { b',' })
                .quote_style(if tsv {
                    csv::QuoteStyle::Never
                } else {
                    csv::QuoteStyle::Necessary
                })
                .flexible(true)
                .from_writer(file);
            Rejects::Table(writer, false)
        } else {
            Rejects::Json(BufWriter::new(file))
        })
    }

    fn write(&mut self, raw: &Raw) -> anyhow::Result<()> {
        match (self, raw) {
            (Rejects::Json(w), Raw::Json(text)) => writeln!(w, "{}", text.trim())?,
            (Rejects::Table(w, _), Raw::Row(row)) => w.write_record(row)?,
            _ => {}
        }
        Ok(())
    }

    /// Puts the header (when the input had one) above rejected rows.
    fn set_header(&mut self, header: Option<csv::StringRecord>) -> anyhow::Result<()> {
        if let (Rejects::Table(w, written @ false), Some(h)) = (self, header) {
            w.write_record(&h)?;
            *written = true;
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Rejects::Json(mut w) => w.flush()?,
            Rejects::Table(mut w, _) => w.flush()?,
        }
        Ok(())
    }
}

/// The size of the files to load, to judge whether it is a large load.
fn input_bytes(files: &[std::path::PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

fn progress(input: &Input, verb: &str) -> Option<ProgressBar> {
    if input.size < PROGRESS_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(input.size);
    let style = ProgressStyle::with_template(
        "{msg:8} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .map_or_else(
        |_| ProgressStyle::default_bar(),
        |s| s.progress_chars("=> "),
    );
    bar.set_style(style);
    bar.set_message(verb.to_string());
    Some(bar)
}

fn tick(bar: Option<&ProgressBar>, progress: &std::sync::atomic::AtomicU64) {
    if let Some(bar) = bar {
        bar.set_position(progress.load(std::sync::atomic::Ordering::Relaxed));
    }
}

fn finish(bar: Option<ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}
