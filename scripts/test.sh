#!/usr/bin/env bash
# Quick start, second command: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The ledger tests run against SQLite and against a local PostgreSQL server started here.
if [ -z "${VIGIE_TEST_POSTGRES:-}" ]; then
  VIGIE_TEST_POSTGRES=$(scripts/postgres.sh)
fi
case "$VIGIE_TEST_POSTGRES" in
  postgres://* | postgresql://*) export VIGIE_TEST_POSTGRES ;;
  *) echo "test.sh: VIGIE_TEST_POSTGRES is not a postgres:// URL" >&2; exit 2 ;;
esac
swift build --build-tests 2>&1 | tail -n 3
# The module graph as declared (docs/ARCHITECTURE.md) and the committed formatting.
scripts/check-imports.sh --self-test >/dev/null
scripts/check-imports.sh \
  --forbid-transitive VigieChecks:GRDB --forbid-transitive VigieChecks:PostgresNIO \
  --forbid-transitive VigieKit:hummingbird \
  --only-importer CTesseract:VigieVision --only-importer CFaceDetect:VigieVision --only-importer CHunspell:VigieVision --only-importer CSpectrum:VigieVision \
  --only-importer Hummingbird:VigieReview --only-importer CMovieFrames:VigieMedia
swift format lint --strict -r Sources Tests Package.swift
# vigie processes the tests start keep their detection cache here, not in the user's cache folder.
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
swift test --skip-build "$@"
