#!/usr/bin/python3
"""A third blur set, made independently of Vigie's generator and of scripts/blur-set.sh (FFmpeg):
other photos, blur as a camera makes it, with kernels drawn at random per photo.

- Photos: corpus pictures in neither earlier set (iPhone HEIC, a WebP, compact cameras, small
  VOC photos, a frame of two corpus videos), at their own size up to 2048 px on the long side.
- Blur happens in linear light (sRGB decoded, convolved, encoded again), by FFT with the picture
  mirrored at its borders; then a little sensor noise and JPEG at quality 88 (libvips).
- Kernels, sized to the picture's long side D (so a 640 px photo gets proportionally the same):
  * motion: an anti-aliased straight path of length 0.5-2% of D at a random angle;
  * shake: a random walk with inertia (as Boracchi and Foi's camera-shake trajectories), its
    extent 0.5-2% of D;
  * defocus: an anti-aliased disc of radius 0.2-0.6% of D;
  * gauss: Gaussian of sigma 0.12-0.4% of D;
  * motion with noise: a straight path as above, then noise of sigma 5 grey levels;
  with floors (path 4 px, disc radius 2 px, sigma 1.2 px) for small photos.
- Sharp (negatives): the photo; the photo with noise; a sharp subject (an ellipse, feathered) on
  a defocused ground; a sharp subject on a ground panned by a 2% straight path.

Usage: Evaluation/blur-set-kernels.py OUT [CORPUS] [SEED]   (Debian: python3-numpy; libvips and ffmpeg
on PATH). Writes OUT/{blurred,sharp}-KIND-NN.jpg and OUT/kernels.csv (each blurred picture's kernel size, in
pixels of the picture and of the 1024 px working picture); score with
`vigie-eval blur --folder OUT --verbose`. Deterministic (seed 36 unless given: another seed draws
other kernels, angles and noise on the same photos).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

from pnm import read_pnm

PHOTOS = [
    "metadata/ianare/IMG_5195.HEIC", "metadata/ianare/iphone_13_pro_max.HEIC", "metadata/mei/IMG_1034.heic",
    "metadata/mei/IMG_2927.HEIC", "metadata/mei/Nikon_Coolpix_P7000.webp", "metadata/mei/cheers_1440x960.heic",
    "metadata/libheif/example.heic", "metadata/mei/HTC_Desire.jpg", "metadata/mei/Samsung_GT-I9000_Galaxy_S.jpg",
    "metadata/mei/Sony_DSC-HX5V_2.jpg", "metadata/ianare/DSCN0012.jpg", "metadata/ianare/DSCN0021.jpg",
    "metadata/ianare/DSCN0038.jpg", "people/dlib/2008_001009.jpg", "people/dlib/2008_002079.jpg",
    "people/dlib/2008_004176.jpg", "people/dlib/2009_004587.jpg",
    # Frames one second into two corpus videos (a GoPro walk, an iPhone close-up).
    "video/gopro-hero7-xyz-gpmf-gps-serials.mp4", "video/iphone6-apple-keys-gps.mov",
]
SEED = 36


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_ppm(path):
    return read_pnm(path).astype(np.float64) / 255


def write_jpeg(rgb, path, tmp):
    ppm = os.path.join(tmp, "out.ppm")
    h, w, _ = rgb.shape
    with open(ppm, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h))
        f.write(np.clip(np.round(rgb * 255), 0, 255).astype(np.uint8).tobytes())
    run("vips", "jpegsave", ppm, path, "--Q", "88", "--strip")


def to_linear(s):
    return np.where(s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)


def to_srgb(l):
    l = np.clip(l, 0, 1)
    return np.where(l <= 0.0031308, l * 12.92, 1.055 * l ** (1 / 2.4) - 0.055)


def splat(points, size):
    """An anti-aliased kernel through the given (x, y) points (bilinear splats), normalised."""
    k = np.zeros((size, size))
    c = size // 2
    for x, y in points:
        x, y = x + c, y + c
        x0, y0 = int(np.floor(x)), int(np.floor(y))
        fx, fy = x - x0, y - y0
        for dx, dy, wgt in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            if 0 <= x0 + dx < size and 0 <= y0 + dy < size:
                k[y0 + dy, x0 + dx] += wgt
    return k / k.sum()


def line_kernel(length, angle):
    n = max(2, int(length * 4))
    t = np.linspace(-length / 2, length / 2, n)
    size = int(length) + 5 | 1
    return splat(zip(t * np.cos(angle), t * np.sin(angle)), size)


def shake_kernel(extent, rng):
    """A random walk with inertia, scaled so its largest extent is `extent` pixels."""
    v = rng.normal(size=2)
    v /= np.linalg.norm(v)
    p, path = np.zeros(2), []
    for _ in range(400):
        v = 0.9 * v + 0.35 * rng.normal(size=2)
        if rng.random() < 0.02:  # a jerk
            v = v + 1.5 * rng.normal(size=2)
        p = p + v / max(1e-9, np.linalg.norm(v))
        path.append(p.copy())
    path = np.array(path)
    path -= (path.max(0) + path.min(0)) / 2
    path *= extent / max(1e-9, (path.max(0) - path.min(0)).max())
    # Dense samples between the walk's points.
    dense = [a + (b - a) * s for a, b in zip(path[:-1], path[1:]) for s in np.linspace(0, 1, 4, endpoint=False)]
    size = int(extent) + 5 | 1
    return splat(dense, size)


def disc_kernel(radius):
    size = int(2 * radius) + 5 | 1
    c = size // 2
    y, x = np.mgrid[0:size, 0:size] - c
    # Anti-aliased edge: coverage from the distance to the circle.
    k = np.clip(radius + 0.5 - np.hypot(x, y), 0, 1)
    return k / k.sum()


def gauss_kernel(sigma):
    size = int(6 * sigma) + 1 | 1
    c = size // 2
    y, x = np.mgrid[0:size, 0:size] - c
    k = np.exp(-(x * x + y * y) / (2 * sigma * sigma))
    return k / k.sum()


def convolve(rgb, kernel):
    """rgb (sRGB, 0..1) convolved with the kernel in linear light, borders mirrored."""
    h, w, _ = rgb.shape
    pad = kernel.shape[0] // 2 + 1
    lin = np.pad(to_linear(rgb), ((pad, pad), (pad, pad), (0, 0)), mode="reflect")
    H, W = lin.shape[:2]
    kf = np.zeros((H, W))
    kh, kw = kernel.shape
    kf[:kh, :kw] = kernel
    kf = np.roll(kf, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    K = np.fft.rfft2(kf)
    out = np.empty_like(lin)
    for ch in range(3):
        out[:, :, ch] = np.fft.irfft2(np.fft.rfft2(lin[:, :, ch]) * K, s=(H, W))
    return to_srgb(out[pad:pad + h, pad:pad + w])


def noisy(rgb, rng, sigma):
    return rgb + rng.normal(scale=sigma / 255, size=rgb.shape)


def subject_mask(h, w, rng):
    """A feathered ellipse covering about a fifth of the picture, somewhere central."""
    cy, cx = h * rng.uniform(0.35, 0.65), w * rng.uniform(0.35, 0.65)
    ry, rx = h * rng.uniform(0.22, 0.3), w * rng.uniform(0.15, 0.22)
    y, x = np.mgrid[0:h, 0:w]
    d = np.sqrt(((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2)
    return np.clip((1.08 - d) / 0.08, 0, 1)[:, :, None]


def main():
    out = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus"
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else SEED
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp, open(os.path.join(out, "kernels.csv"), "w") as kernels:
        kernels.write("file,parameter,long_side,pixels,working_pixels\n")
        sources = [os.path.join(corpus, p) for p in PHOTOS]
        for n, src in enumerate(sources, 1):
            ppm = os.path.join(tmp, "in.ppm")
            if src.endswith((".mp4", ".mov")):
                frame = os.path.join(tmp, "frame.png")
                run("ffmpeg", "-nostdin", "-y", "-ss", "1", "-i", src, "-frames:v", "1", frame)
                src = frame
            run("vips", "thumbnail", src, ppm, "2048", "--size", "down")
            rgb = read_ppm(ppm)
            h, w, _ = rgb.shape
            d = max(h, w)
            tag = "%02d" % n

            def save(kind, image):
                write_jpeg(noisy(image, rng, 1.5), os.path.join(out, "%s-%s.jpg" % (kind, tag)), tmp)

            # The kernels' sizes, at the picture's size and at the 1024 px working size.
            def drawn(kind, name, value):
                size = value * min(1.0, 1024 / d)
                kernels.write("%s-%s.jpg,%s,%d,%.2f,%.2f\n" % (kind, tag, name, d, value, size))

            angle = rng.uniform(0, np.pi)
            length = max(4.0, d * rng.uniform(0.005, 0.02))
            drawn("blurred-motion", "length", length)
            save("blurred-motion", convolve(rgb, line_kernel(length, angle)))
            extent = max(4.0, d * rng.uniform(0.005, 0.02))
            drawn("blurred-shake", "extent", extent)
            save("blurred-shake", convolve(rgb, shake_kernel(extent, rng)))
            radius = max(2.0, d * rng.uniform(0.002, 0.006))
            drawn("blurred-defocus", "radius", radius)
            save("blurred-defocus", convolve(rgb, disc_kernel(radius)))
            sigma = max(1.2, d * rng.uniform(0.0012, 0.004))
            drawn("blurred-gauss", "sigma", sigma)
            save("blurred-gauss", convolve(rgb, gauss_kernel(sigma)))
            length = max(4.0, d * rng.uniform(0.005, 0.02))
            drawn("blurred-motion-noisy", "length", length)
            save("blurred-motion-noisy", noisy(convolve(rgb, line_kernel(length, rng.uniform(0, np.pi))), rng, 5))
            save("sharp-photo", rgb)
            save("sharp-noisy", noisy(rgb, rng, 5))
            mask = subject_mask(h, w, rng)
            ground = convolve(rgb, disc_kernel(max(3.0, d * 0.006)))
            save("sharp-subject-soft", rgb * mask + ground * (1 - mask))
            ground = convolve(rgb, line_kernel(d * 0.02, rng.uniform(0, np.pi)))
            save("sharp-subject-panned", rgb * mask + ground * (1 - mask))
            print(tag, PHOTOS[n - 1], "%dx%d" % (w, h), flush=True)
    print(len(os.listdir(out)), "images in", out)


if __name__ == "__main__":
    main()
