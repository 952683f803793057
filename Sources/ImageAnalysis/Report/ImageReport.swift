import Findings
import ImageFormat
import Packages

/// What the analysis knows about the image before reading layers: its config, its layers' descriptors, the
/// manifest's annotations, and the tag it was named by.
public struct ImageMetadata: Sendable {
    /// How the user named the image (`docker-archive:app.tar`).
    public var name: String
    public var config: ImageConfiguration
    /// One per layer, bottom first (the manifest's `layers`).
    public var layers: [LayerDescriptor]
    /// The manifest's annotations.
    public var annotations: [String: String]
    /// The tags the inspected reference carries; empty when it carries none; nil when unknown.
    public var tags: [String]?

    public init(
        name: String, config: ImageConfiguration, layers: [LayerDescriptor], annotations: [String: String] = [:],
        tags: [String]? = nil
    ) {
        self.name = name
        self.config = config
        self.layers = layers
        self.annotations = annotations
        self.tags = tags
    }

    /// A layer as the manifest describes it.
    public struct LayerDescriptor: Sendable, Hashable {
        public var digest: Digest?
        public var mediaType: String?
        public var compressedSize: Int64?

        public init(digest: Digest? = nil, mediaType: String? = nil, compressedSize: Int64? = nil) {
            self.digest = digest
            self.mediaType = mediaType
            self.compressedSize = compressedSize
        }
    }
}

/// The waste threshold of `--max-waste`: bytes (`50MB`, `10MiB`, `1000`) or a percentage of the stored content
/// (`5%`).
public enum WasteThreshold: Sendable, Hashable, CustomStringConvertible {
    case bytes(Int64)
    case percent(Double)

    /// Parses `N`, `N[kKmMgG][i][B]` or `N%`.
    public init(parsing text: String) throws(AnalysisError) {
        let trimmed = text.trimmingPrefix(" ")
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast()), value >= 0, value <= 100 else {
                throw .invalidOption("--max-waste", text, expected: "a percentage between 0% and 100%, e.g. 10%")
            }
            self = .percent(value)
            return
        }
        var digits = Substring(trimmed)
        var unit = ""
        while let last = digits.last, !last.isNumber && last != "." {
            unit = String(last) + unit
            digits = digits.dropLast()
        }
        let multipliers: [String: Double] = [
            "": 1, "B": 1, "K": 1e3, "KB": 1e3, "KiB": 1024, "M": 1e6, "MB": 1e6, "MiB": 1_048_576, "G": 1e9, "GB": 1e9,
            "GiB": Double(1 << 30), "k": 1e3, "kB": 1e3, "kiB": 1024,
        ]
        guard let number = Double(digits), number >= 0, let multiplier = multipliers[unit],
            number * multiplier < 9e18
        else {
            throw .invalidOption(
                "--max-waste", text, expected: "bytes like 50MB, 10MiB, 1000, or a percentage like 10%")
        }
        self = .bytes(Int64(number * multiplier))
    }

    public var description: String {
        switch self {
        case .bytes(let value): "\(value) bytes"
        case .percent(let value): "\(value)%"
        }
    }

    /// Whether `shadowed` bytes out of `stored` exceed the threshold.
    public func exceeded(shadowed: Int64, stored: Int64) -> Bool {
        switch self {
        case .bytes(let limit): shadowed > limit
        case .percent(let limit): stored > 0 && Double(shadowed) * 100 / Double(stored) > limit
        }
    }
}

/// Settings of one analysis.
public struct AnalysisOptions: Sendable {
    public var maxWaste: WasteThreshold
    /// Registries whose images are trusted as bases; nil = not configured (the public-images check is off).
    public var trustedRegistries: [String]?
    /// Rule ids not to report.
    public var disabledRules: Set<String>
    /// How many shadowed files to list.
    public var topShadowed: Int
    /// Seconds since the epoch, for end-of-life dates.
    public var now: Int64
    /// Width of the parallel layer scan.
    public var parallelism: Int
    /// Whether the inventory records which distribution package owns each language package (dpkg's file lists
    /// read), as vulnerability matching needs; off, `inspect` reads no file list and costs what it did without it.
    public var packageOwnership = false

