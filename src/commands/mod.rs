//! One module per subcommand: each turns checked arguments into store calls and output.

mod add;
mod archive;
mod assign;
mod desk;
mod edit;
mod export;
mod extract;
mod ingest;
mod list;
mod maintain;
mod matching;
mod note;
mod ops;
mod paths;
mod repeats;
mod report;
mod show;
mod signoff;
mod speaker;
mod stats;
mod status;
mod tag;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::NaiveDate;

use clap::CommandFactory;

use crate::cli::{Cli, ColorChoice, Command};
use crate::config::Config;
use crate::domain::{Clock, Level, command_level, not_future, parse_date};
use crate::output;
use crate::store::{Access, Location, Store};

/// A mistake in how the command was called (exit code 2), as opposed to a failure running it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What every command needs: where the database is, who is acting, and what time it is.
pub struct Ctx {
    pub db: Location,
    pub actor: String,
    pub clock: Clock,
    pub config: Config,
    /// The command as typed, for the operation log.
    pub command_line: String,
    /// The editor a note is written in: `VISUAL`, else `EDITOR`, else vi.
    pub editor: String,
    /// `CLAIMTRACK_BULK_RECORDS`: from how many records a load counts as large (for tests).
    bulk_records: Option<u64>,
    /// The command's name ("speaker merge"), and the least desk role it needs.
    invoked: String,
    least: Level,
}

impl Ctx {
    /// A database named on the command line or in the settings. A server's connection reads what
    /// libpq users keep in their environment.
    pub fn location(value: &std::ffi::OsStr) -> Result<Location, UsageError> {
        Ok(Location::parse(value)
            .map_err(UsageError)?
            .with_libpq(|name| std::env::var(name).ok()))
    }

