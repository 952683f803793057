import Foundation
import Testing

@testable import Vulnerabilities

@Suite("Matching OSV records")
struct MatcherTests {
    static let records: [String: String] = [
        // Debian keys advisories by source package and source version: bsdutils 1:2.38.1-5+b1 is built from
        // util-linux 2.38.1-5 (no epoch).
        "util-linux.json": Fixtures.record(
            "DEBIAN-CVE-2024-28085", ecosystem: "Debian:12", package: "util-linux",
            ranges: Fixtures.range([("introduced", "0"), ("fixed", "2.38.1-5+deb12u1")]), aliases: ["CVE-2024-28085"]),
        // Debian backported the urllib3 fix: 1.26.12-1+deb12u1 is fixed, PyPI's record still says < 1.26.17.
        "python-urllib3.json": Fixtures.record(
            "DEBIAN-CVE-2023-43804", ecosystem: "Debian:12", package: "python-urllib3",
            ranges: Fixtures.range([("introduced", "0"), ("fixed", "1.26.12-1+deb12u1")]), aliases: ["CVE-2023-43804"]),
        "PYSEC-2023-192.json": Fixtures.record(
            "PYSEC-2023-192", ecosystem: "PyPI", package: "urllib3",
            ranges: Fixtures.range([
                ("introduced", "0"), ("fixed", "1.26.17"), ("introduced", "2.0.0"), ("fixed", "2.0.6"),
            ]),
            aliases: ["CVE-2023-43804", "GHSA-v845-jxx5-vc9f"],
            severity: "CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:N"),
        "GHSA-v845-jxx5-vc9f.json": Fixtures.record(
            "GHSA-v845-jxx5-vc9f", ecosystem: "PyPI", package: "urllib3",
            ranges: Fixtures.range([("introduced", "0"), ("fixed", "1.26.17")]), aliases: ["CVE-2023-43804"]),
        // Alpine: by origin; the binary libcrypto3 comes from openssl.
        "ALPINE-CVE-2024-5535.json": Fixtures.record(
            "ALPINE-CVE-2024-5535", ecosystem: "Alpine:v3.20", package: "openssl",
            ranges: Fixtures.range([("introduced", "0"), ("fixed", "3.3.2-r0")])),
        // Go: SEMVER, pseudo-versions are pre-releases.
        "GO-2023-2102.json": Fixtures.record(
            "GO-2023-2102", ecosystem: "Go", package: "golang.org/x/net",
            ranges: Fixtures.range("SEMVER", [("introduced", "0"), ("fixed", "0.17.0")]), aliases: ["CVE-2023-39325"]),
        // last_affected, limit, a versions list alone, a withdrawn record.
        "last.json": Fixtures.record(
            "GHSA-last-affe-cted", ecosystem: "npm", package: "left-pad",
            ranges: Fixtures.range("SEMVER", [("introduced", "1.0.0"), ("last_affected", "1.2.0")])),
        "limit.json": Fixtures.record(
            "GHSA-limi-tlim-itli", ecosystem: "crates.io", package: "smallvec",
            ranges: Fixtures.range([("introduced", "0"), ("limit", "1.0.0")])),
        "listed.json": Fixtures.record(
            "RUSTSEC-2099-0001", ecosystem: "RubyGems", package: "rack", versions: ["2.2.3", "2.2.4"]),
        "withdrawn.json": Fixtures.record(
            "GHSA-with-draw-nnnn", ecosystem: "PyPI", package: "requests",
            ranges: Fixtures.range([("introduced", "0")]), withdrawn: true),
        "unfixed.json": Fixtures.record(
            "PYSEC-2099-1", ecosystem: "PyPI", package: "Jinja2", ranges: Fixtures.range([("introduced", "3.0")]),
            severity: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"),
        "broken.json": "{\"id\": \"BROKEN-1\", \"modified\": ",
    ]

    func matcher() throws -> Matcher { Matcher(database: try Fixtures.database(Self.records).0) }

    @Test("Debian matches by source package and source version: the epoch trap")
    func debianSource() throws {
        let package = PackageQuery(
            ecosystem: "Debian:12", name: "bsdutils", version: "1:2.38.1-5+b1", sourceName: "util-linux",
            sourceVersion: "2.38.1-5")
        let matches = try matcher().match(package)
        #expect(matches.map(\.id) == ["CVE-2024-28085"])
        #expect(matches.first?.fixedVersion == "2.38.1-5+deb12u1")
        let fixed = PackageQuery(
            ecosystem: "Debian:12", name: "bsdutils", version: "1:2.38.1-5+deb12u1", sourceName: "util-linux",
            sourceVersion: "2.38.1-5+deb12u1")
        #expect(try matcher().match(fixed).isEmpty)
    }

    @Test("a Debian-owned PyPI copy is matched only through Debian, whose backport is fixed")
    func owned() throws {
        let matcher = try matcher()
        let deb = PackageQuery(
            ecosystem: "Debian:12", name: "python3-urllib3", version: "1.26.12-1+deb12u1",
            sourceName: "python-urllib3", sourceVersion: "1.26.12-1+deb12u1")
        let copy = PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.12", ownedBy: "python3-urllib3")
        #expect(try matcher.match([deb, copy]).isEmpty)
        // The same copy installed by pip is vulnerable, and its two records are one finding under the CVE id.
        let pip = PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.12")
        let matches = try matcher.match(pip)
        #expect(matches.count == 1)
        #expect(matches.first?.id == "CVE-2023-43804")
        #expect(matches.first?.records == ["GHSA-v845-jxx5-vc9f", "PYSEC-2023-192"])
        #expect(matches.first?.aliases == ["GHSA-v845-jxx5-vc9f", "PYSEC-2023-192"])
        #expect(matches.first?.fixedVersion == "1.26.17")
        #expect(matches.first?.score == 5.9)
        #expect(matches.first?.severity == .medium)
        // Several ranges: the 2.x branch has its own fix.
        #expect(
            try matcher.match(PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "2.0.4")).first?.fixedVersion
                == "2.0.6")
        #expect(try matcher.match(PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "2.0.6")).isEmpty)
        #expect(try matcher.match(PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.17")).isEmpty)
    }

    @Test("Alpine matches by origin, Go pseudo-versions by SemVer")
    func alpineAndGo() throws {
        let matcher = try matcher()
        let libcrypto = PackageQuery(
            ecosystem: "Alpine:v3.20", name: "libcrypto3", version: "3.3.1-r0", sourceName: "openssl")
        #expect(try matcher.match(libcrypto).map(\.id) == ["ALPINE-CVE-2024-5535"])
        #expect(
            try matcher.match(
                PackageQuery(ecosystem: "Alpine:v3.20", name: "libcrypto3", version: "3.3.2-r0", sourceName: "openssl")
            ).isEmpty)
        #expect(
            try matcher.match(
                PackageQuery(ecosystem: "Alpine:v3.19", name: "libcrypto3", version: "3.3.1-r0", sourceName: "openssl")
            ).isEmpty)
        let pseudo = PackageQuery(
            ecosystem: "Go", name: "golang.org/x/net", version: "v0.0.0-20211209124913-491a49abca63")
        #expect(try matcher.match(pseudo).map(\.id) == ["CVE-2023-39325"])
        #expect(try matcher.match(PackageQuery(ecosystem: "Go", name: "golang.org/x/net", version: "v0.17.0")).isEmpty)
        #expect(
            try matcher.match(
                PackageQuery(
                    ecosystem: "Go", name: "golang.org/x/net", version: "v0.17.1-0.20231011000000-abcdefabcdef")
            ).isEmpty)
    }

    @Test("last_affected, limit, versions lists, withdrawn records, and no fix yet")
    func semantics() throws {
        let matcher = try matcher()
        func ids(_ ecosystem: String, _ name: String, _ version: String) throws -> [String] {
            try matcher.match(PackageQuery(ecosystem: ecosystem, name: name, version: version)).map(\.id)
        }
        #expect(try ids("npm", "left-pad", "1.2.0") == ["GHSA-last-affe-cted"])
        #expect(try ids("npm", "left-pad", "1.2.1").isEmpty)
        #expect(try ids("npm", "left-pad", "0.9.0").isEmpty)
        #expect(try ids("crates.io", "smallvec", "0.6.9") == ["GHSA-limi-tlim-itli"])
        #expect(try ids("crates.io", "smallvec", "1.0.0").isEmpty)
        #expect(try ids("RubyGems", "rack", "2.2.4") == ["RUSTSEC-2099-0001"])
        #expect(try ids("RubyGems", "rack", "2.2.5").isEmpty)
        #expect(try ids("PyPI", "requests", "2.0.0").isEmpty)
        let unfixed = try matcher.match(PackageQuery(ecosystem: "PyPI", name: "jinja2", version: "3.1.2"))
        #expect(unfixed.map(\.id) == ["PYSEC-2099-1"])
        #expect(unfixed.first?.fixedVersion == nil)
        #expect(unfixed.first?.advice.hasPrefix("no fix yet") == true)
        #expect(unfixed.first?.score == 6.1)
    }

    @Test("--explain names the record, the range and each comparison")
    func explain() throws {
        let lines = try matcher().explain(
            PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.12"), id: "CVE-2023-43804")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("PYSEC-2023-192"))
        #expect(text.contains("1.26.12 < fixed 1.26.17"))
        #expect(text.contains("AFFECTED"))
        let owned = try matcher().explain(
            PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.12", ownedBy: "python3-urllib3"),
            id: "CVE-2023-43804")
        #expect(owned.first?.contains("matched through the distro") == true)
    }

    @Test(
        "CVSS v3 base scores",
        arguments: [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
            ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0),
        ])
    func cvss(_ vector: String, _ score: Double) throws {
        #expect(try CVSSVector(vector).baseScore == score)
    }

    @Test(
        "malformed CVSS vectors are refused",
        arguments: [
            "CVSS:2.0/AV:N", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        ])
    func badCVSS(_ vector: String) {
        #expect(throws: RecordError.self) { try CVSSVector(vector) }
    }
}
