#!/usr/bin/env bash
# The release tool's size, start-up and memory: the binary unstripped and stripped, `shipshape --version` wall time
# (hyperfine) and peak RSS (/usr/bin/time -v), and `lint` of a corpus of real Dockerfiles (wall time, peak RSS).
#   bash bench/binary.sh                         # builds the release tool as the README does, measures it
#   SHIPSHAPE=path/to/shipshape bash bench/binary.sh   # measures a given binary (no build)
#   BEFORE=old/shipshape bash bench/binary.sh    # adds a row for another binary, for a before/after table
#   QUICK=1 bash bench/binary.sh                 # one run of each (CI: the script still works, figures are rough)
# CORPUS (default /work/shared/corpus/dockerfiles, else Tests/CLITests/Fixtures) is what `lint` reads.
# Needs hyperfine and GNU time (Debian packages hyperfine, time). Prints a markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
quick="${QUICK:-}"
runs=$([[ -n "$quick" ]] && echo 1 || echo 50)
rss_runs=$([[ -n "$quick" ]] && echo 1 || echo 10)
corpus="${CORPUS:-/work/shared/corpus/dockerfiles}"
[[ -d "$corpus" ]] || corpus=Tests/CLITests/Fixtures

if [[ -z "${SHIPSHAPE:-}" ]]; then
    swift build -c release --static-swift-stdlib --product shipshape >&2
fi
after="$(realpath "${SHIPSHAPE:-.build/release/shipshape}")"
work="$(mktemp -d /tmp/shipshape-bench-binary.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The smallest peak RSS of N runs, in MiB (the minimum is the least disturbed by the rest of the machine).
peak_rss() {
    local best="" kb
    for _ in $(seq "$rss_runs"); do
        kb=$( (/usr/bin/time -v "$@" >/dev/null) 2>&1 | awk -F': ' '/Maximum resident/ {print $2}')
        if [[ -z "$best" || "$kb" -lt "$best" ]]; then best="$kb"; fi
    done
    awk -v kb="$best" 'BEGIN { printf "%.1f", kb / 1024 }'
}

# Mean wall time of a command in milliseconds, from hyperfine's JSON export.
wall_ms() {
    local out="$work/hyperfine.json"
    hyperfine --style none --warmup "$([[ -n "$quick" ]] && echo 0 || echo 3)" --runs "$runs" -N -i \
        --export-json "$out" -- "$*" >/dev/null 2>&1
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.1f ± %.1f (min %.1f)" % (r["mean"] * 1000, (r["stddev"] or 0) * 1000, r["min"] * 1000))' "$out"
}

row() {
    local label="$1" binary="$2"
    local stripped="$work/stripped"
    strip -o "$stripped" "$binary"
    local size stripped_size
    size=$(stat -c %s "$binary")
    stripped_size=$(stat -c %s "$stripped")
    local version_ms version_rss lint_ms lint_rss
    version_ms=$(wall_ms "$binary" --version)
    version_rss=$(peak_rss "$binary" --version)
    lint_ms=$(wall_ms "$binary" lint --format json "$corpus")
    lint_rss=$(peak_rss "$binary" lint --format json "$corpus")
    printf '| %s | %.1f MB | %.1f MB | %s ms | %s MiB | %s ms | %s MiB |\n' "$label" \
        "$(awk -v b="$size" 'BEGIN { print b / 1e6 }')" "$(awk -v b="$stripped_size" 'BEGIN { print b / 1e6 }')" \
        "$version_ms" "$version_rss" "$lint_ms" "$lint_rss"
}

echo "| binary | size | stripped | \`--version\` wall | \`--version\` peak RSS | \`lint\` corpus wall | \`lint\` peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|"
if [[ -n "${BEFORE:-}" ]]; then row "before ($(basename "$BEFORE"))" "$(realpath "$BEFORE")"; fi
row "$([[ -n "${BEFORE:-}" ]] && echo after || echo shipshape)" "$after"
echo
echo "runs: $runs (wall, hyperfine mean ± σ and the fastest), $rss_runs (RSS, smallest); corpus: $corpus ($(find "$corpus" -type f | wc -l) files); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