    pub fn from_cli(cli: &Cli) -> anyhow::Result<Ctx> {
        // `config` itself must work even when the file is broken: it is how to fix it.
        let config = if matches!(cli.command, Some(Command::Config(_))) {
            Config::load().unwrap_or_default()
        } else {
            Config::load()?
        };
        let db = match (&cli.db, &config.db) {
            (Some(path), _) | (None, Some(path)) => Ctx::location(path.as_os_str())?,
            (None, None) => Location::File(default_db_path()?),
        };
        let given = cli.command.as_ref().and_then(Command::actor);
        let actor = match crate::store::server_role(&db)? {
            // On a server, who acts is who is connected: the audit trail cannot be forged.
            Some(role) => {
                if given.is_some() {
                    return Err(UsageError(format!(
                        "--by: on a PostgreSQL desk you act as the database role you connect as ({role}); connect as someone else to act as them"
                    ))
                    .into());
                }
                for (what, set) in [
                    (
                        "CLAIMTRACK_USER",
                        std::env::var_os("CLAIMTRACK_USER").is_some(),
                    ),
                    ("the settings' user", config.user.is_some()),
                ] {
                    if set {
                        eprintln!(
                            "claimtrack: {what} is ignored on a PostgreSQL desk: you act as the database role {}",
                            output::clean(&role)
                        );
                    }
                }
                role
            }
            None => given
                .map(str::to_string)
                .or_else(|| std::env::var("CLAIMTRACK_USER").ok())
                .or_else(|| config.user.clone())
                .or_else(|| std::env::var("USER").ok())
                // Where USER is unset (cron, containers): the login name the system knows.
                .or_else(|| whoami::username().ok())
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| "unknown".to_string()),
        };
        // The environment is read here, and only here (and for the settings file's own path).
        let env = |name: &str| std::env::var(name).ok();
        let clock = Clock::at(env("CLAIMTRACK_NOW").as_deref()).map_err(UsageError)?;
        output::set_width(env("COLUMNS").and_then(|c| c.trim().parse().ok()));
        crate::store::trace_sql(std::env::var_os("CLAIMTRACK_TRACE_SQL").is_some());
        let choice = cli.color.or(match config.color.as_deref() {
            Some("always") => Some(ColorChoice::Always),
            Some("never") => Some(ColorChoice::Never),
            _ => None,
        });
        output::set_color(match choice.unwrap_or(ColorChoice::Auto) {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        });
        Ok(Ctx {
            db,
            actor,
            clock,
            config,
            command_line: command_line(),
            editor: env("VISUAL")
                .or_else(|| env("EDITOR"))
                .unwrap_or_else(|| "vi".to_string()),
            bulk_records: env("CLAIMTRACK_BULK_RECORDS").and_then(|v| v.parse().ok()),
            invoked: cli.invoked.clone(),
            least: command_level(&cli.invoked),
        })
    }

    /// Opens the database; for writes, everything the command changes is one operation.
    pub fn open(&self, access: Access) -> anyhow::Result<Store> {
        let store = crate::store::open(&self.db, access, self.clock, &self.actor)?;
        self.ready(store, access)
    }

    /// An open store made ready for the command: its role checked and its operation named, for
    /// writes.
    fn ready(&self, mut store: Store, access: Access) -> anyhow::Result<Store> {
        if access == Access::Write {
            self.may_write(&mut store)?;
        }
        if let (Some(records), Some(bulk)) = (self.bulk_records, store.bulk()) {
            bulk.set_bulk_records(records);
        }
        if access == Access::Write {
            store.start_operation(&self.command_line);
        }
        Ok(store)
    }

    /// As [`Self::open`] for writing, on a private copy of the database that goes when the store
    /// is dropped: for dry runs.
    pub fn rehearsal(&self) -> anyhow::Result<Store> {
        let mut store = crate::store::rehearsal(&self.db, self.clock, &self.actor)?;
        self.may_write(&mut store)?;
        if let (Some(records), Some(bulk)) = (self.bulk_records, store.bulk()) {
            bulk.set_bulk_records(records);
        }
        store.start_operation(&self.command_line);
        Ok(store)
    }

    /// On a desk, refuses a command the role connected may not run, before it starts (the
    /// database would refuse it too, less plainly).
    fn may_write(&self, store: &mut Store) -> anyhow::Result<()> {
        let Some(desk) = store.desk() else {
            return Ok(());
        };
        let (name, level) = desk.whoami()?;
        // Whatever writes needs a checker at least (`repeats --scan`, listed as a reader's).
        let least = self.least.max(Level::Checker);
        if level.is_some_and(|l| l >= least) {
            return Ok(());
        }
        let who = match level {
            Some(level) => format!("{} is {} on this desk", name, level.with_article()),
            None => format!("{name} is not on this desk"),
        };
        Err(crate::store::StoreError::NotAllowed(format!(
            "{who}: {} needs {}; {}",
            if self.invoked.is_empty() {
                "this"
            } else {
                &self.invoked
            },
            least.with_article(),
            least.who_to_ask()
        ))
        .into())
    }

    /// Whether there is a database yet (on a server: claimtrack's schema in it).
    pub fn exists(&self) -> anyhow::Result<bool> {
        Ok(crate::store::exists(&self.db)?)
    }

    /// As [`Self::open`] for writing, for a load (see `store::open_for_load`).
    pub fn open_for_load(&self) -> anyhow::Result<Store> {
        let store = crate::store::open_for_load(&self.db, self.clock, &self.actor)?;
        self.ready(store, Access::Write)
    }

    /// As [`Self::open`], but `None` when there is no database yet: nothing is created.
    pub fn open_existing(&self, access: Access) -> anyhow::Result<Option<Store>> {
        if self.exists()? {
            self.open(access).map(Some)
        } else {
            Ok(None)
        }
    }

    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Parses a date given on the command line; a bad one is a usage error naming the flag.
    pub fn date(&self, flag: &str, value: Option<&str>) -> Result<Option<NaiveDate>, UsageError> {
        value
            .map(|v| parse_date(v, self.today()).map_err(|e| UsageError(format!("{flag}: {e}"))))
            .transpose()
    }

    /// The language of new claims: the one given, else the config's default (checked when the
    /// settings were read).
    #[must_use]
    pub fn language(&self, given: Option<String>) -> Option<String> {
        given.or_else(|| {
            (self.config.language.as_deref()).and_then(|l| crate::domain::check_language(l).ok())
        })
    }

    /// The archive folder: the one given, else the config's, else `DB.archive` beside a SQLite
    /// database. A server's database has no folder beside it: its desk names a shared one.
    pub fn archive_dir(&self, given: Option<&Path>) -> Result<PathBuf, UsageError> {
        given
            .map(Path::to_path_buf)
            .or_else(|| self.config.archive_dir.clone())
            .or_else(|| self.db.file().map(crate::archive::beside))
            .ok_or_else(|| {
                UsageError(
                    "a PostgreSQL desk keeps its copies of pages in a folder everyone on the desk can reach: set it with `claimtrack config set archive_dir /shared/folder`, or give --archive-dir"
                        .into(),
                )
            })
    }

    /// As [`Self::date`], for when something was said or published: not after today.
    pub fn past_date(
        &self,
        flag: &str,
        value: Option<&str>,
    ) -> Result<Option<NaiveDate>, UsageError> {
        self.date(flag, value)?
            .map(|d| not_future(d, self.today()).map_err(|e| UsageError(format!("{flag}: {e}"))))
            .transpose()
    }
}

