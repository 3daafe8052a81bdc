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
    assert!(!env.db.exists());
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
    assert_eq!(env.ok(&["db", "path"]).trim(), env.db.to_str().unwrap());
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let info = env.json(&["db", "info"]);
    assert_eq!(info["claims"], 16);
    assert!(info["schema_version"].as_i64().unwrap() >= 4);
    env.ok(&["db", "vacuum"]);
    assert!(env.ok(&["check"]).contains("all checks passed"));
}
