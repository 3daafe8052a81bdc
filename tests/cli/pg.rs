//! A throwaway PostgreSQL for the tests: `CLAIMTRACK_TEST_PG=URL` (a server where the tests may
//! create databases), or else a cluster of our own started from the machine's `initdb` (a temp
//! data folder and socket folder, no TCP; as the `postgres` user when we are root, since initdb
//! refuses root), stopped and removed when dropped. `CLAIMTRACK_REQUIRE_PG=1` makes a missing
//! PostgreSQL a failure instead of a skip.
//!
//! The PostgreSQL pass of the suite (`CLAIMTRACK_TEST_ENGINE=postgres`, see `tests/on-postgres.sh`)
//! shares one server, `shared()`, among all the tests of a process: `CLAIMTRACK_TEST_PG` names it
//! (a cluster per test would be too slow where each test is a process of its own, as under
//! nextest), and its role must be able to create roles (it makes a login role for each name a
//! test acts as) and databases (one per `Env`, dropped with it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use tempfile::TempDir;

pub struct Server {
    /// `postgres://USER@localhost:PORT/` plus `?host=SOCKET` for our own cluster.
    base: String,
    query: String,
    own: Option<Cluster>,
    made: std::sync::Mutex<Vec<String>>,
}

struct Cluster {
    dir: TempDir,
    bin: PathBuf,
    as_postgres: bool,
}

impl Server {
    /// A server to test on, or `None` (having said why on stderr) when this machine has none.
    pub fn start() -> Option<Server> {
        let required = std::env::var_os("CLAIMTRACK_REQUIRE_PG").is_some_and(|v| v == "1");
        let server = match std::env::var("CLAIMTRACK_TEST_PG") {
            Ok(url) => Ok(Server::given(&url)),
            Err(_) => Server::own(),
        };
        match server {
            Ok(server) => Some(server),
            Err(why) if required => panic!("CLAIMTRACK_REQUIRE_PG=1 but {why}"),
            Err(why) => {
                eprintln!(
                    "PostgreSQL half skipped: {why}. Install PostgreSQL (Debian: apt install \
                     postgresql) or set CLAIMTRACK_TEST_PG=postgres://USER@HOST/DB to run it."
                );
                None
            }
        }
    }

    fn given(url: &str) -> Server {
        let (base, query) = match url.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (url, String::new()),
        };
        // Up to the database name: the tests make databases of their own beside it.
        let base = match base.rfind('/') {
            Some(at) if at > "postgres://".len() => &base[..=at],
            _ => base,
        };
        Server {
            base: base.to_string(),
            query,
            own: None,
            made: std::sync::Mutex::default(),
        }
    }

    fn own() -> Result<Server, String> {
        let bin = find_bin().ok_or("no initdb found on this machine")?;
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("claimtrack-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let (data, socket) = (dir.path().join("data"), dir.path().join("socket"));
        std::fs::create_dir(&socket).map_err(|e| e.to_string())?;
        if as_postgres {
            // The server runs as postgres: it needs to reach its folders.
            for path in [dir.path(), socket.as_path()] {
                run(Command::new("chown").arg("postgres").arg(path))?;
            }
            run(Command::new("chmod").arg("755").arg(dir.path()))?;
        }
        let cluster = Cluster {
            dir,
            bin,
            as_postgres,
        };
        cluster.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-U".as_ref(),
                "claimtrack".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--locale=C.UTF-8".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        let options = format!(
            "-k {} -c listen_addresses= -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            socket.display()
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                cluster.dir.path().join("log").as_os_str(),
                "-o".as_ref(),
                options.as_ref(),
                "-w".as_ref(),
                "start".as_ref(),
            ],
        )?;
        Ok(Server {
            base: "postgres://claimtrack@localhost:5432/".into(),
            query: format!("?host={}", socket.display()),
            own: Some(cluster),
            made: std::sync::Mutex::default(),
        })
    }

    /// A new empty database; its URL.
    pub fn database(&self) -> String {
        let name = self.create_database();
        self.made.lock().unwrap().push(name.clone());
        self.url_of(&name)
    }

    /// A new empty database, dropped with the value returned (for the shared server, which is
    /// never dropped itself).
    pub fn scratch(&'static self) -> Database {
        Database {
            name: self.create_database(),
            server: self,
        }
    }

    fn create_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "ct_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        self.admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        name
    }

    fn url_of(&self, name: &str) -> String {
        format!("{}{name}{}", self.base, self.query)
    }

    fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.url_of("postgres"), postgres::NoTls)
            .expect("connect to the test server")
    }

    /// Makes `name` a login role that may do anything (once per process; a role that another
    /// process made first is fine).
    pub fn role(&self, name: &str) {
        static MADE: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
        let mut made = MADE.lock().unwrap();
        if made.contains(name) {
            return;
        }
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        let mut admin = self.admin();
        if let Err(e) = admin.batch_execute(&format!("CREATE ROLE {quoted} LOGIN SUPERUSER")) {
            let exists = admin
                .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
                .unwrap()
                .is_some();
            assert!(exists, "CREATE ROLE {quoted}: {e}");
        }
        made.insert(name.to_string());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.own.is_none()
            && let Ok(mut admin) = postgres::Client::connect(
                &format!("{}postgres{}", self.base, self.query),
                postgres::NoTls,
            )
        {
            for name in self.made.lock().unwrap().iter() {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A database of the shared server, dropped when this is.
pub struct Database {
    name: String,
    server: &'static Server,
}

impl Database {
    pub fn url(&self) -> String {
        self.server.url_of(&self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Commands of a test may still be connected (one it killed, say): they go too.
        let _ = self.server.admin().batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// The server the PostgreSQL pass of the suite runs on: `CLAIMTRACK_TEST_PG`, one for the
/// whole process.
pub fn shared() -> &'static Server {
    static SHARED: OnceLock<Server> = OnceLock::new();
    SHARED.get_or_init(|| {
        let url = std::env::var("CLAIMTRACK_TEST_PG").expect(
            "CLAIMTRACK_TEST_ENGINE=postgres needs a server in CLAIMTRACK_TEST_PG=URL: \
             tests/on-postgres.sh starts one and sets both",
        );
        Server::given(&url)
    })
}

/// `url` connecting as `role` instead of the role it names.
pub fn as_role(url: &str, role: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let rest = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}@{rest}")
}

impl Cluster {
    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        run(cmd.args(args))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                self.dir.path().join("data").as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "stop".as_ref(),
            ],
        );
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The folder with `initdb` and `pg_ctl`: on the PATH, else Debian's newest.
fn find_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("initdb").is_file())
            .collect();
        versions.sort_by_key(|p| {
            p.parent()
                .and_then(Path::file_name)
                .and_then(|v| v.to_str()?.parse::<u32>().ok())
        });
        versions.pop()
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
