#!/usr/bin/env bash
# Measures shipshape-init against Debian's tini-static and dumb-init on this machine (needs root for PID
# namespaces; apt-get install tini dumb-init hyperfine musl-tools):
#   stripped size, idle RSS as PID 1 with a sleeping child, start-to-exec of the child (hyperfine),
#   signal forwarding latency (median, p95), start-up signals lost.
#   bash bench/init.sh
# Environment: INIT (the shipshape-init to measure; default: scripts/build-init.sh, .build/init/shipshape-init),
# QUICK=1 (idle RSS of one run, 20 start-to-exec runs without warm-up, 50 signals, 15 start-up races; a missing
# tini or dumb-init is left out): see bench/common.sh (which also resolves BIN, unused here).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
need musl-gcc strip readelf unshare hyperfine python3
rss_samples=$(quick 1 5)
start_runs=$(quick 20 300)
start_warmup=$(quick 0 20)
signals=$(quick 50 500)
races=$(quick 15 150)

if [[ -z ${INIT:-} ]]; then
    bash scripts/build-init.sh
    INIT=.build/init/shipshape-init
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
probe="$work/probe"
musl-gcc -static -O2 -o "$probe" Tests/InitTests/Helpers/probe.c

ours="$(realpath "$INIT")"
inits=("$ours")
peers=()
for init in /usr/bin/tini-static /usr/bin/dumb-init; do
    if peer "$init"; then peers+=("$init"); fi
done
inits+=("${peers[@]}")
name() { basename "$1"; }

echo "== stripped size (bytes) and linking"
for init in "${inits[@]}"; do
    strip -o "$work/stripped" "$init"
    if readelf -l "$init" | grep -q INTERP; then kind="dynamic (needs a loader and libc)"; else kind="static"; fi
    printf '%-16s %8d  %s\n' "$(name "$init")" "$(stat -c %s "$work/stripped")" "$kind"
done

echo "== idle RSS as PID 1 with a sleeping child (KiB, median of $rss_samples)"
for init in "${inits[@]}"; do
    samples=()
    for _ in $(seq "$rss_samples"); do
        unshare --pid --fork --mount-proc "$init" -- "$probe" sleep 600000 >/dev/null 2>&1 &
        outer=$!
        pid=""
        for _ in $(seq 100); do
            pid="$(cat "/proc/$outer/task/$outer/children" 2>/dev/null | tr -d ' ')" && [[ -n "$pid" ]] && break
            sleep 0.01
        done
        sleep 0.3
        samples+=("$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")")
        kill -KILL "$pid"
        wait "$outer" 2>/dev/null || true
    done
    printf '%-16s %6s\n' "$(name "$init")" "$(printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(((rss_samples + 1) / 2))p")"
done

echo "== start-to-exec and exit: PROGRAM alone vs under each init (hyperfine, $start_runs runs; median, min)"
start=("$probe exit 0" "$ours -s -- $probe exit 0")
for init in "${peers[@]}"; do
    case $init in
    */tini-static) start+=("/usr/bin/tini-static -s -- $probe exit 0") ;;
    */dumb-init) start+=("/usr/bin/dumb-init $probe exit 0") ;;
    esac
done
hyperfine -N --warmup "$start_warmup" --runs "$start_runs" --export-json "$work/start.json" "${start[@]}" \
    >/dev/null 2>&1
python3 - "$work/start.json" "${peers[@]}" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
for r in results:
    print(f'{r["command"].split()[0].rsplit("/", 1)[-1]:<16} median {r["median"]*1e6:6.0f} us  '
          f'min {r["min"]*1e6:6.0f} us  over the program alone (median) {(r["median"]-base)*1e6:+6.0f} us')
for peer in ("/usr/bin/tini-static", "/usr/bin/dumb-init"):
    if peer not in sys.argv[2:]:  # quick mode without it
        print(f'{peer.rsplit("/", 1)[-1]:<16} peer not installed')
PY

echo "== signal forwarding latency, kill(init) to the child's handler ($signals SIGUSR1, microseconds)"
for init in "${inits[@]}"; do
    printf '%-16s %s\n' "$(name "$init")" "$("$probe" latency "$signals" "$init" -- "$probe" pong)"
done

echo "== start-up race, SIGTERM lost of $races (exec: right after the init's exec; forked: once it has a child)"
variants=("$ours" "$ours -g")
for init in "${peers[@]}"; do
    case $init in
    */tini-static) variants+=("/usr/bin/tini-static" "/usr/bin/tini-static -g") ;;
    */dumb-init) variants+=("/usr/bin/dumb-init" "/usr/bin/dumb-init --single-child") ;;
    esac
done
for init in "${variants[@]}"; do
    read -r -a command <<<"$init"
    exec_result="$("$probe" race "$races" exec "${command[@]}" -- "$probe" sleep 80 2>/dev/null | tail -1)"
    forked_result="$("$probe" race "$races" forked "${command[@]}" -- "$probe" sleep 80 2>/dev/null | tail -1)"
    printf '%-32s exec: %-30s forked: %s\n' "$(name "${command[0]}") ${command[*]:1}" "$exec_result" \
        "$forked_result"
done
