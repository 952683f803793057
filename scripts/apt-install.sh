#!/usr/bin/env bash
# Installs the Debian packages named after WHO with apt-get when run as root; otherwise stops at once (exit 1) with
# the exact `apt-get install …` line to run. Nothing is done when no package is named. scripts/deps.sh (what the
# tests need) and scripts/build-release.sh (what building needs) both install through it.
#   bash scripts/apt-install.sh "the tests" PACKAGE…
set -euo pipefail
who=$1
shift
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" != 0 ]; then
    echo "$who need Debian packages that are not installed; as root, run:" >&2
    echo "  apt-get install -y --no-install-recommends $*" >&2
    exit 1
fi
echo "== installing $*"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
