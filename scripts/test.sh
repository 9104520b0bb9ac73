#!/usr/bin/env bash
# Quick start, second command: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tesseract's OpenMP reads this before main: one thread per engine, parallel across images (README).
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"
scripts/setup.sh
swift build --build-tests 2>&1 | tail -n 3
swift test --skip-build "$@"
