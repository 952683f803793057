import Foundation
import TestSupport
import Testing

let packageRoot = TestFiles.packageRoot
let binary = TestFiles.shipshape
let fixtures = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures")

/// Runs the built `shipshape` with NO_COLOR=1 and no vulnerability database (a path that does not exist, so a
/// database in the user's cache cannot change `inspect`'s output) unless `environment` names one; returns (exit
/// code, stdout, stderr).
func run(_ arguments: [String], in directory: URL, stdin: String? = nil, environment extra: [String: String] = [:])
    throws -> (Int32, String, String)
{
    let result = try TestProcess.run(
        // The day end-of-life bases are judged against is pinned, so the snapshots do not change with the date; the
        // database path names no file, so a database in the user's cache cannot change them either.
        binary.path, arguments, directory: directory.path,
        environment: [
            "NO_COLOR": "1", "SHIPSHAPE_TODAY": "2026-12-03", "SHIPSHAPE_DB": "/nonexistent/shipshape-tests/osv.db",
        ].merging(extra) { $1 },
        input: stdin.map { Data($0.utf8) })
    return (result.status, result.stdout, result.stderr)
}

/// Compares a run with `Snapshots/NAME.txt`; SHIPSHAPE_RECORD=1 rewrites the snapshot.
func expectSnapshot(
    _ name: String, _ arguments: [String], in directory: URL, stdin: String? = nil,
    environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let (status, out, err) = try run(arguments, in: directory, stdin: stdin, environment: environment)
    let actual =
        "$ shipshape \(arguments.joined(separator: " "))\nexit: \(status)\n--- stdout\n\(out)--- stderr\n\(err)"
    let file = packageRoot.appendingPathComponent("Tests/CLITests/Snapshots/\(name).txt")
    if ProcessInfo.processInfo.environment["SHIPSHAPE_RECORD"] != nil {
        try actual.write(to: file, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(
        actual == expected, "snapshot \(name) differs (SHIPSHAPE_RECORD=1 re-records)", sourceLocation: sourceLocation)
}

@Suite(
    "shipshape CLI golden tests",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct GoldenTests {
    let sample = fixtures.appendingPathComponent("sample")

    @Test("lint, text format") func text() throws {
        try expectSnapshot("lint-text", ["lint", "--color", "never"], in: sample)
    }

    @Test("lint, JSON format") func json() throws {
        try expectSnapshot("lint-json", ["lint", "--format", "json", "Dockerfile"], in: sample)
    }

    @Test("lint, SARIF format") func sarif() throws {
        try expectSnapshot("lint-sarif", ["lint", "--format", "sarif", "Dockerfile"], in: sample)
    }

    @Test("lint, GitHub annotations") func github() throws {
        try expectSnapshot("lint-github", ["lint", "--format", "github", "."], in: sample)
    }

    @Test("lint --diff prints the safe fixes") func diff() throws {
        try expectSnapshot("lint-diff", ["lint", "--diff", "Dockerfile"], in: sample)
    }

    @Test("lint - reads standard input; --fail-on none exits 0") func stdin() throws {
        try expectSnapshot(
            "lint-stdin", ["lint", "--fail-on", "none", "--stdin-name", "in.Dockerfile", "-"], in: sample,
            stdin: "FROM node:latest\nCMD npm start\n")
    }

    @Test("--fail-on error passes warnings") func failOnError() throws {
        try expectSnapshot(
            "lint-fail-on-error", ["lint", "--fail-on", "error", "--format", "github", "-"], in: sample,
            stdin: "FROM alpine:3.21\nUSER 1000\n")
    }

    @Test("a malformed configuration is exit 2 with file and line") func badConfig() throws {
        try expectSnapshot("lint-bad-config", ["lint", "Dockerfile"], in: fixtures.appendingPathComponent("badconfig"))
    }

    @Test("an unreadable path is exit 2") func missing() throws {
        try expectSnapshot("lint-missing", ["lint", "no/such/Dockerfile"], in: sample)
    }

    @Test("a named directory without Dockerfiles is exit 2; one with the names people use lints them all")
    func discovery() throws {
        let root = URL(fileURLWithPath: try TestFiles.temporaryDirectory("shipshape-discovery-cli"))
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try "FROM alpine\n".write(to: root.appendingPathComponent("empty/notes.txt"), atomically: true, encoding: .utf8)
        let (emptyStatus, emptyOut, emptyErr) = try run(["lint", "empty"], in: root)
        #expect(emptyStatus == 2)
        #expect(emptyOut.isEmpty)
        #expect(emptyErr.contains("no Dockerfiles under 'empty'"), "stderr: \(emptyErr)")
        let names = [
            "Dockerfile", "Dockerfile.dev", "Dockerfile-alpine", "api.Dockerfile", "22_bookworm_Dockerfile",
            "web.dockerfile", "Containerfile", "Dockerfile.template", "Dockerfile-slim.tmpl", "Dockerfile.j2",
        ]
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("repo"), withIntermediateDirectories: true)
        for name in names {
            try "FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT [\"/app\"]\n".write(
                to: root.appendingPathComponent("repo/\(name)"), atomically: true, encoding: .utf8)
        }
        let (status, _, err) = try run(["lint", "--fail-on", "none", "repo"], in: root)
        #expect(status == 0)
        #expect(err.contains("shipshape: linted 7 Dockerfiles"), "stderr: \(err)")
    }

    @Test("an unknown format is bad usage, exit 64") func usage() throws {
        try expectSnapshot("lint-usage", ["lint", "--format", "xml"], in: sample)
    }

    @Test("rules lists every rule") func rules() throws {
        try expectSnapshot("rules", ["rules"], in: sample)
    }

    @Test("rules --format json --practice pid1") func rulesJSON() throws {
        try expectSnapshot("rules-json", ["rules", "--format", "json", "--practice", "pid1"], in: sample)
    }

    @Test("explain by id and by name") func explain() throws {
        try expectSnapshot("explain", ["explain", "missing-init"], in: sample)
        try expectSnapshot("explain-unknown", ["explain", "SS9999"], in: sample)
    }

    @Test("lint --fix rewrites the file and fixing twice changes nothing") func fix() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shipshape-fix-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("Dockerfile")
        try "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\nCMD run --serve\n".write(
            to: file, atomically: true, encoding: .utf8)
        _ = try run(["lint", "--fix", "--fail-on", "none"], in: directory)
        let once = try String(contentsOf: file, encoding: .utf8)
        #expect(
            once
                == "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install --no-install-recommends -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCMD [\"run\", \"--serve\"]\n"
        )
        let (status, out, _) = try run(["lint", "--diff"], in: directory)
        #expect(status == 0)
        #expect(out.isEmpty)
        _ = try run(["lint", "--fix", "--fail-on", "none"], in: directory)
        #expect(try String(contentsOf: file, encoding: .utf8) == once)
    }
}
