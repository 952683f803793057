#!/usr/bin/env bash
# Builds shipshape-init, the PID-1 init: Embedded Swift (no Swift runtime, no Foundation) compiled against musl's
# headers into one object, linked fully static with musl-gcc (Debian's musl-tools), stripped.
#   bash scripts/build-init.sh            # -> .build/init/shipshape-init (skipped when up to date)
#   SWIFTC=/path/to/swiftc OUT=dir bash scripts/build-init.sh
# The sources: Sources/InitCore (the logic, also a SwiftPM library with unit tests) and Sources/shipshape-init
# (main and the libc layer), compiled as one module, with Sources/CShipshapeInit (the C layer).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${OUT:-.build/init}"
binary="$out/shipshape-init"
sources=(Sources/InitCore/*.swift Sources/shipshape-init/*.swift)
inputs=("${sources[@]}" Sources/CShipshapeInit/* "$0")

if [[ -x "$binary" ]]; then
    newer=0
    for input in "${inputs[@]}"; do
        if [[ "$input" -nt "$binary" ]]; then newer=1; break; fi
    done
    if [[ $newer == 0 ]]; then exit 0; fi
fi

case "$(uname -m)" in
    x86_64) target=x86_64-unknown-linux-gnu; musl_triple=x86_64-linux-musl ;;
    aarch64) target=aarch64-unknown-linux-gnu; musl_triple=aarch64-linux-musl ;;
    *) echo "build-init.sh: unsupported architecture $(uname -m) (x86_64 and aarch64 are)" >&2; exit 2 ;;
esac
musl_include="/usr/include/$musl_triple"
if ! command -v musl-gcc >/dev/null || [[ ! -d "$musl_include" ]]; then
    echo "build-init.sh: musl-gcc and $musl_include are needed: apt-get install musl-tools" >&2
    exit 2
fi
swiftc="${SWIFTC:-$(command -v swiftc)}"
embedded="$(dirname "$(dirname "$(readlink -f "$swiftc")")")/lib/swift/embedded/Swift.swiftmodule/$target.swiftmodule"
if [[ ! -e "$embedded" ]]; then
    echo "build-init.sh: this Swift toolchain has no Embedded stdlib for $target ($embedded)" >&2
    exit 2
fi

mkdir -p "$out"
# -target …-linux-gnu: the Embedded stdlib ships for it; the C headers are musl's (-nostdinc), and the object
# only needs memcpy/memset/malloc/free/posix_memalign from libc. The "libc not found" remark is about the Glibc
# module, which this build does not use.
"$swiftc" -enable-experimental-feature Embedded -wmo -Osize -parse-as-library \
    -target "$target" -module-name InitCore \
    -I Sources/CShipshapeInit \
    -Xcc -nostdinc -Xcc -isystem -Xcc "$musl_include" \
    -Xfrontend -function-sections \
    -c "${sources[@]}" -o "$out/shipshape-init.o" 2> >(grep -v "libc not found for" >&2)
musl-gcc -static -Os -Wl,--gc-sections -o "$out/shipshape-init.unstripped" "$out/shipshape-init.o"
strip -o "$binary" "$out/shipshape-init.unstripped"
echo "build-init.sh: $binary ($(stat -c %s "$binary") bytes, static)" >&2
