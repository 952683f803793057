#!/usr/bin/env bash
# Parse speed of the Dockerfile parser in release mode (swiftc -O), over a folder of Dockerfiles.
#   bash scripts/parse-bench.sh [DIR]      (default: ../shared/corpus/dockerfiles)
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/parse-bench
mkdir -p "$out"
swiftc -O -wmo -module-name ParseBench -o "$out/parse-bench" Sources/DockerfileSyntax/*.swift Benchmarks/ParseBench/main.swift
"$out/parse-bench" "${1:-../shared/corpus/dockerfiles}"
