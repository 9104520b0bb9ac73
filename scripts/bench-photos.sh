# Sourced by the benchmark scripts: bench_photos WORK COPIES fills WORK/distinct with every photo of
# $CORPUS/metadata that has 8 megapixels or more, and WORK/photos with COPIES copies of them, then
# warms the page cache. Sets the array `distinct`.
bench_photos() {
  local work=$1 copies=$2 f w h i
  mkdir -p "$work/distinct" "$work/photos"
  while IFS= read -r -d '' f; do
    w=$(vipsheader -f width "$f" 2>/dev/null) || continue
    h=$(vipsheader -f height "$f" 2>/dev/null) || continue
    [ $((w * h)) -ge 8000000 ] && cp "$f" "$work/distinct/"
  done < <(find "$CORPUS/metadata" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.heic' -o -iname '*.png' -o -iname '*.webp' \) -print0 | sort -z)
  distinct=("$work"/distinct/*)
  [ -e "${distinct[0]}" ] || { echo "bench: no photo of 8 MP or more in $CORPUS/metadata" >&2; exit 2; }
  for i in $(seq 0 $((copies - 1))); do
    f=${distinct[$((i % ${#distinct[@]}))]}
    cp "$f" "$work/photos/$i-$(basename "$f")"
  done
  cat "$work"/photos/* >/dev/null
}
