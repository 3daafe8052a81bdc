//! `ingest` of JSON Lines: the sample data, idempotence, and all-or-nothing on bad lines.

use crate::{Env, sample};

#[test]
fn the_sample_data_ingests_once_and_shows_its_queue() {
    let env = Env::new();
    let file = sample("alaska-summit-claims.jsonl");
    let first = env.json(&["ingest", &file]);
    assert_eq!(first["records"], 19);
    assert_eq!(first["claims_added"], 16);
    assert_eq!(first["claims_matched"], 3);
    let before = env.dump();
    let second = env.json(&["ingest", &file]);
    assert_eq!(second["claims_added"], 0);
    assert_eq!(second["appearances_added"], 0);
    assert_eq!(env.dump(), before, "a second ingest changes nothing");

    let claims = env.json(&["list"]);
    let find = |needle: &str| {
        claims
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(needle))
            .unwrap()
            .clone()
    };
    let agreement = find("pave the path towards peace");
    assert_eq!(agreement["speaker"], "Vladimir Putin");
    let honcharenko = find("bought himself more time");
    assert_eq!(honcharenko["speaker"], "Oleksiy Honcharenko");
    assert_eq!(
        honcharenko["sources"],
        serde_json::json!(["Telegram", "Blog post"])
    );
    assert_eq!(find("We didn’t get there")["status"], "verified");
    assert_eq!(find("worst-case scenario")["speaker"], "Melinda Haring");

    let queue = env.ok(&["outstanding"]);
    assert!(
        queue.contains("Putin") && queue.contains("overdue"),
        "{queue}"
    );
}

#[test]
fn a_bad_line_is_reported_with_its_place_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["add", "Existing", "--speaker", "A"]);
    let before = env.dump();
    let file = env.file(
        "bad.jsonl",
        b"{\"text\":\"Fine\",\"speaker\":\"B\"}\n{\"text\":\"Bad date\",\"speaker\":\"B\",\"said_on\":\"yesterday-ish\"}\n\n{\"text\":\"No speaker\"}\n",
    );
    let err = env.fails(&["ingest", &file], 1);
    assert!(
        err.contains("bad.jsonl:2: said_on: 'yesterday-ish' is not a date"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:4: missing field `speaker`"),
        "{err}"
    );
    assert!(err.contains("nothing was ingested"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn records_carry_status_verdict_tags_notes_and_evidence() {
    let env = Env::new();
    let file = env.file(
        "full.jsonl",
        "{\"text\":\"Inflation is 2%\",\"speaker\":\"Jane Doe\",\"speaker_role\":\"Minister\",\"source\":\"Daily\",\"source_url\":\"https://daily.example/a\",\"source_kind\":\"interview\",\"published_on\":\"2025-08-02\",\"said_on\":\"2025-08-01\",\"context\":\"on radio\",\"status\":\"disputed\",\"verdict\":\"mostly_false\",\"verdict_label\":\"Misleading\",\"tags\":[\"#Economy\"],\"note\":\"Check ONS\",\"follow_up_on\":\"2025-09-01\",\"evidence\":[\"https://ons.example/cpi\"]}\n".as_bytes(),
    );
    env.ok(&["ingest", &file]);
    let show = env.json(&["show", "1"]);
    assert_eq!(show["speaker_role"], "Minister");
    assert_eq!(show["status"], "disputed");
    assert_eq!(show["verdict"], "mostly_false");
    assert_eq!(show["verdict_label"], "Misleading");
    assert_eq!(show["context"], "on radio");
    assert_eq!(show["tags"], serde_json::json!(["economy"]));
    assert_eq!(show["notes"][0]["follow_up_on"], "2025-09-01");
    assert_eq!(show["evidence"][0]["url"], "https://ons.example/cpi");
    assert_eq!(show["appearances"][0]["kind"], "interview");
    assert_eq!(show["appearances"][0]["published_on"], "2025-08-02");
    assert_eq!(show["history"][0]["to"], "disputed");
    assert_eq!(show["history"][0]["verdict"], "mostly_false");
}
