"""Real rpm databases for the rpm cataloger's tests, made by rpm itself (rpmbuild, rpm --justdb) and Berkeley DB.

usage: make-rpmdb.py OUT

OUT/step1, OUT/step2 (SQLite rpmdb.sqlite, as rpm 4.18 writes it: step 1 installs three packages, step 2 upgrades
one, erases one and installs another), OUT/bdb/Packages (the same headers as step 1 in a Berkeley DB hash keyed by
the header number, as rpm up to 4.16 stored them; db_load writes it, and rpm's bdb_ro backend must read it back),
OUT/ndb/Packages.db (the same headers in rpm's ndb layout, lib/backend/ndb/rpmpkg.c).
"""
import concurrent.futures
import os
import sqlite3
import struct
import subprocess
import sys
import zlib

out = os.path.abspath(sys.argv[1])
top = os.path.join(out, "top")
SPEC = """Name: {name}
Version: {version}
Release: {release}
{epoch}Summary: {name} for the tests
License: {license}
Vendor: Shipshape Tests
BuildArch: {arch}
%description
{description}
%install
mkdir -p %{{buildroot}}/usr/share/{name} %{{buildroot}}/usr/lib/python3.9/site-packages/{name}-{version}.dist-info
for i in $(seq 1 {files}); do echo $i > %{{buildroot}}/usr/share/{name}/file-with-a-long-name-$i; done
printf 'Name: {name}\\nVersion: {version}\\n' > %{{buildroot}}/usr/lib/python3.9/site-packages/{name}-{version}.dist-info/METADATA
%files
/usr/share/{name}
/usr/lib/python3.9/site-packages/{name}-{version}.dist-info
"""


def build(name, version, release, license="MIT", epoch=None, files=1, description="test"):
    os.makedirs(os.path.join(top, "SPECS"), exist_ok=True)
    spec = os.path.join(top, "SPECS", f"{name}-{version}.spec")
    with open(spec, "w") as f:
        f.write(SPEC.format(name=name, version=version, release=release, license=license, arch="noarch",
                            epoch=f"Epoch: {epoch}\n" if epoch is not None else "", files=files,
                            description=description))
    # No post-install scripts, debug packages or payload compression: seconds, not tens of seconds.
    quick = ["--define", "__spec_install_post %{nil}", "--define", "debug_package %{nil}", "--define",
             "_binary_payload w.ufdio"]
    # Each build its own BUILD and BUILDROOT, so builds side by side never share a directory.
    work = os.path.join(top, f"work-{name}-{version}")
    command = ["rpmbuild", "--define", f"_topdir {top}", "--define", f"_builddir {work}/BUILD", "--define",
               f"_buildrootdir {work}/BUILDROOT", *quick, "-bb", spec]
    # Once in a full CI run rpmbuild exited 1 with its output lost (captured, then dropped); run it again once, and
    # when it fails twice, say what it printed.
    for attempt in (1, 2):
        result = subprocess.run(command, capture_output=True)
        if result.returncode == 0:
            break
        if attempt == 2:
            sys.stderr.write(f"rpmbuild exited with {result.returncode}:\n"
                             + result.stderr.decode(errors="replace")[-4000:]
                             + result.stdout.decode(errors="replace")[-2000:])
            raise SystemExit(1)
    return os.path.join(top, "RPMS", "noarch", f"{name}-{version}-{release}.noarch.rpm")


def rpm(db, *args):
    install = ["--ignoreos"] if args[0] != "-e" else []
    subprocess.run(["rpm", "--dbpath", db, *args, "--justdb", "--nodeps", "--noscripts", *install], check=True,
                   capture_output=True)


def copy(db, target):
    os.makedirs(target)
    # rpm leaves the database checkpointed (an empty -wal) once it exits; a backup is the one file.
    source = sqlite3.connect(os.path.join(db, "rpmdb.sqlite"))
    backup = sqlite3.connect(os.path.join(target, "rpmdb.sqlite"))
    source.backup(backup)
    backup.close()
    source.close()


