#!/usr/bin/env bash
# The project's one check, for developers and CI alike: format lint, a warnings-as-errors build, every test.
#   bash scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SHIPSHAPE_STRICT=1

echo "== swift format lint"
swift format lint --strict --recursive --parallel Package.swift Sources Tests

echo "== build (warnings are errors)"
swift build --build-tests

echo "== shipshape-init (Embedded Swift, static musl; the init tests run this binary)"
bash scripts/build-init.sh

echo "== tests"
swift test --skip-build 2>&1 | tee .build/test.log

if [ "${CI:-}" = "true" ]; then
    echo "== fuzz the Dockerfile parser (bounded)"
    bash scripts/fuzz.sh 45
fi
