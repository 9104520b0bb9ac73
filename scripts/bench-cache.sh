#!/usr/bin/env bash
# The detection cache benchmark (`make bench-cache`): release build, then COPIES (default 300) JPEG
# files made from the photos of $CORPUS/people, each given its own JPEG comment (COM segment) so that
# every file has its own content hash (no run is helped by a duplicate). A manifest names S1 or S2 in
# each photo (event, website) against a ledger where both consented. Then, each with its wall and
# CPU (user + system) time and the load average (the machine is shared):
#   1. vigie check --format json with an empty cache (the first run);
#   2. the same check again, the cache filled: at least 20 times faster, the same JSON byte for byte;
#   3. vigie consent revoke S1, then vigie audit with the cache: under 10% of the first check's time;
#   4. for comparison, the same audit without the cache (--no-cache).
# Usage: scripts/bench-cache.sh [COPIES]. Figures go to docs/BENCHMARKS.md and docs/SCALE.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-300}"
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS/people" ] || { echo "bench-cache: no corpus at $CORPUS (set CORPUS)" >&2; exit 2; }
for tool in python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-cache: $tool is needed" >&2; exit 2; }
done

swift build -c release --product vigie 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/photos"

python3 - "$CORPUS/people" "$work/photos" "$COPIES" <<'PY'
import os, struct, sys
src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
photos = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.lower().endswith((".jpg", ".jpeg")))
rows = ["file,people,context,channel,caption,tags"]
for i in range(copies):
    data = open(photos[i % len(photos)], "rb").read()
    assert data[:2] == b"\xff\xd8"
    comment = b"vigie bench copy %d" % i
    name = "%03d-%s" % (i, os.path.basename(photos[i % len(photos)]))
    open(os.path.join(out, name), "wb").write(data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:])
    rows.append("%s,%s,event,website,Bench,"  % (name, "S1" if i % 3 == 0 else "S2"))
open(os.path.join(out, "vigie.csv"), "w").write("\n".join(rows) + "\n")
print("photos: %d distinct sources, %d files" % (len(photos), copies))
PY
printf 'id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,student,5A\n' >"$work/p.csv"
printf 'person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence\nS1,consent,P,2026-09-01,all,all,no,,,\nS2,consent,P,2026-09-01,all,all,no,,,\n' >"$work/c.csv"
ledger="$work/ledger.sqlite"
"$bin/vigie" consent import people "$work/p.csv" --ledger "$ledger" >/dev/null
"$bin/vigie" consent import consents "$work/c.csv" --ledger "$ledger" >/dev/null
cat "$work"/photos/* >/dev/null

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%dT%H:%MZ)"

# timed NAME COMMAND...: runs COMMAND (its exit status 0 or 1 is a result, not a failure), prints
# wall and CPU seconds with the load average before it on standard error, and sets $wall.
timed() {
  local name=$1 load status
  shift
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  status=0
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" || status=$?
  [ "$status" -le 1 ] || { echo "bench-cache: $name failed (exit $status)" >&2; exit 2; }
  read -r wall user sys < <(tail -n 1 "$work/time")
  # On standard error: an audit's report is the standard output of the same call.
  printf '%-34s wall %7.2f s  cpu %7.2f s  (load average before: %s)\n' "$name" "$wall" "$(python3 -c "print($user + $sys)")" "$load" >&2
}

cache="$work/cache"
run=(--no-progress --on 2026-11-21 --ledger "$ledger")
timed "check, empty cache" "$bin/vigie" check "${run[@]}" --format json -o "$work/first.json" --cache "$cache" "$work/photos"
first=$wall
timed "check, cache filled" "$bin/vigie" check "${run[@]}" --format json -o "$work/again.json" --cache "$cache" "$work/photos"
again=$wall
if cmp -s "$work/first.json" "$work/again.json"; then same="identical"; else same="DIFFERENT"; fi
"$bin/vigie" consent revoke S1 --reason bench --on 2026-11-20 --ledger "$ledger" >/dev/null
timed "audit after a revocation, cached" "$bin/vigie" audit "${run[@]}" --format json --cache "$cache" "$work/photos" >"$work/audit.json"
audit=$wall
timed "audit after a revocation, no cache" "$bin/vigie" audit "${run[@]}" --format json --no-cache "$work/photos" >"$work/audit-nocache.json"
if cmp -s "$work/audit.json" "$work/audit-nocache.json"; then auditsame="identical"; else auditsame="DIFFERENT"; fi
"$bin/vigie" cache stats --cache "$cache" | sed 's/^/  /'

python3 - "$first" "$again" "$audit" "$same" "$auditsame" "$work/audit.json" <<'PY'
import json, sys
first, again, audit = map(float, sys.argv[1:4])
down = json.load(open(sys.argv[6]))["summary"]
print("cached check: %.1fx faster than the first (target 20x: %s); JSON reports %s" % (first / again, "met" if first / again >= 20 else "NOT MET", sys.argv[4]))
print("cached audit: %.1f%% of the first check (target under 10%%: %s); %s against the audit without cache; summary %s"
      % (100 * audit / first, "met" if audit / first < 0.10 else "NOT MET", sys.argv[5], down))
PY
