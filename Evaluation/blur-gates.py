#!/usr/bin/python3
"""What joining the blur measures could gain, and what it costs (docs/ACCURACY.md, "Blur", stop 47).

Reads the `vigie-eval blur --folder DIR --verbose` outputs of several labelled sets (files named
blurred-KIND-NN or sharp-KIND-NN) and answers, for Vigie's four measures (sharpness, smear, spread,
depth) as `BlurQualityCheck.isBlurred` joins them today:
  gate    a second sharpness threshold S that counts only with a spread over P px (soft edges and
          spread ones together), over a grid of S and P: blurred caught and false alarms per set;
  logit   a logistic regression on the four measures, fitted on the first set only, its threshold
          at the highest score of that set's sharp pictures (plus MARGIN): per set;
  extent  blurred caught by the size of their blur at the 1024 px working size, per kind, from the
          kernel sets' OUT/kernels.csv (NAME=OUTPUT.txt:KERNELS.csv): where the misses sit;
  dominance  for each missed picture, the sharp pictures at least as blurred on every measure the
          missed one has (no rule monotone in the measures can catch it without flagging them).

Usage: Evaluation/blur-gates.py gate|logit|extent|dominance NAME=OUTPUT.txt... [--margin M] [--skip FILE]...
The first NAME is the one fitted on (logit); --skip leaves a file out (a corpus picture judged blurred).
A folder of unlabelled photos is scored as sharp when its files are named sharp-corpus-NNN.
"""
import re
import sys

import numpy as np

ROW = re.compile(r"([✗ ]) (\S+) (\S+): (no edges|\S+) smear (\S+) spread (\S+) depth (\S+)")


def number(x):
    return None if x in ("-", "no edges") else float(x)


def load(pairs, skip):
    rows = []
    for name, path in pairs:
        path = path.split(":")[0]
        for line in open(path):
            m = ROW.match(line)
            if m and m.group(2) not in skip:
                rows.append((name, m.group(2), m.group(2).startswith("blurred"), *[number(x) for x in m.groups()[3:]]))
    return rows


def today(r):
    s, m, p, d = r[3:7]
    return ((s is not None and s < 0.48) or (m is not None and m > 0.80) or (p is not None and p > 5.0)
            or (d is not None and d > 2.0 and p is not None and p > 2.5))


def report(rows, names, flagged):
    out = []
    for n in names:
        rs = [r for r in rows if r[0] == n]
        caught = sum(1 for r in rs if r[2] and flagged(r))
        blurred = sum(1 for r in rs if r[2])
        alarms = sum(1 for r in rs if not r[2] and flagged(r))
        out.append("%s %d/%d, %d false" % (n, caught, blurred, alarms))
    return " | ".join(out)


def features(r):
    s, m, p, d = r[3:7]
    p = 1.5 if p is None else min(p, 12)
    return [1.0 if s is None else s, 0.0 if m is None else m, p, (-1.0 if d is None else d) if p > 2.5 else -1.0]


def main():
    args, skip, margin, pairs = sys.argv[2:], set(), 0.0, []
    while args:
        a = args.pop(0)
        if a == "--skip":
            skip.add(args.pop(0))
        elif a == "--margin":
            margin = float(args.pop(0))
        else:
            pairs.append(tuple(a.split("=", 1)))
    rows, names = load(pairs, skip), [n for n, _ in pairs]
    mode = sys.argv[1]
    print("today:", report(rows, names, today))
    if mode == "gate":
        for S in (0.55, 0.58, 0.60, 0.62, 0.65, 0.70):
            for P in (2.5, 3.0, 3.5, 4.0, 4.5):
                gate = lambda r, S=S, P=P: today(r) or (r[3] is not None and r[5] is not None and r[3] < S and r[5] > P)
                print("S %.2f P %.1f:" % (S, P), report(rows, names, gate))
    elif mode == "logit":
        fit = [r for r in rows if r[0] == names[0]]
        X = np.array([features(r) for r in fit])
        y = np.array([1.0 if r[2] else 0.0 for r in fit])
        mu, sd = X.mean(0), X.std(0)
        z = lambda X: np.c_[(X - mu) / sd, np.ones(len(X))]
        w = np.zeros(X.shape[1] + 1)
        for _ in range(20000):
            p = 1 / (1 + np.exp(-z(X) @ w))
            w -= 0.1 * (z(X).T @ (p - y) / len(y) + 1e-3 * np.r_[w[:-1], 0])
        t = (z(X) @ w)[y == 0].max() + margin
        print("weights (standardised: sharpness, smear, spread, depth, bias):", np.round(w, 2), "threshold %.2f" % t)
        print("logit:", report(rows, names, lambda r: (z(np.array([features(r)])) @ w)[0] > t))
    elif mode == "extent":
        # Bins of the blur's size at the working size: a motion's or shake's length, a disc's radius,
        # a Gaussian's sigma (pixels).
        bins = {"length": (4, 6, 8, 10, 14, 20), "extent": (4, 6, 8, 10, 14, 20), "radius": (2, 3, 4, 6),
                "sigma": (1, 1.5, 2, 3)}
        sizes = {}
        for n, path in pairs:
            if ":" in path:
                for line in list(open(path.split(":", 1)[1]))[1:]:
                    f, param, _, _, working = line.strip().split(",")
                    sizes[(n, f)] = (param, float(working))
        table = {}
        for r in rows:
            if not r[2] or (r[0], r[1]) not in sizes:
                continue
            param, size = sizes[(r[0], r[1])]
            kind = r[1].rsplit("-", 1)[0]
            edges = bins[param]
            b = sum(1 for e in edges if size >= e)
            cell = table.setdefault((kind, param, b), [0, 0, []])
            cell[0] += today(r)
            cell[1] += 1
            if not today(r):
                cell[2].append("%s/%s %.1f" % (r[0], r[1], size))
        for (kind, param, b), (caught, total, missed) in sorted(table.items()):
            edges = bins[param]
            low = "<%g" % edges[0] if b == 0 else ">=%g" % edges[b - 1]
            span = low if b in (0, len(edges)) else "%g-%g" % (edges[b - 1], edges[b])
            print("%-22s %-6s %-7s px: %2d/%-2d %s" % (kind, param, span, caught, total, "; ".join(missed)))
    else:
        sharp = [r for r in rows if not r[2]]
        signs = (-1, 1, 1, 1)

        def dominates(s, m):
            return all(m[3 + k] is None or (s[3 + k] is not None and signs[k] * (s[3 + k] - m[3 + k]) >= 0) for k in range(4))

        missed = [r for r in rows if r[2] and not today(r)]
        dominated = 0
        for m in missed:
            d = [s for s in sharp if dominates(s, m)]
            dominated += bool(d)
            print("%s %s: %s" % (m[0], m[1], "at least as blurred: %s/%s and %d more" % (d[0][0], d[0][1], len(d) - 1) if d else "none"))
        print("missed %d, dominated %d" % (len(missed), dominated))


if __name__ == "__main__":
    main()
