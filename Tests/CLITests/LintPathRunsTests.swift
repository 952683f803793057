import Foundation
import TestSupport
import Testing

/// `lint` takes long runs of paths out of the arguments before swift-argument-parser parses them (its cost grows
/// with the square of their number) and puts them back in place: every command line here must behave exactly as
/// the same command line written so that no run of three plain arguments forms (each path beside an option), which
/// the parser sees whole.
@Suite(
    "lint: long runs of paths",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct LintPathRunsTests {
    /// Files with a fix each (so `--diff` shows the order the files were read in), two whose names start with `-`
    /// (one named as an option of `lint`), and a configuration that turns one rule off.
    static func directory() throws -> URL {
        let directory = URL(fileURLWithPath: try TestFiles.temporaryDirectory("shipshape-lint-path-runs"))
        for (index, name) in [
            "a.Dockerfile", "b.Dockerfile", "c.Dockerfile", "d.Dockerfile", "-odd.Dockerfile", "--color",
        ]
        .enumerated() {
            let text =
                "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nCMD app --serve \(index)\n"
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "disable: [SS0050]\n".write(
            to: directory.appendingPathComponent("quiet.yml"), atomically: true, encoding: .utf8)
        return directory
    }

    /// (collapsed, the same without a run of three plain arguments).
    static let cases: [([String], [String])] = [
        (
            ["lint", "--diff", "a.Dockerfile", "b.Dockerfile", "c.Dockerfile", "d.Dockerfile"],
            [
                "lint", "--diff", "a.Dockerfile", "b.Dockerfile", "--color", "never", "c.Dockerfile", "--color",
                "never", "d.Dockerfile",
            ]
        ),
        (
            ["lint", "--diff", "d.Dockerfile", "c.Dockerfile", "a.Dockerfile", "c.Dockerfile", "b.Dockerfile"],
            [
                "lint", "--diff", "d.Dockerfile", "--color", "never", "c.Dockerfile", "--color", "never",
                "a.Dockerfile", "--color", "never", "c.Dockerfile", "--color", "never", "b.Dockerfile",
            ]
        ),
        (
            [
                "lint", "--format", "json", "--config", "quiet.yml", "a.Dockerfile", "b.Dockerfile", "c.Dockerfile",
                "--fail-on", "none", "d.Dockerfile", "c.Dockerfile", "b.Dockerfile",
            ],
            [
                "lint", "--format=json", "--config=quiet.yml", "a.Dockerfile", "--color", "never", "b.Dockerfile",
                "--color", "never", "c.Dockerfile", "--fail-on=none", "d.Dockerfile", "--color", "never",
                "c.Dockerfile", "--color", "never", "b.Dockerfile",
            ]
        ),
        (
            ["lint", "--diff", "--", "-odd.Dockerfile", "a.Dockerfile", "--color", "b.Dockerfile"],
            ["lint", "--diff", "./-odd.Dockerfile", "a.Dockerfile", "--color", "never", "./--color", "b.Dockerfile"]
        ),
        (
            ["lint", "--diff", "a.Dockerfile", "-", "b.Dockerfile", "c.Dockerfile", "d.Dockerfile"],
            [
                "lint", "--diff", "a.Dockerfile", "-", "b.Dockerfile", "--color", "never", "c.Dockerfile", "--color",
                "never", "d.Dockerfile",
            ]
        ),
        (
            ["lint", "--stdin-name", "x", "missing", "a.Dockerfile", "missing"],
            ["lint", "--stdin-name", "x", "missing", "--color", "never", "a.Dockerfile", "--color", "never", "missing"]
        ),
        (
            ["lint", "--fail-on", "a.Dockerfile", "b.Dockerfile", "c.Dockerfile"],
            ["lint", "--fail-on", "a.Dockerfile", "b.Dockerfile", "--color", "never", "c.Dockerfile"]
        ),
    ]

    @Test("a run of paths behaves as the same paths with options between them", arguments: cases)
    func sameAsUncollapsed(collapsed: [String], uncollapsed: [String]) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdin = "FROM alpine\nRUN apk add curl\n"
        let (status, out, err) = try run(collapsed, in: directory, stdin: stdin)
        let (expectedStatus, expectedOut, expectedErr) = try run(uncollapsed, in: directory, stdin: stdin)
        #expect(status == expectedStatus)
        #expect(out == expectedOut)
        #expect(err == expectedErr)
    }

    @Test("the paths of a run are read in the order given, repeats included") func order() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, out, _) = try run(
            ["lint", "--diff", "c.Dockerfile", "a.Dockerfile", "c.Dockerfile", "b.Dockerfile"], in: directory)
        #expect(status == 1)
        let order = out.split(separator: "\n").filter { $0.hasPrefix("--- a/") }
        #expect(order == ["--- a/c.Dockerfile", "--- a/a.Dockerfile", "--- a/c.Dockerfile", "--- a/b.Dockerfile"])
    }
}
