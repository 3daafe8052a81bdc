//! Files and folders private to the user (0600 and 0700): unpublished fact-checks are
//! sensitive. One place for the database, its lock, exports, backups and the settings file.

use std::fs::{DirBuilder, OpenOptions};
use std::path::{Path, PathBuf};

/// Options that open a file for writing, created private when it is created.
#[must_use]
pub fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `dir` and its parents, private to the user; nothing when it exists.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The folder `path` is in, when it names one (`claims.db` alone is in the working folder).
#[must_use]
pub fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
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
