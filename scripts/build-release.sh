#!/usr/bin/env bash
# Builds what users run: the release tool (Swift runtime and Foundation linked statically, at a fixed address:
# Package.swift) and shipshape-init (scripts/build-init.sh). scripts/install.sh, scripts/release.sh and
# scripts/check.sh (whose CLI tests run this binary) all build it here, the same way.
#   bash scripts/build-release.sh     -> .build/release/shipshape, .build/init/shipshape-init
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product shipshape
bash scripts/build-init.sh
