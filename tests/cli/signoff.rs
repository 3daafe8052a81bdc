//! Sign-off: a finding is approved by a second person, published, corrected in public and taken
//! down with a reason.

use serde_json::{Value, json};

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
    // Undoing the finding under a published check is refused: the sign-off came since.
    let err = env.fails(&["undo", "2", "--by", "ana"], 1);
    assert!(err.contains("by ben"), "{err}");
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
    let c = env.json(&["show", "1"]);
    assert_eq!(c["stage"], "draft");
    assert!(c.get("approved_by").is_none(), "{c}");
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn whoever_set_the_finding_cannot_approve_it_whoever_touched_it_last() {
    let env = rated();
    // ben adds a headline: the finding is still ana's, and ana still may not approve it.
    env.ok(&[
        "dispute",
        "1",
        "--review-title",
        "No, crime fell",
        "--by",
        "ben",
    ]);
    let err = env.fails(&["approve", "1", "--by", "ana"], 2);
    assert!(err.contains("claim 1 was rated by ana"), "{err}");
    // A new explanation is a new finding: now ben may not approve it, and ana may.
    env.ok(&[
        "dispute",
        "1",
        "--explanation",
        "Crime fell.",
        "--by",
        "ben",
    ]);
    let err = env.fails(&["approve", "1", "--by", "ben"], 2);
    assert!(err.contains("claim 1 was rated by ben"), "{err}");
    env.ok(&["approve", "1", "--by", "ana"]);
    // A published claim takes no verdict adopted from another without a reason of its own.
    env.ok(&["publish", "1", "--by", "ana"]);
    env.ok(&[
        "add",
        "Crime rose by 40 percent last year.",
        "--speaker",
        "Ed Mills",
    ]);
    env.ok(&["dispute", "2", "--verdict", "mostly_false", "--by", "ana"]);
    let err = env.fails(&["adopt", "1", "2"], 2);
    assert!(err.contains("claim 1 is published"), "{err}");
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

#[test]
fn claimreview_export_writes_published_checks_with_corrections_and_others_reviews_only_on_request()
{
    let env = rated();
    let markup = env.file(
        "review.json",
        br#"{"@context": "https://schema.org", "@type": "ClaimReview",
             "url": "https://other.example/r/1", "claimReviewed": "Taxes doubled.",
             "author": {"@type": "Organization", "name": "Other Checks"},
             "datePublished": "2025-08-01",
             "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                              "worstRating": 1, "alternateName": "False"},
             "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Ed Mills"}}}"#,
    );
    env.ok(&["ingest", &markup]);
    let export = |extra: &[&str]| -> (Vec<Value>, String) {
        let mut args = vec![
            "export",
            "--format",
            "claimreview",
            "--publisher",
            "Our Desk",
            "--review-url-template",
            "https://our.example/{id}",
        ];
        args.extend_from_slice(extra);
        let out = env.cmd(&args).output().unwrap();
        assert!(out.status.success());
        let reviews: Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            reviews.as_array().unwrap().clone(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (reviews, said) = export(&[]);
    assert!(reviews.is_empty(), "{reviews:?}");
    assert!(
        said.contains("1 checked claim(s) not published, left out (ids 1)"),
        "{said}"
    );
    assert!(
        said.contains("1 review(s) imported from other publishers left out: --include-imported"),
        "{said}"
    );
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&["publish", "1", "--date", "2025-08-19", "--by", "ben"]);
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "mostly_false",
        "--reason",
        "The fall was 1 percent",
    ]);
    let (reviews, _) = export(&["--include-imported"]);
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    let ours = reviews
        .iter()
        .find(|r| r["url"] == "https://our.example/1")
        .unwrap();
    assert_eq!(ours["author"]["name"], "Our Desk");
    assert_eq!(ours["datePublished"], "2025-08-19");
    assert_eq!(ours["dateModified"], "2025-08-20");
    assert_eq!(
        ours["reviewRating"]["ratingExplanation"],
        "Police figures show a fall of 3 percent."
    );
    let body = ours["reviewBody"].as_str().unwrap();
    assert!(
        body.ends_with(
            "Corrected on 2025-08-20: rated false, now mostly false. Why: The fall was 1 percent."
        ),
        "{body}"
    );
    let theirs = reviews
        .iter()
        .find(|r| r["claimReviewed"] == "Taxes doubled.")
        .unwrap();
    assert_eq!(theirs["url"], "https://other.example/r/1");
    assert_eq!(
        theirs["author"],
        json!({"@type": "Organization", "name": "Other Checks"})
    );
    assert_eq!(theirs["datePublished"], "2025-08-01");
    // The report lists the correction in public: when, what it was, what it is, why.
    let report = env.dir.path().join("report.html");
    env.ok(&["report", "-o", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    let section = &html[html.find("<section id=\"corrections\">").unwrap()..];
    let row = &section[section.find("<tbody>").unwrap()..section.find("</tbody>").unwrap()];
    // A report about drafts only has no correction of a published check in it.
    let drafts = env.dir.path().join("drafts.html");
    env.ok(&["report", "--stage", "draft", "-o", drafts.to_str().unwrap()]);
    let html_drafts = std::fs::read_to_string(&drafts).unwrap();
    assert!(
        html_drafts.contains("No published check has been corrected."),
        "the report's scope applies"
    );
    for cell in [
        "2025-08-20",
        "#1 Ed Mills",
        "False: Police figures show a fall of 3 percent.",
        "Mostly false: Police figures show a fall of 3 percent.",
        "The fall was 1 percent",
    ] {
        assert!(row.contains(cell), "{cell}: {row}");
    }
    // Publishing an imported review makes the check the desk's, under a URL of its own.
    env.ok(&["approve", "2", "--by", "ben"]);
    let err = env.fails(&["publish", "2", "--by", "ben"], 2);
    assert!(
        err.contains("claim 2 holds a review imported from another publisher"),
        "{err}"
    );
    env.ok(&[
        "publish",
        "2",
        "--review-url",
        "https://our.example/r2",
        "--by",
        "ben",
    ]);
    let (reviews, _) = export(&[]);
    let urls: Vec<&str> = reviews.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["https://our.example/1", "https://our.example/r2"]);
    assert!(reviews.iter().all(|r| r["author"]["name"] == "Our Desk"));
}

