#!/usr/bin/python3
"""A prototype blur measure, not used by Vigie (docs/ACCURACY.md, "Blur", stop 33): how much the
one-pixel steps of a picture along a direction correlate with the next step along it.

Motion and defocus spread each edge's ramp along the blur, so neighbouring steps along that
direction are alike (correlation near 1 - 1/length); across a crisp edge they are not (near 0 or
below). Per 64 px tile and per direction (8: 0, 90, 45, 135 degrees and the four knight's moves),
tiles whose steps have an RMS of at least 4 grey levels count; per direction the picture keeps the
mean of its lowest tenth of tiles (its crispest, at least 3); it scores its worst direction. None
when the direction with the fewest tiles has fewer than 3.

Input: grey PGM files at the quality working size, made with libvips:
    vips thumbnail IN.jpg /tmp/t.v 1024 --size down && vips colourspace /tmp/t.v OUT.pgm b-w
Usage: Evaluation/blur-smear-prototype.py FOLDER_OF_PGM    (Debian: python3-numpy)
Prints one line per file: name, score (or none), the worst direction's index.
"""
import glob
import os
import sys

import numpy as np

from pnm import read_pnm

DIRECTIONS = [(1, 0), (0, 1), (1, 1), (1, -1), (2, 1), (1, 2), (2, -1), (1, -2)]
TILE, QUANTILE, MIN_RMS = 64, 0.1, 4.0


def read_pgm(path):
    return read_pnm(path).astype(np.float64)


def pair(a, dx, dy):
    """a at p and a at p + (dx, dy), over the area where both exist."""
    h, w = a.shape
    y0, y1, x0, x1 = max(0, -dy), min(h, h - dy), max(0, -dx), min(w, w - dx)
    return a[y0:y1, x0:x1], a[y0 + dy:y1 + dy, x0 + dx:x1 + dx]


def score(image):
    per_direction = []
    for dx, dy in DIRECTIONS:
        a, b = pair(image, dx, dy)
        step, following = pair(b - a, dx, dy)
        values = []
        for y in range(0, step.shape[0] - TILE + 1, TILE):
            for x in range(0, step.shape[1] - TILE + 1, TILE):
                c, d = step[y:y + TILE, x:x + TILE], following[y:y + TILE, x:x + TILE]
                if np.sqrt((c * c).mean()) < MIN_RMS:
                    continue
                values.append((c * d).mean() / max(1e-9, np.sqrt((c * c).mean() * (d * d).mean())))
        per_direction.append(values)
    if min(len(v) for v in per_direction) < 3:
        return None, None
    worst = [np.sort(v)[:max(3, int(len(v) * QUANTILE))].mean() for v in per_direction]
    return max(worst), int(np.argmax(worst))


if __name__ == "__main__":
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.pgm"))):
        s, k = score(read_pgm(path))
        print(os.path.basename(path)[:-4], "none" if s is None else "%.3f %d" % (s, k), flush=True)
