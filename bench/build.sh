#!/usr/bin/env bash
# Benchmarks `shipshape build` against buildah (FROM scratch + COPY, vfs driver, --isolation chroot) on the same
# machine, with hyperfine, for two inputs: a 50 MB static binary and a directory of 10,000 small files. Then
# compares shipshape's hash+compress pipeline with sha256sum + gzip on the same bytes.
#   bash bench/build.sh            # needs root (buildah), hyperfine, buildah, musl-gcc; builds the release binary
# Results: bench/results/build-*.md (hyperfine markdown) and a summary on stdout.
# Environment: RUNS (default 10), WORK (the scratch directory), BIN or SHIPSHAPE (the binary to measure), QUICK=1
# (a 5 MB binary and 500 files, one run, no warm-up, bench/results left alone; without buildah, shipshape
# alone): see bench/common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need hyperfine musl-gcc python3
if peer buildah; then with_buildah=1; else with_buildah=0; fi
runs="${RUNS:-$(quick 1 10)}"
warmup=$(quick 0 1)
binary_mb=$(quick 5 50)
directories=$(quick 5 100) # of 100 files each
work="${WORK:-$(mktemp -d /tmp/shipshape-bench-build.XXXXXX)}"
results=$(quick "$work/results" bench/results) # quick mode leaves the full figures' files alone
mkdir -p "$results"
shipshape="$BIN" # absolute: the commands run in the input directories