    public init(
        maxWaste: WasteThreshold = .percent(10), trustedRegistries: [String]? = nil, disabledRules: Set<String> = [],
        topShadowed: Int = 10, now: Int64, parallelism: Int = 2
    ) {
        self.maxWaste = maxWaste
        self.trustedRegistries = trustedRegistries
        self.disabledRules = disabledRules
        self.topShadowed = topShadowed
        self.now = now
        self.parallelism = parallelism
    }
}

/// One layer of the report.
public struct LayerReport: Sendable, Hashable {
    public var index: Int
    /// The manifest's layer digest (of the blob as stored, compressed or not).
    public var digest: String?
    public var diffID: String?
    public var mediaType: String?
    public var compressedBytes: Int64?
    /// Bytes of the uncompressed tar.
    public var tarBytes: Int64
    /// Regular-file content bytes.
    public var contentBytes: Int64
    public var entries: Int
    public var whiteouts: Int
    public var createdBy: String?
    public var created: String?
    public var comment: String?

    /// The layer's name in findings: its digest, else its DiffID, else its position.
    public var identifier: String { digest ?? diffID ?? "layer \(index)" }
}

/// A shadowed file: stored in `addedIn`, unreachable since `hiddenIn`.
public struct ShadowedFile: Sendable, Hashable {
    public var path: String
    public var bytes: Int64
    public var addedIn: Int
    public var hiddenIn: Int
    public var cause: MergedFilesystem.ShadowCause
    public var advice: String
}

/// The waste account.
public struct WasteReport: Sendable, Hashable {
    public var shadowedBytes: Int64
    public var shadowedFiles: Int
    /// Regular-file content bytes stored over all layers.
    public var storedBytes: Int64
    public var largest: [ShadowedFile]
    /// Shadowed bytes by the layer that stored them (one entry per layer, bottom first): what each layer carries
    /// that nobody can reach.
    public var shadowedByLayer: [Int64] = []
    /// Shadowed bytes by the directory that holds the file, largest first (at most 100): where the waste is.
    public var shadowedByDirectory: [DirectoryUsage] = []
}

/// Files and bytes under one top-level directory of the final filesystem.
public struct DirectoryUsage: Sendable, Hashable {
    public var directory: String
    public var files: Int
    public var bytes: Int64
}

/// Everything `inspect` reports about one image.
public struct ImageReport: Sendable {
    public var image: String
    public var platform: String
    public var layers: [LayerReport]
    /// True when the history entries that made layers are not as many as the layers: the pairing is a guess.
    public var historyHeuristic: Bool
    public var waste: WasteReport
    public var diveCompat: DiveCompat
    public var directories: [DirectoryUsage]
    /// The same one level deeper (`/usr/lib`, `/usr/share`; a file directly under a top-level directory counts
    /// under that directory), largest first: the report's treemap.
    public var subdirectories: [DirectoryUsage] = []
    public var files: Int
    public var contentBytes: Int64
    public var distribution: String?
    public var findings: [Finding]
    /// The package inventory the same pass over the layers made (`shipshape sbom` lists it whole; `inspect`
    /// summarises it by type).
    public var packages: PackageInventory? = nil
    /// The known vulnerabilities of those packages, or how to get a database (`add(vulnerabilities:)`); nil when
    /// nobody asked.
    public var vulnerabilities: VulnerabilitySection? = nil
}

/// What can go wrong in an analysis.
public enum AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidOption(String, String, expected: String)
    case layerCountMismatch(image: String, layers: Int, diffIDs: Int)
    case invalidConfiguration(String, reason: String)

    public var description: String {
        switch self {
        case .invalidOption(let option, let value, let expected):
            "invalid value '\(value)' for \(option): expected \(expected)"
        case .layerCountMismatch(let image, let layers, let diffIDs):
            "\(image): the manifest lists \(layers) layers but the config has \(diffIDs) DiffIDs; the image is damaged"
        case .invalidConfiguration(let file, let reason):
            "cannot read the configuration '\(file)': \(reason)"
        }
    }
}