/// The arguments as typed, quoted where a shell would need it: `dispute 3 --reason 'No text'`.
fn command_line() -> String {
    std::env::args_os()
        .skip(1)
        .map(|a| {
            // A database URL is logged without its password.
            let a = crate::store::without_password(&a.to_string_lossy());
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || "-_./:=,+@%#".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "claimtrack")
        .context("cannot find your home folder to keep the database in; pass --db PATH")?;
    Ok(dirs.data_dir().join("claims.db"))
}

/// A list that found nothing under `--exit-status`: exit 1, no message.
#[derive(Debug, thiserror::Error)]
#[error("nothing matched")]
pub struct NothingMatched;

/// What `claimtrack` alone prints: the commands people use most, and where to look next.
const GUIDE: &str = "claimtrack: track fact-check claims: who said what, where, and what checking found.

Most used:
  claimtrack ingest FILE                 take claims from JSONL/JSON/CSV/TSV, ClaimReview, or an article
  claimtrack outstanding                 the review queue: overdue follow-ups first
  claimtrack add \"TEXT\" --speaker NAME   add one claim
  claimtrack verify ID --verdict true    or: dispute, review, reopen, status
  claimtrack show ID                     everything about one claim

Also: search, list, note, followups, speakers, stats, export, backup; log, undo and redo for
every change made. Every command: --help.
";

/// Runs the parsed command, writing data to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let ctx = Ctx::from_cli(&cli)?;
    let Some(command) = cli.command else {
        write!(out, "{GUIDE}")?;
        return Ok(());
    };
    match command {
        Command::Add(args) => add::run(&ctx, args, out),
        Command::Verify(args) => status::verify(&ctx, args, out),
        Command::Dispute(args) => status::dispute(&ctx, args, out),
        Command::Review(args) => status::review(&ctx, args, out),
        Command::Reopen(args) => status::reopen(&ctx, args, out),
        Command::Status(args) => status::set(&ctx, args, out),
        Command::Approve(args) => signoff::approve(&ctx, args, out),
        Command::Publish(args) => signoff::publish(&ctx, args, out),
        Command::Unpublish(args) => signoff::unpublish(&ctx, args, out),
        Command::Note(args) => note::add(&ctx, args, out),
        Command::Followups(args) => note::follow_ups(&ctx, args, out),
        Command::Done(args) => note::done(&ctx, args, out),
        Command::Evidence(args) => tag::evidence(&ctx, args, out),
        Command::Edit(args) => edit::edit(&ctx, args, out),
        Command::Delete(args) => edit::delete(&ctx, args, out),
        Command::Undo(args) => ops::undo(&ctx, args, out),
        Command::Redo(args) => ops::redo(&ctx, args, out),
        Command::Log(args) => ops::log(&ctx, args, out),
        Command::Tag(args) => tag::tag(&ctx, args, out),
        Command::Show(args) => show::run(&ctx, args, out),
        Command::List(args) => list::run(&ctx, args, false, out),
        Command::Outstanding(args) => list::run(&ctx, args, true, out),
        Command::Search(args) => list::search(&ctx, args, out),
        Command::Similar(args) => list::similar(&ctx, args, out),
        Command::Priority(args) => list::priority(&ctx, args, out),
        Command::Assign(args) => assign::assign(&ctx, args, out),
        Command::Unassign(args) => assign::unassign(&ctx, args, out),
        Command::Due(args) => assign::due(&ctx, args, out),
        Command::Ingest(args) => ingest::run(&ctx, args, out),
        Command::Extract(args) => extract::run(args, out),
        Command::Speaker(args) => speaker::run(&ctx, args, out),
        Command::Speakers(args) => stats::speakers(&ctx, args, out),
        Command::Sources(args) => stats::sources(&ctx, args, out),
        Command::Source(args) => stats::source(&ctx, args, out),
        Command::Stats(args) => stats::stats(&ctx, args, out),
        Command::Report(args) => report::run(&ctx, args, out),
        Command::Export(args) => export::run(&ctx, args, out),
        Command::Backup(args) => maintain::backup(&ctx, args, out),
        Command::Archive(args) => archive::run(&ctx, args, out),
        Command::Restore(args) => maintain::restore(&ctx, args, out),
        Command::Check(args) => maintain::check(&ctx, args, out),
        Command::Db(args) => maintain::db(&ctx, args, out),
        Command::Desk(args) => desk::run(&ctx, args, out),
        Command::Match(args) => matching::run(&ctx, args, out),
        Command::Link(args) => repeats::link(&ctx, args, out),
        Command::Unlink(args) => repeats::unlink(&ctx, args, out),
        Command::Adopt(args) => repeats::adopt(&ctx, args, out),
        Command::Repeats(args) => repeats::run(&ctx, args, out),
        Command::Config(args) => maintain::config(&ctx, args, out),
        Command::Completions(args) => {
            // Into memory first: the generator panics on a closed pipe, our writer does not.
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "claimtrack", &mut script);
            out.write_all(&script)?;
            Ok(())
        }
        Command::Man(args) => maintain::man(&args.dir, out),
    }
}
