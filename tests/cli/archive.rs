//! `archive`: copies of the pages claims cite, fetched from a server the test runs on 127.0.0.1
//! (nothing reaches the internet), kept as WARC files and checked.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{Env, on_postgres};

const PAGE: &str = "<html><body>Bread is not free. \u{1b}[31mred\u{1b}[0m</body></html>\n";

/// A web server on a free local port, for the rest of the test: `/page.html`, `/moved` (to the
/// page), `/gone` (404), `/big` (2 MB), `/slow` (3 s). Returns its base URL and the User-Agent
/// of every request it got.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let agents = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&agents);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let agent = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("User-Agent"))
                .map(|h| h.value.to_string())
                .unwrap_or_default();
            seen.lock().unwrap().push(agent);
            // Each on its own thread: a slow page holds up no other.
            std::thread::spawn(move || {
                let html = tiny_http::Header::from_bytes("Content-Type", "text/html").unwrap();
                let response = match request.url() {
                    "/page.html" => tiny_http::Response::from_string(PAGE).with_header(html),
                    "/moved" => tiny_http::Response::from_string("")
                        .with_status_code(302)
                        .with_header(
                            tiny_http::Header::from_bytes("Location", "/page.html").unwrap(),
                        ),
                    "/big" => tiny_http::Response::from_data(vec![b'x'; 2_000_000]),
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        tiny_http::Response::from_string("late")
                    }
                    _ => tiny_http::Response::from_string("no such page").with_status_code(404),
                };
                let _ = request.respond(response);
            });
        }
    });
    (base, agents)
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The snapshots `show` lists, by URL path: (error, sha256).
fn snapshots(env: &Env, id: &str) -> Vec<(String, Value, Value)> {
    env.json(&["show", id])["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let url = s["url"].as_str().unwrap();
            (
                url[url.rfind('/').unwrap()..].to_string(),
                s["error"].clone(),
                s["sha256"].clone(),
            )
        })
        .collect()
}

