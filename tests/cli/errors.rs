//! Bad input of every kind: a clear message, a non-zero exit code, and an unchanged database.

use crate::Env;

fn seeded() -> Env {
    let env = Env::new();
    env.ok(&["add", "Claim A", "--speaker", "A"]);
    env.ok(&["note", "1", "n", "--follow-up", "2025-09-01"]);
    env
}

#[test]
fn bad_arguments_change_nothing() {
    let env = seeded();
    let before = env.dump();
    let cases: &[(&[&str], i32, &str)] = &[
        (&["verify", "99"], 1, "no claim with id 99"),
        (&["verify", "1", "99"], 1, "no claim with id 99"),
        (&["show", "42"], 1, "no claim with id 42"),
        (&["note", "42", "text"], 1, "no claim with id 42"),
        (&["done", "42"], 1, "no note with id 42"),
        (&["tag", "42", "x"], 1, "no claim with id 42"),
        (
            &["evidence", "42", "https://e.org"],
            1,
            "no claim with id 42",
        ),
        (&["evidence", "1", "not a url"], 2, "not a link"),
        (
            &["add", "x", "--speaker", "A", "--said-on", "2025-02-30"],
            2,
            "'2025-02-30' is not a date",
        ),
        (
            &["add", "x", "--speaker", "A", "--said-on", "2099-01-01"],
            2,
            "--said-on: 2099-01-01 is in the future",
        ),
        (&["add", "  ", "--speaker", "A"], 2, "claim text: is empty"),
        (&["add", "x", "--speaker", "  "], 2, "--speaker: is empty"),
        (
            &["add", "x", "--speaker", "A", "--url", "ftp://x"],
            2,
            "--url",
        ),
        (
            &["note", "1", "x", "--follow-up", "someday"],
            2,
            "--follow-up: 'someday' is not a date",
        ),
        (&["list", "--since", "tomorrow-ish"], 2, "--since"),
        (&["list", "--status", "done"], 2, "unknown status 'done'"),
        (&["status", "1", "done"], 2, "unknown status 'done'"),
        (&["status", "x", "verified"], 2, "'x' is not a claim id"),
        (
            &["verify", "1", "--verdict", "sorta"],
            2,
            "unknown verdict 'sorta'",
        ),
        (&["verify", "abc"], 2, "invalid value 'abc'"),
        (&["frobnicate"], 2, "unrecognized subcommand"),
    ];
    for (args, code, message) in cases {
        let err = env.fails(args, *code);
        assert!(
            err.contains(message),
            "{args:?}: expected '{message}' in: {err}"
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
    let huge = "word ".repeat(5_000);
    let err = env.fails(&["add", &huge, "--speaker", "A"], 2);
    assert!(err.contains("limit is 20000"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_read_on_a_missing_database_creates_nothing() {
    let env = Env::new();
    let err = env.fails(&["list"], 1);
    assert!(
        err.contains("no database at") && err.contains("claimtrack add"),
        "{err}"
    );
    assert!(!env.exists());
    assert!(!env.db.parent().unwrap().exists());
}

#[test]
fn check_on_a_missing_database_creates_nothing() {
    let env = Env::new();
    let err = env.fails(&["check"], 1);
    assert!(err.contains("no database at"), "{err}");
    assert!(!env.exists());
}

#[test]
fn an_ingest_that_writes_nothing_leaves_no_database_behind() {
    let env = Env::new();
    let bad = env.file(
        "bad.jsonl",
        b"{\"text\":\"a b c\",\"speaker\":\"X\"}\nnot json\n",
    );
    let err = env.fails(&["ingest", &bad], 1);
    assert!(
        err.contains("bad.jsonl:2:") && err.contains("nothing was ingested"),
        "{err}"
    );
    let err = env.fails(&["ingest", "no-such-file.jsonl"], 1);
    assert!(
        err.contains("cannot open") && err.contains("nothing was ingested"),
        "{err}"
    );
    let err = env.fails(&["ingest", "/dev/null"], 1);
    assert!(err.contains("is not a regular file"), "{err}");
    env.ok(&["ingest", &bad, "--skip-invalid", "--dry-run"]);
    assert!(!env.exists());
    env.ok(&["ingest", &bad, "--skip-invalid"]);
    assert!(env.exists());
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let env = seeded();
    env.execute(env.pick(
        "PRAGMA user_version = 99",
        "INSERT INTO claimtrack_schema (version, checksum) VALUES (99, 'from a later claimtrack')",
    ));
    let before = env.contents();
    for args in [&["list"][..], &["add", "x", "--speaker", "y"]] {
        let err = env.fails(args, 1);
        assert!(
            err.contains("newer claimtrack") && err.contains("schema version 99"),
            "{err}"
        );
    }
    assert_eq!(env.contents(), before);
}

#[test]
fn a_file_that_is_not_our_database_is_refused_untouched() {
    let env = Env::new();
    let random: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let path = env.file("random.db", &random);
    let other = env.dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let other_bytes = std::fs::read(&other).unwrap();
    for args in [
        &["list"][..],
        &["add", "x", "--speaker", "y"],
        &["ingest", "/dev/null"],
    ] {
        let mut with_db = vec!["--db", path.as_str()];
        with_db.extend_from_slice(args);
        let err = env.fails(&with_db, 1);
        assert!(
            err.contains("not a claimtrack database") || err.contains("is empty"),
            "{err}"
        );
        let mut with_other = vec!["--db", other.to_str().unwrap()];
        with_other.extend_from_slice(args);
        env.fails(&with_other, 1);
    }
    assert_eq!(std::fs::read(&path).unwrap(), random);
    assert_eq!(std::fs::read(&other).unwrap(), other_bytes);
}

#[test]
fn bad_ingest_files_get_clear_messages() {
    let env = seeded();
    let before = env.dump();
    let dir = env.dir.path().to_str().unwrap().to_string();
    let cases: Vec<(String, &str)> = vec![
        (env.file("empty.jsonl", b""), "is empty"),
        (env.file("binary.jsonl", b"\x00\x01\x02{}"), "binary"),
        (
            env.file(
                "latin1.jsonl",
                b"{\"text\":\"caf\xe9\",\"speaker\":\"A\"}\n",
            ),
            ":1: is not valid UTF-8",
        ),
        (
            env.file("array.jsonl", b"[\"text\",\"speaker\"]\n"),
            ":1: is not a JSON object",
        ),
        (
            env.file("number.jsonl", b"{\"text\":5,\"speaker\":\"A\"}\n"),
            ":1: text: invalid type: integer `5`",
        ),
        (
            env.file(
                "status.jsonl",
                b"{\"text\":\"x\",\"speaker\":\"A\",\"status\":\"maybe\"}\n",
            ),
            ":1: status: unknown status 'maybe'",
        ),
        (
            env.file("truncated.jsonl", b"{\"text\":\"x\",\"speaker\":\"A\""),
            ":1: is not valid JSON: EOF while parsing",
        ),
        (
            env.file("broken.jsonl", b"{not json\n"),
            ":1: is not valid JSON: key must be a string",
        ),
        (
            env.file(
                "future.jsonl",
                b"{\"text\":\"x\",\"speaker\":\"A\",\"said_on\":\"2099-01-01\"}\n",
            ),
            ":1: said_on: 2099-01-01 is in the future",
        ),
        (dir.clone(), "is a directory"),
        (format!("{dir}/missing.jsonl"), "cannot open"),
    ];
    for (file, message) in cases {
        let err = env.fails(&["ingest", &file], 1);
        assert!(
            err.contains(message),
            "{file}: expected '{message}' in: {err}"
        );
        assert_eq!(env.dump(), before, "{file} changed the database");
    }
}

#[test]
fn a_truncated_database_is_reported_and_left_alone() {
    let env = seeded();
    env.ok(&["ingest", &crate::sample("alaska-summit-claims.jsonl")]);
    env.ok(&["db", "vacuum"]);
    let bytes = std::fs::read(&env.db).unwrap();
    let cut = &bytes[..bytes.len() / 3];
    std::fs::write(&env.db, cut).unwrap();
    for args in [&["list"][..], &["add", "x", "--speaker", "y"], &["check"]] {
        let out = env.cmd(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            err.contains("damaged") || err.contains("malformed") || said.contains("problem"),
            "{args:?}: {err} {said}"
        );
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), cut);
}

#[test]
fn a_database_in_a_folder_that_cannot_be_written_is_refused() {
    let env = Env::new();
    let locked = env.dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    }
    // Root writes anywhere; then there is nothing to test.
    if std::fs::write(locked.join("probe"), b"").is_ok() {
        eprintln!("skipped: this user can write into a read-only folder");
        return;
    }
    let db = locked.join("claims.db");
    let err = env.fails(
        &["--db", db.to_str().unwrap(), "add", "x", "--speaker", "y"],
        1,
    );
    assert!(
        err.contains("cannot create") && err.contains("claims.db"),
        "{err}"
    );
    let err = env.fails(&["--db", db.to_str().unwrap(), "list"], 1);
    assert!(err.contains("no database at"), "{err}");
}

#[test]
fn a_megabyte_claim_in_a_file_is_refused_by_line() {
    let env = seeded();
    let before = env.dump();
    let huge = "word ".repeat(400_000);
    let file = env.file(
        "huge.jsonl",
        format!(
            "{{\"text\":\"fine\",\"speaker\":\"A\"}}\n{{\"text\":\"{huge}\",\"speaker\":\"A\"}}\n"
        )
        .as_bytes(),
    );
    let err = env.fails(&["ingest", &file], 1);
    assert!(
        err.contains("huge.jsonl:2: text: is 1999999 characters long; the limit is 20000"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert_eq!(env.dump(), before);
}
