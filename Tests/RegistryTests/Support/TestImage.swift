import Crypto
import Foundation
import ImageFormat
import Registry

/// An image made by the test: layers of pseudo-random bytes (the registry stores blobs, it does not read them),
/// a config naming them, a manifest; blobs as files in a temporary directory. It is an `ImageSource`.
final class TestImage: ImageSource, @unchecked Sendable {
    // @unchecked: immutable after init.
    let directory: String
    let manifestDescriptor: Descriptor
    let manifestBytes: [UInt8]
    let config: Descriptor
    let layers: [Descriptor]
    var name: String { "test-image:\(directory)" }

    /// `layers`: (seed, size) of each layer; the same seed and size give the same layer in another image.
    init(layers specs: [(seed: UInt64, size: Int)], label: String = "test") throws {
        directory = NSTemporaryDirectory() + "/shipshape-test-image-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var layers: [Descriptor] = []
        for spec in specs {
            var generator = SplitMix(state: spec.seed)
            var bytes = [UInt8](repeating: 0, count: spec.size)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }
            layers.append(try Self.store(bytes, mediaType: MediaType.ociLayerGzip, in: directory))
        }
        let configJSON = try CanonicalJSON.encode(
            ImageConfigurationStub(
                architecture: Platform.host.architecture, os: "linux",
                rootfs: .init(type: "layers", diff_ids: layers.map(\.digest.description)), label: label))
        config = try Self.store(configJSON, mediaType: MediaType.ociConfig, in: directory)
        self.layers = layers
        manifestBytes = try CanonicalJSON.encode(Manifest(config: config, layers: layers))
        manifestDescriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: Digest(sha256: SHA256.hash(data: manifestBytes)),
            size: Int64(manifestBytes.count))
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The descriptor of `bytes`, without writing them anywhere.
    static func describe(_ bytes: [UInt8], mediaType: String) -> Descriptor {
        Descriptor(mediaType: mediaType, digest: Digest(sha256: SHA256.hash(data: bytes)), size: Int64(bytes.count))
    }

    static func store(_ bytes: [UInt8], mediaType: String, in directory: String) throws -> Descriptor {
        let digest = Digest(sha256: SHA256.hash(data: bytes))
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + digest.encoded))
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
    }

    func root() async throws -> (descriptor: Descriptor, bytes: [UInt8]) { (manifestDescriptor, manifestBytes) }

    func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + descriptor.digest.encoded)))
    }

    func locate(_ descriptor: Descriptor) async throws -> BlobLocation {
        BlobLocation(path: directory + "/" + descriptor.digest.encoded, length: descriptor.size)
    }
}

struct ImageConfigurationStub: Codable {
    struct RootFS: Codable {
        var type: String
        var diff_ids: [String]
    }
    var architecture: String
    var os: String
    var rootfs: RootFS
    var label: String
}

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func sha256(file path: String) throws -> String {
    "sha256:"
        + SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }
        .joined()
}

/// A client for a local test registry over the real transport.
func makeClient(
    _ host: String, credential: Credential? = nil, options: RegistryOptions = .init(retryDelay: .milliseconds(10))
) -> RegistryClient {
    RegistryClient(host: host, http: CurlHTTPClient(), credential: credential, options: options)
}

func reference(_ text: String) throws -> RegistryReference { try RegistryReference(parsing: text) }
