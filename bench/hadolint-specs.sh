#!/usr/bin/env bash
# hadolint's own rule specs (test/Hadolint/Rule/DL*Spec.hs) against shipshape lint, for the DL codes `explain`
# maps (bench/hadolint-specs.py): how many assertions agree, and with --list every disagreement.
#   HADOLINT_SRC=/path/to/hadolint bash bench/hadolint-specs.sh [--list]
# HADOLINT_SRC is a hadolint checkout or a bare git directory (its HEAD is read); nothing of it is stored here.
# Without it quick mode (CI) says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
if [ -z "${HADOLINT_SRC:-}" ] || [ ! -e "$HADOLINT_SRC" ]; then
    echo "$bench_script: set HADOLINT_SRC to a hadolint checkout (git clone https://github.com/hadolint/hadolint)" >&2
    [ "$QUICK" = 1 ] && exit 0
    exit 2
fi
HADOLINT_SRC=$HADOLINT_SRC python3 bench/hadolint-specs.py "$@"
