"""The proposed matcher, compactly (what the Rust port should do).

  1. index: claims tokenised (ct.words: NFKC, quote folding, U.S.->us, 10,000->10000, $80M->80 million,
     %->percent, lowercase, apostrophes dropped, stop words dropped, Snowball English stem).
     One BM25 document per claim = claim text + fact-check headline (k1=1.2, b=0.75, Lucene idf).
     Claims whose unstemmed word sequence equals an earlier claim's are duplicates: never returned.
  2. query: the tweet is cleaned (ct.clean_tweet): the trailing "— Name (@handle) Month D, YYYY"
     signature is cut off and kept apart (name words, year), pic.twitter.com links and URLs dropped,
     "RT @x:" dropped, @handles and #hashtags split at camelCase (hashtags also kept whole).
     BM25 query = body words + signature-name words, query term frequency binary.
  3. candidates: BM25 top K=50 (ties -> earlier ingested first).
  4. rerank by a linear score over 7 features (standardised with the train means/sds).
  5. 0..1 confidence for the top match: logistic of (top score, margin to 2nd).
"""
import math
import re
from collections import Counter

import numpy as np

import ct

YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
NUM_RE = re.compile(r"\d+")

FEATURES = ["bm25", "char_cos", "cov_tweet", "bm25_name", "year_match", "num_match", "num_miss"]
EXTRA = ["bm25_text", "bm25_title", "cov_claim", "bigram", "year_future"]


def char_ngrams(text, lo=3, hi=5):
    """Word-bounded char n-grams (3..5) of the unstemmed, stop-word-free words, each padded by a space."""
    grams = Counter()
    for w in ct.words(text, stop=True, do_stem=False):
        w = " " + w + " "
        for n in range(lo, hi + 1):
            for i in range(len(w) - n + 1):
                grams[w[i:i + n]] += 1
    return grams


def numbers(text):
    return set(NUM_RE.findall(ct.normalise(text).replace(",", "")))


class Matcher:
    def __init__(self, k1=1.2, b=0.75, title_w=1.0, K=50, dedup=True, binary_q=True, clean=True, use_name=True):
        self.ids, self.texts, self.titles = ct.load_claims()
        self.vids = ct.claim_vid_sets(self.ids, self.texts)
        self.K, self.binary_q, self.clean, self.use_name = K, binary_q, clean, use_name
        first = {}
        self.canon = np.array([first.setdefault(tuple(ct.words(t, stop=False, do_stem=False)), i) == i
                               for i, t in enumerate(self.texts)])
        if not dedup:
            self.canon[:] = True
        self.tt = [ct.words(t) for t in self.texts]
        self.ti = [ct.words(t) for t in self.titles]
        self.bm = ct.BM25([self.tt, self.ti], [1.0, title_w], k1=k1, b=b)
        self.bm_text = ct.BM25([self.tt], k1=k1, b=b, vocab=self.bm.vocab)
        self.bm_title = ct.BM25([self.ti], k1=k1, b=b, vocab=self.bm.vocab)
        N = len(self.ids)
        df = Counter()
        for a, c in zip(self.tt, self.ti):
            df.update(set(a) | set(c))
        self.idf = {w: math.log(1 + (N - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        self.idf_unseen = math.log(1 + (N + 0.5) / 0.5)
        grams = [char_ngrams(a + " " + c) for a, c in zip(self.texts, self.titles)]
        cdf = Counter()
        for g in grams:
            cdf.update(g.keys())
        self.cidf = {g: math.log((1 + N) / (1 + d)) + 1 for g, d in cdf.items()}
        self.cvec = [self._cvec(g) for g in grams]
        self.nums = [numbers(a + " " + c) for a, c in zip(self.texts, self.titles)]
        self.years = [set(int(y) for y in YEAR_RE.findall(a + " " + c)) for a, c in zip(self.texts, self.titles)]
        self.bdf = Counter()
        for a, c in zip(self.tt, self.ti):
            self.bdf.update(set(zip(a, a[1:])) | set(zip(c, c[1:])))

    def _cvec(self, grams):
        """tf-idf (sublinear tf) unit vector of char n-grams; idf from the claims."""
        v = {g: (1 + math.log(c)) * self.cidf.get(g, 0.0) for g, c in grams.items()}
        n = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / n for g, x in v.items() if x}

    def parse(self, tweet):
        if self.clean:
            info = ct.clean_tweet(tweet)
        else:
            info = {"body": tweet, "name": "", "handle": "", "year": None, "month": None}
        body = ct.words(info["body"])
        name = ct.words(info["name"]) if self.use_name else []
        return info, body, name

    def candidates(self, tweet, K=None):
        info, body, name = self.parse(tweet)
        s = self.bm.score(body + name, binary=self.binary_q)
        s = np.where(self.canon, s, -1.0)
        order = np.lexsort((np.arange(len(s)), -s))[:K or self.K]
        return order, s[order], (info, body, name)

    def features(self, tweet, K=None, extra=False):
        cand, s1, (info, body, name) = self.candidates(tweet, K)
        bset, nset = set(body), set(name)
        allq = bset | nset
        s_name = self.bm.score(name, binary=True)[cand] if name else np.zeros(len(cand))
        qc = self._cvec(char_ngrams(info["body"] + " " + info["name"]))
        qnums = numbers(info["body"])
        yr = info["year"]
        qmass = sum(self.idf.get(w, self.idf_unseen) for w in bset) or 1.0
        if extra:
            s_text = self.bm_text.score(body + name, binary=True)[cand]
            s_title = self.bm_title.score(body + name, binary=True)[cand]
            qbig = set(zip(body, body[1:]))
            N = len(self.ids)
        rows = []
        for r, i in enumerate(cand):
            cw = set(self.tt[i]) | set(self.ti[i])
            cv = self.cvec[i]
            cn = self.nums[i]
            f = [
                s1[r],                                                         # bm25
                sum(x * cv.get(g, 0.0) for g, x in qc.items()),                 # char_cos
                sum(self.idf[w] for w in cw & bset) / qmass,                    # cov_tweet
                s_name[r],                                                     # bm25_name
                1.0 if yr and yr in self.years[i] else 0.0,                    # year_match
                float(len(cn & qnums)),                                        # num_match
                float(len(cn - qnums - ({str(yr)} if yr else set()))),         # num_miss
            ]
            if extra:
                cmass = sum(self.idf[w] for w in cw) or 1.0
                cb = set(zip(self.tt[i], self.tt[i][1:])) | set(zip(self.ti[i], self.ti[i][1:]))
                cy = self.years[i]
                f += [s_text[r], s_title[r],
                      sum(self.idf[w] for w in cw & allq) / cmass,
                      sum(math.log(1 + (N - self.bdf[g] + 0.5) / (self.bdf[g] + 0.5)) for g in cb & qbig),
                      1.0 if yr and cy and min(cy) > yr else 0.0]
            rows.append(f)
        return cand, np.array(rows, float)


class Model:
    """Linear reranker + logistic confidence; parameters in a JSON-able dict."""

    def __init__(self, params):
        self.p = params

    def score(self, X):
        mu, sd, w = (np.array(self.p[k]) for k in ("mean", "sd", "w"))
        return ((X - mu) / sd) @ w

    def confidence(self, s_sorted):
        """P(top match is right) from the top reranker score and its margin over the second."""
        a, b, c = self.p["calib"]
        top = s_sorted[0]
        margin = s_sorted[0] - s_sorted[1] if len(s_sorted) > 1 else 5.0
        return 1.0 / (1.0 + math.exp(-(a * top + b * margin + c)))
