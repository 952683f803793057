#!/usr/bin/env bash
# Measures shipshape-init against Debian's tini-static and dumb-init on this machine (needs root for PID
# namespaces; apt-get install tini dumb-init hyperfine musl-tools):
#   stripped size, idle RSS as PID 1 with a sleeping child, start-to-exec of the child (hyperfine),
#   signal forwarding latency (median, p95), start-up signals lost.
#   bash bench/init.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-init.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
probe="$work/probe"
musl-gcc -static -O2 -o "$probe" Tests/InitTests/Helpers/probe.c

ours="$PWD/.build/init/shipshape-init"
inits=("$ours" /usr/bin/tini-static /usr/bin/dumb-init)
name() { basename "$1"; }

echo "== stripped size (bytes) and linking"
for init in "${inits[@]}"; do
    strip -o "$work/stripped" "$init"
    if readelf -l "$init" | grep -q INTERP; then kind="dynamic (needs a loader and libc)"; else kind="static"; fi
    printf '%-16s %8d  %s\n' "$(name "$init")" "$(stat -c %s "$work/stripped")" "$kind"
done

echo "== idle RSS as PID 1 with a sleeping child (KiB, median of 5)"
for init in "${inits[@]}"; do
    samples=()
    for _ in 1 2 3 4 5; do
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
    printf '%-16s %6s\n' "$(name "$init")" "$(printf '%s\n' "${samples[@]}" | sort -n | sed -n 3p)"
done

echo "== start-to-exec and exit: PROGRAM alone vs under each init (hyperfine, 300 runs; median, min)"
hyperfine -N --warmup 20 --runs 300 --export-json "$work/start.json" \
    "$probe exit 0" "$ours -s -- $probe exit 0" "/usr/bin/tini-static -s -- $probe exit 0" \
    "/usr/bin/dumb-init $probe exit 0" >/dev/null 2>&1
python3 - "$work/start.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
for r in results:
    print(f'{r["command"].split()[0].rsplit("/", 1)[-1]:<16} median {r["median"]*1e6:6.0f} us  '
          f'min {r["min"]*1e6:6.0f} us  over the program alone (median) {(r["median"]-base)*1e6:+6.0f} us')
PY

echo "== signal forwarding latency, kill(init) to the child's handler (500 SIGUSR1, microseconds)"
for init in "${inits[@]}"; do
    printf '%-16s %s\n' "$(name "$init")" "$("$probe" latency 500 "$init" -- "$probe" pong)"
done

echo "== start-up race, SIGTERM lost of 150 (exec: right after the init's exec; forked: once it has a child)"
for init in "$ours" "$ours -g" "/usr/bin/tini-static" "/usr/bin/tini-static -g" "/usr/bin/dumb-init" \
    "/usr/bin/dumb-init --single-child"; do
    read -r -a command <<<"$init"
    exec_result="$("$probe" race 150 exec "${command[@]}" -- "$probe" sleep 80 2>/dev/null | tail -1)"
    forked_result="$("$probe" race 150 forked "${command[@]}" -- "$probe" sleep 80 2>/dev/null | tail -1)"
    printf '%-32s exec: %-30s forked: %s\n' "$(name "${command[0]}") ${command[*]:1}" "$exec_result" \
        "$forked_result"
done
