//! claimtrack: a fact-check claim tracker on an embedded SQLite database. The binary in
//! `main.rs` is a thin shell over these layers; the library exists so fuzz targets and benches can
//! reach the parsers directly.

pub mod archive;
pub mod cli;
pub mod commands;
pub mod config;
pub mod domain;
pub mod ingest;
pub mod output;
pub mod private;
pub mod store;
