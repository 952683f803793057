import ImageFormat

/// One `--add SRC:DEST[:MODE]`.
public struct Addition: Sendable, Hashable {
    public var source: String
    /// Absolute path in the image.
    public var destination: String
    /// Permission bits for the regular files added (directories stay 0755).
    public var mode: UInt32?

    public init(source: String, destination: String, mode: UInt32? = nil) {
        self.source = source
        self.destination = destination
        self.mode = mode
    }

    /// Parses `SRC:DEST[:MODE]`: MODE is octal (`755`, `0755`); DEST must be absolute.
    public init(parsing text: String) throws(BuildError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else {
            throw .invalidAddition(text, reason: "expected two or three ':'-separated parts, found \(parts.count)")
        }
        guard !parts[0].isEmpty else { throw .invalidAddition(text, reason: "SRC is empty") }
        guard parts[1].hasPrefix("/") else {
            throw .invalidAddition(text, reason: "DEST '\(parts[1])' must be an absolute path in the image")
        }
        guard !parts[1].split(separator: "/").contains("..") else {
            throw .invalidAddition(text, reason: "DEST '\(parts[1])' must not contain '..'")
        }
        var mode: UInt32?
        if parts.count == 3 {
            guard let value = UInt32(parts[2], radix: 8), value <= 0o7777, !parts[2].isEmpty else {
                throw .invalidAddition(text, reason: "MODE '\(parts[2])' is not an octal mode such as 0755")
            }
            mode = value
        }
        self.init(source: parts[0], destination: parts[1], mode: mode)
    }
}

/// How layers are cut.
public enum Layering: String, Sendable, Hashable, CaseIterable {
    /// One layer per `--add` (a change to one group leaves the others' digests, and caches, alone).
    case perAddition = "per-add"
    /// Everything in one layer.
    case one
}

/// Everything `shipshape build` needs to know, parsed.
public struct BuildSpec: Sendable {
    public var additions: [Addition] = []
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var user = "65532:65532"
    /// uid and gid of the added files; by default the numeric ids of `user` (0:0 when it names a user).
    public var owner: (uid: Int, gid: Int)?
    public var environment: [String] = []
    public var workingDirectory: String?
    public var labels: [String: String] = [:]
    public var exposedPorts: [String] = []
    public var stopSignal: String?
    public var platform: Platform
    /// The shipshape-init executable to embed and run first, or nil.
    public var initBinary: String?
    public var layering = Layering.perAddition
    public var compression = LayerCompression.gzip
    /// The compressor's level (gzip 1-9, zstd 1-19), or nil for its default (gzip 6, zstd 3).
    public var compressionLevel: Int32?
    /// What writes gzip layers: libdeflate when it loads, else zlib. The layer digests depend on it (the DiffIDs
    /// and the config do not), so a reproducible build pins it (`SHIPSHAPE_GZIP`).
    public var gzipEngine = GzipEngine.automatic
    /// SOURCE_DATE_EPOCH: every mtime and `created`.
    public var sourceDateEpoch: Int64 = 0
    public var allowDynamic = false
    public var version: SemanticVersion?
    public var revision: String?
    public var sourceURL: String?
    /// The base image; nil for scratch.
    public var base: BaseImage?

    public init(platform: Platform) {
        self.platform = platform
    }

    /// Where shipshape-init is put in the image.
    public static let initPath = "/shipshape-init"

    /// The owner of added files.
    public var fileOwner: (uid: Int, gid: Int) {
        if let owner { return owner }
        let parts = user.split(separator: ":", omittingEmptySubsequences: false)
        let uid = parts.first.flatMap { Int($0) } ?? 0
        let gid = parts.count > 1 ? (Int(parts[1]) ?? 0) : uid
        return (uid, gid)
    }
}
