import Foundation
import TestSupport
import Testing

@testable import ImageFormat

/// The crafted documents Fuzz/ModelFuzz starts from, read by the models as `inspect`, `copy` and `build --base`
/// read them: the real-shaped ones decode, each crafted one is refused with its reason (duplicate keys, deep
/// nesting, numbers past 64 bits, wrong types, bad digests), and a decoded value written back reads back the same.
@Suite("Decodable models: the fuzz seeds")
struct ModelSeedTests {
    static let seeds = TestFiles.packageRoot.appendingPathComponent("Fuzz/ModelFuzz/seeds")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: seeds.appendingPathComponent(name)))
    }

    static func reason<T: Decodable>(_ type: T.Type, _ name: String) throws -> String? {
        do {
            _ = try CanonicalJSON.decode(type, from: try bytes(name), what: name)
            return nil
        } catch let error as JSONDecodeError {
            return error.reason
        }
    }

    @Test("the real-shaped documents decode, and read back the same when written")
    func wellFormed() throws {
        let manifest = try CanonicalJSON.decode(Manifest.self, from: try Self.bytes("manifest.json"), what: "m")
        #expect(manifest.layers.map(\.size) == [32_654])
        #expect(
            try CanonicalJSON.decode(Manifest.self, from: try CanonicalJSON.encode(manifest), what: "m") == manifest)
        let index = try CanonicalJSON.decode(Index.self, from: try Self.bytes("index.json"), what: "i")
        #expect(index.platforms.map(\.description) == ["linux/amd64", "linux/arm/v7"])
        #expect(try CanonicalJSON.decode(Index.self, from: try CanonicalJSON.encode(index), what: "i") == index)
        let config = try CanonicalJSON.decode(ImageConfiguration.self, from: try Self.bytes("config.json"), what: "c")
        #expect(config.layerHistory.count == 1 && config.config?.user == "65532")
        let written = try CanonicalJSON.encode(config)
        #expect(try CanonicalJSON.decode(ImageConfiguration.self, from: written, what: "c") == config)
        let archive = try CanonicalJSON.decode(
            [ArchiveManifest].self, from: try Self.bytes("archive-manifest.json"), what: "a")
        #expect(archive.first?.repoTags == ["app:1"])
    }

    @Test(
        "each crafted document is refused with its reason",
        arguments: [
            ("manifest-duplicate-layers.json", "'layers' appears twice"),
            ("manifest-huge-size.json", "does not fit in 64 bits"),
            ("manifest-wrong-types.json", "schemaVersion"),
            ("manifest-bad-digests.json", "digest"),
            ("index-deep.json", "more than 100 deep at .manifests"),
            ("index-case-fold.json", "differ only in case"),
            ("config-duplicate-user.json", "'User' appears twice"),
            ("config-huge-numbers.json", "99999999999999999999 at offset 89 does not fit in 64 bits"),
            ("config-wrong-types.json", "architecture"),
            ("archive-manifest-duplicate.json", "'Layers' appears twice"),
            ("archive-manifest-wrong-types.json", "RepoTags"),
            ("archive-manifest-surrogate.json", "not valid JSON"),
        ])
    func refused(seed: String, expected: String) throws {
        let reason: String?
        switch seed.prefix(while: { $0 != "-" }) {
        case "manifest": reason = try Self.reason(Manifest.self, seed)
        case "index": reason = try Self.reason(Index.self, seed)
        case "config": reason = try Self.reason(ImageConfiguration.self, seed)
        default: reason = try Self.reason([ArchiveManifest].self, seed)
        }
        let text = try #require(reason, "\(seed) was accepted")
        #expect(text.contains(expected), "\(seed): \(text)")
        #expect(text.utf8.count < 400, "\(seed): \(text)")
    }
}
