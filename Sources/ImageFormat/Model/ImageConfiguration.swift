/// The image configuration blob (OCI image config / Docker image JSON): what the runtime starts, and the layer
/// DiffIDs and history.
public struct ImageConfiguration: Sendable, Hashable, Codable {
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var variant: String?
    public var osVersion: String?
    public var config: ContainerConfig?
    public var rootfs: RootFS
    public var history: [History]?

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os, variant, config, rootfs, history
        case osVersion = "os.version"
    }

    public init(
        created: String? = nil, architecture: String, os: String, variant: String? = nil,
        config: ContainerConfig? = nil, rootfs: RootFS, history: [History]? = nil
    ) {
        self.created = created
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// `os/architecture[/variant]`.
    public var platform: Platform { Platform(os: os, architecture: architecture, variant: variant) }

    /// History entries that produced a layer (those without `empty_layer: true`).
    public var layerHistory: [History] { (history ?? []).filter { $0.emptyLayer != true } }
}

/// The runtime part of the image configuration (`config` in the JSON).
public struct ContainerConfig: Sendable, Hashable, Codable {
    public var user: String?
    public var exposedPorts: [String: EmptyObject]?
    public var env: [String]?
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var volumes: [String: EmptyObject]?
    public var workingDir: String?
    public var labels: [String: String]?
    public var stopSignal: String?
    public var healthcheck: Healthcheck?
    public var shell: [String]?
    public var argsEscaped: Bool?

    enum CodingKeys: String, CodingKey {
        case user = "User"
        case exposedPorts = "ExposedPorts"
        case env = "Env"
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case healthcheck = "Healthcheck"
        case shell = "Shell"
        case argsEscaped = "ArgsEscaped"
    }

    public init() {}

    /// `Env` as a dictionary; later entries win, entries without `=` are ignored.
    public var environment: [String: String] {
        var result: [String: String] = [:]
        for entry in env ?? [] {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return result
    }

    /// The command the runtime runs: Entrypoint followed by Cmd.
    public var command: [String] { (entrypoint ?? []) + (cmd ?? []) }
}

/// Docker's HEALTHCHECK settings in the image config.
public struct Healthcheck: Sendable, Hashable, Codable {
    public var test: [String]?
    public var interval: Int64?
    public var timeout: Int64?
    public var startPeriod: Int64?
    public var retries: Int?

    enum CodingKeys: String, CodingKey {
        case test = "Test"
        case interval = "Interval"
        case timeout = "Timeout"
        case startPeriod = "StartPeriod"
        case retries = "Retries"
    }
}

/// `{}`: the value of `ExposedPorts` and `Volumes` entries.
public struct EmptyObject: Sendable, Hashable, Codable {
    public init() {}
}

/// `rootfs`: the layer DiffIDs (digests of the uncompressed layer tars), bottom first.
public struct RootFS: Sendable, Hashable, Codable {
    public var type: String
    public var diffIDs: [Digest]

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }

    public init(diffIDs: [Digest]) {
        self.type = "layers"
        self.diffIDs = diffIDs
    }
}

/// One history entry: the instruction that made a layer (or an empty one).
public struct History: Sendable, Hashable, Codable {
    public var created: String?
    public var createdBy: String?
    public var author: String?
    public var comment: String?
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created, author, comment
        case createdBy = "created_by"
        case emptyLayer = "empty_layer"
    }

    public init(created: String? = nil, createdBy: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
        self.created = created
        self.createdBy = createdBy
        self.comment = comment
        self.emptyLayer = emptyLayer
    }
}
