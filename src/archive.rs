//! Keeping copies of the pages claims cite: fetching them over HTTP (politely: one request at a
//! time, a User-Agent that says who asks, a timeout and a size limit) and storing each response
//! as a WARC file in the archive folder, named by when it was fetched and what it holds.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use ureq::ResponseExt;

/// Who asks, in every request: a site owner who wonders can find out.
pub const USER_AGENT: &str = concat!(
    "claimtrack/",
    env!("CARGO_PKG_VERSION"),
    " (fact-check archiver; keeps a copy of pages cited as sources)"
);

/// What a server sent back.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the response came from, after redirects.
    pub final_url: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Fetched {
    #[must_use]
    pub fn content_type(&self) -> Option<String> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.clone())
    }

    /// The response as HTTP puts it on the wire: status line, headers, blank line, body. The
    /// body is as received (no encoding asked for, none undone) but no longer chunked.
    fn http_message(&self) -> Vec<u8> {
        let mut message = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason).into_bytes();
        for (name, value) in &self.headers {
            if !name.eq_ignore_ascii_case("transfer-encoding") {
                message.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
            }
        }
        message.extend_from_slice(b"\r\n");
        message.extend_from_slice(&self.body);
        message
    }
}

/// An HTTP client set up the polite way.
pub struct Fetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Fetcher {
    /// A client that, unless `allow_private`, connects to public addresses only: URLs come
    /// from the records a desk ingests, and a page on the desk's own network (a router, a
    /// cloud's metadata service at 169.254.169.254) must not end up in the archive, where
    /// everyone on the desk can read it. The check is made on each address connected to, so a
    /// redirect or a name that resolves otherwise the second time cannot get round it.
    #[must_use]
    pub fn new(timeout: Duration, max_bytes: u64, allow_private: bool) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .user_agent(USER_AGENT)
            // An error status is an answer to keep (a page taken down says 404 or 410).
            .http_status_as_error(false)
            .max_redirects(10)
            .build();
        let agent = if allow_private {
            config.into()
        } else {
            ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::new(),
                PublicOnly(ureq::unversioned::resolver::DefaultResolver::default()),
            )
        };
        Fetcher { agent, max_bytes }
    }

    /// Fetches `url`; why not, in words, when no whole response came.
    pub fn fetch(&self, url: &str) -> Result<Fetched, String> {
        let mut response = self.agent.get(url).call().map_err(|e| failure(&e))?;
        let final_url = response.get_uri().to_string();
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = match response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
        {
            Ok(body) => body,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Err(format!(
                    "larger than {} MB (--max-size): not kept",
                    self.max_bytes.div_ceil(1_000_000)
                ));
            }
            Err(e) => return Err(failure(&e)),
        };
        Ok(Fetched {
            final_url,
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            headers,
            body,
        })
    }
}

/// A resolver that keeps public addresses only (see `Fetcher::new`).
#[derive(Debug)]
struct PublicOnly(ureq::unversioned::resolver::DefaultResolver);

/// What a fetch refused for its address says.
const PRIVATE: &str = "refused: a private or local address (--allow-private fetches it)";

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let mut addrs = self.0.resolve(uri, config, timeout)?;
        let public: Vec<std::net::SocketAddr> = addrs
            .iter()
            .copied()
            .filter(|a| is_public(a.ip()))
            .collect();
        if public.is_empty() {
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                PRIVATE,
            )));
        }
        addrs.truncate(0);
        for addr in public {
            addrs.push(addr);
        }
        Ok(addrs)
    }
}

/// Whether an address is on the public internet: not loopback, private, link-local, shared
/// (carrier-grade NAT), unspecified, broadcast or multicast, in IPv4 or IPv6.
fn is_public(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || a == 100 && (b & 0xc0) == 64)
        }
        std::net::IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            match v6.to_ipv4_mapped() {
                Some(v4) => is_public(std::net::IpAddr::V4(v4)),
                None => {
                    !(v6.is_loopback()
                        || v6.is_unspecified()
                        || v6.is_multicast()
                        || (first & 0xfe00) == 0xfc00
                        || (first & 0xffc0) == 0xfe80)
                }
            }
        }
    }
}

/// A failed request in a few words.
fn failure(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        other => other.to_string(),
    }
}

/// The lowercase hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// An archive folder: WARC files under `YEAR/MONTH/`, named by fetch time and body hash.
pub struct Archive {
    pub dir: PathBuf,
}

