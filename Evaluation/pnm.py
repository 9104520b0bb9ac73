"""Reads binary PGM (P5) and PPM (P6) files of 8 bits, as libvips writes them, for the evaluation
scripts in this folder (Debian: python3-numpy)."""
import numpy as np


def read_pnm(path):
    """The picture as a uint8 array: (height, width) for P5, (height, width, 3) for P6."""
    data = open(path, "rb").read()
    fields, i = [], 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] != b"\n":
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    magic, w, h = fields[0], int(fields[1]), int(fields[2])
    channels = 3 if magic == b"P6" else 1
    pixels = np.frombuffer(data[i + 1:i + 1 + w * h * channels], dtype=np.uint8)
    return pixels.reshape((h, w, 3) if channels == 3 else (h, w))
