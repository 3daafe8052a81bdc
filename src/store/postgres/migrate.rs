//! Schema migrations for PostgreSQL: numbered files in `migrations/postgres/`, applied in order
//! in one transaction under an advisory lock (two first writers wait for each other), recorded
//! in `claimtrack_schema`.

use postgres::GenericClient;

use crate::domain::check_worthiness;
use crate::store::Result;

/// Every migration, in order; index + 1 is the version it produces. Append only.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_schema.sql"),
    include_str!("../../../migrations/postgres/0002_desk.sql"),
    include_str!("../../../migrations/postgres/0003_search_folds_accents.sql"),
    include_str!("../../../migrations/postgres/0004_review_title.sql"),
    include_str!("../../../migrations/postgres/0005_search_keeps_common_words.sql"),
    include_str!("../../../migrations/postgres/0006_loads_skip_row_triggers.sql"),
    include_str!("../../../migrations/postgres/0007_claim_links.sql"),
    include_str!("../../../migrations/postgres/0008_sign_off.sql"),
    include_str!("../../../migrations/postgres/0009_claim_language.sql"),
    include_str!("../../../migrations/postgres/0010_snapshots.sql"),
    include_str!("../../../migrations/postgres/0011_fitted_worth.sql"),
    include_str!("../../../migrations/postgres/0012_rated_by.sql"),
    include_str!("../../../migrations/postgres/0013_match_index.sql"),
    include_str!("../../../migrations/postgres/0014_row_counts.sql"),
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The steps after which every computed priority is worked out again: each names the
/// check-worthiness weights it recomputes with (`domain::weights_hash`).
const WORTH_STEPS: &[i64] = &[11];

/// The text search configuration of `claims.search` (0003: English stemming, accents folded by
/// the unaccent extension): every query of the column reads words with it.
pub const SEARCH_CONFIG: &str = "claimtrack";

/// Extensions the steps make, each with the first step that needs it.
const EXTENSIONS: &[(i64, &str)] = &[(3, "unaccent")];

/// Steps released with two texts (0008 with and without `claims.rated_by`), and the checksum
/// of the text this build does not carry: a database that recorded it is ours too (a later
/// step brings both level: 0012 for 0008).
const EDITED: &[(i64, &str)] = &[(
    8,
    "b66c3d602af08294705df9a959e46bf5cab598cb10dbec164841ae9eb6d34a86",
)];

/// The advisory lock migrations take: "ClTk".
const LOCK: i64 = 0x436C_546B;

/// The schema steps a database records: what it is at, and whether it is ours.
pub struct Recorded {
    /// The highest step (0: no schema yet).
    pub version: i64,
    /// Steps recorded with a checksum other than this build's for the same step (a migration
    /// changed after it ran there).
    pub changed: Vec<i64>,
}

/// Reads the recorded steps: two statements, one round trip each (the first tells whether
/// there is a table to read).
pub fn recorded(client: &mut impl GenericClient) -> Result<Recorded> {
    let exists: bool = client
        .query_typed_one("SELECT to_regclass('claimtrack_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(Recorded {
            version: 0,
            changed: Vec::new(),
        });
    }
    let rows = client.query_typed(
        "SELECT version, checksum FROM claimtrack_schema ORDER BY version",
        &[],
    )?;
    let mut recorded = Recorded {
        version: 0,
        changed: Vec::new(),
    };
    for row in &rows {
        let version: i64 = row.get(0);
        let checksum: &str = row.get(1);
        recorded.version = recorded.version.max(version);
        let ours = usize::try_from(version)
            .ok()
            .and_then(|v| v.checked_sub(1))
            .and_then(|i| MIGRATIONS.get(i))
            .map(|sql| blake3::hash(sql.as_bytes()).to_hex().to_string());
        let edited = EDITED.contains(&(version, checksum));
        if ours.is_some_and(|ours| ours != checksum) && !edited {
            recorded.changed.push(version);
        }
    }
    Ok(recorded)
}

