#!/usr/bin/python3
"""Notices typed as text, as words for `vigie-eval text-words --rules` (the rules alone, no OCR).

  plain-words.py NOTICES.txt WORDS.json            # write the words
  plain-words.py NOTICES.txt --score REPORT.json   # count the notices the rules flagged

NOTICES.txt holds one notice a block, blocks parted by a line "---". Each word is boxed as
`TextDocument(plain:)` boxes it (20 px high, 10 px a character, a line every 30 px); a run of two
spaces or more starts the next column (x at the next multiple of 200 px), as a table's cells.
The notices in Evaluation/notices-*.txt were written by hand (stop 56): what school walls and web
pages show beside names (teams' jerseys, ranks, ages, books read, prices, votes) for the negatives,
sheets of marks in the forms teachers write them for the positives.
"""
import json
import re
import sys


def blocks(path):
    return [b.strip("\n") for b in open(path, encoding="utf-8").read().split("\n---\n") if b.strip()]


def words(block):
    out = []
    for li, line in enumerate(block.split("\n")):
        x = 0
        for ci, cell in enumerate(re.split(r"\s{2,}", line)):
            if ci > 0:
                x = (x // 200 + 1) * 200
            for tok in cell.split(" "):
                if not tok:
                    continue
                out.append({"text": tok, "confidence": 92, "line": li,
                            "box": {"x": x, "y": li * 30, "width": 10 * len(tok), "height": 20}})
                x += 10 * (len(tok) + 1)
    return {"text": {"linesRead": block.count("\n") + 1, "words": out}}


def main():
    notices = blocks(sys.argv[1])
    if len(sys.argv) == 4 and sys.argv[2] == "--score":
        report = json.load(open(sys.argv[3]))
        flagged = 0
        for f in sorted(report["files"], key=lambda f: f["path"]):
            title = notices[int(f["path"][7:10])].split("\n")[0]
            found = sorted({x["messageId"] for x in f.get("findings", [])})
            flagged += bool(found)
            print(f"{f['path']}  {', '.join(found) or '-'}  | {title}")
        print(f"flagged {flagged} of {len(notices)}")
        return
    json.dump({f"notice-{i:03d}.jpg": words(b) for i, b in enumerate(notices)}, open(sys.argv[2], "w"), ensure_ascii=False)


main()
