//! Nothing lost: backups and restores, checks, many writers at once, kills mid-ingest, upgrades.

use std::fmt::Write as _;
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use crate::{Env, sample};

/// A fresh process with `base`'s program and environment, and these arguments.
fn base_with(base: &mut Process, args: &[String]) -> Process {
    let mut cmd = Process::new(base.get_program());
    cmd.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.args(args);
    cmd
}

fn count(env: &Env) -> usize {
    env.json(&["list"]).as_array().unwrap().len()
}

#[test]
fn backup_restore_and_check() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let backup = env.dir.path().join("backup.db");
    let b = backup.to_str().unwrap();
    env.ok(&["backup", b]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    env.fails(&["backup", b], 2);
    env.ok(&["add", "Added after the backup", "--speaker", "A"]);
    assert_eq!(count(&env), 17);
    // Not at a terminal, restore wants --yes.
    env.fails(&["restore", b], 2);
    assert_eq!(count(&env), 17);
    env.ok(&["restore", b, "--yes"]);
    assert_eq!(count(&env), 16);
    assert!(env.ok(&["check"]).contains("all checks passed"));
    let random = env.file("random.db", &[7u8; 4096]);
    let err = env.fails(&["restore", &random, "--yes"], 1);
    assert!(err.contains("not a claimtrack database"), "{err}");
    assert_eq!(count(&env), 16);
}

#[test]
fn check_finds_what_was_changed_behind_its_back() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.execute(env.pick(
        "UPDATE claims SET status = 'verified' WHERE id = 1;
         UPDATE claims SET text_key = x'00' WHERE id = 2;",
        "UPDATE claims SET status = 'verified' WHERE id = 1;
         UPDATE claims SET text_key = 'AB' WHERE id = 2;",
    ));
    let out = env.cmd(&["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("status is not their last recorded one: 1 (ids 1)"),
        "{text}"
    );
    assert!(text.contains("de-duplication key does not match"), "{text}");
}

#[test]
fn many_writers_at_once_all_land() {
    many_at_once(&Env::new(), 4, 1);
}

