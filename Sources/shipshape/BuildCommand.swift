import ArgumentParser
import Findings
import FoundationEssentials
import ImageAnalysis
import ImageBuild
import ImageFormat
import Packages
import Registry

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Assemble a minimal, reproducible image from files onto scratch or a base.",
        discussion: """
            Example: shipshape build --add ./app:/app --entrypoint /app --init --output oci:out:1.0
            --output registry.example.com/app:1.0 (or docker://…) pushes the image and every --tag to the registry, \
            skipping blobs it has and mounting the base's from its repository on the same registry.
            Prints the image (manifest) digest. Reproducible: mtimes and 'created' come from SOURCE_DATE_EPOCH \
            (or 0), owners, modes and entry order are normalised, gzip headers fixed, JSON keys sorted.
            """)

    @Option(
        name: .long,
        help: "The base image: scratch (the default) or any IMAGE; its layers are reused byte for byte.")
    var base: String = "scratch"

    @OptionGroup var registry: RegistryOptionsGroup
    @OptionGroup var login: RegistryLoginOptions

    @Option(name: .long, help: "SRC:DEST[:MODE] to add (repeatable); directories recursively, symlinks as links.")
    var add: [String] = []

    @Option(name: .long, help: "The entrypoint in exec form: a JSON array, or one argument per repetition.")
    var entrypoint: [String] = []

    @Option(name: .long, help: "The command in exec form: a JSON array, or one argument per repetition.")
    var cmd: [String] = []

    @Option(name: .long, help: "The user the container runs as.")
    var user: String = "65532:65532"

    @Option(name: .long, help: "UID:GID of the added files (default: the numeric --user, else 0:0).")
    var owner: String?

    @Option(name: .long, help: "NAME=VALUE (repeatable).")
    var env: [String] = []

    @Option(name: .long, help: "The working directory (absolute).")
    var workdir: String?

    @Option(name: .long, help: "KEY=VALUE (repeatable).")
    var label: [String] = []

    @Option(name: .long, help: "PORT[/PROTO] (repeatable).")
    var expose: [String] = []

    @Option(name: .long, help: "The signal that stops the container (SIGTERM, SIGINT, …).")
    var stopSignal: String?

    @Option(name: .long, help: "os/arch[/variant]; added ELF binaries must match it (default: this machine's).")
    var platform: String?

    @Flag(name: .long, help: "Embed shipshape-init and run it as PID 1 in front of the entrypoint.")
    var `init` = false

    @Option(name: .long, help: "The shipshape-init executable to embed (implies --init).")
    var initBinary: String?

    @Option(name: .long, help: "per-add (one layer per --add, the default) or one.")
    var layers: String = "per-add"

    @Option(name: .long, help: "gzip (the default), zstd or none.")
    var compression: String = "gzip"

    @Option(
        name: .long,
        help: "The compression level: gzip 1 (fastest) to 9 (smallest), default 6; zstd 1 to 19, default 3.")
    var compressionLevel: Int32?

    @Flag(name: .long, help: "Allow dynamically linked executables whose loader or libraries the image lacks.")
    var allowDynamic = false

    @Option(
        name: .long,
        help:
            "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE, or a registry: docker://REF or REGISTRY/REPO[:TAG]."
    )
    var output: String

    @Option(name: .long, help: "A tag to give the image (repeatable); NAME:TAG for docker-archive.")
    var tag: [String] = []

    @Flag(name: .long, help: "Add the tags `shipshape tags` computes from git.")
    var tagsFromGit = false

    @Option(name: .long, help: "The org.opencontainers.image.version label (default: the version tag on HEAD).")
    var version: String?

    @Option(name: .long, help: "The org.opencontainers.image.revision label (default: the HEAD commit).")
    var revision: String?

    @Flag(name: .long, help: "Do not read git for the version, revision and source labels.")
    var noGit = false

    @Option(name: .long, help: "Also write the SBOM of the built image to this file (as `shipshape sbom` lists it).")
    var sbom: String?

    @Option(name: .long, help: "The --sbom file's format: cyclonedx (the default), spdx, json or text.")
    var sbomFormat: String = "cyclonedx"

    @Option(name: .long, help: "The image name for docker-archive tags given without one (default: the file's name).")
    var name: String?

    func run() async throws {
        guard let chosenSbomFormat = SBOMDocument.Format(rawValue: sbomFormat) else {
            throw ExitCode(
                fail("unknown --sbom-format '\(sbomFormat)' (use cyclonedx, spdx, json or text)", code: Exit.usage)
                    .rawValue)
        }
        if let sbom, sbom.isEmpty { throw ExitCode(fail("--sbom needs a file name", code: Exit.usage).rawValue) }
        // The image is built first; its SBOM is read back from where it was written (IMAGE as `sbom` takes it).
        var built: String?
        do {
            let outputLocation = try ImageLocation(parsing: output) { _ in false }
            let baseLocation = try baseLocation()
            let access = registry.access(
                explicit: try login.credentials(for: [outputLocation] + (baseLocation.map { [$0] } ?? [])))
            // --tags-from-git pushing to a registry: the repository's tags count as existing, as for
            // `shipshape tags --repository`, so a back-port does not move latest there.
            var registryTags: [String] = []
            if tagsFromGit, case .registry(let text) = outputLocation,
                (try? CopyEndpoints.checkWritable(output, outputLocation)) != nil
            {
                registryTags = try await TagsCommand.existingTags(
                    of: try RegistryReference(parsing: text).with(tag: nil), access: access)
            }
            let plan = try makeSpec(registryTags: registryTags)
            var spec = plan.spec
            if plan.impliesLatest, case .registry(let reference) = plan.target {
                let warning = ImplicitLatest.warning(reference)
                printError(warning.message, hint: warning.hint)
            }
            if case .registry(let text) = baseLocation, let reference = try? RegistryReference(parsing: text),
                reference.usesImplicitLatest
            {
                let warning = ImplicitLatest.warning(reference)
                printError(warning.message, hint: warning.hint)
            }
            var baseSource: (any ImageSource)?
            if let baseLocation {
                baseSource = try await ImageSources.open(baseLocation, registry: access.sourceFactory)
            }
            if let baseSource {
                spec.base = try await BuildCommand.loadBase(baseSource, name: base, platform: spec.platform)
            }
            switch plan.target {
            case .local(let output):
                let result = try await ImageBuilder.build(spec: spec, output: output, tags: plan.tags)
                print(result.manifest.digest.description)
                built = self.output
            case .registry(let reference):
                var mounts: [String] = []
                if let registryBase = baseSource as? RegistrySource,
                    registryBase.reference.registry == reference.registry
                {
                    mounts.append(registryBase.reference.repository)
                }
                let destination = RegistryDestination(
                    reference: reference, client: try access.client(for: reference), mountSources: mounts)
                let result = try await BuildCommand.withStagingDirectory { directory in
                    try await ImageBuilder.build(
                        spec: spec, output: .destination(destination, stagingDirectory: directory), tags: plan.tags)
                }
                let stats = destination.statistics
                printError(
                    "shipshape: pushed to docker://\(reference.registry)/\(reference.repository)"
                        + " (\(plan.tags.joined(separator: ", "))): \(stats.uploaded) blobs uploaded"
                        + " (\(stats.uploadedBytes) bytes), \(stats.mounted) mounted, \(stats.present) already there")
                print(result.manifest.digest.description)
                built = "docker://\(reference.registry)/\(reference.repository)@\(result.manifest.digest)"
            }
            if let sbom, let built {
                try await writeSBOM(
                    of: built, platform: spec.platform, to: sbom, format: chosenSbomFormat, access: access)
            }
        } catch let error as BuildError {
            throw ExitCode(fail(error.description, code: BuildCommand.exitCode(error)).rawValue)
        } catch let error as TagError {
            throw ExitCode(fail(error.description, code: Exit.usage).rawValue)
        } catch let error as ImageFormatError {
            throw ExitCode(fail(error.description, code: Exit.usage).rawValue)
        } catch let error as RegistryError {
            if case .invalidReference = error { throw ExitCode(fail(error.description, code: Exit.usage).rawValue) }
            throw ExitCode(fail(error.description).rawValue)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw ExitCode(fail("\(error)").rawValue)
        }
    }

    /// `--sbom`: the built image's inventory, written as `format`; a failure here is the image's (exit 2), the build
    /// itself having succeeded.
    func writeSBOM(
        of image: String, platform: Platform, to path: String, format: SBOMDocument.Format, access: RegistryAccess
    ) async throws {
        do {
            let document = try await SbomCommand.document(
                of: image, platform: platform.description, registry: access.sourceFactory, verify: false)
            try SbomCommand.write(document.rendered(as: format, color: false), to: path)
        } catch {
            throw ExitCode(
                fail("the SBOM of the built image: \(InspectImages.describe(error))", code: Exit.badInput).rawValue)
        }
    }

    /// Where the base image is, or nil for scratch.
    func baseLocation() throws -> ImageLocation? {
        guard base != "scratch" else { return nil }
        return try ImageLocation(parsing: base) { FileManager.default.fileExists(atPath: $0) }
    }

    /// A private temporary directory for the layers of a registry push, removed afterwards.
    static func withStagingDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory: String
        do { directory = try TemporaryDirectories.make(prefix: "shipshape-build") } catch {
            throw BuildError.unreadable(
                path: FileManager.default.temporaryDirectory.path, reason: "cannot create a staging directory: \(error)"
            )
        }
        defer { TemporaryDirectories.remove(directory) }
        return try await body(directory)
    }

    /// Resolves the base for the build's platform and lists its layers' entries for the checks.
    static func loadBase(_ source: any ImageSource, name: String, platform: Platform) async throws -> BaseImage {
        let image = try await ImageResolver.resolve(source, platform: platform)
        var layers: [(descriptor: Descriptor, location: BlobLocation)] = []
        for layer in image.layers {
            layers.append((layer.descriptor, try await source.locate(layer.descriptor)))
        }
        let entries = try await ImageLayers.forEachLayer(of: image, from: source) { _, reader in
            var list: [TarEntry] = []
            while let entry = try reader.next() { list.append(entry) }
            return list
        }
        return BaseImage(
            name: name, manifestDigest: image.manifestDescriptor.digest, configuration: image.configuration,
            layers: layers, entries: entries.map(\.result))
    }

    static func exitCode(_ error: BuildError) -> ExitCode {
        switch error {
        case .invalidAddition, .invalidOption, .baseUnsupported: Exit.usage
        case .platformMismatch, .dynamicExecutable, .entrypointMissing, .entrypointNotExecutable, .noCommand:
            Exit.findings
        case .unreadable, .unsupportedFile, .changedWhileReading, .initBinaryMissing: Exit.badInput
        }
    }

    /// `["a","b"]` when the only value is a JSON array, else the values as given.
    static func execForm(_ values: [String], option: String) throws(BuildError) -> [String]? {
        guard !values.isEmpty else { return nil }
        if values.count == 1, values[0].trimmingWhitespace().hasPrefix("[") {
            guard let data = values[0].data(using: .utf8),
                let array = try? JSONDecoder().decode([String].self, from: data)
            else {
                throw .invalidOption(name: option, value: values[0], reason: "not a JSON array of strings")
            }
            return array
        }
        return values
    }

    /// What `makeSpec` gives `run`: the spec, where the image goes and under which tags.
    struct Plan {
        enum Target {
            case local(BuildOutput)
            case registry(RegistryReference)
        }
        var spec: BuildSpec
        var target: Target
        var tags: [String]
        /// A registry output with no tag from anywhere: pushed as `latest`, with a `tagging` warning.
        var impliesLatest = false
    }

    func makeSpec(registryTags: [String] = []) throws -> Plan {
        let platformValue = try platform.map { (text) throws(ImageFormatError) in try Platform(parsing: text) } ?? .host
        var spec = BuildSpec(platform: platformValue)
        spec.additions = try add.map { (text) throws(BuildError) in try Addition(parsing: text) }
        spec.entrypoint = try BuildCommand.execForm(entrypoint, option: "--entrypoint")
        spec.cmd = try BuildCommand.execForm(cmd, option: "--cmd")
        spec.user = user
        if let owner {
            let parts = owner.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let uid = Int(parts[0]), let gid = Int(parts[1]), uid >= 0, gid >= 0 else {
                throw BuildError.invalidOption(name: "--owner", value: owner, reason: "expected numeric UID:GID")
            }
            spec.owner = (uid, gid)
        }
        spec.environment = env
        spec.workingDirectory = workdir
        for entry in label {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw BuildError.invalidOption(name: "--label", value: entry, reason: "expected KEY=VALUE")
            }
            spec.labels[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        spec.exposedPorts = expose
        spec.stopSignal = stopSignal
        guard let layering = Layering(rawValue: layers) else {
            throw BuildError.invalidOption(name: "--layers", value: layers, reason: "expected per-add or one")
        }
        spec.layering = layering
        guard let compressionValue = LayerCompression(rawValue: compression) else {
            throw BuildError.invalidOption(
                name: "--compression", value: compression, reason: "expected gzip, zstd or none")
        }
        spec.compression = compressionValue
        if let level = compressionLevel {
            guard let levels = LayerWriter.levels(compressionValue), levels.contains(level) else {
                let accepted = LayerWriter.levels(compressionValue).map {
                    "\(compression) takes \($0.lowerBound) to \($0.upperBound)"
                }
                throw BuildError.invalidOption(
                    name: "--compression-level", value: String(level),
                    reason: accepted ?? "uncompressed layers have no level")
            }
            spec.compressionLevel = level
        }
        let engineName = ProcessInfo.processInfo.environment[GzipEngine.environmentVariable]
        do {
            spec.gzipEngine = try GzipEngine.named(engineName)
        } catch {
            throw BuildError.invalidOption(
                name: GzipEngine.environmentVariable, value: engineName ?? "", reason: error.description)
        }
        if compressionValue == .gzip, engineName?.isEmpty ?? true, let reason = GzipEngine.libdeflateUnavailable {
            // The fallback changes the layer digests, so it is said, not silent.
            printError(
                "shipshape: gzip layers are compressed with zlib, since libdeflate is not available (\(reason)); "
                    + "their digests differ from a build with libdeflate. Install libdeflate0, or set "
                    + "\(GzipEngine.environmentVariable)=zlib to choose zlib.")
        }
        spec.allowDynamic = allowDynamic
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            guard let value = Int64(epoch), value >= 0 else {
                throw BuildError.invalidOption(
                    name: "SOURCE_DATE_EPOCH", value: epoch, reason: "expected a non-negative number of seconds")
            }
            spec.sourceDateEpoch = value
        }
        if self.`init` || initBinary != nil { spec.initBinary = try BuildCommand.findInit(initBinary) }

        var tags = tag
        var git: GitState?
        if !noGit { git = try? GitState.read(directory: FileManager.default.currentDirectoryPath) }
        spec.version = try version.map { (text) throws(TagError) in try SemanticVersion(text) } ?? git?.version
        spec.revision = revision ?? git?.head
        spec.sourceURL = git?.source
        BuildCommand.warnAboutTagging(spec)
        if tagsFromGit {
            guard let git else {
                throw BuildError.invalidOption(
                    name: "--tags-from-git", value: FileManager.default.currentDirectoryPath,
                    reason: "not inside a git repository with a commit")
            }
            let plan = try TagPlan(
                version: spec.version, revision: spec.revision, dirty: revision == nil && git.dirty,
                existingTags: git.allTags + registryTags)
            tags += plan.tags.map(\.value)
        }

        let location = try ImageLocation(parsing: output) { _ in false }
        do { try CopyEndpoints.checkWritable(output, location) } catch {
            throw BuildError.invalidOption(name: "--output", value: output, reason: error.description)
        }
        let target: Plan.Target
        var impliesLatest = false
        switch location {
        case .oci(let path, let outputTag):
            target = .local(.oci(directory: path))
            if let outputTag { tags.insert(outputTag, at: 0) }
            for value in tags { _ = try Tag(value) }
        case .ociArchive(let path, let outputTag):
            target = .local(.ociArchive(path: path))
            if let outputTag { tags.insert(outputTag, at: 0) }
            for value in tags { _ = try Tag(value) }
        case .dockerArchive(let path):
            target = .local(.dockerArchive(path: path))
            let file = PathText.lastComponent(path)
            let imageName = name ?? PathText.deletingExtension(file).lowercased()
            tags = try tags.map { value in
                if value.contains(":") { return value }
                return "\(imageName):\(try Tag(value).value)"
            }
        case .registry(let text):
            let reference = try RegistryReference(parsing: text)
            guard reference.digest == nil else {
                throw BuildError.invalidOption(
                    name: "--output", value: output,
                    reason: "a build cannot be pushed to a digest (the digest is its result); name a tag")
            }
            if let outputTag = reference.tag { tags.insert(outputTag, at: 0) }
            for value in tags { _ = try Tag(value) }
            if tags.isEmpty {
                tags = ["latest"]
                impliesLatest = true
            }
            target = .registry(reference)
        case .localPath:
            throw BuildError.invalidOption(
                name: "--output", value: output,
                reason:
                    "expected oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE or a registry reference")
        }
        var unique: [String] = []
        for value in tags where !unique.contains(value) { unique.append(value) }
        return Plan(spec: spec, target: target, tags: unique, impliesLatest: impliesLatest)
    }

    /// Says on stderr, shaped like the finding, when the image will fail `inspect`'s tagging checks (SS1090,
    /// SS1091): no version or revision from the options, the labels or git.
    static func warnAboutTagging(_ spec: BuildSpec) {
        let missing: [(RuleDescriptor, String, String)] = [
            spec.version == nil && spec.labels[Annotation.version] == nil
                ? (ImageRules.versionLabel, "org.opencontainers.image.version", "--version 1.4.2") : nil,
            spec.revision == nil && spec.labels[Annotation.revision] == nil
                ? (ImageRules.revisionLabel, "org.opencontainers.image.revision", "--revision $(git rev-parse HEAD)")
                : nil,
        ].compactMap { $0 }
        for (rule, label, option) in missing {
            printError(
                "shipshape: warning: [\(rule.id) \(rule.name), \(rule.practice.rawValue)] the image gets no \(label) "
                    + "label (no \(option.split(separator: " ")[0]) and no git to read it from): `shipshape inspect` "
                    + "will report it", hint: "shipshape build \(option)")
        }
    }

    /// --init-binary, else $SHIPSHAPE_INIT, else beside this executable or in .build/init (scripts/build-init.sh).
    static func findInit(_ explicit: String?) throws(BuildError) -> String {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if explicit == nil {
            if let fromEnvironment = ProcessInfo.processInfo.environment["SHIPSHAPE_INIT"] {
                candidates.append(fromEnvironment)
            }
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let directory = executable.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("shipshape-init").path)
            candidates.append(directory.deletingLastPathComponent().appendingPathComponent("init/shipshape-init").path)
            candidates.append(
                directory.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("init/shipshape-init").path)
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw .initBinaryMissing(searched: candidates)
    }
}
