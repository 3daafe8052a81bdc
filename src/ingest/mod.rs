//! Readers that turn outside material (JSON Lines files, articles) into claim records.

pub mod extract;
pub mod jsonl;
