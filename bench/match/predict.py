"""Reference predictions of the final method (engine.Matcher + model.json): top 5 + confidence.
  python predict.py train|dev        writes py_<split>_ranked.tsv and prints the metrics
  python predict.py --text "TWEET"   prints the top 5 for one text"""
import json, sys
import numpy as np
import ct
from engine import Matcher, Model

def rank(m, model, tweet, limit=5):
    cand, X = m.features(tweet)
    s = model.score(X)
    o = np.lexsort((np.arange(len(s)), -s))
    conf = model.confidence(s[o])
    return [(int(cand[j]), float(s[j])) for j in o[:limit]], conf

if __name__ == "__main__":
    model = Model(json.load(open("model.json")))
    m = Matcher(K=model.p["K"])
    if sys.argv[1] == "--text":
        hits, conf = rank(m, model, " ".join(sys.argv[2:]))
        print("confidence of top match: %.3f" % conf)
        for i, s in hits:
            print("%.3f\t%s\t%s" % (s, m.ids[i], m.texts[i]))
        sys.exit()
    split = sys.argv[1]
    qs, rel = ct.load_split(split)
    ranked, lines = [], []
    for q, t in qs:
        hits, conf = rank(m, model, t)
        ranked.append([i for i, _ in hits])
        ok = bool(m.vids[hits[0][0]] & rel[q])
        lines.append("%s\t%s\t%.4f\t%d" % (q, ",".join(m.ids[i] for i, _ in hits), conf, ok))
    open("py_%s_ranked.tsv" % split, "w").write("\n".join(lines) + "\n")
    print(split, ct.fmt(ct.evaluate(ranked, [q for q, _ in qs], rel, m.vids)))
