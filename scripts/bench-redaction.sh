#!/usr/bin/env bash
# `vigie clean --redact` over the corpus's people photos with no consent on record (no ledger: every
# identifiable face must be redacted), one job: time per photo, and how many copies came out clear,
# how many failed their second check and why. Figures go to docs/REDACTION.md.
# VIGIE=path/to/vigie (default: the debug build); STYLE=blur|pixelate|box (default blur).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-../shared/corpus}"
VIGIE="${VIGIE:-.build/debug/vigie}"
[ -d "$CORPUS/people" ] || { echo "bench: corpus not found at $CORPUS (set CORPUS)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is needed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=$(find "$CORPUS/people" -type f | wc -l)
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(uname -m); $(date -u +%Y-%m-%d); $files files; style ${STYLE:-blur}"
start=$(date +%s.%N)
# An empty data folder: no default ledger, hence no consent.
XDG_DATA_HOME="$work/data" VIGIE_LEDGER= "$VIGIE" clean "$CORPUS/people" --redact --redact-style "${STYLE:-blur}" \
  --output "$work/out" --jobs 1 --no-progress --format json --report "$work/report.json" || true
end=$(date +%s.%N)
echo "wall time: $(echo "$end - $start" | bc) s, $(echo "scale=2; ($end - $start) / $files" | bc) s per file"
jq -r '.summary | "summary: \(.files) files, \(.redacted) copies written, \(.errors) not written"' "$work/report.json"
jq -r '[.files[] | select(.redaction) | .redaction] | "faces redacted: \(map(.facesRedacted) | add // 0), text regions covered: \(map(.textRegionsCovered) | add // 0)"' "$work/report.json"
jq -r '.files[] | select(.status == "error") | "not written: \(.path): \(.errorId) \(.error)"' "$work/report.json"
jq -r '.files[] | select(.redaction) | "written: \(.path): \(.redaction.facesRedacted) faces, \(.redaction.textRegionsCovered) text, \(.redaction.width)x\(.redaction.height)"' "$work/report.json"
# An attacker's first try: sharpen every copy strongly (unsharp mask, as ImageRedactor.writeSharpened)
# and look for identifiable faces again (none was kept: there is no consent on record).
mkdir -p "$work/sharpened"
find "$work/out" -type f | while read -r f; do
  vips sharpen "$f" "$work/sharpened/$(basename "$f" | sed 's/\.[^.]*$//').jpg[Q=90]" --sigma 2 --m1 3 --m2 6
done
XDG_DATA_HOME="$work/data" VIGIE_LEDGER= "$VIGIE" check "$work/sharpened" --no-ocr --no-progress --format json --output "$work/sharpened.json" || true
jq -r '"sharpened copies: \(.files | length) files, \([.files[].faces.identifiable | length] | add) identifiable faces"' "$work/sharpened.json"
