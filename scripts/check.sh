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
# bounded SECONDS COMMAND…: runs COMMAND; past SECONDS it fails, after printing what was running (the process
# tree, and every thread's backtrace of each test runner, through lldb or gdb) and killing it, so a hang costs
# minutes and says where it is instead of running into CI's limit.
bounded() {
    local limit=$1
    shift
    # A session of its own (setsid): past the limit the whole tree goes, servers a bench started in the background
    # too, so none is left holding this script's output open.
    setsid "$@" &
    local pid=$!
    (
        sleep "$limit" </dev/null >/dev/null 2>&1  # holds no pipe of the caller's: ended by the kill below
        kill -0 "$pid" 2>/dev/null || exit 0
        echo "== check.sh: '$*' ran past $limit s; what runs now:"
        ps -eo pid,ppid,etimes,stat,args --forest | cut -c1-200 | grep -v ' ps -eo ' || true
        debugger=$(command -v lldb || command -v gdb || true)
        for runner in $(pgrep -f 'PackageTests.xctest|swiftpm-testing-helper' || true); do
            echo "== threads of $runner ($debugger)"
            case $debugger in
                *lldb) timeout 120 lldb -p "$runner" --batch -o 'thread backtrace all' 2>&1 | head -1500 ;;
                *gdb) timeout 120 gdb -p "$runner" -batch -ex 'thread apply all bt' 2>&1 | head -1500 ;;
            esac
        done
        # SIGTERM first, so a bench's EXIT trap can stop what it started; then SIGKILL for what is left.
        kill -TERM -- "-$pid" 2>/dev/null || true
        sleep 5 </dev/null >/dev/null 2>&1
        pkill -KILL -s "$pid" 2>/dev/null || true
        # SwiftPM may start the test runner in a session of its own.
        pkill -KILL -f 'PackageTests.xctest|swiftpm-testing-helper' 2>/dev/null || true
    ) 2>/dev/null &  # its report goes to standard output; the shell's "Terminated" when it is ended goes nowhere
    local watchdog=$!
    local status=0
    wait "$pid" || status=$?
    pkill -P "$watchdog" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    return "$status"
}

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
# Each test's own waits are bounded; the run as a whole gets 20 minutes (about 4 on a quiet 2-core machine).
SHIPSHAPE_BIN=.build/release/shipshape SHIPSHAPE_SERVE_BIN=.build/release/shipshape-serve \
    bounded 1200 swift test --skip-build 2>&1 | tee .build/test.log

step "CLI golden tests again, running the debug binary"
SHIPSHAPE_BIN=.build/debug/shipshape bounded 600 swift test --skip-build --filter CLITests > .build/test-debug.log 2>&1 \
    || { tail -100 .build/test-debug.log; exit 1; }
tail -3 .build/test-debug.log

step "install and release archive, used from a directory outside the checkout"
bash scripts/test-install.sh

if [ "${CI:-}" = "true" ]; then
    step "benches, quick mode (one run, small inputs: every README figure's command still runs)"
    for bench in bench/*.sh; do
        [ "$bench" = bench/common.sh ] && continue  # sourced by the others
        echo "-- $bench"
        QUICK=1 BIN="$PWD/.build/release/shipshape" bounded 900 bash "$bench"
    done
    step "fuzz the Dockerfile parser (bounded)"
    bash scripts/fuzz.sh 45
fi
step "done"
