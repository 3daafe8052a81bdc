//! Integration tests: the real binary on temporary databases, with a cleared environment, a fixed
//! clock and a fixed terminal width.
//!
//! Each test's database is a SQLite file, or with `CLAIMTRACK_TEST_ENGINE=postgres` a fresh
//! database on a PostgreSQL server (`tests/on-postgres.sh` runs the suite so, on a throwaway
//! server, less the tests `skip-on-postgres.txt` names, each with the reason).

// Test helpers panic by design and are not an API.
#![allow(
    clippy::missing_panics_doc,
    clippy::must_use_candidate,
    clippy::new_without_default,
    clippy::format_push_string
)]

mod archive;
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
mod repeats;
mod report;
mod safety;
mod signoff;
mod speakers;
mod states;
mod transcripts;
mod upgrade;
mod weigh;
mod written;

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
    /// On the PostgreSQL pass, the database, dropped with the `Env`; while it is there, a
    /// command's `--by NAME` is run connected as the role NAME instead, the server's way of
    /// acting as someone (and the role of every other command is `tester`).
    pass: Option<pg::Database>,
}

/// Whether `Env::new()` gives PostgreSQL databases (`CLAIMTRACK_TEST_ENGINE=postgres`).
pub fn on_postgres() -> bool {
    match std::env::var("CLAIMTRACK_TEST_ENGINE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("CLAIMTRACK_TEST_ENGINE={other}: expected sqlite or postgres"),
    }
}

/// The tests the PostgreSQL pass skips, with why: `skip-on-postgres.txt`, a test's name and the
/// reason on each line.
pub fn skipped_on_postgres() -> impl Iterator<Item = (&'static str, &'static str)> {
    include_str!("skip-on-postgres.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once(char::is_whitespace).unwrap_or((l, "")))
        .map(|(name, why)| (name, why.trim()))
}

impl Env {
    /// A database for the test: a SQLite file, or on the PostgreSQL pass a server database.
    pub fn new() -> Env {
        if !on_postgres() {
            return Env::sqlite();
        }
        // The harness names each test's thread after the test.
        let test = std::thread::current()
            .name()
            .unwrap_or_default()
            .to_string();
        if let Some((_, why)) = skipped_on_postgres().find(|(name, _)| *name == test) {
            panic!("{test} is not for PostgreSQL ({why}); tests/on-postgres.sh skips it");
        }
        let server = pg::shared();
        server.role("tester");
        let database = server.scratch();
        Env {
            url: Some(pg::as_role(&database.url(), "tester")),
            user: None,
            pass: Some(database),
            ..Env::sqlite()
        }
    }

    /// A SQLite file, whichever the pass.
    pub fn sqlite() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("claims.db");
        Env {
            dir,
            db,
            url: None,
            user: Some("tester"),
            pass: None,
        }
    }

    /// The same, on a PostgreSQL database.
    pub fn on(url: String) -> Env {
        Env {
            url: Some(url),
            user: None,
            ..Env::sqlite()
        }
    }

    /// Whether the database is there: the file, or on a server the schema (which the first
    /// write makes).
    pub fn exists(&self) -> bool {
        match &self.url {
            Some(url) => !postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .query(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()",
                    &[],
                )
                .unwrap()
                .is_empty(),
            None => self.db.exists(),
        }
    }

    /// `sqlite` on a file, `postgres` on a server: for SQL that differs between them.
    pub fn pick<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        if self.url.is_some() { postgres } else { sqlite }
    }

    /// The first column of each row `sql` returns, as integers: counts and ids, read straight
    /// from the database to check what commands say.
    pub fn ints(&self, sql: &str) -> Vec<i64> {
        match &self.url {
            Some(url) => postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .query(sql, &[])
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect(),
            None => rusqlite::Connection::open(&self.db)
                .unwrap()
                .prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect(),
        }
    }

    /// Runs `sql` on the database behind claimtrack's back.
    pub fn execute(&self, sql: &str) {
        match &self.url {
            Some(url) => postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
            None => rusqlite::Connection::open(&self.db)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
        }
    }

    /// What the database holds, to prove a command left it untouched: the file's bytes, or
    /// every row on a server.
    pub fn contents(&self) -> Vec<u8> {
        match &self.url {
            Some(_) => self.dump().into_bytes(),
            None => std::fs::read(&self.db).unwrap(),
        }
    }

    /// Takes the lock claimtrack's writers take turns with, as another writer would, until the
    /// value returned is dropped.
    pub fn hold_write_lock(&self) -> Box<dyn Send> {
        if let Some(url) = &self.url {
            let mut sql = postgres::Client::connect(url, postgres::NoTls).unwrap();
            // The advisory lock of src/store/postgres: "ClTw".
            sql.execute("SELECT pg_advisory_lock(x'436C5477'::BIGINT)", &[])
                .unwrap();
            Box::new(sql)
        } else {
            let conn = rusqlite::Connection::open(&self.db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            Box::new(conn)
        }
    }

    /// `claimtrack` with only what the test gives it.
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }

    /// The same, as a plain process: for spawning, killing, and threads.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut url = self.url.clone();
        let mut args = args.to_vec();
        if self.pass.is_some()
            && let Some(by) = take_actor(&mut args)
        {
            pg::shared().role(by);
            url = url.map(|u| pg::as_role(&u, by));
        }
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("claimtrack"));
        cmd.env_clear()
            .env(
                "CLAIMTRACK_DB",
                url.as_deref()
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

/// Takes `--by NAME` (or `--by=NAME`) out of a command's arguments and returns NAME; `stats --by`
/// groups, and is left alone.
fn take_actor<'a>(args: &mut Vec<&'a str>) -> Option<&'a str> {
    // The command: the first word that is neither an option nor the value of a global one.
    let mut words = args.iter();
    let command = loop {
        match words.next() {
            Some(&("--db" | "--color")) => {
                words.next();
            }
            Some(w) if w.starts_with('-') => {}
            other => break other.copied(),
        }
    };
    if command == Some("stats") {
        return None;
    }
    let at = args
        .iter()
        .position(|a| *a == "--by" || a.starts_with("--by="))?;
    if let Some(name) = args[at].strip_prefix("--by=") {
        args.remove(at);
        return Some(name);
    }
    let name = *args.get(at + 1)?;
    args.drain(at..=at + 1);
    Some(name)
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
        let wide = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap()
            .column_count()
            > 1;
        let order = if wide { "1, 2" } else { "1" };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}"))
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