/// `writers` processes adding claims, changing one claim's status, noting and loading small
/// files, all at once, with `readers` reading the queue meanwhile: every command succeeds (a
/// writer waits for its turn rather than failing) and every write it acknowledged is there.
pub fn many_at_once(env: &Env, writers: usize, readers: usize) {
    const ROUNDS: usize = 8;
    env.ok(&["add", "seed", "--speaker", "S"]);
    let writers: Vec<_> = (0..writers)
        .map(|w| {
            let mut cmds = Vec::new();
            for i in 0..ROUNDS {
                cmds.push(vec![
                    "add".to_string(),
                    format!("Writer {w} claim {i}"),
                    "--speaker".into(),
                    format!("W{w}"),
                ]);
                cmds.push(vec![
                    "verify".into(),
                    "1".into(),
                    "--reason".into(),
                    format!("writer {w} pass {i}"),
                ]);
                cmds.push(vec!["note".into(), "1".into(), format!("note {w}.{i}")]);
                let file = env.file(
                    &format!("w{w}-{i}.jsonl"),
                    format!(
                        "{{\"text\": \"Loaded by {w} in round {i}\", \"speaker\": \"L{w}\", \"tags\": [\"load\"]}}\n"
                    )
                    .as_bytes(),
                );
                cmds.push(vec!["ingest".into(), file]);
            }
            let mut base = env.process(&[]);
            std::thread::spawn(move || {
                for args in cmds {
                    let out = base_with(&mut base, &args).output().unwrap();
                    assert!(
                        out.status.success(),
                        "{args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..readers)
        .map(|_| {
            let mut base = env.process(&[]);
            std::thread::spawn(move || {
                for _ in 0..20 {
                    let args = ["outstanding", "--limit", "5"].map(String::from);
                    let out = base_with(&mut base, &args).output().unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    let n = writers.len();
    for t in writers.into_iter().chain(readers) {
        t.join().unwrap();
    }
    assert_eq!(count(env), 1 + 2 * n * ROUNDS);
    let seed = env.json(&["show", "1"]);
    assert_eq!(seed["history"].as_array().unwrap().len(), 1 + n * ROUNDS);
    assert_eq!(seed["notes"].as_array().unwrap().len(), n * ROUNDS);
    assert_eq!(
        env.ok(&["list", "--tag", "load", "--format", "ids"])
            .lines()
            .count(),
        n * ROUNDS
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn a_killed_ingest_leaves_a_sound_database_and_finishes_when_run_again() {
    let env = Env::new();
    // None arrives checked: a second run would link repeats of claims the first one checked, as
    // a second command does, and so differ from one run.
    let mut lines = String::new();
    for i in 0..6000 {
        let _ = writeln!(
            lines,
            "{{\"text\":\"Claim {i}: prices rose {} percent\",\"speaker\":\"Speaker {}\",\"source\":\"Outlet {}\",\"tags\":[\"t{}\"],\"status\":\"{}\"}}",
            i % 97,
            i % 50,
            i % 30,
            i % 7,
            if i % 3 == 0 {
                "in_review"
            } else {
                "unverified"
            }
        );
    }
    let file = env.file("big.jsonl", lines.as_bytes());
    let clean = Env::new();
    clean.ok(&["ingest", &file]);
    let expected = clean.ok(&["export"]);
    for delay in [30u64, 90, 160, 250, 400, 600] {
        // Taken for a large load, so kills also land while its indexes are dropped.
        let mut child = env
            .process(&["ingest", &file])
            .env("CLAIMTRACK_BULK_RECORDS", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if env.exists() {
            assert!(
                env.ok(&["check"]).contains("all checks passed"),
                "after a kill at {delay} ms"
            );
        }
    }
    env.ok(&["ingest", &file]);
    assert_eq!(indexes(&env), indexes(&clean));
    // Same claims, statuses, tags and appearances as an uninterrupted run (times differ).
    let strip = |s: &str| -> String {
        s.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                let o = v.as_object_mut().unwrap();
                for k in ["created_at", "updated_at", "history"] {
                    o.remove(k);
                }
                for a in o["appearances"].as_array_mut().unwrap() {
                    a.as_object_mut().unwrap().remove("added_at");
                }
                v.to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&env.ok(&["export"])), strip(&expected));
}

#[test]
fn a_database_from_the_first_schema_upgrades_with_everything_intact() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1; PRAGMA application_id = 1131172971;
             INSERT INTO speakers (id, name, name_key, created_at) VALUES (1, 'Jane Doe', 'jane doe', '2025-01-01T00:00:00Z');
             INSERT INTO claims (id, text, text_key, speaker_id, status, verdict, created_at, updated_at)
                 VALUES (1, 'Unemployment fell to 3 percent in 2024', x'00', 1, 'disputed', 'false', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z');
             INSERT INTO status_history (claim_id, from_status, to_status, actor, at) VALUES (1, NULL, 'unverified', 'old', '2025-01-01T00:00:00Z');
             INSERT INTO status_history (claim_id, from_status, to_status, verdict, actor, at) VALUES (1, 'unverified', 'disputed', 'false', 'old', '2025-01-02T00:00:00Z');
             INSERT INTO notes (claim_id, text, author, created_at, follow_up_on) VALUES (1, 'ask the bureau', 'old', '2025-01-01T00:00:00Z', '2025-02-01');",
        )
        .unwrap();
        // The first schema's key, as the first version wrote it.
        let key = blake3_key("Unemployment fell to 3 percent in 2024");
        conn.execute("UPDATE claims SET text_key = ?1", [key])
            .unwrap();
    }
    let claim = env.json(&["show", "1"]);
    assert_eq!(claim["status"], "disputed");
    assert_eq!(claim["verdict"], "false");
    assert_eq!(claim["history"].as_array().unwrap().len(), 2);
    assert_eq!(claim["notes"][0]["text"], "ask the bureau");
    assert!(
        claim["priority"].as_u64().unwrap() > 30,
        "priority computed on upgrade"
    );
    assert_eq!(
        env.json(&["search", "unemployment"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "search index built on upgrade"
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
    let version: i64 = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version > 1);
}

/// The claim key as claimtrack computes it: blake3 of the normalised text, first 16 bytes.
fn blake3_key(text: &str) -> Vec<u8> {
    let normalised: String = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    blake3::hash(normalised.as_bytes()).as_bytes()[..16].to_vec()
}

/// The names of the database's indexes, and the rows of `deferred_indexes` (a file's: a load
/// on a server keeps its indexes).
fn indexes(env: &Env) -> (Vec<String>, i64) {
    if let Some(url) = &env.url {
        let names = postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .query(
                "SELECT indexname::TEXT FROM pg_indexes WHERE schemaname = current_schema()
                  ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        return (names, 0);
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let names = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let deferred = conn
        .query_row("SELECT count(*) FROM deferred_indexes", [], |r| r.get(0))
        .unwrap();
    (names, deferred)
}

#[test]
fn a_large_load_builds_its_indexes_at_the_end_and_a_killed_ones_are_built_by_the_next_write() {
    let env = Env::new();
    let normal = Env::new();
    let file = sample("alaska-summit-claims.jsonl");
    normal.ok(&["ingest", &file]);
    let bulk = env
        .cmd(&["ingest", &file])
        .env("CLAIMTRACK_BULK_RECORDS", "1")
        .output()
        .unwrap();
    assert!(bulk.status.success());
    assert_eq!(indexes(&env), indexes(&normal));
    assert_eq!(env.ok(&["export"]), normal.ok(&["export"]));

    // As a killed load leaves it: an index dropped and noted.
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "INSERT INTO deferred_indexes SELECT name, sql FROM sqlite_schema WHERE name = 'claims_said_on';
             DROP INDEX claims_said_on;",
        )
        .unwrap();
    }
    let (names, deferred) = indexes(&env);
    assert!(!names.contains(&"claims_said_on".to_string()) && deferred == 1);
    // While a load holds the lock, other writers leave the indexes to it, and everything works.
    let mut lock_path = env.db.as_os_str().to_owned();
    lock_path.push("-load.lock");
    let lock = std::fs::File::open(lock_path).unwrap();
    lock.lock_shared().unwrap();
    assert!(env.ok(&["list", "--since", "2025-08-01"]).contains("Trump"));
    assert!(env.ok(&["check"]).contains("all checks passed"));
    env.ok(&["tag", "1", "kept"]);
    assert_eq!(indexes(&env).1, 1);
    // ...and once no load runs, the next write builds them.
    drop(lock);
    env.ok(&["tag", "1", "again"]);
    assert_eq!(indexes(&env), indexes(&normal));
}
