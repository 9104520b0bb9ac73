#!/usr/bin/python3
"""Score a `vigie check --format json` report against the independent text set.

  score-independent-text.py DIR REPORT.json

DIR is a folder written by independent-text-set.py (its manifest.tsv says, for each photo, which text
rules must fire; empty = none). A finding counts for the rule named by its id up to the second dot
("text.grade.mark" -> "text.grade"); only text.* findings are scored (faces, consent and quality
findings are ignored). For each rule: TP = photos expecting it where it fired, FN = photos expecting
it where it did not, FP = photos not expecting it where it fired. Photos the tool could not check
(status "error", or absent from the report) count as misses for every rule they expect, and are
listed separately. Prints markdown.
"""

import csv
import json
import os
import sys

RULES = ["text.student-id", "text.grade", "text.personal-info", "text.confidential", "text.student-name"]


def rule_of(finding):
    rid = finding.get("rule") or finding.get("messageId") or ""
    return ".".join(rid.split(".")[:2])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    folder, report_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(folder, "manifest.tsv"), encoding="utf-8") as f:
        manifest = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)

    # index the report by file name (paths may be relative to DIR or absolute)
    results = {}
    for entry in report.get("files", []):
        results[os.path.basename(entry["path"])] = entry
    for entry in report.get("skippedFiles", []) or []:
        path = entry.get("path", "") if isinstance(entry, dict) else str(entry)
        results.setdefault(os.path.basename(path), {"status": "skipped", "findings": []})

    stats = {rule: dict(expected=0, tp=0, fn=0, fp=0) for rule in RULES}
    misses, false_findings, unchecked = [], [], []
    for row in manifest:
        expected = {r for r in row["expected_rules"].split(",") if r}
        entry = results.get(row["file"])
        checked = entry is not None and entry.get("status") not in ("error", "skipped")
        found = {}
        if checked:
            for finding in entry.get("findings", []):
                rule = rule_of(finding)
                if rule.startswith("text."):
                    found.setdefault(rule, []).append(finding.get("messageId", rule))
        else:
            why = "absent from the report" if entry is None else entry.get("status")
            detail = ", ".join(f.get("messageId", "") for f in (entry or {}).get("findings", []))
            unchecked.append((row, f"{why} {detail}".strip()))
        for rule in RULES:
            if rule in expected:
                stats[rule]["expected"] += 1
                if rule in found:
                    stats[rule]["tp"] += 1
                else:
                    stats[rule]["fn"] += 1
                    misses.append((rule, row, "not checked" if not checked else ""))
            elif rule in found:
                stats[rule]["fp"] += 1
                false_findings.append((rule, row, ", ".join(sorted(set(found[rule])))))
        for rule in found:  # text rules outside the five (should not happen; shown for completeness)
            if rule not in RULES and rule not in expected:
                false_findings.append((rule, row, ", ".join(sorted(set(found[rule])))))

    def pct(a, b):
        return f"{100.0 * a / b:.0f}%" if b else "-"

    print(f"# Independent text set: {folder}\n")
    negatives = sum(1 for row in manifest if not row["expected_rules"])
    print(f"{len(manifest)} photos ({len(manifest) - negatives} positives, {negatives} negatives); "
          f"report: {report_path}\n")
    print("| rule | expected | TP | FN | FP | recall | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    tot = dict(expected=0, tp=0, fn=0, fp=0)
    for rule in RULES:
        s = stats[rule]
        for k in tot:
            tot[k] += s[k]
        print(f"| {rule} | {s['expected']} | {s['tp']} | {s['fn']} | {s['fp']} | "
              f"{pct(s['tp'], s['expected'])} | {pct(s['tp'], s['tp'] + s['fp'])} |")
    print(f"| **all** | {tot['expected']} | {tot['tp']} | {tot['fn']} | {tot['fp']} | "
          f"{pct(tot['tp'], tot['expected'])} | {pct(tot['tp'], tot['tp'] + tot['fp'])} |")

    def describe(row):
        extra = []
        if row.get("blur", "0.0") not in ("0", "0.0", ""):
            extra.append(f"blur {row['blur']}")
        if row.get("noise", "0.0") not in ("0", "0.0", ""):
            extra.append(f"noise {row['noise']}")
        return (f"`{row['file']}` \"{row['text']}\" — {row['font']}, cap {row['cap_px']} px, "
                f"angle {row['angle']}°, keystone {row['keystone'] or 'none'}, "
                f"{'dark' if row['dark'] == '1' else 'light'}, Q{row.get('quality', '?')}"
                + (", " + ", ".join(extra) if extra else ""))

    print(f"\n## Misses ({len(misses)})\n")
    for rule, row, note in sorted(misses, key=lambda m: (m[0], m[1]["file"])):
        print(f"- {rule}: {describe(row)}" + (f" **({note})**" if note else ""))
    print(f"\n## False findings ({len(false_findings)})\n")
    for rule, row, ids in sorted(false_findings, key=lambda m: (m[0], m[1]["file"])):
        exp = row["expected_rules"] or "negative"
        dis = f"; second card \"{row['distractor']}\"" if row.get("distractor") else ""
        print(f"- {rule} ({ids}) on {exp}: {describe(row)}{dis}")
    print(f"\n## Not checked ({len(unchecked)}; counted as misses)\n")
    for row, why in unchecked:
        print(f"- `{row['file']}`: {why}")


if __name__ == "__main__":
    main()
