#!/usr/bin/env bash
# Fuzzes the Dockerfile parser with libFuzzer for a bounded time (default 60 s), seeded with the shared corpus.
#   bash scripts/fuzz.sh [SECONDS]
# A crash, a failed precondition, a slow input (-timeout) or running out of memory stops it with a non-zero status and
# leaves the input in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=.build/fuzz
mkdir -p "$out/corpus"
swiftc -sanitize=fuzzer -parse-as-library -O -module-name DockerfileFuzz \
    -o "$out/dockerfile-fuzz" Sources/DockerfileSyntax/*.swift Fuzz/DockerfileFuzz/main.swift
seeds=()
if [ -d ../shared/corpus/dockerfiles ]; then seeds+=(../shared/corpus/dockerfiles); fi
"$out/dockerfile-fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" "${seeds[@]}"
