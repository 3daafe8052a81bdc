//! Speakers: surnames joining full names, aliases, merges with history kept.

use crate::Env;

#[test]
fn a_lone_surname_joins_a_full_name_only_when_unambiguous() {
    let env = Env::new();
    env.ok(&["add", "One", "--speaker", "Donald Trump"]);
    let joined = env.json(&["add", "Two", "--speaker", "Trump"]);
    assert_eq!(joined["speaker"], "Donald Trump");
    env.ok(&["add", "Three", "--speaker", "Melania Trump"]);
    let separate = env.json(&["add", "Four", "--speaker", "Trump"]);
    assert_eq!(
        separate["speaker"], "Trump",
        "two Trumps: the surname alone is a new speaker"
    );
    // ... flagged for a person to sort out, then and every time the surname comes back.
    assert_eq!(separate["tags"], serde_json::json!(["needs-speaker"]));
    let again = env.json(&["add", "Five", "--speaker", "Trump"]);
    assert_eq!(again["tags"], serde_json::json!(["needs-speaker"]));
    let full = env.json(&["add", "Six", "--speaker", "Melania Trump"]);
    assert_eq!(full["tags"], serde_json::json!([]));
    // Once the user says who the surname means, it is no longer in doubt.
    let env = Env::new();
    for name in [
        "Donald Trump",
        "Eric Trump",
        "Ivanka Trump",
        "Melania Trump",
    ] {
        env.ok(&["add", name, "--speaker", name]);
    }
    env.ok(&["speaker", "alias", "Melania Trump", "Trump"]);
    let aliased = env.json(&["add", "Seven", "--speaker", "Trump"]);
    assert_eq!(aliased["speaker"], "Melania Trump");
    assert_eq!(aliased["tags"], serde_json::json!([]));
}

#[test]
fn aliases_find_the_speaker_and_cannot_steal_a_name() {
    let env = Env::new();
    env.ok(&["add", "One", "--speaker", "Vladimir Putin"]);
    env.ok(&["add", "Two", "--speaker", "Joe Biden"]);
    env.ok(&["speaker", "alias", "putin", "The Russian leader"]);
    let added = env.json(&["add", "Three", "--speaker", "the russian leader"]);
    assert_eq!(added["speaker"], "Vladimir Putin");
    assert_eq!(
        env.json(&["list", "--speaker", "The Russian Leader"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let err = env.fails(&["speaker", "alias", "Putin", "Joe Biden"], 1);
    assert!(
        err.contains("already names Joe Biden") && err.contains("speaker merge"),
        "{err}"
    );
    let err = env.fails(&["speaker", "alias", "Nobody", "X"], 1);
    assert!(err.contains("no speaker called 'Nobody'"), "{err}");
    let card = env.json(&["speaker", "putin"]);
    assert_eq!(card["aliases"], serde_json::json!(["The Russian leader"]));
    assert_eq!(card["claims"], 2);
}

#[test]
fn merging_speakers_combines_identical_claims_and_keeps_their_history() {
    let env = Env::new();
    env.ok(&[
        "add",
        "We didn't get there",
        "--speaker",
        "Donald Trump",
        "--source",
        "Fox News",
        "--tag",
        "a",
    ]);
    env.ok(&[
        "add",
        "We didn't get there",
        "--speaker",
        "D. J. Trump",
        "--source",
        "CNN",
        "--tag",
        "b",
    ]);
    env.ok(&[
        "add",
        "Only the alias said this",
        "--speaker",
        "D. J. Trump",
    ]);
    env.ok(&["dispute", "2", "--verdict", "false", "--reason", "checked"]);
    env.ok(&["note", "2", "ask again", "--follow-up", "2025-09-01"]);
    env.ok(&["evidence", "2", "https://example.org/e"]);
    let before_claims = env.json(&["list"]).as_array().unwrap().len();
    assert_eq!(before_claims, 3);
    let out = env.ok(&["speaker", "merge", "D. J. Trump", "Donald Trump"]);
    assert!(
        out.contains("1 claim(s) moved, 1 identical claim(s) combined"),
        "{out}"
    );
    let claims = env.json(&["list"]);
    assert_eq!(claims.as_array().unwrap().len(), 2);
    let merged = env.json(&["show", "1"]);
    assert_eq!(merged["sources"], serde_json::json!(["Fox News", "CNN"]));
    assert_eq!(merged["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(merged["notes"][0]["text"], "ask again");
    assert_eq!(merged["evidence"][0]["url"], "https://example.org/e");
    let reasons: Vec<&str> = merged["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["reason"].as_str())
        .collect();
    assert!(
        reasons.contains(&"checked"),
        "the merged claim's history moved: {reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.starts_with("merged claim 2")),
        "{reasons:?}"
    );
    // The claim merged away points to the one that stays; the moved claim says whose it was.
    let err = env.fails(&["show", "2"], 1);
    assert!(err.contains("claim 2 was merged into claim 1"), "{err}");
    let moved = env.json(&["show", "3"]);
    assert_eq!(moved["corrections"][0]["action"], "speaker_change");
    assert_eq!(
        moved["corrections"][0]["detail"]["speaker"]["old"],
        "D. J. Trump"
    );
    assert!(
        env.ok(&["show", "3"])
            .contains("speaker: “D. J. Trump” → “Donald Trump” (speaker merge)")
    );
    // The old name now finds the kept speaker.
    assert_eq!(
        env.json(&["list", "--speaker", "D. J. Trump"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let err = env.fails(&["speaker", "merge", "Donald Trump", "D. J. Trump"], 1);
    assert!(err.contains("nothing to merge"), "{err}");
    // A merge takes the name of the speaker that goes, not an alias of theirs.
    env.ok(&["add", "Another one", "--speaker", "Eric Trump"]);
    let before = env.dump();
    let err = env.fails(&["speaker", "merge", "D. J. Trump", "Eric Trump"], 1);
    assert!(err.contains("leads to Donald Trump"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn an_id_given_again_does_not_inherit_the_old_claims_corrections() {
    let env = Env::new();
    env.ok(&["add", "Taxes are up", "--speaker", "Ann Roe"]);
    env.ok(&["add", "Taxes are up", "--speaker", "A. Roe"]);
    env.ok(&["edit", "2", "--context", "on TV"]);
    env.ok(&["speaker", "merge", "A. Roe", "Ann Roe"]);
    // SQLite gives the highest id again once its claim is gone.
    let new = env.json(&["add", "Something unrelated", "--speaker", "Bob Poe"]);
    assert_eq!(new["id"], 2);
    let shown = env.json(&["show", "2"]);
    assert_eq!(shown["corrections"], serde_json::json!([]));
    env.ok(&["delete", "2", "--yes"]);
    let err = env.fails(&["show", "2"], 1);
    assert!(err.contains("no claim with id 2"), "{err}");
}
