//! Schema migrations: numbered SQL files embedded in the binary, applied in order inside one
//! transaction that also advances `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

use crate::domain::{Status, check_worthiness, claim_key};

/// Every migration, in order; index + 1 is the schema version it produces. Append only.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_init.sql"),
    include_str!("../../../migrations/0002_speaker_merges.sql"),
    include_str!("../../../migrations/0003_search_and_priority.sql"),
    include_str!("../../../migrations/0004_review_url.sql"),
    include_str!("../../../migrations/0005_deletes.sql"),
    include_str!("../../../migrations/0006_deferred_indexes.sql"),
    include_str!("../../../migrations/0007_search_hashsize.sql"),
    include_str!("../../../migrations/0008_speaker_queue.sql"),
    include_str!("../../../migrations/0009_figure_keys.sql"),
    include_str!("../../../migrations/0010_operation_log.sql"),
    include_str!("../../../migrations/0011_consistent_states.sql"),
    include_str!("../../../migrations/0012_level_edited_history.sql"),
    include_str!("../../../migrations/0013_guessed_roles.sql"),
    include_str!("../../../migrations/0014_assignments.sql"),
    include_str!("../../../migrations/0015_level_operation_log.sql"),
    include_str!("../../../migrations/0016_review_title.sql"),
    include_str!("../../../migrations/0017_claim_links.sql"),
    include_str!("../../../migrations/0018_sign_off.sql"),
    include_str!("../../../migrations/0019_claim_language.sql"),
    include_str!("../../../migrations/0020_snapshots.sql"),
    include_str!("../../../migrations/0021_fitted_worth.sql"),
    include_str!("../../../migrations/0022_rated_by.sql"),
    include_str!("../../../migrations/0023_match_index.sql"),
];

/// The migrations after which every computed priority is worked out again: each names the
/// check-worthiness weights it recomputes with (`domain::worth::weights_hash`).
const WORTH_STEPS: &[i64] = &[21];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Marks a SQLite file as ours (`PRAGMA application_id`), so a stranger's database is never
/// mistaken for an empty one: "ClTk".
pub const APPLICATION_ID: i64 = 0x436C_546B;

/// Brings the schema from `current` to `LATEST`; all steps or none.
pub fn apply(conn: &mut Connection, current: i64) -> rusqlite::Result<()> {
    if current >= LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Re-read inside the write lock: another process may have migrated meanwhile.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    // Migration 22: `claims.rated_by`, unless 0018 added it (it was released with two texts,
    // with and without the column; first: the claim triggers log it, and the steps below change
    // claims).
    if current < 22 {
        let missing = !tx
            .prepare("SELECT 1 FROM pragma_table_info('claims') WHERE name = 'rated_by'")?
            .exists([])?;
        if missing {
            tx.execute_batch("ALTER TABLE claims ADD COLUMN rated_by TEXT")?;
        }
    }
    // Values computed in Rust, which SQL cannot fill in: every de-duplication key when
    // migration 9 changed them; the check-worthiness score below.
    if current < 9 {
        fill_from_text(&tx, "text_key", "1", |t| claim_key(t).to_vec())?;
    }
    if current < 11 {
        settle_contradictions(&tx)?;
    }
    if current < 12 {
        level_edited_history(&tx)?;
    }
    if current < 15 {
        level_operation_log(&tx)?;
    }
    // The check-worthiness score of every claim whose priority was not set by hand, when the
    // newest step that recomputes it is new here (its weights changed; migration 3 brought the
    // column).
    if WORTH_STEPS.last().is_some_and(|step| current < *step) {
        fill_from_text(&tx, "priority", "priority_by IS NULL", |t| {
            check_worthiness(t).priority()
        })?;
    }
    tx.commit()
}