#[test]
fn cited_pages_are_kept_as_warc_files_with_their_hash_and_failures_are_recorded() {
    let env = Env::new();
    let (base, agents) = serve();
    let dir = env.dir.path().join("shared archive");
    let dir_arg = dir.to_str().unwrap();
    let page = format!("{base}/page.html");
    env.ok(&[
        "add",
        "Bread is free.",
        "--speaker",
        "Ed Mills",
        "--url",
        &page,
    ]);
    for path in ["/moved", "/gone", "/big", "/slow"] {
        env.ok(&["evidence", "1", &format!("{base}{path}")]);
    }
    // Everything but the snapshots: no claim changes, no operation is logged.
    let rest = || {
        env.dump()
            .lines()
            .filter(|l| !l.starts_with("snapshots:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let before = rest();
    let out = env
        .cmd(&[
            "archive",
            "1",
            "--allow-private",
            "--timeout",
            "1",
            "--max-size",
            "1",
            "--archive-dir",
            dir_arg,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failure is recorded, not fatal"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("3 page(s) could not be kept"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Fetched 5 page(s) into") && stdout.contains("2 kept, 3 failed"),
        "{stdout}"
    );
    assert_eq!(rest(), before, "snapshots are beside the record, not in it");
    let page_hash = sha256(PAGE.as_bytes());
    let mut got = snapshots(&env, "1");
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        [
            (
                "/big".to_string(),
                Value::from("larger than 1 MB (--max-size): not kept"),
                Value::Null
            ),
            (
                "/gone".to_string(),
                Value::from("HTTP 404 Not Found"),
                Value::from(sha256(b"no such page"))
            ),
            (
                "/moved".to_string(),
                Value::Null,
                Value::from(page_hash.clone())
            ),
            (
                "/page.html".to_string(),
                Value::Null,
                Value::from(page_hash.clone())
            ),
            ("/slow".to_string(), Value::from("timed out"), Value::Null),
        ]
    );
    assert!(
        agents
            .lock()
            .unwrap()
            .iter()
            .all(|a| a.starts_with("claimtrack/") && a.contains("archiver")),
        "every request says who asks"
    );
    // The copy is the page as fetched, byte for byte; shown, or saved.
    let kept: Vec<Value> = env.json(&["show", "1"])["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["url"] == page.as_str())
        .cloned()
        .collect();
    let id = kept[0]["id"].to_string();
    assert_eq!(kept[0]["size"], PAGE.len());
    assert_eq!(kept[0]["content_type"], "text/html");
    assert!(kept[0]["path"].as_str().unwrap().ends_with(".warc.gz"));
    assert_eq!(
        env.ok(&["archive", "show", &id, "--archive-dir", dir_arg]),
        PAGE,
        "piped, the body is as fetched"
    );
    let saved = env.dir.path().join("page.html");
    env.ok(&[
        "archive",
        "show",
        &id,
        "-o",
        saved.to_str().unwrap(),
        "--archive-dir",
        dir_arg,
    ]);
    assert_eq!(std::fs::read(&saved).unwrap(), PAGE.as_bytes());
    let table = env.ok(&["show", "1"]);
    assert!(table.contains("Snapshots (5):"), "{table}");
    assert!(table.contains(&format!("sha256 {page_hash}")), "{table}");
    // Again: only what failed is fetched; --again fetches everything.
    let again = env
        .cmd(&[
            "archive",
            "1",
            "--allow-private",
            "--timeout",
            "1",
            "--max-size",
            "5",
            "--archive-dir",
            dir_arg,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let fetched: Value = serde_json::from_slice(&again.stdout).unwrap();
    let urls: Vec<&str> = fetched
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(urls, ["gone", "big", "slow"], "in the order cited");
    assert_eq!(fetched[1]["size"], 2_000_000, "a larger limit keeps it");
    let evidence_only = env
        .cmd(&[
            "archive",
            "--all",
            "--allow-private",
            "--evidence-only",
            "--again",
            "--timeout",
            "1",
            "--archive-dir",
            dir_arg,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let evidence_only: Value = serde_json::from_slice(&evidence_only.stdout).unwrap();
    assert_eq!(
        evidence_only.as_array().unwrap().len(),
        4,
        "{evidence_only}"
    );
    assert!(
        !evidence_only
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["url"] == page.as_str()),
        "{evidence_only}"
    );
}

#[test]
fn verify_rehashes_every_copy_and_names_the_missing_and_the_changed() {
    let env = Env::new();
    let (base, _) = serve();
    let dir = env.dir.path().join("archive");
    let dir_arg = dir.to_str().unwrap();
    env.ok(&[
        "add",
        "Bread is free.",
        "--speaker",
        "Ed Mills",
        "--url",
        &format!("{base}/page.html"),
    ]);
    env.ok(&["evidence", "1", &format!("{base}/moved")]);
    env.ok(&["archive", "1", "--allow-private", "--archive-dir", dir_arg]);
    assert!(
        env.ok(&["archive", "--verify", "--archive-dir", dir_arg])
            .contains("Verified 2 kept page(s)")
    );
    let snaps = env.json(&["show", "1"])["snapshots"].clone();
    let path = |i: usize| dir.join(snaps[i]["path"].as_str().unwrap());
    std::fs::remove_file(path(0)).unwrap();
    std::fs::write(path(1), b"not a WARC file").unwrap();
    let out = env
        .cmd(&["archive", "--verify", "--archive-dir", dir_arg])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("#{}  missing", snaps[0]["id"])),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("#{}  unreadable", snaps[1]["id"])),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 match their SHA-256, 2 do not"),
        "{stdout}"
    );
}

#[test]
fn the_archive_sits_beside_a_sqlite_database_and_backups_take_it_along() {
    let env = Env::sqlite();
    let (base, _) = serve();
    env.ok(&[
        "add",
        "Bread is free.",
        "--speaker",
        "Ed Mills",
        "--url",
        &format!("{base}/page.html"),
    ]);
    // A local address is refused unless allowed: the URLs come from what the desk ingests.
    let out = env.cmd(&["archive", "--all"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let refused = env.json(&["show", "1"])["snapshots"][0]["error"].clone();
    assert_eq!(
        refused,
        "refused: a private or local address (--allow-private fetches it)"
    );
    env.ok(&["archive", "--all", "--allow-private"]);
    let beside = env.db.with_file_name("claims.db.archive");
    let snap = env.json(&["show", "1"])["snapshots"][1].clone();
    assert!(beside.join(snap["path"].as_str().unwrap()).is_file());
    assert_eq!(env.ok(&["archive", "show", "2"]), PAGE);
    let backup = env.dir.path().join("backups").join("b.db");
    let out = env.ok(&["backup", backup.to_str().unwrap()]);
    assert!(out.contains("(1 new file(s))"), "{out}");
    let copied = backup.with_file_name("b.db.archive");
    assert!(copied.join(snap["path"].as_str().unwrap()).is_file());
    // The backup, opened where it lies, finds its copies.
    let restored = Env::sqlite();
    let shown = restored
        .cmd(&["archive", "show", "2", "--db", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(shown.stdout).unwrap(), PAGE);
    assert!(
        env.ok(&["archive", "1", "--allow-private"])
            .contains("No page to fetch"),
        "a kept page is not fetched again"
    );
    // Restored, the backup's copies come back to the archive folder.
    std::fs::remove_dir_all(&beside).unwrap();
    let out = env.ok(&["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.contains("Copied 1 archived page(s) back"), "{out}");
    assert!(
        env.ok(&["archive", "--verify"])
            .contains("1 match their SHA-256")
    );
    let err = env.fails(&["archive", "show", "9"], 1);
    assert!(err.contains("no snapshot with id 9"), "{err}");
}

#[test]
fn a_desk_on_postgresql_names_its_shared_archive_folder() {
    if !on_postgres() {
        return;
    }
    let env = Env::new();
    env.ok(&["add", "Bread is free.", "--speaker", "Ed Mills"]);
    let err = env.fails(&["archive", "--all"], 2);
    assert!(
        err.contains("set it with `claimtrack config set archive_dir /shared/folder`"),
        "{err}"
    );
}
