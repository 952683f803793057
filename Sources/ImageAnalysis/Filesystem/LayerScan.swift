import ImageFormat
import Packages

/// What one pass over a layer tar kept: every entry's header, in order, and the leading bytes of the few files
/// whose content a check needs (see `ContentInterest`).
///
/// Layers are scanned independently (in parallel), then applied in order to one `MergedFilesystem`.
public struct LayerScan: Sendable {
    /// Every entry of the layer, in archive order.
    public var entries: [TarEntry] = []
    /// Captured leading content bytes, by index into `entries`.
    public var contents: [Int: [UInt8]] = [:]
    /// The Go build information found in executables (`GoBuildInfoSearch`), by index into `entries`.
    public var buildInfo: [Int: [UInt8]] = [:]
    /// Bytes of the uncompressed tar stream (headers, content, padding, end marker).
    public var tarBytes: Int64 = 0

    public init() {}

    /// Appends an entry and, when a check asked for it, the first bytes of its content.
    public mutating func append(_ entry: TarEntry, content: [UInt8]? = nil) {
        if let content { contents[entries.count] = content }
        entries.append(entry)
    }

    /// Gives back the spare capacity `entries` grew with (up to half of it), once the layer has been read: every
    /// layer's entries stay in memory for the whole analysis.
    public mutating func trimCapacity() {
        guard entries.capacity > entries.count + entries.count / 8 else { return }
        entries = entries.withUnsafeBufferPointer { Array($0) }
    }

    /// Regular-file content bytes stored in the layer.
    public var contentBytes: Int64 {
        entries.reduce(0) { $0 + ($1.kind == .regular ? $1.size : 0) }
    }
}

/// How a layer is read: the analysis asks for a layer with a capture policy and gets its `LayerScan`.
///
/// `ImageFormat`'s readers implement it over archives and layouts; tests implement it over in-memory entries.
public protocol LayerScanning: Sendable {
    /// Number of layers, bottom first.
    var layerCount: Int { get }
    /// Reads layer `index` (0 = bottom) once; for each entry `capture` says how many leading content bytes to
    /// keep (0 = none).
    func scan(layer index: Int, capture: @escaping @Sendable (TarEntry) -> Int) async throws -> LayerScan
    /// Reads layer `index` once as `policy` says: which contents to keep, which entries to keep at all, which
    /// executables to search for Go build information while their bytes stream past.
    func scan(layer index: Int, policy: ScanPolicy) async throws -> LayerScan
}

/// What a pass over a layer keeps, for readers that need less than every entry (`sbom`: only the package files and
/// the whiteouts, so memory follows the packages, not the files).
public struct ScanPolicy: Sendable {
    /// Leading content bytes to keep (0 = none).
    public var capture: @Sendable (TarEntry) -> Int
    /// Whether to keep an entry whose content is not captured (captured ones are always kept).
    public var keep: @Sendable (TarEntry) -> Bool
    /// Whether to search the entry's content for Go build information.
    public var searchBuildInfo: @Sendable (TarEntry) -> Bool

    public init(
        capture: @escaping @Sendable (TarEntry) -> Int, keep: @escaping @Sendable (TarEntry) -> Bool = { _ in true },
        searchBuildInfo: @escaping @Sendable (TarEntry) -> Bool = { _ in false }
    ) {
        self.capture = capture
        self.keep = keep
        self.searchBuildInfo = searchBuildInfo
    }
}

extension LayerScanning {
    /// For readers without their own: a full scan (whole contents of build-information candidates), then filtered.
    public func scan(layer index: Int, policy: ScanPolicy) async throws -> LayerScan {
        let full = try await scan(layer: index) { entry in
            policy.searchBuildInfo(entry) ? Int.max : policy.capture(entry)
        }
        var result = LayerScan()
        result.tarBytes = full.tarBytes
        for (position, entry) in full.entries.enumerated() {
            let content = full.contents[position]
            if policy.searchBuildInfo(entry), let bytes = content {
                var search = GoBuildInfoSearch()
                _ = bytes.withUnsafeBytes { search.consume($0) }
                if let found = search.found { result.buildInfo[result.entries.count] = found }
                let limit = policy.capture(entry)
                result.append(entry, content: limit > 0 ? Array(bytes.prefix(limit)) : nil)
            } else if content != nil || policy.keep(entry) {
                result.append(entry, content: content)
            }
        }
        return result
    }
}

/// In-memory layers: each a list of entries with their full content. For tests and small images.
public struct InMemoryLayers: LayerScanning {
    public var layers: [[(entry: TarEntry, content: [UInt8])]]

    public init(_ layers: [[(entry: TarEntry, content: [UInt8])]]) {
        self.layers = layers
    }

    public var layerCount: Int { layers.count }

    public func scan(layer index: Int, capture: @escaping @Sendable (TarEntry) -> Int) async throws -> LayerScan {
        var scan = LayerScan()
        for (entry, content) in layers[index] {
            let limit = capture(entry)
            scan.append(entry, content: limit > 0 ? Array(content.prefix(limit)) : nil)
            // ustar header, content padded to 512.
            scan.tarBytes += 512 + (entry.size + 511) / 512 * 512
        }
        scan.tarBytes += 1024
        return scan
    }
}
