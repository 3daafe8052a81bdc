//! The operation log's records as the store hands them out, whatever the engine.

use crate::domain::{Operation, RowChange, RowRange};

/// Which operations to list.
#[derive(Debug, Default, Clone)]
pub struct OpFilter {
    pub actor: Option<String>,
    pub claim: Option<i64>,
    pub limit: Option<usize>,
}

/// An operation and what it recorded, without its changed rows themselves: those can be
/// millions (an undone ingest), so they are read one at a time (`each_change`).
#[derive(Debug, Clone)]
pub struct OpRecord {
    pub op: Operation,
    pub ranges: Vec<RowRange>,
    /// Claims it inserted one by one (not in ranges).
    pub claims_inserted: Vec<i64>,
}

/// What an operation changed, for people: every row when there are few, else counts by table
/// and kind ("200,000 appearances rows removed").
#[derive(Debug, Clone)]
pub enum Digest {
    Rows(Vec<RowChange>),
    Counts(Vec<(String, &'static str, usize)>),
}

impl OpRecord {
    /// How many claims the operation created, by rows and by ranges.
    #[must_use]
    pub fn claims_created(&self) -> usize {
        self.claims_inserted.len() + self.claim_ranges().map(RowRange::len).sum::<usize>()
    }

    /// The ranges of claims the operation created in bulk.
    pub fn claim_ranges(&self) -> impl Iterator<Item = &RowRange> {
        self.ranges.iter().filter(|r| r.table == "claims")
    }
}
