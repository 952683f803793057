#!/usr/bin/env bash
# The probe's own overhead: unpack, namespaces, exec, teardown, on an image whose command exits at once (so the
# watch ends with it and nothing else is measured), against `buildah from` + `buildah run --isolation chroot` +
# `buildah rm` + `buildah rmi` on the same OCI layout (buildah unpacks into its storage and runs in a chroot: the
# same work), and the probe's unpack against `tar -x` of the same layer blobs into a fresh directory (disk speed).
# Needs root (namespaces), musl-gcc, python3, bc.
#   bash bench/probe.sh
# Images: small (one 19 kB static binary), big (SIZE_MB files of 1 MB of random bytes, gzip; default 50) and
# debian (a Debian 12 tree made by `debootstrap --variant=minbase --include=python3,perl bookworm`, cached in
# $DEBOOTSTRAP, default /tmp/shipshape-probe-debootstrap, built once with the network; committed with `buildah
# from scratch` + `copy` + `commit oci:`; its command is /bin/true).
# Environment: QUICK=1 (3 runs, a 10 MB big image, no debian image), IMAGES (default "small big debian", quick
# "small big"), RUNS, SIZE_MB, DEBOOTSTRAP, BIN: see bench/common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need musl-gcc python3 bc
runs=${RUNS:-$(quick 3 11)}
size_mb=${SIZE_MB:-$(quick 10 50)}
images=${IMAGES:-$(quick "small big" "small big debian")}

# Lower case: buildah names an oci: image after its path, and image names must be lower case.
work="/tmp/probe-bench-$$-$RANDOM"
mkdir -m 0700 "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/small" "$work/big/data" "$work/tmp"
printf 'int main(void) { return 0; }\n' >"$work/true.c"
musl-gcc -static -O2 -o "$work/small/true" "$work/true.c"

have_buildah=0
if peer buildah; then have_buildah=1; fi
storage=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)

for name in $images; do
    case $name in
    small)
        "$BIN" build --no-git --add "$work/small/true:/true" --entrypoint /true --output "oci:$work/small-oci" \
            >/dev/null 2>&1
        ;;
    big)
        cp "$work/small/true" "$work/big/true"
        # Incompressible files of 1 MB (a realistic mix compresses; random data makes gzip do full work).
        python3 - "$work/big/data" "$size_mb" <<'PY'
import os, sys
for i in range(int(sys.argv[2])):
    with open(os.path.join(sys.argv[1], f"blob-{i:04d}.bin"), "wb") as f:
        f.write(os.urandom(1 << 20))
PY
        "$BIN" build --no-git --add "$work/big/true:/true" --add "$work/big/data:/data" --entrypoint /true \
            --output "oci:$work/big-oci" >/dev/null 2>&1
        ;;
    debian)
        need debootstrap
        if [[ $have_buildah == 0 ]]; then
            echo "$bench_script: the debian image is committed with buildah, which is missing: left out" >&2
            continue
        fi
        tree=${DEBOOTSTRAP:-/tmp/shipshape-probe-debootstrap}
        if [[ ! -x $tree/usr/bin/python3 ]]; then
            echo "$bench_script: debootstrap into $tree (once; needs the network)" >&2
            debootstrap --variant=minbase --include=python3,perl bookworm "$tree" http://deb.debian.org/debian \
                >"$work/debootstrap.log" 2>&1 || { cat "$work/debootstrap.log" >&2; exit 2; }
        fi
        container=$(buildah "${storage[@]}" from --quiet scratch)
        buildah "${storage[@]}" copy --quiet "$container" "$tree" / >/dev/null
        buildah "${storage[@]}" config --entrypoint '["/bin/true"]' --cmd '' "$container"
        buildah "${storage[@]}" commit --quiet "$container" "oci:$work/debian-oci" >/dev/null
        buildah "${storage[@]}" rm "$container" >/dev/null
        buildah "${storage[@]}" rmi --all --force >/dev/null 2>&1 || true
        ;;
    *) echo "$bench_script: unknown image '$name' (small, big, debian)" >&2; exit 2 ;;
    esac
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
# The layer blobs of an OCI layout, in order.
layers() {
    python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
digest = index["manifests"][0]["digest"].split(":")[1]
manifest = json.load(open(f"{root}/blobs/sha256/{digest}"))
for layer in manifest["layers"]:
    print(f"{root}/blobs/sha256/{layer['digest'].split(':')[1]}")
PY
}
json_field() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["probe"]; print(eval(sys.argv[2]))' "$work/last.json" "$1"
}

