//! The field's formats: lossless JSON Lines round trips, CSV, and ClaimReview out and in.

use serde_json::{Value, json};

use crate::{Env, sample};

fn busy_env() -> Env {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.ok(&[
        "dispute",
        "3",
        "--verdict",
        "false",
        "--label",
        "Misleading",
        "--reason",
        "no text",
        "--review-url",
        "https://checks.example.org/3",
    ]);
    env.ok(&[
        "evidence",
        "3",
        "https://example.org/readout",
        "--title",
        "Readout",
        "--stance",
        "refutes",
    ]);
    env.ok(&[
        "note",
        "3",
        "asked the Kremlin",
        "--follow-up",
        "2025-09-10",
    ]);
    env.ok(&["done", "1"]);
    env.ok(&["priority", "5", "77"]);
    env.ok(&[
        "add",
        "=cmd|' /C calc'!A0",
        "--speaker",
        "+Mallory",
        "--tag=-x",
    ]);
    env
}

#[test]
fn export_then_ingest_reproduces_the_database() {
    let env = busy_env();
    let first = env.ok(&["export", "--format", "jsonl"]);
    assert_eq!(first.lines().count(), 17);
    let other = Env::new();
    let file = other.file("export.jsonl", first.as_bytes());
    other.ok(&["ingest", &file]);
    assert_eq!(
        other.ok(&["export", "--format", "jsonl"]),
        first,
        "export, ingest, export: identical"
    );
    // The same through a JSON array and through a file written with -o.
    let out = other.dir.path().join("all.json");
    other.ok(&["export", "--format", "json", "-o", out.to_str().unwrap()]);
    let third = Env::new();
    third.ok(&["ingest", out.to_str().unwrap()]);
    assert_eq!(third.ok(&["export"]), first);
    let shown = third.json(&["show", "3"]);
    assert_eq!(shown["verdict_label"], "Misleading");
    assert_eq!(shown["history"].as_array().unwrap().len(), 2);
    assert_eq!(shown["history"][1]["reason"], "no text");
    assert_eq!(shown["notes"].as_array().unwrap().len(), 2);
    assert_eq!(shown["evidence"][0]["title"], "Readout");
    assert_eq!(third.json(&["show", "5"])["priority"], 77);
    assert_eq!(
        third.json(&["show", "13"])["sources"],
        json!(["Al Jazeera", "Blog post"])
    );
}

#[test]
fn csv_export_is_spreadsheet_safe() {
    let env = busy_env();
    let csv = env.ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 17);
    let last = rows.last().unwrap();
    assert_eq!(&last[4], "'=cmd|' /C calc'!A0");
    assert_eq!(&last[2], "'+Mallory");
    assert_eq!(&last[9], "'-x");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
}

/// Google's documentation of ClaimReview markup: every property it names, required or
/// recommended, as (path, expected type, required).
const GOOGLE_CLAIMREVIEW: &[(&str, &str, bool)] = &[
    ("claimReviewed", "Text", true),
    ("reviewRating", "Rating", true),
    ("url", "URL", true),
    ("author", "Organization|Person", false),
    ("datePublished", "DateTime", false),
    ("itemReviewed", "Claim", false),
    ("itemReviewed.appearance", "URL|CreativeWork", false),
    ("itemReviewed.author", "Organization|Person", false),
    ("itemReviewed.datePublished", "DateTime", false),
    ("itemReviewed.firstAppearance", "URL|CreativeWork", false),
    ("reviewRating.alternateName", "Text", true),
    ("reviewRating.bestRating", "Number", false),
    ("reviewRating.name", "Text", false),
    ("reviewRating.ratingValue", "Number", false),
    ("reviewRating.worstRating", "Number", false),
];

