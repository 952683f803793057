import ImageBuild
import Testing

@Suite("Semantic versions and tags")
struct TagTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var version: String?
        var sha: String?
        var existing: [String] = []
        var dirty = false
        var expected: [String]
        var testDescription: String { "\(version ?? "-") with [\(existing.joined(separator: " "))] → \(expected)" }
    }

    static let sha = "0123456789abcdef0123456789abcdef01234567"

    @Test(
        "releases, pre-releases and back-ports",
        arguments: [
            Case(version: "1.2.3", sha: sha, expected: ["1.2.3", "1.2", "1", "latest", "sha-0123456"]),
            Case(version: "v1.2.3", expected: ["1.2.3", "1.2", "1", "latest"]),
            Case(version: "1.2.3+build.7", expected: ["1.2.3", "1.2", "1", "latest"]),
            Case(version: "1.2.3-rc.1", sha: sha, expected: ["1.2.3-rc.1", "sha-0123456"]),
            Case(version: "2.0.0-beta", existing: ["1.9.0"], expected: ["2.0.0-beta"]),
            // Back-port: 1.1.9 after 1.2.0 keeps latest and 1 on 1.2.0, but 1.1 moves.
            Case(version: "1.1.9", existing: ["1.2.0", "1.1.8", "v1.0.0"], expected: ["1.1.9", "1.1"]),
            Case(version: "1.1.9", existing: ["v1.2.0", "2.0.0"], expected: ["1.1.9", "1.1"]),
            Case(version: "1.1.9", existing: ["1.1.10"], expected: ["1.1.9"]),
            Case(version: "1.9.0", existing: ["2.0.0"], expected: ["1.9.0", "1.9", "1"]),
            // Pre-releases of a higher version do not hold back a release.
            Case(
                version: "1.2.3", existing: ["1.3.0-rc.1", "not-a-version", "latest"],
                expected: ["1.2.3", "1.2", "1", "latest"]),
            // Tagging the same version again moves nothing away from it.
            Case(version: "1.2.3", existing: ["1.2.3", "1.2.2"], expected: ["1.2.3", "1.2", "1", "latest"]),
            // Major version zero: no "0" tag.
            Case(version: "0.4.1", expected: ["0.4.1", "0.4", "latest"]),
            Case(sha: "ABCDEF1", expected: ["sha-abcdef1"]),
            Case(version: "1.2.3", sha: sha, dirty: true, expected: ["sha-0123456-dirty"]),
        ])
    func plans(_ testCase: Case) throws {
        let version = try testCase.version.map { try SemanticVersion($0) }
        let plan = try TagPlan(
            version: version, revision: testCase.sha, dirty: testCase.dirty, existingTags: testCase.existing)
        #expect(plan.tags.map(\.value) == testCase.expected)
    }

    @Test(
        "invalid versions are refused with the rule they break",
        arguments: [
            ("1.2", "exactly three numbers"),
            ("01.2.3", "leading zero"),
            ("1.2.3-01", "leading zero"),
            ("1.2.3-", "empty"),
            ("1.2.3+", "empty"),
            ("1.2.3-rc..1", "empty"),
            ("1.2.3-rc_1", "[0-9A-Za-z-]"),
            ("1.2.x", "not a non-negative integer"),
            ("", "MAJOR.MINOR.PATCH"),
            ("v", "MAJOR.MINOR.PATCH"),
            ("99999999999999999999.0.0", "too large"),
        ])
    func invalidVersions(_ value: String, rule: String) {
        do {
            _ = try SemanticVersion(value)
            Issue.record("'\(value)' was accepted")
        } catch {
            #expect(error.description.contains("'\(value)'"))
            #expect(error.description.contains(rule), "\(error.description)")
        }
    }

    @Test(
        "tag grammar [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}",
        arguments: [
            ("latest", true), ("1.2.3", true), ("_x", true), ("sha-abc", true), ("A_b.c-d", true),
            (String(repeating: "a", count: 128), true), (String(repeating: "a", count: 129), false),
            ("", false), (".hidden", false), ("-x", false), ("1.2.3+build", false), ("a/b", false), ("a:b", false),
            ("é", false),
        ])
    func tagGrammar(_ value: String, valid: Bool) {
        let accepted = (try? Tag(value)) != nil
        #expect(accepted == valid)
    }

    @Test("an invalid tag error quotes the value and the rule")
    func tagError() {
        #expect(
            throws: TagError.invalidTag(
                "1.2.3+b",
                rule: "'+' is not allowed: a tag holds only [A-Za-z0-9_.-] ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})")
        ) {
            try Tag("1.2.3+b")
        }
    }

    @Test(
        "precedence follows semver.org §11",
        arguments: [
            [
                "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0",
            ]
        ])
    func precedence(_ ordered: [String]) throws {
        let versions = try ordered.map { try SemanticVersion($0) }
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower))
        }
        #expect(try SemanticVersion("1.0.0+a").hasSamePrecedence(as: SemanticVersion("1.0.0+b")))
    }

    @Test("an invalid commit is refused")
    func invalidCommit() {
        #expect(throws: TagError.invalidCommit("xyz1234")) { try TagPlan(version: nil, revision: "xyz1234") }
        #expect(throws: TagError.nothingToTag) { try TagPlan(version: nil, revision: nil) }
    }

    @Test(
        "git remotes become public https URLs",
        arguments: [
            ("git@github.com:org/app.git", "https://github.com/org/app"),
            ("https://user:token@gitlab.com/org/app.git", "https://gitlab.com/org/app"),
            ("ssh://git@host.example:22/org/app", "https://host.example/org/app"),
            ("/srv/git/app", nil),
        ] as [(String, String?)])
    func remotes(_ remote: String, expected: String?) {
        #expect(GitState.publicURL(remote) == expected)
    }

    @Test("git state: the highest version tag on HEAD, all tags, and a dirty tree")
    func gitState() throws {
        let state = try GitState.read(directory: "/repo") { arguments, _ in
            switch arguments.first {
            case "rev-parse": (0, "0123456789abcdef0123456789abcdef01234567\n")
            case "tag" where arguments.contains("--points-at"): (0, "deploy\nv1.2.0\nv1.2.1\n")
            case "tag": (0, "v1.2.0\nv1.2.1\nv1.3.0\ndeploy\n")
            case "status": (0, " M Sources/x.swift\n")
            case "config": (0, "git@github.com:org/app.git\n")
            default: (1, "")
            }
        }
        #expect(state.version == (try SemanticVersion("1.2.1")))
        #expect(state.versionTag == "v1.2.1")
        #expect(state.dirty)
        #expect(state.source == "https://github.com/org/app")
        let plan = try TagPlan(version: state.version, revision: state.head, existingTags: state.allTags)
        #expect(plan.tags.map(\.value) == ["1.2.1", "1.2", "sha-0123456"])
    }
}
