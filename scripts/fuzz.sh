#!/usr/bin/env bash
# Fuzzes with libFuzzer for a bounded total time (default 60 s), seeded with the shared corpus and Fuzz/*/seeds:
# half of it the Dockerfile parser, the rest in equal parts the JSON document check (JSONKeyCheck: duplicate keys,
# nesting) that every manifest, index and config passes, the Decodable models those documents are read into (image
# manifest, index, image config, docker-archive manifest.json), the tar reader every layer passes through, and the
# YAML parser that reads .shipshape.yml (its seeds have no .yml suffix: they are deliberately odd, and the YAML tests
# compare every .yml file of the repository with PyYAML). Adding a target shrinks the shares, not the total.
#   bash scripts/fuzz.sh [SECONDS]
# A crash, a failed precondition, a slow input (-timeout) or running out of memory stops it with a non-zero status and
# leaves the input in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
share=$(( seconds / 8 > 5 ? seconds / 8 : 5 ))
dockerfile_seconds=$(( seconds - 4 * share > 5 ? seconds - 4 * share : 5 ))
out=.build/fuzz
mkdir -p "$out/corpus" "$out/json-corpus" "$out/model-corpus" "$out/tar-corpus" "$out/yaml-corpus"
swiftc -sanitize=fuzzer -parse-as-library -O -module-name DockerfileFuzz \
    -o "$out/dockerfile-fuzz" Sources/DockerfileSyntax/*.swift Fuzz/DockerfileFuzz/main.swift
swiftc -sanitize=fuzzer -parse-as-library -O -module-name JSONFuzz \
    -o "$out/json-fuzz" Sources/ImageFormat/Model/JSONKeyCheck.swift Fuzz/JSONFuzz/main.swift
swiftc -sanitize=fuzzer -parse-as-library -O -package-name fuzz -module-name ModelFuzz \
    -o "$out/model-fuzz" Sources/ImageFormat/Model/*.swift Sources/ImageFormat/ImageFormatError.swift \
    Fuzz/ModelFuzz/main.swift
swiftc -sanitize=fuzzer -parse-as-library -O -module-name YAMLFuzz \
    -o "$out/yaml-fuzz" Sources/YAML/*.swift Fuzz/YAMLFuzz/main.swift
# The tar reader with the rest of ImageFormat it needs: every source but those that need swift-crypto, zlib or zstd
# (hashing, compression and the writers built on them), which a plain swiftc cannot import.
needs_libraries='^import Crypto\|^import CZlib\|^import CZstd\|^import CDeflate\|HashingSink\|HashingStream\|GzipStream'
needs_libraries+='\|ZstdStream\|TarArchiveWriter\|TarArchiveDestination\|ArchiveStore\|Blobs\|LayerStreams'
mapfile -t tar_sources < <(find Sources/ImageFormat -name '*.swift' | sort | xargs grep -L "$needs_libraries")
swiftc -sanitize=fuzzer -parse-as-library -O -package-name fuzz -module-name TarFuzz \
    -o "$out/tar-fuzz" "${tar_sources[@]}" Fuzz/TarFuzz/main.swift
seeds=()
if [ -d ../shared/corpus/dockerfiles ]; then seeds+=(../shared/corpus/dockerfiles); fi
run() {  # binary seconds prefix corpus seeds...
    "$out/$1" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$out/$3" "${@:4}"
}
run dockerfile-fuzz "$dockerfile_seconds" "" "$out/corpus" "${seeds[@]}"
run json-fuzz "$share" json- "$out/json-corpus" Fuzz/JSONFuzz/seeds
run model-fuzz "$share" model- "$out/model-corpus" Fuzz/ModelFuzz/seeds
run tar-fuzz "$share" tar- "$out/tar-corpus" Fuzz/TarFuzz/seeds
run yaml-fuzz "$share" yaml- "$out/yaml-corpus" Fuzz/YAMLFuzz/seeds