/// Whether `value` is of the schema.org type `expected` ("A|B": either), as Google reads it.
fn is_of_type(value: &Value, expected: &str) -> bool {
    expected.split('|').any(|t| match t {
        "Text" => value.as_str().is_some_and(|s| !s.trim().is_empty()),
        "URL" => value
            .as_str()
            .is_some_and(|s| s.starts_with("https://") || s.starts_with("http://")),
        "DateTime" => value.as_str().is_some_and(|s| {
            chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").is_ok()
        }),
        "Number" => value.is_number(),
        // A list of them, as an appearance may be.
        _ if value.is_array() => value
            .as_array()
            .unwrap()
            .iter()
            .all(|v| is_of_type(v, expected)),
        // An author is known by name.
        "Organization" | "Person" => value["@type"] == t && is_of_type(&value["name"], "Text"),
        object => value["@type"] == object,
    })
}

#[test]
fn claimreview_export_has_what_google_requires() {
    let env = busy_env();
    // Only published checks go out, signed off by someone other than who rated them.
    env.ok(&["approve", "3", "6", "--by", "editor"]);
    env.ok(&["publish", "3", "6", "--by", "editor"]);
    let out = env
        .cmd(&[
            "export",
            "--format",
            "claimreview",
            "--publisher",
            "Example Checks",
            "--publisher-url",
            "https://checks.example.org",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let reviews: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 published check(s) left out for want of a review URL (ids 6)"),
        "{stderr}"
    );
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    let r = &reviews[0];
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert_eq!(r["url"], "https://checks.example.org/3");
    assert_eq!(
        r["claimReviewed"],
        "agreement we’ve reached together will pave the path towards peace in Ukraine."
    );
    assert_eq!(r["datePublished"], "2025-08-20");
    assert_eq!(
        r["author"],
        json!({"@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org"})
    );
    assert_eq!(
        r["reviewRating"],
        json!({"@type": "Rating", "alternateName": "Misleading", "name": "Misleading", "ratingValue": 2, "bestRating": 6, "worstRating": 1})
    );
    for (path, expected, required) in GOOGLE_CLAIMREVIEW {
        let value = path.split('.').fold(r, |v, key| &v[key]);
        assert!(
            is_of_type(value, expected),
            "{} {path} should be {expected}, is {value}",
            if *required { "required" } else { "recommended" }
        );
    }
    let item = &r["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(
        item["author"],
        json!({"@type": "Person", "name": "Vladimir Putin", "jobTitle": "Russian President"})
    );
    assert_eq!(item["datePublished"], "2025-08-15");
    assert_eq!(
        item["appearance"][0]["headline"],
        item["firstAppearance"]["headline"]
    );
    // A template gives every resolved claim a URL; --html wraps each in a script block.
    let html = env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "X",
        "--review-url-template",
        "https://x.example/c/{id}",
        "--html",
    ]);
    assert_eq!(
        html.matches("<script type=\"application/ld+json\">")
            .count(),
        2
    );
    assert!(html.contains("https://x.example/c/6"));
    env.fails(&["export", "--format", "claimreview"], 2);
}

#[test]
fn claimreview_text_cannot_break_out_of_its_script_block() {
    let env = Env::new();
    env.ok(&[
        "add",
        "</script><script>alert(1)</script> <!--<script> & \u{9b}31m",
        "--speaker",
        "A",
    ]);
    env.ok(&["verify", "1", "--review-url", "https://x.example/1"]);
    env.ok(&["approve", "1", "--by", "editor"]);
    env.ok(&["publish", "1", "--by", "editor"]);
    let html = env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "X",
        "--html",
    ]);
    assert_eq!(html.matches("</script>").count(), 1, "{html}");
    assert_eq!(
        html.matches('<').count(),
        2,
        "only the block's own tags: {html}"
    );
    assert!(html.contains("\\u003c/script\\u003e") && html.contains("\\u003c!--"));
    // The JSON in the block means the same text.
    let start = html.find('{').unwrap();
    let end = html.rfind('}').unwrap();
    let review: serde_json::Value = serde_json::from_str(&html[start..=end]).unwrap();
    assert_eq!(
        review["claimReviewed"],
        "</script><script>alert(1)</script> <!--<script> & \u{9b}31m"
    );
    // JSON for programs carries C1 controls escaped, never raw.
    let json = env.ok(&["show", "1", "--format", "json"]);
    assert!(
        json.contains("\\u009b31m") && !json.contains('\u{9b}'),
        "{json}"
    );
}

