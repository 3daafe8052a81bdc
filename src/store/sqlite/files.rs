//! The database's files on disk: creating one privately, and removing one a command made for
//! nothing.

use std::fs;
use std::path::Path;

use super::{Result, StoreError};
use crate::private;

/// Removes a database and its log files: one just created for a command that then wrote nothing.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-load.lock"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = fs::remove_file(file);
    }
}

/// A database made for one command and removed with its log files when dropped: a dry run's copy.
pub(super) struct Scratch(std::path::PathBuf);

impl Scratch {
    /// A new empty file beside `near` (the same disk, which has room for a copy of it), or in the
    /// temp folder when that cannot be written.
    pub(super) fn beside(near: &Path) -> Result<Scratch> {
        let folder = near
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let named = |builder: &mut tempfile::Builder| -> std::io::Result<std::path::PathBuf> {
            builder.prefix(".claimtrack-dry-run-").suffix(".db");
            Ok(builder
                .tempfile_in(folder)
                .or_else(|_| builder.tempfile())?
                .into_temp_path()
                .keep()?)
        };
        named(&mut tempfile::Builder::new())
            .map(Scratch)
            .map_err(|e| StoreError::Create {
                path: folder.join(".claimtrack-dry-run-*.db"),
                why: e.to_string(),
            })
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        remove_database(&self.0);
    }
}

/// Creates the database file and its folders, private to the user: unpublished fact-checks are
/// sensitive. SQLite gives its -wal and -shm files the same permissions.
pub(super) fn create_private_file(path: &Path) -> Result<()> {
    let fail = |e: std::io::Error| StoreError::Create {
        path: path.to_path_buf(),
        why: match private::file_in_the_way(path) {
            Some(file) => format!("{} is a file, not a folder", file.display()),
            None => e.to_string(),
        },
    };
    if let Some(parent) = private::parent(path) {
        private::create_dir(parent).map_err(fail)?;
    }
    match private::options().create_new(true).open(path) {
        // Another process created it first: fine, SQLite takes it from here.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(drop).map_err(fail),
    }
}
