import ImageFormat
import Packages

/// The layers of a resolved image read through `ImageFormat`'s streaming tar reader: content the analysis does
/// not ask for is skipped (seeked past on uncompressed blobs), the rest read with bounded reads.
public struct ResolvedImageLayers: LayerScanning {
    public var image: ResolvedImage
    public var source: any ImageSource
    /// Hash every blob and DiffID on the first pass (`--verify`).
    public var verify: Bool

    public init(image: ResolvedImage, source: any ImageSource, verify: Bool = false) {
        self.image = image
        self.source = source
        self.verify = verify
    }

    public var layerCount: Int { image.layers.count }

    public func scan(layer index: Int, capture: @escaping @Sendable (TarEntry) -> Int) async throws -> LayerScan {
        let (scan, totals) = try await ImageLayers.withReader(image.layers[index], from: source, verify: verify) {
            reader in
            var scan = LayerScan()
            while let entry = try reader.next() {
                let limit = capture(entry)
                scan.append(entry, content: limit > 0 ? try reader.readContent(upTo: limit) : nil)
            }
            return scan
        }
        var result = scan
        result.trimCapacity()
        result.tarBytes = totals.tarBytes
        return result
    }

    public func scan(layer index: Int, policy: ScanPolicy) async throws -> LayerScan {
        let (scan, totals) = try await ImageLayers.withReader(image.layers[index], from: source, verify: verify) {
            reader in
            var scan = LayerScan()
            while let entry = try reader.next() {
                let limit = policy.capture(entry)
                if policy.searchBuildInfo(entry) {
                    // The build information is searched in the stream; captured bytes, if any, come first.
                    let head = limit > 0 ? try reader.readContent(upTo: limit) : nil
                    var search = GoBuildInfoSearch()
                    if let head { _ = head.withUnsafeBytes { search.consume($0) } }
                    do {
                        try reader.forEachContentChunk { chunk in
                            if !search.consume(chunk) { throw SearchDone() }
                        }
                    } catch is SearchDone {}
                    if let found = search.found { scan.buildInfo[scan.entries.count] = found }
                    scan.append(entry, content: head)
                } else if limit > 0 {
                    scan.append(entry, content: try reader.readContent(upTo: limit))
                } else if policy.keep(entry) {
                    scan.append(entry)
                }
            }
            return scan
        }
        var result = scan
        result.trimCapacity()
        result.tarBytes = totals.tarBytes
        return result
    }

    /// Ends a streaming search early; the reader skips the rest of the entry.
    private struct SearchDone: Error {}

    /// What the analysis needs to know before reading layers.
    public static func metadata(of image: ResolvedImage) -> ImageMetadata {
        let tags: [String] =
            image.referenceName.map { reference in
                // A full reference (`repo:tag`) or a bare tag (OCI layouts name manifests by tag).
                if let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
                    return [String(reference[reference.index(after: colon)...])]
                }
                return reference.contains("/") ? [] : [reference]
            } ?? []
        return ImageMetadata(
            name: image.source, config: image.configuration,
            layers: image.layers.map {
                .init(
                    digest: $0.descriptor.digest, mediaType: $0.descriptor.mediaType, compressedSize: $0.descriptor.size
                )
            },
            annotations: image.manifest.annotations ?? [:], tags: tags)
    }
}
