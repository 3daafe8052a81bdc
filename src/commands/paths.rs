//! Files a command writes besides the database (-o, --rejects, backups, man pages): never the
//! database, its logs or an input; created private (0600); a FIFO, device or symlink written
//! through, never replaced.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{Ctx, UsageError};

/// The files SQLite keeps beside a database.
const DATABASE_SUFFIXES: &[&str] = &["", "-wal", "-shm", "-journal", "-load.lock"];

/// Where `path` points once its folder and any symlink are resolved; as given when the folder
/// does not exist yet.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

impl Ctx {
    /// Refuses an output path that is the database, one of its files, or one of `inputs`
    /// (writing there would destroy what the command reads), or that lies under a file.
    pub fn check_output(
        &self,
        flag: &str,
        path: &Path,
        inputs: &[PathBuf],
    ) -> Result<(), UsageError> {
        if let Some(file) = crate::private::file_in_the_way(path) {
            return Err(UsageError(format!(
                "{flag} {}: {} is a file, not a folder",
                path.display(),
                file.display()
            )));
        }
        let target = resolved(path);
        let database = self.db.file().into_iter().flat_map(|db| {
            DATABASE_SUFFIXES.iter().map(move |suffix| {
                let mut file = db.as_os_str().to_owned();
                file.push(suffix);
                (PathBuf::from(file), "the database")
            })
        });
        let clash = database
            .chain(inputs.iter().map(|i| (i.clone(), "an input")))
            .find(|(other, _)| {
                resolved(other) == target || same_file::is_same_file(path, other).unwrap_or(false)
            });
        match clash {
            Some((other, what)) => Err(UsageError(format!(
                "{flag} {}: is {what} ({}); give another file",
                path.display(),
                other.display()
            ))),
            None => Ok(()),
        }
    }
}

/// Creates `path` for writing, private to the user; `create_new` fails if it exists.
pub fn create_private(path: &Path, create_new: bool) -> std::io::Result<File> {
    let mut options = crate::private::options();
    if create_new {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    options.open(path)
}

/// Writes `path` through a temporary file renamed into place, so a failed export never leaves
/// a half-written file where a good one was. A FIFO or device is written straight through, and
/// a symlink's target is replaced, never the link.
pub fn write_whole(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        if meta.is_dir() {
            anyhow::bail!("cannot write {}: it is a folder", path.display());
        }
        let mut out = BufWriter::new(
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(cannot)?,
        );
        f(&mut out)?;
        return out.flush().map_err(cannot);
    }
    let path = &resolved(path);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // A file of that name left by a killed run is ours to replace; one planted by someone else
    // (a symlink in a shared folder) is removed, never written through.
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        let mut file = BufWriter::new(create_private(&temp, true).map_err(cannot)?);
        f(&mut file)?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temp, path).map_err(cannot)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
