import ArgumentParser
import Findings
import FoundationEssentials
import ImageAnalysis
import ImageFormat
import Packages
import Registry
import Vulnerabilities

/// `shipshape inspect IMAGE`: layers, exact waste and the image-level checks of every practice.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Analyse a built image: layers, exact waste, and the image checks of every practice.",
        discussion: """
            IMAGE is docker-archive:PATH, oci:PATH[:TAG], oci-archive:PATH[:TAG], docker://REF or a registry \
            reference, or a bare path (detected from its content). No Docker daemon is used. Exit codes: 0 no finding at or above the failure threshold \
            (default: warning); 1 findings at or above it; 2 the image could not be read or is damaged (the message \
            names the file, layer and entry); 64 bad usage. With a vulnerability database ($SHIPSHAPE_DB, else the \
            XDG cache's shipshape/osv.db; see 'shipshape db') the packages' known vulnerabilities are findings of the \
            vulnerabilities practice, as 'shipshape scan' reports them; without one, the report says how to get it.
            """)

    @Argument(help: "The image to inspect.")
    var image: String

    @Option(help: "Output format: text, json, sarif, github, html (one self-contained page) or markdown.")
    var format: String = "text"

    @Option(help: "Colour in text output: auto (on a terminal), always or never.")
    var color: String = "auto"

    @Option(help: "The platform to pick from a multi-platform image, e.g. linux/arm64 (default: the host's).")
    var platform: String?

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, info or none. Default: warning.")
    var failOn: String = "warning"

    @Option(help: "Largest acceptable shadowed waste: bytes (50MB, 10MiB) or a percentage of stored content (10%).")
    var maxWaste: String?

    @Option(help: "Configuration file (YAML; an 'inspect:' section with maxWaste, trustedRegistries, disable).")
    var config: String?

    @Flag(help: "Check every blob digest and layer DiffID while reading (local archives are trusted otherwise).")
    var verify = false

    @OptionGroup var registry: RegistryOptionsGroup

    func validate() throws {
        guard ["text", "json", "sarif", "github", "html", "markdown"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text, json, sarif, github, html or markdown)")
        }
        guard ["auto", "always", "never"].contains(color) else {
            throw ValidationError("unknown --color '\(color)' (use auto, always or never)")
        }
        guard FailureThreshold(rawValue: failOn) != nil else {
            throw ValidationError("unknown --fail-on '\(failOn)' (use error, warning, info or none)")
        }
        if let maxWaste {
            do { _ = try WasteThreshold(parsing: maxWaste) } catch { throw ValidationError(error.description) }
        }
        if let platform {
            do { _ = try Platform(parsing: platform) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        var options = AnalysisOptions(
            now: Int64(Date().timeIntervalSince1970), parallelism: ProcessInfo.processInfo.activeProcessorCount)
        if let config {
            do {
                let text = try String(contentsOfFile: config, encoding: .utf8)
                let settings = try InspectConfiguration(yaml: text, file: config)
                if let threshold = settings.maxWaste { options.maxWaste = threshold }
                options.trustedRegistries = settings.trustedRegistries
                options.disabledRules = settings.disabledRules
            } catch let error as AnalysisError {
                throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
            } catch {
                throw ExitCode(
                    fail("cannot read the configuration '\(config)': \(error)", code: Exit.badInput).rawValue)
            }
        }
        if let maxWaste { options.maxWaste = try WasteThreshold(parsing: maxWaste) }
        // The database is opened before the layers are read; without one nothing changes (not even the pass).
        let database = try InspectVulnerabilities.openDatabase()
        options.packageOwnership = database != nil
        let progress = InspectProgress.forStandardError()
        var report: ImageReport
        do {
            let (image, source) = try await InspectImages.open(
                image, platform: platform, registry: registry.sourceFactory())
            var metadata = ResolvedImageLayers.metadata(of: image)
            let reference = InspectImages.registryReference(self.image)
            if let reference { metadata.tags = InspectImages.tags(of: reference) }
            report = try await ImageAnalyzer.analyze(
                metadata,
                layers: ResolvedImageLayers(image: image, source: source, verify: verify), options: options,
                progress: progress)
            progress?(-1, 0)
            if reference?.usesImplicitLatest == true {
                for index in report.findings.indices where report.findings[index].rule == ImageRules.latestTag.id {
                    report.findings[index].message = "the reference names no tag or digest: 'latest' is implied"
                }
            }
        } catch {
            progress?(-1, 0)
            throw ExitCode(fail(InspectImages.describe(error), code: Exit.badInput).rawValue)
        }
        let vulnerabilities = try InspectVulnerabilities.section(report, database: database)
        report.add(vulnerabilities: vulnerabilities.section)
        if database == nil, format == "sarif" || format == "github" {
            printError("shipshape: note: vulnerabilities not checked: no database; \(InspectVulnerabilities.advice)")
        }
        switch format {
        case "json":
            InspectOutput.write(report.json.rendered() + "\n")
        case "sarif":
            let sarif = Report(
                findings: report.findings, rules: ImageRules.all + vulnerabilities.rules,
                toolVersion: ShipshapeVersion.current)
            InspectOutput.write(sarif.rendered(as: .sarif))
        case "github":
            let github = Report(findings: report.findings, rules: [], toolVersion: ShipshapeVersion.current)
            InspectOutput.write(github.rendered(as: .github))
        case "html":
            InspectOutput.write(report.html(toolVersion: ShipshapeVersion.current))
        case "markdown":
            InspectOutput.write(report.markdown())
        default:
            let useColor = color == "always" || (color == "auto" && Terminal.isTerminal(1))
            InspectOutput.write(report.text(color: useColor))
        }
        let threshold = FailureThreshold(rawValue: failOn) ?? .warning
        if report.findings.contains(where: { threshold.fails($0.severity) }) { throw Exit.findings }
    }
}