measure_probe() {
    local image=$1 start end
    for _ in $(seq "$runs"); do
        start=$(now)
        TMPDIR="$work/tmp" "$BIN" probe "oci:$image" --timeout 5 --format json >"$work/last.json"
        end=$(now)
        echo "$end - $start" | bc -l
    done | median
}

# tar -x of the same layers (GNU tar detects the compression) into a fresh directory; the removal is not timed.
measure_tar() {
    local image=$1 start end blob blobs
    mapfile -t blobs < <(layers "$image")
    for _ in $(seq "$runs"); do
        mkdir "$work/tar-root"
        start=$(now)
        for blob in "${blobs[@]}"; do tar -xf "$blob" -C "$work/tar-root"; done
        end=$(now)
        rm -rf "$work/tar-root"
        echo "$end - $start" | bc -l
    done | median
}

measure_buildah() {
    local image=$1 start end container program=$2
    for _ in $(seq "$runs"); do
        start=$(now)
        container=$(buildah "${storage[@]}" from --pull-never --quiet "oci:$image")
        buildah "${storage[@]}" run --isolation chroot "$container" "$program"
        buildah "${storage[@]}" rm "$container" >/dev/null
        buildah "${storage[@]}" rmi --all --force >/dev/null
        end=$(now)
        echo "$end - $start" | bc -l
    done | median
}

if [[ $have_buildah == 1 ]]; then
    # One run outside the timing pipeline, so a failing buildah stops the bench (set -e) instead of being timed.
    for name in $images; do
        [[ -d $work/$name-oci ]] || continue
        program=/true
        if [[ $name == debian ]]; then program=/bin/true; fi
        container=$(buildah "${storage[@]}" from --pull-never --quiet "oci:$work/$name-oci")
        buildah "${storage[@]}" run --isolation chroot "$container" "$program"
        buildah "${storage[@]}" rm "$container" >/dev/null
        buildah "${storage[@]}" rmi --all --force >/dev/null
        break
    done
fi

printf '== shipshape probe vs buildah from+run+rm, median of %d runs (seconds; the machine may be shared)\n' "$runs"
for name in $images; do
    image="$work/$name-oci"
    [[ -d $image ]] || continue
    program=/true
    if [[ $name == debian ]]; then program=/bin/true; fi
    bytes=$(du -sb "$image" | cut -f1)
    ours=$(measure_probe "$image")
    unpack=$(json_field 'd["unpack"]["seconds"]')
    unpacked=$(json_field 'd["unpack"]["bytes"]')
    entries=$(json_field 'd["unpack"]["entries"]')
    start=$(json_field 'd["runs"][0]["startSeconds"]')
    tar=$(measure_tar "$image")
    line=$(printf '%-6s %6.1f MB (%.1f MB, %d entries unpacked)  probe %.3f s (unpack %.3f, tar -x %.3f: %.2fx; namespaces to exec %.4f)' \
        "$name" "$(echo "$bytes / 1000000" | bc -l)" "$(echo "$unpacked / 1000000" | bc -l)" "$entries" "$ours" \
        "$unpack" "$tar" "$(echo "$unpack / $tar" | bc -l)" "$start")
    if [[ $have_buildah == 1 ]]; then
        theirs=$(measure_buildah "$image" "$program")
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
