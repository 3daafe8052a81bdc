//! Finding claims: full-text search, the index staying right, paging, sorting, similar claims.

use serde_json::Value;

use crate::{Env, sample};

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

fn sample_env() -> Env {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env
}

#[test]
fn search_ranks_phrases_prefixes_and_operators() {
    let env = sample_env();
    let hits = env.json(&["search", "ceasefire"]);
    assert_eq!(ids(&hits), [12], "porter stemming and ranking: {hits}");
    assert_eq!(hits[0]["speaker"], "Oleksiy Honcharenko");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0, "higher is better");
    assert_eq!(ids(&env.json(&["search", "\"bought himself\""])).len(), 1);
    assert_eq!(ids(&env.json(&["search", "tarm*"])).len(), 1);
    assert_eq!(
        ids(&env.json(&["search", "putin NOT tarmac"])).len(),
        ids(&env.json(&["search", "putin"])).len() - 1
    );
    assert_eq!(ids(&env.json(&["search", "moscow OR soldiers"])).len(), 2);
    // Speaker names are searched too.
    assert!(ids(&env.json(&["search", "honcharenko"])).contains(&12));
    // Filters combine with the search.
    assert_eq!(
        ids(&env.json(&["search", "putin", "--speaker", "James Bays"])),
        [11]
    );
    assert_eq!(
        ids(&env.json(&["list", "--search", "putin", "--status", "in_review"])),
        [12]
    );
    assert_eq!(ids(&env.json(&["outstanding", "--search", "moscow"])), [15]);
}

/// Every word counts, the commonest too: in a phrase, in its order, and alone.
#[test]
fn a_phrase_keeps_its_order_and_common_words_are_words() {
    let env = sample_env();
    assert_eq!(ids(&env.json(&["search", "\"himself bought\""])).len(), 0);
    assert_eq!(ids(&env.json(&["search", "will"])), [3]);
    assert_eq!(ids(&env.json(&["search", "the"])).len(), 5);
}

#[test]
fn bad_search_syntax_is_retried_as_words_or_refused_clearly() {
    let env = sample_env();
    // An unclosed quote and a stray operator are read as plain words.
    assert_eq!(ids(&env.json(&["search", "\"left the tarmac"])).len(), 1);
    assert_eq!(ids(&env.json(&["search", "tarmac AND"])).len(), 1);
    for nonsense in ["(((", "NEAR((", "AND OR"] {
        let err = env.fails(&["search", nonsense], 1);
        assert!(
            err.contains("not a search claimtrack can run") && !err.contains("fts5"),
            "{err}"
        );
    }
    env.fails(&["search", "  "], 2);
}

#[test]
fn search_highlights_matches_on_a_colour_terminal_only() {
    let env = sample_env();
    let plain = env.ok(&["search", "tarmac"]);
    assert!(
        plain.contains("tarmac") && !plain.contains('\u{1b}'),
        "{plain}"
    );
    let coloured = env.ok(&["search", "tarmac", "--color", "always"]);
    assert!(coloured.contains("\u{1b}[1mtarmac\u{1b}[22m"), "{coloured}");
    let no_color = env
        .cmd(&["search", "tarmac"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stdout).contains('\u{1b}'));
}

/// The index answers as a plain scan would, after edits, merges and re-ingests.
#[test]
fn the_index_stays_right_after_merges_and_new_claims() {
    let env = sample_env();
    let like = |word: &str| -> Vec<i64> {
        env.ints(&format!(
            "SELECT c.id FROM claims c JOIN speakers s ON s.id = c.speaker_id
              WHERE lower(c.text) LIKE '%{word}%' OR lower(s.name) LIKE '%{word}%' ORDER BY c.id"
        ))
    };
    let search = |word: &str| -> Vec<i64> {
        let mut found = ids(&env.json(&["search", word]));
        found.sort_unstable();
        found
    };
    for word in ["putin", "moscow", "trump", "tarmac"] {
        assert_eq!(search(word), like(word), "{word}");
    }
    env.ok(&["add", "Putin will visit Moscow", "--speaker", "Jane Zelda"]);
    env.ok(&["add", "Putin will visit Moscow", "--speaker", "J. Zelda"]);
    env.ok(&["speaker", "merge", "J. Zelda", "Jane Zelda"]);
    env.ok(&["speaker", "merge", "Kimberly Halkett", "James Bays"]);
    for word in ["putin", "moscow", "zelda", "halkett", "bays", "nothing"] {
        assert_eq!(search(word), like(word), "{word} after merges");
    }
    // The index itself is sound: FTS5's own check on a file; on a server, `check` compares each
    // claim's search words with its text's.
    match &env.url {
        None => {
            env.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)");
        }
        Some(_) => assert!(env.ok(&["check"]).contains("all checks passed")),
    }
}

