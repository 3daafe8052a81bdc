"""Step 0: the known baseline — SQLite FTS5 (porter tokenizer), claim + headline columns,
query = OR of the tweet's words, ranked by FTS5 bm25()."""
import re, sqlite3, sys
import ct

ids, texts, titles = ct.load_claims()
vids = ct.claim_vid_sets(ids, texts)
con = sqlite3.connect(":memory:")
con.execute("create virtual table c using fts5(vid unindexed, text, title, tokenize='porter')")
con.executemany("insert into c values (?,?,?)", zip(ids, texts, titles))

def search(q, k=5):
    toks = re.findall(r"\w+", q.lower())
    if not toks:
        return []
    expr = " OR ".join('"%s"' % t for t in toks)
    return [r[0] - 1 for r in con.execute("select rowid from c where c match ? order by bm25(c) limit ?", (expr, k))]

for split in ["train", "dev"]:
    qs, rel = ct.load_split(split)
    ranked = [search(t) for _, t in qs]
    print(split, len(qs), ct.fmt(ct.evaluate(ranked, [q for q, _ in qs], rel, vids)))
