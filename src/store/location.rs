//! Where the database is: a SQLite file (the default), or a PostgreSQL server given by URL.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

/// URL schemes claimtrack knows, and the engine each selects.
const SCHEMES: &[&str] = &["postgres", "postgresql"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(ServerUrl),
}

/// A PostgreSQL URL, and the libpq settings of the environment it is used in (`PGPASSWORD`,
/// `PGSERVICE`, `HOME` for `~/.pgpass`...). Its password (if any) is never shown: `Display`
/// leaves it out.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl(String, std::collections::BTreeMap<String, String>);

/// The environment variables a connection reads, as libpq would.
pub const LIBPQ_VARIABLES: &[&str] = &[
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
    "HOME",
];

impl ServerUrl {
    /// The URL as given, password included: only for connecting.
    #[must_use]
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// A libpq setting of the environment (one of `LIBPQ_VARIABLES`).
    #[must_use]
    pub fn libpq(&self, name: &str) -> Option<&str> {
        self.1.get(name).map(String::as_str)
    }
}

impl Location {
    /// The same location, with the environment's libpq settings for a server.
    #[must_use]
    pub fn with_libpq(self, lookup: impl Fn(&str) -> Option<String>) -> Location {
        match self {
            Location::Postgres(ServerUrl(url, _)) => {
                let env = LIBPQ_VARIABLES
                    .iter()
                    .filter_map(|name| lookup(name).map(|v| ((*name).to_string(), v)))
                    .collect();
                Location::Postgres(ServerUrl(url, env))
            }
            file @ Location::File(_) => file,
        }
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&without_password(&self.0))
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerUrl({self})")
    }
}

/// `scheme://user:secret@host/db` → `scheme://user@host/db`; a `password=` query parameter goes
/// too. The credentials end at the first `@`, wherever it is, as the postgres crate reads them
/// (a password may hold `/`, `?` or `#`). Anything else is returned as it is: safe to print.
#[must_use]
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (user, after) = match rest.split_once('@') {
        Some((credentials, after)) => {
            let user = credentials.split_once(':').map_or(credentials, |(u, _)| u);
            (format!("{user}@"), after)
        }
        None => (String::new(), rest),
    };
    let after = match after.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| {
                    let key = p.split_once('=').map_or(*p, |(k, _)| k);
                    !percent_decoded(key).eq_ignore_ascii_case("password")
                })
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => after.to_string(),
    };
    format!("{scheme}://{user}{after}")
}

/// `%77` → `w`: a URL's query key as the server reads it.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = text
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Location {
    /// A `--db` value: a URL of a scheme claimtrack knows, else a file path. Any other
    /// `scheme://` is refused, naming the ones it knows.
    pub fn parse(value: &OsStr) -> Result<Location, String> {
        let Some(text) = value.to_str() else {
            return Ok(Location::File(PathBuf::from(value)));
        };
        let Some((scheme, _)) = text.split_once("://") else {
            return Ok(Location::File(PathBuf::from(value)));
        };
        let is_scheme = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !is_scheme {
            return Ok(Location::File(PathBuf::from(value)));
        }
        if SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
            return Ok(Location::Postgres(ServerUrl(
                text.to_string(),
                std::collections::BTreeMap::new(),
            )));
        }
        Err(format!(
            "{}: claimtrack does not know the scheme '{scheme}://'; give a file path (SQLite) or \
             postgres://USER@HOST:PORT/DB (also postgresql://)",
            without_password(text)
        ))
    }

    /// The server, if that is where the database is.
    #[must_use]
    pub fn server(&self) -> Option<&ServerUrl> {
        match self {
            Location::Postgres(url) => Some(url),
            Location::File(_) => None,
        }
    }

    /// The SQLite file, if that is where the database is.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }

    /// Whether there is a database to read. A server is asked when opened.
    #[must_use]
    pub fn exists(&self) -> bool {
        match self {
            Location::File(path) => path.exists(),
            Location::Postgres(_) => true,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => write!(f, "{url}"),
        }
    }
}

impl ServerUrl {
    /// The URL (without its password) as `user` would connect with it.
    #[must_use]
    pub fn as_user(&self, user: &str) -> String {
        let shown = self.to_string();
        let Some((scheme, rest)) = shown.split_once("://") else {
            return shown;
        };
        let host_at = rest.find(['/', '?']).unwrap_or(rest.len());
        let rest = match rest[..host_at].rfind('@') {
            Some(at) => &rest[at + 1..],
            None => rest,
        };
        let user: String = user
            .chars()
            .map(|c| match c {
                '@' | ':' | '/' | '?' | '#' | '%' | ' ' => format!("%{:02X}", c as u32),
                c => c.to_string(),
            })
            .collect();
        format!("{scheme}://{user}@{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Location, String> {
        Location::parse(OsStr::new(s))
    }

    #[test]
    fn urls_choose_the_engine_and_paths_stay_files() {
        assert!(matches!(
            parse("postgres://ana@db/desk"),
            Ok(Location::Postgres(_))
        ));
        assert!(matches!(
            parse("PostgreSQL://ana@db/desk"),
            Ok(Location::Postgres(_))
        ));
        assert_eq!(
            parse("claims.db"),
            Ok(Location::File(PathBuf::from("claims.db")))
        );
        assert_eq!(
            parse("./odd://name.db"),
            Ok(Location::File(PathBuf::from("./odd://name.db")))
        );
        let refused = parse("mysql://root:hunter2@db/x").unwrap_err();
        assert!(refused.contains("'mysql://'") && refused.contains("postgres://"));
        assert!(!refused.contains("hunter2"), "{refused}");
    }

    #[test]
    fn passwords_are_never_shown() {
        for (given, shown) in [
            (
                "postgres://ana:s3cret@host:5432/desk",
                "postgres://ana@host:5432/desk",
            ),
            ("postgres://ana:s3cret@host", "postgres://ana@host"),
            (
                "postgres://ana@localhost/desk?host=/tmp&password=s3cret",
                "postgres://ana@localhost/desk?host=/tmp",
            ),
            (
                "postgresql://host/desk?password=x",
                "postgresql://host/desk",
            ),
            ("postgres://ana@host/desk", "postgres://ana@host/desk"),
            // The credentials end at the first @, whatever comes before it.
            ("postgres://ana:pa/ss@db/desk", "postgres://ana@db/desk"),
            ("postgres://ana:p?a#s@db/desk", "postgres://ana@db/desk"),
            (
                "postgres://h/desk?pass%77ord=x&host=/s",
                "postgres://h/desk?host=/s",
            ),
            ("postgres://h/desk?PASSWORD=x", "postgres://h/desk"),
        ] {
            let Ok(Location::Postgres(url)) = parse(given) else {
                panic!("{given}")
            };
            assert_eq!(url.to_string(), shown);
            assert_eq!(format!("{url:?}"), format!("ServerUrl({shown})"));
        }
    }
}
