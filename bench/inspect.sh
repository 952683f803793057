#!/usr/bin/env bash
# Compares `shipshape inspect` with dive 0.13 (../shared/tools/peers.sh installs it in /opt/peers/bin) on the same
# docker-archives: a realistic ~300 MB Debian-based image in five layers, and 100,000 small files with 0, 1,000
# and 4,000 whiteouts. Wall time: hyperfine medians; memory: peak RSS from /usr/bin/time -v.
#   bash bench/inspect.sh            (RUNS=5 by default; WORK=/tmp/shipshape-bench keeps the generated images)
set -euo pipefail
cd "$(dirname "$0")/.."
DIVE=${DIVE:-/opt/peers/bin/dive}
WORK=${WORK:-/tmp/shipshape-bench}
RUNS=${RUNS:-5}
DIVE_TIMEOUT=${DIVE_TIMEOUT:-1200}
mkdir -p "$WORK"

swift build -c release --product shipshape >/dev/null
BIN="$(swift build -c release --show-bin-path)/shipshape"

make_image() {  # name kind [whiteouts]
    [ -s "$WORK/$1.tar" ] || python3 bench/make-images.py "$2" "$WORK/$1.tar" "${3:-}"
}
make_image w0 synthetic 0
make_image w1000 synthetic 1000
make_image w4000 synthetic 4000
make_image debian realistic
# The realistic image again as an OCI archive with gzip layers: decompression runs in parallel across cores.
[ -s "$WORK/debian-gzip.tar" ] || skopeo copy -q --dest-compress-format gzip \
    "docker-archive:$WORK/debian.tar" "oci-archive:$WORK/debian-gzip.tar:1.0.0" >/dev/null

peak_rss() {  # command… → peak RSS in MB
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }'
}

printf '%-12s %14s %14s %12s %12s\n' image shipshape dive "rss ship" "rss dive"
for name in debian w0 w1000 w4000; do
    image="$WORK/$name.tar"
    hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/ship-$name.json" \
        "$BIN inspect docker-archive:$image --format json --fail-on none" >/dev/null
    ship=$(python3 -c "import json,sys; print('%.3f s' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$WORK/ship-$name.json")
    ship_rss=$(peak_rss "$BIN" inspect "docker-archive:$image" --format json --fail-on none)
    # dive copies lower layers for every whiteout: one run is enough (and may hit DIVE_TIMEOUT).
    dive_runs=$([ "$name" = debian ] && echo "$RUNS" || echo 1)
    if hyperfine -N --runs "$dive_runs" --export-json "$WORK/dive-$name.json" \
        "timeout $DIVE_TIMEOUT env CI=true $DIVE --source docker-archive $image --json $WORK/dive-$name-report.json" >/dev/null 2>&1
    then
        dive=$(python3 -c "import json,sys; print('%.3f s' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$WORK/dive-$name.json")
        dive_rss=$(peak_rss env CI=true "$DIVE" --source docker-archive "$image" --json /dev/null)
    else
        dive="> ${DIVE_TIMEOUT} s"
        dive_rss="-"
    fi
    printf '%-12s %14s %14s %10s MB %10s MB\n' "$name" "$ship" "$dive" "$ship_rss" "$dive_rss"
done
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/ship-debian-gzip.json" \
    "$BIN inspect oci-archive:$WORK/debian-gzip.tar --format json --fail-on none" >/dev/null
echo "debian, OCI archive with gzip layers (parallel decompression): $(python3 -c "import json,sys; print('%.3f s' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$WORK/ship-debian-gzip.json"), peak RSS $(peak_rss "$BIN" inspect "oci-archive:$WORK/debian-gzip.tar" --format json --fail-on none) MB"

# The dive-compatible numbers agree with dive's own on every image it finished.
for name in debian w0 w1000 w4000; do
    [ -s "$WORK/dive-$name-report.json" ] || continue
    "$BIN" inspect "docker-archive:$WORK/$name.tar" --format json --fail-on none > "$WORK/ship-$name-report.json" || true
    python3 - "$WORK/ship-$name-report.json" "$WORK/dive-$name-report.json" "$name" <<'PY'
import json, sys
ship = json.load(open(sys.argv[1]))["diveCompat"]
dive = json.load(open(sys.argv[2]))["image"]
print(f"{sys.argv[3]}: shipshape diveCompat efficiency {ship['efficiency']:.6f} wasted {ship['wastedBytes']} | "
      f"dive efficiencyScore {dive['efficiencyScore']:.6f} inefficientBytes {dive['inefficientBytes']}")
PY
done
