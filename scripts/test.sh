#!/usr/bin/env bash
# Quick start, second command: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests 2>&1 | tail -n 3
swift test --skip-build "$@"
