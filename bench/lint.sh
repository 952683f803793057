#!/usr/bin/env bash
# Times `shipshape lint` (release build, one process) over every file of the shared corpus against hadolint on
# the same files (one process too), and prints the ratio and the peak memory of each.
#   bash bench/lint.sh            (needs hyperfine, /usr/bin/time and hadolint: ../shared/tools/peers.sh)
# Environment: CORPUS (default ../shared/corpus/dockerfiles), HADOLINT (default /opt/peers/bin/hadolint),
# RUNS (default 10 for shipshape; hadolint runs 3 times).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/dockerfiles}
HADOLINT=${HADOLINT:-/opt/peers/bin/hadolint}
RUNS=${RUNS:-10}
for tool in hyperfine /usr/bin/time "$HADOLINT"; do
    command -v "$tool" >/dev/null || { echo "bench/lint.sh: $tool is missing (see ../shared/tools/peers.sh)" >&2; exit 2; }
done

swift build -c release --product shipshape >/dev/null
BIN=$PWD/.build/release/shipshape
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
find "$CORPUS" -type f | sort > "$WORK/files"
COUNT=$(wc -l < "$WORK/files")
echo "corpus: $COUNT files under $CORPUS"

SHIPSHAPE_CMD="$BIN lint --fail-on none --format json \$(cat $WORK/files) > /dev/null"
HADOLINT_CMD="$HADOLINT --no-fail --format json \$(cat $WORK/files) > /dev/null 2>&1"

hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/shipshape.json" -n shipshape "$SHIPSHAPE_CMD"
hyperfine --warmup 1 --runs 3 --ignore-failure --export-json "$WORK/hadolint.json" -n hadolint "$HADOLINT_CMD"

peak() { /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
SHIPSHAPE_KB=$(peak "$SHIPSHAPE_CMD")
HADOLINT_KB=$(peak "$HADOLINT_CMD")

python3 - "$WORK/shipshape.json" "$WORK/hadolint.json" "$COUNT" "$SHIPSHAPE_KB" "$HADOLINT_KB" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["results"][0]
h = json.load(open(sys.argv[2]))["results"][0]
count, skb, hkb = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print()
print(f"shipshape lint: {s['mean']*1000:8.1f} ms ± {s['stddev']*1000:.1f} wall, {(s['user']+s['system'])*1000:8.1f} ms CPU, "
      f"{s['mean']*1e6/count:.0f} µs per file, peak RSS {skb/1024:.1f} MiB")
print(f"hadolint:       {h['mean']*1000:8.1f} ms ± {h['stddev']*1000:.1f} wall, {(h['user']+h['system'])*1000:8.1f} ms CPU, "
      f"peak RSS {hkb/1024:.1f} MiB")
print(f"ratio (wall): shipshape is {h['mean']/s['mean']:.0f}x faster; (CPU) {(h['user']+h['system'])/(s['user']+s['system']):.0f}x")
PY
