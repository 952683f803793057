/// How soon a job runs: a push before a reconcile walk's discovery before a bulk re-scan.
public enum JobPriority: Int64, Sendable, CaseIterable {
    case push = 0
    case reconcile = 1
    case rescan = 2
}

/// One queued scan of a manifest digest.
public struct Job: Sendable, Hashable {
    public var id: Int64
    public var digest: String
    public var repository: String
    public var priority: JobPriority
    public var reason: String
    public var attempts: Int64
    /// The index a platform manifest was found in (its tags are the index's).
    public var indexDigest: String?
}

/// One registry notification event, as the inbox keeps it.
public struct RegistryEvent: Sendable, Hashable {
    public enum Action: String, Sendable { case push, delete }
    public var id: String
    public var action: Action
    public var repository: String
    public var digest: String?
    public var tag: String?
    public var mediaType: String?

    public init(
        id: String, action: Action, repository: String, digest: String?, tag: String? = nil, mediaType: String? = nil
    ) {
        self.id = id
        self.action = action
        self.repository = repository
        self.digest = digest
        self.tag = tag
        self.mediaType = mediaType
    }
}

/// What the inbox did with a batch of events.
public struct IngestSummary: Sendable, Equatable {
    public var accepted = 0
    public var duplicates = 0
    public var queued = 0
    public init() {}
}

/// One distinct package (the re-match's unit), without where an image has it.
public struct PackageKey: Sendable, Hashable, Codable {
    public var ecosystem: String
    public var name: String
    public var version: String
    public var sourceName: String?
    public var sourceVersion: String?
    public var ownedBy: String?
    public var purl: String?

    public init(
        ecosystem: String, name: String, version: String, sourceName: String? = nil, sourceVersion: String? = nil,
        ownedBy: String? = nil, purl: String? = nil
    ) {
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.ownedBy = ownedBy
        self.purl = purl
    }

    /// The unique key of the `packages` table (unit separators cannot occur in the parts).
    var key: String {
        [ecosystem, name, version, sourceName ?? "", sourceVersion ?? "", ownedBy ?? ""].joined(separator: "\u{1F}")
    }
}

/// A package as one image has it.
public struct ImagePackage: Sendable, Hashable, Codable {
    public var package: PackageKey
    public var layer: String?
    public var createdBy: String?
    public var fromBase: Bool
    public var location: String?

    public init(
        package: PackageKey, layer: String? = nil, createdBy: String? = nil, fromBase: Bool = false,
        location: String? = nil
    ) {
        self.package = package
        self.layer = layer
        self.createdBy = createdBy
        self.fromBase = fromBase
        self.location = location
    }
}

/// One advisory matching one package.
public struct StoredVulnerability: Sendable, Hashable, Codable {
    public var id: String
    public var aliases: [String]
    public var severity: String
    public var score: String?
    public var fixed: String?
    public var summary: String?

    public init(
        id: String, aliases: [String] = [], severity: String, score: String? = nil, fixed: String? = nil,
        summary: String? = nil
    ) {
        self.id = id
        self.aliases = aliases
        self.severity = severity
        self.score = score
        self.fixed = fixed
        self.summary = summary
    }
}

/// An image check's finding (any practice), with the layer and path it names.
public struct StoredFinding: Sendable, Hashable, Codable {
    public var rule: String
    public var name: String
    public var practice: String
    public var severity: String
    public var message: String
    public var layer: String?
    public var path: String?

    public init(
        rule: String, name: String, practice: String, severity: String, message: String, layer: String? = nil,
        path: String? = nil
    ) {
        self.rule = rule
        self.name = name
        self.practice = practice
        self.severity = severity
        self.message = message
        self.layer = layer
        self.path = path
    }
}

/// A layer of a scanned image.
public struct StoredLayer: Sendable, Hashable, Codable {
    public var digest: String
    public var size: Int64
    public var createdBy: String?

    public init(digest: String, size: Int64, createdBy: String? = nil) {
        self.digest = digest
        self.size = size
        self.createdBy = createdBy
    }
}

/// Everything a worker learnt about one platform manifest.
public struct ScanResult: Sendable {
    public var digest: String
    public var repository: String
    public var mediaType: String?
    public var configDigest: String?
    public var platform: String?
    public var indexDigest: String?
    public var layers: [StoredLayer]
    public var packages: [ImagePackage]
    /// The advisories of each package, matched by the worker against the current database.
    public var vulnerabilities: [PackageKey: [StoredVulnerability]]
    public var findings: [StoredFinding]
    public var analyser: String
    public var milliseconds: Int64

    public init(
        digest: String, repository: String, mediaType: String? = nil, configDigest: String? = nil,
        platform: String? = nil, indexDigest: String? = nil, layers: [StoredLayer] = [],
        packages: [ImagePackage] = [], vulnerabilities: [PackageKey: [StoredVulnerability]] = [:],
        findings: [StoredFinding] = [], analyser: String, milliseconds: Int64 = 0
    ) {
        self.digest = digest
        self.repository = repository
        self.mediaType = mediaType
        self.configDigest = configDigest
        self.platform = platform
        self.indexDigest = indexDigest
        self.layers = layers
        self.packages = packages
        self.vulnerabilities = vulnerabilities
        self.findings = findings
        self.analyser = analyser
        self.milliseconds = milliseconds
    }
}

/// The webhook's body: the findings an image did not have before, once.
public struct FindingNotification: Sendable, Codable, Hashable {
    public struct Finding: Sendable, Codable, Hashable {
        public var vulnerability: String
        public var severity: String
        public var package: String
        public var version: String
        public var fixed: String?
    }
    public var idempotencyKey: String
    public var digest: String
    public var repository: String
    public var tags: [String]
    public var reason: String
    public var findings: [Finding]
}
