#!/usr/bin/env bash
# Fuzzes with libFuzzer for a bounded total time (default 60 s), seeded with the shared corpus and Fuzz/*/seeds:
# two thirds of it the Dockerfile parser, one third the JSON document check (JSONKeyCheck: duplicate keys,
# nesting) that every manifest, index and config passes.
#   bash scripts/fuzz.sh [SECONDS]
# A crash, a failed precondition, a slow input (-timeout) or running out of memory stops it with a non-zero status and
# leaves the input in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
json_seconds=$(( seconds / 3 > 5 ? seconds / 3 : 5 ))
dockerfile_seconds=$(( seconds - json_seconds > 5 ? seconds - json_seconds : 5 ))
out=.build/fuzz
mkdir -p "$out/corpus" "$out/json-corpus"
swiftc -sanitize=fuzzer -parse-as-library -O -module-name DockerfileFuzz \
    -o "$out/dockerfile-fuzz" Sources/DockerfileSyntax/*.swift Fuzz/DockerfileFuzz/main.swift
swiftc -sanitize=fuzzer -parse-as-library -O -module-name JSONFuzz \
    -o "$out/json-fuzz" Sources/ImageFormat/Model/JSONKeyCheck.swift Fuzz/JSONFuzz/main.swift
seeds=()
if [ -d ../shared/corpus/dockerfiles ]; then seeds+=(../shared/corpus/dockerfiles); fi
"$out/dockerfile-fuzz" -max_total_time="$dockerfile_seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" "${seeds[@]}"
"$out/json-fuzz" -max_total_time="$json_seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/json-" "$out/json-corpus" Fuzz/JSONFuzz/seeds
