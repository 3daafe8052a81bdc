//! Corrections with a trail: edit, delete, undo; notes from standard input.

use std::io::Write;
use std::process::Stdio;

use crate::{Env, sample};

#[test]
fn edit_then_undo_restores_the_old_words_and_speaker() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let out = env.ok(&[
        "edit",
        "3",
        "--text",
        "An agreement was reached",
        "--speaker",
        "Kremlin",
        "--said-on",
        "2025-08-16",
    ]);
    assert!(out.contains("changed"), "{out}");
    let c = env.json(&["show", "3"]);
    assert_eq!(c["text"], "An agreement was reached");
    assert_eq!(c["speaker"], "Kremlin");
    assert_eq!(c["said_on"], "2025-08-16");
    assert_eq!(
        env.json(&["search", "reached"]).as_array().unwrap().len(),
        1,
        "the search index follows the edit"
    );
    // The same words as another claim by the same speaker are refused.
    let err = env.fails(&["edit", "4", "--text", "Next time, in Moscow."], 1);
    assert!(
        err.contains("claim 15 by the same speaker already says this"),
        "{err}"
    );
    let out = env.ok(&["undo"]);
    assert!(
        out.contains("Undid op") && out.contains("claim 3: text"),
        "{out}"
    );
    let c = env.json(&["show", "3"]);
    assert_eq!(c["speaker"], "Vladimir Putin");
    assert_eq!(c["said_on"], "2025-08-15");
    assert!(
        c["text"]
            .as_str()
            .unwrap()
            .starts_with("agreement we’ve reached")
    );
    env.fails(&["edit", "3"], 2);
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn undo_reverts_your_changes_and_stops_where_someone_else_changed_the_same_fields() {
    let env = Env::new();
    env.ok(&["add", "Claim", "--speaker", "A"]);
    env.ok(&["dispute", "1", "--verdict", "false", "--label", "Wrong"]);
    env.ok(&["verify", "1", "--verdict", "true", "--by", "someone-else"]);
    env.ok(&["review", "1"]);
    assert!(env.ok(&["undo"]).contains("status in_review → verified"));
    let c = env.json(&["show", "1"]);
    assert_eq!(
        (c["status"].as_str(), c["verdict"].as_str()),
        (Some("verified"), Some("true"))
    );
    // The next undo would revert the dispute, which someone-else's verdict overrode since.
    let err = env.fails(&["undo"], 1);
    assert!(err.contains("op 3 by someone-else"), "{err}");
    // Once they take theirs back, yours can go too.
    env.ok(&["undo", "--by", "someone-else"]);
    assert!(env.ok(&["undo"]).contains("status disputed → unverified"));
    let c = env.json(&["show", "1"]);
    assert_eq!(c["status"], "unverified");
    assert_eq!(c["verdict"], serde_json::Value::Null);
    assert_eq!(
        c["history"].as_array().unwrap().len(),
        7,
        "undo adds history, never removes it"
    );
    // Last, the add: the claim goes with all its history, and redo brings every row back.
    let before = env.dump();
    assert!(env.ok(&["undo"]).contains("claim 1: removed"));
    env.fails(&["show", "1"], 1);
    env.ok(&["redo"]);
    assert_eq!(
        env.json(&["show", "1"])["history"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
    assert_ne!(env.dump(), before, "the log grew");
}

#[test]
fn delete_asks_keeps_a_tombstone_and_undo_brings_the_claim_back() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.ok(&["note", "12", "ask Telegram"]);
    env.fails(&["delete", "12"], 2);
    let out = env.ok(&["delete", "12", "--yes"]);
    assert!(out.contains("Deleted claim 12"), "{out}");
    env.fails(&["show", "12"], 1);
    assert_eq!(
        env.json(&["search", "honcharenko"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
    let out = env.ok(&["undo"]);
    assert!(out.contains("claim 12: added"), "{out}");
    let c = env.json(&["show", "12"]);
    assert_eq!(c["speaker"], "Oleksiy Honcharenko");
    assert_eq!(c["status"], "in_review");
    assert_eq!(c["sources"], serde_json::json!(["Telegram", "Blog post"]));
    assert_eq!(c["notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        env.json(&["search", "honcharenko"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.fails(&["delete", "99", "--yes"], 1);
}

#[test]
fn a_note_can_come_from_standard_input() {
    let env = Env::new();
    env.ok(&["add", "Claim", "--speaker", "A"]);
    let mut child = env
        .process(&["note", "1", "--follow-up", "+3d"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Call the ministry\nand the mayor\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let c = env.json(&["show", "1"]);
    assert_eq!(c["notes"][0]["text"], "Call the ministry\nand the mayor");
    assert_eq!(c["notes"][0]["follow_up_on"], "2025-08-23");
    let mut child = env
        .process(&["note", "1"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    assert_eq!(
        child.wait().unwrap().code(),
        Some(2),
        "an empty note adds nothing"
    );
}
