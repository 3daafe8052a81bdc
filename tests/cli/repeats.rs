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

/// The links `show --format json` lists for a claim: (other id, relation, by).
fn links(env: &Env, id: i64) -> Vec<(i64, String, String)> {
    env.json(&["show", &id.to_string()])["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert!(l.get("score").is_some(), "{l}");
            (
                l["id"].as_i64().unwrap(),
                l["relation"].as_str().unwrap().to_string(),
                l["by"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_claim_that_repeats_a_checked_one_is_linked_and_tagged_as_it_is_added() {
    let env = checked();
    let added = env.ok(&[
        "add",
        "Chicago crime doubled last year, believe me.",
        "--speaker",
        "Sam Poe",
    ]);
    assert!(added.contains("Added claim 5"), "{added}");
    assert!(
        added.contains("claim 5 repeats #1 Jane Doe") && added.contains("rated false by"),
        "{added}"
    );
    assert_eq!(links(&env, 5), [(1, "repeats".into(), "match".into())]);
    assert_eq!(links(&env, 1), [(5, "repeated_by".into(), "match".into())]);
    let shown = env.ok(&["show", "5"]);
    assert!(shown.contains("Links:\n  - repeats #1"), "{shown}");
    assert_eq!(env.json(&["show", "5"])["tags"][0], "repeat");
    // One that shares nothing is left alone; so is one that comes already rated.
    env.ok(&[
        "add",
        "The harbour opens on Monday.",
        "--speaker",
        "Sam Poe",
    ]);
    assert!(links(&env, 6).is_empty());
    let json = env.json(&[
        "add",
        "Chicago crime doubled last year, believe me.",
        "--speaker",
        "Kim Woe",
    ]);
    assert_eq!(json["repeats"]["id"], 1, "{json}");
    // It goes back with the add.
    env.ok(&["undo"]);
    assert_eq!(links(&env, 1), [(5, "repeated_by".into(), "match".into())]);
}

#[test]
fn an_ingest_links_what_repeats_claims_checked_before_it_and_leaves_its_own_alone() {
    let env = checked();
    let article = env.file(
        "article.txt",
        "Protesters gathered outside City Hall on Monday.\n\n\
         \"Crime doubled in Chicago last year,\" Senator Pat Quill said at the rally.\n\n\
         \"We will open the harbour in May,\" said Mayor Lin Ode.\n"
            .as_bytes(),
    );
    let summary = env.ok(&["ingest", &article, "--source", "Daily Example"]);
    assert!(
        summary.contains("Repeats of checked claims (1), tagged 'repeat':"),
        "{summary}"
    );
    let repeat = env.json(&["list", "--tag", "repeat"]);
    assert_eq!(repeat.as_array().unwrap().len(), 1, "{repeat}");
    let id = repeat[0]["id"].as_i64().unwrap();
    assert_eq!(repeat[0]["speaker"], "Pat Quill");
    assert_eq!(links(&env, id), [(1, "repeats".into(), "match".into())]);
    // Records that bring their own rating are not matched, nor against each other.
    let rated = env.file(
        "rated.jsonl",
        br#"{"text": "Unemployment fell to 3.5 percent in 2019!", "speaker": "Max Dee", "status": "verified", "verdict": "true"}
{"text": "Unemployment fell to 3.5 percent in 2019, a record.", "speaker": "Lu Vey"}
"#,
    );
    let json = env.json(&["ingest", &rated]);
    assert_eq!(json["repeats"].as_array().unwrap().len(), 1, "{json}");
    let lu = json["repeats"][0].as_i64().unwrap();
    assert_eq!(links(&env, lu), [(2, "repeats".into(), "match".into())]);
}

#[test]
fn checkers_link_unlink_and_adopt_a_verdict_with_its_evidence() {
    let env = checked();
    env.ok(&[
        "evidence",
        "1",
        "https://data.example.org/crime",
        "--stance",
        "refutes",
    ]);
    let linked = env.ok(&["link", "4", "1", "--by", "ana"]);
    assert!(
        linked.contains("Claim 4 repeats #1 Jane Doe") && linked.contains("linked by ana"),
        "{linked}"
    );
    assert!(env.ok(&["link", "1", "4"]).contains("linked already"));
    assert!(
        env.fails(&["link", "4", "4"], 2)
            .contains("cannot repeat itself")
    );
    env.fails(&["link", "4", "99"], 1);
    assert_eq!(links(&env, 4), [(1, "repeats".into(), "ana".into())]);
    assert!(env.ok(&["unlink", "1", "4"]).contains("no longer linked"));
    assert!(links(&env, 4).is_empty());
    env.ok(&["undo"]);
    assert_eq!(links(&env, 4).len(), 1);

    // Adopting takes the rating, the fact-check and the evidence, in the history.
    let adopted = env.ok(&["adopt", "4", "1", "--by", "ana"]);
    assert!(
        adopted.contains("Claim 4: unverified → disputed · false, adopted from claim 1"),
        "{adopted}"
    );
    let four = env.json(&["show", "4"]);
    assert_eq!(four["verdict"], "false");
    assert_eq!(four["review_url"], "https://checks.example.org/1");
    assert_eq!(four["review_title"], "No, Chicago crime did not double");
    assert_eq!(four["evidence"][0]["url"], "https://data.example.org/crime");
    assert_eq!(
        four["history"].as_array().unwrap().last().unwrap()["reason"],
        "adopted from claim 1"
    );
    // Only a checked claim has a verdict to give.
    env.ok(&[
        "add",
        "The harbour opens on Monday.",
        "--speaker",
        "Sam Poe",
    ]);
    let err = env.fails(&["adopt", "1", "5"], 2);
    assert!(err.contains("claim 5 is not checked yet"), "{err}");
    // Deleting either end takes the link with it, and undo brings both back.
    env.ok(&["delete", "1", "--yes"]);
    assert!(links(&env, 4).is_empty());
    env.ok(&["undo"]);
    assert_eq!(links(&env, 4).len(), 1);
}

#[test]
fn repeats_lists_the_checked_claims_that_came_back_and_scan_links_the_rest() {
    let env = checked();
    env.ok(&[
        "add",
        "Chicago crime doubled last year, believe me.",
        "--speaker",
        "Sam Poe",
        "--source",
        "Rally",
        "--said-on",
        "2025-03-02",
    ]);
    // A load of more than LINK_UP_TO records is not matched (10,001 here; with claim 4, 10,002 are unchecked): `--scan` links later.
    let mut lines = String::new();
    for i in 0..10_000 {
        lines.push_str(&format!(
            "{{\"text\": \"Harbour dues rose {i} cents\", \"speaker\": \"Port {}\"}}\n",
            i % 40
        ));
    }
    lines.push_str("{\"text\": \"Unemployment fell to 3.5% in 2019, lowest in 50 years\", \"speaker\": \"Lee Ray\"}\n");
    let big = env.file("big.jsonl", lines.as_bytes());
    let summary = env.ok(&["ingest", &big]);
    assert!(
        summary.contains("not matched against checked claims: more than 10,000 records"),
        "{summary}"
    );
    let listed = env.json(&["repeats"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], 1);
    assert_eq!(listed[0]["repeated_by"], serde_json::json!([5]));
    assert_eq!(listed[0]["by"], serde_json::json!(["Sam Poe"]));
    assert_eq!(listed[0]["where"], serde_json::json!(["Rally"]));
    assert_eq!(listed[0]["last"], "2025-03-02");

    let scanned = env.ok(&["repeats", "--scan"]);
    assert!(
        scanned.contains("Scanned 10002 unchecked claim(s)"),
        "{scanned}"
    );
    assert!(scanned.contains("1 linked"), "{scanned}");
    let ids = env.ok(&["repeats", "--format", "ids"]);
    assert_eq!(ids.lines().collect::<Vec<_>>(), ["2", "1"], "{ids}");
    // Filters: when it came back, and how the claim was rated.
    assert_eq!(
        env.ok(&["repeats", "--since", "2025-03-03", "--format", "ids"])
            .trim(),
        "2"
    );
    assert_eq!(
        env.ok(&["repeats", "--verdict", "false", "--format", "ids"])
            .trim(),
        "1"
    );
    // A scan that links nothing records no operation: undo takes back the first.
    assert!(env.ok(&["repeats", "--scan"]).contains("0 linked"));
    env.ok(&["undo"]);
    assert_eq!(env.ok(&["repeats", "--format", "ids"]).trim(), "1");

    // The report shows them under "Came back".
    let report = env.dir.path().join("report.html");
    env.ok(&["report", "-o", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(report).unwrap();
    let at = html.find("id=\"came-back\"").expect("a Came back section");
    let section = &html[at..at + html[at..].find("</section>").unwrap()];
    assert!(section.contains("#1 Jane Doe"), "{section}");
    assert!(
        section.contains("Sam Poe") && section.contains("Rally"),
        "{section}"
    );
}

#[test]
fn merging_speakers_moves_links_to_the_claim_kept() {
    let env = checked();
    let repeat = "Chicago crime doubled last year, believe me.";
    env.ok(&["add", repeat, "--speaker", "D. Trump"]);
    env.ok(&["add", repeat, "--speaker", "Donald Trump"]);
    env.ok(&["link", "6", "4", "--by", "ana"]);
    // Claim 5 folds into 6: its link to 1 is one 6 has already, and 6 keeps its link to 4.
    env.ok(&["speaker", "merge", "D. Trump", "Donald Trump"]);
    env.fails(&["show", "5"], 1);
    let mut six = links(&env, 6);
    six.sort();
    assert_eq!(
        six,
        [
            (1, "repeats".into(), "match".into()),
            (4, "repeats".into(), "ana".into())
        ]
    );
    assert_eq!(links(&env, 1), [(6, "repeated_by".into(), "match".into())]);
    assert!(env.ok(&["check"]).contains("all checks passed"));
    env.ok(&["undo"]);
    assert_eq!(links(&env, 5), [(1, "repeats".into(), "match".into())]);
}

#[test]
fn an_undo_that_would_remove_a_linked_claim_names_the_link_in_the_way() {
    let env = checked();
    env.ok(&[
        "add",
        "The harbour opens on Monday.",
        "--speaker",
        "Sam Poe",
    ]);
    env.ok(&["link", "4", "5", "--by", "ana"]);
    // Undoing the add would take claim 5, which claim 4 now repeats.
    let err = env.fails(&["undo", "2"], 1);
    assert!(
        err.contains("later operations changed the same rows: op 3"),
        "{err}"
    );
    env.ok(&["unlink", "4", "5", "--by", "ana"]);
    // The link's own history still stands in the way: its ops go first.
    let err = env.fails(&["undo", "2"], 1);
    assert!(err.contains("op 3") && err.contains("op 4"), "{err}");
}

#[test]
fn an_undo_that_would_put_back_a_link_to_a_deleted_claim_names_the_deletion() {
    let env = checked();
    env.ok(&[
        "add",
        "Chicago crime doubled last year, believe me.",
        "--speaker",
        "Sam Poe",
    ]);
    assert_eq!(links(&env, 5).len(), 1);
    env.ok(&["delete", "1", "--yes"]); // op 3: takes the link with it
    env.ok(&["delete", "5", "--yes"]); // op 4
    let err = env.fails(&["undo", "3"], 1);
    assert!(
        err.contains("op 4") && err.contains("delete claim 5"),
        "{err}"
    );
    env.ok(&["undo", "4"]);
    env.ok(&["undo", "3"]);
    assert_eq!(links(&env, 1), [(5, "repeated_by".into(), "match".into())]);
}

#[test]
fn links_travel_with_an_export_to_another_database() {
    let env = checked();
    // One by the matcher as the claim arrives, one by hand.
    env.ok(&[
        "add",
        "Crime doubled in Chicago last year, they say.",
        "--speaker",
        "Max Roy",
    ]);
    env.ok(&["link", "4", "1", "--by", "ana"]);
    let first = env.ok(&["export", "--format", "jsonl"]);
    assert!(
        first.contains(r#""repeats":[{"speaker":"Jane Doe""#),
        "{first}"
    );
    let other = Env::new();
    let file = other.file("export.jsonl", first.as_bytes());
    let out = other.ok(&["ingest", &file]);
    assert!(
        out.contains("2 link(s) between claims carried over"),
        "{out}"
    );
    assert_eq!(
        other.ok(&["export", "--format", "jsonl"]),
        first,
        "export, ingest, export: identical, links and all"
    );
    let carried = other.json(&["show", "5"])["links"].clone();
    let original = env.json(&["show", "5"])["links"].clone();
    assert_eq!(carried, original, "by the matcher, with its score and time");
    assert_eq!(carried[0]["by"], "match");
    // A link to a claim in neither the file nor the database is left out, and said.
    let lone = other.file(
        "lone.jsonl",
        br#"{"text": "Bread is free.", "speaker": "Ed Mills", "repeats": [{"speaker": "Nobody", "text": "Bread was free.", "by": "ana", "at": "2025-08-01T10:00:00Z"}]}
"#,
    );
    let out = other.ok(&["ingest", &lone]);
    assert!(out.contains("1 link(s) left out"), "{out}");
    let bad = other.file(
        "bad.jsonl",
        br#"{"text": "Milk is free.", "speaker": "Ed Mills", "repeats": [{"speaker": "Jane Doe", "text": "Crime doubled in Chicago last year.", "by": "ana", "at": "yesterday-ish"}]}
"#,
    );
    let err = other.fails(&["ingest", &bad], 1);
    assert!(err.contains("bad.jsonl:1: repeats.at"), "{err}");
}

/// What `match` ranks for a few texts: each match's id and score.
fn ranked(env: &Env) -> Vec<Vec<(i64, String)>> {
    [
        "Chicago crime has doubled since last year",
        "every library in Chicago schools closed",
        "the bridge will cost 9 billion dollars",
        "jobless rate 3.5 percent",
    ]
    .iter()
    .map(|text| {
        env.json(&["match", text])
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["id"].as_i64().unwrap(), m["score"].to_string()))
            .collect()
    })
    .collect()
}

/// Postings that do not read back: a match ranks every text of its file against the checked
/// claims read afresh, as the index would have; a load links every arrival so, though the first
/// emptied the index; and the next match finds the index built again.
#[test]
fn an_index_that_does_not_read_back_is_stood_in_for_and_built_again() {
    let env = checked();
    let texts = env.file(
        "texts.txt",
        b"Chicago crime has doubled since last year\njobless rate 3.5 percent\nthe bridge will cost 9 billion dollars\n",
    );
    let matches = || env.ok(&["match", "--file", &texts, "--format", "json"]);
    let want = matches();
    assert!(
        want.contains("\"id\": 1") && want.contains("\"id\": 2"),
        "{want}"
    );
    env.execute(env.pick(
        "UPDATE match_terms SET postings = X'FF'",
        "UPDATE match_terms SET postings = '\\xff'::BYTEA",
    ));
    assert_eq!(matches(), want, "while the index does not read back");
    // A writer's watch: the first arrival finds the rows unreadable and empties the index; each
    // arrival is still matched against every checked claim.
    let arrivals = env.file(
        "arrivals.jsonl",
        br#"{"text": "Crime doubled in Chicago last year!", "speaker": "Pat Quill"}
{"text": "Unemployment fell to 3.5% in 2019!", "speaker": "Lu Sim"}
"#,
    );
    let json = env.json(&["ingest", &arrivals]);
    assert_eq!(json["repeats"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(matches(), want, "built again");
    assert_ne!(env.ints("SELECT claims FROM match_size"), [0]);
}

/// A command, and what `match` finds after it.
type Step<'a> = (&'a [&'a str], &'a dyn Fn(&Env));

#[test]
fn the_stored_index_follows_every_change_and_ranks_as_one_built_afresh() {
    let env = checked();
    // Built again from nothing: emptied, every checked claim waiting for the next match.
    let afresh = env.pick(
        "DELETE FROM match_terms; DELETE FROM match_grams; DELETE FROM match_docs;
         UPDATE match_size SET claims = 0, words = 0;
         INSERT OR IGNORE INTO match_waiting (claim_id)
             SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable');",
        "DELETE FROM match_terms; DELETE FROM match_grams; DELETE FROM match_docs;
         UPDATE match_size SET claims = 0, words = 0;
         INSERT INTO match_waiting (claim_id)
             SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable')
             ON CONFLICT DO NOTHING;",
    );
    let ids = |env: &Env, text: &str| -> Vec<i64> {
        env.json(&["match", text])
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect()
    };
    let steps: [Step<'_>; 6] = [
        (&["verify", "4", "--verdict", "true"], &|env| {
            assert_eq!(ids(env, "Chicago schools closed every library")[0], 4);
        }),
        (
            &[
                "edit",
                "3",
                "--text",
                "The new bridge will cost $9 billion.",
            ],
            &|env| assert_eq!(ids(env, "bridge cost 9 billion")[0], 3),
        ),
        (&["undo"], &|env| {
            let found = env.json(&["match", "bridge cost 9 billion"]);
            assert!(found[0]["text"].as_str().unwrap().contains("$3"), "{found}");
        }),
        (&["delete", "2", "--yes"], &|env| {
            assert!(!ids(env, "unemployment fell to 3.5% in 2019").contains(&2));
        }),
        (&["undo"], &|env| {
            assert_eq!(ids(env, "unemployment fell to 3.5% in 2019")[0], 2);
        }),
        (&["status", "1", "unverified"], &|env| {
            assert!(!ids(env, "crime doubled in Chicago").contains(&1));
        }),
    ];
    for (command, then) in steps {
        env.ok(command);
        then(&env);
        let kept = ranked(&env);
        env.execute(afresh);
        assert_eq!(kept, ranked(&env), "after {command:?}");
    }
    assert_eq!(
        env.ints("SELECT count(*) FROM match_waiting"),
        [0],
        "the next match indexes what waits"
    );
    // An index another build read (its words read otherwise) is built again, whatever it holds.
    let kept = ranked(&env);
    env.execute("UPDATE match_size SET reader = 7, claims = 1; DELETE FROM match_grams");
    assert_eq!(kept, ranked(&env));
    assert_ne!(env.ints("SELECT reader FROM match_size"), [7]);
}
