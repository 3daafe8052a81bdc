//! The people on a desk: PostgreSQL login roles, members of the database's group roles
//! (`DB_reader` ... `DB_admin`, made and granted by the schema's `claimtrack_desk_grants`).
//! Names reach SQL only through `format('%I')` / `format('%L')` on the server.

use super::{Conn, Store, on_conn};
use crate::domain::{DeskUser, Level};
use crate::store::{Result, StoreError};

/// The level `claimtrack_desk_level()` returns, as a `Level` (`None`: not on the desk).
fn level_of(n: i32) -> Option<Level> {
    usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| Level::ALL.get(i).copied())
}

/// Runs `sql` built on the server by `format(template, args...)`: roles and passwords cannot
/// be bound as parameters, so they are quoted there.
fn run_formatted(
    tx: &mut postgres::Transaction<'_>,
    template: &str,
    args: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<()> {
    let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}::TEXT")).collect();
    let sql: String = tx
        .query_one(
            &format!("SELECT format('{template}', {})", placeholders.join(", ")),
            args,
        )?
        .get(0);
    tx.batch_execute(&sql)?;
    Ok(())
}

/// The desk's group role for `level` (as a parameter: the name is the server's to quote).
const GROUP: &str = "current_database() || '_' || ";

impl Store {
    /// The role connected, and its level on the desk.
    pub fn whoami(&self) -> Result<(String, Option<Level>)> {
        if self.schema_pending.get() {
            // No desk yet: whoever makes the schema owns it.
            let row = self.query_opt("SELECT session_user::TEXT", &[])?;
            let name = row.map(|r| r.get(0)).unwrap_or_default();
            return Ok((name, Some(Level::Admin)));
        }
        let row = self.query_opt("SELECT session_user::TEXT, claimtrack_desk_level()", &[])?;
        let row = row.ok_or(StoreError::Abandoned)?;
        Ok((row.get(0), level_of(row.get(1))))
    }

    pub fn desk_users(&self) -> Result<Vec<DeskUser>> {
        let rows = self.query(
            "SELECT u.rolname::TEXT, max(array_position($1::TEXT[], substr(g.rolname, length(current_database()) + 2))),
                    bool_or(u.rolcanlogin)
               FROM pg_auth_members m
               JOIN pg_roles g ON g.oid = m.roleid
               JOIN pg_roles u ON u.oid = m.member
              WHERE g.rolname IN (SELECT current_database() || '_' || l FROM unnest($1::TEXT[]) AS l)
                AND u.rolname NOT IN (SELECT current_database() || '_' || l FROM unnest($1::TEXT[]) AS l)
              GROUP BY u.rolname ORDER BY u.rolname COLLATE \"C\"",
            &[&level_names()],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(DeskUser {
                    name: r.get(0),
                    level: level_of(r.get(1))?,
                    can_login: r.get(2),
                })
            })
            .collect())
    }

    /// Puts `name` on the desk at `level`: the login role is created when new (with the
    /// password, if one is given), and the desk's roles and grants first if need be. Returns
    /// whether the login role was created.
    pub fn add_user(&mut self, name: &str, level: Level, password: Option<&str>) -> Result<bool> {
        on_conn!(&mut *self.client.borrow_mut(), c => {
            // The desk's roles and grants first, kept even if this user is refused: a database
            // made again under the same name finds the roles of the old one, not its grants.
            c.batch_execute("SELECT claimtrack_desk_grants()")?;
            let mut tx = c.transaction()?;
            let exists = tx
                .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?
                .is_some();
            if let Some(now) = current_level(&mut tx, name)? {
                return Err(StoreError::OnDesk {
                    name: name.to_string(),
                    level: now.with_article(),
                });
            }
            // The server gets the password's SCRAM verifier, never the password itself (which
            // a statement log would keep).
            let password = password.map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
            match (exists, password.as_deref()) {
                (false, None) => run_formatted(&mut tx, "CREATE ROLE %I LOGIN", &[&name])?,
                (false, Some(p)) => {
                    run_formatted(&mut tx, "CREATE ROLE %I LOGIN PASSWORD %L", &[&name, &p])?;
                }
                (true, Some(p)) => run_formatted(&mut tx, "ALTER ROLE %I PASSWORD %L", &[&name, &p])?,
                (true, None) => {}
            }
            grant(&mut tx, name, level)?;
            tx.commit()?;
            Ok(!exists)
        })
    }

    /// Gives someone on the desk another role; the one they had.
    pub fn set_level(&mut self, name: &str, level: Level) -> Result<Level> {
        on_conn!(&mut *self.client.borrow_mut(), c => {
            let mut tx = c.transaction()?;
            let before = current_level(&mut tx, name)?
                .ok_or_else(|| StoreError::NotOnDesk(name.to_string()))?;
            revoke(&mut tx, name, before)?;
            grant(&mut tx, name, level)?;
            tx.commit()?;
            Ok(before)
        })
    }

    /// Takes someone off the desk (their login role stays: it may serve elsewhere, and the log
    /// names them); the role they had.
    pub fn remove_user(&mut self, name: &str) -> Result<Level> {
        on_conn!(&mut *self.client.borrow_mut(), c => {
            let mut tx = c.transaction()?;
            let before = current_level(&mut tx, name)?
                .ok_or_else(|| StoreError::NotOnDesk(name.to_string()))?;
            revoke(&mut tx, name, before)?;
            tx.commit()?;
            Ok(before)
        })
    }
}

fn level_names() -> Vec<&'static str> {
    Level::ALL.iter().map(|l| l.as_str()).collect()
}

/// The highest desk role `name` is a direct member of.
fn current_level(tx: &mut postgres::Transaction<'_>, name: &str) -> Result<Option<Level>> {
    let row = tx.query_one(
        &format!(
            "SELECT max(array_position($2::TEXT[], substr(g.rolname, length(current_database()) + 2)))
               FROM pg_auth_members m
               JOIN pg_roles g ON g.oid = m.roleid
               JOIN pg_roles u ON u.oid = m.member
              WHERE u.rolname = $1
                AND g.rolname IN (SELECT {GROUP} l FROM unnest($2::TEXT[]) AS l)"
        ),
        &[&name, &level_names()],
    )?;
    Ok(row.get::<_, Option<i32>>(0).and_then(level_of))
}

fn grant(tx: &mut postgres::Transaction<'_>, name: &str, level: Level) -> Result<()> {
    let group: String = tx
        .query_one(&format!("SELECT {GROUP} $1::TEXT"), &[&level.as_str()])?
        .get(0);
    run_formatted(tx, "GRANT %I TO %I", &[&group, &name])?;
    if level == Level::Admin {
        // Admins manage the desk's people: that takes creating roles.
        run_formatted(tx, "ALTER ROLE %I CREATEROLE", &[&name])?;
    }
    Ok(())
}

fn revoke(tx: &mut postgres::Transaction<'_>, name: &str, level: Level) -> Result<()> {
    for each in Level::ALL {
        let group: String = tx
            .query_one(&format!("SELECT {GROUP} $1::TEXT"), &[&each.as_str()])?
            .get(0);
        let member = tx
            .query_opt(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                   JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2",
                &[&group, &name],
            )?
            .is_some();
        if member {
            run_formatted(tx, "REVOKE %I FROM %I", &[&group, &name])?;
        }
    }
    if level == Level::Admin {
        run_formatted(tx, "ALTER ROLE %I NOCREATEROLE", &[&name])?;
    }
    Ok(())
}
