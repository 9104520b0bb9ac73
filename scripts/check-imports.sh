#!/usr/bin/env bash
# Fail when a target imports a module it does not declare in Package.swift (scripts/check-imports.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/check-imports.py "$@"
