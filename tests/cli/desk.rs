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

/// `url` as `user` connects with it.
fn as_user(url: &str, user: &str) -> Env {
    Env::on(super::pg::as_role(url, user))
}

#[test]
fn a_desk_on_postgresql_keeps_each_role_to_its_work() {
    let Some(server) = super::pg::Server::start() else {
        return;
    };
    let url = server.database();
    // Login roles are the server's, not the database's: names of this test's own.
    let db = url.split('?').next().unwrap().rsplit('/').next().unwrap();
    let [ana, bob, eve] = ["ana", "bob", "eve"].map(|n| format!("{n}_{db}"));
    let owner = Env::on(url.clone());
    owner.ok(&["ingest", &super::sample("alaska-summit-claims.jsonl")]);
    owner.ok(&["review", "4"]); // op 2
    let added = owner.ok(&["desk", "add-user", &ana, "--role", "reader"]);
    assert!(
        added.contains(&format!("They connect with: postgres://{ana}@")),
        "{added}"
    );
    owner.ok(&["desk", "add-user", &bob, "--role", "checker"]);
    owner.ok(&["desk", "add-user", &eve, "--role", "editor"]);
    let err = owner.fails(&["desk", "add-user", &bob, "--role", "editor"], 1);
    assert!(err.contains("is already a checker on this desk"), "{err}");
    let users = owner.json(&["desk", "users"]);
    let roles: Vec<(String, String)> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().into(),
                u["level"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (name, level) in [(&ana, "reader"), (&bob, "checker"), (&eve, "editor")] {
        assert!(roles.contains(&(name.clone(), level.into())), "{roles:?}");
    }
    let (reader, checker, editor) = (
        as_user(&url, &ana),
        as_user(&url, &bob),
        as_user(&url, &eve),
    );
    assert!(
        reader
            .ok(&["desk", "whoami"])
            .starts_with(&format!("{ana} (reader)"))
    );

    // A reader reads, and is told plainly what they may not do; nothing changes.
    reader.ok(&["list", "--limit", "2"]);
    let before = owner.dump();
    let err = reader.fails(&["dispute", "2", "--verdict", "false"], 2);
    assert!(
        err.contains(&format!(
            "{ana} is a reader on this desk: dispute needs a checker; ask an editor or admin"
        )),
        "{err}"
    );
    // The database refuses it too, whatever client asks.
    let mut sql = postgres::Client::connect(
        &url.replacen("claimtrack@", &format!("{ana}@"), 1),
        postgres::NoTls,
    );
    if let Ok(sql) = sql.as_mut() {
        assert!(
            sql.execute("UPDATE claims SET status = 'disputed' WHERE id = 2", &[])
                .is_err()
        );
    }
    assert_eq!(owner.dump(), before);

    // A checker rates, adds and undoes their own work (taking away the claim they added) ...
    checker.ok(&["dispute", "2", "--verdict", "false"]);
    // The checker's write indexed the claim for matching: the reader finds it.
    let text = owner.json(&["show", "2"])["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(reader.json(&["match", &text])[0]["id"], 2);
    // Changed behind claimtrack's back, it waits to be indexed again, which a reader may not
    // do: their match reads the checked claims instead, and finds it by its new headline.
    owner.execute(
        "UPDATE claims SET review_title = 'Zanzibar quokkas were never consulted' WHERE id = 2",
    );
    let found = reader.json(&["match", "were the Zanzibar quokkas consulted?"]);
    assert_eq!(found[0]["id"], 2, "{found}");
    assert_eq!(owner.ints("SELECT count(*) FROM match_waiting"), [1]);
    assert_eq!(checker.json(&["match", "Zanzibar quokkas"])[0]["id"], 2);
    assert_eq!(owner.ints("SELECT count(*) FROM match_waiting"), [0]);
    checker.ok(&[
        "add",
        "A claim of the checker's own.",
        "--speaker",
        "Someone New",
    ]);
    checker.ok(&["undo"]);
    let load = checker.file(
        "load.jsonl",
        b"{\"text\": \"Loaded one.\", \"speaker\": \"New Person\"}\n{\"text\": \"Loaded two.\", \"speaker\": \"New Person\"}\n",
    );
    checker.ok(&["ingest", &load]);
    checker.ok(&["undo", "--yes"]);
    // ... but neither deletes, sets priorities, merges speakers, nor undoes others' work.
    let err = checker.fails(&["delete", "3", "--yes"], 2);
    assert!(err.contains("delete needs an editor"), "{err}");
    checker.fails(&["priority", "3", "90"], 2);
    checker.fails(&["speaker", "merge", "Donald Trump", "Vladimir Putin"], 2);
    let err = checker.fails(&["undo", "2"], 2);
    assert!(
        err.contains("undoing someone else's operation needs an editor or admin"),
        "{err}"
    );
    // An editor may; the log names who did what.
    editor.ok(&["undo", "2"]);
    editor.ok(&["redo"]);
    editor.ok(&["delete", "3", "--yes"]);
    let log = owner.json(&["log", "--limit", "4"]);
    let actors: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        [eve.as_str(), eve.as_str(), eve.as_str(), bob.as_str()]
    );
    // Sign-off is an editor's: claimtrack says so, and the database refuses it too.
    let err = checker.fails(&["approve", "2"], 2);
    assert!(err.contains("approve needs an editor"), "{err}");
    let mut sql = postgres::Client::connect(
        &url.replacen("claimtrack@", &format!("{bob}@"), 1),
        postgres::NoTls,
    );
    if let Ok(sql) = sql.as_mut() {
        let err = sql
            .execute("UPDATE claims SET stage = 'approved' WHERE id = 2", &[])
            .unwrap_err();
        let said = err.as_db_error().map(|e| e.message().to_string());
        assert!(
            said.as_deref()
                .is_some_and(|m| m.contains("approving and publishing need an editor")),
            "{err:?}"
        );
    }
    // The editor approves the checker's finding (not their own) and publishes it.
    assert_eq!(editor.ok(&["approve", "2"]), "Claim 2: draft → approved\n");
    editor.ok(&["publish", "2"]);
    assert_eq!(owner.json(&["show", "2"])["approved_by"], eve.as_str());

    // Managing people is an admin's.
    let err = editor.fails(&["desk", "add-user", "someone", "--role", "reader"], 2);
    assert!(
        err.contains("desk add-user needs an admin; ask an admin"),
        "{err}"
    );

    // Roles change and end.
    owner.ok(&["desk", "set-role", &ana, "checker"]);
    reader.ok(&["verify", "5", "--verdict", "true"]);
    owner.ok(&["desk", "remove-user", &ana]);
    let err = reader.fails(&["list"], 2);
    assert!(err.contains("you are not on this desk"), "{err}");
    let err = owner.fails(&["desk", "set-role", &ana, "reader"], 1);
    assert!(err.contains("is not on this desk"), "{err}");

    // On a SQLite file there are no roles to manage.
    let file = Env::sqlite();
    file.ok(&["add", "x y z", "--speaker", "A"]);
    let err = file.fails(&["desk", "users"], 2);
    assert!(
        err.contains("a SQLite file has no people or roles"),
        "{err}"
    );
}

/// A desk made before search folded accents (schema 2) upgrades on the first command of an admin
/// who owns the database and is no superuser: the unaccent extension is made as that owner, the
/// rest as the desk's admin group, and every claim's search words are worked out again. An admin
/// who does not own the database is told whom to ask, and nothing changes. A fresh database of
/// such an owner gets the extension on its first write.
#[test]
fn an_older_desk_upgrades_to_search_that_folds_accents() {
    let Some(server) = super::pg::Server::start() else {
        return;
    };
    let url = server.database();
    let db = url.split('?').next().unwrap().rsplit('/').next().unwrap();
    let [owner, other] = ["owner", "other"].map(|n| format!("{n}_{db}"));
    let mut root = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    root.batch_execute(&format!(
        "CREATE ROLE {owner} LOGIN CREATEDB CREATEROLE; CREATE ROLE {other} LOGIN;
         ALTER DATABASE {db} OWNER TO {owner};"
    ))
    .unwrap();
    // Schema 2 as claimtrack made it: the released steps, run by the owner.
    let mut as_owner = postgres::Client::connect(
        &url.replacen("claimtrack@", &format!("{owner}@"), 1),
        postgres::NoTls,
    )
    .unwrap();
    as_owner
        .batch_execute(
            "CREATE TABLE claimtrack_schema (version BIGINT PRIMARY KEY, checksum TEXT NOT NULL,
                                             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .unwrap();
    for (version, sql) in [
        include_str!("../../migrations/postgres/0001_schema.sql"),
        include_str!("../../migrations/postgres/0002_desk.sql"),
    ]
    .into_iter()
    .enumerate()
    {
        as_owner.batch_execute(sql).unwrap();
        as_owner
            .execute(
                "INSERT INTO claimtrack_schema (version, checksum) VALUES ($1, $2)",
                &[
                    &(version as i64 + 1),
                    &blake3::hash(sql.as_bytes()).to_hex().to_string(),
                ],
            )
            .unwrap();
    }
    // Its claims: made by today's claimtrack elsewhere (the tables are the same), copied in
    // row by row, their search words then written by schema 2's trigger.
    let made = Env::on(server.database());
    made.ok(&["ingest", &super::sample("alaska-summit-claims.jsonl")]);
    made.ok(&[
        "add",
        "Zelenskyy's café in São Paulo beat Zürich's.",
        "--speaker",
        "José Álvarez",
    ]);
    let mut from =
        postgres::Client::connect(made.url.as_deref().unwrap(), postgres::NoTls).unwrap();
    let mut into = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    into.batch_execute("SET session_replication_role = replica")
        .unwrap();
    for table in from
        .query(
            // The match index and the kept counts are newer than the old schema, and made
            // from the claims.
            "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = 'public'
                AND tablename NOT LIKE 'claimtrack\\_%' AND tablename NOT LIKE 'match\\_%'",
            &[],
        )
        .unwrap()
    {
        let table: String = table.get(0);
        for row in from
            .query(
                &format!("SELECT (to_jsonb(t) - 'search')::TEXT FROM {table} t"),
                &[],
            )
            .unwrap()
        {
            let row: String = row.get(0);
            into.execute(
                &format!(
                    "INSERT INTO {table} SELECT * FROM jsonb_populate_record(NULL::{table}, $1::TEXT::JSONB)"
                ),
                &[&row],
            )
            .unwrap();
        }
    }
    into.batch_execute("RESET session_replication_role; UPDATE claims SET text = text")
        .unwrap();
    let words: String = into
        .query_one(
            "SELECT search::TEXT FROM claims WHERE text LIKE 'Zelenskyy%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(words.contains("'café'"), "{words}");
    // A desk: the tables pass to its admin group; the other admin is one of it too.
    as_owner
        .batch_execute(&format!(
            "SELECT claimtrack_desk_grants(); GRANT {db}_admin TO {other}"
        ))
        .unwrap();
    let state = |sql: &mut postgres::Client| -> (i64, i64) {
        let row = sql
            .query_one(
                "SELECT (SELECT max(version) FROM claimtrack_schema),
                        (SELECT count(*) FROM pg_extension WHERE extname = 'unaccent')",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(state(&mut into), (2, 0));
    // Priorities of an older score, and one set by hand, for step 11 to work out again.
    into.batch_execute(
        "UPDATE claims SET priority = 0 WHERE priority_by IS NULL;
         UPDATE claims SET priority = 7, priority_by = 'ed' WHERE id = 1",
    )
    .unwrap();

    // An admin who does not own the database may not make the extension: told whom to ask.
    let err = as_user(&url, &other).fails(&["search", "cafe"], 1);
    assert!(
        err.contains(&format!(
            "search needs PostgreSQL's unaccent extension in database {db}, and {other} may not create it"
        )) && err.contains(&format!(
            "ask the database's owner ({owner}) or a superuser to run \"CREATE EXTENSION unaccent;\" in it"
        )),
        "{err}"
    );
    assert_eq!(state(&mut into), (2, 0));

    // The owner may: the upgrade is made, and search finds the claim by either spelling.
    let desk = as_user(&url, &owner);
    for query in ["cafe", "café", "\"sao paulo\"", "zur*", "speaker:jose"] {
        let hits = desk.json(&["search", query]);
        assert_eq!(hits[0]["speaker"], "José Álvarez", "{query}: {hits}");
    }
    // Step 3 and any after it.
    let (version, folded) = state(&mut into);
    assert!(version >= 3 && folded == 1, "{version} {folded}");
    for row in into
        .query("SELECT id, text, priority FROM claims", &[])
        .unwrap()
    {
        let (id, text, priority): (i64, String, i64) = (row.get(0), row.get(1), row.get(2));
        let want = match id {
            1 => 7,
            _ => i64::from(claimtrack::domain::check_worthiness(&text).priority()),
        };
        assert_eq!(priority, want, "{text}");
    }
    assert!(desk.ok(&["check"]).contains("all checks passed"));
    let config_owner = |sql: &mut postgres::Client| -> String {
        sql.query_one(
            "SELECT pg_get_userbyid(cfgowner)::TEXT FROM pg_ts_config WHERE cfgname = 'claimtrack'",
            &[],
        )
        .unwrap()
        .get(0)
    };
    assert_eq!(config_owner(&mut into), format!("{db}_admin"));
    // The other admin works on it now.
    assert_eq!(
        as_user(&url, &other).ok(&["search", "zurich", "--format", "ids"]),
        desk.ok(&["search", "Zürich", "--format", "ids"])
    );

    // A fresh database of that owner: its first write makes the extension.
    let fresh = server.database();
    let fresh_db = fresh.split('?').next().unwrap().rsplit('/').next().unwrap();
    root.batch_execute(&format!("ALTER DATABASE {fresh_db} OWNER TO {owner}"))
        .unwrap();
    let mine = as_user(&fresh, &owner);
    mine.ok(&["add", "Crème brûlée sales rose.", "--speaker", "Zoë"]);
    assert_eq!(mine.ok(&["search", "creme", "--format", "ids"]), "1\n");
    assert_eq!(
        mine.ok(&["search", "speaker:zoe", "--format", "ids"]),
        "1\n"
    );
    // Made a desk, its search configuration passes to the admin group with the tables.
    let mut sql = postgres::Client::connect(&fresh, postgres::NoTls).unwrap();
    assert_eq!(config_owner(&mut sql), owner);
    mine.ok(&[
        "desk",
        "add-user",
        &format!("ana_{fresh_db}"),
        "--role",
        "reader",
    ]);
    assert_eq!(config_owner(&mut sql), format!("{fresh_db}_admin"));
}
