#!/usr/bin/env bash
# The probe's own overhead: unpack, namespaces, exec, teardown, on an image whose command exits at once (so the
# watch ends with it and nothing else is measured), on a small image and on a bigger one, against
# `buildah from` + `buildah run --isolation chroot` + `buildah rm` + `buildah rmi` on the same OCI layout (buildah
# unpacks into its storage and runs in a chroot: the same work). Needs root (namespaces), musl-gcc, python3.
#   bash bench/probe.sh
# Environment: QUICK=1 (3 runs, a 10 MB "big" image), SIZE_MB (the big image's content, default 50), BIN: see
# bench/common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need musl-gcc python3
runs=$(quick 3 11)
size_mb=${SIZE_MB:-$(quick 10 50)}

# Lower case: buildah names an oci: image after its path, and image names must be lower case.
work="/tmp/probe-bench-$$-$RANDOM"
mkdir -m 0700 "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/small" "$work/big/data" "$work/tmp"
printf 'int main(void) { return 0; }\n' >"$work/true.c"
musl-gcc -static -O2 -o "$work/small/true" "$work/true.c"
cp "$work/small/true" "$work/big/true"
# The big image: incompressible files of 1 MB (a realistic mix compresses; random data makes gzip do full work).
python3 - "$work/big/data" "$size_mb" <<'PY'
import os, sys
for i in range(int(sys.argv[2])):
    with open(os.path.join(sys.argv[1], f"blob-{i:04d}.bin"), "wb") as f:
        f.write(os.urandom(1 << 20))
PY
"$BIN" build --no-git --add "$work/small/true:/true" --entrypoint /true --output "oci:$work/small-oci" >/dev/null 2>&1
"$BIN" build --no-git --add "$work/big/true:/true" --add "$work/big/data:/data" --entrypoint /true \
    --output "oci:$work/big-oci" >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }

measure_probe() {
    local image=$1 start end
    for _ in $(seq "$runs"); do
        start=$(now)
        TMPDIR="$work/tmp" "$BIN" probe "oci:$image" --timeout 5 --format json >"$work/last.json"
        end=$(now)
        echo "$end - $start" | bc -l
    done | median
}

measure_buildah() {
    local image=$1 start end container
    for _ in $(seq "$runs"); do
        start=$(now)
        container=$(buildah "${storage[@]}" from --pull-never --quiet "oci:$image")
        buildah "${storage[@]}" run --isolation chroot "$container" /true
        buildah "${storage[@]}" rm "$container" >/dev/null
        buildah "${storage[@]}" rmi --all --force >/dev/null
        end=$(now)
        echo "$end - $start" | bc -l
    done | median
}

storage=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)
have_buildah=0
if peer buildah; then
    have_buildah=1
    # One run outside the timing pipeline, so a failing buildah stops the bench (set -e) instead of being timed.
    container=$(buildah "${storage[@]}" from --pull-never --quiet "oci:$work/small-oci")
    buildah "${storage[@]}" run --isolation chroot "$container" /true
    buildah "${storage[@]}" rm "$container" >/dev/null
    buildah "${storage[@]}" rmi --all --force >/dev/null
fi

printf '== shipshape probe vs buildah from+run+rm, median of %d runs (seconds; the machine may be shared)\n' "$runs"
for name in small big; do
    image="$work/$name-oci"
    bytes=$(du -sb "$image" | cut -f1)
    ours=$(measure_probe "$image")
    unpack=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probe"]["unpack"]["seconds"])' \
        "$work/last.json")
    start=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probe"]["runs"][0]["startSeconds"])' \
        "$work/last.json")
    line=$(printf '%-6s %6.1f MB  probe %.3f s (unpack %.3f, namespaces to exec %.4f)' "$name" \
        "$(echo "$bytes / 1000000" | bc -l)" "$ours" "$unpack" "$start")
    if [[ $have_buildah == 1 ]]; then
        theirs=$(measure_buildah "$image")
        line+=$(printf '  buildah %.3f s  ratio %.1fx' "$theirs" "$(echo "$theirs / $ours" | bc -l)")
    else
        line+="  buildah: peer not installed"
    fi
    echo "$line"
done
if [[ -n "$(ls -A "$work/tmp")" ]]; then
    echo "bench/probe.sh: the probe left files behind in $work/tmp" >&2
    exit 1
fi