/// Moves claims whose status and verdict contradict each other, and imported reviews whose
/// label and number disagreed, to in review without a verdict; a history row and a note keep
/// what they were.
fn settle_contradictions(conn: &Connection) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT c.id, c.status, c.verdict, c.verdict_label, {conflict} FROM claims c
          WHERE ({broken}) OR (c.verdict IS NOT NULL AND {conflict})",
        broken = crate::store::common::contradiction_condition(),
        // A review whose label and number disagree, as imported: once someone has changed its
        // status since, it is their decision and stays.
        conflict = "EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_id = c.id AND t.tag = 'rating-conflict')
                    AND (SELECT count(*) FROM status_history h WHERE h.claim_id = c.id) <= 1"
    );
    let rows: Vec<(i64, String, String, Option<String>, bool)> = conn
        .prepare(&sql)?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let now = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
    for (id, status, verdict, label, conflict) in rows {
        let label = label.map(|l| format!(" ('{l}')")).unwrap_or_default();
        let why = if conflict {
            "its review's label and number disagree"
        } else {
            "they contradict each other"
        };
        let note = format!(
            "The upgrade to schema 11 moved this claim to in review: it was {status} and rated \
             {verdict}{label}, and {why}. Decide with claimtrack verify or dispute {id} --verdict ..."
        );
        conn.execute(
            &format!(
                "UPDATE claims SET status = ?2, verdict = NULL, updated_at = {now} WHERE id = ?1"
            ),
            rusqlite::params![id, Status::InReview],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO status_history (claim_id, from_status, to_status, verdict, verdict_label,
                                             reason, actor, at)
                 VALUES (?1, ?2, ?3, NULL, NULL, ?4, 'claimtrack upgrade', {now})"
            ),
            rusqlite::params![id, status, Status::InReview, format!("it was {status} and rated {verdict}: {why}")],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO notes (claim_id, text, author, created_at) VALUES (?1, ?2, 'claimtrack upgrade', {now})"
            ),
            rusqlite::params![id, note],
        )?;
    }
    Ok(())
}

/// Word checks as migration 0001 first wrote them, and as it says now (the same rule).
const EDITED_CHECKS: &[(&str, &str)] = &[
    (
        "CHECK (kind IN\n                   ('article','interview','broadcast','social_post','transcript','speech','document','other'))",
        "CHECK (kind = 'article' OR kind = 'interview' OR kind = 'broadcast' OR kind = 'social_post' OR kind = 'transcript' OR kind = 'speech' OR kind = 'document' OR kind = 'other')",
    ),
    (
        "CHECK (status IN\n                    ('unverified','in_review','verified','disputed','unverifiable'))",
        "CHECK (status = 'unverified' OR status = 'in_review' OR status = 'verified' OR status = 'disputed' OR status = 'unverifiable')",
    ),
    (
        "CHECK (verdict IN\n                    ('true','mostly_true','mixed','mostly_false','false','fabricated'))",
        "CHECK (verdict = 'true' OR verdict = 'mostly_true' OR verdict = 'mixed' OR verdict = 'mostly_false' OR verdict = 'false' OR verdict = 'fabricated')",
    ),
    (
        "CHECK (stance IN ('supports','refutes','context'))",
        "CHECK (stance = 'supports' OR stance = 'refutes' OR stance = 'context')",
    ),
];

/// Brings a database made before 0001 and 0003 were edited level with a fresh one (migration
/// 0012 says what differed).
/// Puts back the bulk-load ranges migration 15 set aside, in the layout it made: ranges of either
/// layout of 0010 keep what they said; an early one (claims only) is placed after the changes
/// made before its operation began.
fn level_operation_log(conn: &Connection) -> rusqlite::Result<()> {
    let early = !conn
        .prepare("SELECT 1 FROM pragma_table_info('op_ranges_before') WHERE name = 'tbl'")?
        .exists([])?;
    conn.execute_batch(if early {
        "INSERT INTO op_ranges (op_id, tbl, first, last, after_change)
         SELECT r.op_id, 'claims', r.first, r.last,
                (SELECT coalesce(max(c.id), 0) FROM op_changes c WHERE c.op_id < r.op_id)
           FROM temp.op_ranges_before r ORDER BY r.rowid;
         DROP TABLE temp.op_ranges_before;"
    } else {
        "INSERT INTO op_ranges (op_id, tbl, first, last, after_change)
         SELECT op_id, tbl, first, last, after_change FROM temp.op_ranges_before ORDER BY rowid;
         DROP TABLE temp.op_ranges_before;"
    })
}

