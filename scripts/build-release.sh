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
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "build-release.sh: building needs Debian packages that are not installed; as root, run:" >&2
        echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "== installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
swift build -c release --static-swift-stdlib --product shipshape
bash scripts/build-init.sh
