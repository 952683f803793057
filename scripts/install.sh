#!/usr/bin/env bash
# Builds the release tool and the init (scripts/build-release.sh), strips them, and installs under a prefix:
#   PREFIX/bin/shipshape, PREFIX/bin/shipshape-init        (build --init finds the init beside the tool)
#   PREFIX/bin/shipshape-serve                              (shipshape serve runs it from beside the tool)
#   PREFIX/share/man/man1/shipshape.1                       (from the tool's own help: scripts/man.py)
#   PREFIX/share/bash-completion/completions/shipshape, PREFIX/share/zsh/site-functions/_shipshape,
#   PREFIX/share/fish/vendor_completions.d/shipshape.fish
#
#   bash scripts/install.sh [--prefix DIR]       default /usr/local (root) or ~/.local (anyone else)
#   bash scripts/install.sh --stage DIR          lay the same tree out in DIR without building (scripts/release.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=""
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --stage) prefix="${2:?--stage needs a directory}"; build=0; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
    esac
done
if [ -z "$prefix" ]; then
    if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

if [ "$build" = 1 ]; then bash scripts/build-release.sh; fi
tool=.build/release/shipshape
init=.build/init/shipshape-init
serve=.build/release/shipshape-serve
for file in "$tool" "$init" "$serve"; do
    [ -x "$file" ] || { echo "install.sh: $file is missing: run bash scripts/build-release.sh" >&2; exit 2; }
done

mkdir -p "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
# Write beside the target and rename: replacing a running binary in place would change it under its users.
install_binary() {  # source destination
    cp "$1" "$2.new"
    strip --strip-all "$2.new"
    chmod 755 "$2.new"
    mv -f "$2.new" "$2"
}
install_binary "$tool" "$prefix/bin/shipshape"
install_binary "$init" "$prefix/bin/shipshape-init"
install_binary "$serve" "$prefix/bin/shipshape-serve"
installed="$prefix/bin/shipshape"
version=$("$installed" --version)
"$installed" --experimental-dump-help | python3 scripts/man.py "$version" > "$prefix/share/man/man1/shipshape.1"
"$installed" --generate-completion-script bash > "$prefix/share/bash-completion/completions/shipshape"
"$installed" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_shipshape"
"$installed" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/shipshape.fish"
echo "installed shipshape $version in $prefix/bin (man page, bash, zsh and fish completions under $prefix/share)"
[ "$build" = 0 ] || case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH" >&2 ;;
esac
