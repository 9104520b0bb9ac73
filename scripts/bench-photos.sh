# Sourced by the benchmark scripts. Photo sets of $CORPUS/metadata (issue 23):
#   mixed: every photo of 8 megapixels or more (JPEG, HEIC, PNG, WebP): `make bench`'s set since the start;
#   jpeg:  the JPEG phone photos of 7.9 to 13 megapixels (the 8 MP phones write 2448x3264 = 7.99 MP);
#   heic:  the HEIC phone photos of 8 megapixels or more (iPhones and one Samsung).
# bench_photos WORK COPIES [SET] fills WORK/distinct with the set's photos and WORK/photos with COPIES
# copies of them, then warms the page cache. Sets the array `distinct`.
bench_photos() {
  local work=$1 copies=$2 set=${3:-mixed} f w h i min=8000000 pattern
  case "$set" in
    mixed) pattern='\.(jpe?g|heic|png|webp)$' ;;
    jpeg) pattern='\.jpe?g$'; min=7900000 ;;
    heic) pattern='\.heic$' ;;
    *) echo "bench: unknown photo set $set" >&2; exit 2 ;;
  esac
  mkdir -p "$work/distinct" "$work/photos"
  while IFS= read -r -d '' f; do
    echo "$f" | grep -qiE "$pattern" || continue
    w=$(vipsheader -f width "$f" 2>/dev/null) || continue
    h=$(vipsheader -f height "$f" 2>/dev/null) || continue
    [ $((w * h)) -ge "$min" ] || continue
    [ "$set" = mixed ] || [ $((w * h)) -le 13500000 ] || continue
    cp "$f" "$work/distinct/"
  done < <(find "$CORPUS/metadata" -type f -print0 | sort -z)
  distinct=("$work"/distinct/*)
  [ -e "${distinct[0]}" ] || { echo "bench: no photo of the $set set in $CORPUS/metadata" >&2; exit 2; }
  for i in $(seq 0 $((copies - 1))); do
    f=${distinct[$((i % ${#distinct[@]}))]}
    cp "$f" "$work/photos/$i-$(basename "$f")"
  done
  cat "$work"/photos/* >/dev/null
}
