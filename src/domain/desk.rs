//! A shared desk's roles, and which one each command needs. On PostgreSQL the database enforces
//! them (grants and the schema's `claimtrack_desk_rules`); claimtrack checks first, to say so
//! plainly. On a SQLite file there are no roles: whoever can write the file may do everything.

use std::fmt;

/// What a person on a desk may do; each level may do everything the ones below it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reads everything.
    Reader,
    /// Adds, rates, notes, tags, edits, assigns, sets due dates, ingests; undoes their own work.
    Checker,
    /// Also deletes, merges speakers, sets priorities, and undoes anyone's operations.
    Editor,
    /// Also manages the desk's people, and upgrades the schema.
    Admin,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Reader, Level::Checker, Level::Editor, Level::Admin];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Reader => "reader",
            Level::Checker => "checker",
            Level::Editor => "editor",
            Level::Admin => "admin",
        }
    }

    /// "a reader", "an editor".
    #[must_use]
    pub fn with_article(self) -> String {
        let article = if matches!(self, Level::Editor | Level::Admin) {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.as_str())
    }

    /// Who to ask for what needs `self`: those who may do it.
    #[must_use]
    pub fn who_to_ask(self) -> &'static str {
        if self == Level::Admin {
            "ask an admin"
        } else {
            "ask an editor or admin"
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown role {s:?}: use reader, checker, editor or admin"))
    }
}

/// Someone on a desk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeskUser {
    pub name: String,
    pub level: Level,
    /// Whether the role may connect (a group role may be a member too).
    pub can_login: bool,
}

/// The least role each command needs on a desk, by its name as typed ("speaker merge"); a
/// command that is not listed reads.
pub const COMMAND_LEVELS: &[(&str, Level)] = &[
    ("add", Level::Checker),
    ("verify", Level::Checker),
    ("dispute", Level::Checker),
    ("review", Level::Checker),
    ("reopen", Level::Checker),
    ("status", Level::Checker),
    ("note", Level::Checker),
    ("done", Level::Checker),
    ("edit", Level::Checker),
    ("evidence", Level::Checker),
    ("tag", Level::Checker),
    ("link", Level::Checker),
    ("unlink", Level::Checker),
    ("adopt", Level::Checker),
    ("assign", Level::Checker),
    ("unassign", Level::Checker),
    ("due", Level::Checker),
    ("ingest", Level::Checker),
    ("speaker alias", Level::Checker),
    ("speaker kind", Level::Checker),
    ("speaker rename", Level::Checker),
    ("archive", Level::Checker),
    ("undo", Level::Checker),
    ("redo", Level::Checker),
    ("delete", Level::Editor),
    ("priority", Level::Editor),
    ("approve", Level::Editor),
    ("publish", Level::Editor),
    ("unpublish", Level::Editor),
    ("speaker merge", Level::Editor),
    ("restore", Level::Admin),
    ("db vacuum", Level::Admin),
    ("desk add-user", Level::Admin),
    ("desk set-role", Level::Admin),
    ("desk remove-user", Level::Admin),
];

/// The least role `command` needs.
#[must_use]
pub fn command_level(command: &str) -> Level {
    COMMAND_LEVELS
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(Level::Reader, |(_, level)| *level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_named() {
        assert!(Level::Reader < Level::Checker && Level::Editor < Level::Admin);
        assert_eq!("Editor".parse::<Level>(), Ok(Level::Editor));
        assert!("boss".parse::<Level>().is_err());
        assert_eq!(Level::Admin.with_article(), "an admin");
        assert_eq!(command_level("speaker merge"), Level::Editor);
        assert_eq!(command_level("list"), Level::Reader);
    }
}
