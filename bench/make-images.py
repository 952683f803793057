#!/usr/bin/env python3
"""Writes the benchmark images of bench/inspect.sh as docker-archives (the legacy `docker save` layout, which
both shipshape and dive 0.13 read), deterministically.

  make-images.py synthetic OUT.tar WHITEOUTS [FILES]  FILES (default 100,000) small files in 100 directories in
                                                      layer 0; layer 1 deletes WHITEOUTS of them (at most FILES)
  make-images.py realistic OUT.tar [SCALE]            ~300 MB from this machine's Debian /usr, in five layers, with
                                                      deleted, overwritten and chmod-ed files like real builds
                                                      leave; SCALE (default 1) multiplies every size and count
                                                      (bench/inspect.sh's quick mode: 0.05, about 15 MB)
"""
import hashlib, io, json, os, sys, tarfile

def layer_bytes(entries):
    """entries: list of (TarInfo, bytes or None). Returns the uncompressed tar bytes."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            info.mtime = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()

def directory(path, mode=0o755):
    info = tarfile.TarInfo(path)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    return (info, None)

def regular(path, data, mode=0o644):
    info = tarfile.TarInfo(path)
    info.size = len(data)
    info.mode = mode
    return (info, data)

def whiteout(path):
    head, _, name = path.rpartition("/")
    return regular((head + "/" if head else "") + ".wh." + name, b"")

def write_archive(out, layers, history):
    files = {}
    diff_ids = []
    names = []
    for index, data in enumerate(layers):
        digest = hashlib.sha256(data).hexdigest()
        diff_ids.append("sha256:" + digest)
        name = f"{digest}/layer.tar"
        names.append(name)
        files[name] = data
    config = {
        "architecture": "amd64", "os": "linux",
        "config": {"Cmd": ["/bin/sh"], "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created_by": text} for text in history],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": ["bench:1.0.0"], "Layers": names}]
    with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(config_name, config_bytes), ("manifest.json", json.dumps(manifest).encode())] + [
            (n, files[n]) for n in names
        ]:
            head = name.rpartition("/")[0]
            if head:
                info = tarfile.TarInfo(head)
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))

def synthetic(out, whiteouts, files=100_000):
    if files % 100 or not 0 <= whiteouts <= files:
        sys.exit(f"make-images.py: FILES ({files}) must be a multiple of 100 and WHITEOUTS ({whiteouts}) at most FILES")
    base = [directory("bin"), regular("bin/sh", b"\x7fELF" + b"\0" * 60, 0o755)]
    for d in range(100):
        base.append(directory(f"d{d:03}"))
        for f in range(files // 100):
            base.append(regular(f"d{d:03}/f{f:04}", f"{d}-{f}\n".encode() * 2))
    upper = [directory("extra"), regular("extra/marker", b"x")]
    for index in range(whiteouts):
        upper.append(whiteout(f"d{index % 100:03}/f{index // 100:04}"))
    write_archive(out, [layer_bytes(base), layer_bytes(upper)], ["ADD base.tar /", "RUN rm -f …"])

def from_host(root, prefix_filter, limit_bytes):
    """Regular files, directories and symlinks under root (host paths), as layer entries, up to limit_bytes."""
    entries, total = [], 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = dirpath.lstrip("/")
        entries.append(directory(rel))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if not prefix_filter(path):
                continue
            if os.path.islink(path):
                info = tarfile.TarInfo(path.lstrip("/"))
                info.type = tarfile.SYMTYPE
                info.linkname = os.readlink(path)
                entries.append((info, None))
            elif os.path.isfile(path):
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                except OSError:
                    continue
                if total + len(data) > limit_bytes:
                    return entries
                total += len(data)
                entries.append(regular(path.lstrip("/"), data, os.stat(path).st_mode & 0o7777))
    return entries

def realistic(out, scale=1.0):
    everything = lambda path: True
    size = lambda mb: int((mb << 20) * scale)
    count = lambda n: int(n * scale)
    base = from_host("/usr/lib/x86_64-linux-gnu", everything, size(110)) + from_host("/usr/bin", everything, size(60))
    base += [directory("etc"), regular("etc/os-release", b'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')]
    docs = from_host("/usr/share", everything, size(90))
    # An "apt-get update" layer: lists that a later layer deletes (the classic invalid deletion).
    lists = [directory("var"), directory("var/lib"), directory("var/lib/apt"), directory("var/lib/apt/lists")]
    for index in range(count(40)):
        lists.append(regular(f"var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_{index}_Packages", bytes([index]) * (512 << 10)))
    app = [directory("srv"), directory("srv/app")]
    for index in range(count(2000)):
        app.append(regular(f"srv/app/module{index:04}.py", (f"# module {index}\n" * 200).encode()))
    # Cleanup and a chmod rewrite: deletes the lists, rewrites the app files with a new mode.
    cleanup = [directory("var/lib/apt/lists", 0o755), regular("var/lib/apt/lists/.wh..wh..opq", b"")]
    cleanup += [regular(f"srv/app/module{index:04}.py", (f"# module {index}\n" * 200).encode(), 0o755) for index in range(0, count(2000), 2)]
    history = ["ADD rootfs.tar / # debian:12", "RUN apt-get install docs", "RUN apt-get update",
               "COPY app /srv/app", "RUN rm -rf /var/lib/apt/lists/* && chmod +x /srv/app/*.py"]
    write_archive(out, [layer_bytes(x) for x in (base, docs, lists, app, cleanup)], history)

if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    extra = [argument for argument in sys.argv[3:] if argument]  # bench/inspect.sh passes "" for "none"
    if kind == "synthetic":
        synthetic(out, int(extra[0]), *[int(argument) for argument in extra[1:2]])
    elif kind == "realistic":
        realistic(out, *[float(argument) for argument in extra[:1]])
    else:
        sys.exit(f"unknown image kind {kind}")
