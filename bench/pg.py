#!/usr/bin/env python3
"""claimtrack on PostgreSQL, measured side by side in one run (bench/run.sh N --pg URL):

1. ingest of the first --claims records into a fresh database, against `psql \\copy` of the
   same rows as CSV into a bare table (target: within 8x); for scale, the claims table's own
   floor: the rows claimtrack wrote to it (search vectors already made) copied into a twin of
   it with the same indexes, without its triggers and foreign keys;
2. query commands (`db info`, `outstanding`, `list --speaker`, `show`, `search`, `speakers`,
   `stats`), each a separate process and connection, against psql running the very SQL that
   claimtrack sent for that command on the same database (target: within 1.5x, or 5 ms);
   `db info` must also take under 15 ms over a local socket.

How the reference of a query command is made: the bench database is given
`log_min_duration_statement = 0` (ALTER DATABASE, so a superuser URL is needed) for one untimed
run of the command, and the statements that run left in the server log are read back: each
executed statement (extended-protocol `execute`, or a simple-protocol `statement`), its logged
parameters written in as the literals the server logged, in the order sent, transaction control
and SET included; statements only parsed (never executed) are left out. The setting is reset
before anything is timed. The reference is then `psql -X -q -f replay.sql` with output to
/dev/null: its connection and start-up are counted, as claimtrack's are. Runs alternate between
the two; each figure is the median of --runs runs.

The server log (stderr format) is found with pg_current_logfile() (logging_collector on; read as
a file, or with pg_read_binary_file() when the server is elsewhere), or else as the postmaster's
stderr when the server runs on this machine (`pg_ctl -l FILE`); --server-log PATH names it
outright. The bench's own psql sessions log no statements (PGOPTIONS), so only claimtrack's are
read. --sql-dir DIR keeps the replay files (each statement's logged server times in comments).

URL names a server where the bench may create and drop databases (like CLAIMTRACK_TEST_PG), as a
superuser. psql is the binary itself: on Debian, /usr/bin/psql is pg_wrapper, a Perl script that
adds ~20 ms of its own, so the newest /usr/lib/postgresql/*/bin/psql is used (or --psql PATH).
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid

QUERIES = [
    ("db info", ["db", "info"]),
    ("outstanding --limit 50", ["outstanding", "--limit", "50"]),
    ("list --speaker", ["list", "--speaker", "James A. Smith", "--limit", "50"]),
    ("show ID", ["show", "500"]),
    ("search inflation", ["search", "inflation", "--limit", "50"]),
    ("speakers", ["speakers"]),
    ("stats --by month", ["stats", "--by", "month"]),
]
# What the capture run's session logs: every statement with its duration and parameters in full.
CAPTURE = [("log_min_duration_statement", "0"), ("log_statement", "none"), ("log_duration", "off")]
CAPTURE_13 = [("log_parameter_max_length", "-1")]  # PostgreSQL 13 and later
# The bench's own psql sessions (all but the timed ones) log no statements of their own.
QUIET = dict(os.environ, PGOPTIONS=(os.environ.get("PGOPTIONS", "") +
                                    " -c log_min_duration_statement=-1 -c log_statement=none").strip())


def run(cmd, env=None):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    return took


def timed(cmd, runs=1):
    return statistics.median(run(cmd) for _ in range(runs))


def database_url(url, name):
    """`url` with its database name replaced by `name` (its query kept)."""
    base, _, query = url.partition("?")
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}" + (f"?{query}" if query else "")


PSQL = "psql"


def find_psql(given):
    """psql itself: on Debian `psql` is pg_wrapper, a Perl script whose start-up (~20 ms) is not psql's."""
    if given:
        return given
    found = shutil.which("psql")
    if found and os.path.basename(os.path.realpath(found)) == "pg_wrapper":
        versions = glob.glob("/usr/lib/postgresql/*/bin/psql")
        versions.sort(key=lambda p: [int(x) if x.isdigit() else 0 for x in p.split("/")[-3].split(".")])
        if versions:
            return versions[-1]
    return found or "psql"


def psql(url, *sql):
    cmd = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *[a for s in sql for a in ("-c", s)]]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=QUIET)
    if done.returncode != 0:
        raise SystemExit(f"bench: psql {' ; '.join(sql)}: {done.stderr.strip()}")


