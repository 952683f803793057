import Foundation
import ImageFormat
import Testing

@testable import Registry

@Suite("Push and pull against a real registry", .needsRegistry)
struct RegistryPushPullTests {
    func push(
        _ image: TestImage, to text: String, client: RegistryClient, mountFrom: [String] = []
    ) async throws -> (Descriptor, RegistryDestination) {
        let ref = try reference(text)
        let destination = RegistryDestination(reference: ref, client: client, mountSources: mountFrom)
        let pushed = try await ImageCopier().copy(
            from: image, to: destination, selection: .platform(.host), tags: destination.tags)
        return (pushed, destination)
    }

    @Test("push then pull gives identical manifest bytes and blob digests")
    func roundTrip() async throws {
        try await withLocalRegistry { registry in
            let image = try TestImage(layers: [(1, 200_000), (2, 50_000), (3, 1)])
            let client = makeClient(registry.host)
            let (pushed, destination) = try await push(image, to: "\(registry.host)/team/app:v1", client: client)
            #expect(pushed.digest == image.manifestDescriptor.digest)
            #expect(destination.statistics.uploaded == 4)

            let source = try RegistrySource(reference: try reference("\(registry.host)/team/app:v1"), client: client)
            let (root, bytes) = try await source.root()
            #expect(bytes == image.manifestBytes)
            #expect(root.digest == image.manifestDescriptor.digest)
            #expect(root.mediaType == MediaType.ociManifest)
            for layer in image.layers {
                let location = try await source.locate(layer)
                #expect(try sha256(file: location.path) == layer.digest.description)
            }
            #expect(
                try await source.fetch(image.config, limit: 1 << 20)
                    == (try await image.fetch(image.config, limit: 1 << 20)))
            let byDigest = try RegistrySource(
                reference: try reference("\(registry.host)/team/app@\(image.manifestDescriptor.digest)"), client: client
            )
            #expect(try await byDigest.root().bytes == image.manifestBytes)
            let directory = source.directory
            source.removeTemporaryFiles()
            #expect(!FileManager.default.fileExists(atPath: directory))
        }
    }

    @Test("a second image sharing the base uploads only its own blobs")
    func sharedBase() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let first = try TestImage(layers: [(10, 300_000), (11, 100_000), (12, 1000)], label: "first")
            let second = try TestImage(layers: [(10, 300_000), (11, 100_000), (13, 2000)], label: "second")
            _ = try await push(first, to: "\(registry.host)/shop/api:1", client: client)
            let uploadsBefore = registry.requests("PUT", "/v2/shop/api/blobs/uploads/", status: 201).count
            #expect(uploadsBefore == 4)
            let (_, destination) = try await push(second, to: "\(registry.host)/shop/api:2", client: client)
            let uploadsAfter = registry.requests("PUT", "/v2/shop/api/blobs/uploads/", status: 201).count
            // Its own layer and its config; the two base layers were found by HEAD and skipped.
            #expect(uploadsAfter - uploadsBefore == 2)
            #expect(destination.statistics.present == 2)
            #expect(destination.statistics.uploaded == 2)
        }
    }

    @Test("a blob in another repository of the registry is mounted, not uploaded")
    func crossRepositoryMount() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let image = try TestImage(layers: [(20, 120_000), (21, 3000)])
            _ = try await push(image, to: "\(registry.host)/base/os:1", client: client)
            let (_, destination) = try await push(
                image, to: "\(registry.host)/apps/web:1", client: client, mountFrom: ["base/os"])
            #expect(destination.statistics.mounted == 3)
            #expect(destination.statistics.uploaded == 0)
            #expect(registry.requests("POST", "/v2/apps/web/blobs/uploads/?mount=", status: 201).count == 3)
            #expect(registry.requests("PUT", "/v2/apps/web/blobs/uploads/").isEmpty)
            let pulled = try RegistrySource(reference: try reference("\(registry.host)/apps/web:1"), client: client)
            #expect(try await pulled.root().bytes == image.manifestBytes)
        }
    }

    @Test("a mount the registry refuses (202) falls back to an upload in the session it opened")
    func mountFallback() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let image = try TestImage(layers: [(30, 10_000)])
            let (_, destination) = try await push(
                image, to: "\(registry.host)/apps/solo:1", client: client, mountFrom: ["nowhere/empty"])
            #expect(destination.statistics.uploaded == 2)
            #expect(destination.statistics.mounted == 0)
            #expect(registry.requests("POST", "?mount=", status: 202).count == 2)
        }
    }

    @Test("chunked upload: PATCH with Content-Range following each Location, then PUT")
    func chunked() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(
                registry.host, options: RegistryOptions(retryDelay: .milliseconds(10), chunkSize: 64 << 10))
            let image = try TestImage(layers: [(40, 300_000)])
            _ = try await push(image, to: "\(registry.host)/chunky/app:1", client: client)
            // 300 000 bytes in 65 536-byte chunks: 5 PATCHes for the layer (the small config goes in one PUT).
            #expect(registry.requests("PATCH", "/v2/chunky/app/blobs/uploads/", status: 202).count == 5)
            let source = try RegistrySource(reference: try reference("\(registry.host)/chunky/app:1"), client: client)
            let location = try await source.locate(image.layers[0])
            #expect(try sha256(file: location.path) == image.layers[0].digest.description)
        }
    }

    @Test("a blob that is a region of a larger file (an archive member) uploads in chunks")
    func regionUpload() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(
                registry.host, options: RegistryOptions(retryDelay: .milliseconds(10), regionChunkSize: 50_000))
            let payload = Array((0..<120_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            let path = NSTemporaryDirectory() + "/shipshape-region-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data([UInt8](repeating: 9, count: 777) + payload + [1, 2, 3]).write(to: URL(fileURLWithPath: path))
            let descriptor = TestImage.describe(payload, mediaType: MediaType.ociLayer)
            try await client.uploadBlob(
                "region/app", descriptor, from: BlobLocation(path: path, offset: 777, length: Int64(payload.count)))
            #expect(try await client.blobExists("region/app", digest: descriptor.digest))
            #expect(registry.requests("PATCH", "/v2/region/app/blobs/uploads/", status: 202).count == 3)
        }
    }

    @Test("tags list follows Link pagination")
    func tags() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let image = try TestImage(layers: [(50, 100)])
            let destination = RegistryDestination(reference: try reference("\(registry.host)/t/app:a"), client: client)
            _ = try await ImageCopier().copy(from: image, to: destination, selection: .all, tags: ["a", "b", "c"])
            #expect(try await client.tags("t/app", pageSize: 1).sorted() == ["a", "b", "c"])
            #expect(try await client.tags("t/app").sorted() == ["a", "b", "c"])
        }
    }

    @Test("a missing repository or tag is a 404 naming the repository and the reference")
    func missing() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let error = await #expect(throws: RegistryError.self) {
                try await client.manifest("no/such", reference: "v9")
            }
            guard case .notFound(let repository, let reference, let detail) = error else {
                Issue.record("expected notFound, got \(String(describing: error))")
                return
            }
            #expect(repository == "no/such")
            #expect(reference == "v9")
            #expect(detail.contains("NAME_UNKNOWN") || detail.contains("MANIFEST_UNKNOWN"))
            #expect(error?.description.contains("HTTP 404") == true)
        }
    }
}
