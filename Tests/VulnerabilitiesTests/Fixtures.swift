import Foundation
import TestSupport

@testable import Vulnerabilities

/// Records in the published OSV shape, with real package names and versions, written by the tests.
enum Fixtures {
    static func record(
        _ id: String, ecosystem: String, package: String, ranges: String = "", versions: [String] = [],
        aliases: [String] = [], severity: String? = nil, withdrawn: Bool = false,
        modified: String = "2024-01-02T03:04:05Z"
    ) -> String {
        let aliasList = aliases.map { "\"\($0)\"" }.joined(separator: ", ")
        let versionList = versions.map { "\"\($0)\"" }.joined(separator: ", ")
        let severityJSON = severity.map { ", \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"\($0)\"}]" } ?? ""
        let withdrawnJSON = withdrawn ? ", \"withdrawn\": \"2024-02-01T00:00:00Z\"" : ""
        let rangesJSON = ranges.isEmpty ? "" : ", \"ranges\": [\(ranges)]"
        return """
            {"schema_version": "1.6.0", "id": "\(id)", "modified": "\(modified)", "aliases": [\(aliasList)],
             "summary": "\(id) in \(package)"\(severityJSON)\(withdrawnJSON),
             "affected": [{"package": {"ecosystem": "\(ecosystem)", "name": "\(package)"}\(rangesJSON),
                           "versions": [\(versionList)]}],
             "references": [{"type": "ADVISORY", "url": "https://example.org/\(id)"}]}
            """
    }

    static func range(_ events: [(String, String)]) -> String { range("ECOSYSTEM", events) }

    static func range(_ type: String, _ events: [(String, String)]) -> String {
        let list = events.map { "{\"\($0.0)\": \"\($0.1)\"}" }.joined(separator: ", ")
        return "{\"type\": \"\(type)\", \"events\": [\(list)]}"
    }

    /// A directory of records, one file each.
    static func directory(_ records: [String: String]) throws -> String {
        let directory = try TestFiles.scratchDirectory("osv-records")
        for (name, text) in records {
            try text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
        }
        return directory
    }

    /// A zip written by Python's zipfile (an independent writer): `script` gets `z`, an open ZipFile.
    static func zip(_ script: String, in directory: String) throws -> String {
        let path = directory + "/all.zip"
        let program =
            "import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
            + script + "\nz.close()\n"
        let result = try TestProcess.run("python3", ["-c", program, path])
        guard result.succeeded else { throw TestFailure("python3 zipfile failed: \(result.stderr)") }
        return path
    }

    static func database(_ records: [String: String]) throws -> (VulnerabilityDatabase, String) {
        let directory = try self.directory(records)
        let path = try TestFiles.scratchDirectory("osv-db") + "/osv.db"
        _ = try DatabaseImporter().importSources([(directory, directory)], into: path)
        return (try VulnerabilityDatabase(path: path), path)
    }
}