/// Brings the schema up to `LATEST`; all steps or none. Run it in a read-committed
/// transaction (a step may count rows after making its triggers).
pub fn apply(client: &mut impl GenericClient) -> Result<()> {
    let mut tx = client.transaction()?;
    // Writers first, then the steps, in the order a writer that makes the schema takes them: a
    // step that makes triggers on several tables would otherwise deadlock with a writer that
    // holds one of them and wants another.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&super::WRITERS])?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS claimtrack_schema (
             version    BIGINT PRIMARY KEY,
             checksum   TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    // Read again under the lock: another process may have migrated meanwhile.
    let current: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM claimtrack_schema",
            &[],
        )?
        .get(0);
    // On a desk (its tables owned by the admin group), an admin upgrades as that group: what a step makes
    // belongs to the group too, so that any admin can make the next. The new tables are granted
    // to the desk's roles as the old ones were.
    let desk = tx
        .query_opt(
            "SELECT format('SET LOCAL ROLE %I', r.rolname) FROM pg_roles r
               JOIN pg_class c ON c.oid = to_regclass('claims') AND c.relowner = r.oid
              WHERE r.rolname = current_database() || '_admin'
                AND pg_has_role(session_user, r.oid, 'MEMBER')",
            &[],
        )?
        .map(|r| r.get::<_, String>(0));
    if let Some(set_role) = &desk {
        // An extension is made by a role with CREATE on the database (its owner, unless granted
        // to others), which the group lacks and the admin upgrading may have: the steps'
        // extensions are made first as the admin's own role, where it may. Where it may not, the
        // step that needs one says whom to ask.
        for (_, name) in EXTENSIONS.iter().filter(|(step, _)| current < *step) {
            let mut attempt = tx.savepoint("extension")?;
            if attempt
                .batch_execute(&format!("CREATE EXTENSION IF NOT EXISTS {name}"))
                .is_ok()
            {
                attempt.commit()?;
            }
        }
        tx.batch_execute(set_role)?;
    }
    let upgrading = (current.max(0) as usize) < MIGRATIONS.len();
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        tx.batch_execute(sql)?;
        let version = index as i64 + 1;
        let checksum = blake3::hash(sql.as_bytes()).to_hex().to_string();
        tx.execute(
            "INSERT INTO claimtrack_schema (version, checksum) VALUES ($1, $2)",
            &[&version, &checksum],
        )?;
    }
    // The check-worthiness score of every claim whose priority was not set by hand, when the
    // newest step that recomputes it is new here (its weights changed). Writers wait (the lock
    // above), so that none still running the old release writes an old score after it.
    if WORTH_STEPS
        .last()
        .is_some_and(|step| current > 0 && current < *step)
    {
        recompute_priorities(&mut tx)?;
    }
    if desk.is_some() && upgrading {
        // Granting the group roles to each other needs CREATEROLE, which an admin's own login
        // has and the group has not: the grants are made as the admin, as `desk add-user` makes
        // them.
        tx.batch_execute("RESET ROLE; SELECT claimtrack_desk_grants()")?;
    }
    tx.commit()?;
    Ok(())
}

