#!/usr/bin/python3
"""A numpy copy of Vigie's sharpness (`Sources/VigieChecks/Quality/Sharpness.swift`, `Sharpness.score`),
with the coarse step taken across +-K px instead of +-2, to try blur measures on grey PGM pictures of any
size without rebuilding Vigie (docs/ACCURACY.md, "Blur", stops 53 and 55). Within 0.01-0.02 of Vigie's
figures at K = 2 on the 1024 px working pictures.

Usage: blur-sharpness-step.py FOLDER K   (prints "name score" per FOLDER/*.pgm; "none" without content)
"""
import glob, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pnm import read_pnm
TILE = 64
def score(img, K):
    p = img.astype(np.int32)
    h, w = p.shape
    m = 2 * K  # margin
    if h <= 2 * m + 8 or w <= 2 * m + 8: return None
    gx = np.zeros_like(p); gy = np.zeros_like(p)
    gx[:, 1:-1] = p[:, 2:] - p[:, :-2]; gy[1:-1, :] = p[2:, :] - p[:-2, :]
    proj = np.stack([np.abs(gx) * 256, np.abs(gy) * 256, np.abs(gx + gy) * 181, np.abs(gx - gy) * 181])
    k = np.argmax(proj, 0); best = proj.max(0)
    dirs = [(1, 0), (0, 1), (1, 1), (1, -1)]
    def sh(dx, dy):  # p at (x+dx, y+dy)
        return np.roll(np.roll(p, -dy, 0), -dx, 1)
    fine = np.zeros((4, h, w), np.int32); coarse = np.zeros((4, h, w), np.int32)
    for d, (dx, dy) in enumerate(dirs):
        f = np.maximum(np.abs(sh(dx, dy) - p), np.abs(p - sh(-dx, -dy)))
        c = np.abs(sh(K * dx, K * dy) - sh(-K * dx, -K * dy))
        sel = (k == d) & (best > 0)
        fine[d] = np.where(sel, f, 0); coarse[d] = np.where(sel, c, 0)
    valid = np.zeros((h, w), bool); valid[max(2, K):h - max(2, K), max(2, K):w - max(2, K)] = True
    fine *= valid; coarse *= valid
    per = [[] for _ in range(4)]; content = 0
    for y in range(0, h, TILE):
        for x in range(0, w, TILE):
            fm = fine[:, y:y + TILE, x:x + TILE].reshape(4, -1).max(1)
            cm = coarse[:, y:y + TILE, x:x + TILE].reshape(4, -1).max(1)
            if cm.max() >= 24:
                content += 1
                for d in range(4):
                    if cm[d] >= 24: per[d].append(min(1.0, fm[d] / cm[d]))
    if content < 3: return None
    n = max(3, content // 10)
    out = []
    for v in per:
        b = sorted(v, reverse=True)[:n]
        out.append((sum(b) + (n - len(b)) * 0.25) / n)
    return min(out)
K = int(sys.argv[2])
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.pgm'))):
    s = score(read_pnm(path), K)
    print(os.path.basename(path)[:-4], 'none' if s is None else '%.3f' % s, flush=True)
