#!/usr/bin/env python3
"""Compares `shipshape sbom --format json` with `syft -o json` on one image: package counts by type, and every
difference, grouped by cause.   sbom-compare.py SHIPSHAPE.json SYFT.json"""
import collections, json, re, sys

ship = json.load(open(sys.argv[1]))
syft = json.load(open(sys.argv[2]))
TYPES = {"java-archive": "java", "go-module": "go-module", "python": "python", "npm": "npm", "deb": "deb", "apk": "apk",
         "rpm": "rpm", "gem": "gem", "php-composer": "composer"}

def key(kind, name, version):
    if kind == "python":
        name = re.sub(r"[-_.]+", "-", name).lower()
    return (kind, name, version)

ours = collections.Counter(key(p["type"], p["name"], p["version"]) for p in ship["packages"])
theirs = collections.Counter(key(TYPES.get(a["type"], a["type"]), a["name"], a["version"]) for a in syft["artifacts"])
owned = sum(1 for p in ship["packages"] if p.get("ownedBy"))
by_type = lambda counter: collections.Counter(k[0] for k in counter.elements())
types = sorted(set(by_type(ours)) | set(by_type(theirs)))
print("packages by type (shipshape / syft):",
      ", ".join(f"{t} {by_type(ours)[t]}/{by_type(theirs)[t]}" for t in types),
      f"; total {sum(ours.values())}/{sum(theirs.values())}")
print(f"shipshape: {owned} language packages owned by a distribution package (syft lists them unmarked);"
      f" {len(ship['removed'])} installed then removed; dpkg entries not installed: {ship['skippedStates'] or 'none'}")
only_ours = ours - theirs
only_theirs = theirs - ours
causes = collections.defaultdict(list)
for (kind, name, version), count in sorted(only_theirs.items()):
    if kind in ("binary", "dotnet", "java", "rpm", "rust-crate", "lua-rock", "gem", "github-action", "php-pecl"):
        causes[f"syft only, {kind}: a cataloger shipshape does not have yet" if kind != "binary"
               else "syft only, binary: versions guessed from strings in executables (syft's binary cataloger)"].append(
            f"{name} {version}")
    elif kind == "deb" and name in ("oldtool", "halfway"):
        causes["syft only, deb: not installed (rc / half-installed in dpkg status), syft lists them anyway"].append(
            f"{name} {version}")
    elif count > 0 and ours.get((kind, name, version)):
        causes[f"syft lists {kind} twice (same package, another location)"].append(f"{name} {version} x{count}")
    else:
        causes[f"syft only, {kind}"].append(f"{name} {version}")
for (kind, name, version), count in sorted(only_ours.items()):
    causes[f"shipshape only, {kind}"].append(f"{name} {version}" + (f" x{count}" if count > 1 else ""))
for cause, items in sorted(causes.items()):
    print(f"  {len(items):4} {cause}: " + ", ".join(items[:8]) + (" …" if len(items) > 8 else ""))
if not causes:
    print("  no differences")
