import Testing

@testable import Vulnerabilities

@Suite("Version schemes")
struct VersionSchemeTests {
    static let ordered: [(VersionScheme, String, String)] = [
        // Debian: the epoch outweighs everything; "~" sorts before the end of a part.
        (.debian, "2.38.1-5", "1:2.38.1-5"),
        (.debian, "3.0.15-1~deb12u1", "3.0.15-1"),
        (.debian, "1.0~rc1", "1.0"),
        (.debian, "1.26.12-1", "1.26.12-1+deb12u1"),
        // Go: pseudo-versions are pre-releases of the next patch; +incompatible is ignored.
        (.go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"),
        (.go, "v1.2.3", "v1.2.4-0.20200101000000-abcdefabcdef"),
        (.go, "v1.2.4-0.20200101000000-abcdefabcdef", "v1.2.4"),
        (.go, "1.20.5", "go1.21.0"),
        (.go, "v2.0.0+incompatible", "v2.0.1"),
        (.go, "v1", "v1.0.1"),
        // RPM: the caret sorts after the base version, the tilde before.
        (.rpm, "1.0~rc1-1", "1.0-1"),
        (.rpm, "1.0-1", "1.0^git1-1"),
        (.rpm, "2:1.0-1", "10:0.1-1"),
        (.pypi, "1.0.dev0", "1.0a0"),
        (.pypi, "1!0.1", "2!0.0"),
        (.semver, "1.0.0-rc.1", "1.0.0"),
        (.alpine, "1.2.3_rc1-r0", "1.2.3-r0"),
        (.alpine, "1.2.3-r9", "1.2.3-r10"),
    ]

    @Test("ordered pairs", arguments: ordered)
    func ordering(_ scheme: VersionScheme, _ lower: String, _ higher: String) throws {
        #expect(try scheme.compare(lower, higher) == -1)
        #expect(try scheme.compare(higher, lower) == 1)
    }

    @Test(
        "equal spellings",
        arguments: [
            (VersionScheme.go, "v2.0.0+incompatible", "v2.0.0"),
            (.debian, "0:1.0", "1.0"),
            (.rpm, "0:1.0-1", "1.0-1"),
            (.pypi, "1.0", "1.0.0"),
            (.pypi, "1.0RC1", "1.0rc1"),
        ])
    func equal(_ scheme: VersionScheme, _ lhs: String, _ rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == 0)
    }

    @Test(
        "invalid versions are refused with the scheme and value",
        arguments: [
            (VersionScheme.debian, "1:"),
            (.debian, "a:1.0"),
            (.debian, "1.0-"),
            (.debian, "1.0 beta"),
            (.semver, "1.x"),
            (.semver, "1.0.0-"),
            (.go, "latest"),
            (.rubygems, "1..2"),
            (.rubygems, "beta"),
        ])
    func invalid(_ scheme: VersionScheme, _ version: String) {
        #expect(throws: VersionError.self) { try scheme.parse(version) }
    }

    @Test("ecosystems choose their scheme")
    func ecosystems() {
        #expect(VersionScheme(ecosystem: "Debian:12") == .debian)
        #expect(VersionScheme(ecosystem: "Ubuntu:22.04:LTS") == .debian)
        #expect(VersionScheme(ecosystem: "Alpine:v3.20") == .alpine)
        #expect(VersionScheme(ecosystem: "Rocky Linux:9") == .rpm)
        #expect(VersionScheme(ecosystem: "crates.io") == .semver)
        #expect(VersionScheme(ecosystem: "GIT") == nil)
    }

    @Test("go pseudo-versions are recognised")
    func pseudo() throws {
        #expect(try GoVersion("v0.0.0-20191109021931-daa7c04131f5").isPseudoVersion)
        #expect(try !GoVersion("v1.2.3-rc.1").isPseudoVersion)
    }
}
