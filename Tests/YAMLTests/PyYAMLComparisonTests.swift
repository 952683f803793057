import Foundation
import TestSupport
import Testing
import YAML

/// The module against an independent implementation: for every advisory of the shared OSV corpus and every YAML
/// file of this repository, the JSON our parser gives equals the JSON PyYAML gives (Reference/pyyaml_json.py, its
/// safe loader with the YAML 1.2 core schema).
@Suite("YAML parser against PyYAML")
struct PyYAMLComparisonTests {
    static let advisories = "/work/shared/advisories/pypa"
    static let script = TestFiles.packageRoot.appendingPathComponent("Tests/YAMLTests/Reference/pyyaml_json.py").path

    static var pyyamlAvailable: Bool {
        (try? TestProcess.run("python3", ["-c", "import yaml"], errors: .discarded).succeeded) == true
    }

    /// Every `.yml`/`.yaml` file under `directory`, skipping build output.
    static func yamlFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasPrefix(".build") || relative.contains("/.build/") { continue }
            if relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") { files.append(directory + "/" + relative) }
        }
        return files.sorted()
    }

    @Test(
        "every advisory and repository YAML file reads as PyYAML reads it",
        .enabled(if: pyyamlAvailable, "needs python3 with PyYAML"))
    func corpus() throws {
        let files = Self.yamlFiles(under: TestFiles.packageRoot.path) + Self.yamlFiles(under: Self.advisories)
        try #require(files.count > 1)
        let reference = try TestProcess.run(
            "python3", [Self.script], input: Data(files.map { $0 + "\n" }.joined().utf8))
        try #require(reference.succeeded, "\(reference.stderr)")
        var expected: [String: String] = [:]
        for line in reference.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            expected[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        var mismatches: [String] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let ours: String
            do {
                ours = try YAMLParser.parse(text)?.jsonText() ?? "null"
            } catch {
                ours = "ERROR: \(error)"
            }
            // A stream both refuse agrees (the Kubernetes files in deploy/ hold several documents; the
            // single-document reader refuses them, as PyYAML's `safe_load` does).
            if ours.hasPrefix("ERROR: "), expected[file]?.hasPrefix("ERROR: ") == true { continue }
            if ours != expected[file] {
                mismatches.append("\(file)\n  ours:   \(ours)\n  PyYAML: \(expected[file] ?? "?")")
            }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(files.count) differ:\n\(mismatches.prefix(5).joined(separator: "\n"))")
        if FileManager.default.fileExists(atPath: Self.advisories) { #expect(files.count > 2_600) }
    }
}
