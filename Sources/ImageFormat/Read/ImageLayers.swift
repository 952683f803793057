import Foundation

/// Reading the layers of a resolved image: one at a time, or several in parallel across cores.
public enum ImageLayers {
    /// What reading a layer measured, besides what the caller's body returned.
    public struct Totals: Sendable, Hashable {
        /// Bytes of the blob as stored (compressed size).
        public var blobBytes: Int64
        /// Bytes of the uncompressed tar that were read or seeked through (the whole tar when fully consumed).
        public var tarBytes: Int64
    }

    /// The default parallelism: one layer per core.
    public static var defaultWidth: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Opens `layer` and hands its entries to `body` through a `TarReader`.
    ///
    /// With `verify`, every byte is hashed: the blob against its descriptor's digest and the uncompressed tar
    /// against the config's DiffID (so content is read, not seeked past); a mismatch is an error naming the
    /// layer. Without it, local blobs are trusted as PRODUCT.md ("Digests") says.
    public static func withReader<R>(
        _ layer: ResolvedLayer, from source: any ImageSource, verify: Bool = false,
        _ body: (TarReader) throws -> R
    ) async throws -> (result: R, totals: Totals) {
        let location = try await source.locate(layer.descriptor)
        return try read(layer, at: location, verify: verify, body)
    }

    /// The synchronous part of `withReader`, once the blob is located.
    public static func read<R>(
        _ layer: ResolvedLayer, at location: BlobLocation, verify: Bool, _ body: (TarReader) throws -> R
    ) throws -> (result: R, totals: Totals) {
        guard verify else {
            let stream = try LayerStreams.open(location, compression: layer.compression, name: layer.name)
            let reader = TarReader(stream: stream, name: layer.name)
            let result = try body(reader)
            return (result, Totals(blobBytes: location.length, tarBytes: reader.position))
        }
        // Verification: check the declared compression, then hash the raw blob and the uncompressed tar.
        _ = try LayerStreams.open(location, compression: layer.compression, name: layer.name)
        let rawHash = HashingStream(try FileRegionStream(location))
        let tarHash =
            layer.compression == .none
            ? rawHash : HashingStream(try LayerStreams.wrap(rawHash, compression: layer.compression, name: layer.name))
        let reader = TarReader(stream: tarHash, name: layer.name)
        let result = try body(reader)
        while try reader.next() != nil {}
        try reader.drain()
        guard rawHash.count == layer.descriptor.size else {
            throw ImageReadError.sizeMismatch(what: layer.name, expected: layer.descriptor.size, actual: rawHash.count)
        }
        let blobDigest = rawHash.digest
        if layer.descriptor.digest.algorithm == "sha256", blobDigest != layer.descriptor.digest {
            throw ImageReadError.digestMismatch(what: layer.name, expected: layer.descriptor.digest, actual: blobDigest)
        }
        let diffID = tarHash.digest
        guard diffID == layer.diffID else {
            throw ImageReadError.diffIDMismatch(layer: layer.name, expected: layer.diffID, actual: diffID)
        }
        return (result, Totals(blobBytes: rawHash.count, tarBytes: tarHash.count))
    }

    /// Reads every layer of `image`, `width` at a time in parallel (decompression is the costly part), and returns
    /// the bodies' results in layer order. The first error cancels the rest and is thrown.
    ///
    /// `body` runs on a task of its own per layer; it must not share mutable state with the other layers' bodies.
    public static func forEachLayer<R: Sendable>(
        of image: ResolvedImage, from source: any ImageSource, width: Int = defaultWidth, verify: Bool = false,
        _ body: @escaping @Sendable (ResolvedLayer, TarReader) throws -> R
    ) async throws -> [(result: R, totals: Totals)] {
        let layers = image.layers
        var results: [(result: R, totals: Totals)?] = Array(repeating: nil, count: layers.count)
        // A failure stops new layers from starting; the layers in flight finish, and the error of the lowest failing
        // layer is thrown, so the same broken image always gives the same message whatever finished first.
        var failure: (index: Int, error: any Error)?
        await withTaskGroup(of: (Int, Result<(R, Totals), any Error>).self) { group in
            // One flat loop, as ImageAnalyzer.scanAll: start layers until `width` are in flight, then take one
            // result; the counters live in this task only, each child gets its layer by value.
            var next = 0
            var inFlight = 0
            while true {
                while failure == nil, next < layers.count, inFlight < max(1, width) {
                    let layer = layers[next]
                    group.addTask {
                        do {
                            try Task.checkCancellation()
                            let (result, totals) = try await withReader(layer, from: source, verify: verify) {
                                reader in try body(layer, reader)
                            }
                            return (layer.index, .success((result, totals)))
                        } catch {
                            return (layer.index, .failure(error))
                        }
                    }
                    next += 1
                    inFlight += 1
                }
                guard let (index, outcome) = await group.next() else { break }
                inFlight -= 1
                switch outcome {
                case .success(let value):
                    results[index] = value
                case .failure(let error):
                    if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
                }
            }
        }
        if let failure { throw failure.error }
        return results.compactMap { $0 }
    }

    /// Verifies every layer of `image` (digest and DiffID), `width` at a time.
    public static func verify(_ image: ResolvedImage, from source: any ImageSource, width: Int = defaultWidth)
        async throws
    {
        _ = try await forEachLayer(of: image, from: source, width: width, verify: true) { _, _ in () }
    }
}
