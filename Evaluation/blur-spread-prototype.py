#!/usr/bin/python3
"""The prototype of `Sharpness.spread` (docs/ACCURACY.md, "Blur", stop 41) and of the variants it was
chosen among: how far the one-pixel steps of a picture along a direction stay alike.

Per 64 px tile and per direction (8: 0, 90, 45, 135 degrees and the four knight's moves), each pixel
averaged with its two neighbours across the direction, the correlation of each step with the step
1, 2, ... 10 steps further along it, corrected for the picture's noise as `Sharpness.smear` is (the
noise's variance from the flattest tenth of the tiles; tiles under max(4^2, 8 x twice the noise) per
pixel left out). A blur of L px makes it fall as 1 - k/L. Per tile a width in pixels, by variant:
  h50  twice the lag where the correlation crosses 1/2 (Vigie's);
  h25  4/3 of the lag where it crosses 1/4;
  ext  1 + twice the sum of the correlations (each clipped to 0..1);
  ez   the same sum stopped at the first correlation at or under 0.
Per direction the mean of the crispest tenth of the tiles (at least 3); the picture scores its most
spread direction among at least four directions with three tiles. One more variant, scored otherwise:
  aniso  h50's per-direction values, the largest difference between two perpendicular directions
         (0/90, 45/135 degrees and the two pairs of knight's moves): motion spreads one direction of
         a pair only (stop 42, not kept: docs/ACCURACY.md, "Blur").
  least  h50's per-direction values, the least spread direction (blur in every direction: defocus,
         a curved shake, Gaussian); mean: their mean.

Input: grey PGM files at the quality working size, made with libvips:
    vips thumbnail IN.jpg /tmp/t.v 1024 --size down && vips colourspace /tmp/t.v OUT.pgm b-w
Usage: Evaluation/blur-spread-prototype.py FOLDER_OF_PGM [VARIANT]   (Debian: python3-numpy)
Prints one line per file: name and width (or none).
"""
import glob
import os
import sys

import numpy as np

from pnm import read_pnm

DIRECTIONS = [(1, 0), (0, 1), (1, 1), (1, -1), (2, 1), (1, 2), (2, -1), (1, -2)]
TILE, LAGS, MARGIN, MIN_STEP, SIGNAL_OVER_NOISE = 64, 10, 24, 4.0, 8.0


def shifted(a, dx, dy):
    """a at p + (dx, dy) (wrapping; the margin keeps tiles clear of the wrap)."""
    return np.roll(np.roll(a, -dy, 0), -dx, 1)


def tile_sums(a):
    a = a[MARGIN:-MARGIN, MARGIN:-MARGIN]
    rows, columns = a.shape[0] // TILE, a.shape[1] // TILE
    return a[:rows * TILE, :columns * TILE].reshape(rows, TILE, columns, TILE).sum((1, 3)).ravel()


def crossing(rho, level):
    """Per tile, the lag (interpolated) where the correlation first falls under level; LAGS if never."""
    out, previous, done = np.full(rho.shape[1], float(LAGS)), np.ones(rho.shape[1]), np.zeros(rho.shape[1], bool)
    for k in range(LAGS):
        hit = ~done & (rho[k] < level)
        out[hit] = k + ((previous - level) / np.maximum(previous - rho[k], 1e-9))[hit]
        done |= hit
        previous = rho[k]
    return out


PERPENDICULAR = [((1, 0), (0, 1)), ((1, 1), (1, -1)), ((2, 1), (1, -2)), ((1, 2), (2, -1))]


def spread(image, variant="h50"):
    if variant in ("least", "mean"):
        per = spread(image, "per-direction")
        if per is None or len(per) < 4:
            return None
        return min(per.values()) if variant == "least" else sum(per.values()) / len(per)
    if variant == "aniso":
        per = spread(image, "per-direction")
        pairs = [abs(per[a] - per[b]) for a, b in PERPENDICULAR if a in per and b in per]
        return max(pairs) if len(per) >= 4 and pairs else None
    image = image.astype(np.float64)
    area = TILE * TILE
    per_direction = []
    for dx, dy in DIRECTIONS:
        vx, vy = -dy, dx
        mean = (shifted(image, -vx, -vy) + image + shifted(image, vx, vy)) / 3
        step = shifted(mean, dx, dy) - mean
        energy = tile_sums(step * step)
        products = np.array([tile_sums(step * shifted(step, k * dx, k * dy)) for k in range(1, LAGS + 1)])
        noise = np.sort(energy)[:max(3, int(len(energy) * 0.1))].mean() / (2 * area)
        keep = energy >= max(MIN_STEP ** 2, SIGNAL_OVER_NOISE * 2 * noise) * area
        if keep.sum() < 3:
            continue
        signal = energy[keep] - 2 * noise * area
        rho = products[:, keep] / signal
        rho[0] += noise * area / signal
        length = np.hypot(dx, dy)
        if variant in ("h50", "per-direction"):
            width = 2 * crossing(rho, 0.5)
        elif variant == "h25":
            width = crossing(rho, 0.25) * 4 / 3
        elif variant == "ext":
            width = 1 + 2 * np.clip(rho, 0, 1).sum(0)
        else:
            width = 1 + 2 * (np.clip(rho, 0, 1) * np.cumprod(rho > 0, 0)).sum(0)
        width = np.sort(width * length)
        per_direction.append(((dx, dy), width[:max(3, len(width) // 10)].mean()))
    if variant == "per-direction":
        return dict(per_direction)
    return max(v for _, v in per_direction) if len(per_direction) >= 4 else None


if __name__ == "__main__":
    variant = sys.argv[2] if len(sys.argv) > 2 else "h50"
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.pgm"))):
        s = spread(read_pnm(path), variant)
        print(os.path.basename(path)[:-4], "none" if s is None else "%.2f" % s, flush=True)
