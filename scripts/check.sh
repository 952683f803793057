#!/usr/bin/env bash
# The project's one check, for developers and CI alike: what the tests need (installed when root, else the exact
# apt-get line), format lint, the release binary users run, a warnings-as-errors build, every test against the
# release binary and the CLI tests again against the debug one, the install and the release archive used from
# outside the checkout, and (in CI) the benches' quick mode and a bounded fuzz run.
#   bash scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SHIPSHAPE_STRICT=1
start=$SECONDS
step() { echo "== $* ($((SECONDS - start)) s)"; }

step "dependencies (scripts/debian-packages.txt, scripts/python-requirements.txt)"
bash scripts/deps.sh
if [ -x .build/venv/bin/python ]; then export SHIPSHAPE_TEST_PYTHON="$PWD/.build/venv/bin/python"; fi

step "swift format lint"
swift format lint --strict --recursive --parallel Package.swift Sources Tests

step "release build: the tool and the init users run (scripts/build-release.sh, as scripts/install.sh builds them)"
bash scripts/build-release.sh

step "debug build with the tests (warnings are errors)"
swift build --build-tests

step "tests, the CLI and integration tests running the release binaries (shipshape, shipshape-serve)"
SHIPSHAPE_BIN=.build/release/shipshape SHIPSHAPE_SERVE_BIN=.build/release/shipshape-serve swift test --skip-build 2>&1 \
    | tee .build/test.log

step "CLI golden tests again, running the debug binary"
SHIPSHAPE_BIN=.build/debug/shipshape swift test --skip-build --filter CLITests 2>&1 | tail -3

step "install and release archive, used from a directory outside the checkout"
bash scripts/test-install.sh

if [ "${CI:-}" = "true" ]; then
    step "benches, quick mode (one run, small inputs: every README figure's command still runs)"
    for bench in bench/*.sh; do
        [ "$bench" = bench/common.sh ] && continue  # sourced by the others
        echo "-- $bench"
        QUICK=1 BIN="$PWD/.build/release/shipshape" bash "$bench"
    done
    step "fuzz the Dockerfile parser (bounded)"
    bash scripts/fuzz.sh 45
fi
step "done"
