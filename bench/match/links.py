#!/usr/bin/env python3
"""How right the links made on arrival are, through the binary: ingests CheckThat! 2020's checked
claims as score_match.py does, asks `claimtrack match --file` for every tweet of a split at once,
and counts the tweets whose best match is taken for a repeat ("repeat": true, what add and ingest
would link) and how many of those links the relevance judgements call right.

    bench/match/links.py --bin target/release/claimtrack [--split dev] [--keep-db FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, "/work/shared/tools")
from score_match import read_tsv  # noqa: E402  the scorer's own reading of the files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", default="/work/shared/data/checkthat2020")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--keep-db")
    a = ap.parse_args()
    vclaims = read_tsv(os.path.join(a.corpus, "verified_claims.docs.tsv"))
    queries = read_tsv(os.path.join(a.corpus, a.split, "tweets.queries.tsv"))
    rel = {}
    with open(os.path.join(a.corpus, a.split, "tweet-vclaim-pairs.qrels"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 4 and p[3] != "0":
                rel.setdefault(p[0], set()).add(p[2])
    work = tempfile.mkdtemp(prefix="links_")
    db = a.keep_db or os.path.join(work, "checked.db")
    env = dict(os.environ, NO_COLOR="1", CLAIMTRACK_USER="scorer")
    env.pop("CLAIMTRACK_DB", None)
    run = lambda *args: subprocess.run([a.bin, "--db", db, *args], env=env, check=True,
                                       capture_output=True, text=True).stdout
    if not os.path.exists(db):
        records = os.path.join(work, "vclaims.jsonl")
        with open(records, "w", encoding="utf-8") as f:
            for vid, text, title in (r[:3] for r in vclaims if len(r) >= 3):
                f.write(json.dumps({"text": text, "speaker": "unknown", "status": "disputed",
                                    "review_title": title,
                                    "review_url": f"https://checked.example/{vid}"}) + "\n")
        run("ingest", records)
    by_url = {f"https://checked.example/{r[0]}": r[0] for r in vclaims}
    by_text = {}
    for r in vclaims:
        by_text.setdefault(" ".join(r[1].split()).lower(), set()).add(r[0])
    tweets = [(q[0], q[1]) for q in queries if len(q) >= 2 and q[0] in rel]
    texts = os.path.join(work, "tweets.jsonl")
    with open(texts, "w", encoding="utf-8") as f:
        for _, text in tweets:
            f.write(json.dumps({"text": text}) + "\n")
    results = json.loads(run("match", "--file", texts, "--limit", "1", "--format", "json"))
    linked = right = 0
    for (qid, _), result in zip(tweets, results):
        top = (result["matches"] or [None])[0]
        if not top or not top["repeat"]:
            continue
        linked += 1
        vs = ({by_url[top["review_url"]]} if top.get("review_url") in by_url else set())
        vs |= by_text.get(" ".join(top["text"].split()).lower(), set())
        right += bool(vs & rel[qid])
    print(f"split={a.split} tweets={len(tweets)} linked={linked} ({linked / len(tweets):.1%}) "
          f"right={right} precision={right / max(linked, 1):.3f}")


if __name__ == "__main__":
    main()
