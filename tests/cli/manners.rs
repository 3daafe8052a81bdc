//! Output manners: the guide, completions, man pages, ids for piping, exit statuses, db info.

use crate::{Env, sample};

#[test]
fn no_arguments_prints_a_short_guide() {
    let env = Env::new();
    let guide = env.ok(&[]);
    assert!(
        guide.contains("Most used:") && guide.contains("claimtrack outstanding"),
        "{guide}"
    );
    assert!(!env.exists());
}

#[test]
fn completions_and_man_pages() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(
            env.ok(&["completions", shell]).contains("claimtrack"),
            "{shell}"
        );
    }
    env.fails(&["completions", "tcsh"], 2);
    let dir = env.dir.path().join("man");
    env.ok(&["man", dir.to_str().unwrap()]);
    let main = std::fs::read_to_string(dir.join("claimtrack.1")).unwrap();
    assert!(main.contains(".TH claimtrack"), "{main}");
    assert!(dir.join("claimtrack-outstanding.1").exists());
}

#[test]
fn ids_pipe_into_other_commands_and_exit_status_says_empty() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let ids = env.ok(&["list", "--tag", "analysis", "--format", "ids"]);
    assert_eq!(ids, "13\n11\n10\n9\n");
    let args: Vec<&str> = std::iter::once("review").chain(ids.lines()).collect();
    env.ok(&args);
    assert_eq!(
        env.ok(&["list", "--status", "in_review", "--format", "ids"])
            .lines()
            .count(),
        5
    );
    let out = env
        .cmd(&["list", "--tag", "nothing", "--exit-status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    env.ok(&["list", "--tag", "analysis", "--exit-status"]);
}

#[test]
fn db_path_and_info() {
    let env = Env::new();
    let location = env.url.clone().unwrap_or(env.db.display().to_string());
    assert_eq!(env.ok(&["db", "path"]).trim(), location);
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let info = env.json(&["db", "info"]);
    assert_eq!(info["claims"], 16);
    // PostgreSQL's schema began anew, at 1.
    let least = if env.url.is_some() { 1 } else { 4 };
    assert!(info["schema_version"].as_i64().unwrap() >= least, "{info}");
    env.ok(&["db", "vacuum"]);
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn settings_file_with_flags_over_environment_over_file() {
    let env = Env::new();
    let other_db = env.dir.path().join("from-config.db");
    env.ok(&["config", "set", "db", other_db.to_str().unwrap()]);
    env.ok(&["config", "set", "user", "ana"]);
    env.ok(&["config", "set", "limit", "2"]);
    env.ok(&["config", "set", "publisher", "Example Checks"]);
    assert!(env.ok(&["config", "list"]).contains("user = ana"));
    assert_eq!(env.ok(&["config", "get", "limit"]).trim(), "2");
    env.fails(&["config", "set", "limit", "none"], 2);
    env.fails(&["config", "set", "colour", "never"], 2);
    // The environment's database beats the file's (the test environment sets CLAIMTRACK_DB).
    env.ok(&["add", "One", "--speaker", "A"]);
    assert!(env.db.exists() && !other_db.exists());
    // Without the variable, the file's database is used.
    let out = env
        .cmd(&["add", "Two", "--speaker", "A"])
        .env_remove("CLAIMTRACK_DB")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(other_db.exists());
    // CLAIMTRACK_USER beats the file's user; --by beats both.
    env.ok(&["verify", "1"]);
    env.ok(&["reopen", "1", "--by", "bo"]);
    let out = env
        .cmd(&["review", "1"])
        .env_remove("CLAIMTRACK_USER")
        .output()
        .unwrap();
    assert!(out.status.success());
    let history = env.json(&["show", "1"])["history"].clone();
    let actors: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["tester", "tester", "bo", "ana"]);
    // The file's limit applies when --limit is not given.
    env.ok(&["add", "Three", "--speaker", "B"]);
    env.ok(&["add", "Four", "--speaker", "B"]);
    assert_eq!(env.json(&["list"]).as_array().unwrap().len(), 2);
    assert_eq!(
        env.json(&["list", "--limit", "10"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // A broken file is reported with its line, and `config` still works to fix it.
    let path = env.ok(&["config", "path"]);
    std::fs::write(path.trim(), "user = \"ana\"\nlimt = 3\n").unwrap();
    let err = env.fails(&["list"], 1);
    assert!(err.contains("config.toml:2: unknown field `limt`"), "{err}");
    env.ok(&["config", "unset", "limit"]);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let env = Env::new();
    let mut lines = String::new();
    for i in 0..3000 {
        lines.push_str(&format!("{{\"text\":\"Claim number {i} is long enough to fill a pipe buffer quickly\",\"speaker\":\"S\"}}\n"));
    }
    let file = env.file("many.jsonl", lines.as_bytes());
    env.ok(&["ingest", &file]);
    let mut child = env
        .process(&["list", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(err.is_empty(), "{err}");
}
