#!/usr/bin/env bash
# Quick start, first command: install, build, and check the bundled sample folder.
# Exit code is vigie's own: 1 here, because the sample folder holds photos that must not be published.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product vigie 2>&1 | tail -n 3
set +e
.build/release/vigie check Fixtures/sample "$@"
status=$?
set -e
echo "(vigie exited with $status: 0 all clear, 1 something to fix, 2 usage error)"
