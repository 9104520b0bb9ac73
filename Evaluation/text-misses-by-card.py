#!/usr/bin/python3
"""Where the text rules miss, by what the positive card looks like (docs/ACCURACY.md, stop 43).

Reads `vigie-eval ocr --verbose` logs and the `cards.tsv` of their work folders (the painted cards:
file, text, font, cap height, angle, blur, centre, dark, keystone; the first card of a positive image
is the one its rule should find) and prints the share of positive images missed, by keystone (under
0.2 or not) and capital height (under 25 px or not), without opening an image: a set scored this way
stays untuned.

Usage: Evaluation/text-misses-by-card.py LOG WORK_DIR [LOG WORK_DIR ...]
  e.g. OMP_THREAD_LIMIT=1 vigie-eval ocr --set forms --seed 89 --per-rule 24 --verbose --generated-only \\
           --work /tmp/e-forms89 > /tmp/forms89.log
       Evaluation/text-misses-by-card.py /tmp/forms89.log /tmp/e-forms89
"""
import collections
import csv
import re
import sys


def main(arguments):
    if len(arguments) < 2 or len(arguments) % 2:
        sys.exit(__doc__)
    total, missed = collections.Counter(), collections.Counter()
    for log, folder in zip(arguments[::2], arguments[1::2]):
        misses = {m.group(1) for line in open(log) if (m := re.search(r"(gen-\d+-[^/:]+\.jpg): found \[", line))}
        seen = set()
        for row in csv.DictReader(open(folder + "/cards.tsv"), delimiter="\t"):
            name = row["file"]
            if "negative" in name or name in seen:
                continue
            seen.add(name)
            keystone = "keystone >= 0.2" if abs(float(row["keystone"].split()[0])) >= 0.2 else "keystone < 0.2"
            size = "capitals < 25 px" if int(row["cap"]) < 25 else "capitals >= 25 px"
            for key in (keystone, size, keystone + ", " + size):
                total[key] += 1
                missed[key] += name in misses
    for key in sorted(total):
        print(f"{key}: {missed[key]} of {total[key]} missed ({100 * missed[key] / total[key]:.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1:])
