import ArgumentParser
import ImageAnalysis
import ImageFormat
import Lint
import Packages
import Vulnerabilities

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `shipshape scan IMAGE`: known vulnerabilities of the image's packages, from the local OSV database.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find known vulnerabilities in an image's packages, offline, from the local OSV database.",
        discussion: """
            IMAGE is any image reference (docker-archive:PATH, oci:PATH[:TAG], oci-archive:PATH[:TAG], \
            docker://REF, a registry reference, a bare path) or sbom:FILE for a stored CycloneDX, SPDX 2.3 or \
            Shipshape JSON SBOM. Debian and Ubuntu packages are matched by source package and source version; Python and Node \
            libraries a distro package owns are matched through the distro only. Each finding names the advisory \
            and its aliases, the installed and fixed versions, the severity (CVSS v3 scored by shipshape), the \
            layer and history entry that installed the package, and what to do. Without a database (shipshape db \
            update / db import) the scan fails: it never reports "no vulnerabilities" it did not check. \
            Suppressions: --vex FILE (OpenVEX or CycloneDX VEX; not_affected and fixed statements) and the \
            vulnerabilities.ignore list of .shipshape.yml (id, reason, until: YYYY-MM-DD; an expired entry \
            suppresses nothing and is itself a finding). --baseline IMAGE (or an earlier scan's JSON) marks what \
            is new and what was fixed; only new vulnerabilities fail the scan. Exit codes: 0 nothing at or above \
            --fail-on; 1 findings at or above it; 2 no database, or the image, a VEX document, the configuration or \
            the baseline could not be read; 64 bad usage.
            """)

    @Argument(help: "The image to scan, or sbom:FILE.")
    var image: String

    @Option(help: "Output format: text, json, sarif, cyclonedx (CycloneDX 1.6 with vulnerabilities), markdown or html.")
    var format: String = "text"

    @Option(help: "Exit 1 when a vulnerability is at or above: critical, high, medium, low, unknown or none.")
    var failOn: String = "high"

    @Flag(help: "Leave out vulnerabilities no record has a fix for yet.")
    var ignoreUnfixed = false

    @Option(help: "Show why each package matched, or did not, this advisory id or alias; no report.")
    var explain: String?

    @Option(help: "A VEX document (OpenVEX or CycloneDX); its not_affected and fixed statements suppress matches.")
    var vex: [String] = []

    @Option(help: "The configuration with vulnerabilities.ignore (default: the nearest .shipshape.yml from here up).")
    var config: String?

    @Option(help: "An earlier image (any IMAGE form) or 'scan --format json' report: only new vulnerabilities fail.")
    var baseline: String?

    @Option(help: "Colour in text output: auto (on a terminal), always or never.")
    var color: String = "auto"

    @Option(help: "The platform to pick from a multi-platform image, e.g. linux/arm64 (default: the host's).")
    var platform: String?

    @OptionGroup var registry: RegistryOptionsGroup

    func validate() throws {
        guard ScanReport.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)' (use text, json, sarif, cyclonedx, markdown or html)")
        }
        guard ScanThreshold(rawValue: failOn) != nil else {
            throw ValidationError("unknown --fail-on '\(failOn)' (use critical, high, medium, low, unknown or none)")
        }
        guard ["auto", "always", "never"].contains(color) else {
            throw ValidationError("unknown --color '\(color)' (use auto, always or never)")
        }
    }

    func run() async throws {
        let timing = getenv("SHIPSHAPE_TIMING") != nil
        let start = ContinuousClock.now
        // The database first: without one there is nothing to scan against, and reading the image would be wasted.
        let database: VulnerabilityDatabase
        do {
            database = try VulnerabilityDatabase(path: DbOutput.path)
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
        let queries = try await packages(of: image)
        let inventoryDone = ContinuousClock.now
        let matcher = Matcher(database: database)
        if let explain {
            try explainMatches(explain, queries: queries, matcher: matcher)
            return
        }
        var matches: [VulnerabilityMatch]
        do {
            matches = try matcher.match(queries)
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
        let matchDone = ContinuousClock.now
        if ignoreUnfixed { matches.removeAll { $0.fixedVersion == nil } }
        let (documents, ignores) = try suppressionInputs()
        let today = CalendarDate(unixTime: Int(time(nil)))
        let applied = Suppressions.apply(matches, vex: documents, ignores: ignores, today: today)
        let summary = ScanReport.databaseSummary(database)
        var report = ScanReport(
            matches: applied.kept, packagesChecked: queries.count, databaseSummary: summary,
            toolVersion: ShipshapeVersion.current)
        report.suppressed = applied.suppressed
        report.expiredIgnores = applied.expired
        report.packages = queries
        report.target = image
        if let baseline { report.baseline = try await loadBaseline(baseline, matcher: matcher) }
        let useColor = color == "always" || (color == "auto" && isatty(1) == 1)
        FileDescriptorText.write(
            report.rendered(as: ScanReport.Format(rawValue: format) ?? .text, color: useColor), to: 1)
        if timing {
            printError(
                "shipshape: timing: packages \(inventoryDone - start), match \(matchDone - inventoryDone) "
                    + "(\(queries.count) packages, \(matches.count) findings)")
        }
        if report.fails(ScanThreshold(rawValue: failOn) ?? .high) { throw Exit.findings }
    }

    /// A VEX document, configuration or baseline report: at most 64 MiB.
    static func readFile(_ path: String) throws -> [UInt8] {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? UInt).map { Int($0) } ?? 0
        guard size <= 64 << 20 else { throw ExitCode(fail("'\(path)' is larger than 64 MiB; not read").rawValue) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExitCode(fail("cannot read '\(path)': no such file or not readable").rawValue)
        }
        return [UInt8](data)
    }

    /// The VEX documents of `--vex` and the ignore entries of the configuration (`--config`, else the nearest
    /// `.shipshape.yml`; a found one that is a symbolic link out of its directory is not read).
    func suppressionInputs() throws -> ([VEXDocument], [IgnoreEntry]) {
        var documents: [VEXDocument] = []
        for file in vex {
            let bytes = try Self.readFile(file)
            do {
                documents.append(try VEXDocument(parsing: bytes, file: file))
            } catch {
                throw ExitCode(fail(error.description).rawValue)
            }
        }
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
        guard let file else { return (documents, []) }
        let bytes = try Self.readFile(file)
        do {
            return (documents, try IgnoreList.parse(String(decoding: bytes, as: UTF8.self), file: file))
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
    }

    /// `--baseline`: a JSON report of an earlier scan, or an image (any IMAGE form) scanned here against the same
    /// database.
    func loadBaseline(_ reference: String, matcher: Matcher) async throws -> Baseline {
        if FileManager.default.fileExists(atPath: reference), !reference.hasPrefix("sbom:") {
            let bytes = try Self.readFile(reference)
            if bytes.first(where: { ![9, 10, 13, 32].contains($0) }) == UInt8(ascii: "{"),
                let report = try? Baseline(report: bytes, file: reference)
            {
                return report
            }
        }
        let queries = try await packages(of: reference)
        do {
            return Baseline(source: reference, entries: try matcher.match(queries).map(BaselineEntry.init))
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
    }

    /// The packages to check: from a stored SBOM, or from the image's layers (the `sbom` inventory).
    func packages(of image: String) async throws -> [PackageQuery] {
        if image.hasPrefix("sbom:") {
            let file = String(image.dropFirst(5))
            do {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
                return try SBOMReader.queries(bytes, file: file)
            } catch let error as DatabaseError {
                throw ExitCode(fail(error.description).rawValue)
            } catch {
                throw ExitCode(fail("cannot read '\(file)': \(error)").rawValue)
            }
        }
        let progress = InspectProgress.forStandardError()
        do {
            let (resolved, source) = try await InspectImages.open(
                image, platform: platform, registry: registry.sourceFactory())
            let metadata = ResolvedImageLayers.metadata(of: resolved)
            let inventory = try await ImageAnalyzer.inventory(
                metadata, layers: ResolvedImageLayers(image: resolved, source: source, verify: false),
                parallelism: ProcessInfo.processInfo.activeProcessorCount, progress: progress)
            progress?(-1, 0)
            let history = metadata.config.layerHistory.map(\.createdBy)
            let (queries, unmatched) = PackageQuery.queries(
                from: inventory, baseLayers: PackageQuery.baseLayerCount(createdBy: history))
            for note in inventory.notes.prefix(5) { printError("shipshape: note: \(note)") }
            if let first = unmatched.first {
                printError("shipshape: \(unmatched.count) packages not checked, e.g. \(first)")
            }
            return queries
        } catch {
            progress?(-1, 0)
            throw ExitCode(fail(InspectImages.describe(error)).rawValue)
        }
    }

    func explainMatches(_ id: String, queries: [PackageQuery], matcher: Matcher) throws {
        var printed = 0
        for query in queries {
            let candidates: [String]
            do {
                candidates = try matcher.explain(query, id: id)
            } catch {
                throw ExitCode(fail(error.description).rawValue)
            }
            if candidates.contains(where: { $0.hasPrefix("no record") }) && query.ownedBy == nil { continue }
            if query.ownedBy != nil && candidates.count <= 2 { continue }
            print("\(query.name) \(query.version) (\(query.ecosystem)):")
            for line in candidates { print("  " + line) }
            printed += 1
        }
        if printed == 0 { print("no package in \(image) has a record \(id) in the database") }
    }
}
