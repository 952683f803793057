import FoundationEssentials
import ImageAnalysis
import ImageFormat

/// Where a build goes.
public enum BuildOutput: Sendable {
    /// `oci:DIR[:TAG]`: layers are written straight into the layout and renamed into place.
    case oci(directory: String)
    /// `oci-archive:FILE`.
    case ociArchive(path: String)
    /// `docker-archive:FILE`.
    case dockerArchive(path: String)
    /// Any other destination (a registry): layers are staged in `stagingDirectory` first.
    case destination(any ImageDestination, stagingDirectory: String)
}

/// What a build produced.
public struct BuildResult: Sendable {
    public var manifest: Descriptor
    public var config: Descriptor
    public var configuration: ImageConfiguration
    public var layers: [BuiltLayer]
    /// Each layer's entries as written, bottom first (regular files name the host file their bytes came from).
    public var layerFiles: [[LayerFile]]
}

/// Assembles an image from files: collect and normalise, check, write each layer once (hashing and compressing
/// as it goes), then config, manifest and index through an `ImageDestination`.
public enum ImageBuilder {
    public static func build(spec: BuildSpec, output: BuildOutput, tags: [String]) async throws -> BuildResult {
        let mtime = spec.sourceDateEpoch
        var groups: [(label: String, files: [LayerFile])] = []
        if let initBinary = spec.initBinary {
            let size = try fileSize(initBinary)
            groups.append(
                (
                    "shipshape-init",
                    [
                        LayerFile(
                            entry: TarEntry(
                                path: String(BuildSpec.initPath.dropFirst()), kind: .regular, size: size, mode: 0o755,
                                modificationTime: mtime),
                            source: initBinary)
                    ]
                ))
        }
        for addition in spec.additions {
            let files = try FileCollector.collect(addition, owner: spec.fileOwner, mtime: mtime)
            groups.append(("add \(addition.destination)", files))
        }
        var layers: [(label: String, files: [LayerFile])]
        switch spec.layering {
        case .perAddition:
            layers = groups.map { ($0.label, FileCollector.layer([$0.files], mtime: mtime)) }
        case .one:
            layers =
                groups.isEmpty
                ? []
                : [
                    (
                        groups.map(\.label).joined(separator: ", "),
                        FileCollector.layer(groups.map(\.files), mtime: mtime)
                    )
                ]
        }

        let container = try containerConfig(spec)
        var baseFilesystem = MergedFilesystem()
        for entries in spec.base?.entries ?? [] { baseFilesystem.apply(entries) }
        try BuildChecks.run(spec: spec, config: container, layers: layers.map(\.files), base: baseFilesystem)

        let created = iso8601(spec.sourceDateEpoch)
        let staging = try Staging(output)
        defer { staging.cleanUp() }
        var built: [BuiltLayer] = []
        for layer in layers {
            built.append(
                try LayerWriter.write(
                    layer.files, to: staging.newFile(), compression: spec.compression, level: spec.compressionLevel,
                    gzipEngine: spec.gzipEngine))
        }
        let baseConfiguration = spec.base?.configuration
        let history =
            (baseConfiguration?.history ?? [])
            + layers.map { History(created: created, createdBy: "shipshape build: \($0.label)") }
        let configuration = ImageConfiguration(
            created: created, architecture: spec.platform.architecture, os: spec.platform.os,
            variant: spec.platform.variant, config: container,
            rootfs: RootFS(diffIDs: (baseConfiguration?.rootfs.diffIDs ?? []) + built.map(\.diffID)),
            history: history)
        let configBytes = try CanonicalJSON.encode(configuration)
        let configDescriptor = Descriptor(
            mediaType: MediaType.ociConfig, digest: digest(of: configBytes), size: Int64(configBytes.count))
        var annotations = automaticLabels(spec)
        annotations[Annotation.created] = created
        let baseLayers = spec.base?.layers ?? []
        let manifest = Manifest(
            config: configDescriptor, layers: baseLayers.map(\.descriptor) + built.map(\.descriptor),
            annotations: annotations)
        let manifestBytes = try CanonicalJSON.encode(manifest)
        var manifestDescriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: digest(of: manifestBytes), size: Int64(manifestBytes.count))