def value(url, sql, env=QUIET):
    done = subprocess.run([PSQL, "-X", "-Atq", url, "-c", sql], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench: psql {sql}: {done.stderr.strip()}")
    return done.stdout.rstrip("\n")


class ServerLog:
    """The server's (stderr-format) log, read as a file, or with pg_read_binary_file() over `via`."""

    def __init__(self, path, via=None):
        self.path, self.via = path, via

    def size(self):
        if self.via:
            return int(value(self.via, f"SELECT size FROM pg_stat_file({quote(self.path)})"))
        return os.path.getsize(self.path)

    def read(self, offset):
        if self.via:
            size = self.size()
            data = value(self.via, f"SELECT pg_read_binary_file({quote(self.path)}, {offset}, {max(size - offset, 0)})")
            return bytes.fromhex(data[2:]).decode(errors="replace")
        with open(self.path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")


def server_log(admin, given):
    if given:
        return ServerLog(given)
    data = value(admin, "SHOW data_directory")
    current = value(admin, "SELECT pg_current_logfile('stderr')")
    if current:
        path = current if os.path.isabs(current) else os.path.join(data, current)
        return ServerLog(path) if os.access(path, os.R_OK) else ServerLog(path, via=admin)
    # No logging collector: the log is the postmaster's stderr, found if it runs on this machine.
    pid = value(admin, "SELECT split_part(pg_read_file('postmaster.pid'), E'\\n', 1)")
    try:
        if os.path.realpath(f"/proc/{pid}/cwd") == os.path.realpath(data):
            path = os.path.realpath(f"/proc/{pid}/fd/2")
            if os.path.isfile(path) and os.access(path, os.R_OK):
                return ServerLog(path)
    except OSError:
        pass
    raise SystemExit("bench: cannot find the server's log (no logging_collector, and the server's "
                     "stderr is not a file here): give it with --server-log PATH")


def quote(text):
    return "'" + text.replace("'", "''") + "'"


ENTRY = re.compile(r"^.*?\b(LOG|DETAIL|HINT|CONTEXT|STATEMENT|ERROR|WARNING|NOTICE|INFO|FATAL|PANIC|"
                   r"DEBUG\d?|LOCATION):  (.*)$", re.S)
DURATION = re.compile(r"duration: ([\d.]+) ms  (statement|parse|bind|execute)(?: ([^:]*))?: (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')(?:, |$)")


def log_entries(text):
    """(level, message) of each entry of a stderr-format log; its continuation lines start with a tab."""
    entries = []
    for line in text.split("\n"):
        if line.startswith("\t") and entries:
            entries[-1][1] += "\n" + line[1:]
        elif m := ENTRY.match(line):
            entries.append([m[1], m[2]])
    return entries


def statements(text):
    """The statements a session's log shows: dicts of kind, name, sql, params, ms (parse, bind, execute)."""
    found, last = [], None
    for level, message in log_entries(text):
        if level == "LOG" and (m := DURATION.match(message)):
            ms, kind, name, sql = float(m[1]), m[2], m[3] or "", m[4]
            # "bind s0/portal", "execute fetch from s0/portal": the statement is s0
            name = name.removeprefix("fetch from ").split("/")[0]
            last = None
            if kind == "bind" or kind == "execute":
                # of the latest statement parsed under that name, if not bound (executed) yet
                last = next((s for s in reversed(found) if s["kind"] != "statement" and s["name"] == name
                             and kind not in s["ms"]), None)
            if last is None:
                last = {"kind": "parse", "name": name, "sql": sql, "params": {}, "ms": {}}
                found.append(last)
            last["ms"][kind] = ms
            if kind != "parse" and kind != "bind":
                last["kind"] = kind
        elif level == "DETAIL" and message.lower().startswith("parameters: ") and last:
            params, rest = {}, message[len("parameters: "):]
            while rest and (m := PARAM.match(rest)):
                params[int(m[1])] = m[2]
                rest = rest[m.end():]
            last["params"] = params
        elif level == "LOG":
            last = None
    return found


def inline(sql, params):
    """`sql` with each $n outside quotes replaced by its logged literal."""
    out, i = [], 0
    while i < len(sql):
        c = sql[i]
        if c in "'\"":
            end = i + 1
            while end < len(sql):
                if sql[end] == c:
                    if sql[end + 1:end + 2] == c:
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1])
            i = end + 1
        elif c == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = len(sql) if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif c == "$" and (m := re.match(r"\$(\d+)", sql[i:])) and int(m[1]) in params:
            out.append(params[int(m[1])])
            i += m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def capture(log, admin, cmd):
    """The statements claimtrack sends when running `cmd` (logging already on for its database)."""
    start = log.size()
    run(cmd)
    marker = f"claimtrack-bench end of capture {uuid.uuid4().hex}"
    psql(admin, f"DO $$BEGIN RAISE LOG '{marker}'; END$$")
    deadline = time.monotonic() + 10
    while True:  # a logging collector writes a moment later
        text = log.read(start)
        at = text.find(f"LOG:  {marker}")
        if at >= 0:
            return statements(text[:text.rfind("\n", 0, at) + 1])
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: the end of the capture never showed in the server log {log.path}")
        time.sleep(0.05)


