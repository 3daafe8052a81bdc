//! The command line as clap types: names, flags and help. No logic, no SQL.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{SortKey, SpeakerKind, Stance, StatsBy, Verdict};
use crate::ingest::Kind;

#[derive(Debug, Parser)]
#[command(
    name = "claimtrack",
    version,
    about = "Track fact-check claims: who said what, where it appeared, and what checking found",
    after_help = "Start with: claimtrack ingest FILE.jsonl, then claimtrack outstanding"
)]
pub struct Cli {
    /// Database file, or a PostgreSQL database: postgres://USER@HOST:PORT/DB [default: the
    /// platform data folder, e.g. ~/.local/share/claimtrack/claims.db]
    #[arg(long, global = true, env = "CLAIMTRACK_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never [default: auto]
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// The command's name as typed, subcommands included ("speaker merge"): what a desk role
    /// is checked against (`domain::COMMAND_LEVELS`). Set from the parsed arguments.
    #[arg(skip)]
    pub invoked: String,
}

impl Cli {
    /// The command's name from parsed arguments: each subcommand's name, nested ones after.
    #[must_use]
    pub fn invoked(matches: &clap::ArgMatches) -> String {
        let mut names = Vec::new();
        let mut at = matches;
        while let Some((name, sub)) = at.subcommand() {
            names.push(name);
            at = sub;
        }
        names.join(" ")
    }

    /// The command line with each command's least desk role in its help.
    #[must_use]
    pub fn with_desk_roles(mut command: clap::Command) -> clap::Command {
        for (name, level) in crate::domain::COMMAND_LEVELS {
            let mut path = name.split(' ');
            let first = path.next().unwrap_or_default();
            let rest: Vec<&str> = path.collect();
            command = command.mut_subcommand(first, |c| note_level(c, &rest, *level));
        }
        command
    }
}

