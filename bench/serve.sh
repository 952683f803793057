#!/usr/bin/env bash
# Measures `shipshape serve` (docs/serve.md), on SQLite and on a real PostgreSQL 15:
#   1. re-match: a synthetic registry of MANIFESTS manifests over 10,000 repositories (40 packages each, from
#      30,000 distinct) written straight into a new store; the first match of everything against RECORDS synthetic
#      OSV records (bench/make-osv-zip.py), then ROUNDS times: an advisory update (10 % more records) re-matched,
#      and its withdrawal re-matched. The target: 100,000 manifests re-matched in at most 60 s;
#   2. ingest: EVENTS push events POSTed (over each of CONNECTIONS concurrent connections) to a running `shipshape-serve --role api` through its real HTTP endpoint
#      (bench/serve-ingest.py: one event an envelope, as docker-registry 2.8 sends them, and envelopes of 10; one
#      event in ten a retried id); the target is at least 1,000 events/s;
#   3. workers (PostgreSQL): a real docker-registry holding WORKIMAGES distinct images (a dpkg status of 300
#      packages and two 256 KiB layers each, pushed with `shipshape copy`), queued through /v1/events, scanned by 1
#      worker process and then by 3 (a new database each run); images a second;
#   4. push-to-result (LATENCY=1, the default in full mode): the registry notifying a real shipshape-serve; IMAGES
#      images of 6 layers on one already-analysed 5-layer base pushed one at a time, each timed from the end of its
#      push to its result in the API; median and p95 (target p95 under 10 s).
#   bash bench/serve.sh          MANIFESTS=100000 RECORDS=20000 EVENTS=20000 WORKIMAGES=60 IMAGES=20 RUNS=3
#   QUICK=1 bash bench/serve.sh  2,000 manifests, 2,000 events, 6 worker images, one run, no push-to-result
#   PARTS="ingest" bash bench/serve.sh   only the parts named (of: rematch ingest workers latency; default all)
# PostgreSQL parts need root and Debian's postgresql-15 (initdb and pg_ctl run as `postgres`, a private socket
# directory, a random port, no TCP listener); without them they are left out and the summary says so.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need curl jq python3 docker-registry
SERVE="$(dirname "$BIN")/shipshape-serve"
[ -x "$SERVE" ] || { echo "$bench_script: $SERVE is missing (scripts/build-release.sh builds it)" >&2; exit 2; }
MANIFESTS=${MANIFESTS:-$(quick 2000 100000)}
REPOSITORIES=${REPOSITORIES:-$((MANIFESTS < 10000 ? MANIFESTS : 10000))}
EVENTS=${EVENTS:-$(quick 2000 20000)}
RECORDS=${RECORDS:-$(quick 2000 20000)}
ROUNDS=${ROUNDS:-$(quick 1 3)}
RUNS=${RUNS:-$(quick 1 3)}
WORKIMAGES=${WORKIMAGES:-$(quick 6 60)}
IMAGES=${IMAGES:-$(quick 3 20)}
LATENCY=${LATENCY:-$(quick 0 1)}
PARTS=${PARTS:-"rematch ingest workers latency"}
part() { [[ " $PARTS " == *" $1 "* ]]; }
part latency || LATENCY=0
# Concurrent senders: one registry sends one envelope at a time an endpoint; several replicas send at once.
CONNECTIONS=${CONNECTIONS:-"4 16"}
WORK=$(mktemp -d /tmp/serve-bench-XXXXXX)
chmod 755 "$WORK"
pids=()
pg_data=""
cleanup() {
    for pid in ${pids[@]+"${pids[@]}"}; do kill -9 "$pid" 2>/dev/null || true; done
    if [ -n "$pg_data" ]; then
        runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
median() { python3 -c 'import sys, statistics; print("%.2f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
echo "$bench_script: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start (a shared machine: figures are noisy)"

# PostgreSQL 15 on a private socket, as the store suite starts it (Tests/ServeTests/Support/PostgresServer.swift).
PG=/usr/lib/postgresql/15/bin
pg_url() { echo "postgres://postgres@localhost:$pg_port/$1?host=$WORK/pg/socket"; }
pg_createdb() { runuser -u postgres -- psql -q -h "$WORK/pg/socket" -p "$pg_port" -d postgres -c "CREATE DATABASE $1"; }
if [ "$(id -u)" = 0 ] && [ -x $PG/initdb ] && command -v runuser >/dev/null; then
    mkdir -p "$WORK/pg/socket"
    chown -R postgres:postgres "$WORK/pg"
    runuser -u postgres -- $PG/initdb -D "$WORK/pg/data" -A trust -U postgres -E UTF8 >/dev/null
    pg_data="$WORK/pg/data"
    for _ in 1 2 3 4 5; do
        pg_port=$(shuf -i 20000-60000 -n 1)
        runuser -u postgres -- $PG/pg_ctl -D "$pg_data" -l "$WORK/pg/log" -w \
            -o "-k $WORK/pg/socket -p $pg_port -c listen_addresses='' -c max_connections=100" start \
            >/dev/null 2>&1 </dev/null && break
        pg_port=""
    done
    [ -n "$pg_port" ] || { echo "$bench_script: PostgreSQL did not start: $(tail -3 "$WORK/pg/log")" >&2; exit 2; }
    echo "$bench_script: PostgreSQL $(runuser -u postgres -- psql -h "$WORK/pg/socket" -p "$pg_port" -d postgres -tAc 'SHOW server_version') on port $pg_port (fsync on, defaults)"
else
    pg_port=""
    echo "$bench_script: PostgreSQL left out (needs root and postgresql-15)" >&2
fi

# 1. Re-match.
python3 bench/make-osv-zip.py "$WORK/osv.zip" "$RECORDS"
python3 bench/make-osv-zip.py "$WORK/osv-update.zip" "$((RECORDS + RECORDS / 10))" "$((RECORDS / 10))"
SHIPSHAPE_DB="$WORK/osv.db" "$BIN" db import "$WORK/osv.zip" >/dev/null
SHIPSHAPE_DB="$WORK/osv-update.db" "$BIN" db import "$WORK/osv-update.zip" >/dev/null
store_bench() {  # name database
    echo "== re-match, $1: $MANIFESTS manifests over $REPOSITORIES repositories, $RECORDS advisories (+$((RECORDS / 10)) in the update)"
    echo "   $SERVE bench --database … --vulnerability-db osv.db --update-db osv-update.db --manifests $MANIFESTS --repositories $REPOSITORIES --rounds $ROUNDS --events $EVENTS"
    "$SERVE" bench --database "$2" --vulnerability-db "$WORK/osv.db" --update-db "$WORK/osv-update.db" \
        --manifests "$MANIFESTS" --repositories "$REPOSITORIES" --rounds "$ROUNDS" --events "$EVENTS" \
        | sed 's/^/   /' | tee "$WORK/store-$1.txt"
}

# A running shipshape-serve: start_serve LOG ARGS… (sets serve_port; its pid joins pids).
secret=bench-secret-0123456789abcdef
token=bench-token-0123456789abcdef
echo "$secret" > "$WORK/secret"
echo "$token" > "$WORK/token"
start_serve() {
    local log=$1
    shift
    "$SERVE" --listen 127.0.0.1:0 --event-secret-file "$WORK/secret" --api-token-file "$WORK/token" \
        --vulnerability-db "$WORK/osv.db" --reconcile-interval 0 "$@" 2> "$log" &
    pids+=($!)
    serve_port=""
    for _ in $(seq 400); do
        serve_port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -1)
        [ -n "$serve_port" ] && return 0
        sleep 0.05
    done
    echo "$bench_script: shipshape-serve did not start: $(tail -5 "$log")" >&2
    exit 2
}
stop_last() { kill -9 "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
api() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$serve_port$1"; }

# The pages and the API on the filled store: each request timed with curl (median of RUNS).
pages_bench() {  # name database
    echo "== pages and API on that store, $1 (curl, median of $RUNS)"
    shift
    start_serve "$WORK/pages.log" --registry http://127.0.0.1:9 --database "$1" --role api
    local digest
    digest="sha256:$(printf '%064x' 7)"
    for path in / "/images/$digest" "/v1/images/$digest" "/search?q=CVE-2024-10001" /v1/vulnerabilities; do
        times=()
        for _ in $(seq "$RUNS"); do
            times+=("$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$serve_port$path")")
        done
        echo "   GET $path: $(median "${times[@]}") s"
    done
    stop_last
}
if part rematch; then
    store_bench SQLite "$WORK/bench.db"
    pages_bench SQLite "$WORK/bench.db"
    rm -f "$WORK/bench.db"*
    if [ -n "$pg_port" ]; then
        pg_createdb bench
        store_bench PostgreSQL "$(pg_url bench)"
        pages_bench PostgreSQL "$(pg_url bench)"
    fi
fi

# 2. Ingest through HTTP.
ingest_bench() {  # name database-maker
    for connections in $CONNECTIONS; do
    for batch in 1 10; do
        rates=()
        for run in $(seq "$RUNS"); do
            database=$($2 "ingest_${batch}_${connections}_$run")
            start_serve "$WORK/ingest.log" --registry http://127.0.0.1:9 --database "$database" --role api
            line=$(python3 bench/serve-ingest.py "127.0.0.1:$serve_port" "$secret" "$EVENTS" "$batch" "$connections")
            queued=$(api /v1/queue | jq '.queued // 0')
            stop_last
            read -r _ _ rate failed <<<"$line"
            [ "$failed" = 0 ] || { echo "$bench_script: $failed envelopes were not accepted" >&2; exit 2; }
            [ "$queued" -gt 0 ] || { echo "$bench_script: nothing was queued" >&2; exit 2; }
            rates+=("$rate")
        done
        echo "   $1, $batch event(s) an envelope, $connections connections: $(median "${rates[@]}") events/s (median of $RUNS: ${rates[*]}; $EVENTS events)"
    done
    done
}
sqlite_db() { echo "$WORK/$1.db"; }
pg_db() { pg_createdb "$1" >/dev/null; pg_url "$1"; }
part ingest && echo "== ingest through POST /v1/events: python3 bench/serve-ingest.py HOST:PORT SECRET $EVENTS BATCH CONNECTIONS"
if part ingest; then
    ingest_bench SQLite sqlite_db
    [ -z "$pg_port" ] || ingest_bench PostgreSQL pg_db
fi

# A real docker-registry: start_registry NAME [NOTIFY-URL] (sets registry_port).
start_registry() {
    registry_port=$(free_port)
    mkdir -p "$WORK/$1"
    {
        echo "version: 0.1"
        echo "log: {level: warn}"
        echo "storage: {filesystem: {rootdirectory: $WORK/$1/data}, delete: {enabled: true}}"
        echo "http: {addr: 127.0.0.1:$registry_port, secret: bench}"
        if [ -n "${2:-}" ]; then
            echo "notifications:"
            echo "  endpoints:"
            echo "    - {name: shipshape, url: '$2', headers: {X-Shipshape-Secret: [$secret]}, timeout: 2s, threshold: 1, backoff: 1s}"
        fi
    } > "$WORK/$1/config.yml"
    docker-registry serve "$WORK/$1/config.yml" > "$WORK/$1/access.log" 2> "$WORK/$1/log" &
    pids+=($!)
    for _ in $(seq 200); do curl -s "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.05; done
}
labels=(--no-git --allow-dynamic --version 1.0.0 --revision 0123456789abcdef0123456789abcdef01234567 --entrypoint /run)
layout_digest() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/index.json"))["manifests"][0]["digest"])' "$1"; }
dpkg_status() {  # count seed
    python3 - "$1" "$2" <<'PY'
import sys
count, seed = int(sys.argv[1]), int(sys.argv[2])
for i in range(count):
    print(f"Package: package-{(i * 7 + seed) % 2000}\nStatus: install ok installed\n"
          f"Version: {(i + seed) % 5}.{i % 7}.{seed % 3}-1\nArchitecture: amd64\n")
PY
}

# 3. Workers on PostgreSQL.
if [ -n "$pg_port" ] && part workers; then
    echo "== workers on PostgreSQL: $WORKIMAGES distinct images (300 packages, 2 x 256 KiB layers each), 1 worker process, then 3"
    start_registry workers
    mkdir -p "$WORK/wimg"
    (
        cd "$WORK/wimg"
        printf '#!/bin/sh\n' > run
        for i in $(seq "$WORKIMAGES"); do
            mkdir -p "r$i/etc" "r$i/var/lib/dpkg" "b$i"
            printf 'ID=debian\nVERSION_ID="12"\n' > "r$i/etc/os-release"
            dpkg_status 300 "$i" > "r$i/var/lib/dpkg/status"
            head -c 262144 /dev/urandom > "b$i/one"
            head -c 262144 /dev/urandom > "b$i/two"
            "$BIN" build "${labels[@]}" --add run:/run:0755 --add "b$i/one:/data/one" --add "b$i/two:/data/two" \
                --add "r$i/etc:/etc" --add "r$i/var:/var" --output "oci:w$i:1" >/dev/null
            "$BIN" copy --quiet "oci:w$i:1" "127.0.0.1:$registry_port/bench/w$i:1" >/dev/null
            layout_digest "w$i" >> digests
        done
    )
    for processes in 1 3; do
        rates=()
        for run in $(seq "$RUNS"); do
            database=$(pg_db "workers_${processes}_$run")
            start_serve "$WORK/workers-api.log" --registry "http://127.0.0.1:$registry_port" --database "$database" \
                --role api --role rematch
            python3 - "$serve_port" "$secret" "$WORK/wimg/digests" <<'PY'
import http.client, json, sys
port, secret, path = sys.argv[1], sys.argv[2], sys.argv[3]
events = [{"id": f"w{n}", "action": "push", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": d.strip(), "repository": f"bench/w{n + 1}", "tag": "1"}}
          for n, d in enumerate(open(path))]
c = http.client.HTTPConnection("127.0.0.1", int(port))
c.request("POST", "/v1/events", json.dumps({"events": events}), {"X-Shipshape-Secret": secret})
assert c.getresponse().status == 202
PY
            api_port=$serve_port
            start=$(date +%s.%N)
            for p in $(seq "$processes"); do
                start_serve "$WORK/worker-$p.log" --registry "http://127.0.0.1:$registry_port" \
                    --database "$database" --role worker --workers 1 --worker-name "w$p" --role api
            done
            serve_port=$api_port
            for _ in $(seq 3000); do
                depth=$(api /v1/queue)
                [ "$(jq '(.queued // 0) + (.running // 0)' <<<"$depth")" = 0 ] && break
                sleep 0.1
            done
            elapsed=$(python3 -c "import time; print($(date +%s.%N) - $start)")
            done_count=$(jq '.done // 0' <<<"$depth")
            [ "$done_count" = "$WORKIMAGES" ] || { echo "$bench_script: $done_count of $WORKIMAGES scanned: $depth" >&2; exit 2; }
            for _ in $(seq $((processes + 1))); do stop_last; done
            rates+=("$(python3 -c "print('%.2f' % ($WORKIMAGES / $elapsed))")")
        done
        echo "   $processes worker process(es): $(median "${rates[@]}") images/s (median of $RUNS: ${rates[*]})"
    done
    stop_last
fi

# 4. Push-to-result with a registry notifying the service.
[[ $LATENCY == 1 ]] || { echo "== push-to-result: left out (LATENCY=1 and PARTS with latency run it)"; exit 0; }
echo "== push-to-result: $IMAGES images on one analysed base, real docker-registry notifying shipshape-serve (SQLite)"
registry_port=$(free_port)
start_serve "$WORK/serve.log" --registry "http://127.0.0.1:$registry_port" --database "$WORK/serve.db" \
    --cache "$WORK/blobs"
# start_registry picks its own port: the service must know it first, so the registry is started by hand here.
mkdir -p "$WORK/latency"
cat > "$WORK/latency/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $WORK/latency/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$registry_port, secret: bench}
notifications:
  endpoints:
    - {name: shipshape, url: 'http://127.0.0.1:$serve_port/v1/events', headers: {X-Shipshape-Secret: [$secret]}, timeout: 2s, threshold: 1, backoff: 1s}
YAML
docker-registry serve "$WORK/latency/config.yml" > "$WORK/latency/access.log" 2> "$WORK/latency/log" &
pids+=($!)
for _ in $(seq 200); do curl -s "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.05; done
mkdir -p "$WORK/img"
cd "$WORK/img"
# A Debian-like base (the last layer with the dpkg status), pushed and analysed first; each app adds one layer.
mkdir -p l1
head -c 1000000 /dev/urandom > l1/blob
mkdir -p rootfs/etc rootfs/var/lib/dpkg
printf 'ID=debian\nVERSION_ID="12"\n' > rootfs/etc/os-release
dpkg_status 200 0 > rootfs/var/lib/dpkg/status
printf '#!/bin/sh\n' > run
"$BIN" build "${labels[@]}" --add run:/run:0755 --add l1:/l1 --add rootfs/etc:/etc \
    --add rootfs/var:/var --output oci:base:1 >/dev/null
layers=$(python3 -c 'import json,sys; m=json.load(open("base/index.json"))["manifests"][0]["digest"].split(":")[1]; print(len(json.load(open("base/blobs/sha256/"+m))["layers"]))')
wait_scanned() {  # digest → waits until the API shows it scanned
    for _ in $(seq 3000); do
        state=$(api "/v1/images/$1" 2>/dev/null | jq -r '.summary.state' 2>/dev/null || true)
        [ "$state" = scanned ] && return 0
        sleep 0.01
    done
    echo "$bench_script: $1 was not scanned in 30 s: $(tail -3 "$WORK/serve.log")" >&2
    exit 2
}
"$BIN" copy --quiet oci:base:1 "127.0.0.1:$registry_port/bench/base:1" >/dev/null
wait_scanned "$(layout_digest base)"
latencies=()
for i in $(seq "$IMAGES"); do
    echo "app $i" > "app$i.txt"
    "$BIN" build "${labels[@]}" --base oci:base:1 --add "app$i.txt:/app.txt" --output "oci:app$i:1" >/dev/null
    digest=$(layout_digest "app$i")
    "$BIN" copy --quiet "oci:app$i:1" "127.0.0.1:$registry_port/bench/app$i:1" >/dev/null
    start=$(date +%s.%N)
    wait_scanned "$digest"
    latencies+=("$(python3 -c "print('%.3f' % ($(date +%s.%N) - $start))")")
done
cd - >/dev/null
printf '%s\n' "${latencies[@]}" | python3 -c '
import sys, statistics
values = sorted(float(line) for line in sys.stdin)
p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
print(f"   {len(values)} images ({int(sys.argv[1]) + 1} layers, {sys.argv[1]} of them the analysed base): median {statistics.median(values):.2f} s, p95 {p95:.2f} s")' "$layers"
echo "$bench_script: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