#[test]
fn claimreview_import_reads_the_examples_and_their_quirks() {
    let Some(dir) = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.join("shared/data/claimreview"))
    else {
        return;
    };
    if !dir.exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let env = Env::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        env.ok(&["ingest", entry.unwrap().path().to_str().unwrap()]);
    }
    let claims = env.json(&["list"]);
    assert_eq!(
        claims.as_array().unwrap().len(),
        3,
        "the legacy CreativeWork example is the same claim"
    );
    let flat = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "The world is flat")
        .unwrap();
    assert_eq!(flat["speaker"], "Square World Society");
    assert_eq!(flat["status"], "disputed");
    assert_eq!(flat["verdict"], "false");
}

#[test]
fn claimreview_in_html_arrays_graphs_and_fact_check_api_shapes() {
    let env = Env::new();
    let page = env.file(
        "page.html",
        br#"<!doctype html><html><head><title>x</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
 {"type":["Review","ClaimReview"],"url":"https://checks.example.org/a","datePublished":"2024-03-01T10:00:00-05:00",
  "claimReviewed":"Crime doubled last year","author":{"@type":"Organization","name":"Checks"},
  "reviewRating":{"@type":"Rating","ratingValue":"2","bestRating":"5","worstRating":"1","alternateName":"Pants on Fire!"},
  "itemReviewed":{"@type":"CreativeWork","author":{"@type":"Person","name":"Jane Doe","jobTitle":"Mayor"},
   "appearance":[{"@type":"SocialMediaPosting","url":"https://social.example/p/1"}]}}]}</script>
</head><body></body></html>"#,
    );
    env.ok(&["ingest", &page]);
    let c = env.json(&["show", "1"]);
    assert_eq!(c["speaker"], "Jane Doe");
    assert_eq!(c["speaker_role"], "Mayor");
    assert_eq!(c["verdict"], "fabricated");
    assert_eq!(c["verdict_label"], "Pants on Fire!");
    assert_eq!(c["status"], "disputed");
    assert_eq!(c["review_url"], "https://checks.example.org/a");
    assert_eq!(c["history"][0]["actor"], "Checks");
    assert_eq!(c["history"][0]["at"], "2024-03-01T15:00:00Z");
    assert_eq!(c["appearances"][0]["kind"], "social_post");
    assert_eq!(c["evidence"][0]["stance"], "refutes");

    let api = env.file(
        "api.json",
        br#"{"claims":[{"text":"Crime doubled last year","claimant":"Jane Doe","claimDate":"2024-02-20T00:00:00Z",
          "claimReview":[{"publisher":{"name":"Other Checks","site":"other.example"},"url":"https://other.example/r",
          "title":"No, crime did not double","reviewDate":"2024-03-02T00:00:00Z","textualRating":"False","languageCode":"en"}]},
         {"text":"Wages rose 3%","claimant":"John Roe","claimReview":[{"url":"https://other.example/w","textualRating":"Largely accurate"}]}]}"#,
    );
    let summary = env.json(&["ingest", &api]);
    assert_eq!(summary["claims_added"], 1);
    assert_eq!(
        summary["claims_matched"], 1,
        "the same claim reviewed by another publisher"
    );
    let c = env.json(&["show", "1"]);
    assert_eq!(c["evidence"].as_array().unwrap().len(), 2);
    // The second review's headline fills the blank; its url does not replace the first.
    assert_eq!(c["review_title"], "No, crime did not double");
    assert_eq!(c["review_url"], "https://checks.example.org/a");
    let wages = env.json(&["list", "--speaker", "John Roe"]);
    assert_eq!(wages[0]["verdict"], "mostly_true");
    assert_eq!(wages[0]["status"], "verified");
}

