//! Copies of the pages claims cite, as `archive` keeps them: one snapshot per fetch.

use serde::Serialize;

/// One fetch of a URL, as recorded: what came back and where its copy is, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub id: i64,
    #[serde(flatten)]
    pub fetch: NewSnapshot,
    pub fetched_by: String,
}

/// A fetch: what came back and where its copy is, or why there is none (a `Snapshot` once
/// recorded).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NewSnapshot {
    pub url: String,
    pub fetched_at: String,
    /// The HTTP status; `None` when no response came.
    pub http_status: Option<u16>,
    pub content_type: Option<String>,
    /// Bytes of the body.
    pub size: Option<u64>,
    /// The lowercase hex SHA-256 of the body as fetched.
    pub sha256: Option<String>,
    /// The WARC file, relative to the archive folder.
    pub path: Option<String>,
    /// Why the copy failed (no response, too large, an HTTP error status, unwritable).
    pub error: Option<String>,
}

/// Which URLs `archive` fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveScope<'a> {
    /// The claims given.
    Claims(&'a [i64]),
    /// Every claim.
    All,
}