/// Adds "On a shared desk: needs a checker" to the help of the command at `path` below `c`.
fn note_level(c: clap::Command, path: &[&str], level: crate::domain::Level) -> clap::Command {
    if let Some((next, rest)) = path.split_first() {
        return c.mut_subcommand(*next, |sub| note_level(sub, rest, level));
    }
    let note = format!(
        "On a shared PostgreSQL desk: needs {} or above.",
        level.with_article()
    );
    let help = match c.get_after_help() {
        Some(before) => format!("{before}\n\n{note}"),
        None => note,
    };
    c.after_help(help)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a claim (or a new appearance of a claim already tracked)
    #[command(
        after_help = "Example:\n  claimtrack add \"We didn't get there.\" --speaker \"Donald Trump\" --source \"Al Jazeera\" --said-on 2025-08-15 --tag ukraine"
    )]
    Add(AddArgs),
    /// Mark claims verified
    #[command(
        after_help = "Example:\n  claimtrack verify 12 --verdict true --evidence https://example.org/transcript"
    )]
    Verify(StatusArgs),
    /// Mark claims disputed
    #[command(
        after_help = "Example:\n  claimtrack dispute 7 --verdict mostly_false --label Misleading --reason \"No such deal\""
    )]
    Dispute(StatusArgs),
    /// Put claims in review
    #[command(
        after_help = "Examples:\n  claimtrack review 12\n  claimtrack list --tag ukraine --format ids | xargs -r claimtrack review"
    )]
    Review(SimpleStatusArgs),
    /// Re-open claims (back to unverified; clears the verdict)
    #[command(after_help = "Examples:\n  claimtrack reopen 12 --reason \"New figures published\"")]
    Reopen(SimpleStatusArgs),
    /// Set any status: unverified, in_review, verified, disputed, unverifiable
    #[command(
        after_help = "Example:\n  claimtrack status 3 4 unverifiable --reason \"No recording exists\""
    )]
    Status(SetStatusArgs),
    /// Approve fact-checks: a second person signs off a finding before it is published
    #[command(
        after_help = "Examples:\n  claimtrack dispute 7 --verdict false --explanation \"No such deal was signed.\"\n  claimtrack approve 7 --by editor     # someone other than who rated it\n  claimtrack outstanding --stage draft  # checks waiting for sign-off"
    )]
    Approve(IdsArgs),
    /// Publish approved fact-checks (then a new verdict is a correction, made in public)
    #[command(
        after_help = "Example:\n  claimtrack publish 7 --review-url https://example.org/checks/7 --date 2025-08-20"
    )]
    Publish(PublishArgs),
    /// Take published fact-checks down (back to draft), saying why
    #[command(
        after_help = "Example:\n  claimtrack unpublish 7 --reason \"The figure was for 2023\""
    )]
    Unpublish(UnpublishArgs),
    /// Add a note to a claim, optionally with a follow-up date
    #[command(
        after_help = "Example:\n  claimtrack note 5 \"Ask the Kremlin press office\" --follow-up +7d"
    )]
    Note(NoteArgs),
    /// List open follow-ups with their claims
    #[command(
        after_help = "Examples:\n  claimtrack followups --overdue\n  claimtrack followups --due +7d --format csv"
    )]
    Followups(FollowupsArgs),
    /// Close follow-ups
    #[command(
        after_help = "Examples:\n  claimtrack done 4\n  claimtrack followups --overdue --format ids | xargs -r claimtrack done"
    )]
    Done(DoneArgs),
    /// Correct a claim's words, speaker, date or context (old values are kept in the log)
    #[command(
        after_help = "Example:\n  claimtrack edit 12 --text \"We did not get there.\" --said-on 2025-08-15"
    )]
    Edit(EditArgs),
    /// Delete claims (asks first; `undo` brings them back)
    #[command(
        after_help = "Examples:\n  claimtrack delete 12\n  claimtrack delete 12 13 --yes\n  claimtrack undo        # brings the last one back"
    )]
    Delete(DeleteArgs),
    /// Revert your last operation whole (or operation OP): every field it changed goes back
    #[command(
        after_help = "Examples:\n  claimtrack dispute 12 --verdict false\n  claimtrack undo              # claim 12 is back to what it was\n  claimtrack undo --dry-run    # what it would change, changing nothing\n  claimtrack undo 3            # operation 3 (claimtrack log shows ids)\n  claimtrack redo              # and back again"
    )]
    Undo(UndoArgs),
    /// Re-apply what your last undo took back
    #[command(after_help = "Examples:\n  claimtrack undo\n  claimtrack redo")]
    Redo(RedoArgs),
    /// The operation log: every command that changed the database, newest first
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  claimtrack log\n  claimtrack log --claim 12 --format json\n  claimtrack log show 1       # every old -> new value it recorded"
    )]
    Log(LogArgs),
    /// Link evidence to a claim
    #[command(
        after_help = "Example:\n  claimtrack evidence 5 https://example.org/report --title \"UN report\" --stance refutes"
    )]
    Evidence(EvidenceArgs),
    /// Add or remove tags on a claim
    #[command(
        after_help = "Examples:\n  claimtrack tag 12 ukraine \"#Peace Deal\"\n  claimtrack tag 12 ukraine --remove"
    )]
    Tag(TagArgs),
    /// Everything about one claim: appearances, history, notes, evidence, tags
    #[command(after_help = "Examples:\n  claimtrack show 12\n  claimtrack show 12 --format json")]
    Show(ShowArgs),
    /// List claims
    #[command(
        after_help = "Example:\n  claimtrack list --speaker Putin --status disputed --since 2025-08-01"
    )]
    List(ListArgs),
    /// The review queue: claims still unverified or in review, overdue follow-ups first, then
    /// by check-worthiness
    #[command(
        after_help = "Examples:\n  claimtrack outstanding --limit 20\n  claimtrack outstanding --limit 20 --after 8      # the next page, after claim 8\n  claimtrack outstanding --tag ukraine --search ceasefire"
    )]
    Outstanding(ListArgs),
    /// Full-text search over claims and speakers, best match first
    #[command(
        after_help = "Examples:\n  claimtrack search ceasefire\n  claimtrack search '\"peace deal\" OR ceasefire*' --status disputed\n  claimtrack search 'speaker:putin moscow'"
    )]
    Search(SearchArgs),
    /// Claims by anyone that say nearly the same as this one (as `match` finds them)
    #[command(
        after_help = "Examples:\n  claimtrack similar 12\n  claimtrack similar 12 --threshold 0.6 --format json"
    )]
    Similar(SimilarArgs),
    /// Set a claim's check-worthiness by hand (0-100), or `auto`
    #[command(after_help = "Examples:\n  claimtrack priority 12 90\n  claimtrack priority 12 auto")]
    Priority(PriorityArgs),
    /// Give claims to a checker (`me` for yourself)
    #[command(
        after_help = "Examples:\n  claimtrack assign 12 14 --to ana\n  claimtrack assign 12 --to me\n  claimtrack outstanding --mine"
    )]
    Assign(AssignArgs),
    /// Take claims off whoever has them
    #[command(after_help = "Example:\n  claimtrack unassign 12")]
    Unassign(IdsArgs),
    /// Set when claims' checks are due (`none` to clear)
    #[command(
        after_help = "Examples:\n  claimtrack due 12 2025-09-01\n  claimtrack due 12 14 +7d\n  claimtrack due 12 none"
    )]
    Due(DueArgs),
    /// Every speaker's scorecard: claims by status and verdict, share rated false or worse
    #[command(
        after_help = "Examples:\n  claimtrack speakers\n  claimtrack speakers --sort false --limit 10"
    )]
    Speakers(ScorecardArgs),
    /// Every source: how many claims appeared there and how many are still open
    #[command(
        after_help = "Examples:\n  claimtrack sources\n  claimtrack sources --sort open --limit 20"
    )]
    Sources(ScorecardArgs),
    /// One source's card and its latest claims
    #[command(
        after_help = "Examples:\n  claimtrack source \"Al Jazeera\"\n  claimtrack source \"Fox News\" --format json"
    )]
    Source(SourceArgs),
    /// Write claims out: JSON Lines or JSON (lossless, for ingest elsewhere), CSV, or ClaimReview
    #[command(
        after_help = "Examples:\n  claimtrack export --format jsonl -o backup.jsonl\n  claimtrack export --format csv --tag ukraine -o ukraine.csv\n  claimtrack export --format claimreview --publisher \"Example Checks\" --publisher-url https://checks.example.org --review-url-template 'https://checks.example.org/claims/{id}'"
    )]
    Export(ExportArgs),
    /// Copy the database to a file, consistently, even while others write
    #[command(
        after_help = "Examples:\n  claimtrack backup ~/backups/claims.db\n  claimtrack backup latest.db --force"
    )]
    Backup(BackupArgs),
    /// Keep copies of the pages claims cite (where they appeared, their evidence) as WARC files
    /// in the archive folder, with each page's SHA-256 in the database
    #[command(
        after_help = "Examples:\n  claimtrack archive 12 14\n  claimtrack archive --all\n  claimtrack archive --all --evidence-only --again\n  claimtrack show 12\n  claimtrack archive show 3 -o page.html\n  claimtrack archive --verify"
    )]
    Archive(ArchiveArgs),
    /// Replace the database with a backup (asks first)
    #[command(
        after_help = "Examples:\n  claimtrack restore ~/backups/claims.db\n  claimtrack restore latest.db --yes"
    )]
    Restore(RestoreArgs),
    /// Check the database: SQLite's integrity and foreign keys, the search index, the history
    #[command(after_help = "Examples:\n  claimtrack check\n  claimtrack check --format json")]
    Check(CheckArgs),
    /// The database itself: where it is, what it holds, compacting it
    #[command(
        after_help = "Examples:\n  claimtrack db path\n  claimtrack db info\n  claimtrack db vacuum\n  claimtrack db copy --to copy.db"
    )]
    Db(DbArgs),
    /// Settings: default database, your name, ClaimReview publisher, colour, list limit, language
    /// of new claims, archive folder
    #[command(
        after_help = "Examples:\n  claimtrack config set user \"Ana Lima\"\n  claimtrack config set publisher \"Example Checks\"\n  claimtrack config list\n  claimtrack config path"
    )]
    Config(ConfigArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Install, for example:\n  claimtrack completions bash > ~/.local/share/bash-completion/completions/claimtrack\n  claimtrack completions zsh > ~/.zfunc/_claimtrack\n  claimtrack completions fish > ~/.config/fish/completions/claimtrack.fish"
    )]
    Completions(CompletionsArgs),
    /// Write man pages (claimtrack.1 and one per command) into a folder
    #[command(
        after_help = "Install, for example:\n  claimtrack man ~/.local/share/man/man1\n  man claimtrack-outstanding     # then"
    )]
    Man(ManArgs),
    /// Claim counts by status, verdict, speaker, source, tag or month, with bars
    #[command(
        after_help = "Examples:\n  claimtrack stats --by verdict\n  claimtrack stats --by month --speaker putin\n  claimtrack stats --by tag --outstanding --format csv"
    )]
    Stats(StatsArgs),
    /// Write an HTML report: counts, charts, the queue, speaker scorecards and sources, in one
    /// self-contained file
    #[command(
        after_help = "Examples:\n  claimtrack report -o report.html\n  claimtrack report -o ukraine.html --tag ukraine --since 2025-08-01"
    )]
    Report(ReportArgs),
    /// Add claims from files: JSON Lines, JSON, CSV, TSV, or articles (their quotations)
    #[command(
        after_help = "Examples:\n  claimtrack ingest sample_data/alaska-summit-claims.jsonl\n  claimtrack ingest sample_data/alaska-summit-article.txt --source \"Al Jazeera\" --url https://example.org/a --published 2025-08-16\n  claimtrack ingest politifact.csv --map text=quote,speaker=name,verdict=ruling,said_on=description\n  claimtrack ingest liar.tsv --map text=3,speaker=5,verdict=2 --skip-invalid --rejects bad.tsv"
    )]
    Ingest(IngestArgs),
    /// Show the quotations and speakers found in an article, or a transcript's statements by
    /// speaker, without storing anything
    #[command(
        after_help = "Examples:\n  claimtrack extract sample_data/alaska-summit-article.txt\n  claimtrack extract article.md --format json\n  claimtrack extract sample_data/town-hall-transcript.txt --all   # every statement, not only the check-worthy"
    )]
    Extract(ExtractArgs),
    /// One speaker's card; or correct speakers: add an alias, merge two into one
    #[command(
        after_help = "Examples:\n  claimtrack speaker putin\n  claimtrack speaker alias \"Donald Trump\" \"President Trump\"\n  claimtrack add \"We will meet again soon.\" --speaker \"D. Trump\"\n  claimtrack speaker merge \"D. Trump\" \"Donald Trump\"   # one person: claims move, the name becomes an alias\n  claimtrack speaker kind \"Melinda Haring\" person   # or organisation, group, unknown"
    )]
    Speaker(SpeakerArgs),
    /// Has this been checked before? The checked claims a text repeats, best first, each with a
    /// score from 0 to 1 and why
    #[command(
        name = "match",
        after_help = "Examples:\n  claimtrack match \"Crime doubled in Chicago last year\"\n  claimtrack match --file posts.txt --format json\n  claimtrack match \"unemployment fell to 3.5%\" --all --limit 3\n\nA score of 0.55 or more, with no figures that differ, is taken for a repeat (\"repeat\": true): add and ingest link such claims as they arrive. On the CheckThat! 2020 dev set, 113 links of 113 were right."
    )]
    Match(MatchArgs),
    /// Mark a claim as repeating another (one already checked, as a rule)
    #[command(
        after_help = "Examples:\n  claimtrack link 14 12       # claim 14 says again what claim 12 said\n  claimtrack show 14          # lists it under Links\n  claimtrack unlink 14 12"
    )]
    Link(LinkArgs),
    /// Take away the link between two claims, whichever way it points
    #[command(after_help = "Example:\n  claimtrack unlink 14 12")]
    Unlink(LinkArgs),
    /// Checked claims that came back: how often, by whom and where, newest first
    #[command(
        after_help = "Examples:\n  claimtrack repeats --since -7d\n  claimtrack repeats --verdict false,mostly_false --format json\n  claimtrack repeats --scan        # first links what arrived unlinked (a load of over 10,000 records)"
    )]
    Repeats(RepeatsArgs),
    /// Give a claim the verdict of a checked claim it repeats: status, verdict, evidence and
    /// fact-check, in its history, and link the two
    #[command(
        after_help = "Examples:\n  claimtrack dispute 12 --verdict false\n  claimtrack adopt 14 12      # claim 14 takes claim 12's verdict, evidence and fact-check\n  claimtrack list --tag repeat --status unverified   # repeats waiting for a checker"
    )]
    Adopt(AdoptArgs),
    /// People on a shared PostgreSQL desk: who reads, checks, edits, and manages
    #[command(
        after_help = "Roles: a reader reads; a checker adds, rates, notes, tags, edits, assigns, ingests and undoes their own work; an editor also deletes, merges speakers, sets priorities and undoes anyone's work; an admin also manages people and upgrades.\n\nExamples:\n  claimtrack desk add-user ana --role checker\n  claimtrack desk users\n  claimtrack desk set-role ana editor\n  claimtrack desk whoami"
    )]
    Desk(DeskArgs),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SpeakerArgs {
    #[command(flatten)]
    pub who: ActorArg,
    #[command(subcommand)]
    pub action: Option<SpeakerAction>,
    /// The speaker: full name, alias, or a part of the name only one speaker has
    pub name: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[allow(clippy::struct_excessive_bools)] // independent switches
pub struct ArchiveArgs {
    #[command(flatten)]
    pub who: ActorArg,
    #[command(subcommand)]
    pub action: Option<ArchiveAction>,
    /// Claims whose pages to fetch
    #[arg(value_name = "ID", required_unless_present_any = ["all", "verify"])]
    pub ids: Vec<i64>,
    /// Every claim's pages
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// Only the evidence's links, not the pages where the claims appeared
    #[arg(long)]
    pub evidence_only: bool,
    /// Fetch pages already kept again (pages change; the old copies stay)
    #[arg(long)]
    pub again: bool,
    /// Re-hash every kept copy and say which are missing or no longer match
    #[arg(long, conflicts_with_all = ["ids", "all", "evidence_only", "again"])]
    pub verify: bool,
    /// Give up on a page after this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Keep no page larger than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_size: u64,
    /// Fetch from private and local addresses too (127.0.0.1, 10.x, 192.168.x, 169.254.x...),
    /// which are refused by default: the URLs come from what the desk ingests
    #[arg(long)]
    pub allow_private: bool,
    #[command(flatten)]
    pub dir: ArchiveDirArg,
    #[command(flatten)]
    pub format: SummaryFormatArg,
}

#[derive(Debug, Args)]
pub struct ArchiveDirArg {
    /// The archive folder [default: the config's archive_dir, else DB.archive beside a SQLite
    /// database]
    #[arg(long, value_name = "DIR")]
    pub archive_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveAction {
    /// Print a kept page as fetched (its body), or save it with -o
    Show {
        /// The snapshot's id (claimtrack show ID lists a claim's)
        snapshot: i64,
        /// Save the body to this file instead
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        dir: ArchiveDirArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum SpeakerAction {
    /// Let another name find this speaker (in filters and when claims arrive)
    Alias {
        /// The speaker
        name: String,
        /// The other name
        alias: String,
    },
    /// Say what sort of speaker this is: person, organisation, group or unknown (ClaimReview
    /// types a claimant Person or Organization by it; until said, it is guessed from the name)
    Kind {
        /// The speaker
        name: String,
        /// person, organisation, group or unknown
        kind: SpeakerKind,
    },
    /// Give a speaker another name ("chain-email" → "Chain email"); the old name stays as an
    /// alias, so inputs that use it still find them
    Rename {
        /// The speaker
        name: String,
        /// The new name
        new: String,
    },
    /// Make two speakers one: FROM's claims move to INTO (identical claims become one) and FROM's
    /// name becomes an alias
    Merge {
        /// The speaker to fold in
        from: String,
        /// The speaker that stays
        into: String,
    },
}

/// Who makes a change, for the history.
#[derive(Debug, Args)]
pub struct ActorArg {
    /// Your name in the history of changes [default: $CLAIMTRACK_USER, else the config's user,
    /// else $USER, else your login name]
    #[arg(long = "by", value_name = "NAME", global = true)]
    pub actor: Option<String>,
}

impl Command {
    /// The `--by` name given to a command that changes things.
    #[must_use]
    pub fn actor(&self) -> Option<&str> {
        let who = match self {
            Command::Add(a) => &a.who,
            Command::Verify(a) | Command::Dispute(a) => &a.who,
            Command::Review(a) | Command::Reopen(a) => &a.who,
            Command::Status(a) => &a.who,
            Command::Approve(a) | Command::Unassign(a) => &a.who,
            Command::Publish(a) => &a.who,
            Command::Unpublish(a) => &a.who,
            Command::Note(a) => &a.who,
            Command::Done(a) => &a.who,
            Command::Evidence(a) => &a.who,
            Command::Tag(a) => &a.who,
            Command::Link(a) | Command::Unlink(a) => &a.who,
            Command::Adopt(a) => &a.who,
            Command::Repeats(a) => &a.who,
            Command::Priority(a) => &a.who,
            Command::Assign(a) => &a.who,
            Command::Due(a) => &a.who,
            Command::Ingest(a) => &a.who,
            Command::Speaker(a) => &a.who,
            Command::Archive(a) => &a.who,
            Command::Edit(a) => &a.who,
            Command::Delete(a) => &a.who,
            Command::Undo(a) => &a.who,
            Command::Redo(a) => &a.who,
            _ => return None,
        };
        who.actor.as_deref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// Just the ids, one a line: for piping into another command
    Ids,
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output of a command that prints a summary or a report, not rows of claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SummaryFormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub format: SummaryFormat,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// The claim, in the speaker's words
    pub text: String,
    /// Who said it
    #[arg(long, short)]
    pub speaker: String,
    /// The speaker's title or role ("U.S. President")
    #[arg(long)]
    pub role: Option<String>,
    /// Where it appeared: outlet or programme ("Al Jazeera")
    #[arg(long)]
    pub source: Option<String>,
    /// Link to where it appeared
    #[arg(long)]
    pub url: Option<String>,
    /// Kind of source: article, interview, broadcast, social_post, transcript, speech, document, other
    #[arg(long, value_name = "KIND")]
    pub source_kind: Option<String>,
    /// When it was said (YYYY-MM-DD, today, yesterday, -3d ...)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub said_on: Option<String>,
    /// Circumstances ("on Fox News", "at a rally")
    #[arg(long)]
    pub context: Option<String>,
    /// Tag (repeatable)
    #[arg(long = "tag", short, value_name = "TAG")]
    pub tags: Vec<String>,
    /// The language it was made in (a code: en, fr, pt-BR) [default: the config's `language`]
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    pub language: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ChangeOptions {
    /// Rating: true, mostly_true, mixed, mostly_false, false, fabricated
    #[arg(long)]
    pub verdict: Option<Verdict>,
    /// The publisher's own words for the rating ("Pants on Fire")
    #[arg(long)]
    pub label: Option<String>,
    /// Why (kept in the history)
    #[arg(long)]
    pub reason: Option<String>,
    /// Evidence link (repeatable)
    #[arg(long = "evidence", value_name = "URL")]
    pub evidence: Vec<String>,
    /// The published fact-check of this claim (ClaimReview's url)
    #[arg(long, value_name = "URL")]
    pub review_url: Option<String>,
    /// The fact-check's headline (ClaimReview's headline)
    #[arg(long, value_name = "TEXT")]
    pub review_title: Option<String>,
    /// What the check found, in a sentence or two (ClaimReview's ratingExplanation)
    #[arg(long, value_name = "TEXT")]
    pub explanation: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    #[command(flatten)]
    pub change: ChangeOptions,
}

#[derive(Debug, Args)]
pub struct SimpleStatusArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Why (kept in the history)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetStatusArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids, then the new status
    #[arg(required = true, num_args = 2.., value_name = "ID... STATUS")]
    pub args: Vec<String>,
    #[command(flatten)]
    pub change: ChangeOptions,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim id
    pub id: i64,
    /// The note; without it, read from standard input, or written in $EDITOR at a terminal
    pub text: Option<String>,
    /// Date to follow up by (YYYY-MM-DD, +7d, tomorrow ...)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub follow_up: Option<String>,
}

#[derive(Debug, Args)]
pub struct FollowupsArgs {
    /// Only follow-ups already past due
    #[arg(long, conflicts_with = "due")]
    pub overdue: bool,
    /// Only follow-ups due on or before this date
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub due: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Note ids (as shown by `claimtrack followups`)
    #[arg(required = true, value_name = "NOTE_ID")]
    pub ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim id
    pub id: i64,
    /// The corrected words
    #[arg(long)]
    pub text: Option<String>,
    /// The right speaker
    #[arg(long)]
    pub speaker: Option<String>,
    /// When it was said
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub said_on: Option<String>,
    /// Circumstances ("on Fox News")
    #[arg(long)]
    pub context: Option<String>,
    /// The language it was made in (a code: en, fr, pt-BR)
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    pub language: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Do not ask
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// The operation to revert (claimtrack log shows ids) [default: your last one]
    #[arg(value_name = "OP")]
    pub op: Option<i64>,
    /// Say what the undo would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before reverting more than 100 claims
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RedoArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Say what the redo would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(subcommand)]
    pub command: Option<LogCommand>,
    /// How many operations to show, newest first
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only operations by this person
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only operations that changed this claim
    #[arg(long, value_name = "ID")]
    pub claim: Option<i64>,
    #[command(flatten)]
    pub format: SummaryFormatArg,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Every old -> new value one operation recorded
    Show {
        /// Operation id
        #[arg(value_name = "OP")]
        op: i64,
        #[command(flatten)]
        format: SummaryFormatArg,
    },
}

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim id
    pub id: i64,
    /// Link to the evidence
    pub url: String,
    #[arg(long)]
    pub title: Option<String>,
    /// What it does for the claim
    #[arg(long, default_value = "context")]
    pub stance: Stance,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim id
    pub id: i64,
    /// Tags to add (or remove)
    #[arg(required = true)]
    pub tags: Vec<String>,
    /// Remove these tags instead
    #[arg(long)]
    pub remove: bool,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// The claim that repeats
    pub claim: i64,
    /// The claim it repeats
    pub repeats: i64,
}

#[derive(Debug, Args)]
pub struct RepeatsArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// First link unchecked claims to the checked claims they repeat, as add and ingest do when
    /// claims arrive
    #[arg(long)]
    pub scan: bool,
    /// Only repeats said (else added) on or after this date (YYYY-MM-DD, -7d...); with --scan,
    /// only claims added since
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only checked claims rated so: true, mostly_true, mixed, mostly_false, false, fabricated
    /// (comma separated or repeated)
    #[arg(long = "verdict", value_name = "VERDICT", value_delimiter = ',')]
    pub verdicts: Vec<String>,
    /// At most this many claims
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// The claim that takes the verdict
    pub claim: i64,
    /// The checked claim it repeats
    pub from: i64,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Claim id
    pub id: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only claims matching this full-text search (words, "a phrase", prefix*, AND/OR/NOT)
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub format: FormatArg,
    /// Exit with status 1 when no claim matches (for scripts)
    #[arg(long)]
    pub exit_status: bool,
}

/// Which claims: shared by every command that lists claims.
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // flags on the command line
pub struct FilterArgs {
    /// Only this status (repeatable)
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only claims still unverified or in review
    #[arg(long)]
    pub outstanding: bool,
    /// Only claims rated so: true, mostly_true, mixed, mostly_false, false, fabricated (comma
    /// separated or repeated)
    #[arg(long = "verdict", value_name = "VERDICT", value_delimiter = ',')]
    pub verdicts: Vec<String>,
    /// Only claims with a verdict
    #[arg(long, conflicts_with = "unrated")]
    pub rated: bool,
    /// Only claims without a verdict
    #[arg(long, conflicts_with = "verdicts")]
    pub unrated: bool,
    /// Only claims by this speaker (full name, alias or one of the names)
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only claims that appeared in this source (name or URL)
    #[arg(long)]
    pub source: Option<String>,
    /// Only claims with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only claims said on or after this date
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only claims said on or before this date
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only claims with a follow-up past due
    #[arg(long)]
    pub overdue: bool,
    /// Only claims assigned to this checker (`me`: you; `none`: to nobody)
    #[arg(long, value_name = "NAME|me|none")]
    pub assignee: Option<String>,
    /// Only claims assigned to you (as --assignee me)
    #[arg(long, conflicts_with = "assignee")]
    pub mine: bool,
    /// Only checks at this stage of sign-off: draft, approved, published (comma separated or
    /// repeated); with `outstanding`, the checks waiting for it
    #[arg(long = "stage", value_name = "STAGE", value_delimiter = ',')]
    pub stages: Vec<String>,
}

/// In what order, and which page.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// Order by: said, added, updated, priority, speaker (also queue, relevance)
    #[arg(long, value_name = "KEY")]
    pub sort: Option<SortKey>,
    /// Reverse the order
    #[arg(long)]
    pub reverse: bool,
    /// Show at most N claims
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Continue after this claim id (the last one of the previous page), in the same order
    #[arg(long, value_name = "ID")]
    pub after: Option<i64>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "a phrase", prefix*, AND / OR / NOT, speaker:name
    pub query: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardSort {
    /// Most claims first
    Claims,
    /// Most still open first
    Open,
    /// Highest share rated false or worse first, counting how few were rated: ranked by the
    /// lower end of the share's 95% Wilson interval (2 of 3 ranks below 25 of 70); speakers with
    /// fewer than --min-rated rated claims are left out
    False,
    /// By name
    Name,
}

#[derive(Debug, Args)]
pub struct ScorecardArgs {
    /// Order
    #[arg(long, value_enum, default_value_t = CardSort::Claims)]
    pub sort: CardSort,
    /// With --sort false: leave out those with fewer rated claims than this
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_rated: i64,
    /// Reverse the order
    #[arg(long)]
    pub reverse: bool,
    /// Show at most N
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The source's name (or URL)
    pub name: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Group by: status, verdict, speaker, source, tag, month
    #[arg(long, default_value = "status", value_name = "GROUPING")]
    pub by: StatsBy,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only claims matching this full-text search
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The HTML file to write (replaced whole, never half-written)
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The page's heading [default: Claims report]
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub action: DbAction,
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Print the database's path
    Path,
    /// Size, counts, schema and SQLite versions
    Info {
        #[command(flatten)]
        format: SummaryFormatArg,
    },
    /// Compact the file (after large deletions or merges)
    Vacuum,
    /// Copy the whole database (ids, history, notes, evidence, the operation log) into an empty
    /// one: from a file to PostgreSQL to move a desk there, or back
    Copy {
        /// The database to fill: postgres://USER@HOST:PORT/DB or a file
        #[arg(long, value_name = "URL|PATH")]
        to: std::ffi::OsString,
    },
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting
    Get { key: String },
    /// Change one setting: db, user, publisher, publisher_url, color, limit, language,
    /// archive_dir
    Set { key: String, value: String },
    /// Remove one setting
    Unset { key: String },
    /// Print every setting
    List,
    /// Print where the settings file is
    Path,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Folder to write the pages into
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy
    pub file: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup made by `claimtrack backup` (or any claimtrack database)
    pub file: PathBuf,
    /// Do not ask
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub format: SummaryFormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Json,
    Csv,
    /// schema.org ClaimReview JSON-LD, one per resolved claim
    Claimreview,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only claims matching this full-text search
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Write to this file instead of standard output (replaced whole, never half-written)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// ClaimReview: the organisation publishing the reviews
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// ClaimReview: the publisher's site
    #[arg(long, value_name = "URL")]
    pub publisher_url: Option<String>,
    /// ClaimReview: the review URL for claims without one; {id} becomes the claim id
    #[arg(long, value_name = "URL")]
    pub review_url_template: Option<String>,
    /// ClaimReview: also the reviews imported from other publishers' markup, under their names
    /// and URLs (never ours)
    #[arg(long)]
    pub include_imported: bool,
    /// ClaimReview: wrap each in a <script type="application/ld+json"> block for an HTML page
    #[arg(long)]
    pub html: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Claim id
    pub id: i64,
    /// How sure that it says the same, from 0 to 1: the score `match` gives (0.55 and up is
    /// taken for a repeat)
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Show at most N claims
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct PriorityArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim id
    pub id: i64,
    /// 0 to 100; or `auto` to go back to the computed score
    pub priority: String,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Who checks them: a name, or `me`
    #[arg(long, value_name = "NAME|me")]
    pub to: String,
}

#[derive(Debug, Args)]
pub struct IdsArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Where the fact-check is published (ClaimReview's url)
    #[arg(long, value_name = "URL")]
    pub review_url: Option<String>,
    /// When it was published [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct UnpublishArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Why it is taken down (kept, and said in public)
    #[arg(long, required = true)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Claim ids, then the date (YYYY-MM-DD, today, or an offset such as +7d) or `none`
    #[arg(required = true, num_args = 2.., value_name = "ID... DATE")]
    pub args: Vec<String>,
}

#[allow(clippy::struct_excessive_bools)] // independent switches
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub who: ActorArg,
    /// Files of claims (JSON Lines, JSON, CSV, TSV) or articles (plain text, Markdown)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The files' format [default: from the extension, else the content]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Kind>,
    /// CSV/TSV columns for fields, by header name or number from 1: text=quote,speaker=name
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub map: Vec<String>,
    /// The CSV/TSV has no header row (the default when --map names only numbers)
    #[arg(long, conflicts_with = "header")]
    pub no_header: bool,
    /// The CSV/TSV has a header row, even though --map names columns by number
    #[arg(long)]
    pub header: bool,
    /// Articles: the outlet they appeared in
    #[arg(long)]
    pub source: Option<String>,
    /// Articles: the article's link
    #[arg(long)]
    pub url: Option<String>,
    /// Articles: the headline
    #[arg(long)]
    pub title: Option<String>,
    /// Articles: the publication date
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub published: Option<String>,
    /// Articles: when the quotations were said, if known (the publication date is often a day later)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub said_on: Option<String>,
    /// Articles: also take the writer's own sentences as claims by the outlet
    #[arg(long)]
    pub include_narration: bool,
    /// Check and count what would be added, without writing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Write the good records and report the bad ones (default: a bad record stops the ingest)
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: save rejected records to this file, in their original form, for fixing
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Link new claims to the checked claims they repeat even in a load of more than 10,000
    /// records (smaller loads always do)
    #[arg(long)]
    pub link: bool,
    /// The language of claims whose record does not say (a code: en, fr, pt-BR) [default: the
    /// config's `language`]
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    pub language: Option<String>,
    #[command(flatten)]
    pub statements: StatementArgs,
    #[command(flatten)]
    pub format: SummaryFormatArg,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A plain-text or Markdown article, or a transcript (- reads standard input)
    pub file: PathBuf,
    /// What the file is: text (an article: its quotations) or transcript (labelled turns: their
    /// sentences) [default: from its first lines]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Kind>,
    #[command(flatten)]
    pub statements: StatementArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Which of a transcript's statements are taken.
#[derive(Debug, Args)]
pub struct StatementArgs {
    /// Transcripts: every statement, not only the check-worthy ones
    #[arg(long)]
    pub all: bool,
    /// Transcripts: the least check-worthiness (0-100) a statement needs [default: 50]
    #[arg(long, value_name = "N", conflicts_with = "all",
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_worth: Option<u8>,
    /// Transcripts: the full name of a label's speaker, when the transcript does not give it
    /// (repeatable)
    #[arg(long = "speaker-map", value_name = "LABEL=NAME")]
    pub speaker_map: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DeskArgs {
    #[command(subcommand)]
    pub action: DeskAction,
}

#[derive(Debug, Subcommand)]
pub enum DeskAction {
    /// Put someone on the desk with a role: a PostgreSQL login role, created when new; prints
    /// the URL they connect with
    AddUser {
        /// Their login name on the server
        name: String,
        /// reader, checker, editor or admin
        #[arg(long, value_parser = parse_level)]
        role: crate::domain::Level,
        /// Ask for a password to give them (without one they connect by name, where the server
        /// trusts local users or checks their system login)
        #[arg(long)]
        password: bool,
    },
    /// Everyone on the desk and their roles
    Users {
        #[command(flatten)]
        format: SummaryFormatArg,
    },
    /// Give someone on the desk another role
    SetRole {
        name: String,
        /// reader, checker, editor or admin
        #[arg(value_parser = parse_level)]
        role: crate::domain::Level,
    },
    /// Take someone off the desk (their login stays on the server, and their name in the log)
    RemoveUser { name: String },
    /// Who you are connected as, and your role
    Whoami,
}

fn parse_level(value: &str) -> Result<crate::domain::Level, String> {
    value.parse()
}

fn parse_language(value: &str) -> Result<String, String> {
    crate::domain::check_language(value)
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The text to look for (a post, a quote, a claim)
    #[arg(required_unless_present = "file")]
    pub text: Option<String>,
    /// Texts from a file instead, one a line, or JSON Lines with "text" (`-`: standard input)
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// How many claims to show for each text
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Claims not yet checked too (by default only verified, disputed and unverifiable ones)
    #[arg(long)]
    pub all: bool,
    /// Exit with status 1 when no claim scores 0.55 or more (is taken for a repeat)
    #[arg(long)]
    pub exit_status: bool,
    #[command(flatten)]
    pub format: FormatArg,
}
