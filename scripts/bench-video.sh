#!/usr/bin/env bash
# The video benchmark (`make bench-video`): release build, then on clips made here with ffmpeg and on
# the MP4/MOV files of ../shared/corpus/video:
#   1. a 1 GB MP4 (1080p H.264 at 50 Mb/s, one keyframe a second): vigie check with faces on and OCR
#      off: time, and bytes the process read (strace);
#   2. a 60 s 1080p clip (photos of people from ../shared/corpus/people, 4 s each, 30 frames/s):
#      vigie check with every check on, one core: seconds per minute of video; deface (OpenCV backend,
#      the virtual environment of scripts/bench.sh) on the same clip, one core;
#   3. vigie clean against exiftool -all= and mat2's ffmpeg command on the corpus MP4/MOV files: time,
#      and what `exiftool -ee -G1 -a` still finds (GPS, location, serial, author tags).
# Usage: scripts/bench-video.sh. Figures go to docs/BENCHMARKS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-../shared/corpus}"
for tool in ffmpeg exiftool strace python3 /usr/bin/time taskset; do
  command -v "$tool" >/dev/null || { echo "bench-video: $tool is needed (apt install ${tool##*/})" >&2; exit 2; }
done
swift build -c release --product vigie 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%dT%H:%MZ)"

echo
echo "== 1. a 1 GB MP4: vigie check --no-ocr (metadata, faces, quality), one job"
ffmpeg -v error -f lavfi -i "testsrc2=s=1920x1080:r=30:d=20" -c:v libx264 -preset ultrafast -b:v 50M -g 30 -pix_fmt yuv420p "$work/part.mp4"
ffmpeg -v error -stream_loop 9 -i "$work/part.mp4" -c copy "$work/big.mp4"
size=$(stat -c %s "$work/big.mp4")
strace -f -qq -e trace=read,pread64 -e signal=none -o "$work/strace" \
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin/vigie" check --no-progress --no-ocr --jobs 1 --format json "$work/big.mp4" >"$work/big.json" || true
read -r wall rss user sys < <(tail -n 1 "$work/time")
read_bytes=$(grep -E '^[0-9]+ +(read|pread64)\(' "$work/strace" | sed -E 's/.*= ([0-9]+)$/\1/;t;d' | awk '{s+=$1} END {print s+0}')
python3 - "$work/big.json" "$size" "$read_bytes" "$wall" "$rss" "$user" "$sys" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); f = r["files"][0]
size, read, wall, rss = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
cpu = float(sys.argv[6]) + float(sys.argv[7])
print(f"file {size / 1e9:.2f} GB, {f['video']['duration']} s; {f['video']['framesChecked']} frames checked; status {f['status']}")
print(f"CPU {cpu:.1f} s, wall {wall:.1f} s (strace on), bytes read {read / 1e6:.1f} MB ({100 * read / size:.1f}% of the file), peak memory {rss / 1024:.0f} MB")
PY

echo
echo "== 2. a 60 s 1080p clip of people: vigie check, every check on, one core; deface on the same clip"
photos=()
while IFS= read -r p; do photos+=("$p"); done < <(find "$CORPUS/people" -name '*.jpg' ! -name '*anonymized*' | sort | head -n 15)
args=() filters="" inputs=""
for i in "${!photos[@]}"; do
  args+=(-loop 1 -framerate 30 -t 4 -i "${photos[$i]}")
  filters+="[$i:v]scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v$i];"
  inputs+="[v$i]"
done
ffmpeg -v error "${args[@]}" -filter_complex "${filters}${inputs}concat=n=${#photos[@]}:v=1:a=0[v]" -map "[v]" -t 60 \
  -c:v libx264 -preset veryfast -crf 20 -r 30 "$work/clip.mp4"
/usr/bin/time -f "%e %U %S %M" -o "$work/time" taskset -c 0 "$bin/vigie" check --no-progress --jobs 1 --max-seconds 600 --format json "$work/clip.mp4" >"$work/clip.json" || true
read -r wall user sys rss < <(tail -n 1 "$work/time")
python3 - "$work/clip.json" "$wall" "$user" "$sys" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); f = r["files"][0]
wall, cpu, rss = float(sys.argv[2]), float(sys.argv[3]) + float(sys.argv[4]), int(sys.argv[5])
rules = sorted({x["rule"] for x in f["findings"]})
per_minute = cpu / f["video"]["duration"] * 60
print(f"vigie: {f['video']['framesChecked']} frames checked; CPU {cpu:.1f} s ({per_minute:.1f} s per minute of video), wall {wall:.1f} s pinned to one core, peak {rss / 1024:.0f} MB; status {f['status']}, rules {rules}")
PY
venv="${HOME}/.cache/vigie-bench/deface-venv"
if [ ! -x "$venv/bin/deface" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q deface opencv-python-headless >/dev/null 2>&1 || echo "deface could not be installed from PyPI"
fi
if [ -x "$venv/bin/deface" ]; then
  # deface decodes, detects and blurs every frame: at most 20 minutes here.
  /usr/bin/time -f "%e %U %S" -o "$work/time" timeout 1200 taskset -c 0 env OMP_NUM_THREADS=1 "$venv/bin/deface" --backend opencv "$work/clip.mp4" -o "$work/clip-deface.mp4" >/dev/null 2>&1 || true
  read -r wall user sys < <(tail -n 1 "$work/time")
  echo "deface: CPU $(python3 -c "import sys; print(f'{float(sys.argv[1]) + float(sys.argv[2]):.1f}')" "$user" "$sys") s, wall $wall s pinned to one core, for the same 60 s clip (every frame, blurred copy written)"
fi

echo
echo "== 3. clean: vigie clean, exiftool -all=, mat2's ffmpeg command, on the corpus MP4/MOV"
mkdir -p "$work/in" "$work/vigie" "$work/exiftool" "$work/mat2"
cp "$CORPUS"/video/*.mp4 "$CORPUS"/video/*.mov "$work/in/"
n=$(ls "$work/in" | wc -l)
/usr/bin/time -f "%e" -o "$work/time" "$bin/vigie" clean --no-progress --output "$work/vigie" "$work/in" >/dev/null 2>&1 || true
echo "vigie clean: $(tail -n 1 "$work/time") s for $n files, $(ls "$work/vigie" | wc -l) copies written"
cp "$work"/in/* "$work/exiftool/"
/usr/bin/time -f "%e" -o "$work/time" exiftool -q -q -all= -overwrite_original "$work/exiftool" >/dev/null 2>&1 || true
echo "exiftool -all=: $(tail -n 1 "$work/time") s"
start=$(date +%s.%N); ok=0
for f in "$work"/in/*; do
  ffmpeg -v quiet -y -i "$f" -map 0 -c copy -map_metadata -1 "$work/mat2/$(basename "$f")" && ok=$((ok + 1)) || rm -f "$work/mat2/$(basename "$f")"
done
echo "mat2's ffmpeg command: $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s, $ok of $n files written"
for tool in vigie exiftool mat2; do
  left=0 files=0
  for f in "$work/$tool"/*; do
    [ -f "$f" ] || continue
    if exiftool -ee -G1 -a -s "$f" 2>/dev/null | grep -v '^\[System\]' | grep -Eiq 'GPS|Location|Serial|Artist|Author|Creator|ISO6709|CAME|LENS'; then left=$((left + 1)); fi
    files=$((files + 1))
  done
  echo "$tool: $left of $files copies still carry GPS, location, serial or author tags (exiftool -ee)"
done
