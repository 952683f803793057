#!/usr/bin/env bash
# Sourced by every bench, after `cd "$(dirname "$0")/.."` (so paths are relative to the checkout):
#   BIN       the shipshape binary to measure; SHIPSHAPE is the older name and still works. Neither set: the
#             release build users run (scripts/build-release.sh) and .build/release/shipshape. Made absolute,
#             since benches run commands in other directories; both variables are set to it and exported.
#   QUICK     1: one run, no warm-up, small inputs, the same code paths and the same output (what CI runs after
#             the tests, so every README figure's command keeps working); 0 (default): the full measurement.
#   peer TOOL a peer the bench compares with (hadolint, buildah, dive, skopeo, tini, dumb-init). Present: true.
#             Missing: quick mode says so on stderr and returns false (the bench leaves it out and measures
#             shipshape alone, its summary says "peer not installed");
#             full mode stops with exit 2 and names ../shared/tools/peers.sh.
#   need TOOL… what the bench itself runs (hyperfine, musl-gcc, …): missing stops either mode with exit 2.
#   quick A B A in quick mode, B in full mode (e.g. `runs=$(quick 1 10)`).
# CI, after the tests, for every bench:  QUICK=1 BIN=/abs/path/to/release/shipshape bash bench/NAME.sh
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    # CI runs every bench/*.sh: this file is not a bench, and running it measures nothing.
    echo "bench/common.sh is sourced by the benches, not a bench itself: nothing to run" >&2
    exit 0
fi

bench_script="bench/$(basename "$0")"

QUICK=${QUICK:-0}
case $QUICK in
0 | 1) ;;
*) echo "$bench_script: QUICK must be 0 or 1, not '$QUICK'" >&2; exit 2 ;;
esac
export QUICK

quick() { if [[ $QUICK == 1 ]]; then echo "$1"; else echo "$2"; fi; }

need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 && continue
        echo "$bench_script: $tool is missing (the Debian packages are in scripts/debian-packages.txt;" \
            "the peers: ../shared/tools/peers.sh)" >&2
        exit 2
    done
}

peer() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ $QUICK == 1 ]]; then
        echo "$bench_script: peer $1 is not installed: quick mode leaves it out" >&2
        return 1
    fi
    echo "$bench_script: peer $1 is missing: install the peers with ../shared/tools/peers.sh (root)" >&2
    exit 2
}

BIN=${BIN:-${SHIPSHAPE:-}}
if [[ -z $BIN ]]; then
    echo "$bench_script: building the release binary (scripts/build-release.sh; BIN=path measures another)" >&2
    bash scripts/build-release.sh >&2
    BIN=.build/release/shipshape
fi
if [[ ! -x $BIN ]]; then
    echo "$bench_script: BIN '$BIN' is not an executable file" >&2
    exit 2
fi
BIN=$(realpath "$BIN")
SHIPSHAPE=$BIN
export BIN SHIPSHAPE
