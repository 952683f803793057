#!/usr/bin/env bash
# bench/registry.sh: `shipshape copy` against `skopeo copy`, both ways between an OCI layout and a local registry
# (Debian's docker-registry 2.8 on 127.0.0.1), on a ~300 MB image of 4 layers; hyperfine medians. Then checks that
# a second image sharing the base layers uploads only its own layer. Prints medians and the ratio
# skopeo/shipshape (above 1: shipshape is faster) with the load average.
#   bash bench/registry.sh            (RUNS=5 by default; LAYER_MB=75 per layer)
# BIN or SHIPSHAPE: the binary to measure (default: the release build); QUICK=1: 4 MB layers, one run, no warm-up,
# and without skopeo shipshape alone (see bench/common.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
runs=${RUNS:-$(quick 1 5)}
warmup=$(quick 0 1)
layer_mb=${LAYER_MB:-$(quick 4 75)}
need docker-registry umoci hyperfine python3
if peer skopeo; then with_skopeo=1; else with_skopeo=0; fi
shipshape=$BIN
# SKIP_PUSH=1 measures the pull direction only.
skip_push=${SKIP_PUSH:-0}

work=$(mktemp -d /tmp/shipshape-bench-registry.XXXXXX)
registry_pid=""
cleanup() {
    if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== image: 4 layers of ${layer_mb} MB (incompressible), OCI layout $work/layout"
umoci init --layout "$work/layout"
umoci new --image "$work/layout:base"
umoci unpack --rootless --image "$work/layout:base" "$work/bundle" >/dev/null
for layer in 1 2 3 4; do
    head -c "$((layer_mb * 1024 * 1024))" /dev/urandom >"$work/bundle/rootfs/layer$layer.bin"
    umoci repack --refresh-bundle --image "$work/layout:base" "$work/bundle" >/dev/null
done
umoci tag --image "$work/layout:base" v1
# The second image: the same four layers and one small layer of its own.
head -c $((1024 * 1024)) /dev/urandom >"$work/bundle/rootfs/app.bin"
umoci repack --refresh-bundle --image "$work/layout:base" "$work/bundle" >/dev/null
umoci tag --image "$work/layout:base" v2
du -sh "$work/layout"

port=$((20000 + RANDOM % 20000))
cat >"$work/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
registry="127.0.0.1:$port"
repos="$work/registry/docker/registry/v2/repositories"
# Between runs the repository is deleted, so every run uploads every blob (HEAD answers 404).
reset_push="rm -rf $repos/bench"

if [ "$skip_push" != 1 ]; then
echo "== push: OCI layout -> registry (median of $runs)"
skopeo_push=()
if [ "$with_skopeo" = 1 ]; then
    skopeo_push=(-n skopeo "skopeo copy -q --dest-tls-verify=false oci:$work/layout:v1 docker://$registry/bench/app:v1")
fi
hyperfine --warmup "$warmup" --runs "$runs" --export-json "$work/push.json" \
    --prepare "$reset_push" \
    -n shipshape "$shipshape copy --quiet oci:$work/layout:v1 docker://$registry/bench/app:v1" \
    "${skopeo_push[@]}"
fi

echo "== pull: registry -> OCI layout (median of $runs)"
skopeo_pull=()
if [ "$with_skopeo" = 1 ]; then
    skopeo copy -q --dest-tls-verify=false "oci:$work/layout:v1" "docker://$registry/bench/app:v1"
    skopeo_pull=(-n skopeo "skopeo copy -q --src-tls-verify=false docker://$registry/bench/app:v1 oci:$work/pulled:v1")
else
    "$shipshape" copy --quiet "oci:$work/layout:v1" "docker://$registry/bench/app:v1" >/dev/null
fi
hyperfine --warmup "$warmup" --runs "$runs" --export-json "$work/pull.json" \
    --prepare "rm -rf $work/pulled" \
    -n shipshape "$shipshape copy --quiet docker://$registry/bench/app:v1 oci:$work/pulled:v1" \
    "${skopeo_pull[@]}"

if [ "$skip_push" != 1 ]; then
echo "== shared base: push v1, then v2 (same 4 layers + 1 of its own)"
rm -rf "$repos/bench"
"$shipshape" copy --quiet "oci:$work/layout:v1" "docker://$registry/bench/app:v1" >/dev/null
before=$(grep -c '"PUT /v2/bench/app/blobs/uploads/' "$work/registry.log" || true)
"$shipshape" copy "oci:$work/layout:v2" "docker://$registry/bench/app:v2"
after=$(grep -c '"PUT /v2/bench/app/blobs/uploads/' "$work/registry.log" || true)
echo "blob uploads for v2: $((after - before)) (its own layer and its config; the 4 base layers were skipped)"
fi

echo "== summary (load: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$work/push.json" "$work/pull.json" <<'PY'
import json, os, sys
for path, label in zip(sys.argv[1:], ["push", "pull"]):
    if not os.path.exists(path):
        continue
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    ours, theirs = results["shipshape"], results.get("skopeo")
    if theirs is None:  # quick mode without the peer
        print(f"{label}: shipshape median {ours['median']:.2f} s (min {ours['min']:.2f}, max {ours['max']:.2f}), "
              f"skopeo: peer not installed")
        continue
    print(f"{label}: shipshape median {ours['median']:.2f} s (min {ours['min']:.2f}, max {ours['max']:.2f}), "
          f"skopeo median {theirs['median']:.2f} s (min {theirs['min']:.2f}, max {theirs['max']:.2f}); "
          f"skopeo/shipshape = {theirs['median'] / ours['median']:.2f}x")
PY
