#!/usr/bin/env bash
# Times `shipshape lint` (release build, one process) over every file of the shared corpus against hadolint on
# the same files (one process too), and prints the medians, their ratios (wall and CPU) and the peak memory of
# each.
#   bash bench/lint.sh            (needs hyperfine, /usr/bin/time and hadolint: ../shared/tools/peers.sh)
# Environment: CORPUS (default ../shared/corpus/dockerfiles), HADOLINT (default /opt/peers/bin/hadolint),
# RUNS (default 10 for shipshape; hadolint runs HADOLINT_RUNS, default 3, times: about 40 s each),
# BIN or SHIPSHAPE (a binary to measure instead of building the release one), QUICK=1 (the first 100 corpus
# files, one run of each, no warm-up; without hadolint, shipshape alone): see bench/common.sh.
#
# Each run goes through `/usr/bin/time`, which records its user+system CPU time and peak RSS; hyperfine
# measures the wall time of the same runs (the wrapper's own fork and exec, about a millisecond, is included).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
CORPUS=${CORPUS:-../shared/corpus/dockerfiles}
HADOLINT=${HADOLINT:-/opt/peers/bin/hadolint}
RUNS=${RUNS:-$(quick 1 10)}
HADOLINT_RUNS=${HADOLINT_RUNS:-$(quick 1 3)}
FILES=$(quick 100 all)
need hyperfine /usr/bin/time python3
if peer "$HADOLINT"; then with_hadolint=1; else with_hadolint=0; fi
if [ ! -d "$CORPUS" ]; then
    if [ "$QUICK" = 1 ]; then
        # CI without the shared corpus: the repository's own Dockerfiles (not the one beside a broken config),
        # the same code path on fewer files.
        echo "$bench_script: $CORPUS is absent: quick mode lints the Dockerfiles under Tests/" >&2
        CORPUS=Tests
    else
        echo "$bench_script: the corpus $CORPUS is absent (CORPUS=dir names another)" >&2
        exit 2
    fi
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ "$FILES" = all ]; then
    find "$CORPUS" -type f | sort > "$WORK/files"
elif [ "$CORPUS" = Tests ]; then
    find Tests -type f -name 'Dockerfile*' -not -path '*/badconfig/*' | sort | awk -v n="$FILES" 'NR <= n' > "$WORK/files"
else
    find "$CORPUS" -type f | sort | awk -v n="$FILES" 'NR <= n' > "$WORK/files"
fi
COUNT=$(wc -l < "$WORK/files")
echo "corpus: $COUNT files under $CORPUS; load: $(uptime | sed 's/.*load average: //')"

# One line per run in $WORK/NAME.time: user seconds, system seconds, peak RSS in KiB.
timed() { echo "/usr/bin/time -a -o $WORK/$1.time -f '%U %S %M' $2"; }
SHIPSHAPE_CMD=$(timed shipshape "$BIN lint --fail-on none --format json \$(cat $WORK/files) > /dev/null")
HADOLINT_CMD=$(timed hadolint "$HADOLINT --no-fail --format json \$(cat $WORK/files) > /dev/null 2>&1")

hyperfine --warmup "$(quick 0 2)" --runs "$RUNS" --export-json "$WORK/shipshape.json" -n shipshape "$SHIPSHAPE_CMD"
if [ "$with_hadolint" = 1 ]; then
    hyperfine --warmup "$(quick 0 1)" --runs "$HADOLINT_RUNS" --ignore-failure --export-json "$WORK/hadolint.json" \
        -n hadolint "$HADOLINT_CMD"
fi

python3 - "$WORK" "$COUNT" "$RUNS" "$HADOLINT_RUNS" <<'PY'
import json, os, statistics, sys
work, count, runs, hadolint_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def measured(name, timed_runs):
    wall = json.load(open(f"{work}/{name}.json"))["results"][0]
    # The last `timed_runs` lines are the timed runs (the ones before are warmups).
    lines = [line.split() for line in open(f"{work}/{name}.time") if line.strip() and line[0].isdigit()]
    lines = lines[-timed_runs:]
    cpu = statistics.median(float(u) + float(s) for u, s, _ in lines)
    rss = max(int(m) for _, _, m in lines) / 1024
    return wall["median"], wall["min"], wall["max"], cpu, rss

s_wall, s_min, s_max, s_cpu, s_rss = measured("shipshape", runs)
print()
print(f"shipshape lint ({runs} runs): median {s_wall*1000:8.1f} ms wall ({s_min*1000:.1f}–{s_max*1000:.1f}), "
      f"median {s_cpu*1000:8.1f} ms CPU, {s_wall*1e6/count:.0f} µs per file, peak RSS {s_rss:.1f} MiB")
if not os.path.exists(f"{work}/hadolint.json"):  # quick mode without the peer
    print(f"hadolint ({hadolint_runs} runs):       peer not installed")
    print("ratio of medians: peer not installed")
    sys.exit(0)
h_wall, h_min, h_max, h_cpu, h_rss = measured("hadolint", hadolint_runs)
print(f"hadolint ({hadolint_runs} runs):       median {h_wall*1000:8.1f} ms wall ({h_min*1000:.1f}–{h_max*1000:.1f}), "
      f"median {h_cpu*1000:8.1f} ms CPU, peak RSS {h_rss:.1f} MiB")
print(f"ratio of medians: wall {h_wall/s_wall:.0f}x, CPU {h_cpu/s_cpu:.0f}x; peak RSS {h_rss/s_rss:.1f}x lower")
PY
