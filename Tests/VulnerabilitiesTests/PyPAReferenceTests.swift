import Foundation
import TestSupport
import Testing

@testable import Vulnerabilities

/// The real PyPA advisory database (../shared/advisories/pypa, 2,661 YAML records) imported through our YAML and
/// OSV readers, and every match checked against a reference computed independently: PyYAML reads the same files
/// and python3-packaging evaluates the OSV ranges (the schema's "Evaluation" algorithm) and `versions` lists.
enum PyPA {
    static let directory = TestFiles.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/advisories/pypa/vulns").path
    static var available: Bool { FileManager.default.fileExists(atPath: directory) }

    /// The reference: for each PyPI package in the records, the versions the records mention (events, listed
    /// versions, and 0.0.0.1 / 99999; at most 60 a package), and for each the ids of the records that affect it.
    static let script = #"""
        import functools, os, sys, yaml
        from packaging.version import Version, InvalidVersion
        root = sys.argv[1]
        @functools.lru_cache(maxsize=None)
        def V(s):
            try: return Version(s)
            except InvalidVersion: return None
        entries = {}
        for d, _, files in os.walk(root):
            for f in files:
                if not f.endswith('.yaml'): continue
                r = yaml.safe_load(open(os.path.join(d, f)))
                if r.get('withdrawn'): continue
                for a in r.get('affected', []):
                    p = a.get('package', {})
                    if p.get('ecosystem') != 'PyPI': continue
                    name = p['name'].lower().replace('_', '-').replace('.', '-')
                    entries.setdefault(name, []).append((r['id'], a))
        def affected(v, a):
            vv = V(v)
            listed = [str(x) for x in a.get('versions', [])]
            if v in listed: return True
            if vv is not None and any(V(x) == vv for x in listed if V(x) is not None): return True
            if vv is None: return False
            for rg in a.get('ranges', []):
                if rg['type'] != 'ECOSYSTEM': continue
                evs = []
                ok = True
                for e in rg['events']:
                    (k, x), = e.items(); x = str(x)
                    if k == 'introduced' and x == '0': evs.append((None, k)); continue
                    if k == 'limit' and x == '*': continue
                    px = V(x)
                    if px is None: ok = False; break
                    evs.append((px, k))
                if not ok: continue
                evs.sort(key=lambda t: (t[0] is not None, t[0] or Version('0')))
                vul = False
                limits = []
                for px, k in evs:
                    if k == 'introduced' and (px is None or vv >= px): vul = True
                    elif k == 'fixed' and vv >= px: vul = False
                    elif k == 'last_affected' and vv > px: vul = False
                    elif k == 'limit': limits.append(px)
                if vul and limits and not any(vv < l for l in limits): vul = False
                if vul: return True
            return False
        # Explicit queries (NAME==VERSION arguments): the ids affecting each, for the image test.
        if len(sys.argv) > 2:
            for query in sys.argv[2:]:
                name, v = query.split('==')
                name = name.lower().replace('_', '-').replace('.', '-')
                print(name, v, ','.join(sorted({i for i, a in entries.get(name, []) if affected(v, a)})))
            sys.exit(0)
        for name in sorted(entries):
            versions = {'0.0.0.1', '99999'}
            for _, a in entries[name]:
                versions.update(str(x) for x in a.get('versions', []))
                for rg in a.get('ranges', []):
                    if rg['type'] == 'ECOSYSTEM':
                        for e in rg['events']: versions.update(str(x) for x in e.values() if str(x) != '0')
            # At most 60 versions a package, evenly spread (tensorflow's 400 records name thousands).
            versions = sorted(versions)
            versions = versions[::max(1, len(versions) // 60)]
            for v in versions:
                if V(v) is None: continue
                ids = sorted({i for i, a in entries[name] if affected(v, a)})
                print(name, v, ','.join(ids))
        """#
}

@Suite(
    "The real PyPA advisories against an independent reference",
    .enabled(if: PyPA.available),
    .enabled(
        if: ReferenceTools.ci || (ReferenceTools.packaging && ReferenceTools.pythonHas("yaml")),
        "needs python3-packaging and python3-yaml (scripts/debian-packages.txt)"))
struct PyPAReferenceTests {
    @Test("every record imports, and every match equals python3-packaging's over the same records")
    func reference() throws {
        let path = try TestFiles.scratchDirectory("osv-pypa") + "/osv.db"
        let summary = try DatabaseImporter().importSources([(PyPA.directory, "pypa")], into: path)
        #expect(summary.skippedCount == 0, "\(summary.skipped)")
        #expect(summary.sources.first.map { $0.records + $0.withdrawn } == 2661)
        let output = try TestProcess.run(ReferenceTools.python, ["-c", PyPA.script, PyPA.directory])
        try #require(output.succeeded, "\(output.stderr)")
        let matcher = Matcher(database: try VulnerabilityDatabase(path: path))
        var checked = 0
        var affected = 0
        var disagreements: [String] = []
        for line in output.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            let expected = fields[2].isEmpty ? [] : fields[2].split(separator: ",").map(String.init)
            let matches = try matcher.match(PackageQuery(ecosystem: "PyPI", name: fields[0], version: fields[1]))
            let ours = matches.flatMap(\.records).sorted()
            checked += 1
            if !expected.isEmpty { affected += 1 }
            if ours != expected {
                disagreements.append("\(fields[0]) \(fields[1]): ours \(ours), reference \(expected)")
            }
        }
        #expect(checked > 8_000)
        #expect(affected > 4_000)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(15))")
    }
}
