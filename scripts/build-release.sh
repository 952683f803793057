#!/usr/bin/env bash
# Builds what users run: the release tool (Swift runtime and Foundation linked statically, at a fixed address:
# Package.swift) and shipshape-init (scripts/build-init.sh). scripts/install.sh, scripts/release.sh and
# scripts/check.sh (whose CLI tests run this binary) all build it here, the same way.
#   bash scripts/build-release.sh     -> .build/release/shipshape, .build/release/shipshape-serve,
#                                        .build/init/shipshape-init
# shipshape-serve (the registry's scanning service, `shipshape serve` runs it) is a program of its own, so the tool
# never links its HTTP server and database clients; it also needs SQLite's header (libsqlite3-dev).
# Building needs zlib's header (zlib1g-dev) and musl-gcc (musl-tools): installed here when run as root, else the
# apt-get line to run is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
[ -e /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
bash scripts/apt-install.sh "build-release.sh: building" ${missing[@]+"${missing[@]}"}
swift build -c release --static-swift-stdlib --product shipshape
swift build -c release --static-swift-stdlib --product shipshape-serve
bash scripts/build-init.sh
