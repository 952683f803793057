import ArgumentParser
import Findings
import FoundationEssentials
import ImageFormat
import Lint

/// `shipshape lint [PATH…]`: lint Dockerfiles and Containerfiles.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint Dockerfiles and Containerfiles against the practices.",
        discussion: """
            PATHs are files or directories (searched recursively for Dockerfile, Dockerfile.*, Dockerfile-*, \
            *.Dockerfile, *_Dockerfile, *.dockerfile and Containerfile*, not templates such as *.template, *.tmpl, \
            *.j2 or *.in, skipping .git, .build, node_modules and what .gitignore ignores); a named directory \
            without a Dockerfile is an error; '-' reads standard input; no PATH lints the current directory. The \
            number of files linted goes to stderr. Configuration comes from the nearest .shipshape.yml above each \
            Dockerfile, or --config. Exit codes: 0 no finding at or above the failure threshold (default: \
            warning); 1 findings at or above it (with --diff: fixes to apply); 2 unreadable input, a named \
            directory without Dockerfiles, or bad configuration; 64 bad usage.
            """)

    @Argument(help: "Dockerfiles or directories to lint; '-' for standard input.")
    var paths: [String] = []

    @OptionGroup var report: ReportOptions

    @Option(help: "Configuration file (default: the nearest .shipshape.yml above each Dockerfile).")
    var config: String?

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, info or none. Default: warning.")
    var failOn: String?

    @Flag(help: "Apply the safe fixes in place, then report what remains.")
    var fix = false

    @Flag(help: "Print the safe fixes as a unified diff instead of applying them.")
    var diff = false

    @Option(help: "The file name to report for standard input.")
    var stdinName = "<stdin>"

    @Option(
        help: ArgumentHelp(
            "The day end-of-life bases are judged against, YYYY-MM-DD (default: $SHIPSHAPE_TODAY, else today, UTC).",
            valueName: "date"))
    var today: String?

    /// The pinned day: `--today`, else a valid SHIPSHAPE_TODAY; nil for the clock.
    func pinnedToday() throws -> CalendarDate? {
        if let today {
            guard let date = CalendarDate(iso: today) else {
                throw ValidationError("--today '\(TerminalText.escaped(today))' is not a date (use YYYY-MM-DD)")
            }
            return date
        }
        switch LintToday.fromEnvironment() {
        case .success(let date): return date
        case .failure(let error): throw ValidationError(error.description)
        case nil: return nil
        }
    }

    func validate() throws {
        _ = try report.reportFormat()
        if let failOn, FailureThreshold(rawValue: failOn) == nil {
            throw ValidationError("unknown --fail-on '\(failOn)' (use error, warning, info or none)")
        }
        if fix && diff { throw ValidationError("--fix and --diff cannot be used together") }
        _ = try pinnedToday()
    }

    func run() async throws {
        let format = try report.reportFormat()
        let pinned = try pinnedToday()
        var inputError = false
        var explicitConfiguration: Configuration?
        if let config {
            do {
                explicitConfiguration = try ConfigurationFile.load(config)
            } catch {
                throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
            }
        }
        // Inputs, in order: (display path, file path or nil for stdin).
        var inputs: [(display: String, path: String?)] = []
        for path in paths.isEmpty ? ["."] : paths {
            if path == "-" {
                inputs.append((stdinName, nil))
                continue
            }
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("shipshape: cannot read '\(path)': no such file or directory")
                inputError = true
                continue
            }
            if isDirectory {
                let found = Discovery.dockerfiles(under: path)
                if found.isEmpty {
                    // A folder the user named that holds no Dockerfile is a mistake (a wrong path, a pattern the
                    // discovery does not know); the implicit "." of a bare `shipshape lint` only says so.
                    printError("shipshape: no Dockerfiles under '\(path)'")
                    if !paths.isEmpty { inputError = true }
                }
                for file in found {
                    // A discovered Dockerfile that links out of the tree is not read (issue 18).
                    guard TreeBoundary.contains(file, root: path) else {
                        printError("shipshape: \(TreeBoundary.outside(file, root: path))")
                        inputError = true
                        continue
                    }
                    inputs.append((Self.display(file), file))
                }
            } else {
                inputs.append((Self.display(path), path))
            }
        }

        let linter = Linter()
        var configurations: [String: Configuration] = [:]
        var summaries: [LintSummary] = []
        var findings: [Finding] = []
        var thresholds: [String: FailureThreshold] = [:]
        var diffs = ""
        var toLint: [LintInput] = []
        for input in inputs {
            let directory = input.path.map { PathText.deletingLastComponent($0) } ?? ""
            var configuration: Configuration
            if let explicitConfiguration {
                configuration = explicitConfiguration
            } else {
                let key = directory.isEmpty ? "." : directory
                if let cached = configurations[key] {
                    configuration = cached
                } else if let found = ConfigurationFile.find(from: key) {
                    do {
                        configuration = try ConfigurationFile.loadFound(found)
                    } catch {
                        printError("shipshape: \(error)")
                        throw ExitCode(Exit.badInput.rawValue)
                    }
                    configurations[key] = configuration
                } else {
                    configuration = Configuration()
                    configurations[key] = configuration
                }
            }
            if let pinned { configuration.today = pinned }
            let text: String
            if let path = input.path {
                let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? UInt).map { Int($0) }
                if let size, size > Linter.maxDockerfileSize {
                    printError(
                        "shipshape: '\(path)' is \(size) bytes, over the limit of \(Linter.maxDockerfileSize) bytes "
                            + "for a Dockerfile; not linted")
                    inputError = true
                    continue
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    printError("shipshape: cannot read '\(path)'")
                    inputError = true
                    continue
                }
                text = String(decoding: data, as: UTF8.self)
            } else {
                let data = StandardInput.readAll(upTo: Linter.maxDockerfileSize + 1)
                if data.count > Linter.maxDockerfileSize {
                    printError(
                        "shipshape: standard input is over the limit of \(Linter.maxDockerfileSize) bytes for a "
                            + "Dockerfile; not linted")
                    inputError = true
                    continue
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let probe: (any BuildContextProbe)? = input.path.map { _ in BuildDirectory(directory: directory) }
            thresholds[input.display] = failOn.flatMap(FailureThreshold.init) ?? configuration.failOn ?? .warning

            if fix || diff {
                let (fixed, remaining) = Fixer.fix(
                    text, path: input.display, linter: linter, configuration: configuration, buildContext: probe)
                if diff {
                    diffs += UnifiedDiff.make(
                        old: text, new: fixed, oldName: "a/\(input.display)", newName: "b/\(input.display)")
                    continue
                }
                if fixed != text {
                    if let path = input.path {
                        do {
                            try fixed.write(toFile: path, atomically: true, encoding: .utf8)
                        } catch {
                            printError("shipshape: cannot write '\(path)': \(errorReason(error))")
                            inputError = true
                        }
                    } else {
                        StandardOutput.write(fixed)
                        continue
                    }
                }
                findings += remaining
                summaries.append(
                    LintSummary(
                        LintContext(
                            path: input.display, source: SourceText(fixed), dockerfile: DockerfileModel(parsing: fixed),
                            configuration: configuration, buildContext: probe)))
                continue
            }
            toLint.append(LintInput(text: text, path: input.display, configuration: configuration, buildContext: probe))
        }
        // Parsing and linting run on every core; the results come back in input order.
        for (summary, found) in await linter.lint(toLint, width: ProcessInfo.processInfo.activeProcessorCount) {
            summaries.append(summary)
            findings += found
        }

        if diff {
            StandardOutput.write(diffs)
            if inputError { throw ExitCode(Exit.badInput.rawValue) }
            if !diffs.isEmpty { throw ExitCode(Exit.findings.rawValue) }
            return
        }
        let count = summaries.count
        printError("shipshape: linted \(count) \(count == 1 ? "Dockerfile" : "Dockerfiles")")
        findings.sort(by: Linter.fileOrder)
        let output = Report(findings: findings, rules: RuleRegistry.descriptors, toolVersion: ShipshapeVersion.current)
            .rendered(as: format, color: report.color.enabled)
        StandardOutput.write(output)
        if inputError { throw ExitCode(Exit.badInput.rawValue) }
        let failed = findings.contains { finding in
            (thresholds[finding.file ?? ""] ?? .warning).fails(finding.severity)
        }
        if failed { throw ExitCode(Exit.findings.rawValue) }
    }

    /// Paths as the user would write them: without a leading `./`.
    static func display(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") && path.count > 2 { path.removeFirst(2) }
        return path
    }
}