#[test]
fn paging_visits_every_claim_once_in_every_order() {
    let env = Env::new();
    for i in 0..23 {
        let text = format!("Claim number {i} says {} percent", i * 7 % 11);
        let said = format!("2025-08-{:02}", 1 + i % 9);
        let speaker = format!("Speaker {}", i % 4);
        let mut args = vec![
            "add",
            text.as_str(),
            "--speaker",
            speaker.as_str(),
            "--said-on",
            said.as_str(),
        ];
        if i % 5 == 0 {
            args.extend(["--tag", "five"]);
        }
        env.ok(&args);
    }
    env.ok(&["note", "3", "chase", "--follow-up", "2025-08-01"]);
    env.ok(&["note", "9", "chase", "--follow-up", "2025-07-01"]);
    env.ok(&["priority", "17", "99"]);
    for sort in ["said", "added", "updated", "priority", "speaker", "queue"] {
        for reverse in [false, true] {
            let mut base = vec!["list", "--sort", sort];
            if reverse {
                base.push("--reverse");
            }
            let all = ids(&env.json(&base));
            assert_eq!(all.len(), 23);
            let mut paged = Vec::new();
            let mut after: Option<i64> = None;
            loop {
                let mut args = base.clone();
                args.extend(["--limit", "4"]);
                let after_text = after.map(|a| a.to_string());
                if let Some(a) = &after_text {
                    args.extend(["--after", a.as_str()]);
                }
                let page = ids(&env.json(&args));
                if page.is_empty() {
                    break;
                }
                after = page.last().copied();
                paged.extend(page);
            }
            assert_eq!(paged, all, "--sort {sort} reverse {reverse}");
        }
    }
    let queue = ids(&env.json(&["outstanding"]));
    assert_eq!(
        &queue[..3],
        [9, 3, 17],
        "overdue (oldest due first), then by priority"
    );
    let err = env.fails(&["list", "--after", "999"], 1);
    assert!(err.contains("no claim with id 999"), "{err}");
}

#[test]
fn similar_finds_rewordings_by_anyone_with_a_score() {
    let env = sample_env();
    env.ok(&[
        "add",
        "No ceasefire or deescalation was agreed, it seems",
        "--speaker",
        "Someone Else",
    ]);
    let found = env.json(&["similar", "12"]);
    assert_eq!(ids(&found), [17]);
    let score = found[0]["score"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&score), "{score}");
    // Claims that only share a word or two score low, and the threshold leaves them out.
    let all = env.json(&["similar", "12", "--threshold", "0"]);
    assert!(ids(&all).len() > 1, "{all}");
    assert!(all[1]["score"].as_f64().unwrap() < 0.5, "{all}");
}

#[test]
fn priority_is_computed_shown_and_settable() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Unemployment fell to 3.5 percent in 2019, the lowest in 50 years",
        "--speaker",
        "A",
    ]);
    env.ok(&["add", "I think it was a great meeting", "--speaker", "B"]);
    let list = env.json(&["outstanding"]);
    assert_eq!(ids(&list), [1, 2]);
    assert!(list[0]["priority"].as_u64().unwrap() > list[1]["priority"].as_u64().unwrap());
    env.ok(&["priority", "2", "100"]);
    assert_eq!(ids(&env.json(&["outstanding"])), [2, 1]);
    env.ok(&["priority", "2", "auto"]);
    assert_eq!(ids(&env.json(&["outstanding"])), [1, 2]);
    env.fails(&["priority", "2", "101"], 2);
    env.fails(&["priority", "9", "50"], 1);
    // show gives the score and each factor with its fitted weight.
    let shown = env.ok(&["show", "1"]);
    assert!(shown.contains("(check-worthiness 0."), "{shown}");
    assert!(shown.contains("a percentage or money +"), "{shown}");
}

#[test]
fn the_queue_takes_each_claim_once_at_its_earliest_open_follow_up() {
    let env = Env::new();
    for (i, speaker) in ["A", "A", "A", "A", "B", "B", "B"].iter().enumerate() {
        env.ok(&[
            "add",
            &format!("Claim number {}", i + 1),
            "--speaker",
            speaker,
        ]);
    }
    for (claim, due) in [
        ("1", "2025-08-10"),
        ("1", "2025-07-01"),
        ("2", "2025-06-01"), // note 3: closed below, so claim 2 is due from its later one
        ("2", "2025-08-01"),
        ("3", "2025-07-15"),
        ("3", "2025-07-15"),
        ("4", "2025-09-30"), // not due yet
        ("5", "2025-05-01"), // on a verified claim
        ("7", "2025-07-15"),
    ] {
        env.ok(&["note", claim, "chase", "--follow-up", due]);
    }
    env.ok(&["done", "3"]);
    env.ok(&["verify", "5"]);
    for (claim, priority) in [("7", "90"), ("3", "10"), ("4", "50"), ("6", "40")] {
        env.ok(&["priority", claim, priority]);
    }
    let paged = |base: &[&str]| {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut args = base.to_vec();
            args.extend(["--limit", "1"]);
            if let Some(a) = &after {
                args.extend(["--after", a.as_str()]);
            }
            let page = ids(&env.json(&args));
            let Some(last) = page.last() else { break };
            after = Some(last.to_string());
            all.extend(page);
        }
        all
    };
    let cases: [(&[&str], &[i64]); 3] = [
        (&["outstanding"], &[1, 7, 3, 2, 4, 6]),
        (&["outstanding", "--overdue"], &[1, 7, 3, 2]),
        (&["outstanding", "--speaker", "B"], &[7, 6]),
    ];
    for (args, want) in cases {
        assert_eq!(ids(&env.json(args)), want, "{args:?}");
        assert_eq!(paged(args), want, "{args:?}, a page at a time");
    }
    let shown = env.json(&["outstanding"]);
    assert_eq!(shown[0]["follow_up"], "2025-07-01", "{shown}");
}

#[test]
fn search_scores_read_higher_is_better() {
    let env = sample_env();
    let hits = env.json(&["search", "putin OR ceasefire", "--limit", "20"]);
    let scores: Vec<f64> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.len() > 1, "{hits}");
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
}
