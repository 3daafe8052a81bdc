//! Databases written by past releases (tests/fixtures/schema-REV.db, made by the real binaries
//! of those commits with tests/fixtures/make.sh) upgrade to exactly the schema a fresh database
//! has, with every row still there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::Env;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "db"))
        .collect();
    found.sort();
    found
}

/// The schema as (type, name, SQL with whitespace runs made one space), SQLite's own objects
/// aside.
fn schema(db: &Path) -> BTreeSet<(String, String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))
        .unwrap()
        .map(|row| {
            let (kind, name, sql) = row.unwrap();
            (
                kind,
                name,
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

fn rows(db: &Path, sql: &str) -> BTreeSet<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..columns)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join(" | "))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// What every release kept, in columns every release had.
const KEPT: &[&str] = &[
    "SELECT id, text, speaker_id, said_on, created_at FROM claims",
    "SELECT id, name, name_key, role FROM speakers",
    "SELECT alias_key, alias, speaker_id FROM speaker_aliases",
    "SELECT id, name, url, kind, published_on FROM sources",
    "SELECT id, claim_id, source_id FROM appearances",
    "SELECT id, claim_id, url, stance FROM evidence",
    "SELECT claim_id, tag FROM claim_tags",
    "SELECT id, claim_id, text, follow_up_on, done_at FROM notes",
    "SELECT id, claim_id, from_status, to_status, verdict, actor, at FROM status_history",
];

#[test]
fn databases_from_past_releases_upgrade_to_the_fresh_schema_with_every_row() {
    let fresh = Env::new();
    fresh.ok(&["add", "A claim here.", "--speaker", "A"]);
    let want = schema(&fresh.db);
    let all = fixtures();
    assert!(all.len() >= 3, "fixtures: {all:?}");
    for fixture in all {
        let env = Env::new();
        std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
        std::fs::copy(&fixture, &env.db).unwrap();
        let before: Vec<BTreeSet<String>> = KEPT.iter().map(|q| rows(&env.db, q)).collect();
        assert!(!before[0].is_empty(), "{} has claims", fixture.display());
        let out = env.ok(&["check"]);
        assert!(
            out.contains("all checks passed"),
            "{}: {out}",
            fixture.display()
        );
        let got = schema(&env.db);
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: schema differs from a fresh one\nmissing: {missing:#?}\nextra: {extra:#?}",
            fixture.display()
        );
        for (query, kept) in KEPT.iter().zip(&before) {
            let now = rows(&env.db, query);
            let lost: Vec<_> = kept.difference(&now).collect();
            assert!(
                lost.is_empty(),
                "{}: {query} lost {lost:#?}",
                fixture.display()
            );
        }
        // Migration 21: every computed priority is the fitted score's; one set by hand stays.
        let conn = Connection::open(&env.db).unwrap();
        let mut stmt = conn
            .prepare("SELECT text, priority, priority_by IS NOT NULL FROM claims")
            .unwrap();
        let claims: Vec<(String, i64, bool)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let by_hand = before_priorities(&fixture);
        for (text, priority, set_by_hand) in claims {
            if set_by_hand {
                assert_eq!(Some(&priority), by_hand.get(&text), "{text}");
            } else {
                let want = claimtrack::domain::check_worthiness(&text).priority();
                assert_eq!(priority, i64::from(want), "{}: {text}", fixture.display());
            }
        }
        // Claims stay searchable, once each.
        let hits = env.json(&["search", "putin", "--limit", "100"]);
        let ids: BTreeSet<i64> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_i64().unwrap())
            .collect();
        assert_eq!(
            ids.len(),
            hits.as_array().unwrap().len(),
            "{}",
            fixture.display()
        );
        assert!(!ids.is_empty(), "{}", fixture.display());
    }
}

/// The priorities a fixture's people set by hand, by claim text.
fn before_priorities(fixture: &Path) -> std::collections::HashMap<String, i64> {
    let conn = Connection::open(fixture).unwrap();
    let mut stmt = conn
        .prepare("SELECT text, priority FROM claims WHERE priority_by IS NOT NULL")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn restoring_an_old_backup_leaves_the_backup_as_it_was() {
    let fixture = fixtures().into_iter().next().unwrap();
    let env = Env::new();
    let backup = env.dir.path().join("old.db");
    std::fs::copy(&fixture, &backup).unwrap();
    // As a backup of a live database would be: in WAL mode.
    let conn = Connection::open(&backup).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    drop(conn);
    let bytes = std::fs::read(&backup).unwrap();
    env.ok(&["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        bytes,
        "the backup was not upgraded in place"
    );
    let beside: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("old.db-"))
        .collect();
    assert!(
        beside.is_empty(),
        "nothing left beside the backup: {beside:?}"
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn restoring_a_backup_copied_with_its_wal_takes_every_committed_claim() {
    let env = Env::new();
    env.ok(&["add", "A claim here.", "--speaker", "A"]);
    let live = env.db.clone();
    // A reader keeps the log from being folded in while three more claims are committed.
    let reader = Connection::open(&live).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM claims;")
        .unwrap();
    for i in 0..3 {
        env.ok(&["add", &format!("Claim {i} added later."), "--speaker", "B"]);
    }
    let backup = env.dir.path().join("copy.db");
    std::fs::copy(&live, &backup).unwrap();
    let mut wal = live.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::copy(&wal, env.dir.path().join("copy.db-wal")).unwrap();
    drop(reader);
    let other = Env::new();
    let out = other.ok(&["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.contains("Restored 4 claims"), "{out}");
}