fn level_edited_history(conn: &Connection) -> rusqlite::Result<()> {
    let exists = |name: &str| -> rusqlite::Result<bool> {
        conn.prepare("SELECT 1 FROM sqlite_schema WHERE name = ?1")?
            .exists([name])
    };
    if exists("claims_fts_insert")? {
        // New claims were indexed twice; the index is rebuilt from the claims.
        conn.execute_batch(
            "DROP TRIGGER claims_fts_insert;
             INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');",
        )?;
    }
    // The first 0003 kept `claims_status`, the second made `claims_speaker_status`; today's
    // has `claims_speaker` in their place.
    if exists("claims_speaker_status")? || exists("claims_status")? || !exists("claims_speaker")? {
        conn.execute_batch(
            "DROP INDEX IF EXISTS claims_outstanding;
             DROP INDEX IF EXISTS claims_status;
             DROP INDEX IF EXISTS claims_speaker_status;
             CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker_id, id, status, verdict);
             DELETE FROM deferred_indexes WHERE name = 'claims_speaker';",
        )?;
    }
    conn.execute_batch("DROP INDEX IF EXISTS claims_outstanding;")?;
    // The same rule in other words: the table's stored definition is rewritten in place, as
    // SQLite documents for changes that leave the stored rows as they are.
    let mut rewrites = Vec::new();
    for table in ["sources", "claims", "evidence"] {
        let sql: String = conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        let level = EDITED_CHECKS
            .iter()
            .fold(sql.clone(), |s, (old, new)| s.replace(old, new));
        if level != sql {
            rewrites.push((table, level));
        }
    }
    if !rewrites.is_empty() {
        let version: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
        conn.pragma_update(None, "writable_schema", "ON")?;
        for (table, sql) in &rewrites {
            conn.execute(
                "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
                rusqlite::params![table, sql],
            )?;
        }
        conn.pragma_update(None, "schema_version", version + 1)?;
        conn.pragma_update(None, "writable_schema", "OFF")?;
    }
    Ok(())
}

