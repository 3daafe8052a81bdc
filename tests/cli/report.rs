//! The HTML report: its structure, numbers that match `stats`, hostile text escaped, nothing
//! fetched from the network, and (where Chromium is installed) a clean headless render.

use std::path::{Path, PathBuf};

use crate::{Env, sample};

/// The sample data with a check or two, an overdue follow-up, and a claim written to attack the
/// page; returns the written report.
fn sample_report(env: &Env) -> String {
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.ok(&[
        "dispute",
        "3",
        "--verdict",
        "false",
        "--evidence",
        "https://example.org/x",
    ]);
    env.ok(&["verify", "15", "--verdict", "true"]);
    env.ok(&["note", "7", "Ask again", "--follow-up", "2025-08-18"]);
    env.ok(&[
        "add",
        "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
        "--speaker",
        "<b>Mallory</b>",
        "--source",
        "Evil <i>Times</i>",
        "--url",
        "https://evil.example/a?b=\"><script>x</script>",
    ]);
    let path = env.dir.path().join("report.html");
    let said = env.ok(&["report", "-o", path.to_str().unwrap()]);
    assert!(said.starts_with("Wrote "), "{said}");
    std::fs::read_to_string(path).unwrap()
}

/// The number in the `data-count` after `data-key="KEY"` inside the table with this id.
fn table_count(html: &str, table: &str, key: &str) -> i64 {
    let start = html
        .find(&format!("id=\"{table}\""))
        .unwrap_or_else(|| panic!("no table {table}"));
    let table_html = &html[start..start + html[start..].find("</table>").unwrap()];
    let row = table_html
        .find(&format!("data-key=\"{key}\""))
        .unwrap_or_else(|| panic!("no row {key} in {table}"));
    let rest = &table_html[row..];
    let at = rest.find("data-count=\"").unwrap() + "data-count=\"".len();
    rest[at..at + rest[at..].find('"').unwrap()]
        .parse()
        .unwrap()
}

#[test]
fn the_sample_report_has_every_section_and_the_numbers_stats_gives() {
    let env = Env::new();
    let html = sample_report(&env);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    for heading in [
        "<h1>Claims report</h1>",
        "<h2>Overview</h2>",
        "<h2>The queue</h2>",
        "<h2>Speakers</h2>",
        "<h2>Sources</h2>",
    ] {
        assert!(html.contains(heading), "missing {heading}");
    }
    for (by, table) in [("status", "status-counts"), ("verdict", "verdict-counts")] {
        let stats = env.json(&["stats", "--by", by]);
        let stats = stats.as_array().unwrap();
        assert!(!stats.is_empty());
        for row in stats {
            let key = row["key"].as_str().unwrap();
            assert_eq!(
                table_count(&html, table, key),
                row["count"].as_i64().unwrap(),
                "{by} {key}"
            );
        }
    }
    // Every chart is labelled for screen readers.
    let charts = html.matches("<svg class=\"chart").count();
    assert!(charts >= 3, "{charts} charts");
    assert_eq!(html.matches("<desc id=").count(), charts);
    // Claims carry their CLI ids and link to their evidence and where they appeared.
    assert!(html.contains(">#3</span>"));
    assert!(html.contains("href=\"https://example.org/x\""));
    // The overdue follow-up is marked in words, not only in colour.
    assert!(html.contains("class=\"claim overdue\""));
    assert!(html.contains("<strong>Overdue</strong> since"));
    // Speaker cards can be re-ordered by share false, without scripts.
    assert!(html.contains("id=\"by-false\""));
    assert!(html.contains("--false-rank:"));
}

