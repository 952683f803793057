#!/usr/bin/env bash
# Measures the vulnerability database and scan: `shipshape db import` of the whole PyPA advisory database (2,661
# YAML records, ../shared/advisories/pypa) and of a synthetic OSV all.zip of 100,000 records (bench/make-osv-zip.py);
# `shipshape scan sbom:FILE` of a 300-package SBOM against each database (the match step alone, from
# SHIPSHAPE_TIMING); memory against the database size: the same 300 real PyPI packages scanned against the PyPA
# database alone and with the synthetic records added (same findings, a 22 times larger file); `sbom`, `scan` and
# `inspect` (without and with a database) of bench/sbom.sh's realistic and debootstrap images (its quick image with
# QUICK=1; SCAN_IMAGES="docker-archive:PATH …" for others). Wall and CPU (hyperfine medians), peak RSS (median of RSS_RUNS runs of /usr/bin/time -v). No peer runs
# here: trivy, grype and osv-scanner each need their own database downloaded, which this machine cannot reach.
#   bash bench/scan.sh          RUNS=5, RSS_RUNS=3, RECORDS=100000
#   QUICK=1 bash bench/scan.sh  one run each, 20,000 synthetic records (CI)
#   BIN=.build/release/shipshape  measures a binary already built (swift build -c release --static-swift-stdlib)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/shipshape-scan-bench}
QUICK=${QUICK:-}
RUNS=${RUNS:-$([ -n "$QUICK" ] && echo 1 || echo 5)}
RSS_RUNS=${RSS_RUNS:-$([ -n "$QUICK" ] && echo 1 || echo 3)}
RECORDS=${RECORDS:-$([ -n "$QUICK" ] && echo 20000 || echo 100000)}
PYPA=${PYPA:-../shared/advisories/pypa/vulns}
mkdir -p "$WORK"
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product shipshape >/dev/null
    BIN="$(swift build -c release --show-bin-path)/shipshape"
fi
[ -s "$WORK/all-$RECORDS.zip" ] || python3 bench/make-osv-zip.py "$WORK/all-$RECORDS.zip" "$RECORDS"
python3 bench/make-scan-sbom.py "$WORK/sbom-300.json" 300 "$RECORDS"
python3 bench/make-scan-sbom.py "$WORK/sbom-pypa-300.json" 300 "$RECORDS" "$PYPA"

median() { python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }
cpu() {
    python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print('%.3f' % (r['user'] + r['system']))" "$1"
}
peak_rss() {  # command… → median peak RSS in MB
    for _ in $(seq "$RSS_RUNS"); do
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { print $6 }'
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}
measure() {  # label command… (the command runs with SHIPSHAPE_DB set by the caller)
    local label=$1; shift
    hyperfine -N --runs "$RUNS" --export-json "$WORK/h.json" "$*" >/dev/null
    printf '%-44s %8s %8s %8s\n' "$label" "$(median "$WORK/h.json")" "$(cpu "$WORK/h.json")" "$(peak_rss "$@")"
}
match_ms() {  # the match step alone, median of RUNS runs, from SHIPSHAPE_TIMING
    for _ in $(seq "$RUNS"); do
        SHIPSHAPE_TIMING=1 "$BIN" scan "sbom:$WORK/sbom-300.json" --fail-on none --format json 2>&1 >/dev/null |
            sed -n 's/.*match \([0-9.e-]*\) seconds.*/\1/p'
    done | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f ms", v[int((NR + 1) / 2)] * 1000 }'
}

echo "load before: $(uptime)"
echo "shipshape: $BIN ($("$BIN" --version)); $RUNS runs, medians; $(nproc) cores"
printf '%-44s %8s %8s %8s\n' step "wall s" "CPU s" "peak MB"
# Fresh databases every run: `db import` adds its sources to the database it finds, so a file left by an earlier run
# (another RECORDS) would be measured too.
rm -f "$WORK/pypa.db" "$WORK/synthetic-$RECORDS.db"
export SHIPSHAPE_DB="$WORK/pypa.db"
measure "db import PyPA ($(find "$PYPA" -name '*.yaml' | wc -l) YAML records)" "$BIN" db import "$PYPA"
"$BIN" db status | head -1
measure "scan sbom:300 packages (PyPA db)" "$BIN" scan "sbom:$WORK/sbom-300.json" --fail-on none --format json
echo "  match step: $(match_ms)"
export SHIPSHAPE_DB="$WORK/synthetic-$RECORDS.db"
measure "db import all.zip ($RECORDS records, $(du -h "$WORK/all-$RECORDS.zip" | cut -f1))" \
    "$BIN" db import "$WORK/all-$RECORDS.zip"
"$BIN" db status | head -1
echo "  database file: $(du -h "$SHIPSHAPE_DB" | cut -f1)"
measure "scan sbom:300 packages ($RECORDS-record db)" "$BIN" scan "sbom:$WORK/sbom-300.json" --fail-on none --format json
echo "  match step: $(match_ms); findings: $("$BIN" scan "sbom:$WORK/sbom-300.json" --fail-on none --format json |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"
# Memory against the database size: the same packages and findings, the PyPA records alone and with the synthetic
# ones beside them (their names are not PyPA's).
rm -f "$WORK/combined-$RECORDS.db"
export SHIPSHAPE_DB="$WORK/combined-$RECORDS.db"
"$BIN" db import "$PYPA" "$WORK/all-$RECORDS.zip" >/dev/null
for db in pypa "combined-$RECORDS"; do
    export SHIPSHAPE_DB="$WORK/$db.db"
    measure "scan sbom:300 PyPA packages ($db db, $(du -h "$SHIPSHAPE_DB" | cut -f1))" \
        "$BIN" scan "sbom:$WORK/sbom-pypa-300.json" --fail-on none --format json
    echo "  findings: $("$BIN" scan "sbom:$WORK/sbom-pypa-300.json" --fail-on none --format json |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"
