import Foundation
import TestSupport
import Testing

/// The GitHub Action's step (scripts/action.sh, which action.yml runs) with the variables GitHub sets, against the
/// built binary (`INPUT_SHIPSHAPE`) or a release archive served from a `file://` URL (`INPUT_RELEASE_URL`).
@Suite(
    "GitHub Action step",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: Requirement.met(TestProcess.exists("jq") && TestProcess.exists("curl")), "needs jq and curl"))
struct ActionTests {
    /// A run's exit code, standard output (the annotations), `GITHUB_OUTPUT` as a dictionary, the step summary
    /// and the SARIF file, if one was written.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var outputs: [String: String]
        var summary: String
        var sarif: [String: Any]?
    }

    /// Runs the step in a new workspace holding `files`, with `inputs` as INPUT_* variables; `prepare` may add to
    /// the workspace (its argument) first.
    func runAction(
        files: [String: String], inputs: [String: String], prepare: (String) throws -> Void = { _ in }
    ) throws -> Run {
        let root = try TestFiles.temporaryDirectory("action")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = root + "/workspace"
        let temp = root + "/runner-temp"
        for directory in [workspace, temp] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        for (name, text) in files { try text.write(toFile: workspace + "/" + name, atomically: true, encoding: .utf8) }
        try prepare(workspace)
        var environment = [
            "GITHUB_WORKSPACE": workspace, "GITHUB_OUTPUT": root + "/output", "GITHUB_STEP_SUMMARY": root + "/summary",
            "GITHUB_PATH": root + "/path", "RUNNER_TEMP": temp, "GITHUB_ACTION_REPOSITORY": "",
        ]
        for (name, value) in inputs { environment["INPUT_" + name] = value }
        let result = try TestProcess.run(
            "bash", [TestFiles.packageRoot.path + "/scripts/action.sh"], directory: root, environment: environment)
        let outputText = (try? String(contentsOfFile: root + "/output", encoding: .utf8)) ?? ""
        var outputs: [String: String] = [:]
        for line in outputText.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            outputs[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let sarif = outputs["sarif"].flatMap { FileManager.default.contents(atPath: $0) }.flatMap {
            try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
        }
        return Run(
            status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: outputs,
            summary: (try? String(contentsOfFile: root + "/summary", encoding: .utf8)) ?? "", sarif: sarif)
    }

    static let files = ["Dockerfile": PreCommitTests.good, "app.Dockerfile": PreCommitTests.bad]
    static var binary: [String: String] { ["SHIPSHAPE": TestFiles.shipshape.path] }

    @Test(
        "lint: exit code, outputs, annotations, summary and SARIF by fail-on",
        arguments: [("warning", Int32(1)), ("info", 1), ("error", 0), ("none", 0)])
    func lint(failOn: String, status: Int32) throws {
        let run = try runAction(files: Self.files, inputs: Self.binary.merging(["FAIL_ON": failOn]) { $1 })
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.outputs["exit-code"] == "\(status)")
        #expect(run.outputs["warnings"] == "1" && run.outputs["errors"] == "0", "\(run.outputs)")
        let total = try #require(run.outputs["findings"].flatMap { Int($0) })
        #expect(total >= 4)
        #expect(run.stdout.contains("::warning file=app.Dockerfile,line=2,col=1,"), "\(run.stdout)")
        #expect(run.summary.contains("## Shipshape "))
        #expect(run.summary.contains("| warning | SS0021 apt-get-update-alone | app.Dockerfile:2 |"), "\(run.summary)")
        #expect(run.summary.contains(status == 0 ? "passed (fail-on: \(failOn))" : "failed: findings at or above"))
        let runs = try #require(run.sarif?["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        #expect((runs.first?["results"] as? [Any])?.count == total)
    }

    @Test("lint and inspect together: one SARIF run, image findings annotated and summarised")
    func inspect() throws {
        let run = try runAction(
            files: Self.files,
            inputs: Self.binary.merging(["LINT": "Dockerfile app.Dockerfile", "INSPECT": "docker-archive:app.tar\n"]) {
                $1
            }
        ) { workspace in
            try InspectFixture.write(to: URL(fileURLWithPath: workspace))
        }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("in docker-archive%3Aapp.tar"), "\(run.stdout)")
        #expect(run.summary.contains("| docker-archive:app.tar "), "\(run.summary)")
        #expect(run.summary.contains("app.Dockerfile:2"))
        // The image's own report, folded under the findings table.
        #expect(run.summary.contains("<details><summary>Image report</summary>"))
        #expect(run.summary.contains("### Shipshape: docker-archive:app.tar"))
        #expect(run.summary.contains("| # | content | shadowed | compressed | created by |"))
        let runs = try #require(run.sarif?["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let results = (runs.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == run.outputs["findings"].flatMap { Int($0) })
        #expect(results.contains { ($0["ruleId"] as? String)?.hasPrefix("SS1") == true })
    }

    @Test("an image that cannot be read: exit 2, the rest still reported")
    func unreadable() throws {
        let run = try runAction(
            files: Self.files, inputs: Self.binary.merging(["INSPECT": "docker-archive:nope.tar"]) { $1 })
        #expect(run.status == 2)
        #expect(run.outputs["exit-code"] == "2")
        #expect(run.summary.contains("an input could not be read"))
    }

    /// The PyPA advisories (../shared/advisories/pypa) the scan's database is imported from.
    static let pypa = TestFiles.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/advisories/pypa/vulns").path

    /// An image of two real Python releases built by `shipshape build` into the workspace as `app.tar`: urllib3
    /// 1.26.5, which the PyPA advisories list as vulnerable, and certifi 2024.7.4, which they do not.
    static func writePythonImage(to workspace: String) throws {
        let site = workspace + "/root/usr/local/lib/python3.11/site-packages"
        for (name, version) in [("urllib3", "1.26.5"), ("certifi", "2024.7.4")] {
            let info = "\(site)/\(name)-\(version).dist-info"
            try FileManager.default.createDirectory(atPath: info, withIntermediateDirectories: true)
            try "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n".write(
                toFile: info + "/METADATA", atomically: false, encoding: .utf8)
        }
        try "#!/bin/sh\n".write(toFile: workspace + "/app", atomically: false, encoding: .utf8)
        let build = try TestProcess.run(
            TestFiles.shipshape.path,
            [
                "build", "--add", "root/usr:/usr", "--add", "app:/usr/local/bin/app:0755", "--entrypoint",
                "/usr/local/bin/app", "--output", "docker-archive:app.tar",
            ], directory: workspace)
        try #require(build.succeeded, "\(build.stderr)")
    }

    @Test(
        "scan: the database imported first, SARIF, annotations, the folded report, exit by scan-fail-on",
        .enabled(if: Requirement.met(FileManager.default.fileExists(atPath: pypa)), "needs ../shared/advisories/pypa"),
        arguments: [("medium", Int32(1)), ("none", 0)])
    func scan(scanFailOn: String, status: Int32) throws {
        let database = try TestFiles.temporaryDirectory("action-db") + "/osv.db"
        defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
        let run = try runAction(
            files: [:],
            inputs: Self.binary.merging([
                "SCAN": "docker-archive:app.tar", "SCAN_FAIL_ON": scanFailOn, "DB": database,
                "DB_IMPORT": Self.pypa + "\n",
            ]) { $1 }, prepare: Self.writePythonImage)
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.outputs["exit-code"] == "\(status)")
        // The database the input named was written, and nothing was linted: scan alone was asked for.
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(!run.stdout.contains("Dockerfile"))
        let total = try #require(run.outputs["findings"].flatMap { Int($0) })
        #expect(total >= 1)
        #expect(
            run.stdout.contains("in docker-archive%3Aapp.tar /usr/local/lib/python3.11/site-packages/urllib3-1.26.5"))
        #expect(!run.stdout.contains("certifi"), "\(run.stdout)")
        #expect(run.summary.contains("scan-fail-on: \(scanFailOn)"), "\(run.summary)")
        #expect(run.summary.contains("<details><summary>Vulnerability report</summary>"))
        #expect(run.summary.contains("# Vulnerabilities: docker-archive:app.tar"))
        #expect(run.summary.contains(#"urllib3 \(PyPI\) | 1.26.5 |"#), "\(run.summary)")
        let runs = try #require(run.sarif?["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let results = (runs.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == total)
        let rules = Set(
            (((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? [])
                .compactMap { $0["id"] as? String })
        #expect(results.allSatisfy { rules.contains($0["ruleId"] as? String ?? "") })
    }

    @Test("scan: a database that cannot be imported is exit 2 and no scan runs")
    func scanWithoutDatabase() throws {
        let database = try TestFiles.temporaryDirectory("action-db") + "/osv.db"
        defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
        let run = try runAction(
            files: [:],
            inputs: Self.binary.merging([
                "SCAN": "docker-archive:app.tar", "DB": database, "DB_IMPORT": "no-such-advisories",
            ]) { $1 })
        #expect(run.status == 2)
        #expect(run.stderr.contains("the vulnerability database could not be prepared"), "\(run.stderr)")
        #expect(run.summary.contains("an input could not be read"))
        #expect(!run.summary.contains("Vulnerability report"))
    }

    @Test("bad fail-on: exit 64")
    func badInput() throws {
        let run = try runAction(files: Self.files, inputs: Self.binary.merging(["FAIL_ON": "sometimes"]) { $1 })
        #expect(run.status == 64)
        #expect(run.stderr.contains("fail-on must be error, warning, info or none"))
        let scan = try runAction(files: Self.files, inputs: Self.binary.merging(["SCAN_FAIL_ON": "warning"]) { $1 })
        #expect(scan.status == 64)
        #expect(scan.stderr.contains("scan-fail-on must be critical, high, medium, low, unknown or none"))
    }

    @Test("a vendored copy (uses: ./PATH) without release-url: exit 64 with what to give")
    func vendored() throws {
        let run = try runAction(files: Self.files, inputs: ["VERSION": "0.1.0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("a vendored copy, uses: ./PATH, needs release-url or shipshape"), "\(run.stderr)")
    }

    @Test("every input of action.yml reaches the step as its INPUT_ variable and is documented")
    func inputs() throws {
        let root = TestFiles.packageRoot.path
        let action = try String(contentsOfFile: root + "/action.yml", encoding: .utf8)
        let docs = try String(contentsOfFile: root + "/docs/integrations.md", encoding: .utf8)
        let script = try String(contentsOfFile: root + "/scripts/action.sh", encoding: .utf8)
        let section = try #require(action.range(of: "inputs:\n")).upperBound
        let end = try #require(action.range(of: "\noutputs:")).lowerBound
        var names: [String] = []
        for line in action[section..<end].split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
            names.append(String(line.dropFirst(2).dropLast()))
        }
        #expect(names.contains("scan") && names.contains("db-import"))
        for name in names {
            #expect(docs.contains("| `\(name)` |"), "docs/integrations.md does not document \(name)")
            // sarif and sarif-category are used by action.yml's own upload step.
            guard !name.hasPrefix("sarif") else { continue }
            let variable = "INPUT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
            #expect(action.contains("\(variable): ${{ inputs.\(name) }}"), "action.yml does not pass \(name)")
            #expect(script.contains(variable), "scripts/action.sh does not read \(variable)")
        }
    }

    @Test("a hostile file name is text in the summary, never markup")
    func hostileName() throws {
        let name = "x|<img src=y onerror=alert(1)>_[a](b).Dockerfile"
        let run = try runAction(files: [name: PreCommitTests.bad], inputs: Self.binary)
        #expect(run.status == 1)
        #expect(!run.summary.contains("<img"), "\(run.summary)")
        #expect(run.summary.contains("x&#124;&lt;img src=y onerror=alert(1)&gt;&#95;&#91;a](b).Dockerfile:2"))
        for line in run.summary.split(separator: "\n") where line.hasPrefix("| ") {
            #expect(line.split(separator: "|", omittingEmptySubsequences: false).count == 6, "\(line)")
        }
    }

    static var arch: String {
        #if arch(x86_64)
        "amd64"
        #else
        "arm64"
        #endif
    }

    /// A release directory as GitHub serves it (`download/vVERSION/…`), the archive holding a link to the built
    /// binary; `tamper` corrupts the checksum.
    func writeRelease(to directory: String, tamper: Bool) throws {
        let name = "shipshape-0.1.0-linux-\(Self.arch)"
        let stage = directory + "/stage/\(name)/bin"
        let download = directory + "/download/v0.1.0"
        for path in [stage, download] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(
            atPath: stage + "/shipshape", withDestinationPath: TestFiles.shipshape.path)
        try TestProcess.output("tar", ["-czf", download + "/\(name).tar.gz", "-C", directory + "/stage", name])
        var sums = try TestProcess.output("sha256sum", ["\(name).tar.gz"], directory: download)
        if tamper { sums = String(repeating: "0", count: 64) + sums.dropFirst(64) }
        try sums.write(toFile: download + "/SHA256SUMS", atomically: true, encoding: .utf8)
    }

    @Test("installs the release archive after checking it against SHA256SUMS", arguments: [false, true])
    func install(tamper: Bool) throws {
        let release = try TestFiles.temporaryDirectory("release")
        defer { try? FileManager.default.removeItem(atPath: release) }
        try writeRelease(to: release, tamper: tamper)
        let run = try runAction(
            files: Self.files, inputs: ["VERSION": "v0.1.0", "RELEASE_URL": "file://" + release, "FAIL_ON": "error"])
        if tamper {
            #expect(run.status == 2)
            #expect(run.stderr.contains("does not match its checksum in SHA256SUMS"), "\(run.stderr)")
            #expect(run.outputs.isEmpty)
        } else {
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.outputs["shipshape"]?.hasSuffix("shipshape-0.1.0-linux-\(Self.arch)/bin/shipshape") == true)
            #expect(run.outputs["version"] == "0.1.0")
        }
    }
}
