#!/usr/bin/env bash
# Every accuracy figure of docs/ACCURACY.md, one after the other (`make eval`): release build, then
#   1. faces on the labelled set (Evaluation/faces-labels.json), faces of 40 px and of 32 px or more;
#   2. blur on the generated set, the FFmpeg set (scripts/blur-set.sh) and the camera-kernel set,
#      seeds 36 (the spread was tuned on it) and 37 (Evaluation/blur-set-kernels.py: python3-numpy);
#   3. the text rules on each generated set (OCR_SETS: forms, urw, liberation, classic, mixed,
#      mixed-forms; SET:SEED for another seed than 3), each run also scoring the corpus's real text
#      images and the ordinary photos (no finding allowed there). For a figure that generalises,
#      score seeds never used before, 24 a rule (docs/ACCURACY.md, stop 43), e.g.
#      OCR_SETS="forms:107 mixed-forms:109" PER_RULE=24 FFMPEG_BLUR=0 KERNEL_BLUR=0 make eval
#   4. the text rules on sets made by another generator (Evaluation/independent-text-set.py: its own
#      phrases, layouts and perspective, Pango through the vips command, written without reading
#      vigie-eval's), checked by `vigie check` with the set's roster as the ledger and scored by
#      Evaluation/score-independent-text.py (IND_SEEDS, IND_PER_RULE);
#   5. the same on scenes made by a third generator (Evaluation/scene-text-set.py: sheets, boards,
#      name tags, screens, posters; SCENE_SEEDS, seed 2 at half size).
# Each prints recall and precision per rule or kind. About 90 minutes on two cores.
# Environment: CORPUS (../shared/corpus), PER_RULE (12), OCR_SETS, FFMPEG_BLUR (1; 0 skips the FFmpeg
# blur set, which takes about 7 minutes to make), KERNEL_BLUR (1; 0 skips the kernel sets, about 4
# minutes each), IND_SEEDS ("2 3"; "" skips the independent sets, about 9 minutes each), IND_PER_RULE (24),
# SCENE_SEEDS ("1 2"; "" skips the scene sets, about 10 minutes each).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-../shared/corpus}"
PER_RULE="${PER_RULE:-12}"
OCR_SETS="${OCR_SETS:-forms urw liberation classic mixed mixed-forms}"
FFMPEG_BLUR="${FFMPEG_BLUR:-1}"
KERNEL_BLUR="${KERNEL_BLUR:-1}"
IND_SEEDS="${IND_SEEDS-2 3}"
IND_PER_RULE="${IND_PER_RULE:-24}"
SCENE_SEEDS="${SCENE_SEEDS-1 2}"
[ -d "$CORPUS/people" ] || { echo "eval: no corpus at $CORPUS (set CORPUS)" >&2; exit 2; }

swift build -c release --product vigie-eval 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)/vigie-eval"
vigie="$(swift build -c release --show-bin-path)/vigie"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "# faces (faces of 40 px or more, then 32 px or more)"
"$bin" faces --corpus "$CORPUS"
"$bin" faces --corpus "$CORPUS" --min-height 32

echo "# blur: generated set"
"$bin" blur --corpus "$CORPUS"
if [ "$FFMPEG_BLUR" = 1 ]; then
  echo "# blur: FFmpeg set"
  scripts/blur-set.sh "$work/blur" "$CORPUS" >/dev/null
  "$bin" blur --folder "$work/blur"
fi
if [ "$KERNEL_BLUR" = 1 ] && ! /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  echo "# blur: camera-kernel sets skipped: they need python3-numpy (apt install python3-numpy)"
elif [ "$KERNEL_BLUR" = 1 ]; then
  # The spread's threshold was chosen on seed 36; seed 37 draws other kernels on the same photos.
  for seed in 36 37; do
    echo "# blur: camera-kernel set, seed $seed"
    Evaluation/blur-set-kernels.py "$work/blur-k$seed" "$CORPUS" "$seed" >/dev/null
    "$bin" blur --folder "$work/blur-k$seed"
  done
fi

for spec in $OCR_SETS; do
  set="${spec%%:*}" seed=3
  [ "$spec" != "$set" ] && seed="${spec#*:}"
  echo "# text rules: set $set, seed $seed ($PER_RULE images per rule), real text images, ordinary photos"
  # One OpenMP thread per Tesseract engine, as vigie check runs it.
  OMP_THREAD_LIMIT=1 "$bin" ocr --set "$set" --seed "$seed" --corpus "$CORPUS" --per-rule "$PER_RULE" --verbose \
    --work "$work/ocr-$set-$seed"
done

# A set made by another generator, checked as a school would: its roster imported as the ledger,
# `vigie check` on the folder, the JSON report scored against the set's manifest.
check_set() {
  local name="$1" set_dir="$work/$1"
  "$vigie" consent import people "$set_dir/roster.csv" --ledger "$work/$name.sqlite" >/dev/null
  # vigie exits 1 when it finds something, as it will here.
  OMP_THREAD_LIMIT=1 "$vigie" check "$set_dir" --no-cache --format json --ledger "$work/$name.sqlite" --no-progress \
    >"$work/$name.json" || [ $? = 1 ]
  /usr/bin/python3 Evaluation/score-independent-text.py "$set_dir" "$work/$name.json"
}

if [ -n "$IND_SEEDS$SCENE_SEEDS" ]; then
  swift build -c release --product vigie 2>&1 | tail -n 1
fi
for seed in $IND_SEEDS; do
  echo "# text rules: independent set, seed $seed ($IND_PER_RULE images per rule, three times as many negatives)"
  /usr/bin/python3 Evaluation/independent-text-set.py --out "$work/ind-$seed" --seed "$seed" --per-rule "$IND_PER_RULE" --corpus "$CORPUS" >/dev/null
  check_set "ind-$seed"
done
for seed in $SCENE_SEEDS; do
  # Seed 2 at half size: photos as a website keeps them (docs/ACCURACY.md, stop 54).
  scale=1
  [ "$seed" = 2 ] && scale=0.5
  echo "# text rules: scene set, seed $seed ($IND_PER_RULE images per rule, three times as many negatives, canvas scale $scale)"
  /usr/bin/python3 Evaluation/scene-text-set.py --out "$work/scn-$seed" --seed "$seed" --per-rule "$IND_PER_RULE" \
    --canvas-scale "$scale" --corpus "$CORPUS" >/dev/null
  check_set "scn-$seed"
done
