#!/usr/bin/env bash
# The benchmark (`make bench`): release build, then on real phone photos of ../shared/corpus/metadata
# (the sets of scripts/bench-photos.sh):
#   0. the machine's reference: libvips alone shrinking the JPEG phone photos to 2048 px on one
#      thread (`VIPS_CONCURRENCY=1 vipsthumbnail -s 2048`), ms per photo; issue 23's targets hold for a
#      machine at 248 ms and are scaled by the ratio on another;
#   1. vigie check with every check on (metadata, faces, OCR, quality; default jobs, no cache) on each
#      set: the JPEG phone photos copied to 240 files (JPEG_COPIES), the HEIC to 120 (HEIC_COPIES), the mixed set to COPIES
#      (default 300): files per second and peak memory (max RSS); then one small JPEG, first check
#      and cached (median of 7 runs);
#   2. the cost of each stage per photo on one core (vigie-eval bench-stages);
#   3. vigie clean against exiftool on the same files (both write cleaned copies);
#   4. face detection against deface (ORB-HD/deface, OpenCV backend, from PyPI in a virtual
#      environment under ~/.cache/vigie-bench) on the distinct photos.
# Usage: scripts/bench.sh [COPIES]. Figures go to docs/BENCHMARKS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-300}"
JPEG_COPIES="${JPEG_COPIES:-240}"
HEIC_COPIES="${HEIC_COPIES:-120}"
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS/metadata" ] || { echo "bench: no corpus at $CORPUS (set CORPUS)" >&2; exit 2; }
for tool in vipsheader vipsthumbnail exiftool python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (scripts/setup.sh installs it)" >&2; exit 2; }
done

swift build -c release --product vigie 2>&1 | tail -n 1
swift build -c release --product vigie-eval 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. scripts/bench-photos.sh

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%dT%H:%MZ)"

secs() { python3 -c "import sys; print(f'{float(sys.argv[1]):.1f}')" "$1"; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.3f}')" "$@"; }

