//! Integration tests: the real binary on temporary databases, with a cleared environment, a fixed
//! clock and a fixed terminal width.

// Test helpers panic by design and are not an API.
#![allow(
    clippy::missing_panics_doc,
    clippy::must_use_candidate,
    clippy::new_without_default,
    clippy::format_push_string
)]

mod basics;
mod corrections;
mod desk;
mod engines;
mod errors;
mod examples;
mod find;
mod formats;
mod ingest;
mod looks;
mod manners;
mod newuser;
mod oplog;
mod pg;
mod report;
mod safety;
mod speakers;
mod states;
mod upgrade;
mod weigh;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The time every test runs at.
pub const NOW: &str = "2025-08-20T12:00:00Z";

/// A scratch folder with a database path in it.
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    /// A PostgreSQL database to use instead of the file `db`.
    pub url: Option<String>,
    /// `CLAIMTRACK_USER` (none on a server: there the actor is the role connected as).
    pub user: Option<&'static str>,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("claims.db");
        Env {
            dir,
            db,
            url: None,
            user: Some("tester"),
        }
    }

    /// The same, on a PostgreSQL database.
    pub fn on(url: String) -> Env {
        Env {
            url: Some(url),
            user: None,
            ..Env::new()
        }
    }

    /// `claimtrack` with only what the test gives it.
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }

    /// The same, as a plain process: for spawning, killing, and threads.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("claimtrack"));
        cmd.env_clear()
            .env(
                "CLAIMTRACK_DB",
                self.url
                    .as_deref()
                    .map_or(self.db.as_os_str(), std::ffi::OsStr::new),
            )
            .env("CLAIMTRACK_NOW", NOW)
            .env("COLUMNS", "100")
            .env("TZ", "UTC")
            .env("HOME", self.dir.path())
            .args(args);
        if let Some(user) = self.user {
            cmd.env("CLAIMTRACK_USER", user);
        }
        cmd
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with_notes(args).0
    }

    /// Runs and expects success; returns stdout and stderr (where notes go).
    pub fn ok_with_notes(&self, args: &[&str]) -> (String, String) {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Runs and expects failure with `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Writes a file in the scratch folder and returns its path as a string.
    pub fn file(&self, name: &str, content: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// A digest of every row of every table, to prove a failed command changed nothing.
    pub fn dump(&self) -> String {
        match &self.url {
            Some(url) => dump_pg(url),
            None => dump(&self.db),
        }
    }

    /// The claims and everything attached, without the logs that only grow: what an undo must
    /// put back exactly.
    pub fn state(&self) -> String {
        self.dump()
            .lines()
            .filter(|l| {
                [
                    "speakers:",
                    "speaker_aliases:",
                    "sources:",
                    "claims:",
                    "appearances:",
                    "notes:",
                    "evidence:",
                    "claim_tags:",
                ]
                .iter()
                .any(|t| l.starts_with(t))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every row of every table and the schema version, as text: equal dumps mean equal databases.
pub fn dump(db: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut out = String::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    writeln!(out, "version {version}").unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => {
                        format!("{:?}", String::from_utf8_lossy(t))
                    }
                    other => format!("{other:?}"),
                })
                .collect();
            writeln!(out, "{table}: {}", cells.join(" | ")).unwrap();
        }
    }
    out
}

/// Every row of every table of a PostgreSQL database, as `dump` gives a file's (rows as JSON,
/// the search words left out: they follow from the rest).
pub fn dump_pg(url: &str) -> String {
    let mut sql = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let tables: Vec<String> = sql
        .query(
            "SELECT table_name::TEXT FROM information_schema.tables
              WHERE table_schema = current_schema() ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for table in tables {
        let rows = sql
            .query(
                &format!("SELECT (to_jsonb(t) - 'search')::TEXT FROM \"{table}\" t ORDER BY 1"),
                &[],
            )
            .unwrap();
        for row in rows {
            writeln!(out, "{table}: {}", row.get::<_, String>(0)).unwrap();
        }
    }
    out
}

pub fn sample(name: &str) -> String {
    format!("{}/sample_data/{name}", env!("CARGO_MANIFEST_DIR"))
}
