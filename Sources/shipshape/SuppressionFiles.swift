import ArgumentParser
import Lint
import Vulnerabilities

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The suppressions `scan` and `inspect` both apply: the VEX documents of `--vex` and the `vulnerabilities.ignore`
/// entries of the configuration. One reader, so both commands suppress exactly the same matches.
enum SuppressionFiles {
    /// A VEX document, configuration or baseline report: at most 64 MiB.
    static func read(_ path: String) throws -> [UInt8] {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? UInt).map { Int($0) } ?? 0
        guard size <= 64 << 20 else { throw ExitCode(fail("'\(path)' is larger than 64 MiB; not read").rawValue) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExitCode(fail("cannot read '\(path)': no such file or not readable").rawValue)
        }
        return [UInt8](data)
    }

    /// The documents of `vex` (exit 2 naming the file when one cannot be read or parsed).
    static func documents(_ vex: [String]) throws -> [VEXDocument] {
        var documents: [VEXDocument] = []
        for file in vex {
            let bytes = try read(file)
            do {
                documents.append(try VEXDocument(parsing: bytes, file: file))
            } catch {
                throw ExitCode(fail(error.description).rawValue)
            }
        }
        return documents
    }

    /// The ignore entries of `config`, else of the nearest `.shipshape.yml` from the current directory up (a found
    /// one that is a symbolic link out of its directory is not read); none when there is no file.
    static func ignores(config: String?) throws -> [IgnoreEntry] {
        var file = config
        if file == nil, let found = ConfigurationFile.find(from: ".") {
            let slash = found.lastIndex(of: "/")
            let directory = slash.map { String(found[..<$0]) } ?? "."
            guard TreeBoundary.contains(found, root: directory.isEmpty ? "/" : directory) else {
                throw ExitCode(
                    fail(
                        "'\(found)' is a symbolic link to a file outside its directory; not read (pass it with --config)"
                    )
                    .rawValue)
            }
            file = found
        }
        guard let file else { return [] }
        let bytes = try read(file)
        do {
            return try IgnoreList.parse(String(decoding: bytes, as: UTF8.self), file: file)
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
    }

    /// `matches` with the suppressions applied, as of today (UTC).
    static func apply(
        _ matches: [VulnerabilityMatch], documents: [VEXDocument], ignores: [IgnoreEntry]
    ) -> (kept: [VulnerabilityMatch], suppressed: [SuppressedMatch], expired: [IgnoreEntry]) {
        Suppressions.apply(
            matches, vex: documents, ignores: ignores, today: CalendarDate(unixTime: Int(Date().timeIntervalSince1970)))
    }
}
