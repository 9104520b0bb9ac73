#!/usr/bin/python3
"""The prototype of `Sharpness.depth` (docs/ACCURACY.md, "Blur", stop 43): straight motion blur told
by the nulls it leaves in the spectrum, read in the power cepstrum.

A straight motion of L px along u multiplies the spectrum by a sinc whose nulls fall every 1/L
along u; the log power spectrum dips periodically and its inverse FFT (the power cepstrum) has a
negative peak at +-L u, whatever the scene (a natural scene's log spectrum is smooth, its cepstrum
stays near the origin). Unlike the steps' correlation (`Sharpness.spread`), thin features (twigs,
leaf edges) do not shorten it.

The measure ("depth"), on the grey picture at the 1024 px working size:
  1. Tiles of 128 px every 64 px. Kept: tiles whose mean squared one-pixel step (horizontal and
     vertical averaged) is at least max(2^2, 2 x twice the noise), the noise's variance taken from
     the flattest tenth of the tiles (half their mean squared step). None if fewer than 6 are kept.
  2. Per kept tile: mean removed, 2-D Hann window, power |FFT|^2 (+ 1e-6 of its mean), cepstrum
     c = IFFT(log power). Normalised robustly on the ring of lags 4..25 px from the origin:
     z = (c - median_ring) / (1.4826 x MAD_ring).
  3. The motion's lag, per tile, from the other tiles (Welch-like, without the tile's own
     evidence): p*(t) = the most negative point of the ring of the sum of z over the kept tiles that
     do not overlap t. The tile's depth v(t) = -z_t(p*(t)), in robust standard deviations (about 0
     where the tile shows no null there; 3-7 in tiles of a moved picture). Leaving the overlapping
     tiles out keeps a sharp picture's depths centred on 0 (picking the minimum on the same tiles
     would bias them up, most on small pictures).
  4. Aggregation that keeps a sharp subject on a soft or panned ground sharp: among the kept tiles
     the half with the largest steps (at least 6: a sharp subject's tiles are the most stepped), the
     mean of the lowest quarter (at least 3) of their depths. The picture is "moved" when this depth
     exceeds THRESHOLD (1.5, chosen on kernel seed 36 only). Vigie takes 2.0, and only with a
     spread (`Sharpness.spread`) over 2.5 px: sharp print, strokes of one width, leaves a trough
     too (a page at 4.55), and the corpus's sharp photos reach 1.55.

Input: grey PGM files at the quality working size, made with libvips:
    vips thumbnail IN.jpg /tmp/t.v 1024 --size down && vips colourspace /tmp/t.v OUT.pgm b-w
Variant (stop 47, not kept): `echo` as second argument looks for the highest point instead, each lag
less the median of the lags as far from the origin: a shake that dwells at two places leaves a double
image, an echo, whose cepstrum peaks at the displacement.

Usage: Evaluation/blur-cepstrum-prototype.py FOLDER_OF_PGM [echo]   (Debian: python3-numpy)
Prints one line per file: name, depth (or none), the lag found on all tiles (dx, dy) and its length.
"""
import glob
import os
import sys

import numpy as np

from pnm import read_pnm

TILE, R_MIN, R_MAX = 128, 4, 25
MIN_STEP, SIGNAL_OVER_NOISE, MIN_TILES = 2.0, 2.0, 6
THRESHOLD = 1.5


def tiles_of(image):
    h, w = image.shape
    stride = TILE // 2
    where = [(y, x) for y in range(0, h - TILE + 1, stride) for x in range(0, w - TILE + 1, stride)]
    return np.array([image[y:y + TILE, x:x + TILE] for y, x in where]).reshape(-1, TILE, TILE), np.array(where)


def depth(image, sign=-1, radial=False):
    """(depth, lag (dx, dy) of the mean over all kept tiles), or (None, None)."""
    t, where = tiles_of(image.astype(np.float64))
    if len(t) < MIN_TILES:
        return None, None
    steps = ((np.diff(t, axis=1) ** 2).mean((1, 2)) + (np.diff(t, axis=2) ** 2).mean((1, 2))) / 2
    noise = np.sort(steps)[:max(3, len(steps) // 10)].mean() / 2
    keep = steps >= max(MIN_STEP ** 2, SIGNAL_OVER_NOISE * 2 * noise)
    if keep.sum() < MIN_TILES:
        return None, None
    t, steps, where = t[keep], steps[keep], where[keep]
    hann = np.hanning(TILE)
    t = (t - t.mean((1, 2), keepdims=True)) * np.outer(hann, hann)
    power = np.abs(np.fft.rfft2(t)) ** 2
    power += 1e-6 * power.mean((1, 2), keepdims=True) + 1e-12
    c = np.fft.irfft2(np.log(power), s=(TILE, TILE))
    lag = np.fft.fftfreq(TILE, 1.0 / TILE)
    radius = np.hypot(lag[:, None], lag[None, :])
    ring = (radius >= R_MIN) & (radius <= R_MAX)
    lags_y, lags_x = np.nonzero(ring)
    cr = c[:, ring]
    if radial:
        # Each lag less the median of the lags as far from the origin (the blur's round trend).
        rounded = np.round(radius[ring]).astype(int)
        for r in np.unique(rounded):
            cr[:, rounded == r] -= np.median(cr[:, rounded == r], 1)[:, None]
    median = np.median(cr, 1)[:, None]
    z = (cr - median) / (1.4826 * np.median(np.abs(cr - median), 1)[:, None])
    total = z.sum(0)
    overlapping = ((np.abs(where[:, None, 0] - where[None, :, 0]) < TILE)
                   & (np.abs(where[:, None, 1] - where[None, :, 1]) < TILE)).astype(np.float64)
    best = np.argmax(sign * (total[None, :] - overlapping @ z), 1)
    v = sign * z[np.arange(len(z)), best]
    stepped = np.argsort(-steps)[:max(MIN_TILES, len(v) // 2)]
    v = np.sort(v[stepped])
    i = np.argmax(sign * total)
    return float(v[:max(3, len(v) // 4)].mean()), (int(lag[lags_x[i]]), int(lag[lags_y[i]]))


if __name__ == "__main__":
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.pgm"))):
        s, p = depth(read_pnm(path), *((1, True) if sys.argv[2:3] == ["echo"] else (-1, False)))
        name = os.path.basename(path)[:-4]
        if s is None:
            print(name, "none", flush=True)
        else:
            print(name, "%.2f" % s, "lag %d,%d len %.1f" % (p[0], p[1], np.hypot(*p)), flush=True)
