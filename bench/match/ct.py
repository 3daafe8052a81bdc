"""Shared pieces of the claim-matching prototype: data loading (exactly as the official scorer
reads it), evaluation (same formulas as /work/shared/tools/score_match.py), text normalisation,
tweet cleaning and a sparse-matrix BM25 index."""
import csv
import math
import os
import re
import unicodedata

import numpy as np
import scipy.sparse as sp
import Stemmer

csv.field_size_limit(10**9)
DATA = "/work/shared/data/checkthat2020"


# ----------------------------------------------------------------------------- data
def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows[1:] if r and r[0].strip()]


def load_claims():
    """(ids, texts, titles) exactly as the scorer ingests them (rows with >= 3 columns)."""
    rows = [r for r in read_tsv(os.path.join(DATA, "verified_claims.docs.tsv")) if len(r) >= 3]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def load_split(split):
    qs = [(q[0], q[1]) for q in read_tsv(os.path.join(DATA, split, "tweets.queries.tsv")) if len(q) >= 2]
    rel = {}
    with open(os.path.join(DATA, split, "tweet-vclaim-pairs.qrels"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 4 and p[3] != "0":
                rel.setdefault(p[0], set()).add(p[2])
    qs = [q for q in qs if q[0] in rel]
    return qs, rel


def claim_vid_sets(ids, texts):
    """What the scorer credits a returned claim with: its own vclaim id plus every vclaim whose
    whitespace-normalised lower-cased text is identical (score_match.py's by_text map)."""
    by_text = {}
    for v, t in zip(ids, texts):
        by_text.setdefault(" ".join(t.split()).lower(), set()).add(v)
    return [{v} | by_text[" ".join(t.split()).lower()] for v, t in zip(ids, texts)]


def evaluate(ranked, qids, rel, vids=None):
    """ranked: list (per query) of claim indices (or ids when vids is None), best first.
    Same formulas as score_match.py. Returns dict of metrics."""
    ap_sum = rr_sum = r1 = r5 = 0.0
    for qid, rk in zip(qids, ranked):
        relevant = rel[qid]
        sets = [vids[i] if vids is not None else {i} for i in list(rk)[:5]]
        found, ap, rr = 0, 0.0, 0.0
        for k, vs in enumerate(sets, 1):
            if vs & relevant:
                found += 1
                ap += found / k
                rr = rr or 1.0 / k
        ap_sum += ap / min(len(relevant), 5)
        rr_sum += rr
        r1 += bool(sets and sets[0] & relevant)
        r5 += len(set().union(*sets) & relevant) / len(relevant) if sets else 0
    n = len(qids)
    return {"map5": ap_sum / n, "mrr5": rr_sum / n, "r1": r1 / n, "r5": r5 / n}


def fmt(m):
    return "MAP@5 %.3f  MRR@5 %.3f  R@1 %.3f  R@5 %.3f" % (m["map5"], m["mrr5"], m["r1"], m["r5"])


# ----------------------------------------------------------------------------- text
# Snowball's English stop word list (snowballstem.org, BSD licence), without the apostrophe forms
# (those are handled by the tokenizer, which drops apostrophes) and without a few words that carry
# meaning in claims (not, no, nor, against, over, off, out, only, same, few, more, most, very).
STOP = set("""i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing would should
could ought a an the and but if or because as until while of at by for with about into through during
before after above below to from up down in on under again further then once here there when where why
how all any both each other some such own so than too s t can will just don now im youre hes shes its
were theyre ive youve weve theyve id youd hed shed wed theyd ill youll hell shell well theyll isnt arent
wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot couldnt
mustnt lets thats whos whats heres theres whens wheres whys hows""".split())

MONTHS = ("january february march april may june july august september october november december").split()
MONTH_RE = "|".join(m.capitalize() for m in MONTHS)

_stemmer = Stemmer.Stemmer("english")
_stem_cache = {}


def stem(w):
    s = _stem_cache.get(w)
    if s is None:
        s = _stem_cache[w] = _stemmer.stemWord(w)
    return s


def normalise(text):
    """NFKC, unify quotes/dashes, lowercase is done later (camelCase splitting needs case)."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = t.replace("\u00b4", "'").replace("`", "'")
    return t


_abbrev = re.compile(r"\b((?:[A-Za-z]\.){2,})")            # U.S. -> US, D.C. -> DC
_numsep = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")            # 10,000 -> 10000
_numsuf = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?([kKmMbB])n?\b")  # $80M -> 80 million
_SUF = {"k": " thousand", "m": " million", "b": " billion"}
_token = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)    # letters/digits, inner apostrophes
_camel = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(text, stop=True, do_stem=True):
    """The tokenizer used for claims, titles and (cleaned) tweets."""
    t = normalise(text)
    t = _abbrev.sub(lambda m: m.group(1).replace(".", ""), t)
    t = _numsep.sub("", t)
    t = _numsuf.sub(lambda m: m.group(1) + _SUF[m.group(2).lower()], t)
    t = t.replace("%", " percent ").replace("$", " dollar ").replace("&", " and ")
    out = []
    for m in _token.finditer(t.lower()):
        w = m.group(0)
        if w.endswith("'s"):
            w = w[:-2]
        w = w.replace("'", "")
        if not w or (stop and w in STOP):
            continue
        if w == "cent" and out and out[-1] == ("per" if not do_stem else stem("per")):
            out[-1] = "percent"
            continue
        out.append(stem(w) if do_stem else w)
    return out


def split_camel(s):
    parts = _camel.findall(s)
    return " ".join(parts) if parts else s


_sig = re.compile(r"\s*[\u2014\u2013-]\s*([^\u2014\u2013]{0,80}?)\s*\(@(\w+)\)\s*((?:%s)\s+\d{1,2},\s+(\d{2,4}))\s*\"?\s*$" % MONTH_RE)
_pic = re.compile(r"pic\.twitter\.com/\w+", re.I)
_url = re.compile(r"(?:https?://|www\.)\S+", re.I)
_rt = re.compile(r"^\s*\"?RT\s+@\w+:?\s*")
_handle = re.compile(r"@(\w+)")
_hashtag = re.compile(r"#(\w+)")


def clean_tweet(raw, handles="split", hashtags="split+join"):
    """Returns dict(body=str, name=str, handle=str, date=str, year=int|None, month=int|None)."""
    t = normalise(raw)
    info = {"name": "", "handle": "", "date": "", "year": None, "month": None}
    m = _sig.search(t)
    if m:
        info["name"], info["handle"], info["date"] = m.group(1), m.group(2), m.group(3)
        y = int(m.group(4))
        info["year"] = y if y >= 1990 else (2000 + y if y < 100 else None)
        info["month"] = None if info["year"] is None else MONTHS.index(m.group(3).split()[0].lower()) + 1
        t = t[: m.start()]
    t = _pic.sub(" ", t)
    t = _url.sub(" ", t)
    t = _rt.sub(" ", t)
    if handles == "drop":
        t = _handle.sub(" ", t)
    elif handles == "split":
        t = _handle.sub(lambda m: " " + split_camel(m.group(1)) + " ", t)
    if hashtags == "split":
        t = _hashtag.sub(lambda m: " " + split_camel(m.group(1)) + " ", t)
    elif hashtags == "split+join":
        t = _hashtag.sub(lambda m: " " + split_camel(m.group(1)) + " " + (m.group(1) if split_camel(m.group(1)) != m.group(1) else "") + " ", t)
    elif hashtags == "drop":
        t = _hashtag.sub(" ", t)
    info["body"] = t
    return info


# ----------------------------------------------------------------------------- BM25
class Vocab:
    def __init__(self):
        self.ix = {}

    def get(self, w, add=False):
        i = self.ix.get(w)
        if i is None and add:
            i = self.ix[w] = len(self.ix)
        return i


def count_matrix(docs_tokens, vocab, add=True):
    rows, cols, vals = [], [], []
    for d, toks in enumerate(docs_tokens):
        c = {}
        for w in toks:
            i = vocab.get(w, add)
            if i is not None:
                c[i] = c.get(i, 0) + 1
        for i, n in c.items():
            rows.append(d)
            cols.append(i)
            vals.append(n)
    return rows, cols, vals


class BM25:
    """Single-field BM25 (BM25F-style when given several token lists per doc with weights: the
    weighted term frequencies are summed before saturation, lengths likewise)."""

    def __init__(self, fields_tokens, weights=None, k1=1.2, b=0.75, vocab=None, idf_kind="lucene"):
        self.vocab = vocab or Vocab()
        n = len(fields_tokens[0])
        weights = weights or [1.0] * len(fields_tokens)
        tf = None
        dl = np.zeros(n)
        for toks, w in zip(fields_tokens, weights):
            r, c, v = count_matrix(toks, self.vocab)
            m = sp.csr_matrix((np.array(v, float) * w, (r, c)), shape=(n, 10**7))
            tf = m if tf is None else tf + m
            dl += w * np.array([len(t) for t in toks])
        V = len(self.vocab.ix)
        tf = tf[:, :V].tocsr()
        self.N = n
        self.df = np.bincount(tf.indices, minlength=V)
        if idf_kind == "lucene":
            self.idf = np.log(1 + (n - self.df + 0.5) / (self.df + 0.5))
        else:  # fts5
            self.idf = np.maximum(np.log(0.5 + (n - self.df + 0.5) / (self.df + 0.5)), 1e-6)
        avg = dl.mean()
        tf = tf.tocoo()
        denom = tf.data + k1 * (1 - b + b * dl[tf.row] / avg)
        sat = tf.data * (k1 + 1) / denom
        self.W = sp.csr_matrix((sat, (tf.row, tf.col)), shape=(n, V)).tocsc()
        self.dl = dl

    def qvec(self, toks, binary=False):
        """toks: list of terms, or list of (term, weight) pairs."""
        c = {}
        for w in toks:
            w, x = w if isinstance(w, tuple) else (w, 1.0)
            i = self.vocab.get(w)
            if i is not None:
                c[i] = max(c.get(i, 0), x) if binary else c.get(i, 0) + x
        idx = np.array(list(c.keys()), int)
        val = np.array(list(c.values()), float)
        return idx, val

    def score(self, toks, binary=False):
        idx, val = self.qvec(toks, binary)
        if len(idx) == 0:
            return np.zeros(self.N)
        sub = self.W[:, idx]
        return np.asarray(sub @ (val * self.idf[idx])).ravel()


_capword = re.compile(r"(?<![\w'])([A-Z][a-z][\w']*)")


def weighted_query(info, cap_w=1.0, name_w=1.0, binary=False):
    """Query terms with weights: words written Capitalised in the tweet body get cap_w, words of
    the signature name get name_w, others 1. Returns list of (stem, weight)."""
    caps = set()
    for m in _capword.finditer(normalise(info["body"])):
        caps.update(words(m.group(1)))
    out = [(w, cap_w if w in caps else 1.0) for w in words(info["body"])]
    out += [(w, name_w) for w in words(info["name"])]
    return out
