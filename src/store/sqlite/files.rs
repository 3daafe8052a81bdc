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
/// Beside it, `NAME.alive` is locked while the command runs, so a copy left by a killed dry run
/// (its lock gone with its process) is swept away by the next one.
pub(super) struct Scratch {
    path: std::path::PathBuf,
    alive: std::path::PathBuf,
    _lock: fs::File,
}

const SCRATCH_PREFIX: &str = ".claimtrack-dry-run-";

impl Scratch {
    /// A new empty file beside `near` (the same disk, which has room for a copy of it), or in the
    /// temp folder when that cannot be written.
    pub(super) fn beside(near: &Path) -> Result<Scratch> {
        let folder = near
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let fail = |e: std::io::Error| StoreError::Create {
            path: folder.join(format!("{SCRATCH_PREFIX}*.db")),
            why: e.to_string(),
        };
        let make = |dir: &Path| -> std::io::Result<Scratch> {
            sweep(dir);
            let alive = tempfile::Builder::new()
                .prefix(SCRATCH_PREFIX)
                .suffix(".alive")
                .tempfile_in(dir)?;
            let (lock, alive) = alive.keep().map_err(|e| e.error)?;
            lock.lock()?;
            let path = alive.with_extension("db");
            private::options().create_new(true).open(&path)?;
            Ok(Scratch {
                path,
                alive,
                _lock: lock,
            })
        };
        make(folder)
            .or_else(|_| make(&std::env::temp_dir()))
            .map_err(fail)
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        remove_database(&self.path);
        let _ = fs::remove_file(&self.alive);
    }
}

/// Removes the copies killed dry runs left in `dir`: those whose `.alive` lock no one holds.
fn sweep(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(SCRATCH_PREFIX) && name.ends_with(".alive")) {
            continue;
        }
        let Ok(file) = fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            remove_database(&path.with_extension("db"));
            let _ = fs::remove_file(&path);
        }
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
