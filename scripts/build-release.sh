#!/usr/bin/env bash
# Builds what users run: the release tool (Swift runtime and Foundation linked statically, at a fixed address:
# Package.swift) and shipshape-init (scripts/build-init.sh). scripts/install.sh, scripts/release.sh and
# scripts/check.sh (whose CLI tests run this binary) all build it here, the same way.
#   bash scripts/build-release.sh     -> .build/release/shipshape, .build/init/shipshape-init
# Building needs zlib's header (zlib1g-dev) and musl-gcc (musl-tools): installed here when run as root, else the
# apt-get line to run is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
bash scripts/apt-install.sh "build-release.sh: building" ${missing[@]+"${missing[@]}"}
swift build -c release --static-swift-stdlib --product shipshape
bash scripts/build-init.sh