impl Archive {
    /// Stores `fetched` as a WARC response record (gzip-compressed, as `.warc.gz` files are) and
    /// returns its path relative to the folder and the SHA-256 of its body. Written beside and
    /// renamed, so a file there is always whole. The folders follow the umask, not private: a
    /// desk shares them.
    pub fn store(
        &self,
        url: &str,
        fetched: &Fetched,
        at: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<(String, String)> {
        let sha256 = sha256_hex(&fetched.body);
        let folder = at.format("%Y/%m").to_string();
        let stem = format!("{}-{}", at.format("%Y%m%dT%H%M%SZ"), &sha256[..12]);
        let dir = self.dir.join(&folder);
        std::fs::create_dir_all(&dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        let mut name = format!("{stem}.warc.gz");
        let mut n = 1;
        while dir.join(&name).exists() {
            n += 1;
            name = format!("{stem}-{n}.warc.gz");
        }
        let record = warc::RecordBuilder::default()
            .version("1.1".to_string())
            .warc_type(warc::RecordType::Response)
            .date(at)
            .header(warc::WarcHeader::TargetURI, fetched.final_url.as_bytes())
            .header(
                warc::WarcHeader::ContentType,
                "application/http; msgtype=response",
            )
            .header(
                warc::WarcHeader::PayloadDigest,
                format!("sha256:{sha256}").into_bytes(),
            )
            .header(
                warc::WarcHeader::Unknown("WARC-Claimtrack-Cited-URI".into()),
                url.as_bytes(),
            )
            .body(fetched.http_message())
            .build()
            .map_err(|e| anyhow::anyhow!("cannot make a WARC record of {url}: {e}"))?;
        let temp = dir.join(format!(".{name}.partial"));
        let written = (|| -> std::io::Result<()> {
            let file = std::fs::File::create(&temp)?;
            let gzip = libflate::gzip::Encoder::new(file)?;
            let mut writer = warc::WarcWriter::new(BufWriter::new(WholeWrites(gzip)));
            writer.write(&record)?;
            let WholeWrites(gzip) = writer
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            gzip.finish().into_result()?.sync_all()?;
            std::fs::rename(&temp, dir.join(&name))
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            anyhow::bail!("cannot write {}: {e}", dir.join(&name).display());
        }
        Ok((format!("{folder}/{name}"), sha256))
    }

    /// The body of the response stored at `path` (relative to the folder), as fetched.
    pub fn body(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        let file = self.file(path)?;
        let reader = warc::WarcReader::from_path_gzip(&file)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
        let record = reader
            .iter_records()
            .next()
            .ok_or_else(|| anyhow::anyhow!("{} holds no WARC record", file.display()))?
            .map_err(|e| anyhow::anyhow!("{} is not a readable WARC file: {e}", file.display()))?;
        let block = record.body();
        let head_end = memchr::memmem::find(block, b"\r\n\r\n")
            .ok_or_else(|| anyhow::anyhow!("{} holds no HTTP response", file.display()))?;
        Ok(block[head_end + 4..].to_vec())
    }

    /// Where a stored path is; a path that would lead out of the folder is refused.
    pub fn file(&self, path: &str) -> anyhow::Result<PathBuf> {
        let relative = Path::new(path);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            anyhow::bail!("snapshot path {path:?} leads out of the archive folder");
        }
        Ok(self.dir.join(relative))
    }
}

/// A writer whose every `write` writes it all: the WARC writer uses `write`, not `write_all`.
struct WholeWrites<W>(W);

impl<W: Write> Write for WholeWrites<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The archive folder beside a SQLite database file: `claims.db.archive`.
#[must_use]
pub fn beside(db: &Path) -> PathBuf {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".archive");
    PathBuf::from(dir)
}

/// Copies the files of `from` missing from `to` (an archive's files never change, so a file of
/// the same name is the same file); how many it copied.
pub fn copy_missing(from: &Path, to: &Path) -> std::io::Result<usize> {
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copied += copy_missing(&entry.path(), &target)?;
        } else if !target.exists() && !entry.file_name().to_string_lossy().starts_with('.') {
            std::fs::copy(entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_fetched_unless_allowed() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn a_response_is_stored_as_a_warc_record_and_read_back_as_fetched() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive {
            dir: dir.path().to_path_buf(),
        };
        let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let fetched = Fetched {
            final_url: "https://example.org/a".into(),
            status: 200,
            reason: "OK".into(),
            headers: vec![("Content-Type".into(), "application/octet-stream".into())],
            body: body.clone(),
        };
        let at = chrono::DateTime::parse_from_rfc3339("2025-08-20T10:00:00Z")
            .unwrap()
            .to_utc();
        let (path, hash) = archive
            .store("https://example.org/a", &fetched, at)
            .unwrap();
        assert_eq!(hash, sha256_hex(&body));
        assert!(path.starts_with("2025/08/20250820T100000Z-"), "{path}");
        assert_eq!(archive.body(&path).unwrap(), body, "a body of 3 MB, whole");
        let (again, _) = archive
            .store("https://example.org/a", &fetched, at)
            .unwrap();
        assert_ne!(again, path, "a second copy never overwrites the first");
        assert!(archive.file("../etc/passwd").is_err());
        assert!(archive.file("/etc/passwd").is_err());
    }
}
