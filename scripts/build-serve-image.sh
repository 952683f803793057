#!/usr/bin/env bash
# The scanning service's image (deploy/kubernetes uses it): shipshape-serve and shipshape on scratch, built by
# `shipshape build` from the release binaries, as scripts/build-image.sh builds the tool's own image: exactly the
# shared libraries ldd names for both binaries and for the libcurl, zstd and deflate they open on first use, the
# CA certificates, shipshape-init as PID 1 (SIGTERM reaches the service, which drains), user 65532. The entrypoint
# is shipshape-serve; `shipshape db update` (the vulnerability database, an init container in deploy/) is
# /usr/local/bin/shipshape. The database, the vulnerability database and the blob cache go on volumes: /data and
# /cache (the image's own files are root's and read-only to the service).
#   bash scripts/build-serve-image.sh [OUTPUT]   # default oci:.build/serve-image:VERSION (any `shipshape build --output`)
#   BIN=... INIT=... to use other binaries (default .build/release/shipshape and shipshape-serve beside it,
#   .build/init/shipshape-init)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/shipshape}
serve="$(dirname "$bin")/shipshape-serve"
init=${INIT:-.build/init/shipshape-init}
[ -x "$bin" ] && [ -x "$serve" ] && [ -x "$init" ] || bash scripts/build-release.sh
version=$("$bin" --version)
output=${1:-oci:.build/serve-image:$version}
stage=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-serve-image.XXXXXX")
trap 'rm -rf "$stage"' EXIT

libraries=()
for library in "$bin" "$serve" /usr/lib/*-linux-gnu/libcurl.so.4 /usr/lib/*-linux-gnu/libzstd.so.1 \
    /usr/lib/*-linux-gnu/libdeflate.so.0; do
    [ -e "$library" ] || { echo "build-serve-image: $library is missing (scripts/debian-packages.txt)" >&2; exit 2; }
    [ "$library" = "$bin" ] || [ "$library" = "$serve" ] || libraries+=("$library")
    while read -r path; do libraries+=("$path"); done < <(ldd "$library" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }')
done
for library in $(printf '%s\n' "${libraries[@]}" | sort -u); do
    mkdir -p "$stage/rootfs$(dirname "$library")"
    cp -L "$library" "$stage/rootfs$library"
done
mkdir -p "$stage/rootfs/etc/ssl/certs" "$stage/rootfs/usr/local/bin" "$stage/rootfs/data" "$stage/rootfs/cache"
cp -L /etc/ssl/certs/ca-certificates.crt "$stage/rootfs/etc/ssl/certs/"
cp "$bin" "$stage/rootfs/usr/local/bin/shipshape"
cp "$serve" "$stage/rootfs/usr/local/bin/shipshape-serve"
strip "$stage/rootfs/usr/local/bin/shipshape" "$stage/rootfs/usr/local/bin/shipshape-serve" 2>/dev/null || true
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    > "$stage/rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$stage/rootfs/etc/group"

"$bin" build --add "$stage/rootfs:/" --init-binary "$init" \
    --entrypoint /usr/local/bin/shipshape-serve --cmd '["--help"]' --workdir /data --user 65532:65532 --owner 0:0 \
    --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt --env SHIPSHAPE_DB=/data/osv.db \
    --expose 8080 \
    --label org.opencontainers.image.title=shipshape-serve \
    --label org.opencontainers.image.description="The registry's scanning service: every pushed image checked" \
    --version "$version" --output "$output"
echo "built $output" >&2