#[test]
fn a_claimant_is_a_person_or_an_organisation_as_said_or_guessed() {
    let env = Env::new();
    let records = env.file(
        "claims.jsonl",
        br#"{"text": "Vaccines contain chips.", "speaker": "chain-email", "status": "disputed", "verdict": "fabricated"}
{"text": "Wages rose 3 percent.", "speaker": "Ana Lopez", "speaker_role": "Minister", "status": "verified", "verdict": "true"}
{"text": "Taxes fell 2 percent.", "speaker": "Lopez Campaign", "status": "verified", "verdict": "true"}
{"text": "Rents fell 9 percent.", "speaker": "Bo Ray", "status": "disputed", "verdict": "false"}
"#,
    );
    env.ok(&["ingest", &records]);
    assert_eq!(
        env.ok(&["speaker", "kind", "Bo Ray", "group"]),
        "Bo Ray: group.\n"
    );
    assert_eq!(
        env.ok(&["speaker", "kind", "bo ray", "group"]),
        "Bo Ray is already group.\n"
    );
    env.fails(&["speaker", "kind", "Bo Ray", "robot"], 2);
    assert_eq!(env.json(&["show", "4"])["speaker_kind"], "group");
    env.ok(&["speaker", "kind", "Bo Ray", "person"]);
    env.ok(&["undo"]);
    assert_eq!(
        env.json(&["show", "4"])["speaker_kind"],
        "group",
        "undo puts it back"
    );
    env.ok(&["approve", "1", "2", "3", "4", "--by", "editor"]);
    env.ok(&["publish", "1", "2", "3", "4", "--by", "editor"]);
    let reviews: Value = serde_json::from_str(&env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "X",
        "--review-url-template",
        "https://x.example/{id}",
    ]))
    .unwrap();
    let authors: Vec<&Value> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["itemReviewed"]["author"])
        .collect();
    assert_eq!(
        authors,
        [
            &json!({"@type": "Organization", "name": "Chain email"}),
            &json!({"@type": "Person", "name": "Ana Lopez", "jobTitle": "Minister"}),
            &json!({"@type": "Organization", "name": "Lopez Campaign"}),
            &json!({"@type": "Organization", "name": "Bo Ray"}),
        ]
    );
    // An imported review's author type is the speaker's kind, where nobody has said one.
    let markup = env.file(
        "review.json",
        br#"{"@type": "ClaimReview", "url": "https://other.example/r/9", "claimReviewed": "Bread is free.",
             "author": {"@type": "Organization", "name": "Other Checks"},
             "reviewRating": {"@type": "Rating", "alternateName": "False"},
             "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Square World Club"}}}"#,
    );
    env.ok(&["ingest", &markup]);
    assert_eq!(env.json(&["show", "5"])["speaker_kind"], "organisation");
    // Re-rated here, the review is the desk's own draft, never exported under their name.
    env.ok(&["dispute", "5", "--verdict", "mostly_false"]);
    assert!(env.json(&["show", "5"]).get("review_author").is_none());
    // A merge keeps the kind someone said.
    env.ok(&["add", "Bread is cheap.", "--speaker", "Square World"]);
    env.ok(&["speaker", "merge", "Square World Club", "Square World"]);
    assert_eq!(env.json(&["show", "6"])["speaker_kind"], "organisation");
}

