//! States that cannot contradict: one table of which verdicts each status allows, on every path.

use serde_json::{Value, json};

use crate::Env;

#[test]
fn a_status_command_refuses_a_verdict_its_status_does_not_allow() {
    let env = Env::new();
    env.ok(&["add", "Crime doubled.", "--speaker", "A"]);
    env.ok(&["add", "Taxes fell.", "--speaker", "A"]);
    let before = env.dump();
    let err = env.fails(&["verify", "2", "--verdict", "mostly_false"], 2);
    assert!(
        err.contains(
            "a claim rated mostly_false is disputed: claimtrack dispute 2 --verdict mostly_false"
        ),
        "{err}"
    );
    env.fails(&["status", "1", "2", "in_review", "--verdict", "true"], 2);
    assert_eq!(env.dump(), before, "nothing changed");
    // A verdict kept from before must fit the new status too.
    env.ok(&["dispute", "1", "--verdict", "false"]);
    let err = env.fails(&["verify", "1"], 2);
    assert!(
        err.contains("claimtrack dispute 1 --verdict false"),
        "{err}"
    );
    env.ok(&["verify", "1", "--verdict", "mostly_true"]);
}

#[test]
fn ingest_refuses_records_whose_status_and_verdict_disagree() {
    let env = Env::new();
    let file = env.file(
        "claims.jsonl",
        br#"{"text": "Crime doubled.", "speaker": "A", "status": "verified", "verdict": "false"}
{"text": "Taxes fell.", "speaker": "A", "verdict": "Half True"}
"#,
    );
    let err = env.fails(&["ingest", &file], 1);
    assert!(
        err.contains("claims.jsonl:1") && err.contains("verdict"),
        "{err}"
    );
    assert!(
        err.contains("a verified claim cannot be rated false"),
        "{err}"
    );
    assert!(!env.exists() || env.json(&["list"]) == json!([]));
    let csv = env.file(
        "claims.csv",
        b"text,speaker,status,verdict\nTaxes fell.,A,in_review,true\n",
    );
    let err = env.fails(&["ingest", &csv], 1);
    assert!(err.contains("claims.csv:2"), "{err}");
}

#[test]
fn a_review_whose_label_and_number_disagree_waits_unrated_in_review() {
    let env = Env::new();
    let review = env.file(
        "review.json",
        br#"{"@context":"https://schema.org","@type":"ClaimReview","url":"https://checks.example.org/b",
  "claimReviewed":"Wages rose 9 percent","author":{"@type":"Organization","name":"Checks"},
  "reviewRating":{"@type":"Rating","ratingValue":"1","bestRating":"6","worstRating":"1","alternateName":"True"},
  "itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Jane Doe"}}}"#,
    );
    env.ok(&["ingest", &review]);
    let c = env.json(&["show", "1"]);
    assert_eq!(c["status"], "in_review");
    assert_eq!(c["verdict"], Value::Null);
    assert_eq!(c["tags"], json!(["rating-conflict"]));
    let verdicts = env.json(&["stats", "--by", "verdict"]);
    assert!(
        !verdicts.to_string().contains("\"true\""),
        "counted as unrated: {verdicts}"
    );
}

#[test]
fn check_lists_contradictions() {
    let env = Env::new();
    env.ok(&["add", "Crime doubled.", "--speaker", "A"]);
    env.ok(&["verify", "1", "--verdict", "true", "--label", "Correct"]);
    // As something other than claimtrack could leave it.
    env.execute("UPDATE claims SET verdict = 'mostly_false'");
    let out = env.cmd(&["check"]).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success());
    assert!(text.contains("others: none): 1 (ids 1)"), "{text}");
}

#[test]
fn the_upgrade_moves_contradictions_to_review() {
    // A database an older claimtrack left contradicting itself (schema 9, from
    // tests/fixtures) is settled by the upgrade.
    let old = Env::new();
    std::fs::create_dir_all(old.db.parent().unwrap()).unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-f217d87.db");
    std::fs::copy(fixture, &old.db).unwrap();
    let conn = rusqlite::Connection::open(&old.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 9);
    conn.execute("UPDATE claims SET status = 'verified', verdict = 'mostly_false', verdict_label = 'Correct' WHERE id = 2", [])
        .unwrap();
    drop(conn);
    let c = old.json(&["show", "2"]);
    assert_eq!(
        (c["status"].as_str(), c["verdict"].as_str()),
        (Some("in_review"), None)
    );
    let notes = c["notes"].as_array().unwrap();
    let note = notes.last().unwrap()["text"].as_str().unwrap();
    assert!(
        note.contains("it was verified and rated mostly_false ('Correct')"),
        "{note}"
    );
    let last = c["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "verified");
    assert!(old.ok(&["check"]).contains("all checks passed"));
}