db = os.path.abspath(os.path.join(out, "db"))
os.makedirs(db)
subprocess.run(["rpm", "--dbpath", db, "--initdb"], check=True)
# The builds are independent: run them side by side.
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    jobs = [
        pool.submit(build, "shipshape-base", "1.0", "1.el9", license="GPL-2.0-or-later"),
        pool.submit(build, "shipshape-tool", "2.4.1", "3.el9", license="MIT AND (Apache-2.0 OR BSD-3-Clause)", epoch=2),
        # Many files and a long description: a header of tens of kilobytes, on SQLite and Berkeley DB overflow pages.
        pool.submit(build, "shipshape-big", "0.9", "7.el9", files=600, description="x" * 20000),
        pool.submit(build, "shipshape-tool", "2.5.0", "1.el9", license="MIT AND (Apache-2.0 OR BSD-3-Clause)", epoch=2),
        pool.submit(build, "shipshape-extra", "3.1", "2.el9", license="BSD-3-Clause"),
    ]
    base, tool, big, tool2, extra = [job.result() for job in jobs]
rpm(db, "-i", base, tool, big)
copy(db, os.path.join(out, "step1"))
rpm(db, "-U", tool2)
rpm(db, "-e", "shipshape-big")
rpm(db, "-i", extra)
copy(db, os.path.join(out, "step2"))

rows = sqlite3.connect(os.path.join(out, "step1", "rpmdb.sqlite")).execute("select hnum, blob from Packages").fetchall()

# Berkeley DB: db_load's dump format (db_dump(1): "format=bytevalue", one hex line a key, one a value), keys the
# header numbers in the machine's byte order as rpm's db3 backend wrote them; key 0 holds the next header number.
os.makedirs(os.path.join(out, "bdb"))
dump = ["VERSION=3", "format=bytevalue", "type=hash", "db_pagesize=4096", "HEADER=END"]
for number, blob in [(0, struct.pack("<I", max(h for h, _ in rows) + 1))] + rows:
    key = struct.pack("<I", number)
    dump += [" " + key.hex(), " " + blob.hex()]
dump.append("DATA=END")
subprocess.run(["db_load", os.path.join(out, "bdb", "Packages")], input="\n".join(dump) + "\n", text=True, check=True)
listed = subprocess.run(["rpm", "--dbpath", os.path.join(os.path.abspath(out), "bdb"), "--define", "_db_backend bdb_ro",
                         "-qa", "--qf", "%{NAME}\n"], capture_output=True, text=True, check=True).stdout.split()
assert sorted(listed) == sorted(["shipshape-base", "shipshape-tool", "shipshape-big"]), listed

# NDB (rpmpkg.c): a 32-byte header, slot pages of 16-byte slots, blobs in 16-byte blocks with head and tail.
os.makedirs(os.path.join(out, "ndb"))
page = 4096
slots = bytearray()
blobs = bytearray()
block = page // 16
for index, (_, blob) in enumerate(rows, start=1):
    length = len(blob)
    body = struct.pack("<IIII", 0x53626C42, index, 0, length) + blob
    tail = struct.pack("<III", zlib.adler32(body), length, 0x45626C42)
    record = body + b"\0" * ((-len(body) - len(tail)) % 16) + tail
    slots += struct.pack("<IIII", 0x746F6C53, index, block + len(blobs) // 16, len(record) // 16)
    blobs += record
header = struct.pack("<IIIII", 0x506D7052, 0, 1, 1, len(rows) + 1) + b"\0" * 12
empty = struct.pack("<IIII", 0x746F6C53, 0, 0, 0)
slots_page = header + slots + empty * ((page - 32 - len(slots)) // 16)
with open(os.path.join(out, "ndb", "Packages.db"), "wb") as f:
    f.write(slots_page + blobs)
print("ok")
