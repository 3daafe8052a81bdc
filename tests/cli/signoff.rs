//! Sign-off: a finding is approved by a second person, published, corrected in public and taken
//! down with a reason.

use crate::Env;

/// A claim disputed by ana, with an explanation.
fn rated() -> Env {
    let env = Env::new();
    env.ok(&[
        "add",
        "Crime rose 40 percent last year.",
        "--speaker",
        "Ed Mills",
    ]);
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "false",
        "--explanation",
        "Police figures show a fall of 3 percent.",
        "--by",
        "ana",
    ]);
    env
}

#[test]
fn a_check_is_approved_by_someone_else_then_published() {
    let env = rated();
    let c = env.json(&["show", "1"]);
    assert_eq!(c["stage"], "draft");
    assert_eq!(c["explanation"], "Police figures show a fall of 3 percent.");
    let err = env.fails(&["approve", "1", "--by", "ana"], 2);
    assert!(
        err.contains("claim 1 was rated by ana: someone else must approve it"),
        "{err}"
    );
    let err = env.fails(&["publish", "1", "--by", "ben"], 2);
    assert!(
        err.contains("claim 1 is draft: publish takes an approved check"),
        "{err}"
    );
    assert_eq!(
        env.ok(&["approve", "1", "--by", "ben"]),
        "Claim 1: draft → approved\n"
    );
    let out = env.ok(&[
        "publish",
        "1",
        "--review-url",
        "https://example.org/checks/1",
        "--date",
        "2025-08-19",
        "--by",
        "ben",
    ]);
    assert_eq!(
        out,
        "Claim 1: approved → published on 2025-08-19 at https://example.org/checks/1\n"
    );
    let c = env.json(&["show", "1"]);
    assert_eq!(c["stage"], "published");
    assert_eq!(c["approved_by"], "ben");
    assert_eq!(c["published_on"], "2025-08-19");
    assert_eq!(c["review_url"], "https://example.org/checks/1");
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains("Sign-off: published, approved by ben, published 2025-08-19"),
        "{shown}"
    );
    assert!(
        shown.contains("approve: draft → approved  by ben"),
        "{shown}"
    );
    let ids = |stage: &str| env.ok(&["list", "--stage", stage, "--format", "ids"]);
    assert_eq!(ids("published"), "1\n");
    assert_eq!(ids("draft"), "");
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn a_published_check_is_corrected_in_public_or_taken_down_with_a_reason() {
    let env = rated();
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&["publish", "1", "--by", "ben"]);
    let err = env.fails(&["reopen", "1"], 2);
    assert!(
        err.contains("claim 1 is published: unpublish it first"),
        "{err}"
    );
    let err = env.fails(&["dispute", "1", "--verdict", "mostly_false"], 2);
    assert!(
        err.contains("a new verdict or explanation is a correction"),
        "{err}"
    );
    let c = env.json(&["show", "1"]);
    assert_eq!(c["verdict"], "false", "nothing changed");
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "mostly_false",
        "--reason",
        "The fall was 1 percent, not 3",
    ]);
    let c = env.json(&["show", "1"]);
    assert_eq!(
        (c["verdict"].as_str(), c["stage"].as_str()),
        (Some("mostly_false"), Some("published"))
    );
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains(
            "correction: false “Police figures show a fall of 3 percent.” → mostly_false “Police figures show a fall of 3 percent.”: The fall was 1 percent, not 3"
        ),
        "{shown}"
    );
    env.fails(&["unpublish", "1", "--reason", " "], 2);
    assert_eq!(
        env.ok(&[
            "unpublish",
            "1",
            "--reason",
            "Under review again",
            "--by",
            "ben"
        ]),
        "Claim 1: published → draft\n"
    );
    let c = env.json(&["show", "1"]);
    assert_eq!(c["stage"], "draft");
    assert!(c.get("approved_by").is_none(), "{c}");
    // A draft may be re-rated freely, and an approval is of one finding.
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&["dispute", "1", "--verdict", "false"]);
    assert_eq!(env.json(&["show", "1"])["stage"], "draft");
}

#[test]
fn the_sign_off_queue_and_undo() {
    let env = rated();
    env.ok(&["add", "Another claim", "--speaker", "Ed Mills"]);
    let queue = env.ok(&["outstanding", "--stage", "draft", "--format", "ids"]);
    assert_eq!(
        queue, "1\n",
        "checked claims waiting for sign-off, not the open ones"
    );
    assert_eq!(env.ok(&["outstanding", "--format", "ids"]), "2\n");
    let err = env.fails(&["list", "--stage", "signed"], 2);
    assert!(err.contains("unknown stage 'signed'"), "{err}");
    env.ok(&["approve", "1", "--by", "ben"]);
    assert_eq!(env.json(&["show", "1"])["stage"], "approved");
    env.ok(&["undo", "--by", "ben"]);
    let c = env.json(&["show", "1"]);
    assert_eq!(c["stage"], "draft");
    assert!(c.get("approved_by").is_none(), "{c}");
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn the_explanation_travels_with_an_export_and_a_copy_starts_as_a_draft() {
    let env = rated();
    env.ok(&["approve", "1", "--by", "ben"]);
    let exported = env.ok(&["export", "--format", "jsonl"]);
    assert!(
        exported.contains("\"explanation\":\"Police figures show a fall of 3 percent.\""),
        "{exported}"
    );
    let copy = Env::new();
    let file = copy.file("claims.jsonl", exported.as_bytes());
    copy.ok(&["ingest", &file]);
    let c = copy.json(&["show", "1"]);
    assert_eq!(c["explanation"], "Police figures show a fall of 3 percent.");
    // Signed off on one desk is not signed off on another.
    assert_eq!(c["stage"], "draft");
}