/// `inspect`'s vulnerability findings: the packages of its inventory matched against the local database, as `scan`
/// matches them (no suppressions: those are `scan`'s).
enum InspectVulnerabilities {
    static let advice =
        "run 'shipshape db update' (or 'shipshape db import all.zip' on a machine without a network), then inspect "
        + "again or run 'shipshape scan'"

    /// The database at `$SHIPSHAPE_DB` (or the XDG default), nil when there is none; a damaged one is exit 2.
    static func openDatabase() throws -> VulnerabilityDatabase? {
        do {
            return try VulnerabilityDatabase(path: DbOutput.path)
        } catch .missing {
            return nil
        } catch {
            throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
        }
    }

    static func section(_ report: ImageReport, database: VulnerabilityDatabase?) throws -> (
        section: VulnerabilitySection, rules: [RuleDescriptor]
    ) {
        guard let database else {
            return (VulnerabilitySection(database: nil, advice: advice, packagesChecked: 0, items: []), [])
        }
        let inventory = report.packages ?? PackageInventory()
        let history = report.layers.map(\.createdBy)
        let (queries, _) = PackageQuery.queries(
            from: inventory, baseLayers: PackageQuery.baseLayerCount(createdBy: history))
        let matches: [VulnerabilityMatch]
        do {
            matches = try Matcher(database: database).match(queries)
        } catch {
            throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
        }
        let summary = ScanReport.databaseSummary(database)
        let scan = ScanReport(
            matches: matches, packagesChecked: queries.count, databaseSummary: summary,
            toolVersion: ShipshapeVersion.current)
        let items = matches.map { match in
            VulnerabilityItem(
                finding: ScanReport.finding(match), id: match.id, aliases: match.aliases,
                ecosystem: match.package.ecosystem, package: match.package.name,
                installedVersion: match.package.version, fixedVersion: match.fixedVersion,
                severity: match.severity.rawValue, score: match.score, createdBy: match.package.createdBy,
                advice: match.advice, details: ScanReport.vulnerabilityJSON(match))
        }
        return (VulnerabilitySection(database: summary, packagesChecked: queries.count, items: items), scan.rules)
    }
}

/// Opening an IMAGE argument: parse, open the source, resolve the platform.
enum InspectImages {
    static func open(
        _ argument: String, platform: String?, registry: @escaping @Sendable (String) async throws -> any ImageSource
    ) async throws -> (ResolvedImage, any ImageSource) {
        let location = try ImageLocation(parsing: argument) { FileManager.default.fileExists(atPath: $0) }
        let source = try await ImageSources.open(location, registry: registry)
        let wanted = try platform.map { try Platform(parsing: $0) }
        let image = try await ImageResolver.resolve(source, platform: wanted)
        return (image, source)
    }

    /// The registry reference IMAGE names, if it names one.
    static func registryReference(_ argument: String) -> RegistryReference? {
        let location = try? ImageLocation(parsing: argument) { FileManager.default.fileExists(atPath: $0) }
        guard case .registry(let text) = location else { return nil }
        return try? RegistryReference(parsing: text)
    }

    /// The tags a registry reference names, for the `tagging` check (SS1092): its tag; `latest` when it names
    /// neither tag nor digest (`latest` is implied, issue 5); none known when pinned by digest.
    static func tags(of reference: RegistryReference) -> [String]? {
        if let tag = reference.tag { return [tag] }
        return reference.digest == nil ? ["latest"] : nil
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

/// "layer 3/7" on stderr, rewritten in place, only when stderr is a terminal.
enum InspectProgress {
    static func forStandardError() -> (@Sendable (Int, Int) -> Void)? {
        guard Terminal.isTerminal(2) else { return nil }
        return { done, total in
            if done < 0 {
                FileHandleStderr.write("\r\u{1B}[K")
            } else {
                FileHandleStderr.write("\rreading layers: \(done)/\(total)")
            }
        }
    }
}

/// Results on standard output, whole.
enum InspectOutput {
    static func write(_ text: String) {
        FileDescriptorText.write(text, to: 1)
    }
}
