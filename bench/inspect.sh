#!/usr/bin/env bash
# Compares `shipshape inspect` with dive 0.13 (../shared/tools/peers.sh installs it in /opt/peers/bin) on the same
# docker-archives: a realistic ~300 MB Debian-based image in five layers, and 100,000 small files with 0, 1,000
# and 4,000 whiteouts. Wall time: hyperfine medians (and the dive/shipshape ratio); memory: peak RSS from
# /usr/bin/time -v; load: `uptime` before and after.
#   bash bench/inspect.sh     RUNS=5 runs each (RSS_RUNS=7 for the peak RSS median); DIVE_TIMEOUT=300 s per dive run; WORK=/tmp/shipshape-bench keeps
#                             the generated images between runs; BIN or SHIPSHAPE=path measures a binary already
#                             built (release) instead of building one
#   QUICK=1 bash bench/inspect.sh   one run, no warm-up, one RSS run, DIVE_TIMEOUT=60: a ~15 MB realistic image
#                             (make-images.py SCALE 0.05) and 5,000 small files with 0, 50 and 200 whiteouts, in
#                             WORK=/tmp/shipshape-bench-quick; dive and skopeo only if installed (bench/common.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
DIVE=${DIVE:-/opt/peers/bin/dive}
WORK=${WORK:-$(quick /tmp/shipshape-bench-quick /tmp/shipshape-bench)}
RUNS=${RUNS:-$(quick 1 5)}
RSS_RUNS=${RSS_RUNS:-$(quick 1 7)}
WARMUP=$(quick 0 1)
DIVE_TIMEOUT=${DIVE_TIMEOUT:-$(quick 60 300)}
need hyperfine /usr/bin/time python3
if peer "$DIVE"; then with_dive=1; else with_dive=0; fi
if peer skopeo; then with_skopeo=1; else with_skopeo=0; fi
mkdir -p "$WORK"

make_image() {  # name kind [whiteouts or scale [files]]
    [ -s "$WORK/$1.tar" ] || python3 bench/make-images.py "$2" "$WORK/$1.tar" "${@:3}"
}
if [ "$QUICK" = 1 ]; then
    images=(debian w0 w50 w200)
    make_image w0 synthetic 0 5000
    make_image w50 synthetic 50 5000
    make_image w200 synthetic 200 5000
    make_image debian realistic 0.05
else
    images=(debian w0 w1000 w4000)
    make_image w0 synthetic 0
    make_image w1000 synthetic 1000
    make_image w4000 synthetic 4000
    make_image debian realistic
fi
# The realistic image again as an OCI archive with gzip layers: decompression runs in parallel across cores.
if [ "$with_skopeo" = 1 ] && [ ! -s "$WORK/debian-gzip.tar" ]; then
    skopeo copy -q --dest-compress-format gzip \
        "docker-archive:$WORK/debian.tar" "oci-archive:$WORK/debian-gzip.tar:1.0.0" >/dev/null
fi

median() {  # hyperfine JSON → median seconds
    python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"
}
cpu() {  # hyperfine JSON → mean CPU seconds (user + system): what the load of a shared machine distorts least
    python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print('%.3f' % (r['user'] + r['system']))" "$1"
}
peak_rss() {  # command… → median peak RSS in MB of RSS_RUNS runs (dive's varies by ±2 MB from run to run)
    for _ in $(seq "$RSS_RUNS"); do
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { print $6 }'
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}

echo "load before: $(uptime)"
echo "shipshape: $BIN; baseline RSS of the bare process (shipshape --version): $(peak_rss "$BIN" --version) MB"
if [ "$with_dive" = 1 ]; then
    echo "dive: $DIVE ($("$DIVE" --version 2>/dev/null || echo '?')); $RUNS runs, medians"
else
    echo "dive: peer not installed (shipshape alone); $RUNS runs, medians"
fi
printf '%-8s %11s %11s %9s %11s %11s %9s %9s %9s\n' image "ship wall" "dive wall" "dive/ship" "ship CPU" "dive CPU" \
    "dive/ship" "RSS ship" "RSS dive"
for name in "${images[@]}"; do
    image="$WORK/$name.tar"
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/ship-$name.json" \
        "$BIN inspect docker-archive:$image --format json --fail-on none" >/dev/null
    ship=$(median "$WORK/ship-$name.json")
    ship_cpu=$(cpu "$WORK/ship-$name.json")
    ship_rss=$(peak_rss "$BIN" inspect "docker-archive:$image" --format json --fail-on none)
    # dive copies lower layers for every whiteout: on the whiteout images one run is enough (and may time out).
    dive_runs=$([ "$name" = debian ] || [ "$name" = w0 ] && echo "$RUNS" || echo 1)
    rm -f "$WORK/dive-$name-report.json"
    if [ "$with_dive" = 0 ]; then
        dive="not inst."
        ratio="-"
        dive_cpu="-"
        cpu_ratio="-"
        dive_rss="-"
    elif hyperfine -N --runs "$dive_runs" --export-json "$WORK/dive-$name.json" \
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
if [ "$with_skopeo" = 1 ]; then
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/ship-debian-gzip.json" \
        "$BIN inspect oci-archive:$WORK/debian-gzip.tar --format json --fail-on none" >/dev/null
    echo "debian as an OCI archive with gzip layers (decompressed in parallel): $(median "$WORK/ship-debian-gzip.json") s," \
        "peak RSS $(peak_rss "$BIN" inspect "oci-archive:$WORK/debian-gzip.tar" --format json --fail-on none) MB," \
        "$(/usr/bin/time -f '%U s user + %S s sys CPU' "$BIN" inspect "oci-archive:$WORK/debian-gzip.tar" --format json \
            --fail-on none 2>&1 >/dev/null | tail -1)"
else
    echo "debian as an OCI archive with gzip layers: skopeo (which writes it) not installed"
fi

# The dive-compatible numbers agree with dive's own on every image it finished.
for name in "${images[@]}"; do
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
