//! Transcripts: labelled turns, each sentence a statement by the turn's speaker.

use super::{Env, sample};

#[test]
fn extract_reads_a_transcript_turn_by_turn_with_offsets_and_worth() {
    let env = Env::new();
    let file = sample("town-hall-transcript.txt");
    let all = env.json(&["extract", &file, "--all"]);
    let all = all.as_array().unwrap();
    let text: Vec<char> = std::fs::read_to_string(&file).unwrap().chars().collect();
    for s in all {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            s["text"],
            "{s}"
        );
        let worth = s["worth"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&worth), "{s}");
    }
    let said = |speaker: &str| -> Vec<String> {
        all.iter()
            .filter(|s| s["speaker"] == speaker)
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    // Labels resolve to the full names the transcript gives; a line without one goes on with
    // the last speaker; stage directions are not speech.
    assert_eq!(said("June Park")[0], "Good evening.");
    assert_eq!(all[0]["role"], "Moderator");
    assert!(said("Tom Bell").contains(&"The audit says so on page 12.".to_string()));
    assert!(said("Ana Ruiz").contains(&"Thank you.".to_string()));
    assert!(
        all.iter()
            .all(|s| !s["text"].as_str().unwrap().contains("APPLAUSE"))
    );
    assert!(
        all.iter()
            .all(|s| !s["text"].as_str().unwrap().contains("crosstalk"))
    );
    // Without --all, only the check-worthy ones: figures in, thanks out.
    let worthy = env.json(&["extract", &file]);
    let worthy: Vec<&str> = worthy
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(worthy.len() < all.len() && !worthy.is_empty(), "{worthy:?}");
    assert!(worthy.contains(
        &"The harbour lost 4 million dollars last year, and the council hid it from voters."
    ));
    assert!(!worthy.contains(&"Thank you."));
    let none = env.json(&["extract", &file, "--min-worth", "100"]);
    assert_eq!(none.as_array().unwrap().len(), 0);
    let err = env.fails(&["extract", &file, "--from", "csv"], 2);
    assert!(
        err.contains("extract reads articles (text) and transcripts"),
        "{err}"
    );
    // An article is still read for its quotations.
    let quotes = env.json(&["extract", &sample("alaska-summit-article.txt")]);
    assert!(quotes[0].get("cue").is_some(), "{quotes}");
}

#[test]
fn ingest_takes_a_transcripts_check_worthy_statements_as_claims() {
    let env = Env::new();
    let file = sample("town-hall-transcript.txt");
    let out = env.ok(&["ingest", &file, "--source", "Riverton Radio"]);
    assert!(out.contains("record(s) from 1 file(s)"), "{out}");
    let claims = env.json(&["list", "--source", "Riverton Radio"]);
    let claims = claims.as_array().unwrap();
    assert!(!claims.is_empty());
    assert!(claims.iter().any(|c| c["speaker"] == "Tom Bell"
        && c["text"]
            == "The harbour made a profit of 1.2 million in 2024, the first profit in ten years."));
    assert!(claims.iter().all(|c| c["text"] != "Thank you."));
    let id = claims[0]["id"].as_i64().unwrap().to_string();
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["appearances"][0]["kind"], "transcript", "{shown}");
    // --all keeps every statement.
    let every = Env::new();
    every.ok(&["ingest", &file, "--all", "--from", "transcript"]);
    assert!(every.json(&["list"]).as_array().unwrap().len() > claims.len());
}

#[test]
fn a_speaker_map_names_a_label_the_transcript_does_not() {
    let env = Env::new();
    let file = sample("town-hall-transcript.txt");
    let found = env.json(&["extract", &file, "--speaker-map", "BELL=Thomas R. Bell"]);
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["speaker"] == "Thomas R. Bell"),
        "{found}"
    );
    env.ok(&["ingest", &file, "--speaker-map", "Ruiz=Ana María Ruiz"]);
    assert_eq!(
        env.json(&["list", "--speaker", "Ana María Ruiz"])
            .as_array()
            .unwrap()
            .len(),
        3,
        "her three check-worthy statements"
    );
    let err = env.fails(&["ingest", &file, "--speaker-map", "RUIZ"], 2);
    assert!(
        err.contains("--speaker-map: 'RUIZ' is not LABEL=NAME"),
        "{err}"
    );
}
