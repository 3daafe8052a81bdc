//! `desk`: the people on a shared PostgreSQL desk and their roles.

use std::io::{BufRead, IsTerminal, Write};

use super::{Ctx, UsageError};
use crate::cli::{DeskAction, DeskArgs, SummaryFormat};
use crate::output::{self, clean};
use crate::store::{Access, Desk, Store};

pub fn run(ctx: &Ctx, args: DeskArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let access = match args.action {
        DeskAction::Users { .. } | DeskAction::Whoami => Access::Read,
        _ => Access::Write,
    };
    let mut store = ctx.open(access)?;
    let desk = desk_of(&mut store)?;
    match args.action {
        DeskAction::AddUser {
            name,
            role,
            password,
        } => {
            let password = if password {
                Some(ask_password(&name)?)
            } else {
                None
            };
            let created = desk.add_user(&name, role, password.as_deref())?;
            let url = ctx
                .db
                .server()
                .map(|u| u.as_user(&name))
                .unwrap_or_default();
            writeln!(
                out,
                "{} {} to the desk as {}.\nThey connect with: {}",
                if created {
                    "Added"
                } else {
                    "Added the existing login"
                },
                clean(&name),
                role.with_article(),
                clean(&url)
            )?;
        }
        DeskAction::SetRole { name, role } => {
            let before = desk.set_level(&name, role)?;
            writeln!(out, "{}: {before} → {role}", clean(&name))?;
        }
        DeskAction::RemoveUser { name } => {
            let before = desk.remove_user(&name)?;
            writeln!(
                out,
                "{} ({before}) is off the desk. Their login stays on the server (DROP ROLE removes it), and their name stays in the log.",
                clean(&name)
            )?;
        }
        DeskAction::Users { format } => {
            let users = desk.users()?;
            match format.format {
                SummaryFormat::Json => output::json(out, &users)?,
                SummaryFormat::Table => {
                    let mut table = output::table(&["name", "role", "login"]);
                    for user in &users {
                        table.add_row(vec![
                            clean(&user.name),
                            user.level.to_string(),
                            if user.can_login { "yes" } else { "no" }.to_string(),
                        ]);
                    }
                    writeln!(out, "{table}")?;
                    if users.is_empty() {
                        writeln!(
                            out,
                            "No one yet besides the database's owner: claimtrack desk add-user NAME --role checker"
                        )?;
                    }
                }
            }
        }
        DeskAction::Whoami => {
            let (name, level) = desk.whoami()?;
            match level {
                Some(level) => writeln!(
                    out,
                    "{} ({}) on {}",
                    clean(&name),
                    level,
                    clean(&ctx.db.to_string())
                )?,
                None => writeln!(out, "{} is not on the desk at {}", clean(&name), ctx.db)?,
            }
        }
    }
    Ok(())
}

fn desk_of(store: &mut Store) -> Result<&mut dyn Desk, UsageError> {
    store.desk().ok_or_else(|| {
        UsageError(
            "desk: a SQLite file has no people or roles (whoever can write the file can do everything); a shared desk is a PostgreSQL database: --db postgres://USER@HOST/DB".to_string(),
        )
    })
}

/// A password for `name`, typed twice on a terminal (not shown), or one line of piped input.
fn ask_password(name: &str) -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            return Err(UsageError(
                "--password: the two passwords differ; nothing was changed".into(),
            )
            .into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        return Err(UsageError("--password: an empty password; nothing was changed".into()).into());
    }
    Ok(password)
}
