//! The database's files on disk: creating one privately, removing one a command made for
//! nothing, and saying why a folder cannot be made.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// Removes a database and its log files: one just created for a command that then wrote nothing.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-load.lock"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = fs::remove_file(file);
    }
}

/// The nearest existing ancestor folder of `path` that is in fact a file: why a folder cannot be
/// made there.
#[must_use]
pub fn file_in_the_way(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        .filter(|a| !a.is_dir())
        .map(Path::to_path_buf)
}

/// Creates the database file and its folders, private to the user: unpublished fact-checks are
/// sensitive. SQLite gives its -wal and -shm files the same permissions.
pub(super) fn create_private_file(path: &Path) -> Result<()> {
    let fail = |e: std::io::Error| StoreError::Create {
        path: path.to_path_buf(),
        why: match file_in_the_way(path) {
            Some(file) => format!("{} is a file, not a folder", file.display()),
            None => e.to_string(),
        },
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(parent).map_err(fail)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        // Another process created it first: fine, SQLite takes it from here.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(drop).map_err(fail),
    }
}
