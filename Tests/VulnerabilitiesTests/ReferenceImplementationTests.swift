import Foundation
import TestSupport
import Testing

@testable import Vulnerabilities

/// The comparators against independent implementations installed from Debian (scripts/debian-packages.txt):
/// `dpkg --compare-versions`, python3-rpm's `labelCompare` and python3-packaging's `Version`. Each is needed only
/// here; on a developer machine without them the suite is skipped, but under `CI=true` it always runs, and a
/// missing program is a failure.
enum ReferenceTools {
    static let python = "/usr/bin/python3"
    static var ci: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func pythonHas(_ module: String, python: String = python) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? TestProcess.run(python, ["-c", "import \(module)"], errors: .discarded))?.succeeded ?? false
    }

    static var dpkg: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg") }
    static var rpm: Bool { pythonHas("rpm") }
    static var packaging: Bool { pythonHas("packaging") }

    /// Versions from the vector files, each paired with its neighbours at a few distances: comparisons the
    /// files do not list themselves.
    static func pairs(_ files: [String], stride distances: [Int] = [1, 7, 31]) throws -> [(String, String)] {
        var seen = Set<String>()
        var versions: [String] = []
        for file in files {
            for pair in try VersionVectors.pairs(file) {
                for version in [pair.lhs, pair.rhs] where seen.insert(version).inserted { versions.append(version) }
            }
        }
        var out: [(String, String)] = []
        for distance in distances {
            for index in versions.indices where index + distance < versions.count {
                out.append((versions[index], versions[index + distance]))
            }
        }
        return out
    }

    /// Runs a Python script that reads "a b" lines and prints -1/0/1 (or "x" for a version it refuses) a line.
    static func python(_ script: String, _ pairs: [(String, String)]) throws -> [String] {
        let input = pairs.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
        let output = try TestProcess.run(python, ["-c", script], input: Data(input.utf8))
        guard output.succeeded else { throw TestFailure("python3 failed: \(output.stderr)") }
        return output.stdout.split(separator: "\n").map(String.init)
    }
}

@Suite(
    "Comparators against independent implementations",
    .enabled(
        if: ReferenceTools.ci || (ReferenceTools.dpkg && ReferenceTools.rpm && ReferenceTools.packaging),
        "needs dpkg, python3-rpm and python3-packaging (scripts/debian-packages.txt; CI installs them)"),
    .enabled(if: VersionVectors.available))
struct ReferenceImplementationTests {
    @Test("dpkg --compare-versions agrees, epochs and tildes included")
    func dpkg() throws {
        try #require(ReferenceTools.dpkg, "dpkg is missing: install it (scripts/debian-packages.txt)")
        let generated = try ReferenceTools.pairs(["debian-versions.txt", "debian-versions-generated.txt"])
        // Every 40th generated pair (a process per comparison), and the traps by hand.
        var pairs = Swift.stride(from: 0, to: generated.count, by: 40).map { generated[$0] }
        pairs += [
            ("1:2.38.1-5+deb12u1", "2.38.1-5+deb12u3"), ("2.38.1-5+deb12u3", "1:2.38.1-5+deb12u1"),
            ("1.0~rc1-1", "1.0-1"), ("1.0-1~bpo1", "1.0-1"), ("1.0+dfsg-1", "1.0-1"), ("3.0.15-1~deb12u1", "3.0.15-1"),
            ("1.26.12-1+deb12u1", "1.26.12-1"), ("0:1.0", "1.0"), ("1.0a", "1.0+"), ("1.0", "1.0-0"),
        ]
        var disagreements: [String] = []
        for (lhs, rhs) in pairs {
            let ours = try VersionScheme.debian.compare(lhs, rhs)
            let operation = ours < 0 ? "lt" : (ours == 0 ? "eq" : "gt")
            let result = try TestProcess.run("/usr/bin/dpkg", ["--compare-versions", lhs, operation, rhs])
            if !result.succeeded { disagreements.append("\(lhs) \(operation) \(rhs)") }
        }
        #expect(pairs.count > 300)
        #expect(disagreements.isEmpty, "dpkg disagrees: \(disagreements.prefix(20))")
    }

    @Test("python3-rpm's labelCompare agrees")
    func rpm() throws {
        try #require(ReferenceTools.rpm, "python3-rpm is missing: install it (scripts/debian-packages.txt)")
        var pairs = try ReferenceTools.pairs(["redhat-versions.txt"], stride: [1, 2, 3, 5, 7, 11])
        pairs += [
            ("1:1.0-1.el9", "2.0-1.el9"), ("1.0-1.el9_2", "1.0-1.el9_10"), ("3.0.7-18.el9", "1:3.0.7-17.el9"),
            ("1.0~beta-1", "1.0-1"), ("1.0^20230101-1", "1.0-1"), ("2.4.57-5.el9", "2.4.57-11.el9_4.1"),
        ]
        // rpm's parseEVR, as RPMVersion reads it: leading digits then ':' are the epoch; the release follows the
        // last '-'.
        let script = """
            import re, sys, rpm
            def evr(s):
                m = re.match(r'^(\\d*):(.*)$', s)
                e, rest = (m.group(1) or '0', m.group(2)) if m else ('0', s)
                v, sep, r = rest.rpartition('-')
                return (e, v, r) if sep else (e, rest, None)
            for line in sys.stdin:
                a, b = line.split()
                print(rpm.labelCompare(evr(a), evr(b)))
            """
        let theirs = try ReferenceTools.python(script, pairs)
        try #require(theirs.count == pairs.count)
        var disagreements: [String] = []
        for (index, (lhs, rhs)) in pairs.enumerated() {
            let ours = try VersionScheme.rpm.compare(lhs, rhs)
            if String(ours) != theirs[index] {
                disagreements.append("\(lhs) vs \(rhs): ours \(ours), rpm \(theirs[index])")
            }
        }
        #expect(pairs.count > 100)
        #expect(disagreements.isEmpty, "rpm disagrees: \(disagreements.prefix(20))")
    }

    @Test("python3-packaging's Version agrees on every valid PEP 440 version")
    func packaging() throws {
        try #require(ReferenceTools.packaging, "python3-packaging is missing: install it (scripts/debian-packages.txt)")
        let pairs = try ReferenceTools.pairs(["pypi-versions.txt", "pypi-versions-generated.txt"])
        let script = """
            import sys
            from packaging.version import Version, InvalidVersion
            for line in sys.stdin:
                a, b = line.split()
                try:
                    x, y = Version(a), Version(b)
                except InvalidVersion:
                    print('x'); continue
                print(-1 if x < y else (1 if x > y else 0))
            """
        let theirs = try ReferenceTools.python(script, pairs)
        try #require(theirs.count == pairs.count)
        var compared = 0
        var disagreements: [String] = []
        for (index, (lhs, rhs)) in pairs.enumerated() where theirs[index] != "x" {
            compared += 1
            let ours = try VersionScheme.pypi.compare(lhs, rhs)
            if String(ours) != theirs[index] {
                disagreements.append("\(lhs) vs \(rhs): ours \(ours), packaging \(theirs[index])")
            }
        }
        #expect(compared > 5000)
        #expect(disagreements.isEmpty, "packaging disagrees: \(disagreements.prefix(20))")
    }
}
