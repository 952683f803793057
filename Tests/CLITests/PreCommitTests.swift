import Foundation
import TestSupport
import Testing

/// The interpreter of the test venv (scripts/check.sh installs scripts/python-requirements.txt into it).
let testPython = ProcessInfo.processInfo.environment["SHIPSHAPE_TEST_PYTHON"] ?? ""

/// Whether `module` imports in the test venv's Python.
func pythonHas(_ module: String) -> Bool {
    guard !testPython.isEmpty,
        let result = try? TestProcess.run(testPython, ["-c", "import \(module)"], errors: .discarded)
    else { return false }
    return result.succeeded
}

/// The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` (`try-repo` on this package) in a temporary
/// git repository, with the built `shipshape` first on PATH (the hooks are `language: system`).
@Suite(
    "pre-commit hooks",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(
        if: Requirement.met(pythonHas("pre_commit") && TestProcess.exists("git")),
        "needs git and pre-commit in $SHIPSHAPE_TEST_PYTHON (scripts/python-requirements.txt)"))
struct PreCommitTests {
    static let good = """
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
        USER 65532
        ENTRYPOINT ["/usr/bin/env"]

        """
    /// Every finding at warning or above in it has a safe fix.
    static let bad = """
        FROM debian:bookworm-slim
        RUN apt-get update
        RUN apt-get install -y ca-certificates
        USER 65532
        ENTRYPOINT ["/usr/bin/env"]

        """

    /// A git repository with `files` added to the index, and a pre-commit home of its own; removed after `body`.
    func withRepository(_ files: [String: String], _ body: (String, [String: String]) throws -> Void) throws {
        let root = try TestFiles.temporaryDirectory("pre-commit")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = root + "/repo"
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: repository + "/" + name, atomically: true, encoding: .utf8) }
        try TestProcess.output("git", ["init", "-q", repository])
        try TestProcess.output("git", ["-C", repository, "add", "."])
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let environment = [
            "PATH": TestFiles.shipshape.deletingLastPathComponent().path + ":" + path,
            "PRE_COMMIT_HOME": root + "/cache", "NO_COLOR": "1",
        ]
        try body(repository, environment)
    }

    func tryRepo(_ hook: String, _ arguments: [String], in repository: String, _ environment: [String: String])
        throws -> TestProcess.Output
    {
        try TestProcess.run(
            testPython,
            ["-m", "pre_commit", "try-repo", TestFiles.packageRoot.path, hook, "--color", "never"] + arguments,
            directory: repository, environment: environment, errors: .merged)
    }

    @Test("shipshape-lint passes a good Dockerfile and skips templates and other files")
    func passes() throws {
        try withRepository(
            ["Dockerfile": Self.good, "Dockerfile.template": Self.bad, "README.md": "RUN apt-get update\n"]
        ) { repository, environment in
            let result = try tryRepo("shipshape-lint", ["--all-files"], in: repository, environment)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("shipshape lint") && result.stdout.contains("Passed"), "\(result.stdout)")
        }
    }

    @Test("shipshape-lint fails a bad Dockerfile under every name lint's discovery finds")
    func fails() throws {
        let names = [
            "Dockerfile", "Dockerfile.dev", "Dockerfile-alpine", "app.Dockerfile", "app_Dockerfile",
            "web.dockerfile", "Containerfile", "Containerfile.ci",
        ]
        let skipped = ["Dockerfile.tmpl", "Dockerfile.j2", "Containerfile.in", "notes.txt"]
        var files: [String: String] = [:]
        for name in names + skipped { files[name] = Self.bad }
        try withRepository(files) { repository, environment in
            let result = try tryRepo("shipshape-lint", ["--all-files"], in: repository, environment)
            #expect(result.status == 1, "\(result.stdout)")
            #expect(result.stdout.contains("Failed"), "\(result.stdout)")
            for name in names {
                #expect(result.stdout.contains("\(name):2:1: warning: [SS0021"), "\(name) not linted: \(result.stdout)")
            }
            for name in skipped { #expect(!result.stdout.contains("\(name):"), "\(name) linted: \(result.stdout)") }
        }
    }

    @Test("shipshape-lint-fix fixes the bad Dockerfile, which then passes")
    func fixes() throws {
        try withRepository(["Dockerfile": Self.good, "app.Dockerfile": Self.bad]) { repository, environment in
            let bad = try tryRepo("shipshape-lint", ["--files", "app.Dockerfile"], in: repository, environment)
            #expect(bad.status == 1, "\(bad.stdout)")
            let fixed = try tryRepo("shipshape-lint-fix", ["--all-files"], in: repository, environment)
            // pre-commit fails a hook that changed files, so the user reviews and stages them.
            #expect(fixed.status == 1, "\(fixed.stdout)")
            #expect(fixed.stdout.contains("files were modified by this hook"), "\(fixed.stdout)")
            let text = try String(contentsOfFile: repository + "/app.Dockerfile", encoding: .utf8)
            #expect(
                text.contains("RUN apt-get update \\\n    && apt-get install --no-install-recommends -y"), "\(text)")
            #expect(try String(contentsOfFile: repository + "/Dockerfile", encoding: .utf8) == Self.good)
            try TestProcess.output("git", ["-C", repository, "add", "."])
            let after = try tryRepo("shipshape-lint", ["--all-files"], in: repository, environment)
            #expect(after.status == 0, "\(after.stdout)")
        }
    }
}
