#!/usr/bin/python3
"""Prototype of a blur measure of another kind than Vigie's four: how much of a tile's detail is left at
the finest scales, from its power spectrum (docs/ACCURACY.md, "Blur", stop 53).

Vigie's sharpness compares the steepest one-pixel and four-pixel steps of a tile, so a blur whose
kernel has a sharp core (a shake's path that lingers, FFmpeg's `gblur`, which is a two-sided
exponential, its decaying trails) leaves crisp but faint copies of each edge and scores sharp. The
power at fine scales does not: a kernel of any shape multiplies the spectrum by its transfer function,
and any spread of its mass lowers the power at the finest scales.

Per 128 px tile (every 64 px) of the working picture: mean removed, a Hann window, the power spectrum;
per tile the power in the fine band (periods of 2.5-4 px) over the power in the middle band (periods
of 8-16 px), each as a mean per frequency, the fine band less the picture's noise (its fine band's
power in the flattest tenth of the tiles). Tiles whose middle band stands under `SIGNAL_OVER_NOISE`
times the noise are left out. Natural scenes' spectra fall about as 1/f^2, so the ratio of a sharp
tile is about (12/3.25)^2 / 16 ~ 1 over the lens's and the JPEG's losses; a blur of a few pixels takes
it down by orders of magnitude. The picture scores the log10 of the mean ratio of its finest tenth of
tiles (at least three): a sharp subject keeps fine tiles.

Variant `dir`: the same per sector of frequency angle (four sectors of 45 degrees): each tile's least
fine sector among those with middle-band power (motion leaves one direction without fine detail).

Input: grey PGM files at the quality working size (see Evaluation/blur-spread-prototype.py).
Usage: Evaluation/blur-spectrum-prototype.py FOLDER_OF_PGM [VARIANT]   (Debian: python3-numpy)
Prints one line per file: name and score (or none).
"""
import glob
import os
import sys

import numpy as np

from pnm import read_pnm

TILE, STEP, SIGNAL_OVER_NOISE = 128, 64, 8.0

f = np.fft.fftfreq(TILE)
FY, FX = np.meshgrid(f, f, indexing="ij")
R = np.hypot(FX, FY)
THETA = np.mod(np.arctan2(FY, FX), np.pi)
FINE = (R >= 0.25) & (R < 0.4)
MIDDLE = (R >= 1 / 16) & (R < 1 / 8)
SECTORS = [(np.mod(THETA + np.pi / 8, np.pi) >= k * np.pi / 4) & (np.mod(THETA + np.pi / 8, np.pi) < (k + 1) * np.pi / 4)
           for k in range(4)]
HANN = np.outer(np.hanning(TILE), np.hanning(TILE))


def spectra(image):
    image = image.astype(np.float64)
    h, w = image.shape
    out = []
    for y in range(0, h - TILE + 1, STEP):
        for x in range(0, w - TILE + 1, STEP):
            t = image[y:y + TILE, x:x + TILE]
            t = (t - t.mean()) * HANN
            out.append(np.abs(np.fft.fft2(t)) ** 2)
    return out


def score(image, variant="iso"):
    ps = spectra(image)
    if len(ps) < 6:
        return None
    masks = [np.ones_like(FINE)] if variant == "iso" else SECTORS
    fine = np.array([[p[FINE & m].mean() for m in masks] for p in ps])
    middle = np.array([[p[MIDDLE & m].mean() for m in masks] for p in ps])
    # The noise per frequency: the fine band of the flattest tenth of the tiles (white noise is flat).
    total = fine.mean(1)
    noise = np.sort(total)[: max(1, len(total) // 10)].mean()
    ok = middle > SIGNAL_OVER_NOISE * noise
    ratio = np.where(ok, np.maximum(fine - noise, noise * 0.01) / np.maximum(middle, 1e-9), np.nan)
    if variant == "iso":
        per_tile = ratio[:, 0]
    else:
        counted = np.sum(ok, 1)
        per_tile = np.where(counted >= 2, np.nanmin(np.where(ok, ratio, np.inf), 1), np.nan)
    per_tile = per_tile[np.isfinite(per_tile)]
    if len(per_tile) < 3:
        return None
    n = max(3, len(per_tile) // 10)
    return float(np.log10(np.sort(per_tile)[::-1][:n].mean()))


def main():
    folder = sys.argv[1]
    variant = sys.argv[2] if len(sys.argv) > 2 else "iso"
    for path in sorted(glob.glob(os.path.join(folder, "*.pgm"))):
        s = score(read_pnm(path), variant)
        print(os.path.basename(path)[:-4], "none" if s is None else "%.3f" % s, flush=True)


if __name__ == "__main__":
    main()