/// Sets `column` to `value(text)` on each claim that `filter` (SQL, no user input) picks.
fn fill_from_text<T: rusqlite::ToSql>(
    conn: &Connection,
    column: &str,
    filter: &str,
    value: impl Fn(&str) -> T,
) -> rusqlite::Result<()> {
    let mut read = conn.prepare(&format!("SELECT id, text FROM claims WHERE {filter}"))?;
    let mut write = conn.prepare(&format!(
        "UPDATE claims SET {column} = ?2 WHERE id = ?1 AND {column} IS NOT ?2"
    ))?;
    let rows = read.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, text) = row?;
        write.execute(rusqlite::params![id, value(&text)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every released migration and the BLAKE3 hash of its file. A migration that has been
    /// released never changes again (a database made with it would differ from a fresh one);
    /// a new one is added here when it is released.
    const RELEASED: &[(&str, &str)] = &[
        (
            "0001_init.sql",
            "f8ad081c5c8fc4edeebc77a053647c0e0ba55a738c861e21b01528c4d7ffdda8",
        ),
        (
            "0002_speaker_merges.sql",
            "2499defee6b538e3a86daa8d94ffb609a72a43887e90cba47b159a8b6a2b1d0a",
        ),
        (
            "0003_search_and_priority.sql",
            "cf5d642c630c5b30f566a1ce127fcb4d817463b157e6a73e9933fec59eec734d",
        ),
        (
            "0004_review_url.sql",
            "d492b2a95ce8d9a21b10120a42aadb655d9d8a56d3a9664ac90da70c8e6b397d",
        ),
        (
            "0005_deletes.sql",
            "545a9846207b466985b2408a5cb586fb8c45d9fac9514517fcea7e3a3bcc760b",
        ),
        (
            "0006_deferred_indexes.sql",
            "73602ff59adb8dad90a0360eaf4e671fb07cc3d6686bf7ddf9bfa812fef88b5c",
        ),
        (
            "0007_search_hashsize.sql",
            "be940c5a5b3b0faa6933117ba28d4eb7c43efe069d1e221338759a377c3176f4",
        ),
        (
            "0008_speaker_queue.sql",
            "2bda3f10d2db2ac274848ec28004718b5abd6142eba6a9514daf68b2f724ee0d",
        ),
        (
            "0009_figure_keys.sql",
            "042ef5ef44c7eb6ef95fbcb3380ffc7a45b0c8d6f33491fedf30ff0adb98facc",
        ),
        (
            "0010_operation_log.sql",
            "b26d23a9f9eb6ce7723590f32a00756985e386468a2d5a40830d31e64bcae1da",
        ),
        (
            "0010_operation_log.sql",
            "160e3c769b12a5dc5e51cdabbed8e097360253d8dd8f6918b1b239cc4b1cc4d8",
        ),
        (
            "0011_consistent_states.sql",
            "02f1f7c1476a905a04befd15a431c64021fab046ea90ae0977b751a641e0217d",
        ),
        (
            "0012_level_edited_history.sql",
            "0bef12890940f0da86aa648981fda6f2677879ab1cb55db757e7e5d248f249b2",
        ),
        (
            "0013_guessed_roles.sql",
            "63d117c67eb633c91cd9123232cdf1805c7f40a6804fc3a25861e526e423dbce",
        ),
        (
            "0014_assignments.sql",
            "1f6d1061a96531bf78f33a0422d637ebead6eba43a9fb20b43bf522781cc6897",
        ),
        (
            "0015_level_operation_log.sql",
            "3c3eacb29518de067b6761ed1d0d1b296e40a272105fbc469d6b0a85708db65f",
        ),
        (
            "0016_review_title.sql",
            "f6affcbad2e52f3a283e627297a89f567eeadafd20fa63901d840b76fc64e2b3",
        ),
        (
            "0017_claim_links.sql",
            "b879d74d95535a58f9b9947e166b368331220d8ed51884256d2735041fec5055",
        ),
        (
            "0018_sign_off.sql",
            "cf4e61504efab1d84741550f5eb14b62d39d11d75094c4bef2a674a433421c61",
        ),
        (
            "0018_sign_off.sql",
            "5124b9bb83b76169812078d47b220d81838b8770510ac22a98316d46ffb0821a",
        ),
        (
            "0019_claim_language.sql",
            "a1b9aafec78c2a84b2ec5d932e99ad82bcdaa2d96d4f845902294be938effcc9",
        ),
        (
            "0020_snapshots.sql",
            "f1204a25237ad7305e911380006016ed0a8df69a25bfe3627691701fb9abefca",
        ),
        (
            "0021_fitted_worth.sql",
            "34b4e2525d74f61f867497544f410d810789c9aae86737790bcbaa4f6f08282e",
        ),
        (
            "0022_rated_by.sql",
            "57f612b882c4ec90e0a005b70172529de978b746e04abd28bbcf8759cd5d5285",
        ),
        (
            "0023_match_index.sql",
            "e7af8837a7586eace1d037939dcb50f3395126bc2ca842629836de5bc8628185",
        ),
    ];

    /// A database whose migration `step` (1-based) ran with another released text, `edited`,
    /// and whose schema stood at `at`, brought up to the latest.
    fn upgraded_from(step: usize, edited: &str, at: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS.iter().enumerate().take(at) {
            conn.execute_batch(if i + 1 == step { edited } else { sql })
                .unwrap();
        }
        let at = i64::try_from(at).unwrap();
        conn.pragma_update(None, "user_version", at).unwrap();
        apply(&mut conn, at).unwrap();
        conn
    }

    /// A table's columns, sorted.
    fn columns(c: &Connection, table: &str) -> Vec<String> {
        let mut stmt = c.prepare("SELECT name FROM pragma_table_info(?1)").unwrap();
        let mut names: Vec<String> = stmt
            .query_map([table], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names.sort();
        names
    }

    fn fresh() -> Connection {
        let mut fresh = Connection::open_in_memory().unwrap();
        apply(&mut fresh, 0).unwrap();
        fresh
    }

    /// 0018 was released with two texts, with `claims.rated_by` (the one here) and without (the
    /// fixture): a database made by either reaches the latest schema, the column once.
    #[test]
    fn a_database_of_the_edited_0018_upgrades() {
        let edited = include_str!("../../../tests/fixtures/edited-migrations/0018_sign_off.sql");
        let conn = upgraded_from(18, edited, 21);
        let count: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('claims') WHERE name = 'rated_by'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(count, 1);
        assert_eq!(columns(&conn, "claims"), columns(&fresh(), "claims"));
    }

    /// 0010 was released with two layouts of the operation log, ranges of claims under a floor
    /// (the one here) and ranges of each table (the fixture): a database made by either reaches
    /// the latest layout (migration 15 levels them).
    #[test]
    fn a_database_of_the_edited_0010_upgrades() {
        let edited =
            include_str!("../../../tests/fixtures/edited-migrations/0010_operation_log.sql");
        assert_ne!(edited, MIGRATIONS[9], "the fixture is the other text");
        let conn = upgraded_from(10, edited, 14);
        for table in ["op_ranges", "op_current"] {
            assert_eq!(columns(&conn, table), columns(&fresh(), table), "{table}");
        }
    }

    /// Fitting the weights again takes a new migration, so that every database's computed
    /// priorities follow them.
    #[test]
    fn the_newest_recompute_names_the_weights_compiled_in() {
        let step = *WORTH_STEPS.last().unwrap();
        let sql = MIGRATIONS[usize::try_from(step).unwrap() - 1];
        assert!(
            sql.contains(&crate::domain::weights_hash()),
            "worth_weights.tsv changed since migration {step}: add a migration naming its hash \
             ({}) and add its number to WORTH_STEPS",
            crate::domain::weights_hash()
        );
    }

    #[test]
    fn migrations_are_append_only() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e == "sql")
            })
            .collect();
        files.sort();
        assert_eq!(
            files.len(),
            MIGRATIONS.len(),
            "every file in migrations/ is in MIGRATIONS"
        );
        for (index, name) in files.iter().enumerate() {
            let text = std::fs::read(dir.join(name)).unwrap();
            assert_eq!(
                std::str::from_utf8(&text).unwrap(),
                MIGRATIONS[index],
                "MIGRATIONS[{index}] is {name}"
            );
            crate::store::common::assert_released(
                RELEASED,
                "migrations",
                name,
                &text,
                files.len() + 1,
            );
        }
    }

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, 0).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST);
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        // Applying again is a no-op.
        apply(&mut conn, LATEST).unwrap();
    }

    #[test]
    fn each_step_leaves_a_database_the_next_step_accepts() {
        for stop in 1..=MIGRATIONS.len() {
            let conn = Connection::open_in_memory().unwrap();
            for sql in &MIGRATIONS[..stop] {
                conn.execute_batch(sql).unwrap();
            }
            let mut conn = conn;
            conn.pragma_update(None, "user_version", stop as i64)
                .unwrap();
            apply(&mut conn, stop as i64).unwrap();
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, LATEST);
        }
    }

    #[test]
    fn migration_9_rekeys_claims_so_figures_count() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 8).unwrap();
        // Keys as the old normalisation made them: the minus sign and the per cent ignored.
        let old = crate::domain::claim_key("Crime is up 5 percent");
        conn.execute(
            "INSERT INTO speakers(id, name, name_key, created_at) VALUES (1, 'A', 'a', 't')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO claims(id, text, text_key, speaker_id, created_at, updated_at)
             VALUES (1, 'Crime is up -5 percent', ?1, 1, 't', 't')",
            [old.as_slice()],
        )
        .unwrap();
        apply(&mut conn, 8).unwrap();
        let key: Vec<u8> = conn
            .query_row("SELECT text_key FROM claims WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(key, claim_key("Crime is up -5 percent"));
        assert_ne!(key, old);
    }

    #[test]
    fn history_is_append_only() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, 0).unwrap();
        conn.execute_batch(
            "INSERT INTO speakers(id, name, name_key, created_at) VALUES (1, 'A', 'a', 't');
             INSERT INTO claims(id, text, text_key, speaker_id, created_at, updated_at)
                 VALUES (1, 'x', x'00', 1, 't', 't');
             INSERT INTO status_history(claim_id, to_status, actor, at)
                 VALUES (1, 'unverified', 'me', 't');",
        )
        .unwrap();
        let err = conn
            .execute("UPDATE status_history SET actor = 'other'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        assert!(conn.execute("DELETE FROM status_history", []).is_err());
    }
}
