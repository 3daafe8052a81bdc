#!/usr/bin/env python3
"""Where a claimtrack database's bytes go, and what the full-text index's options would save.

    python3 bench/size.py DB [--jsonl FILE]

Prints each table and index's share (SQLite's dbstat), then, on a scratch copy, what the search
index would take with each FTS5 option (detail=column, detail=none, columnsize=0, prefix
indexes) and what the database would weigh without each secondary index. Nothing is changed in
DB. Needs the sqlite3 module of Python built with dbstat (Debian's is).
"""
import argparse
import os
import shutil
import sqlite3
import tempfile

FTS_COLUMNS = "text, speaker"
FTS_SOURCE = "content = 'claim_search_source', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'"
# The options the issue asks about, each against the index as claimtrack builds it.
FTS_VARIANTS = [
    ("as built (detail=full, columnsize=1)", ""),
    ("detail=column (no phrase queries)", ", detail = 'column'"),
    ("detail=none (no phrase or column queries)", ", detail = 'none'"),
    ("columnsize=0 (bm25 reads the text)", ", columnsize = 0"),
    ("prefix='2 3' (faster prefix* queries)", ", prefix = '2 3'"),
]


def sizes(conn):
    """{object name: bytes}, FTS5 shadow tables folded into their index."""
    out = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        for shadow in ("_data", "_idx", "_docsize", "_config", "_content"):
            if name.startswith("claims_fts") and name.endswith(shadow):
                name = "claims_fts (search index)"
        out[name] = out.get(name, 0) + size
    return out


def mb(n):
    return f"{n / 2**20:8.1f} MB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--jsonl", help="the file the database was loaded from, for the ratio")
    opts = ap.parse_args()
    conn = sqlite3.connect(f"file:{opts.db}?mode=ro", uri=True)
    total = os.path.getsize(opts.db)
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_schema"))
    print(f"{opts.db}: {mb(total)}" + (f", {total / os.path.getsize(opts.jsonl):.2f}x the JSON Lines file" if opts.jsonl else ""))
    for name, size in sorted(sizes(conn).items(), key=lambda kv: -kv[1]):
        if size >= total / 200:
            kind = "index" if kinds.get(name) == "index" or name.startswith("sqlite_autoindex") else "table"
            print(f"  {name:<34} {kind:<6} {mb(size)}  {100 * size / total:5.1f}%")
    conn.close()

    with tempfile.TemporaryDirectory(prefix="claimtrack-size-") as work:
        copy = os.path.join(work, "copy.db")
        shutil.copy(opts.db, copy)
        conn = sqlite3.connect(copy)
        print("\nthe search index with each option (built afresh from the same claims):")
        for label, option in FTS_VARIANTS:
            conn.execute("DROP TABLE IF EXISTS size_fts")
            conn.execute(f"CREATE VIRTUAL TABLE size_fts USING fts5({FTS_COLUMNS}, {FTS_SOURCE}{option})")
            conn.execute("INSERT INTO size_fts (size_fts) VALUES ('rebuild')")
            conn.execute("INSERT INTO size_fts (size_fts) VALUES ('optimize')")
            conn.commit()
            size = sum(s for n, s in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name") if n.startswith("size_fts"))
            print(f"  {label:<44} {mb(size)}")
        conn.execute("DROP TABLE IF EXISTS size_fts")
        conn.commit()
        print("\neach secondary index (what dropping it would save):")
        indexes = conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        have = sizes(conn)
        for (name,) in indexes:
            if have.get(name, 0) >= total / 1000:
                print(f"  {name:<34} {mb(have[name])}  {100 * have[name] / total:5.1f}%")
        conn.close()


if __name__ == "__main__":
    main()
