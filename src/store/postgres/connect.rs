//! Connecting as libpq would: the URL first, then what libpq users keep in their environment
//! (`PGSERVICE`, `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `~/.pgpass`), which the
//! postgres crate does not read itself. The environment comes from `ServerUrl::libpq`, read
//! where settings are resolved.

use std::str::FromStr;

use postgres::config::Host;
use postgres::{Client, Config, NoTls};

use crate::store::location::ServerUrl;
use crate::store::{Result, StoreError};

/// Where Debian's server listens when nothing says otherwise (libpq's built-in default there).
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

pub(super) fn client(url: &ServerUrl) -> Result<Client> {
    let config = config(url)?;
    config.connect(NoTls).map_err(|e| StoreError::Engine {
        constraint: false,
        message: format!("cannot connect to {url}: {}", plain(&e)),
    })
}

/// A connection error in one line, its cause included (the crate's own words say only "error
/// connecting to server").
pub(super) fn plain(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = cause.source();
    }
    text
}

/// The user a connection to `url` logs in as (its database role).
pub(super) fn role(url: &ServerUrl) -> Result<String> {
    Ok(config(url)?.get_user().unwrap_or_default().to_string())
}

fn config(url: &ServerUrl) -> Result<Config> {
    let env = |name: &str| url.libpq(name).map(str::to_string);
    let bad = |why: String| StoreError::Engine {
        constraint: false,
        message: format!("{url}: {why}"),
    };
    // `service=NAME` is libpq's, not the crate's: it is taken out and read here.
    let (given, service) = take_param(url.secret(), "service");
    let mut config = Config::from_str(&given).map_err(|e| bad(e.to_string()))?;
    let service = service.or_else(|| env("PGSERVICE"));
    let from_service = match &service {
        Some(name) => service_entry(url, name).map_err(bad)?,
        None => Vec::new(),
    };
    let setting = |key: &str, var: &str| -> Option<String> {
        from_service
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| env(var))
    };
    if config.get_hosts().is_empty() {
        let host = setting("host", "PGHOST").unwrap_or_else(|| DEFAULT_SOCKET_DIR.into());
        config.host(&host);
    }
    if config.get_ports().is_empty()
        && let Some(port) = setting("port", "PGPORT")
    {
        config.port(
            port.parse()
                .map_err(|_| bad(format!("port '{port}' is not a number")))?,
        );
    }
    if config.get_user().is_none() {
        let user = setting("user", "PGUSER")
            .or_else(|| whoami::username().ok())
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = setting("dbname", "PGDATABASE")
    {
        config.dbname(&db);
    }
    if config.get_password().is_none() {
        let password = setting("password", "PGPASSWORD").or_else(|| pgpass(url, &config));
        if let Some(password) = password {
            config.password(password);
        }
    }
    config.application_name("claimtrack");
    Ok(config)
}

/// `url` without its `name=` query parameter, and the parameter's value.
fn take_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some((k, v)) if k == name => {
                value = Some(v.to_string());
                false
            }
            _ => true,
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, value)
}

/// The settings of service `name` in `PGSERVICEFILE` or `~/.pg_service.conf`.
fn service_entry(
    url: &ServerUrl,
    name: &str,
) -> std::result::Result<Vec<(String, String)>, String> {
    let file = url
        .libpq("PGSERVICEFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            url.libpq("HOME")
                .map(|h| std::path::Path::new(h).join(".pg_service.conf"))
        })
        .ok_or_else(|| format!("service '{name}': no service file (PGSERVICEFILE)"))?;
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("service '{name}': cannot read {}: {e}", file.display()))?;
    let mut entries = None;
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if entries.is_some() {
                break;
            }
            if section == name {
                entries = Some(Vec::new());
            }
        } else if let (Some(found), Some((key, value))) = (entries.as_mut(), line.split_once('='))
            && !line.starts_with('#')
        {
            found.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    entries.ok_or_else(|| format!("service '{name}' is not in {}", file.display()))
}

/// The password `~/.pgpass` (or `PGPASSFILE`) holds for this host, port, database and user. As
/// libpq does, a file others can read is ignored, and a socket connection counts as localhost.
fn pgpass(url: &ServerUrl, config: &Config) -> Option<String> {
    let file = url
        .libpq("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            url.libpq("HOME")
                .map(|h| std::path::Path::new(h).join(".pgpass"))
        })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(&file).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(name) => name.clone(),
        #[cfg(unix)]
        Host::Unix(_) => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default();
    let db = config.get_dbname().unwrap_or(user);
    let wanted = [host.as_str(), &port, db, user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            (fields.len() == 5
                && fields[..4]
                    .iter()
                    .zip(wanted)
                    .all(|(f, w)| f == "*" || f == w))
            .then(|| fields[4].clone())
        })
}

/// A `.pgpass` line's fields: `:` separates, `\` escapes `:` and `\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_unescape() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:ana:pa\:ss\\word"),
            vec!["db:1", "5432", "*", "ana", r"pa:ss\word"]
        );
    }

    #[test]
    fn a_service_parameter_is_taken_out() {
        assert_eq!(
            take_param("postgres://h/db?service=desk&host=/s", "service"),
            (
                "postgres://h/db?host=/s".to_string(),
                Some("desk".to_string())
            )
        );
        assert_eq!(
            take_param("postgres://h/db?service=desk", "service"),
            ("postgres://h/db".to_string(), Some("desk".to_string()))
        );
    }
}