# Inputs -------------------------------------------------------------------------------------------------------
# The 50 MB static binary (QUICK: 5 MB): a musl-static C program followed by 50 MB of real machine code (the head of the
# largest binary on the machine), so it compresses as executables do; the ELF headers stay valid.
mkdir -p "$work/bin" "$work/files/tree"
printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' >"$work/bin/app.c"
musl-gcc -static -O2 -o "$work/bin/app" "$work/bin/app.c"
big=$( (ls -S /opt/swift/usr/bin/* /usr/bin/* 2>/dev/null || true) | head -1 || true)
head -c $((binary_mb * 1024 * 1024)) "$big" >>"$work/bin/app"
# 10,000 small files (100 directories of 100 files, 200-2,000 bytes of text each; QUICK: 5 directories).
python3 - "$work/files/tree" "$directories" <<'PY'
import os, random, sys
random.seed(1)
root, directories = sys.argv[1], int(sys.argv[2])
words = open("/usr/share/dict/words").read().split() if os.path.exists("/usr/share/dict/words") else \
    ["alpha", "beta", "gamma", "delta", "layer", "image", "build", "static", "binary", "container"]
for d in range(directories):
    os.makedirs(f"{root}/d{d:03}", exist_ok=True)
    for f in range(100):
        n = random.randint(200, 2000)
        text = " ".join(random.choice(words) for _ in range(n // 6))[:n]
        open(f"{root}/d{d:03}/f{f:03}.txt", "w").write(text)
PY
cp "$work/bin/app" "$work/files/app"
printf 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' >"$work/bin/Containerfile"
printf 'FROM scratch\nCOPY app /app\nCOPY tree /srv/tree\nENTRYPOINT ["/app"]\n' >"$work/files/Containerfile"
du -sh "$work/bin/app" "$work/files/tree" >&2

storage=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)
buildah_build() { # $1 context
    buildah "${storage[@]}" build --isolation chroot --layers=false -q -t bench-image -f "$1/Containerfile" "$1" >/dev/null
}
export -f buildah_build
export work

bench() { # name, context, shipshape arguments…
    local name=$1 context=$2
    shift 2
    local peers=()
    if [[ $with_buildah == 1 ]]; then
        peers=(-n "buildah build (vfs, chroot, into its storage)"
            "buildah ${storage[*]} rmi -a -f >/dev/null 2>&1 || true; buildah ${storage[*]} build --isolation chroot -q -t bench-image -f '$context/Containerfile' '$context' >/dev/null"
            -n "buildah build + push oci: (gzip)"
            "buildah ${storage[*]} rmi -a -f >/dev/null 2>&1 || true; buildah ${storage[*]} build --isolation chroot -q -t bench-image -f '$context/Containerfile' '$context' >/dev/null && buildah ${storage[*]} push -q bench-image oci:$work/out:t >/dev/null")
    fi
    hyperfine --warmup "$warmup" --runs "$runs" --export-markdown "$results/build-$name.md" --export-json "$work/$name.json" \
        --prepare "rm -rf '$work/out' '$work/out.tar'" \
        -n "shipshape build (gzip, oci layout)" "cd '$context' && $shipshape build --no-git $* --output oci:$work/out:t" \
        -n "shipshape build (uncompressed)" "cd '$context' && $shipshape build --no-git $* --compression none --output oci:$work/out:t" \
        "${peers[@]}"
}

bench binary "$work/bin" --add ./app:/app --entrypoint /app
bench files "$work/files" --add ./app:/app --add ./tree:/srv/tree --entrypoint /app

# Hash + compress on the same bytes ------------------------------------------------------------------------------
tar -C "$work/bin" -cf "$work/app.tar" app
hyperfine --warmup "$warmup" --runs "$runs" --export-markdown "$results/build-pipeline.md" \
    --prepare "rm -rf '$work/out'" \
    -n "shipshape build: tar + sha256 + gzip -6 + sha256 + write" \
    "cd '$work/bin' && $shipshape build --no-git --add ./app:/app --entrypoint /app --output oci:$work/out:t" \
    -n "sha256sum + gzip -6 | sha256sum (same tar)" \
    "sha256sum '$work/app.tar' >/dev/null && gzip -6 -c '$work/app.tar' | sha256sum >/dev/null"

# Compressed layer sizes: shipshape's gzip layers (default engine, and zlib) against buildah's pushed ones --------
layer_sizes() { # directory of an OCI layout: the sizes of its layers, largest first
    python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = json.load(open(f"{root}/blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
print(" + ".join(f"{layer['size']:,}" for layer in sorted(manifest["layers"], key=lambda l: -l["size"])))
PY
}
for name in bin files; do
    case $name in
    bin) args=(--add ./app:/app --entrypoint /app) ;;
    files) args=(--add ./app:/app --add ./tree:/srv/tree --entrypoint /app) ;;
    esac
    rm -rf "$work/out" "$work/out-zlib" "$work/out-buildah"
    (cd "$work/$name" && "$shipshape" build --no-git "${args[@]}" --output "oci:$work/out:t" >/dev/null)
    (cd "$work/$name" && SHIPSHAPE_GZIP=zlib "$shipshape" build --no-git "${args[@]}" --output "oci:$work/out-zlib:t" >/dev/null)
    if [[ $with_buildah == 1 ]]; then
        buildah "${storage[@]}" rmi -a -f >/dev/null 2>&1 || true
        buildah_build "$work/$name"
        buildah "${storage[@]}" push -q bench-image "oci:$work/out-buildah:t" >/dev/null
        buildah_sizes=$(layer_sizes "$work/out-buildah")
    else
        buildah_sizes="peer not installed"
    fi
    echo "layer bytes ($name): shipshape $(layer_sizes "$work/out"); shipshape (SHIPSHAPE_GZIP=zlib)" \
        "$(layer_sizes "$work/out-zlib"); buildah push $buildah_sizes"
done
gzip -6 -n -c "$work/app.tar" | wc -c | xargs printf 'gzip -6 of the binary tar alone: %s bytes\n'

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for name in ("binary", "files"):
    data = json.load(open(f"{work}/{name}.json"))["results"]
    medians = {r["command"]: r["median"] for r in data}
    ours = medians["shipshape build (gzip, oci layout)"]
    print(f"{name}: " + ", ".join(f"{k} {v:.3f}s" for k, v in medians.items()))
    if "buildah build (vfs, chroot, into its storage)" not in medians:  # quick mode without the peer
        print("  buildah / shipshape: peer not installed")
        continue
    print(f"  buildah (storage) / shipshape (gzip) = {medians['buildah build (vfs, chroot, into its storage)'] / ours:.1f}x;"
          f" buildah (+push oci gzip) / shipshape (gzip) = {medians['buildah build + push oci: (gzip)'] / ours:.1f}x")
PY
rm -rf "$work"
