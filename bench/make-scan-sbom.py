#!/usr/bin/env python3
"""A CycloneDX 1.6 SBOM of N packages (a third each PyPI, npm and Debian 12 under bench/make-osv-zip.py's names),
for `shipshape scan sbom:FILE` in bench/scan.sh: the match step of a realistic image without reading layers.
    python3 bench/make-scan-sbom.py OUT.json N RECORDS [PYPA_DIR]
"""
import json, sys

out, count, records = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if len(sys.argv) > 4:
    # PYPA_DIR: real PyPI names instead (the PyPA database's package directories) at version 1.0, so the same
    # packages can be scanned against the PyPA database alone and with the synthetic records added.
    import os
    names = sorted(os.listdir(sys.argv[4]))[:count]
    components = [{"type": "library", "bom-ref": f"pkg:pypi/{n}@1.0", "name": n, "version": "1.0",
                   "purl": f"pkg:pypi/{n}@1.0"} for n in names]
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components},
              open(out, "w"))
    sys.exit(0)
packages = max(1, records // 10)
components = [{"type": "operating-system", "bom-ref": "os:debian", "name": "debian", "version": "12",
               "properties": [{"name": "shipshape:osv-ecosystem", "value": "Debian:12"}]}]
for i in range(count):
    kind = ["pypi", "npm", "deb"][i % 3]
    name = f"package-{(i * 7) % packages}"
    version = f"{i % 4}.{i % 10}.{i % 7}" + ("-1" if kind == "deb" else "")
    purl = f"pkg:{kind}/{'debian/' if kind == 'deb' else ''}{name}@{version}"
    components.append({"type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl})
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}, open(out, "w"))
