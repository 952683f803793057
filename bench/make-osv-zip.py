#!/usr/bin/env python3
"""A synthetic OSV all.zip of N records in the published shape (for bench/scan.sh): PyPI, npm and Debian:12
records over N/10 packages, each with aliases, two ECOSYSTEM ranges, a versions list, a CVSS v3 vector, details and
references, deflated like OSV's own archives. Deterministic (seeded).
    python3 bench/make-osv-zip.py OUT.zip N [PACKAGES]
PACKAGES (default N/10) fixes the package count, so a larger N gives the same first records plus new ones (an
advisory update, for bench/serve.sh).
"""
import json, random, sys, zipfile

out, count = sys.argv[1], int(sys.argv[2])
packages = int(sys.argv[3]) if len(sys.argv) > 3 else count // 10
rng = random.Random(14)
ecosystems = ["PyPI", "npm", "Debian:12"]
vectors = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
           "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(count):
        ecosystem = ecosystems[i % 3]
        package = f"package-{(i // 3) % max(1, packages)}"
        major = rng.randint(0, 5)
        if ecosystem == "Debian:12":
            fixed = [f"{major}.{rng.randint(0, 9)}.{rng.randint(0, 9)}-{rng.randint(1, 4)}+deb12u1", f"{major + 1}.0-1"]
        else:
            fixed = [f"{major}.{rng.randint(0, 9)}.{rng.randint(0, 9)}", f"{major + 1}.{rng.randint(0, 9)}.0"]
        record = {
            "schema_version": "1.6.0", "id": f"SYN-{i:07d}", "modified": f"2024-{1 + i % 12:02d}-01T00:00:00Z",
            "published": "2023-01-01T00:00:00Z", "aliases": [f"CVE-2024-{10000 + i}"],
            "summary": f"Synthetic vulnerability {i} in {package}",
            "details": "A synthetic record for the import benchmark. " * 8,
            "severity": [{"type": "CVSS_V3", "score": vectors[i % 3]}],
            "affected": [{
                "package": {"ecosystem": ecosystem, "name": package},
                "ranges": [{"type": "ECOSYSTEM", "events": [
                    {"introduced": "0"}, {"fixed": fixed[0]}, {"introduced": f"{major + 1}.0"}, {"fixed": fixed[1]}]}],
                "versions": [f"{major}.0.{k}" for k in range(5)],
            }],
            "references": [{"type": "ADVISORY", "url": f"https://example.org/SYN-{i}"},
                           {"type": "WEB", "url": f"https://example.org/web/{i}"}],
        }
        z.writestr(f"SYN-{i:07d}.json", json.dumps(record, indent=2))