        let destination = staging.destination
        for (descriptor, location) in baseLayers where try await !destination.hasBlob(descriptor) {
            try await destination.putBlob(descriptor, from: location)
        }
        for layer in built {
            if let layout = destination as? OCILayoutDestination {
                try layout.adoptBlob(layer.descriptor, file: layer.file)
            } else if try await !destination.hasBlob(layer.descriptor) {
                try await destination.putBlob(
                    layer.descriptor, from: BlobLocation(path: layer.file, length: layer.descriptor.size))
            }
        }
        try await destination.putBlob(configDescriptor, bytes: configBytes)
        manifestDescriptor.platform = spec.platform
        try await destination.putManifest(manifestDescriptor, bytes: manifestBytes, tags: tags)
        try await destination.commit()
        return BuildResult(
            manifest: manifestDescriptor, config: configDescriptor, configuration: configuration, layers: built,
            layerFiles: layers.map(\.files))
    }

    /// The runtime config: the init (when asked) in front of the entrypoint, the labels set automatically.
    /// On a base, its config is the starting point, as Docker does: Env merged by name, a new entrypoint resets
    /// Cmd, labels and ports merged.
    static func containerConfig(_ spec: BuildSpec) throws(BuildError) -> ContainerConfig {
        var config = spec.base?.configuration.config ?? ContainerConfig()
        config.user = spec.user
        if let entrypoint = spec.entrypoint {
            config.entrypoint = entrypoint
            config.cmd = spec.cmd
        } else if let cmd = spec.cmd {
            config.cmd = cmd
        }
        if spec.initBinary != nil { config.entrypoint = [BuildSpec.initPath, "--"] + (config.entrypoint ?? []) }
        if config.entrypoint?.isEmpty == true { config.entrypoint = nil }
        var environment = config.env ?? []
        for entry in spec.environment {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw .invalidOption(name: "--env", value: entry, reason: "expected NAME=VALUE")
            }
            let name = entry[..<equals]
            environment.removeAll { $0 == name || $0.hasPrefix(name + "=") }
            environment.append(entry)
        }
        config.env = environment.isEmpty ? nil : environment
        if let directory = spec.workingDirectory {
            guard directory.hasPrefix("/") else {
                throw .invalidOption(name: "--workdir", value: directory, reason: "it must be an absolute path")
            }
            config.workingDir = directory
        }
        var labels = config.labels ?? [:]
        labels.merge(automaticLabels(spec)) { $1 }
        labels[Annotation.created] = iso8601(spec.sourceDateEpoch)
        labels.merge(spec.labels) { $1 }
        config.labels = labels
        if !spec.exposedPorts.isEmpty {
            var ports: [String: EmptyObject] = config.exposedPorts ?? [:]
            for port in spec.exposedPorts { ports[try exposedPort(port)] = EmptyObject() }
            config.exposedPorts = ports
        }
        if let signal = spec.stopSignal { config.stopSignal = signal }
        return config
    }

    /// `8080`, `8080/tcp`, `53/udp` → `PORT/PROTO`.
    static func exposedPort(_ value: String) throws(BuildError) -> String {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let port = Int(parts[0]), (1...65535).contains(port) else {
            throw .invalidOption(name: "--expose", value: value, reason: "expected PORT[/tcp|udp|sctp], PORT 1-65535")
        }
        let proto = parts.count == 2 ? parts[1].lowercased() : "tcp"
        guard ["tcp", "udp", "sctp"].contains(proto) else {
            throw .invalidOption(name: "--expose", value: value, reason: "the protocol must be tcp, udp or sctp")
        }
        return "\(port)/\(proto)"
    }

    /// org.opencontainers.image.version/.revision/.source (created is added by the callers).
    static func automaticLabels(_ spec: BuildSpec) -> [String: String] {
        var labels: [String: String] = [:]
        if let version = spec.version { labels[Annotation.version] = version.description }
        if let revision = spec.revision { labels[Annotation.revision] = revision }
        if let source = spec.sourceURL { labels[Annotation.source] = source }
        if let base = spec.base {
            labels[Annotation.baseName] = base.name
            labels[Annotation.baseDigest] = base.manifestDigest.description
        }
        return labels
    }

    static func iso8601(_ epoch: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(epoch)).formatted(.iso8601)
    }

    static func digest(of bytes: [UInt8]) -> Digest {
        var sink = HashingSink(DiscardingSink())
        bytes.withUnsafeBytes { try? sink.write($0) }
        return sink.digest
    }

    static func fileSize(_ path: String) throws(BuildError) -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.type] as? FileAttributeType) == .typeRegular, let size = attributes[.size] as? UInt
        else { throw .unreadable(path: path, reason: "it is not a readable regular file") }
        return Int64(size)
    }
}

/// Where layers are written before they reach the destination: inside an OCI layout (then renamed into place),
/// beside an archive, or in the staging directory given for other destinations. Writes stay under the user's path.
final class Staging {
    let destination: any ImageDestination
    private let makeName: () -> String
    private var files: [String] = []

    init(_ output: BuildOutput) throws {
        switch output {
        case .oci(let directory):
            let layout = try OCILayoutDestination(directory: directory)
            destination = layout
            makeName = { layout.temporaryBlobPath() }
        case .ociArchive(let path):
            destination = try OCIArchiveDestination(path: path)
            makeName = Staging.beside(path)
        case .dockerArchive(let path):
            destination = try DockerArchiveDestination(path: path)
            makeName = Staging.beside(path)
        case .destination(let other, let directory):
            destination = other
            makeName = Staging.beside(directory + "/layer")
        }
    }

    static func beside(_ path: String) -> () -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let pid = ProcessInfo.processInfo.processIdentifier
        let prefix = (directory.isEmpty ? "." : directory) + "/.\(base).layer-\(pid)-"
        let counter = Counter()
        return { prefix + String(counter.next()) }
    }

    func newFile() -> String {
        let name = makeName()
        files.append(name)
        return name
    }

    func cleanUp() {
        for file in files { try? FileManager.default.removeItem(atPath: file) }
    }

    final class Counter {
        private var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }
}
