#!/usr/bin/env python3
"""How fast `claimtrack match` answers on a large database (bench/run.sh N --match [--claims M]
[--pg URL]); issue 19's target: at most 50 ms a query on 100,000 checked claims.

1. The first M (default 100,000) checked records of the generated data (bench/data/) are
   ingested into a fresh database: a SQLite file, or a new database on the server at --pg URL.
2. The first `match` indexes them all (the stored match index): timed once.
3. Each query text, asked by `claimtrack match TEXT --format json` as a new process (start-up
   and connection counted), median of --runs runs. The texts: --queries claims of the load
   with their first and last words cut and lower-cased (a repeat), and as many sentences of
   words from the load in another order (no repeat).
4. The reference, on SQLite: the sqlite3 shell asking the same database's full-text index for
   the plain BM25 top 5 of each text (the OR of its words, FTS5's rank), also a new process
   each time: the lexical baseline a user could run by hand.

Prints one table: our median and 90th percentile, the reference's, the ratio, and the target.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid

CHECKED = {"verified", "disputed", "unverifiable"}


def timed(cmd, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=25)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pg", help="a server where the bench may create and drop a database")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="claimtrack-match-bench-")
    load = os.path.join(work, "checked.jsonl")
    texts = []
    with open(args.jsonl) as src, open(load, "w") as out:
        for line in src:
            if len(texts) >= args.claims:
                break
            if json.loads(line).get("status") in CHECKED:
                out.write(line)
                texts.append(json.loads(line)["text"])
    if len(texts) < args.claims:
        raise SystemExit(f"only {len(texts)} checked records in {args.jsonl}: generate more")

    rng = random.Random(19)
    queries = []
    for text in rng.sample(texts, args.queries):
        words = re.sub(r"\(\d+\)\.?$", "", text).split()
        queries.append(" ".join(words[1:-1]).lower())
    vocabulary = [w for t in rng.sample(texts, 200) for w in re.findall(r"[A-Za-z]+", t)]
    for _ in range(args.queries):
        queries.append(" ".join(rng.sample(vocabulary, 12)))

    env = dict(os.environ)
    database = None
    if args.pg:
        base, _, rest = args.pg.partition("?")
        database = "match_bench_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", "-X", "-q", args.pg, "-c", f"CREATE DATABASE {database}"], check=True)
        url = base.rsplit("/", 1)[0] + "/" + database + ("?" + rest if rest else "")
        env["CLAIMTRACK_DB"] = url
    else:
        env["CLAIMTRACK_DB"] = os.path.join(work, "claims.db")
    env.pop("CLAIMTRACK_USER", None)
    try:
        start = time.perf_counter()
        subprocess.run([args.bin, "ingest", load, "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        ingest = time.perf_counter() - start
        build = timed([args.bin, "match", "warm up"], env)

        ours, reference = [], []
        db = env["CLAIMTRACK_DB"]
        for q in queries:
            ours.append(statistics.median(
                timed([args.bin, "match", q, "--format", "json"], env) for _ in range(args.runs)))
            if not args.pg:
                terms = " OR ".join('"%s"' % w for w in re.findall(r"\w+", q))
                sql = (f"SELECT rowid FROM claims_fts WHERE claims_fts MATCH '{terms}' "
                       "ORDER BY rank LIMIT 5;")
                reference.append(statistics.median(
                    timed(["sqlite3", db, sql]) for _ in range(args.runs)))
        size = os.path.getsize(db) if not args.pg else None
    finally:
        if args.pg:
            subprocess.run(["psql", "-X", "-q", args.pg, "-c", f"DROP DATABASE {database}"],
                           check=False)
        shutil.rmtree(work, ignore_errors=True)

    def p90(xs):
        return sorted(xs)[int(0.9 * (len(xs) - 1))]

    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"checked claims: {args.claims:,}   engine: {engine}   queries: {len(queries)} "
          f"(half repeats), median of {args.runs} runs each, a new process each")
    print(f"ingest {ingest:.1f} s; first match, indexing them all: {build:.1f} s"
          + (f"; database {size / 1e6:.0f} MB" if size else ""))
    print(f"{'measure':<26}{'claimtrack':>12}{'reference':>12}{'ratio':>8}  target")
    med = statistics.median(ours)
    if reference:
        ref = statistics.median(reference)
        print(f"{'match, median':<26}{med * 1000:>9.1f} ms{ref * 1000:>9.1f} ms"
              f"{med / ref:>8.2f}  <= 50 ms: {'yes' if med <= 0.05 else 'NO'}")
        print(f"{'match, 90th percentile':<26}{p90(ours) * 1000:>9.1f} ms"
              f"{p90(reference) * 1000:>9.1f} ms{p90(ours) / p90(reference):>8.2f}")
    else:
        print(f"{'match, median':<26}{med * 1000:>9.1f} ms{'-':>12}{'-':>8}"
              f"  <= 50 ms: {'yes' if med <= 0.05 else 'NO'}")
        print(f"{'match, 90th percentile':<26}{p90(ours) * 1000:>9.1f} ms")


if __name__ == "__main__":
    main()