def replay_file(stmts):
    lines = []
    for s in stmts:
        if s["kind"] == "parse":  # parsed, never executed
            continue
        times = ", ".join(f"{k} {v:.3f} ms" for k, v in s["ms"].items())
        lines.append(f"-- {s['kind']} {s['name']}: {times}" if s["name"] else f"-- {times}")
        sql = inline(s["sql"], s["params"]).rstrip()
        lines.append(sql if sql.endswith(";") else sql + ";")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--claims", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--server-log", help="the server's log file, when the bench cannot find it")
    ap.add_argument("--sql-dir", help="keep each command's replay SQL here")
    ap.add_argument("--psql", help="the psql binary (default: psql, or the newest Debian one behind pg_wrapper)")
    opts = ap.parse_args()
    global PSQL
    PSQL = find_psql(opts.psql)
    binary = os.path.abspath(opts.bin)
    admin = database_url(opts.url, "postgres")
    if value(admin, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", env=None) != "t":
        raise SystemExit("bench: the URL must be a superuser's: claimtrack's statements are read from the "
                         "server log, with log_min_duration_statement set for its database")
    version = int(value(admin, "SHOW server_version_num"))
    log = server_log(admin, opts.server_log)
    work = tempfile.mkdtemp(prefix="claimtrack-pg-bench-")
    jsonl, csv = os.path.join(work, "claims.jsonl"), os.path.join(work, "claims.csv")
    with open(opts.jsonl) as src, open(jsonl, "w") as out:
        for i, line in enumerate(src):
            if i >= opts.claims:
                break
            out.write(line)
    with open(opts.csv) as src, open(csv, "w") as out:
        for i, line in enumerate(src):
            if i > opts.claims:
                break
            out.write(line)
    ours_db, bare_db = f"ct_bench_{os.getpid()}", f"ct_bench_bare_{os.getpid()}"
    for name in (ours_db, bare_db):
        psql(admin, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    ours_url, bare_url = database_url(opts.url, ours_db), database_url(opts.url, bare_db)
    rows = []
    try:
        ingest = timed([binary, "--db", ours_url, "ingest", jsonl])
        header = open(csv).readline().strip().split(",")
        psql(bare_url, "CREATE TABLE bare (" + ", ".join(f'"{c}" TEXT' for c in header) + ")")
        copy = timed([PSQL, "-X", "-q", bare_url, "-c", f"\\copy bare FROM '{csv}' CSV HEADER"])
        rows.append(("ingest", ingest, copy, "s", "<= 8x", copy * 8, None, "psql \\copy of the rows as CSV"))
        # What the claims table alone costs: its rows as loaded (search vectors already made)
        # copied into a twin with the same indexes, no triggers, no foreign keys.
        rows_file = os.path.join(work, "claims.bin")
        psql(ours_url, f"\\copy claims TO '{rows_file}' (FORMAT binary)",
             "CREATE TABLE bench_floor (LIKE claims INCLUDING ALL)")
        floor = timed([PSQL, "-X", "-q", ours_url, "-c", f"\\copy bench_floor FROM '{rows_file}' (FORMAT binary)"])
        psql(ours_url, "DROP TABLE bench_floor")
        rows.append(("  floor: claims alone", floor, copy, "s", "-", None, None,
                     "claims' rows, vectors made, into a twin with their indexes"))
        # claim 500, or the last before it when there are fewer
        show = value(ours_url, "SELECT max(id) FROM claims WHERE id <= 500")
        queries = [(name, ["show", show] if args[0] == "show" else args) for name, args in QUERIES]
        settings = CAPTURE + (CAPTURE_13 if version >= 130000 else [])
        captured = {}
        psql(admin, *[f"ALTER DATABASE {ours_db} SET {k} = {v}" for k, v in settings])
        try:
            for name, args in queries:
                captured[name] = capture(log, admin, [binary, "--db", ours_url, *args])
        finally:
            psql(admin, *[f"ALTER DATABASE {ours_db} RESET {k}" for k, _ in settings])
        if opts.sql_dir:
            os.makedirs(opts.sql_dir, exist_ok=True)
        for name, args in queries:
            stmts = captured[name]
            executed = [s for s in stmts if s["kind"] != "parse"]
            if not executed:
                raise SystemExit(f"bench: no statement of `{name}` showed in the server log {log.path}")
            script = os.path.join(opts.sql_dir or work, re.sub(r"\W+", "-", name).strip("-") + ".sql")
            with open(script, "w") as f:
                f.write(replay_file(stmts))
            ours_cmd = [binary, "--db", ours_url, *args]
            ref_cmd = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script, ours_url]
            run(ref_cmd)  # checks the replay runs, and warms up as the capture run did for ours
            ours, ref = [], []
            for _ in range(opts.runs):
                ours.append(run(ours_cmd))
                ref.append(run(ref_cmd))
            ours, ref = statistics.median(ours) * 1000, statistics.median(ref) * 1000
            target, limit = "<= 1.5x|+5ms", max(ref * 1.5, ref + 5)
            if name == "db info":
                target, limit = "<15ms, 1.5x|+5", min(limit, 15)
            # A statement prepared under a name (as the postgres crate's query() does) costs a round
            # trip before its bind and execute; an unnamed one may be sent with them in one.
            trips = len(executed) + sum(1 for s in stmts if "parse" in s["ms"] and s["name"] != "<unnamed>")
            counts = (len(executed), trips, sum(sum(s["ms"].values()) for s in stmts))
            rows.append((name, ours, ref, "ms", target, limit, counts,
                         f"psql -f {script}" if opts.sql_dir else "psql -f: the same statements"))
    finally:
        for name in (ours_db, bare_db):
            psql(admin, f"DROP DATABASE IF EXISTS {name}")
        shutil.rmtree(work, ignore_errors=True)
    server = value(admin, "SHOW server_version")
    print(f"claims: {opts.claims:,}   PostgreSQL {server}   machine: {os.cpu_count()} cores   "
          f"queries: median of {opts.runs} runs   psql: {PSQL}")
    print(f"{'measure':<24} {'claimtrack':>11} {'reference':>11} {'ratio':>6}  {'target':<15} {'met':<4}"
          f"{'stmts':>6} {'trips':>6} {'srv ms':>7}  reference")
    for what, ours, ref, unit, target, limit, counts, ref_name in rows:
        ratio = ours / ref if ref else float("inf")
        stmts, trips, server_ms = (f"{counts[0]}", f"~{counts[1]}", f"{counts[2]:.1f}") if counts else ("-", "-", "-")
        print(f"{what:<24} {ours:>8.2f} {unit:<2} {ref:>8.2f} {unit:<2} {ratio:>6.2f}  {target:<15} "
              f"{'-' if limit is None else 'yes' if ours <= limit else 'NO':<4}{stmts:>6} {trips:>6} {server_ms:>7}  {ref_name}")
    print("stmts: statements claimtrack executed, which psql replays (one round trip each); trips: "
          "claimtrack's round trips,\nas its log shows them (a named prepare is one more); srv ms: "
          "server time of its statements (parse, bind, execute) in the logged run")


if __name__ == "__main__":
    main()