#[test]
fn a_claim_has_a_language_given_configured_or_imported_and_claimreview_says_it() {
    let env = Env::new();
    env.ok(&["config", "set", "language", "French"]);
    env.ok(&["add", "Le pain est gratuit.", "--speaker", "Ed Mills"]);
    env.ok(&[
        "add",
        "O pão é grátis.",
        "--speaker",
        "Ed Mills",
        "--language",
        "pt_br",
    ]);
    assert_eq!(
        env.json(&["show", "1"])["language"],
        "fr",
        "the config's default"
    );
    assert_eq!(env.json(&["show", "2"])["language"], "pt-BR");
    let err = env.fails(
        &[
            "add",
            "x y z",
            "--speaker",
            "A B",
            "--language",
            "Klingon please",
        ],
        2,
    );
    assert!(err.contains("'Klingon please' is not a language"), "{err}");
    let records = env.file(
        "claims.jsonl",
        "{\"text\": \"El pan es gratis.\", \"speaker\": \"Ana Lopez\", \"language\": \"Español\"}\n\
         {\"text\": \"Bread is free.\", \"speaker\": \"Ana Lopez\"}\n"
            .as_bytes(),
    );
    env.ok(&["ingest", &records, "--language", "en"]);
    assert_eq!(
        env.json(&["show", "3"])["language"],
        "es",
        "the record's own"
    );
    assert_eq!(env.json(&["show", "4"])["language"], "en", "--language");
    let bad = env.file(
        "bad.jsonl",
        b"{\"text\": \"Brot ist gratis.\", \"speaker\": \"Ana Lopez\", \"language\": \"d\"}\n",
    );
    let before = env.dump();
    let err = env.fails(&["ingest", &bad], 1);
    assert!(
        err.contains("bad.jsonl:1: language: 'd' is not a language"),
        "{err}"
    );
    assert_eq!(env.dump(), before, "nothing written");
    // Markup's inLanguage, a code or a Language with a name.
    let markup = env.file(
        "review.json",
        br#"{"@type": "ClaimReview", "url": "https://afp.example/r/1", "claimReviewed": "Le vin est gratuit.",
             "author": {"@type": "Organization", "name": "AFP"}, "inLanguage": {"@type": "Language", "name": "French"},
             "reviewRating": {"@type": "Rating", "alternateName": "Faux"},
             "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Ed Mills"}}}"#,
    );
    env.ok(&["ingest", &markup]);
    assert_eq!(env.json(&["show", "5"])["language"], "fr");
    // Corrected by hand, and back with undo.
    assert_eq!(
        env.ok(&["edit", "4", "--language", "en-gb"]),
        "Claim 4: changed language (undo reverts it).\n"
    );
    assert_eq!(env.json(&["show", "4"])["language"], "en-GB");
    assert!(env.ok(&["show", "4"]).contains("(in en-GB)"));
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "4"])["language"], "en");
    let csv = env.ok(&["export", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().contains(",language,"), "{csv}");
    // Published, the review says the claim's language, on the review and on the claim.
    env.ok(&["dispute", "1", "--verdict", "false", "--by", "ana"]);
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&[
        "publish",
        "1",
        "--review-url",
        "https://our.example/1",
        "--by",
        "ben",
    ]);
    let reviews: Value = serde_json::from_str(&env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Our Desk",
    ]))
    .unwrap();
    assert_eq!(reviews[0]["inLanguage"], "fr");
    assert_eq!(reviews[0]["itemReviewed"]["inLanguage"], "fr");
    // And the record carries it to another database.
    let jsonl = env.ok(&["export", "--format", "jsonl"]);
    assert!(
        jsonl
            .lines()
            .next()
            .unwrap()
            .contains("\"language\":\"fr\""),
        "{jsonl}"
    );
}

