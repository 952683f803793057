import Foundation
import TestSupport
import Testing

@testable import DockerfileSyntax

/// The shared corpus of real Dockerfiles (../shared/corpus/dockerfiles beside the package).
enum Corpus {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/dockerfiles")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every file, relative path and bytes, sorted by path.
    static func files() -> [(path: String, bytes: [UInt8])] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var result: [(String, [UInt8])] = []
        for case let url as URL in enumerator {
            guard let data = try? Data(contentsOf: url), !url.hasDirectoryPath else { continue }
            let relative = String(url.path.dropFirst(directory.path.count + 1))
            result.append((relative, [UInt8](data)))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Corpus files that BuildKit rejects too, and why (the README section "Parser fidelity" lists them). Every
    /// `*.template` file is a template whose placeholders (`{{ … }}`, `%%VAR%%`) are filled in before it is a
    /// Dockerfile; the others are listed one by one.
    static let expectedErrors: [String: String] = [
        "bridgecrewio+checkov/tests_dockerfile_checks_example_AliasIsUnique_failure_Dockerfile":
            "linter test input: two stages named build on purpose",
        "bridgecrewio+checkov/tests_dockerfile_checks_example_UpdateNotAlone_failure_Dockerfile":
            "linter test input ending in a stray `~` line (an editor artefact): unknown instruction",
        "bridgecrewio+checkov/tests_secrets_resources_file_type_Dockerfile":
            "linter test input ending in a stray `~` line: unknown instruction",
        "bridgecrewio+checkov/tests_dockerfile_resources_empty_dockerfile_Dockerfile": "empty file",
        "bridgecrewio+checkov/tests_secrets_multiline_finding_Dockerfile.mine":
            "secret-scanner test data named like a Dockerfile, not a Dockerfile",
        "bridgecrewio+checkov/tests_secrets_multiline_finding_Dockerfile.two_secrets":
            "secret-scanner test data named like a Dockerfile, not a Dockerfile",
        "moby+buildkit/frontend_dockerfile_parser_testfiles-negative_empty_dockerfile_Dockerfile":
            "BuildKit negative test: empty",
        "moby+buildkit/frontend_dockerfile_parser_testfiles-negative_only_comments_Dockerfile":
            "BuildKit negative test: only comments",
        "moby+buildkit/frontend_dockerfile_parser_testfiles-negative_env_no_value_Dockerfile":
            "BuildKit negative test: ENV without value",
        "moby+buildkit/frontend_dockerfile_parser_testfiles-negative_shykes-nested-json_Dockerfile":
            "BuildKit negative test: nested JSON array",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_flags_Dockerfile":
            "BuildKit parser (AST) test: flags no instruction accepts",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_health_Dockerfile":
            "BuildKit parser (AST) test: HEALTHCHECK forms the build rejects",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_json_Dockerfile":
            "BuildKit parser (AST) test: instructions without FROM",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_jeztah-invalid-json-json-inside-string-double_Dockerfile":
            "BuildKit parser (AST) test: CMD without FROM",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_jeztah-invalid-json-json-inside-string_Dockerfile":
            "BuildKit parser (AST) test: CMD without FROM",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_jeztah-invalid-json-single-quotes_Dockerfile":
            "BuildKit parser (AST) test: CMD without FROM",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_jeztah-invalid-json-unterminated-bracket_Dockerfile":
            "BuildKit parser (AST) test: CMD without FROM",
        "moby+buildkit/frontend_dockerfile_parser_testfiles_jeztah-invalid-json-unterminated-string_Dockerfile":
            "BuildKit parser (AST) test: CMD without FROM",
        "tianon+dockerfiles/jenkins_Dockerfile.lts": "a symbolic link stored as a text file",
        "tianon+dockerfiles/jenkins_Dockerfile.weekly": "a symbolic link stored as a text file",
        "wagoodman+dive/cmd_dive_cli_testdata_invalid_Dockerfile": "deliberately invalid test input",
    ]

    /// Why a corpus file is expected to have syntax errors, or nil when it must parse cleanly.
    static func expectedErrorReason(_ path: String) -> String? {
        if path.hasSuffix(".template") { return "template with placeholders" }
        return expectedErrors[path]
    }
}

@Suite(
    "Corpus",
    .enabled(if: Requirement.met(Corpus.isPresent), "the shared corpus ../shared/corpus/dockerfiles is absent"))
struct CorpusTests {
    @Test("every corpus file parses without a crash, in time, and the syntax errors are the known ones")
    func corpus() {
        let files = Corpus.files()
        #expect(files.count > 800)
        let clock = ContinuousClock()
        var withErrors: [String: [SyntaxError]] = [:]
        let elapsed = clock.measure {
            for file in files {
                let parsed = Dockerfile.parse(file.bytes, path: file.path)
                if !parsed.errors.isEmpty { withErrors[file.path] = parsed.errors }
            }
        }
        if ProcessInfo.processInfo.environment["SHIPSHAPE_CORPUS_REPORT"] != nil {
            for (path, errors) in withErrors.sorted(by: { $0.key < $1.key }) {
                print("CORPUS \(path): \(errors.map(\.description).joined(separator: " | "))")
            }
            print("CORPUS \(withErrors.count) of \(files.count) files with errors in \(elapsed)")
        }
        #expect(elapsed < .seconds(30))
        let unexpected = withErrors.filter { Corpus.expectedErrorReason($0.key) == nil }
        #expect(unexpected.isEmpty, "real Dockerfiles with syntax errors: \(unexpected)")
        let missing = Corpus.expectedErrors.keys.filter { withErrors[$0] == nil }
        #expect(missing.isEmpty, "listed as broken but parsed cleanly: \(missing)")
    }
}
