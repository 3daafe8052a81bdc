//! The everyday loop: add, re-add, verify, dispute, re-open, notes, follow-ups, show, list.

use crate::Env;

#[test]
fn adding_the_same_claim_again_adds_an_appearance_not_a_claim() {
    let env = Env::new();
    let first = env.json(&[
        "add",
        "We didn’t get there.",
        "--speaker",
        "Donald Trump",
        "--source",
        "Al Jazeera",
        "--said-on",
        "2025-08-15",
    ]);
    assert_eq!(first["id"], 1);
    assert_eq!(first["created"], true);
    let again = env.json(&[
        "add",
        "we didn't get there",
        "--speaker",
        "donald trump",
        "--source",
        "Fox News",
    ]);
    assert_eq!(again["id"], 1);
    assert_eq!(again["created"], false);
    assert_eq!(again["appearance_added"], true);
    assert_eq!(
        again["sources"],
        serde_json::json!(["Al Jazeera", "Fox News"])
    );
    let same_source = env.ok(&[
        "add",
        "We didn't get there",
        "--speaker",
        "Donald Trump",
        "--source",
        "fox news",
    ]);
    assert!(
        same_source.contains("Claim 1 already has this text")
            && same_source.contains("nothing new"),
        "{same_source}"
    );
    // Another speaker saying the same words is another claim.
    let other = env.json(&["add", "We didn't get there", "--speaker", "Vladimir Putin"]);
    assert_eq!(other["id"], 2);
    let list = env.json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let show = env.json(&["show", "1"]);
    let appearances = show["appearances"].as_array().unwrap();
    assert_eq!(appearances.len(), 2);
    assert_eq!(appearances[0]["name"], "Al Jazeera");
    assert_eq!(appearances[0]["first"], true);
}

