#!/usr/bin/env bash
# Makes the release archive: dist/shipshape-VERSION-linux-ARCH.tar.gz, which unpacks to the same tree
# scripts/install.sh installs (shipshape-VERSION-linux-ARCH/bin, share/man, share/*completions*), and
# dist/SHA256SUMS beside it. Reproducible: sorted names, fixed owner and mtime (SOURCE_DATE_EPOCH, else the last
# commit's time), gzip without a timestamp.
#   bash scripts/release.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then bash scripts/build-release.sh; fi
version=$(.build/release/shipshape --version)
case "$(uname -m)" in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
esac
name="shipshape-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
bash scripts/install.sh --stage "$stage/$name" >/dev/null
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
mkdir -p dist
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" \
    | gzip -9 -n > "dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" > SHA256SUMS)
echo "dist/$name.tar.gz"
cat dist/SHA256SUMS
