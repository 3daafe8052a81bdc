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
    assert!(err.contains("bad.jsonl:4: speaker: is missing"), "{err}");
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

#[test]
fn json_arrays_csv_and_tsv_read_the_same_records() {
    let env = Env::new();
    let json = env.file(
        "claims.json",
        br#"[
  {"text": "Unemployment fell to 3.5%", "speaker": "Jane Doe", "source": "Daily"},
  {"text": "Crime doubled, [sic] \"really\"", "speaker": "John Roe", "tags": "crime; city"}
]"#,
    );
    let summary = env.json(&["ingest", &json]);
    assert_eq!(summary["claims_added"], 2);
    // PolitiFact-style header: synonyms and a written date inside text.
    let csv = env.file(
        "politifact.csv",
        b",ruling,name,quote,description\n0,pants-fire,Jane Doe,\"Unemployment fell to 3.5%\",\"stated on January 20, 2023 in a speech:\"\n1,half-true,Sam Poe,\"\"\"Taxes rose\"\" twice\",\"stated on March 3, 2021 in a tweet:\"\n",
    );
    let (stdout, notes) = env.ok_with_notes(&[
        "ingest",
        &csv,
        "--map",
        "said_on=description",
        "--format",
        "json",
    ]);
    assert!(
        notes.contains("text ← 'quote'") && notes.contains("ignoring column 1"),
        "{notes}"
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        summary["claims_added"], 1,
        "Jane Doe's claim is matched, not duplicated"
    );
    assert_eq!(summary["claims_matched"], 1);
    let sam = env.json(&["list", "--speaker", "Sam Poe"]);
    assert_eq!(sam[0]["text"], "\"Taxes rose\" twice");
    assert_eq!(sam[0]["verdict"], "mixed");
    assert_eq!(sam[0]["verdict_label"], "half-true");
    assert_eq!(sam[0]["said_on"], "2021-03-03");
    assert_eq!(
        sam[0]["status"], "disputed",
        "a rated record without a status was checked"
    );
    // Header-less TSV mapped by column number (the LIAR dataset's shape), with a stray quote.
    let tsv = env.file(
        "liar.tsv",
        b"1.json\tfalse\tSays the \"plan cuts taxes.\tTaxes\tbob-smith\tSenator\n2.json\tTRUE\tWages grew 2%.\twages\tann-lee\tMayor\n",
    );
    let summary = env.json(&[
        "ingest",
        &tsv,
        "--map",
        "text=3,speaker=5,verdict=2,speaker_role=6,tags=4",
    ]);
    assert_eq!(summary["claims_added"], 2);
    let bob = env.json(&["list", "--speaker", "bob-smith"]);
    assert_eq!(bob[0]["text"], "Says the \"plan cuts taxes.");
    assert_eq!(bob[0]["verdict"], "false");
    assert_eq!(bob[0]["tags"], serde_json::json!(["taxes"]));
    let before = env.dump();
    env.ok(&["ingest", &json]);
    env.ok(&["ingest", &csv, "--map", "said_on=description"]);
    env.ok(&[
        "ingest",
        &tsv,
        "--map",
        "text=3,speaker=5,verdict=2,speaker_role=6,tags=4",
    ]);
    assert_eq!(
        env.dump(),
        before,
        "ingesting the same files again changes nothing"
    );
}

#[test]
fn a_column_of_written_dates_fills_the_date_when_no_header_names_one() {
    let env = Env::new();
    // PolitiFact's dump as it comes: the date sits inside "description". The fourth row has
    // none; it is still taken, undated.
    let csv = env.file(
        "politifact.csv",
        b",ruling,name,quote,description\n\
0,false,Jane Doe,Unemployment fell to 3.5%,\"stated on January 20, 2023 in in a speech:\"\n\
1,true,Sam Poe,Taxes rose twice,\"stated on March 3, 2021 in a tweet:\"\n\
2,true,Ann Lee,Wages grew 2%,\"stated on Sept. 9, 2019 in an interview:\"\n\
3,false,Max Fu,Rents doubled,in a flyer:\n",
    );
    let late = env.file(
        "late.csv",
        b"quote,name,description\nCrime fell,Bo Rao,in a flyer\n",
    );
    let (_, notes) = env.ok_with_notes(&["ingest", &csv]);
    assert!(
        notes.contains("said_on, context ← the date and what follows it in 'description'"),
        "{notes}"
    );
    assert!(
        !notes.contains("ignoring column 1, 'description'"),
        "{notes}"
    );
    let said = |who: &str| env.json(&["list", "--speaker", who])[0]["said_on"].clone();
    assert_eq!(said("Jane Doe"), "2023-01-20");
    assert_eq!(said("Sam Poe"), "2021-03-03");
    assert_eq!(said("Ann Lee"), "2019-09-09");
    let jane = env.json(&["list", "--speaker", "Jane Doe"]);
    assert_eq!(jane[0]["context"], "in a speech");
    assert_eq!(said("Max Fu"), serde_json::Value::Null);
    // One row is too few to tell a date column; "in a flyer" holds no date either way.
    env.ok(&["ingest", &late]);
    assert_eq!(said("Bo Rao"), serde_json::Value::Null);
    // Two columns of dates: which one is the date said is not guessed.
    let two = env.file(
        "two.csv",
        b"quote,name,a,b\nX rose,Cy Tan,2020-01-01,2021-01-01\nY fell,Cy Tan,2020-02-01,2021-02-01\nZ held,Cy Tan,2020-03-01,2021-03-01\n",
    );
    let (_, notes) = env.ok_with_notes(&["ingest", &two]);
    assert!(notes.contains("ignoring 'a', 'b'"), "{notes}");
    assert_eq!(said("Cy Tan"), serde_json::Value::Null);
    // Named with --map, the column gives the context just the same.
    let mapped = Env::new();
    mapped.ok(&[
        "ingest",
        &csv,
        "--map",
        "said_on=description",
        "--skip-invalid",
    ]);
    let sam = mapped.json(&["list", "--speaker", "Sam Poe"]);
    assert_eq!(sam[0]["said_on"], "2021-03-03");
    assert_eq!(sam[0]["context"], "in a tweet");
}

