#!/usr/bin/env python3
"""Where a linked shipshape binary's bytes come from: each defined symbol (nm -S) attributed to the static archive
of the Swift toolchain that defines it (/opt/swift/usr/lib/swift_static/linux/*.a), or to the package's own
object files under .build/release (grouped by target). Usage: binary-breakdown.py BINARY [BUILD_DIR]"""
import collections
import glob
import os
import subprocess
import sys

binary = sys.argv[1]
build = sys.argv[2] if len(sys.argv) > 2 else ".build/release"
static = os.environ.get("SWIFT_STATIC", "/opt/swift/usr/lib/swift_static/linux")


def defined(path):
    out = subprocess.run(["nm", "--defined-only", "-S", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and all(c in "0123456789abcdef" for c in parts[1]):
            yield parts[3], int(parts[1], 16), parts[2]


owner = {}
# A symbol several archives define (inline copies, generic specialisations) counts for the first archive here;
# the full Foundation, CoreFoundation and ICU archives come last, so only what nothing else defines is theirs.
last = ("libFoundation.a", "libCoreFoundation.a", "libFoundationInternationalization.a", "lib_FoundationICU.a")
archives = sorted(glob.glob(static + "/*.a"), key=lambda a: (os.path.basename(a) in last, a))
for archive in archives:
    name = os.path.basename(archive)[3:-2]
    for symbol, _, _ in defined(archive):
        owner.setdefault(symbol, name)
for obj in glob.glob(build + "/*.build/**/*.o", recursive=True):
    target = obj[len(build) + 1:].split("/")[0].removesuffix(".build")
    for symbol, _, _ in defined(obj):
        owner.setdefault(symbol, target)

totals = collections.Counter()
for symbol, size, kind in defined(binary):
    totals[owner.get(symbol, "(unattributed)")] += size
grand = sum(totals.values())
print(f"{'MB':>8}  source (symbol sizes from nm -S; {grand / 1e6:.1f} MB in all)")
for name, size in totals.most_common(25):
    print(f"{size / 1e6:8.2f}  {name}")
