//! Storage: where claims are kept. The commands use what this module exports; which engine holds
//! the data (SQLite today, in `sqlite/`) stays behind it, errors included (`StoreError`).

mod error;
mod sqlite;

pub use error::{Result, StoreError};
pub use sqlite::{
    Access, Digest, LoadPlan, OpFilter, OpRecord, Store, Tx, changed_fields, engine_version,
    remove_database, trace_sql,
};
