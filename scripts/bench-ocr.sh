#!/usr/bin/env bash
# OCR cost per 12 MP photo on one core (docs/BENCHMARKS.md, "OCR"): release build, one OpenMP thread,
# one image at a time. Usage: scripts/bench-ocr.sh [path to the shared corpus]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
swift build -c release --product vigie-eval 2>&1 | tail -n 1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.build/release/vigie-eval ocr --bench --corpus "$corpus" --per-rule 4 --work "$work" --jobs 1
