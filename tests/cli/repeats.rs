//! Has this been checked before? `match` finds the checked claims a text repeats.

use serde_json::Value;

use super::Env;

/// Three checked claims (with their fact-checks' headlines) and one still unchecked.
fn checked() -> Env {
    let env = Env::new();
    let records = env.file(
        "checked.jsonl",
        br#"{"text": "Crime doubled in Chicago last year.", "speaker": "Jane Doe", "status": "disputed", "verdict": "false", "review_url": "https://checks.example.org/1", "review_title": "No, Chicago crime did not double"}
{"text": "Unemployment fell to 3.5% in 2019.", "speaker": "John Roe", "status": "verified", "verdict": "true", "review_title": "Yes, unemployment hit a 50-year low"}
{"text": "The new bridge will cost $3 billion.", "speaker": "Ann Lee", "status": "unverifiable"}
{"text": "Chicago schools closed every library.", "speaker": "Bo Day"}
"#,
    );
    env.ok(&["ingest", &records]);
    env
}

#[test]
fn a_text_finds_the_checked_claim_it_repeats_with_a_score_and_why() {
    let env = checked();
    let found = env.json(&[
        "match",
        "BREAKING: crime in Chicago has DOUBLED since last year #ChicagoCrime — Joe Public (@joe) March 3, 2020",
    ]);
    let first = &found[0];
    assert_eq!(first["id"], 1, "{found}");
    for field in [
        "text",
        "speaker",
        "status",
        "verdict",
        "review_url",
        "review_title",
        "score",
        "why",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    assert_eq!(first["review_title"], "No, Chicago crime did not double");
    let score = first["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score), "{score}");
    assert!(
        first["why"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "chicago"),
        "{first}"
    );
    // Unchecked claims are left out unless asked for.
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect()
    };
    assert!(!ids(&found).contains(&4), "{found}");
    let all = env.json(&["match", "chicago libraries closed", "--all"]);
    assert_eq!(ids(&all)[0], 4, "{all}");
    // Figures count: the unemployment claim, found by its number and its headline's words.
    let found = env.json(&[
        "match",
        "jobless rate 3.5 percent, a 50-year low",
        "--limit",
        "1",
    ]);
    assert_eq!(ids(&found), [2], "{found}");
    let table = env.ok(&["match", "jobless rate 3.5 percent, a 50-year low"]);
    assert!(
        table.contains("figure 3") || table.contains("figure 5"),
        "{table}"
    );
}

#[test]
fn many_texts_come_from_a_file_and_exit_status_says_when_nothing_repeats() {
    let env = checked();
    let texts = env.file(
        "texts.jsonl",
        b"{\"text\": \"Chicago crime doubled last year\"}\nThe bridge will cost $3 billion\n\n",
    );
    let found = env.json(&["match", "--file", &texts, "--limit", "1"]);
    let results = found.as_array().unwrap();
    assert_eq!(results.len(), 2, "{found}");
    assert_eq!(results[0]["text"], "Chicago crime doubled last year");
    assert_eq!(results[0]["matches"][0]["id"], 1);
    assert_eq!(results[1]["matches"][0]["id"], 3);
    let bad = env.file("bad.jsonl", b"{\"text\": \"fine\"}\n{\"words\": 1}\n");
    let err = env.fails(&["match", "--file", &bad], 2);
    assert!(err.contains("bad.jsonl:2: text: missing"), "{err}");
    // Nothing shares its words: exit 1, quietly.
    let out = env
        .cmd(&["match", "zebras migrate in spring", "--exit-status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No checked claim shares its words."));
    env.ok(&["match", "Chicago crime doubled last year", "--exit-status"]);
}
