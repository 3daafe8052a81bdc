//! The extractor's output on the articles and transcripts we wrote ourselves
//! (tests/fixtures/written/, whose README has the figures its scorer prints): each quotation or
//! statement with its speaker, held as a snapshot, so that any change in what is found or whom
//! it is given to shows in review.

use std::fmt::Write;

use crate::Env;

const FIXTURES: [(&str, bool); 9] = [
    ("us-1", false),
    ("us-2", false),
    ("us-3", false),
    ("uk-1", false),
    ("uk-2", false),
    ("uk-3", false),
    ("transcript-1", true),
    ("transcript-2", true),
    ("transcript-3", true),
];

#[test]
fn written_fixtures_read_as_the_snapshot_says() {
    let env = Env::new();
    let mut out = String::new();
    for (name, transcript) in FIXTURES {
        let file = format!(
            "{}/tests/fixtures/written/{name}.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut args = vec!["extract", file.as_str()];
        if transcript {
            args.extend(["--from", "transcript", "--all"]);
        }
        let found = env.json(&args);
        let _ = writeln!(out, "== {name}");
        for item in found.as_array().unwrap() {
            let text: String = item["text"].as_str().unwrap().chars().take(70).collect();
            let speaker = item["speaker"].as_str().unwrap_or("-");
            let _ = write!(out, "{}-{} {speaker}", item["start"], item["end"]);
            if transcript {
                let _ = write!(out, " [{}]", item["priority"]);
            }
            let _ = writeln!(out, ": {text}");
        }
    }
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("written", out);
    });
}
