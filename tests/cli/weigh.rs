//! Scorecards and statistics, recomputed independently with SQL; every command's help.

use crate::{Env, sample};

fn sql_count(env: &Env, sql: &str) -> i64 {
    env.ints(sql)[0]
}

fn sample_env() -> Env {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.ok(&["dispute", "3", "--verdict", "false"]);
    env.ok(&["verify", "4", "--verdict", "mostly_true"]);
    env
}

#[test]
fn speaker_scorecards_match_the_database() {
    let env = sample_env();
    let cards = env.json(&["speakers"]);
    for card in cards.as_array().unwrap() {
        let id = card["id"].as_i64().unwrap();
        assert_eq!(
            card["claims"].as_i64().unwrap(),
            sql_count(
                &env,
                &format!("SELECT count(*) FROM claims WHERE speaker_id = {id}")
            )
        );
        for status in [
            "unverified",
            "in_review",
            "verified",
            "disputed",
            "unverifiable",
        ] {
            let expected = sql_count(
                &env,
                &format!(
                    "SELECT count(*) FROM claims WHERE speaker_id = {id} AND status = '{status}'"
                ),
            );
            assert_eq!(
                card["by_status"][status].as_i64().unwrap(),
                expected,
                "{status} for {}",
                card["name"]
            );
        }
    }
    let putin = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Vladimir Putin")
        .unwrap();
    assert_eq!(putin["rated"], 2);
    assert_eq!(putin["false_share"], 0.5);
    // Two rated claims are too few to rank by default (--min-rated 3).
    assert_eq!(
        env.json(&["speakers", "--sort", "false"]),
        serde_json::json!([])
    );
    let by_false = env.json(&[
        "speakers",
        "--sort",
        "false",
        "--min-rated",
        "1",
        "--limit",
        "1",
    ]);
    assert_eq!(by_false[0]["name"], "Vladimir Putin");
    let card = env.json(&["speaker", "Putin"]);
    assert_eq!(card["claims"], 4);
    assert_eq!(card["latest"].as_array().unwrap().len(), 4);
    let csv = env.ok(&["speakers", "--format", "csv"]);
    assert!(
        csv.starts_with(
            "speaker,role,claims,unverified,in_review,verified,disputed,unverifiable,true,"
        ),
        "{csv}"
    );
}

#[test]
fn source_scorecards_count_claims_that_appeared_there() {
    let env = sample_env();
    let cards = env.json(&["sources"]);
    for card in cards.as_array().unwrap() {
        let id = card["id"].as_i64().unwrap();
        let expected = sql_count(
            &env,
            &format!("SELECT count(*) FROM appearances WHERE source_id = {id}"),
        );
        assert_eq!(card["claims"].as_i64().unwrap(), expected);
    }
    let aj = env.json(&["source", "al jazeera"]);
    assert_eq!(aj[0]["claims"], 4);
    env.fails(&["source", "Nowhere"], 1);
}

#[test]
fn stats_count_what_the_filters_select() {
    let env = sample_env();
    let by_status = env.json(&["stats", "--by", "status"]);
    let total: i64 = by_status
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, sql_count(&env, "SELECT count(*) FROM claims"));
    let disputed = by_status
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "disputed")
        .unwrap();
    assert_eq!(disputed["count"], 1);
    let months = env.json(&["stats", "--by", "month", "--speaker", "trump"]);
    assert_eq!(months, serde_json::json!([{"key": "2025-08", "count": 7}]));
    let tags = env.json(&["stats", "--by", "tag", "--outstanding", "--search", "putin"]);
    let expected = sql_count(
        &env,
        &format!(
            "SELECT count(*) FROM claim_tags t JOIN claims c ON c.id = t.claim_id
              WHERE c.status IN ('unverified','in_review') AND {}",
            env.pick(
                "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'putin')",
                "c.search @@ to_tsquery('english', 'putin')"
            )
        ),
    );
    let got: i64 = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(got, expected);
    let table = env.ok(&["stats", "--by", "verdict"]);
    assert!(
        table.contains('█') && table.contains("16 in all"),
        "{table}"
    );
    let csv = env.ok(&["stats", "--by", "verdict", "--format", "csv"]);
    assert!(csv.starts_with("verdict,count\n(none),13\n"), "{csv}");
    env.fails(&["stats", "--by", "colour"], 2);
}