#[test]
fn status_changes_are_recorded_with_actor_reason_and_verdict() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Russia has 1.5 million soldiers",
        "--speaker",
        "Trump",
    ]);
    env.ok(&["add", "Second claim", "--speaker", "Putin"]);
    let out = env.ok(&[
        "verify",
        "1",
        "--verdict",
        "mostly-true",
        "--evidence",
        "https://example.org/iiss",
        "--reason",
        "IISS",
        "--by",
        "alice",
    ]);
    assert!(out.contains("unverified → verified · mostly_true"), "{out}");
    env.ok(&[
        "dispute",
        "1",
        "2",
        "--verdict",
        "false",
        "--label",
        "Pants on Fire",
    ]);
    env.ok(&["review", "1"]);
    env.ok(&["reopen", "1", "--reason", "new figures"]);
    // Unverifiable carries no verdict: asking for one with it is refused, and without one the
    // old verdict goes.
    let err = env.fails(&["status", "2", "unverifiable", "--verdict", "false"], 2);
    assert!(
        err.contains("an unverifiable claim cannot be rated false"),
        "{err}"
    );
    env.ok(&["status", "2", "unverifiable"]);
    let show = env.json(&["show", "1"]);
    assert_eq!(show["status"], "unverified");
    assert_eq!(
        show["verdict"],
        serde_json::Value::Null,
        "re-opening clears the verdict"
    );
    let history = show["history"].as_array().unwrap();
    let steps: Vec<(String, String)> = history
        .iter()
        .map(|h| {
            (
                h["from"].as_str().unwrap_or("-").to_string(),
                h["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("-", "unverified"),
            ("unverified", "verified"),
            ("verified", "disputed"),
            ("disputed", "in_review"),
            ("in_review", "unverified")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(history[1]["actor"], "alice");
    assert_eq!(history[1]["reason"], "IISS");
    assert_eq!(history[1]["verdict"], "mostly_true");
    assert_eq!(
        history[2]["actor"], "tester",
        "CLAIMTRACK_USER is the default actor"
    );
    assert_eq!(history[2]["verdict_label"], "Pants on Fire");
    assert_eq!(
        history[3]["verdict"],
        serde_json::Value::Null,
        "a claim in review carries no verdict"
    );
    assert_eq!(show["evidence"][0]["url"], "https://example.org/iiss");
    assert_eq!(show["evidence"][0]["stance"], "supports");
    let two = env.json(&["show", "2"]);
    assert_eq!(two["status"], "unverifiable");
    assert_eq!(two["verdict"], serde_json::Value::Null);
}

#[test]
fn notes_with_follow_ups_are_listed_until_done() {
    let env = Env::new();
    env.ok(&["add", "Claim A", "--speaker", "A"]);
    env.ok(&["add", "Claim B", "--speaker", "B"]);
    env.ok(&["note", "1", "Ask the ministry", "--follow-up", "2025-08-10"]);
    env.ok(&["note", "2", "Check the transcript", "--follow-up", "+7d"]);
    env.ok(&["note", "2", "Just a remark"]);
    let all = env.json(&["followups"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["note"]["follow_up_on"], "2025-08-10");
    assert_eq!(all[1]["note"]["follow_up_on"], "2025-08-27");
    let overdue = env.json(&["followups", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["note"]["claim_id"], 1);
    let due = env.json(&["followups", "--due", "2025-08-26"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    let overdue_claims = env.json(&["list", "--overdue"]);
    assert_eq!(overdue_claims.as_array().unwrap().len(), 1);
    assert_eq!(overdue_claims[0]["id"], 1);
    // The review queue puts the overdue claim first although it is older.
    let queue = env.json(&["outstanding"]);
    assert_eq!(queue[0]["id"], 1);
    assert_eq!(queue[0]["follow_up"], "2025-08-10");
    let table = env.ok(&["outstanding"]);
    assert!(table.contains("overdue"), "{table}");
    // Too narrow for the Due column: the status says it.
    let narrow = env
        .cmd(&["outstanding"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert!(
        !narrow.lines().nth(1).unwrap_or_default().contains("Due") && narrow.contains("overdue"),
        "{narrow}"
    );
    env.ok(&["done", "1"]);
    assert_eq!(
        env.json(&["followups", "--overdue"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let again = env.ok(&["done", "1"]);
    assert!(again.contains("already done"), "{again}");
    let show = env.json(&["show", "1"]);
    assert_eq!(show["notes"][0]["done_at"], crate::NOW);
    let err = env.fails(&["done", "3"], 1);
    assert!(err.contains("note 3 has no follow-up"), "{err}");
}

#[test]
fn tags_are_normalised_and_removable() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Claim A",
        "--speaker",
        "A",
        "--tag",
        "#Ukraine",
        "--tag",
        "Peace Deal",
    ]);
    env.ok(&["tag", "1", "UKRAINE", "ceasefire"]);
    assert_eq!(
        env.json(&["show", "1"])["tags"],
        serde_json::json!(["ceasefire", "peace-deal", "ukraine"])
    );
    env.ok(&["tag", "1", "--remove", "#ceasefire"]);
    assert_eq!(
        env.json(&["show", "1"])["tags"],
        serde_json::json!(["peace-deal", "ukraine"])
    );
    assert_eq!(
        env.json(&["list", "--tag", "#UKRAINE"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn every_list_filter_narrows_the_list() {
    let env = Env::new();
    env.ok(&[
        "add",
        "One",
        "--speaker",
        "Donald Trump",
        "--source",
        "Fox News",
        "--said-on",
        "2025-08-01",
        "--tag",
        "a",
    ]);
    env.ok(&[
        "add",
        "Two",
        "--speaker",
        "Vladimir Putin",
        "--source",
        "TASS",
        "--said-on",
        "2025-08-15",
        "--tag",
        "b",
    ]);
    env.ok(&[
        "add",
        "Three",
        "--speaker",
        "Donald Trump",
        "--url",
        "https://www.cnn.com/x",
        "--said-on",
        "2025-08-19",
    ]);
    env.ok(&["verify", "1"]);
    env.ok(&["review", "2"]);
    let ids = |args: &[&str]| -> Vec<i64> {
        env.json(args)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["list"]), [3, 2, 1]);
    assert_eq!(ids(&["list", "--status", "verified"]), [1]);
    assert_eq!(
        ids(&["list", "--status", "verified", "--status", "in_review"]),
        [2, 1]
    );
    assert_eq!(ids(&["list", "--outstanding"]), [3, 2]);
    assert_eq!(ids(&["outstanding"]), [3, 2]);
    assert_eq!(ids(&["list", "--speaker", "trump"]), [3, 1]);
    assert_eq!(ids(&["list", "--speaker", "Donald Trump"]), [3, 1]);
    assert_eq!(ids(&["list", "--speaker", "Nobody"]), Vec::<i64>::new());
    assert_eq!(ids(&["list", "--source", "fox news"]), [1]);
    assert_eq!(ids(&["list", "--source", "cnn.com"]), [3]);
    assert_eq!(ids(&["list", "--tag", "b"]), [2]);
    assert_eq!(ids(&["list", "--since", "2025-08-10"]), [3, 2]);
    assert_eq!(ids(&["list", "--until", "2025-08-15"]), [2, 1]);
    assert_eq!(ids(&["list", "--since", "-7d"]), [3, 2]);
    assert_eq!(ids(&["list", "--speaker", "trump", "--outstanding"]), [3]);
    assert_eq!(ids(&["list", "--limit", "1"]), [3]);
    let first = &env.json(&["list", "--limit", "1"])[0];
    for field in [
        "id",
        "text",
        "speaker",
        "status",
        "verdict",
        "said_on",
        "sources",
        "tags",
        "follow_up",
    ] {
        assert!(
            first.get(field).is_some(),
            "list JSON lacks {field}: {first}"
        );
    }
}

#[test]
fn tables_fit_the_terminal_and_csv_is_formula_safe() {
    let env = Env::new();
    let long = "The economy grew by 4.5 percent in the second quarter, the fastest pace in a decade, according to figures the minister cited twice.";
    env.ok(&[
        "add",
        long,
        "--speaker",
        "A Very Long Speaker Name Indeed",
        "--source",
        "A Long Outlet Name Here",
    ]);
    env.ok(&[
        "add",
        "=HYPERLINK(\"http://evil\")",
        "--speaker",
        "@attacker",
    ]);
    env.ok(&[
        "add",
        "red \u{1b}[31malert\u{1b}[0m and \u{202e}reversed",
        "--speaker",
        "B",
    ]);
    for width in ["60", "100", "200"] {
        let out = env.cmd(&["list"]).env("COLUMNS", width).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let max = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            max <= width.parse().unwrap(),
            "width {width}: a line is {max} wide\n{text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "control characters leaked:\n{text}"
        );
    }
    let csv = env.ok(&["list", "--format", "csv"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'@attacker"), "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("id,said_on,speaker"),
        "{csv}"
    );
}

#[test]
fn the_database_is_created_private_with_its_folders() {
    let env = Env::new();
    env.ok(&["add", "Claim", "--speaker", "A"]);
    assert!(env.db.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env.db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn the_outstanding_view_matches_the_cli_queue() {
    let env = Env::new();
    env.ok(&["add", "One", "--speaker", "A"]);
    env.ok(&["add", "Two", "--speaker", "B"]);
    env.ok(&["add", "Three", "--speaker", "C"]);
    env.ok(&["verify", "2"]);
    env.ok(&["note", "1", "chase", "--follow-up", "2025-08-01"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let view: Vec<i64> = conn
        .prepare("SELECT id FROM outstanding_claims")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let cli: Vec<i64> = env
        .json(&["outstanding"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(view, cli);
    assert_eq!(cli, [1, 3]);
}
