#!/usr/bin/env bash
# Installs what the tests need, from the two lists beside this script: the Debian packages of
# scripts/debian-packages.txt (with apt-get, when run as root; otherwise it stops at once with the exact
# `apt-get install …` line to run) and the PyPI packages of scripts/python-requirements.txt (into the virtual
# environment .build/venv, whose python the tests find in $SHIPSHAPE_TEST_PYTHON).
#   bash scripts/deps.sh          (scripts/check.sh and .ci/run call it)
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' scripts/debian-packages.txt | grep -v '^$')
missing=()
for package in "${packages[@]}"; do
    # "install ok installed" only: a removed package leaves its configuration ("deinstall ok config-files").
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done
bash scripts/apt-install.sh "scripts/deps.sh: the tests" ${missing[@]+"${missing[@]}"}

mapfile -t requirements < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' scripts/python-requirements.txt | grep -v '^$' || true)
if [ ${#requirements[@]} -gt 0 ]; then
    venv=.build/venv
    stamp="$venv/.requirements"
    if ! cmp -s scripts/python-requirements.txt "$stamp" 2>/dev/null; then
        echo "== PyPI packages into $venv: ${requirements[*]}"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check "${requirements[@]}"
        cp scripts/python-requirements.txt "$stamp"
    fi
fi
