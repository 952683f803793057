#!/usr/bin/env bash
# Compares `shipshape inspect` with dive 0.13 (../shared/tools/peers.sh installs it in /opt/peers/bin) on the same
# docker-archives: a realistic ~300 MB Debian-based image in five layers, and 100,000 small files with 0, 1,000
# and 4,000 whiteouts. Wall time: hyperfine medians (and the dive/shipshape ratio); memory: peak RSS from
# /usr/bin/time -v; load: `uptime` before and after.
#   bash bench/inspect.sh     RUNS=5 runs each (RSS_RUNS=7 for the peak RSS median); DIVE_TIMEOUT=300 s per dive run; WORK=/tmp/shipshape-bench keeps
#                             the generated images between runs
set -euo pipefail
cd "$(dirname "$0")/.."
DIVE=${DIVE:-/opt/peers/bin/dive}
WORK=${WORK:-/tmp/shipshape-bench}
RUNS=${RUNS:-5}
DIVE_TIMEOUT=${DIVE_TIMEOUT:-300}
mkdir -p "$WORK"

# BIN=path/to/shipshape measures a binary already built (release) instead of building one.
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product shipshape >/dev/null
    BIN="$(swift build -c release --show-bin-path)/shipshape"
fi

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

median() {  # hyperfine JSON → median seconds
    python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"
}
cpu() {  # hyperfine JSON → mean CPU seconds (user + system): what the load of a shared machine distorts least
    python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print('%.3f' % (r['user'] + r['system']))" "$1"
}
peak_rss() {  # command… → median peak RSS in MB of RSS_RUNS runs (dive's varies by ±2 MB from run to run)
    for _ in $(seq "${RSS_RUNS:-7}"); do
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { print $6 }'
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}

echo "load before: $(uptime)"
echo "shipshape: $BIN; baseline RSS of the bare process (shipshape --version): $(peak_rss "$BIN" --version) MB"
echo "dive: $DIVE ($("$DIVE" --version 2>/dev/null || echo '?')); $RUNS runs, medians"
printf '%-8s %11s %11s %9s %11s %11s %9s %9s %9s\n' image "ship wall" "dive wall" "dive/ship" "ship CPU" "dive CPU" \
    "dive/ship" "RSS ship" "RSS dive"
for name in debian w0 w1000 w4000; do
    image="$WORK/$name.tar"
    hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/ship-$name.json" \
        "$BIN inspect docker-archive:$image --format json --fail-on none" >/dev/null
    ship=$(median "$WORK/ship-$name.json")
    ship_cpu=$(cpu "$WORK/ship-$name.json")
    ship_rss=$(peak_rss "$BIN" inspect "docker-archive:$image" --format json --fail-on none)
    # dive copies lower layers for every whiteout: on the whiteout images one run is enough (and may time out).
    dive_runs=$([ "$name" = debian ] || [ "$name" = w0 ] && echo "$RUNS" || echo 1)
    rm -f "$WORK/dive-$name-report.json"
    if hyperfine -N --runs "$dive_runs" --export-json "$WORK/dive-$name.json" \
        "timeout $DIVE_TIMEOUT env CI=true $DIVE --source docker-archive $image --json $WORK/dive-$name-report.json" \
        >/dev/null 2>&1
    then
        dive=$(median "$WORK/dive-$name.json")
        dive_cpu=$(cpu "$WORK/dive-$name.json")
        ratio=$(python3 -c "print('%.1fx' % ($dive / $ship))")
        cpu_ratio=$(python3 -c "print('%.1fx' % ($dive_cpu / $ship_cpu))")
        dive_rss=$(peak_rss env CI=true "$DIVE" --source docker-archive "$image" --json /dev/null)
        dive="$dive s"
        dive_cpu="$dive_cpu s"
    else
        dive="> $DIVE_TIMEOUT s"
        ratio=$(python3 -c "print('> %.0fx' % ($DIVE_TIMEOUT / $ship))")
        dive_cpu="-"
        cpu_ratio="-"
        dive_rss="-"
    fi
    printf '%-8s %9s s %11s %9s %9s s %11s %9s %6s MB %6s MB\n' "$name" "$ship" "$dive" "$ratio" "$ship_cpu" \
        "$dive_cpu" "$cpu_ratio" "$ship_rss" "$dive_rss"
done
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/ship-debian-gzip.json" \
    "$BIN inspect oci-archive:$WORK/debian-gzip.tar --format json --fail-on none" >/dev/null
echo "debian as an OCI archive with gzip layers (decompressed in parallel): $(median "$WORK/ship-debian-gzip.json") s," \
    "peak RSS $(peak_rss "$BIN" inspect "oci-archive:$WORK/debian-gzip.tar" --format json --fail-on none) MB," \
    "$(/usr/bin/time -f '%U s user + %S s sys CPU' "$BIN" inspect "oci-archive:$WORK/debian-gzip.tar" --format json \
        --fail-on none 2>&1 >/dev/null | tail -1)"

# The dive-compatible numbers agree with dive's own on every image it finished.
for name in debian w0 w1000 w4000; do
    [ -s "$WORK/dive-$name-report.json" ] || continue
    "$BIN" inspect "docker-archive:$WORK/$name.tar" --format json --fail-on none > "$WORK/ship-$name-report.json" || true
    python3 - "$WORK/ship-$name-report.json" "$WORK/dive-$name-report.json" "$name" <<'PY'
import json, sys
ship = json.load(open(sys.argv[1]))["diveCompat"]
dive = json.load(open(sys.argv[2]))["image"]
same = abs(ship["efficiency"] - dive["efficiencyScore"]) < 1e-9 and ship["wastedBytes"] == dive["inefficientBytes"]
print(f"{sys.argv[3]}: shipshape diveCompat efficiency {ship['efficiency']:.6f} wasted {ship['wastedBytes']} | "
      f"dive efficiencyScore {dive['efficiencyScore']:.6f} inefficientBytes {dive['inefficientBytes']}"
      f" -> {'same' if same else 'DIFFERENT'}")
PY
done
echo "load after: $(uptime)"
