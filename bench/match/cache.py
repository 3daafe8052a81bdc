"""Build and cache candidates + features with engine.Matcher (all features incl. extras)."""
import os, pickle, sys, time
import numpy as np, ct
from engine import Matcher, FEATURES, EXTRA

def build(split, K=50, **kw):
    tag = "_".join("%s%s" % (k, v) for k, v in sorted(kw.items()))
    path = "cache/%s_K%d_%s.pkl" % (split, K, tag)
    if os.path.exists(path):
        return pickle.load(open(path, "rb"))
    os.makedirs("cache", exist_ok=True)
    m = Matcher(K=K, **kw)
    qs, rel = ct.load_split(split)
    rows = []
    t = time.time()
    for q, tw in qs:
        cand, X = m.features(tw, extra=True)
        y = np.array([bool(m.vids[i] & rel[q]) for i in cand], float)
        rows.append((q, cand, X, y))
    d = {"names": FEATURES + EXTRA, "rows": rows, "rel": rel, "ms_per_query": 1000 * (time.time() - t) / len(qs)}
    pickle.dump(d, open(path, "wb"))
    return d

if __name__ == "__main__":
    d = build(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50)
    print(len(d["rows"]), "queries, %.1f ms/query" % d["ms_per_query"])
