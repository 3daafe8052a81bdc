//! The settings file, `config.toml` in the platform config folder (`~/.config/claimtrack/` on
//! Linux; `CLAIMTRACK_CONFIG` names another). Flags beat environment variables beat the file.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// What the file may set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The database used when neither --db nor CLAIMTRACK_DB says.
    pub db: Option<PathBuf>,
    /// Your name in the history of changes.
    pub user: Option<String>,
    /// ClaimReview's author organisation, and its site.
    pub publisher: Option<String>,
    pub publisher_url: Option<String>,
    /// auto, always or never.
    pub color: Option<String>,
    /// How many claims a list shows when --limit is not given.
    pub limit: Option<usize>,
    /// The language of new claims when neither --language nor the input says (a BCP 47 tag).
    pub language: Option<String>,
    /// Where `archive` keeps its copies of pages (a PostgreSQL desk's shared folder).
    pub archive_dir: Option<PathBuf>,
}

/// The settings a person can name, in `config list` order.
pub const KEYS: &[&str] = &[
    "db",
    "user",
    "publisher",
    "publisher_url",
    "color",
    "limit",
    "language",
    "archive_dir",
];

/// Where the settings file is.
pub fn path() -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os("CLAIMTRACK_CONFIG") {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("", "", "claimtrack")
        .context("cannot find your home folder for the settings file; set CLAIMTRACK_CONFIG")?;
    Ok(dirs.config_dir().join("config.toml"))
}

impl Config {
    /// The settings, or none when there is no file. A file that does not parse is an error that
    /// says where.
    pub fn load() -> anyhow::Result<Config> {
        let path = path()?;
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        }
    }

    fn parse(text: &str, path: &Path) -> anyhow::Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
            anyhow::anyhow!(
                "{}{}: {}",
                path.display(),
                line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message()
            )
        })?;
        if let Some(c) = &config.color {
            check(path, "color", c)?;
        }
        if let Some(l) = &config.language {
            check(path, "language", l)?;
        }
        Ok(config)
    }

    /// A setting's value as text, if set.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<String> {
        match key {
            "db" => self
                .db
                .as_ref()
                .map(|p| crate::store::without_password(&p.display().to_string())),
            "user" => self.user.clone(),
            "publisher" => self.publisher.clone(),
            "publisher_url" => self.publisher_url.clone(),
            "color" => self.color.clone(),
            "limit" => self.limit.map(|l| l.to_string()),
            "language" => self.language.clone(),
            "archive_dir" => self.archive_dir.as_ref().map(|p| p.display().to_string()),
            _ => None,
        }
    }
}

/// Sets (or with `None`, removes) one setting in the file itself: every other line, comment and
/// value stays as written, even one that is not valid (it is that value's own error to fix).
/// Written through a temporary file, private (0600), creating the folder.
pub fn edit(key: &str, value: Option<&str>) -> anyhow::Result<PathBuf> {
    let value = value.map(str::trim);
    if let Some(v) = value {
        check(Path::new("config"), key, v)?;
    } else if !KEYS.contains(&key) {
        anyhow::bail!(not_a_setting(key));
    }
    let path = path()?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        anyhow::anyhow!(
            "{}{}: {}; fix the file first, it was not changed",
            path.display(),
            line.map(|l| format!(":{l}")).unwrap_or_default(),
            e.message()
        )
    })?;
    match value {
        Some(v) => {
            let mut new: toml_edit::Value = if key == "limit" {
                v.parse::<i64>()?.into()
            } else {
                v.into()
            };
            // The old value's spacing and trailing comment stay with the new one.
            if let Some(old) = doc.get(key).and_then(toml_edit::Item::as_value) {
                *new.decor_mut() = old.decor().clone();
            }
            doc[key] = toml_edit::Item::Value(new);
        }
        None => {
            doc.remove(key);
        }
    }
    if let Some(dir) = crate::private::parent(&path) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let temp = path.with_extension("toml.partial");
    std::io::Write::write_all(
        &mut crate::private::options()
            .create(true)
            .truncate(true)
            .open(&temp)
            .with_context(|| format!("cannot write {}", temp.display()))?,
        doc.to_string().as_bytes(),
    )
    .with_context(|| format!("cannot write {}", temp.display()))?;
    std::fs::rename(&temp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// What to say of a key that is not a setting.
#[must_use]
pub fn not_a_setting(key: &str) -> String {
    format!("'{key}' is not a setting (settings: {})", KEYS.join(", "))
}

fn check(path: &Path, key: &str, value: &str) -> anyhow::Result<()> {
    let ok = match key {
        "color" => matches!(value, "auto" | "always" | "never"),
        "limit" => value.parse::<usize>().is_ok_and(|n| n > 0),
        "publisher_url" => crate::domain::check_url(value).is_ok(),
        "language" => crate::domain::check_language(value).is_ok(),
        "db" | "user" | "publisher" | "archive_dir" => !value.is_empty(),
        _ => anyhow::bail!(not_a_setting(key)),
    };
    if ok {
        Ok(())
    } else {
        let want = match key {
            "color" => "auto, always or never",
            "limit" => "a whole number above 0",
            "publisher_url" => "an http(s) link",
            "language" => "a language code such as en, fr or pt-BR",
            _ => "a value",
        };
        anyhow::bail!("{}: {key} = '{value}' is not {want}", path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_checks_and_round_trips() {
        let c = Config::parse(
            "user = \"alice\"\nlimit = 20\ncolor = \"never\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.get("user").as_deref(), Some("alice"));
        assert_eq!(c.limit, Some(20));
        let err = Config::parse("user = \"a\"\nlimt = 3\n", Path::new("c.toml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:2: unknown field `limt`"),
            "{err}"
        );
        let err = Config::parse("color = \"pink\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("auto, always or never"), "{err}");
        assert!(check(Path::new("c"), "limit", "0").is_err());
        assert!(check(Path::new("c"), "nope", "1").is_err());
    }
}