done
# Real images: bench/sbom.sh's realistic image (~700 dpkg packages, Debian's Python and npm libraries, pip packages,
# jars, Go executables; ~400 MB) and its debootstrap Debian 12 (with rpm and Rust packages), or its quick image with
# QUICK=1; built here the same way when they are not there yet. SCAN_IMAGES="docker-archive:PATH …" for others.
# For each: `sbom` against `scan` (target: scan ≤ sbom + 50 ms), the scan against the larger database (memory must
# not follow the database), and `inspect` without a database and with one (what the vulnerability findings cost).
SBOM_WORK=${SBOM_WORK:-/tmp/shipshape-sbom-bench}
VENV=${VENV:-$SBOM_WORK/venv}
scan_images=()
if [ -n "${SCAN_IMAGES:-${SCAN_IMAGE:-}}" ]; then
    read -r -a scan_images <<<"${SCAN_IMAGES:-$SCAN_IMAGE}"
else
    names=(quick)
    [ -z "$QUICK" ] && names=(realistic debootstrap)
    mkdir -p "$SBOM_WORK"
    for name in "${names[@]}"; do
        if [ ! -s "$SBOM_WORK/$name.tar" ]; then
            if [ "$name" = debootstrap ]; then
                DEBOOTSTRAP=${DEBOOTSTRAP:-/tmp/shipshape-sbom-debootstrap}
                [ -x "$DEBOOTSTRAP/usr/bin/dpkg" ] || debootstrap --variant=minbase bookworm "$DEBOOTSTRAP" \
                    http://deb.debian.org/debian >"$SBOM_WORK/debootstrap.log" ||
                    { echo "debootstrap failed (no network?): the debootstrap image is left out" >&2; continue; }
                [ -s "$SBOM_WORK/rpm/step2/rpmdb.sqlite" ] ||
                    python3 Tests/PackagesTests/Scripts/make-rpmdb.py "$SBOM_WORK/rpm"
                python3 -c 'import sys, zlib; open(sys.argv[2], "wb").write(zlib.compress(open(sys.argv[1], "rb").read(), 9))' \
                    bench/sbom-rust-audit.json "$SBOM_WORK/rust-audit.z"
                objcopy --add-section ".dep-v0=$SBOM_WORK/rust-audit.z" /usr/bin/true "$SBOM_WORK/rust-app"
                python3 bench/make-sbom-image.py debootstrap "$SBOM_WORK/debootstrap.tar" "$DEBOOTSTRAP" \
                    "$SBOM_WORK/rpm/step2/rpmdb.sqlite" "$SBOM_WORK/rust-app"
            else
                if [ ! -x "$VENV/bin/python" ]; then
                    python3 -m venv "$VENV"
                    "$VENV/bin/pip" install -q -r scripts/python-requirements.txt
                fi
                python3 bench/make-sbom-image.py "$name" "$SBOM_WORK/$name.tar" "$VENV"
            fi
        fi
        scan_images+=("docker-archive:$SBOM_WORK/$name.tar")
    done
fi
ms() { python3 -c "print('%+.0f ms' % (($1 - $2) * 1000))"; }
for image in "${scan_images[@]}"; do
    name=$(basename "$image")
    export SHIPSHAPE_DB="$WORK/pypa.db"
    measure "sbom $name" "$BIN" sbom "$image" --format cyclonedx --output /dev/null
    sbom_wall=$(median "$WORK/h.json")
    measure "scan $name (PyPA db)" "$BIN" scan "$image" --fail-on none --format json
    scan_wall=$(median "$WORK/h.json")
    echo "  scan - sbom: $(ms "$scan_wall" "$sbom_wall") (target: at most +50 ms)"
    echo "  $(SHIPSHAPE_TIMING=1 "$BIN" scan "$image" --fail-on none --format json 2>&1 >/dev/null | tail -1)"
    export SHIPSHAPE_DB="$WORK/combined-$RECORDS.db"
    measure "scan $name (PyPA + $RECORDS db, $(du -h "$SHIPSHAPE_DB" | cut -f1))" \
        "$BIN" scan "$image" --fail-on none --format json
    export SHIPSHAPE_DB="$WORK/none.db"
    rm -f "$SHIPSHAPE_DB"
    measure "inspect $name (no database)" "$BIN" inspect "$image" --fail-on none --format json
    plain_wall=$(median "$WORK/h.json")
    export SHIPSHAPE_DB="$WORK/pypa.db"
    measure "inspect $name (PyPA db)" "$BIN" inspect "$image" --fail-on none --format json
    echo "  inspect with the database - without: $(ms "$(median "$WORK/h.json")" "$plain_wall"); findings: $(
        "$BIN" inspect "$image" --fail-on none --format json |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["vulnerabilities"]["count"])')"
done
echo "load after: $(uptime)"