echo
echo "== machine reference: VIPS_CONCURRENCY=1 vipsthumbnail -s 2048 of the JPEG phone photos"
bench_photos "$work/jpeg" "$JPEG_COPIES" jpeg
mkdir -p "$work/reference"
rounds=()
for round in 1 2 3; do
  start=$(date +%s.%N)
  VIPS_CONCURRENCY=1 vipsthumbnail -s 2048 -o "$work/reference/%s.jpg" "$work"/jpeg/distinct/*
  end=$(date +%s.%N)
  rounds+=("$(python3 -c "print(($end - $start) * 1000 / ${#distinct[@]})")")
done
reference=$(median "${rounds[@]}")
scale=$(python3 -c "print(f'{248 / float($reference):.2f}')")
echo "reference: $(python3 -c "print(round($reference))") ms per photo (issue 23's machine: 248 ms); targets here = targets x $scale"

target() { python3 -c "import sys; print(f'{float(sys.argv[1]) * $scale:.2f}')" "$1"; }

# check_set NAME FOLDER COUNT TARGET: vigie check of a folder, every check on, default jobs, no cache.
check_set() {
  local name=$1 folder=$2 count=$3 goal=$4 wall rss
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin/vigie" check --no-cache --no-progress --format json "$folder" >"$work/check.json" || true
  read -r wall rss < <(tail -n 1 "$work/time")
  python3 - "$work/check.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: files {r['summary']}")
PY
  echo "$name: wall $(secs "$wall") s, $(rate "$count" "$wall") photos/s (target $(target "$goal")), peak memory $((rss / 1024)) MB (target 400)"
}

echo
echo "== vigie check, every check on, default jobs ($(getconf _NPROCESSORS_ONLN)), no cache"
echo "JPEG phone photos: ${#distinct[@]} distinct ($(cd "$work/jpeg/distinct" && ls | tr '\n' ' ')), $JPEG_COPIES files"
check_set "jpeg" "$work/jpeg/photos" "$JPEG_COPIES" 3
bench_photos "$work/heic" "$HEIC_COPIES" heic
echo "HEIC phone photos: ${#distinct[@]} distinct, $HEIC_COPIES files"
check_set "heic" "$work/heic/photos" "$HEIC_COPIES" 2.5
bench_photos "$work" "$COPIES"
echo "mixed: ${#distinct[@]} distinct of 8 MP or more ($(cd "$work/distinct" && ls | sed 's/.*\.//' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')), $COPIES files"
check_set "mixed" "$work/photos" "$COPIES" 2.5

echo
echo "== one small JPEG (Fixtures/metadata/gps-tags-no-coords.jpg, 100x68), median of 7 runs"
small=Fixtures/metadata/gps-tags-no-coords.jpg
export XDG_CACHE_HOME="$work/cache"
for mode in --no-cache ""; do
  runs=()
  for run in 0 1 2 3 4 5 6 7; do
    start=$(date +%s.%N)
    "$bin/vigie" check $mode --no-progress "$small" >/dev/null || true
    end=$(date +%s.%N)
    [ "$run" = 0 ] || runs+=("$(python3 -c "print($end - $start)")")
  done
  echo "vigie check ${mode:-(cached)}: $(median "${runs[@]}") s wall (target $(python3 -c "print(f'{0.4 / $scale:.2f}')") s)"
done
unset XDG_CACHE_HOME

echo
echo "== stages, per photo, one core (vigie-eval bench-stages --ocr)"
echo "mixed set:"
"$bin/vigie-eval" bench-stages --ocr --runs 3 "${distinct[@]}" | grep -v "^[^ ]*: [0-9]*x[0-9]*, working"
echo "JPEG phone photos:"
"$bin/vigie-eval" bench-stages --ocr --runs 3 "$work"/jpeg/distinct/* | grep -v "^[^ ]*: [0-9]*x[0-9]*, working"

echo
echo "== vigie clean against exiftool (cleaned copies of the same $COPIES files)"
sync
/usr/bin/time -f "%e %M" -o "$work/time" "$bin/vigie" clean --no-progress --output "$work/out-vigie" "$work/photos" >/dev/null || true
read -r vwall vrss < <(tail -n 1 "$work/time")
mkdir -p "$work/out-exiftool"; sync
/usr/bin/time -f "%e %M" -o "$work/time" sh -c 'exiftool -q -q -all= -tagsfromfile @ -Orientation -ICC_Profile -o "$1/" "$2" >/dev/null 2>&1; sync' - "$work/out-exiftool" "$work/photos" || true
read -r ewall erss < <(tail -n 1 "$work/time")
echo "vigie clean: $(secs "$vwall") s, $(rate "$COPIES" "$vwall") files/s, peak $((vrss / 1024)) MB ($(ls "$work/out-vigie" | wc -l) written; HEIC are converted to JPEG)"
echo "exiftool:    $(secs "$ewall") s, $(rate "$COPIES" "$ewall") files/s ($(ls "$work/out-exiftool" | wc -l) written)"

echo
echo "== faces: vigie (CenterFace through OpenCV DNN, one core) against deface (OpenCV backend)"
venv="${HOME}/.cache/vigie-bench/deface-venv"
if [ ! -x "$venv/bin/deface" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q deface opencv-python-headless >/dev/null 2>&1 ||
    { echo "deface could not be installed from PyPI: skipped"; exit 0; }
fi
jpegs=("$work"/distinct/*.jpg "$work"/distinct/*.webp)
jpegs=($(ls "${jpegs[@]}" 2>/dev/null))
"$bin/vigie-eval" bench-stages --runs 3 "${jpegs[@]}" | grep "face network\|faces (detect"
mkdir -p "$work/deface"
cp "${jpegs[@]}" "$work/deface/"
start=$(date +%s.%N)
for run in 1 2; do
  # One process per run over every photo (model loaded once); outputs land beside the copies.
  OMP_NUM_THREADS=1 "$venv/bin/deface" --backend opencv "$work"/deface/* >/dev/null 2>&1 || true
  rm -f "$work"/deface/*_anonymized.*
done
end=$(date +%s.%N)
echo "deface --backend opencv (detect, blur and write; its own default 'scale'): $(python3 -c "print(f'{($end - $start) * 1000 / (2 * ${#jpegs[@]}):.0f}')") ms per photo"
