#!/usr/bin/env bash
# Installs into a temporary prefix and unpacks the release archive into another, then uses both from a directory
# that is not the checkout, as a user would: --version, lint, build --init (which must find the installed init),
# inspect of what it built, the man page and the completions. scripts/check.sh runs it after the release build.
#   bash scripts/test-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test-install: $*" >&2; exit 1; }

bash scripts/install.sh --prefix "$work/prefix" >/dev/null
bash scripts/release.sh --no-build > "$work/release.txt"
archive=$(head -1 "$work/release.txt")
(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match $archive"
mkdir -p "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked"
unpacked=$(ls -d "$work/unpacked"/shipshape-*)
# The archive holds the same tree as the install, file for file.
diff <(cd "$work/prefix" && find . | sort) <(cd "$unpacked" && find . | sort) || fail "archive and install differ"

for root in "$work/prefix" "$unpacked"; do
    user="$work/user-$(basename "$root")"
    mkdir -p "$user/app"
    cd "$user"
    bin="$root/bin"
    "$bin/shipshape" --version >/dev/null || fail "$bin/shipshape --version failed"
    "$bin/shipshape" serve --help >/dev/null || fail "$bin/shipshape serve (shipshape-serve beside it) failed"
    [ "$(stat -c %s "$bin/shipshape-init")" -lt 1000000 ] || fail "$bin/shipshape-init is not the small static init"
    printf 'FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT ["/app"]\n' > Dockerfile
    "$bin/shipshape" lint --fail-on error Dockerfile >/dev/null 2>&1 || fail "lint from $bin failed"
    cp "$bin/shipshape-init" app/hello   # any static executable will do as the application
    "$bin/shipshape" build --add app/hello:/hello --entrypoint /hello --init --version 1.2.3 --revision \
        0123456789abcdef0123456789abcdef01234567 --output "oci:$user/image:1.2.3" >/dev/null 2>"$user/build.err" \
        || fail "build --init from $bin failed: $(cat "$user/build.err")"
    "$bin/shipshape" inspect "oci:$user/image:1.2.3" --fail-on error > "$user/inspect.txt" 2>&1 \
        || fail "inspect of the built image failed: $(cat "$user/inspect.txt")"
    grep -q shipshape-init "$user/inspect.txt" || grep -q 'layers' "$user/inspect.txt" || fail "inspect printed no report"
    [ -s "$root/share/man/man1/shipshape.1" ] || fail "no man page under $root"
    grep -q '^\.TH SHIPSHAPE 1' "$root/share/man/man1/shipshape.1" || fail "the man page has no .TH header"
    bash -c "source '$root/share/bash-completion/completions/shipshape'" || fail "bash completion does not load"
    [ -s "$root/share/zsh/site-functions/_shipshape" ] || fail "no zsh completion"
    [ -s "$root/share/fish/vendor_completions.d/shipshape.fish" ] || fail "no fish completion"
    cd - >/dev/null
done
echo "install and release archive work from outside the checkout ($(basename "$archive"), $(du -h "$archive" | cut -f1))"
