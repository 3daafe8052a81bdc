//! A desk splitting its queue: assignments and due dates (on SQLite here; `engines` runs the
//! same commands on PostgreSQL and compares).

use super::Env;

/// Claims 1-5, all outstanding; the clock says 2025-08-20.
fn desk() -> Env {
    let env = Env::new();
    for (text, speaker) in [
        ("Inflation fell to 2% in July.", "Ann"),
        ("Unemployment rose by 40,000 last month.", "Bo"),
        ("The new bridge will cost $3 billion.", "Cy"),
        ("Crime is down 12% since 2020.", "Di"),
        ("Exports doubled over ten years.", "Ed"),
    ] {
        env.ok(&["add", text, "--speaker", speaker]);
    }
    env
}

fn ids(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut all = args.to_vec();
    all.extend(["--format", "ids"]);
    env.ok(&all).lines().map(|l| l.parse().unwrap()).collect()
}

#[test]
fn assignments_and_due_dates_split_and_order_the_queue() {
    let env = desk();
    env.ok(&["assign", "1", "3", "--to", "ana"]);
    env.ok(&["assign", "2", "--to", "me"]);
    assert_eq!(ids(&env, &["outstanding", "--mine"]), vec![2]);
    assert_eq!(
        ids(&env, &["list", "--assignee", "ana", "--sort", "added"]),
        vec![3, 1]
    );
    assert_eq!(
        ids(&env, &["list", "--assignee", "none", "--sort", "added"]),
        vec![5, 4]
    );
    // Overdue first, by how long: claim 1 by its due date, claim 4 by a follow-up note, claim 5
    // by the earlier of the two it has; claim 3 is due later, so it waits its turn.
    env.ok(&["due", "1", "2025-08-12"]);
    env.ok(&["due", "3", "2025-08-25"]);
    env.ok(&["note", "4", "call back", "--follow-up", "2025-08-15"]);
    env.ok(&["note", "5", "ask the ministry", "--follow-up", "2025-08-05"]);
    env.ok(&["due", "5", "2025-08-14"]);
    let queue = ids(&env, &["outstanding"]);
    assert_eq!(&queue[..3], &[5, 1, 4], "{queue:?}");
    assert_eq!(queue.len(), 5);
    assert_eq!(ids(&env, &["outstanding", "--overdue"]), vec![5, 1, 4]);
    // Page by page, the same order.
    let mut paged = Vec::new();
    let mut after: Option<i64> = None;
    loop {
        let mut args = vec!["outstanding", "--limit", "1"];
        let anchor = after.map(|a| a.to_string());
        if let Some(a) = &anchor {
            args.extend(["--after", a.as_str()]);
        }
        let page = ids(&env, &args);
        let Some(&last) = page.last() else { break };
        paged.extend(page);
        after = Some(last);
    }
    assert_eq!(paged, queue);
    let show = env.ok(&["show", "1"]);
    assert!(
        show.contains("Checker:  ana, due 2025-08-12 (8 days overdue)"),
        "{show}"
    );
    let report = env.dir.path().join("report.html");
    env.ok(&["report", "-o", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(report).unwrap();
    let section = &html[html.find("Who is checking what").unwrap()..];
    // ana has claims 1 and 3, claim 1 overdue; claims 4 and 5 are nobody's, both overdue.
    assert!(
        section.contains("<td>ana</td><td class=\"n\">2</td><td class=\"n\">1</td>"),
        "{section}"
    );
    assert!(
        section.contains("<td>(nobody)</td><td class=\"n\">2</td><td class=\"n\">2</td>"),
        "{section}"
    );
    let stats = env.ok(&["stats", "--by", "assignee"]);
    assert!(stats.contains("ana") && stats.contains("(nobody)") && stats.contains("tester"));
    // Changes are corrections in `show` and operations in the log, and undo takes them back.
    env.ok(&["assign", "1", "--to", "bo"]);
    let detail = env.json(&["show", "1"]);
    assert_eq!(detail["assignee"], "bo");
    let corrections = detail["corrections"].as_array().unwrap();
    assert_eq!(
        corrections.last().unwrap()["detail"]["assignee"]["old"],
        "ana"
    );
    assert!(env.ok(&["log", "--limit", "1"]).contains("assign claim 1"));
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "1"])["assignee"], "ana");
    env.ok(&["unassign", "1"]);
    env.ok(&["due", "1", "none"]);
    let detail = env.json(&["show", "1"]);
    assert!(detail["assignee"].is_null() && detail["due_on"].is_null());
    // Refused: a name with nothing to it, a date that is not one, a claim that is not there.
    env.fails(&["assign", "1", "--to", "%%"], 2);
    env.fails(&["due", "1", "soon"], 2);
    assert!(
        env.fails(&["assign", "99", "--to", "ana"], 1)
            .contains("no claim with id 99")
    );
}

#[test]
fn assignments_travel_with_an_export() {
    let env = desk();
    env.ok(&["assign", "2", "--to", "ana"]);
    env.ok(&["due", "2", "2025-09-01"]);
    let export = env.ok(&["export", "--format", "jsonl"]);
    let file = env.file("out.jsonl", export.as_bytes());
    let copy = Env::new();
    copy.ok(&["ingest", &file]);
    let claim = copy.json(&["show", "2"]);
    assert_eq!(claim["assignee"], "ana");
    assert_eq!(claim["due_on"], "2025-09-01");
}
