// libFuzzer entry point for the Decodable models every document from an image or a registry is read into: the image
// manifest, the index, the image config and a docker-archive's manifest.json, each through `CanonicalJSON.decode`
// (size limit, duplicate keys, nesting, then Foundation's JSONDecoder). Built by scripts/fuzz.sh with
// `swiftc -sanitize=fuzzer` together with Sources/ImageFormat/Model/*.swift and ImageFormatError.swift. Any input
// must give a value or a JSONDecodeError, never a trap; the answer depends on the bytes only; a decoded value
// written back as canonical JSON reads back as the same value; and what the analysis asks of a value (platforms,
// the environment, the layer history) answers without a trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let first = decodeAll(bytes)
    precondition(decodeAll(bytes) == first, "two decodings of the same document disagree")
    return 0
}

/// What each model makes of `bytes`: a summary of the value, or the error's message.
func decodeAll(_ bytes: [UInt8]) -> [String] {
    [
        outcome(Manifest.self, bytes) { manifest in
            "manifest \(manifest.schemaVersion) \(manifest.config.digest) \(manifest.layers.map(\.size))"
        },
        outcome(Index.self, bytes) { index in
            let wanted = Platform(os: "linux", architecture: "amd64")
            return "index \(index.manifests.count) \(index.platforms) \(index.manifests(for: wanted).count)"
        },
        outcome(ImageConfiguration.self, bytes) { configuration in
            let config = configuration.config
            return "config \(configuration.platform) \(configuration.rootfs.diffIDs.count) "
                + "\(configuration.layerHistory.count) \(config?.environment.count ?? 0) \(config?.command ?? [])"
        },
        outcome([ArchiveManifest].self, bytes, roundTrip: false) { entries in
            "archive \(entries.map { "\($0.config) \($0.layers.count) \($0.repoTags ?? [])" })"
        },
    ]
}

func outcome<T: Decodable & Hashable>(
    _ type: T.Type, _ bytes: [UInt8], roundTrip: Bool = true, _ summary: (T) -> String
) -> String {
    do {
        let value = try CanonicalJSON.decode(type, from: bytes, what: "fuzz")
        if roundTrip, let encodable = value as? any Encodable {
            // What Shipshape writes (build, copy) must read back as the value it wrote.
            if let written = try? CanonicalJSON.encode(encodable) {
                let again = try? CanonicalJSON.decode(type, from: written, what: "fuzz (written back)")
                precondition(again == value, "a value written back as canonical JSON does not read back the same")
            }
        }
        return summary(value)
    } catch {
        precondition(!error.description.isEmpty, "an error without a message")
        return "error: \(error)"
    }
}
