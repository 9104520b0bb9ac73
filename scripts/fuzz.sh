#!/usr/bin/env bash
# Fuzzes Vigie's own parsers with libFuzzer (docs/FUZZING.md).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Targets: metadata strip movie heif xmp iptc csv manifest config (default: all). Seeds come from ../shared/corpus
# (or $CORPUS) and from Fuzz/regressions; new inputs that crash are written to Fuzz/crashes/TARGET.
# Every input in Fuzz/regressions/TARGET is replayed first: a regression fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(metadata strip movie heif xmp iptc csv manifest config)
CORPUS="${CORPUS:-../shared/corpus}"

VIGIE_FUZZ=1 swift build --build-path .build-fuzz --product vigie-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | tail -n 3
bin=.build-fuzz/debug/vigie-fuzz
export SWIFT_BACKTRACE=enable=no  # libFuzzer reports the crash; the Swift backtracer would trip ASan
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed() {  # seed TARGET DIR: the starting inputs of a target
  local t=$1 dir=$2
  mkdir -p "$dir"
  case "$t" in
    metadata | strip)
      [ -d "$CORPUS" ] && find "$CORPUS/metadata" "$CORPUS/malformed" -type f -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true
      find Fixtures/metadata Fixtures/malformed -type f -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    movie)
      [ -d "$CORPUS" ] && find "$CORPUS/video" "$CORPUS/malformed" \( -name '*.mp4' -o -name '*.mov' \) -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true
      find Fixtures/video Fixtures/malformed \( -name '*.mp4' -o -name '*.mov' \) -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    heif)
      [ -d "$CORPUS" ] && find "$CORPUS/metadata" "$CORPUS/malformed" -type f \( -iname '*.heic' -o -iname '*.heif' -o -iname '*.avif' \) -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true
      find Fixtures/heif Fixtures/metadata -type f \( -iname '*.heic' -o -iname '*.heif' -o -iname '*.avif' \) -size -2M -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    xmp)
      # The XMP packets of the fixtures and the corpus, cut out of their files.
      for f in $(grep -rla "x:xmpmeta" Fixtures "$CORPUS/metadata" 2>/dev/null | head -n 200); do
        python3 - "$f" "$dir/$(basename "$f").xmp" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
i = b.find(b'<x:xmpmeta'); j = b.find(b'</x:xmpmeta>', i)
if i >= 0 and j > i: open(sys.argv[2], 'wb').write(b[i:j + 12])
PY
      done ;;
    iptc)
      for f in $(grep -rla "Photoshop 3.0" Fixtures "$CORPUS/metadata" 2>/dev/null | head -n 100); do
        python3 - "$f" "$dir/$(basename "$f").8bim" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
i = b.find(b'Photoshop 3.0\0')
if i >= 0:
    n = int.from_bytes(b[i - 2:i], 'big')
    open(sys.argv[2], 'wb').write(b[i + 14:i - 2 + n])
PY
      done ;;
    csv | manifest | config) ;;
  esac
  [ -d "Fuzz/seeds/$t" ] && cp -r "Fuzz/seeds/$t/." "$dir/" || true
  [ -d "Fuzz/regressions/$t" ] && cp -r "Fuzz/regressions/$t/." "$dir/" || true
}

status=0
for t in "${targets[@]}"; do
  if [ -d "Fuzz/regressions/$t" ] && [ -n "$(ls -A "Fuzz/regressions/$t")" ]; then
    echo "== $t: replaying Fuzz/regressions/$t"
    VIGIE_FUZZ_TARGET=$t "$bin" -rss_limit_mb=2048 -timeout=10 "Fuzz/regressions/$t"/* || { status=1; continue; }
  fi
  seed "$t" "$work/$t"
  mkdir -p "Fuzz/crashes/$t"
  echo "== $t: $(ls "$work/$t" | wc -l) seeds, ${seconds}s"
  VIGIE_FUZZ_TARGET=$t "$bin" "$work/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
    -artifact_prefix="Fuzz/crashes/$t/" -print_final_stats=1 2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|stat::|ERROR|SUMMARY|Test unit written" | tail -n 8 || true
  if [ -n "$(ls -A "Fuzz/crashes/$t")" ]; then echo "== $t: crashes in Fuzz/crashes/$t"; status=1; fi
done
exit $status