#[test]
fn every_command_explains_itself() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 20, "{help}");
    for command in commands {
        let text = env.ok(&[&command, "--help"]);
        assert!(text.contains("Usage: claimtrack"), "{command}: {text}");
    }
}

#[test]
fn every_command_shows_real_examples() {
    let env = Env::new();
    for command in [
        "add",
        "verify",
        "dispute",
        "review",
        "reopen",
        "status",
        "note",
        "followups",
        "done",
        "edit",
        "delete",
        "undo",
        "evidence",
        "tag",
        "show",
        "list",
        "outstanding",
        "search",
        "similar",
        "priority",
        "speakers",
        "sources",
        "source",
        "export",
        "backup",
        "restore",
        "check",
        "db",
        "config",
        "completions",
        "man",
        "stats",
        "ingest",
        "extract",
        "speaker",
    ] {
        let help = env.ok(&[command, "--help"]);
        assert!(
            help.contains("claimtrack ")
                && (help.contains("Example") || help.contains("for example")),
            "{command}: {help}"
        );
    }
}

#[test]
fn speakers_sorted_by_false_weigh_how_many_were_rated() {
    let env = Env::new();
    let mut lines = String::from("text,speaker,verdict\n");
    for (i, verdict) in ["false", "false", "true"].iter().enumerate() {
        lines.push_str(&format!("Few claim {i},Few,{verdict}\n"));
    }
    for i in 0..70 {
        let verdict = if i < 25 { "false" } else { "true" };
        lines.push_str(&format!("Many claim {i},Many,{verdict}\n"));
    }
    lines.push_str("Lone claim,Lone,false\nLone again,Lone,false\n");
    let file = env.file("rated.csv", lines.as_bytes());
    env.ok(&["ingest", &file]);
    let cards = env.json(&["speakers", "--sort", "false"]);
    let names: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Many", "Few"],
        "2 of 3 ranks below 25 of 70; 2 rated are too few"
    );
    assert_eq!(cards[0]["false_or_worse"], 25);
    let table = env.ok(&["speakers", "--sort", "false"]);
    assert!(table.contains("25 of 70"), "{table}");
    assert!(!table.contains("Lone"), "fewer than 3 rated: {table}");
    let all = env.json(&["speakers", "--sort", "false", "--min-rated", "1"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(env.ok(&["speakers", "--help"]).contains("Wilson"));
}

#[test]
fn claims_can_be_found_by_verdict() {
    let env = sample_env();
    let ids = |args: &[&str]| -> Vec<i64> {
        env.ok(&[args, &["--format", "ids"]].concat())
            .lines()
            .map(|l| l.parse().unwrap())
            .collect()
    };
    assert_eq!(ids(&["list", "--verdict", "false"]), [3]);
    let by_sql = |condition: &str| -> Vec<i64> {
        env.ints(&format!(
            "SELECT id FROM claims WHERE {condition} ORDER BY id DESC"
        ))
    };
    let two = by_sql("verdict IN ('false', 'mostly_true')");
    assert!(two.len() >= 2, "{two:?}");
    assert_eq!(ids(&["list", "--verdict", "false,mostly_true"]), two);
    assert_eq!(
        ids(&["list", "--verdict", "false", "--verdict", "mostly-true"]),
        two
    );
    assert_eq!(ids(&["list", "--rated"]), by_sql("verdict IS NOT NULL"));
    let unrated = ids(&["list", "--unrated", "--limit", "100"]);
    assert_eq!(
        unrated.len() as i64,
        sql_count(&env, "SELECT count(*) FROM claims WHERE verdict IS NULL")
    );
    assert_eq!(ids(&["search", "putin", "--verdict", "false"]), [3]);
    let stats = env.json(&["stats", "--by", "speaker", "--verdict", "false"]);
    assert_eq!(
        stats,
        serde_json::json!([{"key": "Vladimir Putin", "count": 1}])
    );
    let csv = env.ok(&["export", "--verdict", "false", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let report = env.dir.path().join("r.html");
    env.ok(&[
        "report",
        "--verdict",
        "false",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("rated false")
    );
    let err = env.fails(&["list", "--verdict", "wrong"], 2);
    assert!(err.contains("--verdict"), "{err}");
    env.fails(&["list", "--rated", "--unrated"], 2);
}
