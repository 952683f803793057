import ImageAnalysis
import ImageFormat
import ServeStore

/// The layers of one image for the package pass, through the layer cache: a layer whose digest and analyser
/// version the store knows is not pulled or read again; one it does not know is read from the registry and stored.
struct CachingLayers: LayerScanning {
    let base: ResolvedImageLayers
    /// Each layer's blob digest, bottom first.
    let digests: [String]
    /// What the store already had, by layer index.
    let cached: [Int: LayerScan]
    let store: ServeStore
    let analyser: String
    let now: Int64

    var layerCount: Int { base.layerCount }

    func scan(layer index: Int, capture: @escaping @Sendable (TarEntry) -> Int) async throws -> LayerScan {
        try await base.scan(layer: index, capture: capture)
    }

    func scan(layer index: Int, policy: ScanPolicy) async throws -> LayerScan {
        if let hit = cached[index] { return hit }
        let scan = try await base.scan(layer: index, policy: policy)
        try await store.storeLayer(
            digest: digests[index], analyser: analyser, scan: LayerScanCodec.encode(scan), now: now)
        return scan
    }

    /// Loads what the store has for `digests`; a damaged entry counts as missing (read again, then replaced).
    static func load(_ digests: [String], store: ServeStore, analyser: String) async throws -> [Int: LayerScan] {
        var cached: [Int: LayerScan] = [:]
        for (index, digest) in digests.enumerated() {
            guard let bytes = try await store.cachedLayer(digest: digest, analyser: analyser) else { continue }
            if let scan = try? LayerScanCodec.decode(bytes) { cached[index] = scan }
        }
        return cached
    }
}