#[test]
fn skip_invalid_writes_the_good_records_and_saves_the_rejects() {
    let env = Env::new();
    let csv = env.file(
        "mixed.csv",
        b"text,speaker,said_on\nGood one,A,2025-01-01\nBad date,B,31/12/2024\n,C,2025-01-02\nAnother good,D,\n",
    );
    let err = env.fails(&["ingest", &csv], 1);
    assert!(
        err.contains("mixed.csv:3: said_on:") && err.contains("mixed.csv:4: text: is empty"),
        "{err}"
    );
    let rejects = env.dir.path().join("rejects.csv");
    let out = env
        .cmd(&[
            "ingest",
            &csv,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["claims_added"], 2);
    assert_eq!(summary["rejected"], 2);
    assert_eq!(summary["rejections"][0]["line"], 3);
    assert_eq!(summary["rejections"][0]["field"], "said_on");
    assert_eq!(
        summary["rejections"][1]["message"],
        "is empty (every record needs text and speaker)"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("rejected: "));
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "text,speaker,said_on\nBad date,B,31/12/2024\n,C,2025-01-02\n"
    );
    // The rejects file is created empty, so it may not be the input it would wipe out.
    let err = env.fails(&["ingest", &csv, "--skip-invalid", "--rejects", &csv], 2);
    assert!(err.contains("is an input"), "{err}");
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("text,speaker")
    );
}

#[test]
fn a_dry_run_counts_without_writing() {
    let env = Env::new();
    env.ok(&["add", "Existing", "--speaker", "A"]);
    let before = env.dump();
    let summary = env.json(&["ingest", &sample("alaska-summit-claims.jsonl"), "--dry-run"]);
    assert_eq!(summary["claims_added"], 16);
    assert_eq!(summary["dry_run"], true);
    assert_eq!(env.dump(), before);
}

