#!/usr/bin/env bash
# Memory over a long run: `vigie check` (every check on, default jobs) over COPIES files (default 2000)
# copied from the phone photos of ../shared/corpus/metadata that have 8 megapixels or more, the same
# set as `make bench`. The resident memory of the process is sampled every second; the script prints
# the peak (max RSS) and the highest sample of each tenth of the run, so a run whose memory grows
# with the number of files shows it.
# Usage: scripts/bench-memory.sh [COPIES]. Figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-2000}"
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS/metadata" ] || { echo "bench-memory: no corpus at $CORPUS (set CORPUS)" >&2; exit 2; }
swift build -c release --product vigie 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. scripts/bench-photos.sh
bench_photos "$work" "$COPIES"
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ); ${#distinct[@]} distinct photos, $COPIES files"

/usr/bin/time -f "%e %M" -o "$work/time" "$bin/vigie" check --no-cache --no-progress --format json "$work/photos" >"$work/check.json" &
timer=$!
sleep 0.2
pid=$(pgrep -P "$timer" -n vigie || true)
: >"$work/rss"
while kill -0 "$timer" 2>/dev/null; do
  [ -n "$pid" ] && awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$work/rss" || true
  sleep 1
done
wait "$timer" || true
read -r wall peak < <(tail -n 1 "$work/time")
python3 - "$work/check.json" "$work/rss" "$wall" "$peak" "$COPIES" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
samples = [int(x) for x in open(sys.argv[2]).read().split()]
wall, peak, copies = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print("files:", report["summary"])
print(f"wall {wall:.1f} s, {copies / wall:.2f} photos/s, peak memory (max RSS) {peak // 1024} MB")
if samples:
    n = len(samples)
    tenths = [max(samples[i * n // 10:(i + 1) * n // 10] or [0]) // 1024 for i in range(10)]
    print("highest RSS sample in each tenth of the run (MB):", " ".join(str(t) for t in tenths))
PY
