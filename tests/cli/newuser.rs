//! What a new user hit: each a small thing, each with a test.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::{Env, sample};

fn many_claims(env: &Env, n: usize) {
    let mut lines = String::new();
    for i in 0..n {
        let _ = writeln!(
            lines,
            "{{\"text\": \"Claim number {i} is here.\", \"speaker\": \"S {}\"}}",
            i % 9
        );
    }
    let file = env.file("many.jsonl", lines.as_bytes());
    env.ok(&["ingest", &file]);
}

/// Runs `args`, reads `lines` lines of its output and closes the pipe, as `| head` does.
fn head(env: &Env, args: &[&str], lines: usize) -> (Option<i32>, String) {
    let mut child = env
        .process(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
    }
    drop(out);
    let result = child.wait_with_output().unwrap();
    (
        result.status.code(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
    )
}

#[test]
fn json_output_into_a_closed_pipe_ends_quietly() {
    let env = Env::new();
    many_claims(&env, 3000);
    for args in [
        &["list", "--format", "json", "--limit", "3000"][..],
        &["export", "--format", "jsonl"][..],
        &["export", "--format", "json"][..],
    ] {
        assert_eq!(head(&env, args, 2), (Some(0), String::new()), "{args:?}");
    }
}

#[test]
fn output_files_never_replace_the_database_or_an_input() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let before = env.dump();
    let db = env.db.to_str().unwrap().to_string();
    let wal = format!("{db}-wal");
    for args in [
        vec!["report", "-o", &db],
        vec!["export", "-o", &db],
        vec!["export", "-o", &wal],
        vec!["backup", &wal, "--force"],
    ] {
        let err = env.fails(&args, 2);
        assert!(err.contains("is the database"), "{args:?}: {err}");
    }
    let input = env.file(
        "in.jsonl",
        b"{\"text\": \"A claim here.\", \"speaker\": \"A\"}\n",
    );
    let err = env.fails(&["ingest", &input, "--skip-invalid", "--rejects", &db], 2);
    assert!(err.contains("is the database"), "{err}");
    assert_eq!(env.dump(), before);
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn export_says_what_it_wrote_and_keeps_the_file_private() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let path = env.dir.path().join("out.csv");
    let out = env.ok(&["export", "--format", "csv", "-o", path.to_str().unwrap()]);
    assert_eq!(out, format!("Wrote 16 claim(s) to {}.\n", path.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn backup_makes_its_folder_and_restore_names_a_missing_file() {
    let env = Env::new();
    env.ok(&["add", "A claim here.", "--speaker", "A"]);
    let dest = env.dir.path().join("new").join("folder").join("b.db");
    env.ok(&["backup", dest.to_str().unwrap()]);
    assert!(dest.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dest.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let missing = env.dir.path().join("nope.db");
    let err = env.fails(&["restore", missing.to_str().unwrap(), "--yes"], 2);
    assert!(
        err.contains("the backup file") && err.contains("is missing"),
        "{err}"
    );
}

#[test]
fn extract_reads_standard_input() {
    let env = Env::new();
    let mut child = env
        .process(&["extract", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(sample("alaska-summit-article.txt")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let quotes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(quotes.as_array().unwrap().len() > 10);
}

#[test]
fn without_user_set_the_actor_is_the_login_name() {
    let env = Env::new();
    let out = env
        .process(&["add", "A claim here.", "--speaker", "A"])
        .env_remove("CLAIMTRACK_USER")
        .output()
        .unwrap();
    assert!(out.status.success());
    let actor = env.json(&["show", "1"])["history"][0]["actor"].clone();
    assert_ne!(actor, "unknown");
    assert_eq!(
        actor,
        serde_json::Value::String(whoami::username().unwrap())
    );
}

#[test]
fn config_set_edits_the_file_in_place_keeping_every_other_line() {
    let env = Env::new();
    let path = env.dir.path().join("config.toml");
    std::fs::write(
        &path,
        "# my settings\ndb = \"/data/claims.db\"\npublisher = \"Example Checks\"\ncolor = \"pink\"   # to fix\n",
    )
    .unwrap();
    let config = path.to_str().unwrap();
    let out = env
        .process(&["config", "set", "color", "never"])
        .env("CLAIMTRACK_CONFIG", config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "# my settings\ndb = \"/data/claims.db\"\npublisher = \"Example Checks\"\ncolor = \"never\"   # to fix\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A value with terminal escapes is shown clean.
    let out = env
        .process(&["config", "set", "user", "Ana \u{1b}[31mLima"])
        .env("CLAIMTRACK_CONFIG", config)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn tags_need_a_letter_or_digit_and_print_clean() {
    let env = Env::new();
    env.ok(&["add", "A claim here.", "--speaker", "A"]);
    env.fails(&["tag", "1", "\u{200b}\u{202e}"], 2);
    let out = env.ok(&["tag", "1", "ukr\u{202e}aine", "peace\u{1b}[2Jdeal"]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert_eq!(env.json(&["show", "1"])["tags"][1], "ukraine");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_before_anything_waits_on_it() {
    let env = Env::new();
    let fifo = env.dir.path().join("pipe.jsonl");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    let started = std::time::Instant::now();
    let err = env.fails(&["ingest", fifo], 1);
    assert!(err.contains("is not a regular file"), "{err}");
    let err = env.fails(&["extract", fifo], 1);
    assert!(err.contains("is not a regular file"), "{err}");
    let err = env.fails(&["--db", fifo, "list"], 1);
    assert!(err.contains("not a regular file"), "{err}");
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn a_given_role_replaces_one_the_extractor_guessed() {
    let env = Env::new();
    env.ok(&[
        "ingest",
        &sample("alaska-summit-article.txt"),
        "--source",
        "Blog post",
    ]);
    let card = env.json(&["speaker", "Halkett"]);
    assert_eq!(
        (card["role"].as_str(), card["role_guessed"].as_bool()),
        (Some("his colleague"), Some(true))
    );
    assert!(
        env.ok(&["speaker", "Halkett"])
            .contains("his colleague (guessed from an article)")
    );
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let card = env.json(&["speaker", "Halkett"]);
    assert_eq!(card["role"], "Al Jazeera correspondent");
    assert_eq!(card.get("role_guessed"), None);
    // A given role stays until someone changes it; a later guess does not replace it.
    env.ok(&[
        "ingest",
        &sample("alaska-summit-article.txt"),
        "--source",
        "Other blog",
    ]);
    assert_eq!(
        env.json(&["speaker", "Halkett"])["role"],
        "Al Jazeera correspondent"
    );
    // And the replacement is an operation like any other.
    let op = env.json(&["log", "show", "2"]);
    let changed = op["changes"].as_array().unwrap().iter().any(|c| {
        c["table"] == "speakers"
            && c["old"]["role"] == "his colleague"
            && c["new"]["role"] == "Al Jazeera correspondent"
            && c["new"]["role_guessed"] == 0
    });
    assert!(changed, "{op:#}");
}

#[test]
fn a_table_without_a_limit_stops_at_a_thousand_rows_and_says_so() {
    let env = Env::new();
    many_claims(&env, 1100);
    let out = env.ok(&["list"]);
    assert!(
        out.contains("1000 claims\n(the first 1000: --limit N shows more"),
        "{}",
        &out[out.len() - 300..]
    );
    let out = env.ok(&["search", "claim*"]);
    assert!(
        out.contains("(the first 1000:"),
        "{}",
        &out[out.len() - 300..]
    );
    assert_eq!(env.ok(&["list", "--format", "ids"]).lines().count(), 1100);
    assert!(!env.ok(&["list", "--limit", "1100"]).contains("(the first"));
}

#[test]
fn check_reports_every_damaged_row_and_keeps_going() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "UPDATE claims SET text = CAST(x'41ff42' AS TEXT) WHERE id = 2;
         UPDATE claims SET text = x'0102' WHERE id = 5;
         UPDATE claims SET priority = NULL WHERE id = 7;",
    )
    .unwrap();
    drop(conn);
    let out = env.cmd(&["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stdout);
    for finding in [
        "claim 2: its text is not valid UTF-8",
        "claim 5: its text is a blob of 2 bytes, not text",
        "claims without a priority: 1 (ids 7)",
    ] {
        assert!(err.contains(finding), "{finding} in {err}");
    }
}

#[test]
fn a_short_write_waits_for_a_long_one_instead_of_failing() {
    let env = Env::new();
    env.ok(&["add", "A claim here.", "--speaker", "A"]);
    let lock = env.hold_write_lock();
    let (held, release) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(3));
        drop(lock);
    });
    release.recv().unwrap();
    let started = std::time::Instant::now();
    env.ok(&["add", "Another claim here.", "--speaker", "A"]);
    assert!(
        started.elapsed().as_millis() > 2500,
        "it waited for the lock"
    );
    holder.join().unwrap();
    assert_eq!(env.json(&["list"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_path_under_a_file_is_named_once() {
    let env = Env::new();
    let file = env.file("plain", b"not a folder");
    let under = format!("{file}/claims.db");
    let err = env.fails(
        &["--db", &under, "add", "A claim here.", "--speaker", "A"],
        1,
    );
    assert_eq!(err.matches("is a file, not a folder").count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    env.ok(&["add", "A claim here.", "--speaker", "A"]);
    for args in [
        vec!["export".to_string(), "-o".into(), format!("{file}/out.csv")],
        vec!["backup".to_string(), format!("{file}/b.db")],
        vec!["man".to_string(), format!("{file}/man")],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = env.fails(&args, 2);
        assert!(
            err.contains("plain is a file, not a folder"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_merge_keeps_the_surer_role() {
    let env = Env::new();
    env.ok(&[
        "ingest",
        &sample("alaska-summit-article.txt"),
        "--source",
        "Blog post",
    ]);
    env.ok(&["add", "A claim here.", "--speaker", "K. Halkett"]);
    env.ok(&["speaker", "merge", "Kimberly Halkett", "K. Halkett"]);
    let card = env.json(&["speaker", "K. Halkett"]);
    assert_eq!(
        (card["role"].as_str(), card["role_guessed"].as_bool()),
        (Some("his colleague"), Some(true))
    );
    env.ok(&[
        "add",
        "Another claim.",
        "--speaker",
        "K. Halkett",
        "--role",
        "Correspondent",
    ]);
    assert_eq!(
        env.json(&["speaker", "K. Halkett"])["role"],
        "Correspondent"
    );
}
