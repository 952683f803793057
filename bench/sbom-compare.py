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
    if kind == "java":  # shipshape names Maven packages GROUP:ARTIFACT (OSV's Maven names), syft ARTIFACT
        name = name.split(":")[-1]
    return (kind, name, version)

# cargo-auditable's build-time crates, from the executables' own data (shipshape's JSON does not list them).
BUILD_CRATES = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else set()
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
    if kind == "java":
        causes["syft only, java: an archive listed again under its file name beside its pom.properties package"
               " (version from the manifest or UNKNOWN), or the file name's version instead of the manifest's"].append(
            f"{name} {version}")
    elif kind == "go-module" and version != "(devel)" and ours.get((kind, name, "(devel)")):
        causes["go-module main version: syft guesses it from strings in the binary, shipshape reads (devel)"
               " from the build information"].append(f"{name} {version}")
    elif kind == "rust-crate" and ours.get((kind, name, version)) is None and name in BUILD_CRATES:
        causes["syft only, rust-crate: a build-time crate (kind build: a build script or proc macro, not in the"
               " executable); shipshape leaves those out"].append(f"{name} {version}")
    elif kind in ("binary", "dotnet", "lua-rock", "gem", "github-action", "php-pecl"):
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
    if kind == "go-module" and version == "(devel)" and any(k[1] == name for k in only_theirs):
        continue
    causes[f"shipshape only, {kind}"].append(f"{name} {version}" + (f" x{count}" if count > 1 else ""))
for cause, items in sorted(causes.items()):
    print(f"  {len(items):4} {cause}: " + ", ".join(items[:8]) + (" …" if len(items) > 8 else ""))
if not causes:
    print("  no differences")