#[test]
fn hostile_text_is_escaped_and_nothing_is_fetched() {
    let env = Env::new();
    let html = sample_report(&env);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script got in");
    assert!(!lower.contains("<img"), "markup got in");
    assert!(!html.contains("<b>Mallory"), "markup got in");
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;img"));
    assert!(html.contains("&lt;b&gt;Mallory&lt;/b&gt;"));
    assert!(html.contains("Evil &lt;i&gt;Times&lt;/i&gt;"));
    // The quote in the URL stays inside the attribute.
    assert!(
        html.contains("href=\"https://evil.example/a?b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"")
    );
    // No external assets: no src, stylesheet links, imports or url(); every http(s) address is
    // a link a reader may follow (or the text of one).
    let tags: Vec<&str> = lower
        .split('<')
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .collect();
    for tag in &tags {
        for asset in [" src=", "link ", "iframe", "object", "embed", "style="] {
            if asset == "style=" && tag.starts_with("li class=\"card\"") {
                continue; // the card's sort rank, a number
            }
            assert!(!tag.contains(asset), "{asset} in <{tag}>");
        }
    }
    for asset in ["@import", "url("] {
        assert!(!lower.contains(asset), "{asset} in the report");
    }
    for (at, _) in html.match_indices("http") {
        if html[at..].starts_with("http://") || html[at..].starts_with("https://") {
            let before = &html[..at];
            let in_link_text = before.rfind("<a ") > before.rfind("</a>");
            assert!(
                before.ends_with("href=\"") || in_link_text,
                "an address that is not a link: {}",
                &html[at.saturating_sub(40)..(at + 40).min(html.len())]
            );
        }
    }
}

#[test]
fn the_report_follows_the_filters() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let path = env.dir.path().join("putin.html");
    env.ok(&[
        "report",
        "-o",
        path.to_str().unwrap(),
        "--speaker",
        "Putin",
        "--title",
        "Putin's claims",
    ]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<h1>Putin's claims</h1>"));
    assert!(html.contains("where speaker is Putin"));
    let putin = env.json(&["list", "--speaker", "Putin"]);
    let total = putin.as_array().unwrap().len() as i64;
    let counted: i64 = [
        "unverified",
        "in_review",
        "verified",
        "disputed",
        "unverifiable",
    ]
    .iter()
    .map(|s| table_count(&html, "status-counts", s))
    .sum();
    assert_eq!(counted, total);
    assert_eq!(html.matches("<li class=\"card\"").count(), 1);
    assert!(!html.contains("<span class=\"who\">Donald Trump"));
    assert!(html.contains("<span class=\"who\">Vladimir Putin"));
}

#[test]
fn a_report_that_cannot_be_written_leaves_nothing_behind() {
    let env = Env::new();
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    let path = env.dir.path().join("no-such-folder").join("r.html");
    let err = env.fails(&["report", "-o", path.to_str().unwrap()], 1);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!path.exists());
    let err = env.fails(&["report"], 2);
    assert!(err.contains("--output"), "{err}");
    let err = env.fails(&["report", "-o", "x.html", "--title", " "], 2);
    assert!(err.contains("--title"), "{err}");
}

/// `name` on PATH, if it is there.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

#[test]
fn chromium_renders_the_report_without_console_errors() {
    let Some(chromium) = on_path("chromium").or_else(|| on_path("chromium-browser")) else {
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let env = Env::new();
    sample_report(&env);
    let page = env.dir.path().join("report.html");
    let shot = env.dir.path().join("report.png");
    let profile = env.dir.path().join("chromium-profile");
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(file_url(&page))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {stderr}");
    // Chromium logs the page's console messages (and uncaught errors) as CONSOLE lines.
    assert!(!stderr.contains(":CONSOLE"), "console output: {stderr}");
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 10_000,
        "a blank screenshot? {} bytes",
        png.len()
    );
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn activity_is_weekly_over_weeks_and_monthly_over_a_year() {
    let env = Env::new();
    let file = env.file(
        "dated.jsonl",
        br#"{"text":"A one","speaker":"Ann","created_at":"2025-01-10T10:00:00Z"}
{"text":"B two","speaker":"Ann","created_at":"2025-01-20T10:00:00Z"}
{"text":"C three","speaker":"Bob","created_at":"2025-08-10T10:00:00Z"}
"#,
    );
    env.ok(&["ingest", &file]);
    let path = env.dir.path().join("r.html");
    let path = path.to_str().unwrap();
    env.ok(&["report", "-o", path]);
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.contains("Claims added and resolved per month"));
    // Every month from the first to the last, empty ones too.
    for month in ["2025-01-01", "2025-02-01", "2025-07-01", "2025-08-01"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{month}</th>")),
            "{month}"
        );
    }
    env.ok(&["report", "-o", path, "--speaker", "Ann"]);
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.contains("Claims added and resolved per week"));
    assert!(html.contains("<th scope=\"row\">2025-01-06</th><td>1</td><td>0</td>"));
    assert!(html.contains("<th scope=\"row\">2025-01-13</th><td>0</td><td>0</td>"));
}