/// The files in the database's folder, sorted: a dry run leaves none behind (a database on a
/// server has no folder).
fn folder_files(env: &Env) -> Vec<String> {
    let Ok(folder) = std::fs::read_dir(env.db.parent().unwrap()) else {
        assert!(env.url.is_some(), "no folder for {}", env.db.display());
        return Vec::new();
    };
    let mut names: Vec<String> = folder
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_dry_run_takes_no_write_lock() {
    let env = Env::new();
    env.ok(&["add", "Existing", "--speaker", "A"]);
    env.ok(&["dispute", "1", "--verdict", "false"]);
    let before = env.dump();
    let files = folder_files(&env);
    // Another writer holds the lock for the whole dry run: it neither waits nor fails.
    let writer = env.hold_write_lock();
    let summary = env.json(&["ingest", &sample("alaska-summit-claims.jsonl"), "--dry-run"]);
    assert_eq!(summary["claims_added"], 16);
    let undo = env.ok(&["undo", "--dry-run"]);
    assert!(undo.contains("Undo would take back"), "{undo}");
    drop(writer);
    assert_eq!(env.dump(), before);
    assert_eq!(folder_files(&env), files);
}

#[test]
fn a_dry_run_sweeps_away_the_copy_a_killed_one_left() {
    let env = Env::new();
    env.ok(&["add", "Existing", "--speaker", "A"]);
    let folder = env.db.parent().unwrap();
    // What a dry run killed half-way leaves: its copy, and its lock file no one holds now.
    std::fs::write(folder.join(".claimtrack-dry-run-old.db"), b"a copy").unwrap();
    std::fs::write(folder.join(".claimtrack-dry-run-old.alive"), b"").unwrap();
    env.json(&["ingest", &sample("alaska-summit-claims.jsonl"), "--dry-run"]);
    let left: Vec<String> = folder_files(&env)
        .into_iter()
        .filter(|f| f.starts_with(".claimtrack-dry-run"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_dry_run_on_no_database_creates_nothing() {
    let env = Env::new();
    let summary = env.json(&["ingest", &sample("alaska-summit-claims.jsonl"), "--dry-run"]);
    assert_eq!(summary["claims_added"], 16);
    assert!(!env.exists() && !env.db.parent().unwrap().exists());
}

#[test]
fn broken_files_of_each_kind_are_refused_whole() {
    let env = Env::new();
    env.ok(&["add", "Existing", "--speaker", "A"]);
    let before = env.dump();
    let cases: Vec<(String, &str)> = vec![
        (
            env.file("open.csv", b"text,speaker\n\"Unclosed,A\nNext,B\n"),
            "open.csv:2: has 1 fields, the header has 2 (a quoted field runs on over 2 line",
        ),
        (
            // Closed again by the next quoted field: as many fields as the header, rows swallowed.
            env.file(
                "swallow.csv",
                b"text,speaker\nFine,A\n\"Open,B\nThird,C\nFourth,D\n\"Fifth\",E\n",
            ),
            "swallow.csv:3: column 1: a quoted field runs on over the next 3 line(s)",
        ),
        (
            env.file(
                "cut.json",
                b"[{\"text\":\"A\",\"speaker\":\"B\"},{\"text\":\"C\"",
            ),
            "cut.json:1: the record starting here is cut off",
        ),
        (env.file("scalar.json", b"[1, 2]"), "cut"),
        (
            env.file("nomap.csv", b"quote_text,who\nx,y\n"),
            "no column for `text`",
        ),
        (
            env.file("badmap.csv", b"text,speaker\nx,y\n"),
            "no column named 'nope'",
        ),
        (env.file("binary.txt", b"abc\x00def"), "binary"),
    ];
    // Multi-line text with a comma a line is no open quote.
    let prose = env.file(
        "prose.csv",
        b"text,speaker\n\"We will cut taxes,\nraise wages, and\nbuild roads, too.\",Ann Roe\n",
    );
    let out = env.json(&["ingest", &prose, "--dry-run"]);
    assert_eq!(out["claims_added"], 1, "{out}");
    for (file, message) in cases {
        let mut args = vec!["ingest", file.as_str()];
        if file.ends_with("badmap.csv") {
            args.extend(["--map", "speaker=nope"]);
        }
        let err = env.fails(&args, 1);
        if message != "cut" {
            assert!(
                err.contains(message),
                "{file}: expected '{message}' in: {err}"
            );
        }
        assert_eq!(env.dump(), before, "{file}");
    }
}

#[test]
fn an_article_becomes_claims_by_their_speakers() {
    let env = Env::new();
    let article = sample("alaska-summit-article.txt");
    let summary = env.json(&[
        "ingest",
        &article,
        "--source",
        "Blog post",
        "--published",
        "2025-08-16",
    ]);
    assert!(summary["claims_added"].as_u64().unwrap() >= 1, "{summary}");
    let claims = env.json(&["list"]);
    for claim in claims.as_array().unwrap() {
        assert_eq!(claim["sources"], serde_json::json!(["Blog post"]));
        // The comma before "he said" is not part of the claim.
        let text = claim["text"].as_str().unwrap();
        assert!(!text.ends_with(','), "{text}");
        if claim["speaker"] == "unknown" {
            assert!(
                claim["tags"]
                    .as_array()
                    .unwrap()
                    .contains(&serde_json::json!("needs-speaker"))
            );
        }
    }
    // A speaker only guessed (no verb of their own) is kept, flagged for a person to check.
    let guessed = env.file(
        "guessed.txt",
        b"Mayor Ann Roe spoke on Monday. Crowds marched while chanting, \"Hands up, don't shoot.\"\n",
    );
    env.ok(&["ingest", &guessed]);
    let hands = env.json(&["list", "--search", "hands"]);
    assert_eq!(
        hands[0]["tags"],
        serde_json::json!(["needs-speaker"]),
        "{hands}"
    );
    let plain = env.file(
        "plain.txt",
        b"Just the writer's words. Nothing is quoted.\n",
    );
    let (_, notes) = env.ok_with_notes(&["ingest", &plain]);
    assert!(notes.contains("plain.txt: no quotations found"), "{notes}");
    let dated = crate::Env::new();
    dated.ok(&[
        "ingest",
        &article,
        "--source",
        "Blog post",
        "--said-on",
        "2025-08-15",
    ]);
    let said: Vec<serde_json::Value> = dated
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["said_on"].clone())
        .collect();
    assert!(said.iter().all(|d| d == "2025-08-15"), "{said:?}");
    let again = env.json(&["ingest", &article, "--source", "Blog post"]);
    assert_eq!(again["claims_added"], 0);
    assert_eq!(again["appearances_added"], 0);
}
