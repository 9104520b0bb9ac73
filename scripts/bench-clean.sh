#!/usr/bin/env bash
# Benchmark of `vigie clean` against exiftool's correct lossless invocation
# (`exiftool -all= -tagsfromfile @ -Orientation -ICC_Profile`, one batch run) on the same files:
# the JPEGs of ../shared/corpus/metadata that both tools can clean, copied COPIES times (default 10).
# Prints files per second for each and their ratio. Release build. Usage: scripts/bench-clean.sh [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-10}"
CORPUS="${VIGIE_CORPUS:-../shared/corpus}/metadata"
[ -d "$CORPUS" ] || { echo "bench-clean: no corpus at $CORPUS (set VIGIE_CORPUS)" >&2; exit 2; }
command -v exiftool >/dev/null || { echo "bench-clean: exiftool is not installed (scripts/setup.sh installs it)" >&2; exit 2; }

swift build -c release --product vigie 2>&1 | tail -n 1
VIGIE="$(swift build -c release --show-bin-path)/vigie"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
# JPEG files that are whole (vigie refuses truncated ones; exiftool refuses some of those too).
n=0
while IFS= read -r -d '' f; do
  if head -c 3 "$f" | od -An -tx1 | grep -q "ff d8 ff" && exiftool -q -q -validate -warning "$f" >/dev/null 2>&1; then
    for i in $(seq 1 "$COPIES"); do cp "$f" "$WORK/in/$i-$(basename "$f")"; done
    n=$((n + 1))
  fi
done < <(find "$CORPUS" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) -print0 | sort -z)
FILES=$(find "$WORK/in" -type f | wc -l)
BYTES=$(du -sb "$WORK/in" | cut -f1)

now() { date +%s.%N; }
rate() { python3 -c "import sys; f,t=int(sys.argv[1]),float(sys.argv[2]); print(f'{f/t:.0f}')" "$@"; }

# Warm the page cache once so neither tool pays for the first read.
cat "$WORK"/in/* >/dev/null

# Every timing starts with no dirty pages and ends with the outputs on disk: vigie syncs its output
# file system before it reports; exiftool does not, so `sync` is timed with it.
sync
t0=$(now); "$VIGIE" clean "$WORK/in" --output "$WORK/out-vigie" --no-progress >/dev/null || true; t1=$(now)
VIGIE_ALL=$(python3 -c "print($t1-$t0)")
sync
t0=$(now); "$VIGIE" clean "$WORK/in" --output "$WORK/out-vigie1" --no-progress --jobs 1 >/dev/null || true; t1=$(now)
VIGIE_ONE=$(python3 -c "print($t1-$t0)")
sync
t0=$(now); "$VIGIE" clean "$WORK/in" --output "$WORK/out-vigie-px" --no-progress --verify-pixels >/dev/null || true; t1=$(now)
VIGIE_PX=$(python3 -c "print($t1-$t0)")
mkdir -p "$WORK/out-exiftool"
sync
t0=$(now); exiftool -q -q -all= -tagsfromfile @ -Orientation -ICC_Profile -o "$WORK/out-exiftool/" "$WORK/in" >/dev/null 2>&1 || true; sync; t1=$(now)
EXIF=$(python3 -c "print($t1-$t0)")
CLEANED=$(find "$WORK/out-vigie" -type f | wc -l)
EXIF_OUT=$(find "$WORK/out-exiftool" -type f | wc -l)

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -m); $(exiftool -ver | sed 's/^/exiftool /'); vigie release build"
echo "set: $FILES JPEG files ($n distinct corpus files x $COPIES), $((BYTES / 1000000)) MB; vigie cleaned $CLEANED, exiftool wrote $EXIF_OUT"
echo
echo "| tool | seconds | files/s | vs exiftool |"
echo "|---|---|---|---|"
printf "| exiftool -all= -tagsfromfile @ -Orientation -ICC_Profile (1 process) + sync | %.2f | %s | 1.0x |\n" "$EXIF" "$(rate "$FILES" "$EXIF")"
printf "| vigie clean --jobs 1 | %.2f | %s | %.1fx |\n" "$VIGIE_ONE" "$(rate "$FILES" "$VIGIE_ONE")" "$(python3 -c "print($EXIF/$VIGIE_ONE)")"
printf "| vigie clean (all cores) | %.2f | %s | %.1fx |\n" "$VIGIE_ALL" "$(rate "$FILES" "$VIGIE_ALL")" "$(python3 -c "print($EXIF/$VIGIE_ALL)")"
printf "| vigie clean --verify-pixels (all cores) | %.2f | %s | %.1fx |\n" "$VIGIE_PX" "$(rate "$FILES" "$VIGIE_PX")" "$(python3 -c "print($EXIF/$VIGIE_PX)")"
