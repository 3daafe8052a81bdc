#!/usr/bin/env python3
"""Fit the weights of claimtrack's check-worthiness factors on debates whose sentences
fact-checkers did or did not check, and write them where the binary compiles them in.

Usage:
  tools/fit_worth.py --bin target/release/claimtrack --corpus DIR [--out FILE] [--l2 X]

DIR holds CLEF 2019 CheckThat! Task 1 files (../shared/data/checkworthy2019/train): one debate
or speech per .tsv, a sentence a line: line_number <TAB> SPEAKER <TAB> sentence <TAB> label.

The factors come from the binary itself, so that the fit and the program can never disagree on
what a factor is: each debate is written out as a transcript (a paragraph per turn, as
score_worth.py writes it), `claimtrack extract FILE --from transcript --all --format json` names
the factors of every statement, and each sentence takes those of the statement that covers most
of it. A logistic regression (Newton's method, an L2 penalty, both classes weighed equally so
that 0.5 is the line between "more likely checked than not" and "less") is fitted on every
debate but one and ranks the one left out; the mean average precision over the debates left
out is what the README reports. The weights written are then fitted on all of them.

No third-party packages: the data are 16,000 sentences and a dozen factors.
"""
import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile

BIAS = "(bias)"


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and parts[0].strip().isdigit():
                rows.append((parts[1].strip(), parts[2].strip(), parts[3].strip() == "1"))
    return rows


def transcript(rows):
    """The transcript's text and each sentence's (start, end) in code points; stage directions
    (speaker SYSTEM) stand as paragraphs of their own."""
    out, spans, pos, last = [], [], 0, None
    for speaker, sentence, _ in rows:
        if speaker == "SYSTEM" or speaker != last:
            head = "\n\n" if out else ""
            if speaker != "SYSTEM":
                head += f"{speaker}: "
            out.append(head)
            pos += len(head)
        else:
            out.append(" ")
            pos += 1
        last = None if speaker == "SYSTEM" else speaker
        spans.append((pos, pos + len(sentence)))
        out.append(sentence)
        pos += len(sentence)
    return "".join(out) + "\n", spans


def factors_of(binary, rows):
    """Each sentence's factor names (None for stage directions and sentences no statement
    covers)."""
    text, spans = transcript(rows)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        out = subprocess.run(
            [binary, "extract", path, "--from", "transcript", "--all",
             "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(path)
    statements = json.loads(out)
    result = []
    for (speaker, _, _), (start, end) in zip(rows, spans):
        best, covered = None, 0
        for s in statements:
            overlap = min(end, s["end"]) - max(start, s["start"])
            if overlap > covered:
                best, covered = s, overlap
        if speaker == "SYSTEM" or best is None or covered * 2 < end - start:
            result.append(None)
        else:
            result.append(sorted(f.lstrip("+-") for f in best["factors"]))
    return result


def solve(a, b):
    """x with a x = b, by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                k = m[r][col] / m[col][col]
                m[r] = [x - k * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(samples, names, l2):
    """Weights (bias first) of a logistic regression on (factor set, label) samples."""
    index = {name: i + 1 for i, name in enumerate(names)}
    rows = [([0] + [index[f] for f in fs if f in index], y) for fs, y in samples]
    positives = sum(y for _, y in rows)
    weight = {1: len(rows) / (2 * positives), 0: len(rows) / (2 * (len(rows) - positives))}
    n = len(names) + 1
    w = [0.0] * n
    for _ in range(25):
        grad = [l2 * x for x in w]
        grad[0] = 0.0
        hess = [[(l2 if i == j and i else 0.0) for j in range(n)] for i in range(n)]
        for active, y in rows:
            z = sum(w[i] for i in active)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            c = weight[y]
            for i in active:
                grad[i] += c * (p - y)
                for j in active:
                    hess[i][j] += c * p * (1 - p)
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return dict(zip([BIAS] + names, w))


def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(labels))


def score(weights, factors):
    if factors is None:
        return -math.inf
    return weights[BIAS] + sum(weights.get(f, 0.0) for f in factors)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src",
                                                  "domain", "worth_weights.tsv"))
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()

    debates = {}
    for name in sorted(os.listdir(args.corpus)):
        if name.endswith(".tsv"):
            rows = read(os.path.join(args.corpus, name))
            debates[name] = (factors_of(args.bin, rows), [label for _, _, label in rows])
    if not debates:
        sys.exit(f"no .tsv files in {args.corpus}")
    names = sorted({f for fs, _ in debates.values() for s in fs if s for f in s})

    def samples(skip=None):
        return [(s, int(y)) for name, (fs, ys) in debates.items() if name != skip
                for s, y in zip(fs, ys) if s is not None]

    held_out = []
    for name, (fs, ys) in debates.items():
        weights = fit(samples(skip=name), names, args.l2)
        held_out.append(average_precision([score(weights, s) for s in fs], ys))
    loo = sum(held_out) / len(held_out)
    weights = fit(samples(), names, args.l2)
    print(f"{len(debates)} debates, {len(samples())} sentences, {len(names)} factors, l2 {args.l2}")
    print(f"MAP, each debate ranked by weights fitted on the others: {loo:.3f}")
    for name in [BIAS] + sorted(names, key=lambda n: -weights[n]):
        print(f"  {weights[name]:+.3f}  {name}")

    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# Check-worthiness weights, written by tools/fit_worth.py on "
                f"{datetime.date.today()}: a logistic regression on {len(debates)} debates of CLEF 2019\n"
                f"# CheckThat! Task 1 (train), both classes weighed equally, L2 {args.l2}. Each debate "
                f"ranked by weights fitted on the\n# others: MAP {loo:.3f}. Do not edit by hand: "
                f"fit again.\nfactor\tweight\n")
        for name in [BIAS] + names:
            f.write(f"{name}\t{weights[name]:.4f}\n")
    print(f"wrote {args.out}: the weights' hash must now be named by a new migration (SQLite and\n"
          "PostgreSQL), added to WORTH_STEPS in each migrate.rs, so that every database's computed\n"
          "priorities follow (cargo test says which hash)")


if __name__ == "__main__":
    main()
