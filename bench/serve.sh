#!/usr/bin/env bash
# Measures `shipshape serve` (docs/serve.md):
#   1. re-match: a synthetic registry of MANIFESTS manifests over 10,000 repositories (40 packages each from 30,000
#      distinct) written straight into a new SQLite store, then every inventory matched again against a database of
#      RECORDS synthetic OSV records (bench/make-osv-zip.py); the target is 100,000 manifests in at most 60 s;
#   2. ingest: push events through the inbox (envelopes of 10, one in ten a duplicate); target at least 1,000/s;
#   3. push-to-result: a real docker-registry notifying a real shipshape-serve; IMAGES images on one base (already
#      analysed) pushed one at a time with `shipshape copy`, each timed from the end of the push to its result in
#      the API; median and p95 (target p95 under 10 s).
#   bash bench/serve.sh            MANIFESTS=100000 RECORDS=20000 IMAGES=20
#   QUICK=1 bash bench/serve.sh    2,000 manifests, 2,000 events, no push-to-result (CI; LATENCY=1 adds it)
# The store figures use `shipshape serve bench` (shipshape-serve beside BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need curl jq python3 docker-registry
SERVE="$(dirname "$BIN")/shipshape-serve"
[ -x "$SERVE" ] || { echo "$bench_script: $SERVE is missing (scripts/build-release.sh builds it)" >&2; exit 2; }
MANIFESTS=${MANIFESTS:-$(quick 2000 100000)}
EVENTS=${EVENTS:-$(quick 2000 20000)}
RECORDS=${RECORDS:-$(quick 2000 20000)}
IMAGES=${IMAGES:-$(quick 3 20)}
WORK=$(mktemp -d /tmp/serve-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

python3 bench/make-osv-zip.py "$WORK/osv.zip" "$RECORDS"
SHIPSHAPE_DB="$WORK/osv.db" "$BIN" db import "$WORK/osv.zip" >/dev/null
echo "== store: $MANIFESTS manifests, $RECORDS advisories, $EVENTS events (SQLite)"
"$SERVE" bench --database "$WORK/bench.db" --vulnerability-db "$WORK/osv.db" --manifests "$MANIFESTS" \
    --repositories "$(( MANIFESTS < 10000 ? MANIFESTS : 10000 ))" --events "$EVENTS" | tee "$WORK/store.txt"

# The push-to-result part shares the end-to-end test's set-up, which is unfinished (docs/serve.md, Limits): quick
# mode (CI) leaves it out; LATENCY=1 runs it.
[[ ${LATENCY:-$(quick 0 1)} == 1 ]] || exit 0
echo "== push-to-result: $IMAGES images on one base, real docker-registry"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret=bench-secret-0123456789abcdef
token=bench-token-0123456789abcdef
echo "$secret" > "$WORK/secret"; echo "$token" > "$WORK/token"
registry_port=$(free_port)
"$SERVE" --registry "http://127.0.0.1:$registry_port" --database "$WORK/serve.db" --listen 127.0.0.1:0 \
    --event-secret-file "$WORK/secret" --api-token-file "$WORK/token" --vulnerability-db "$WORK/osv.db" \
    --cache "$WORK/blobs" --reconcile-interval 0 2> "$WORK/serve.log" &
pids+=($!)
for _ in $(seq 200); do grep -q "listening on" "$WORK/serve.log" && break; sleep 0.05; done
serve_port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/serve.log" | head -1)
[ -n "$serve_port" ] || { echo "$bench_script: shipshape-serve did not start: $(tail -5 "$WORK/serve.log")" >&2; exit 2; }
mkdir -p "$WORK/registry"
cat > "$WORK/registry/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $WORK/registry/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$registry_port, secret: bench}
notifications:
  endpoints:
    - name: shipshape
      url: http://127.0.0.1:$serve_port/v1/events
      headers: {X-Shipshape-Secret: [$secret]}
      timeout: 2s
      threshold: 1
      backoff: 1s
YAML
docker-registry serve "$WORK/registry/config.yml" 2> "$WORK/registry.log" &
pids+=($!)
for _ in $(seq 200); do curl -s "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.05; done

# A Debian-like base of 5 layers (the last with the dpkg status), pushed and analysed first.
mkdir -p "$WORK/img"
cd "$WORK/img"
for n in 1 2 3 4; do mkdir -p "l$n"; head -c 200000 /dev/urandom > "l$n/blob$n"; done
mkdir -p rootfs/etc rootfs/var/lib/dpkg
printf 'ID=debian\nVERSION_ID="12"\n' > rootfs/etc/os-release
python3 - > rootfs/var/lib/dpkg/status <<'PY'
for i in range(200):
    print(f"Package: package-{i}\nStatus: install ok installed\nVersion: {i % 5}.{i % 7}.{i % 3}-1\nArchitecture: amd64\n")
PY
printf '#!/bin/sh\n' > run
labels=(--version 1.0.0 --revision 0123456789abcdef0123456789abcdef01234567 --entrypoint /run)
"$BIN" build --no-git --allow-dynamic "${labels[@]}" --add run:/run:0755 --add l1:/l1 --add l2:/l2 --add l3:/l3 --add l4:/l4 --add rootfs/etc:/etc \
    --add rootfs/var:/var --output oci:base:1 >/dev/null 2>&1
api() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$serve_port$1"; }
wait_scanned() {  # digest → waits until the API shows it scanned
    for _ in $(seq 1200); do
        state=$(api "/v1/images/$1" 2>/dev/null | jq -r '.summary.state' 2>/dev/null || true)
        [ "$state" = scanned ] && return 0
        sleep 0.02
    done
    echo "$bench_script: $1 was not scanned in 24 s" >&2; exit 2
}
push() {  # layout repo:tag → digest
    "$BIN" copy --quiet "oci:$1" "127.0.0.1:$registry_port/$2" >/dev/null 2>&1
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/index.json"))["manifests"][0]["digest"])' "${1%%:*}"
}
wait_scanned "$(push base:1 bench/base:1)"
latencies=()
for i in $(seq "$IMAGES"); do
    echo "app $i" > "app$i.txt"
    "$BIN" build --no-git --allow-dynamic "${labels[@]}" --base oci:base:1 --add "app$i.txt:/app.txt" --output "oci:app$i:1" \
        >/dev/null 2>&1
    digest=$(push "app$i:1" "bench/app$i:1")
    start=$(date +%s.%N)
    wait_scanned "$digest"
    latencies+=("$(python3 -c "import sys; print('%.3f' % ($(date +%s.%N) - $start))")")
done
cd - >/dev/null
printf '%s\n' "${latencies[@]}" | python3 -c '
import sys, statistics
values = sorted(float(line) for line in sys.stdin)
p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
print(f"push-to-result: {len(values)} images (6 layers, 5 of them the base): median {statistics.median(values):.2f} s, p95 {p95:.2f} s")'