#[test]
fn malformed_claimreview_is_refused_clearly() {
    let env = Env::new();
    env.ok(&["add", "x", "--speaker", "y"]);
    let before = env.dump();
    let cases = [
        (
            "broken.jsonld",
            &b"{\"@type\": \"ClaimReview\", \"claimReviewed\": \n"[..],
            "broken.jsonld:2: is not valid JSON",
        ),
        (
            "none.jsonld",
            b"{\"@type\": \"WebPage\", \"about\": \"ClaimReview\"}",
            "holds no ClaimReview",
        ),
        (
            "empty.html",
            b"<html><body>ClaimReview</body></html>",
            "without JSON-LD",
        ),
        (
            "notext.jsonld",
            b"{\"@type\": \"ClaimReview\", \"url\": \"https://a.example\"}",
            "review 1: claimReviewed: is missing",
        ),
    ];
    for (name, content, message) in cases {
        let file = env.file(name, content);
        let err = env.fails(&["ingest", &file, "--from", "claimreview"], 1);
        assert!(
            err.contains(message),
            "{name}: expected '{message}' in {err}"
        );
        assert_eq!(env.dump(), before);
    }
}

#[test]
fn a_csv_export_ingested_again_keeps_every_source_as_an_appearance() {
    let env = busy_env();
    let csv = env.ok(&["export", "--format", "csv"]);
    let other = Env::new();
    let file = other.file("export.csv", csv.as_bytes());
    other.ok(&["ingest", &file]);
    let sources = |e: &Env| -> Vec<(String, serde_json::Value)> {
        let mut all: Vec<(String, serde_json::Value)> = e
            .json(&["list", "--limit", "100"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["text"].as_str().unwrap().to_string(),
                    c["sources"].clone(),
                )
            })
            // A cell that could run as a formula comes back with its guard quote: CSV is for
            // spreadsheets, JSON Lines for carrying a database over.
            .filter(|(text, _)| !text.contains("cmd|"))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let before = sources(&env);
    assert!(
        before.iter().any(|(_, s)| s.as_array().unwrap().len() > 1),
        "{before:?}"
    );
    assert_eq!(sources(&other), before);
}

#[test]
fn a_fact_checks_headline_comes_in_shows_and_goes_out() {
    let env = Env::new();
    let records = env.file(
        "checked.jsonl",
        br#"{"text": "Crime doubled last year.", "speaker": "Jane Doe", "status": "disputed", "verdict": "false", "review_url": "https://checks.example.org/c", "review_title": "No, crime did not double"}
{"text": "Wages rose 3%.", "speaker": "John Roe"}
"#,
    );
    env.ok(&["ingest", &records]);
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains("Review:   No, crime did not double — https://checks.example.org/c"),
        "{shown}"
    );
    env.ok(&[
        "verify",
        "2",
        "--verdict",
        "true",
        "--review-url",
        "https://checks.example.org/w",
        "--review-title",
        "Yes, wages rose 3%",
    ]);
    env.ok(&["approve", "1", "2", "--by", "editor"]);
    env.ok(&["publish", "1", "2", "--by", "editor"]);
    assert_eq!(
        env.json(&["show", "2"])["review_title"],
        "Yes, wages rose 3%"
    );
    let exported = env.ok(&["export", "--format", "jsonl"]);
    assert_eq!(
        exported.matches("\"review_title\"").count(),
        2,
        "{exported}"
    );
    let reviews: Value = serde_json::from_str(&env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Example Checks",
    ]))
    .unwrap();
    let headlines: Vec<&str> = reviews
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["headline"].as_str())
        .collect();
    assert_eq!(
        headlines,
        ["No, crime did not double", "Yes, wages rose 3%"]
    );
    let csv = env.ok(&["list", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("review_url,review_title"),
        "{csv}"
    );
    // And back: a copy made from the export keeps the headlines.
    let copy = Env::new();
    let file = copy.file("export.jsonl", exported.as_bytes());
    copy.ok(&["ingest", &file]);
    assert_eq!(
        copy.json(&["show", "1"])["review_title"],
        "No, crime did not double"
    );
}