#[test]
fn a_datasets_slug_speaker_comes_in_readable_and_any_speaker_can_be_renamed() {
    let env = Env::new();
    let records = env.file(
        "liar.jsonl",
        br#"{"text": "Vaccines contain chips.", "speaker": "chain-email", "verdict": "fabricated"}
{"text": "Wages rose 3 percent.", "speaker": "donald-trump", "verdict": "false"}
{"text": "Rents fell 9 percent.", "speaker": "facebook-posts", "verdict": "false"}
{"text": "Taxes fell.", "speaker": "bloggers", "verdict": "false"}
"#,
    );
    env.ok(&["ingest", &records]);
    let who = |id: &str| {
        let c = env.json(&["show", id]);
        (
            c["speaker"].as_str().unwrap().to_string(),
            c["speaker_kind"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(who("1"), ("Chain email".into(), "unknown".into()));
    assert_eq!(who("2"), ("Donald Trump".into(), "person".into()));
    assert_eq!(who("3"), ("Facebook posts".into(), "unknown".into()));
    assert_eq!(who("4"), ("Bloggers".into(), "group".into()));
    // The same slug again finds the same speaker.
    let again = env.file(
        "more.jsonl",
        b"{\"text\": \"Bread is free.\", \"speaker\": \"chain-email\"}\n",
    );
    env.ok(&["ingest", &again]);
    assert_eq!(who("5").0, "Chain email");
    assert_eq!(
        env.ok(&["speaker", "rename", "Chain email", "Chain emails"]),
        "Renamed Chain email to Chain emails; 'Chain email' is now an alias.\n"
    );
    assert_eq!(who("1").0, "Chain emails");
    assert_eq!(
        env.ok(&["speaker", "rename", "Chain emails", "chain emails"]),
        "Renamed Chain emails to chain emails.\n",
        "the same name written otherwise needs no alias"
    );
    env.ok(&["undo"]);
    // The old name still finds them: in filters, and when claims arrive.
    assert_eq!(
        env.ok(&["list", "--speaker", "Chain email", "--format", "ids"]),
        "5\n1\n"
    );
    let err = env.fails(&["speaker", "rename", "Chain emails", "Donald Trump"], 1);
    assert!(
        err.contains("'Donald Trump' already names Donald Trump; to make them one person, use: claimtrack speaker merge"),
        "{err}"
    );
    env.ok(&["undo"]);
    assert_eq!(who("1").0, "Chain email", "undo puts the name back");
    assert!(
        env.ok(&["speaker", "Chain email"]).contains("Chain email"),
        "and the card finds them"
    );
}

#[test]
fn an_undone_correction_is_not_told_to_the_public() {
    let env = rated();
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&[
        "publish",
        "1",
        "--review-url",
        "https://our.example/1",
        "--by",
        "ben",
    ]);
    let review = || -> Value {
        let reviews: Value = serde_json::from_str(&env.ok(&[
            "export",
            "--format",
            "claimreview",
            "--publisher",
            "Our Desk",
        ]))
        .unwrap();
        reviews[0].clone()
    };
    let report = || {
        let file = env.dir.path().join("report.html");
        env.ok(&["report", "-o", file.to_str().unwrap()]);
        std::fs::read_to_string(&file).unwrap()
    };
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "mostly_false",
        "--reason",
        "A slip",
        "--by",
        "ana",
    ]);
    assert_eq!(review()["dateModified"], "2025-08-20");
    assert!(!report().contains("No published check has been corrected."));
    env.ok(&["undo", "--by", "ana"]);
    let r = review();
    assert_eq!(r["reviewRating"]["alternateName"], "False");
    assert!(r.get("dateModified").is_none(), "{r}");
    assert!(r.get("reviewBody").is_none(), "{r}");
    assert!(
        report().contains("No published check has been corrected."),
        "the report's corrections are those in effect"
    );
    // Corrected again, another way: that one is told.
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "fabricated",
        "--reason",
        "Made up",
        "--by",
        "ana",
    ]);
    let body = review()["reviewBody"].as_str().unwrap().to_string();
    assert!(body.contains("rated false, now fabricated"), "{body}");
    assert!(!body.contains("mostly false"), "{body}");
    // The claim's own history keeps all of it.
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains("A slip") && shown.contains("Made up"),
        "{shown}"
    );
}

#[test]
fn a_speaker_merge_keeps_the_finding_that_went_furthest() {
    let env = Env::new();
    env.ok(&["add", "Taxes doubled last year.", "--speaker", "D. Trump"]);
    env.ok(&[
        "add",
        "Taxes doubled last year.",
        "--speaker",
        "Donald Trump",
    ]);
    env.ok(&[
        "dispute",
        "1",
        "--verdict",
        "false",
        "--explanation",
        "They fell.",
        "--by",
        "ana",
    ]);
    env.ok(&["approve", "1", "--by", "ben"]);
    env.ok(&[
        "publish",
        "1",
        "--review-url",
        "https://our.example/1",
        "--by",
        "ben",
    ]);
    let before = env.state();
    env.ok(&["speaker", "merge", "D. Trump", "Donald Trump", "--by", "ed"]);
    let c = env.json(&["show", "2"]);
    assert_eq!(c["status"], "disputed");
    assert_eq!(c["verdict"], "false");
    assert_eq!(c["stage"], "published");
    assert_eq!(c["explanation"], "They fell.");
    assert_eq!(c["review_url"], "https://our.example/1");
    let last = c["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["from"].as_str(), last["to"].as_str()),
        (Some("unverified"), Some("disputed"))
    );
    assert!(env.ok(&["check"]).contains("all checks passed"));
    env.ok(&["undo", "--by", "ed"]);
    assert_eq!(
        env.state(),
        before,
        "undo gives both claims back as they were"
    );
}
