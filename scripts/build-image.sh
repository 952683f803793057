#!/usr/bin/env bash
# Shipshape's own image: shipshape and shipshape-init on scratch, built by `shipshape build` from the release
# binaries, with exactly the shared libraries they load (found with ldd: the C library and loader the release
# binary links, and libcurl, libzstd and libdeflate, which it opens on first use, with theirs) and the CA
# certificates for registries over TLS. shipshape-init is PID 1; the user is 65532; /src is the working directory.
#   bash scripts/build-image.sh [OUTPUT]     # default oci:.build/image:VERSION (any `shipshape build --output`)
#   BIN=... INIT=... to use other binaries (default: .build/release/shipshape, .build/init/shipshape-init)
# Then: docker run --rm -v "$PWD:/src" IMAGE lint /src   (or podman; `shipshape inspect` it: no warning)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/shipshape}
init=${INIT:-.build/init/shipshape-init}
[ -x "$bin" ] && [ -x "$init" ] || bash scripts/build-release.sh
version=$("$bin" --version)
output=${1:-oci:.build/image:$version}
stage=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-image.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# The libraries, each at the path the loader looks for it (its real file copied under the name ldd reports).
libraries=()
for library in "$bin" /usr/lib/*-linux-gnu/libcurl.so.4 /usr/lib/*-linux-gnu/libzstd.so.1 \
    /usr/lib/*-linux-gnu/libdeflate.so.0; do
    [ -e "$library" ] || { echo "build-image: $library is missing (scripts/debian-packages.txt)" >&2; exit 2; }
    [ "$library" = "$bin" ] || libraries+=("$library")
    while read -r path; do libraries+=("$path"); done < <(ldd "$library" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }')
done
for library in $(printf '%s\n' "${libraries[@]}" | sort -u); do
    mkdir -p "$stage/rootfs$(dirname "$library")"
    cp -L "$library" "$stage/rootfs$library"
done
mkdir -p "$stage/rootfs/etc/ssl/certs" "$stage/rootfs/usr/local/bin" "$stage/rootfs/src"
cp -L /etc/ssl/certs/ca-certificates.crt "$stage/rootfs/etc/ssl/certs/"
cp "$bin" "$stage/rootfs/usr/local/bin/shipshape"
strip "$stage/rootfs/usr/local/bin/shipshape" 2>/dev/null || true
# /etc/passwd and /etc/group name the user the image runs as (65532, as distroless calls it "nonroot").
mkdir -p "$stage/rootfs/etc"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    > "$stage/rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$stage/rootfs/etc/group"

"$bin" build --add "$stage/rootfs:/" --init-binary "$init" \
    --entrypoint /usr/local/bin/shipshape --cmd '["--help"]' --workdir /src --user 65532:65532 --owner 0:0 \
    --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    --label org.opencontainers.image.title=shipshape \
    --label org.opencontainers.image.description="Container images made and checked the way best practice says" \
    --version "$version" --output "$output"
echo "built $output" >&2