#[test]
fn ratings_in_other_languages_read_as_their_words_say() {
    let env = Env::new();
    // AFP's French "Faux" with 1 of 5 is false, not fabricated: the label wins one step away.
    let afp = env.file(
        "afp.json",
        r#"{"@context":"https://schema.org","@type":"ClaimReview","url":"https://factuel.afp.com/x",
  "claimReviewed":"Le vaccin contient une puce","author":{"@type":"Organization","name":"AFP Factuel"},
  "reviewRating":{"@type":"Rating","ratingValue":"1","bestRating":"5","worstRating":"1","alternateName":"Faux"},
  "itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Jean Dupont"}}}"#
            .as_bytes(),
    );
    env.ok(&["ingest", &afp]);
    let c = env.json(&["show", "1"]);
    assert_eq!(c["verdict"], "false", "{c}");
    assert_eq!(c["verdict_label"], "Faux");
    // Records in Spanish, German and Portuguese come in rated, misleading as mostly false.
    let csv = env.file(
        "ratings.csv",
        "text,speaker,verdict\n\
         La inflación se triplicó,Ana Gómez,Engañoso\n\
         Die Steuern haben sich verdoppelt,Jan Weber,Falsch\n\
         O desemprego caiu pela metade,Rui Costa,Verdadeiro\n"
            .as_bytes(),
    );
    env.ok(&["ingest", &csv]);
    let verdicts: Vec<String> = ["Ana Gómez", "Jan Weber", "Rui Costa"]
        .iter()
        .map(|who| env.json(&["list", "--speaker", who])[0]["verdict"].to_string())
        .collect();
    assert_eq!(verdicts, ["\"mostly_false\"", "\"false\"", "\"true\""]);
    // A label nobody knows is refused, not guessed.
    let bad = env.file(
        "bad.csv",
        "text,speaker,verdict\nAlgo pasó,Ana Gómez,Quizás\n".as_bytes(),
    );
    let err = env.fails(&["ingest", &bad], 1);
    assert!(err.contains("unknown verdict 'Quizás'"), "{err}");
}

#[test]
fn schema_org_markup_is_read_for_what_it_is_whatever_the_file_is_called() {
    let env = Env::new();
    let media = env.file(
        "media.json",
        br#"{"@context":"https://schema.org","@type":"MediaReview","url":"https://checks.example/m",
  "mediaAuthenticityCategory":"TransformedContent","itemReviewed":{"@type":"MediaReviewItem"}}"#,
    );
    let err = env.fails(&["ingest", &media], 1);
    assert!(
        err.contains("holds MediaReview, not ClaimReview: nothing imported"),
        "{err}"
    );
    // A saved page with JSON-LD is ClaimReview, not an article, even named .md.
    let page = env.file(
        "saved.md",
        br#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"ClaimReview",
  "url":"https://checks.example.org/a","claimReviewed":"Crime doubled last year",
  "author":{"@type":"Organization","name":"Checks"},
  "reviewRating":{"@type":"Rating","ratingValue":"2","bestRating":"5","worstRating":"1","alternateName":"False"},
  "itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Jane Doe"}}}</script></head>
  <body><span itemprop="author">Job</span></body></html>"#,
    );
    env.ok(&["ingest", &page]);
    let claims = env.json(&["list"]);
    assert_eq!(claims.as_array().unwrap().len(), 1, "{claims}");
    assert_eq!(claims[0]["speaker"], "Jane Doe");
}

#[test]
fn claimreview_names_a_rating_in_words_never_a_datasets_slug() {
    let env = Env::new();
    let records = env.file(
        "liar.jsonl",
        br#"{"text": "Taxes tripled.", "speaker": "chain email", "status": "disputed", "verdict": "fabricated", "verdict_label": "pants-fire"}
{"text": "Crime halved.", "speaker": "Jane Doe", "status": "disputed", "verdict": "fabricated", "verdict_label": "Pants on Fire"}
"#,
    );
    env.ok(&["ingest", &records]);
    env.ok(&["approve", "1", "2", "--by", "editor"]);
    env.ok(&["publish", "1", "2", "--by", "editor"]);
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
    let names: Vec<&str> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reviewRating"]["alternateName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Fabricated", "Pants on Fire"]);
}
