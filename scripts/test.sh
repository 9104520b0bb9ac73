#!/usr/bin/env bash
# Quick start, second command: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tesseract's OpenMP reads this before main: one thread per engine, parallel across images (README).
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"
scripts/setup.sh
# The ledger tests run against SQLite and against a local PostgreSQL server started here.
export VIGIE_TEST_POSTGRES="${VIGIE_TEST_POSTGRES:-$(scripts/postgres.sh)}"
swift build --build-tests 2>&1 | tail -n 3
swift test --skip-build "$@"
