//! Storage: where claims are kept. The commands use what this module exports: the traits in
//! `engine` and the functions that open a database. Which engine holds the data (SQLite, in
//! `sqlite/`) stays behind them, errors included (`StoreError`).

pub mod common;
mod engine;
mod error;
mod location;
mod oplog;
mod postgres;
mod revert;
mod sqlite;

use std::path::Path;

pub use engine::{
    BulkLoad, Desk, MatchIndex, REFRESH_IN_WRITES, Reads, Storage, Transfer, Upkeep, Writes,
};
pub use error::{Result, StoreError};
pub use location::{Location, without_password};
pub use oplog::{Digest, OpFilter, OpRecord};
pub use sqlite::{engine_version, remove_database, trace_sql};

use crate::domain::Clock;

/// An open database, whichever engine holds it.
pub type Store = Box<dyn Storage>;

/// A write transaction in progress.
pub type Tx<'a> = dyn Writes + 'a;

/// Whether a command may write; read commands never create or change the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Opens (and for writes, creates and migrates) the database at `location`.
pub fn open(location: &Location, access: Access, clock: Clock, actor: &str) -> Result<Store> {
    Ok(match location {
        Location::File(path) => Box::new(sqlite::Store::open(path, access, clock, actor)?),
        Location::Postgres(url) => Box::new(postgres::Store::open(url, access, clock, actor)?),
    })
}

/// As [`open`] for writing, for a load: on a server without claimtrack's schema yet, the
/// schema is made in the load's first transaction, so a load that commits nothing leaves nothing
/// behind (a file is taken away by the caller; see `remove_database`).
pub fn open_for_load(location: &Location, clock: Clock, actor: &str) -> Result<Store> {
    Ok(match location {
        Location::File(path) => Box::new(sqlite::Store::open(path, Access::Write, clock, actor)?),
        Location::Postgres(url) => Box::new(postgres::Store::open_for_load(url, clock, actor)?),
    })
}

/// Whether there is a claimtrack database at `location`: a file, or a server database with the
/// schema (asked over a connection of its own).
pub fn exists(location: &Location) -> Result<bool> {
    match location {
        Location::File(path) => Ok(path.exists()),
        Location::Postgres(url) => postgres::has_schema(url),
    }
}

/// A private copy of the database for a dry run, gone when dropped (see
/// `sqlite::Store::rehearsal`).
pub fn rehearsal(location: &Location, clock: Clock, actor: &str) -> Result<Store> {
    match location {
        Location::File(path) => Ok(Box::new(sqlite::Store::rehearsal(path, clock, actor)?)),
        Location::Postgres(url) => Ok(Box::new(postgres::Store::rehearsal(url, clock, actor)?)),
    }
}

/// The database role a server connection acts as (the user it connects as), or `None` for a
/// file.
pub fn server_role(location: &Location) -> Result<Option<String>> {
    match location {
        Location::File(_) => Ok(None),
        Location::Postgres(url) => postgres::role(url).map(Some),
    }
}

/// How many claims a backup file holds, after checking it is ours and not newer; the file is
/// only read.
pub fn peek(path: &Path) -> Result<i64> {
    sqlite::Store::peek(path)
}
