//! What can go wrong in the store, in words that say what to do about it, whichever engine
//! holds the data: an engine's own errors arrive as `Engine`, their type kept inside it.

use std::path::PathBuf;

/// What can go wrong below the commands; each message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no database at {path}\nstart one by adding a claim (claimtrack add \"TEXT\" --speaker NAME) or ingesting a file (claimtrack ingest FILE)"
    )]
    Missing { path: PathBuf },
    #[error(
        "{path} was written by a newer claimtrack (schema version {found}; this build knows up to {supported})\nupgrade claimtrack to open it; it was not changed"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path} is not a claimtrack database ({why}); it was not changed")]
    NotOurs { path: PathBuf, why: String },
    #[error(
        "{path} is damaged ({why}); the file was not changed\nrestore it from a backup, or try: sqlite3 {path} .recover"
    )]
    Damaged { path: PathBuf, why: String },
    #[error(
        "claim {id}: {state}{}\na claim rated {v} is {s}: {cmd}; nothing was changed",
        if *kept { " (it keeps its verdict unless you give --verdict)" } else { "" },
        v = state.verdict,
        s = state.verdict.implied_status(),
        cmd = crate::domain::command_for(*id, state.verdict)
    )]
    Contradiction {
        id: i64,
        state: crate::domain::Contradiction,
        kept: bool,
    },
    /// A sign-off step out of order, or a change a published check may not take silently.
    #[error(transparent)]
    SignOff(#[from] crate::domain::SignOffError),
    #[error("the match index does not read back ({0}); it is built again on the next match")]
    MatchIndex(String),
    #[error("no claim with id {0}")]
    ClaimNotFound(i64),
    #[error("no snapshot with id {0} (claimtrack show ID lists a claim's)")]
    SnapshotNotFound(i64),
    #[error("claim {id} was merged into claim {into} on {at} ({why}): claimtrack show {into}")]
    ClaimMerged {
        id: i64,
        into: i64,
        at: String,
        why: String,
    },
    #[error("no speaker called '{0}' (claimtrack list shows who is tracked)")]
    SpeakerNotFound(String),
    #[error("'{name}' could mean any of: {}; give the full name", candidates.join(", "))]
    SpeakerAmbiguous {
        name: String,
        candidates: Vec<String>,
    },
    #[error(
        "'{alias}' already names {owner}; to make them one person, use: claimtrack speaker merge"
    )]
    AliasTaken { alias: String, owner: String },
    #[error(
        "'{given}' is not a speaker's name but leads to {speaker}; to merge {speaker} away, give that name in full"
    )]
    MergeByOtherName { given: String, speaker: String },
    #[error("both names are {0}: nothing to merge")]
    SameSpeaker(String),
    #[error(
        "'{0}' is not a search claimtrack can run: use words, \"a phrase\", prefix*, AND, OR, NOT"
    )]
    BadSearch(String),
    #[error("sorting by relevance needs a search (--search QUERY)")]
    SearchNeedsQuery,
    #[error(
        "claim {other} by the same speaker already says this; edit claim {id} differently, or delete one of them"
    )]
    EditClash { id: i64, other: i64 },
    #[error(
        "{path} is busy: {holder} has held the write lock for over a minute; nothing was changed, try again when it finishes"
    )]
    Busy { path: PathBuf, holder: String },
    #[error("cannot restore {0}")]
    Restore(String),
    #[error("no operation with id {0} (claimtrack log lists them)")]
    OperationNotFound(i64),
    #[error(
        "cannot {verb} op {op}: later operations changed the same rows: {}\n{verb} those first, or leave it; nothing was changed",
        later.join("; ")
    )]
    Blocked {
        verb: String,
        op: i64,
        later: Vec<String>,
    },
    #[error("op {op} is already undone (by op {by}); claimtrack redo puts it back")]
    AlreadyReverted { op: i64, by: i64 },
    #[error("no note with id {0}")]
    NoteNotFound(i64),
    #[error("note {0} has no follow-up date, so there is nothing to mark done")]
    NotAFollowUp(i64),
    // The io error is part of the message, not a `source`: printed with its chain it would say
    // the same thing twice.
    #[error("cannot create {path}: {why}")]
    Create { path: PathBuf, why: String },
    #[error("cannot lock {path} for a large load: {why}")]
    Lock { path: PathBuf, why: String },
    /// The desk's rules (or the database's grants) refuse the role connected: in words.
    #[error("{0}")]
    NotAllowed(String),
    #[error(
        "{name} is already {level} on this desk: claimtrack desk set-role {name} ROLE changes it"
    )]
    OnDesk { name: String, level: String },
    #[error("{0} is not on this desk (claimtrack desk users lists who is)")]
    NotOnDesk(String),
    /// Done with the database server's own tools (backups of PostgreSQL): what to run instead.
    #[error("{0}")]
    ServerTools(String),
    /// Work inside a transaction failed for a reason of its own (given to its caller), so the
    /// transaction was rolled back. Never shown: `write_or` hands back the caller's error.
    #[error("the transaction was abandoned")]
    Abandoned,
    /// A failure inside the database engine, in its own words. Which engine it is stays inside
    /// the store: nothing above it names rusqlite.
    #[error("{message}")]
    Engine {
        message: String,
        /// A constraint (unique, foreign key, check) refused a write.
        constraint: bool,
    },
}

impl StoreError {
    /// A request the rules refuse (exit 2, like a usage error), not a failure to carry it out.
    #[must_use]
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::Contradiction { .. }
                | StoreError::SignOff(_)
                | StoreError::ServerTools(_)
                | StoreError::NotAllowed(_)
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<crate::domain::match_index::Unreadable> for StoreError {
    fn from(e: crate::domain::match_index::Unreadable) -> StoreError {
        StoreError::MatchIndex(e.0)
    }
}

impl crate::domain::match_index::Unreadability for StoreError {
    fn is_unreadable(&self) -> bool {
        matches!(self, StoreError::MatchIndex(_))
    }
}