/// Works out again, in Rust, the priority of every claim whose priority was not set by hand,
/// ten thousand at a time.
fn recompute_priorities(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    let mut after = 0_i64;
    loop {
        let rows = tx.query(
            "SELECT id, text FROM claims WHERE priority_by IS NULL AND id > $1 ORDER BY id LIMIT 10000",
            &[&after],
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.get(0);
        let (ids, priorities): (Vec<i64>, Vec<i64>) = rows
            .iter()
            .map(|r| {
                let priority = check_worthiness(r.get::<_, &str>(1)).priority();
                (r.get::<_, i64>(0), i64::from(priority))
            })
            .unzip();
        tx.execute(
            "UPDATE claims c SET priority = v.p
               FROM unnest($1::BIGINT[], $2::BIGINT[]) AS v(id, p)
              WHERE c.id = v.id AND c.priority IS DISTINCT FROM v.p",
            &[&ids, &priorities],
        )?;
    }
}

#[cfg(test)]
mod tests {
    /// The hash of every released migration: a released file never changes.
    const RELEASED: &[(&str, &str)] = &[
        (
            "0001_schema.sql",
            "10a0aa1c50836734e82326548eae9abf25f3dcd808becf73517f53f03fb8fdbc",
        ),
        (
            "0002_desk.sql",
            "b60fe459f906541c48a1c613e67e764547b513f96ddc647a60433e8dcc0e4d17",
        ),
        (
            "0003_search_folds_accents.sql",
            "63d285ab67babd2398787ed1838f825c5ac18b2a555b0ba7b5454633acc836af",
        ),
        (
            "0004_review_title.sql",
            "c4ef8bc6d92d0f73ac4992c9d179d78539129b3c0bca524dc06dca8a947e599f",
        ),
        (
            "0005_search_keeps_common_words.sql",
            "c829932b20e1dd292939e46200e9aaa820a6c71454f551dd2408e64b3ac11c72",
        ),
        (
            "0006_loads_skip_row_triggers.sql",
            "fea4d87ceabf88382068bd4f548d16889b250516450cc2d4a66e4cc13fef7d9d",
        ),
        (
            "0007_claim_links.sql",
            "d26693635a336f501b93a22262830f4c59ded85284bb3636a536e76cbae47785",
        ),
        (
            "0008_sign_off.sql",
            "b66c3d602af08294705df9a959e46bf5cab598cb10dbec164841ae9eb6d34a86",
        ),
        (
            "0008_sign_off.sql",
            "6274a49dae86ba194ddc67f0809446a0c9a3592c3b74712802bb0b140b6069dd",
        ),
        (
            "0009_claim_language.sql",
            "b365bf770f01f7be199e7e44ac1a4e71c9dd6407c7c6ada56ce5b0359e49c2a0",
        ),
        (
            "0010_snapshots.sql",
            "ca1ae59deda9177a5bed1e7015df1e50c5a44744f4966089872f4fc9a455c45e",
        ),
        (
            "0011_fitted_worth.sql",
            "34b4e2525d74f61f867497544f410d810789c9aae86737790bcbaa4f6f08282e",
        ),
        (
            "0012_rated_by.sql",
            "2c6ae1156d8eb77f26a4e1489d9ddffada2c8a3cbb281ba9de7439c49a2b2331",
        ),
        (
            "0013_match_index.sql",
            "28f7994ad98474ee7be519ea3252a0fc4de05256cac201d8ed9b7335dc4f944c",
        ),
        (
            "0014_row_counts.sql",
            "ed606deb27c4be49d99aba87fe09abb1a71e623ae55a15f7b7856394ef5e5e3c",
        ),
    ];

    /// The checksum accepted for step 8's other released text is that text's.
    #[test]
    fn the_edited_step_is_known_by_its_text() {
        let edited =
            include_str!("../../../tests/fixtures/edited-migrations/postgres-0008_sign_off.sql");
        let hash = blake3::hash(edited.as_bytes()).to_hex().to_string();
        assert_eq!(super::EDITED, &[(8, hash.as_str())]);
        assert_ne!(
            edited,
            super::MIGRATIONS[7],
            "the fixture is the other text"
        );
    }

    /// Fitting the weights again takes a new step, so that every database's computed
    /// priorities follow them.
    #[test]
    fn the_newest_recompute_names_the_weights_compiled_in() {
        let step = *super::WORTH_STEPS.last().unwrap();
        let sql = super::MIGRATIONS[usize::try_from(step).unwrap() - 1];
        assert!(
            sql.contains(&crate::domain::weights_hash()),
            "worth_weights.tsv changed since step {step}: add a step naming its hash ({}) and \
             add its number to WORTH_STEPS",
            crate::domain::weights_hash()
        );
    }

    #[test]
    fn released_migrations_never_change() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names.len(),
            super::MIGRATIONS.len(),
            "every file is a migration"
        );
        for name in &names {
            let text = std::fs::read(format!("{folder}/{name}")).unwrap();
            crate::store::common::assert_released(
                RELEASED,
                "migrations/postgres",
                name,
                &text,
                names.len() + 1,
            );
        }
    }
}
