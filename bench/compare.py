#!/usr/bin/env python3
"""Measures claimtrack and a reference side by side, in the same run, and prints the ratios.

1. ingest of the JSON Lines into a fresh database, against `sqlite3 .import` of the same rows as
   CSV into a bare table and `sqlite-utils insert --nl` of the same JSON Lines (wall time, the
   median of three rounds, and peak memory);
2. query commands, each a separate process, median of several runs, against the sqlite3 shell
   running the same SQL on the same file (the statements claimtrack ran, captured with
   CLAIMTRACK_TRACE_SQL);
3. export of every claim as JSON Lines, against the ingest of the same claims;
4. start-up: `claimtrack --version` against `sqlite3 -version`.

Every row shows claimtrack's peak memory. `--previous README.md` ends with a line per measure
against the newest table in that file of the same size and profile, so a regression shows.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time


def timed(cmd, runs=1, stdin=None, env=None):
    """Median wall seconds of `runs` runs of cmd, output discarded."""
    times = []
    for _ in range(runs):
        with open(stdin) if stdin else open(os.devnull) as inp:
            start = time.perf_counter()
            subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_with_memory(cmd, stdin=None, stdout=None):
    """(wall seconds, peak resident MB) of one run, by GNU time."""
    # Start each run with the previous one's writes on disk, so no run pays for another's.
    os.sync()
    out = tempfile.NamedTemporaryFile(delete=False)
    out.close()
    with open(stdin) if stdin else open(os.devnull) as inp, \
            open(stdout or os.devnull, "w") as sink:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", out.name, *cmd], stdin=inp,
                       stdout=sink, stderr=subprocess.DEVNULL, check=True)
    wall, kb = open(out.name).read().split()[-2:]
    os.unlink(out.name)
    return float(wall), int(kb) / 1024


def traced_sql(binary, db, args):
    """The statements a claimtrack command ran, as a script for the sqlite3 shell."""
    env = dict(os.environ, CLAIMTRACK_TRACE_SQL="1")
    proc = subprocess.run([binary, "--db", db, *args], capture_output=True, text=True, env=env, check=True)
    statements = []
    for line in proc.stderr.splitlines():
        if not line.startswith("sql: "):
            continue
        sql = line[5:].strip()
        # Opening checks and settings are the program's own business; queries are what count.
        if re.match(r"(?i)^(pragma|begin|commit|rollback)\b", sql) or "sqlite_schema" in sql:
            continue
        statements.append(sql.rstrip(";") + ";")
    return "\n".join(statements) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--ingest-runs", type=int, default=3)
    ap.add_argument("--keep", help="keep the databases in this folder")
    ap.add_argument("--baseline", help="another claimtrack binary (an older commit) to ingest beside ours")
    ap.add_argument("--baseline-name", default="baseline")
    ap.add_argument("--profile", default="desk", help="the shape of the load, as gen_claims made it")
    ap.add_argument("--previous", help="a README whose newest table of this size and profile to compare with")
    opts = ap.parse_args()
    binary = os.path.abspath(opts.bin)
    work = opts.keep or tempfile.mkdtemp(prefix="claimtrack-bench-")
    os.makedirs(work, exist_ok=True)
    rows = []

    def row(what, ours, ref, ref_name, unit, target="", mb=None):
        ratio = ours / ref if ref else float("inf")
        rows.append((what, ours, ref, ref_name, ratio, unit, target, mb))

    # 1. Ingest: each tool in turn, `--ingest-runs` rounds, median time and highest memory (one
    # run of a 20-second load varies by about 10% on a small machine).
    db = os.path.join(work, "claims.db")
    bare = os.path.join(work, "bare.db")
    su = os.path.join(work, "sqlite-utils.db")
    old = os.path.join(work, "baseline.db")
    ours, imp, sut, base = [], [], [], []
    for _ in range(opts.ingest_runs):
        for f in [db, db + "-wal", db + "-shm", db + "-load.lock", bare, su, old, old + "-wal", old + "-shm"]:
            if os.path.exists(f):
                os.remove(f)
        ours.append(time_with_memory([binary, "--db", db, "ingest", opts.jsonl, "--format", "json"]))
        if opts.baseline:
            # The same load by an older build, in the same round: the ratio is what a change cost.
            base.append(time_with_memory([os.path.abspath(opts.baseline), "--db", old, "ingest", opts.jsonl, "--format", "json"]))
        imp.append(time_with_memory(["sqlite3", bare, ".mode csv", f".import {opts.csv} claims"]))
        sut.append(time_with_memory(["sqlite-utils", "insert", su, "claims", opts.jsonl, "--nl"]))
    median = lambda runs: (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
    (ours_s, ours_mb), (imp_s, imp_mb), (su_s, su_mb) = median(ours), median(imp), median(sut)
    row("ingest (s)", ours_s, su_s, "sqlite-utils insert --nl", "s", "<= 0.77 (1.3x faster)", ours_mb)
    row("ingest (s)", ours_s, imp_s, "sqlite3 .import (CSV)", "s", "<= 8", ours_mb)
    row("ingest peak memory (MB)", ours_mb, su_mb, "sqlite-utils insert --nl", "MB", "< 150 MB", ours_mb)
    if base:
        base_s, base_mb = median(base)
        row("ingest (s)", ours_s, base_s, f"claimtrack {opts.baseline_name}", "s", "<= 1.05", ours_mb)
        row("ingest peak memory (MB)", ours_mb, base_mb, f"claimtrack {opts.baseline_name}", "MB", "<= 1.05", ours_mb)
    jsonl_mb = os.path.getsize(opts.jsonl) / 2**20
    db_mb = sum(os.path.getsize(f) for f in [db, db + "-wal"] if os.path.exists(f)) / 2**20
    row("database size (MB)", db_mb, jsonl_mb, "the JSON Lines file", "MB", "<= 1.6")

    # Export of everything, against the ingest that stored it: streaming, so memory stays flat.
    exported = os.path.join(work, "export.jsonl")
    runs = [time_with_memory([binary, "--db", db, "export", "--format", "jsonl"], stdout=exported)
            for _ in range(opts.ingest_runs)]
    export_s, export_mb = median(runs)
    os.remove(exported)
    row("export --format jsonl (s)", export_s, ours_s, "claimtrack ingest, same claims", "s", "<= 0.5", export_mb)

    # 2. Queries, on the database just made.
    def json_out(*args):
        out = subprocess.run([binary, "--db", db, *args, "--format", "json"], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    speaker = json_out("speakers", "--limit", "1")[0]["name"]
    page_anchor = json_out("outstanding", "--limit", str(499 * 50))[-1]["id"]
    some_id = json_out("list", "--limit", "1", "--sort", "added", "--reverse")[0]["id"] + 1000
    queries = [
        ("outstanding --limit 50", ["outstanding", "--limit", "50"]),
        (f"list --speaker ({speaker})", ["list", "--speaker", speaker, "--limit", "50"]),
        ("outstanding page 500", ["outstanding", "--limit", "50", "--after", str(page_anchor)]),
        ("search inflation", ["search", "inflation", "--limit", "50"]),
        ("show ID", ["show", str(some_id)]),
        ("speakers", ["speakers"]),
        ("stats --by month", ["stats", "--by", "month", "--format", "json"]),
        ("report", ["report", "-o", os.path.join(work, "report.html")]),
    ]
    for name, args in queries:
        if args[0] != "report":
            args = [*args, "--format", "json"] if "--format" not in args else args
        ours = timed([binary, "--db", db, *args], runs=opts.runs)
        _, mb = time_with_memory([binary, "--db", db, *args])
        script = os.path.join(work, re.sub(r"\W+", "_", name) + ".sql")
        with open(script, "w") as f:
            f.write(traced_sql(binary, db, args))
        ref = timed(["sqlite3", db], runs=opts.runs, stdin=script)
        row(name, ours * 1000, ref * 1000, "sqlite3 shell, same SQL", "ms", "<= 1.5x or +5 ms", mb)

    # 4. Start-up.
    ours = timed([binary, "--version"], runs=opts.runs * 3)
    _, mb = time_with_memory([binary, "--version"])
    ref = timed(["sqlite3", "-version"], runs=opts.runs * 3)
    row("start-up: --version", ours * 1000, ref * 1000, "sqlite3 -version", "ms", "< 5 ms", mb)

    sqlite_ours = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    sqlite_shell = subprocess.run(["sqlite3", "-version"], capture_output=True, text=True).stdout.split()[0]
    claims = sum(1 for _ in open(opts.jsonl))
    print(f"claims: {claims:,}   profile: {opts.profile}   machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"{platform.system()}   claimtrack: {sqlite_ours}   sqlite3 shell: SQLite {sqlite_shell}")
    print(f"{'measure':<34} {'claimtrack':>12} {'reference':>12}  {'ratio':>6}  {'peak mem':>8}  {'target':<22} reference")
    for what, ours, ref, ref_name, ratio, unit, target, mb in rows:
        memory = f"{mb:>6.0f}MB" if mb is not None else ""
        print(f"{what:<34} {ours:>10.1f}{unit:>2} {ref:>10.1f}{unit:>2}  {ratio:>6.2f}  {memory:>8}  {target:<22} {ref_name}")
    if opts.previous:
        compare_with_previous(opts.previous, claims, opts.profile, rows)
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)


def compare_with_previous(readme, claims, profile, rows):
    """A line per measure against the newest table in `readme` of the same size and profile
    (tables without a profile are the desk's): the figure then, now, and the change."""
    text = open(readme).read()
    tables = re.findall(r"```\n(claims: [\d,]+.*?)```", text, re.S)
    for table in tables:
        head = table.splitlines()[0]
        size = int(re.match(r"claims: ([\d,]+)", head).group(1).replace(",", ""))
        shape = (re.search(r"profile: (\w+)", head) or re.match(r"()", "")).group(1) or "desk"
        if size == claims and shape == profile:
            break
    else:
        print(f"\nprevious: no table of {claims:,} claims ({profile}) in {readme}")
        return
    then = {}
    for line in table.splitlines()[2:]:
        m = re.match(r"(.{34}) +([\d.]+) ?(s|ms|MB)\b", line)
        if m:
            then.setdefault((m.group(1).strip(), line.split()[-1]), (float(m.group(2)), m.group(3)))
    print(f"\nagainst the newest table of {claims:,} claims ({profile}) in {readme}:")
    seen = set()
    for what, ours, _ref, ref_name, _ratio, unit, _target, _mb in rows:
        key = (what, ref_name.split()[-1])
        if what in seen or key not in then:
            continue
        seen.add(what)
        old, old_unit = then[key]
        if old_unit == unit and old:
            print(f"  {what:<34} then {old:>9.1f}{unit:<2}  now {ours:>9.1f}{unit:<2}  {100 * (ours / old - 1):+6.1f}%")


if __name__ == "__main__":
    main()
