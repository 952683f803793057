#!/usr/bin/env bash
# Lint precision on the shared corpus (bench/precision.py): real files failing at the default threshold, findings
# per rule, and a reproducible sample of each rule's findings to judge. Arguments go to precision.py.
#   bash bench/precision.sh [--judgments docs/precision-judgments.tsv] [--per-file]
# QUICK=1: 3 findings a rule; without the corpus it says so and exits 0 (CI without ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
CORPUS=${CORPUS:-../shared/corpus/dockerfiles}
if [ ! -d "$CORPUS" ]; then
    echo "$bench_script: the corpus $CORPUS is absent: nothing to measure" >&2
    [ "$QUICK" = 1 ] && exit 0
    exit 2
fi
CORPUS=$CORPUS python3 bench/precision.py "$@"
