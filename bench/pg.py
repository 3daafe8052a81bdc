#!/usr/bin/env python3
"""claimtrack on PostgreSQL, measured side by side in one run (bench/run.sh N --pg URL):

1. ingest of the first --claims records into a fresh database, against `psql \\copy` of the
   same rows as CSV into a bare table (target: within 8x);
2. query commands, each a separate process and connection, against the same commands on a
   SQLite file holding the same claims (the engines compared; psql running claimtrack's own
   statements is still to come);
3. `db info` (target: under 15 ms over a local socket).

URL names a server where the bench may create and drop databases (like CLAIMTRACK_TEST_PG).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def timed(cmd, runs=1):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def database_url(url, name):
    """`url` with its database name replaced by `name` (its query kept)."""
    base, _, query = url.partition("?")
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}" + (f"?{query}" if query else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--claims", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=9)
    opts = ap.parse_args()
    binary = os.path.abspath(opts.bin)
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
    admin = database_url(opts.url, "postgres")
    ours_db, bare_db = f"ct_bench_{os.getpid()}", f"ct_bench_bare_{os.getpid()}"
    psql = lambda url, *sql: subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, *[a for s in sql for a in ("-c", s)]],
                                            check=True, stdout=subprocess.DEVNULL)
    for name in (ours_db, bare_db):
        psql(admin, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    ours_url, bare_url = database_url(opts.url, ours_db), database_url(opts.url, bare_db)
    rows = []
    try:
        ingest = timed([binary, "--db", ours_url, "ingest", jsonl])
        header = open(csv).readline().strip().split(",")
        psql(bare_url, "CREATE TABLE bare (" + ", ".join(f'"{c}" TEXT' for c in header) + ")")
        copy = timed(["psql", "-q", bare_url, "-c", f"\\copy bare FROM '{csv}' CSV HEADER"])
        rows.append(("ingest (s)", ingest, copy, "psql \\copy (CSV)", "s", "<= 8"))
        file_db = os.path.join(work, "claims.db")
        subprocess.run([binary, "--db", file_db, "ingest", jsonl], check=True, stdout=subprocess.DEVNULL)
        queries = [
            ("db info", ["db", "info"], "< 15 ms"),
            ("outstanding --limit 50", ["outstanding", "--limit", "50"], ""),
            ("list --speaker", ["list", "--speaker", "James A. Smith", "--limit", "50"], ""),
            ("show ID", ["show", "500"], ""),
            ("search inflation", ["search", "inflation", "--limit", "50"], ""),
            ("speakers", ["speakers"], ""),
            ("stats --by month", ["stats", "--by", "month"], ""),
        ]
        for name, args, target in queries:
            pg = timed([binary, "--db", ours_url, *args], runs=opts.runs)
            sqlite = timed([binary, "--db", file_db, *args], runs=opts.runs)
            rows.append((name, pg * 1000, sqlite * 1000, "the same on a SQLite file", "ms", target))
    finally:
        for name in (ours_db, bare_db):
            psql(admin, f"DROP DATABASE IF EXISTS {name}")
        shutil.rmtree(work, ignore_errors=True)
    server = subprocess.run(["psql", "-Atq", admin, "-c", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
    print(f"claims: {opts.claims:,}   PostgreSQL {server}   machine: {os.cpu_count()} cores")
    print(f"{'measure':<28} {'PostgreSQL':>12} {'reference':>12}  {'ratio':>6}  {'target':<10} reference")
    for what, ours, ref, ref_name, unit, target in rows:
        ratio = ours / ref if ref else float("inf")
        print(f"{what:<28} {ours:>10.2f}{unit:>2} {ref:>10.2f}{unit:>2}  {ratio:>6.2f}  {target:<10} {ref_name}")


if __name__ == "__main__":
    main()
