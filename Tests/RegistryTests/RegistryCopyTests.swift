import Foundation
import ImageFormat
import TestSupport
import Testing

@testable import Registry

@Suite("Copies between a registry and local formats", .needsRegistry)
struct RegistryCopyTests {
    @Test("registry to OCI layout streams verified blobs into the layout, keeping the manifest digest")
    func registryToLayout() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let image = try TestImage(layers: [(70, 150_000), (71, 20_000)])
            let destination = RegistryDestination(
                reference: try reference("\(registry.host)/copy/app:1"), client: client)
            _ = try await ImageCopier().copy(from: image, to: destination, selection: .all, tags: destination.tags)

            let layout = NSTemporaryDirectory() + "/shipshape-copy-layout-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: layout) }
            let source = try RegistrySource(reference: try reference("\(registry.host)/copy/app:1"), client: client)
            let written = try await ImageCopier().copy(
                from: source, to: try OCILayoutDestination(directory: layout), selection: .platform(.host), tags: ["1"])
            #expect(written.digest == image.manifestDescriptor.digest)
            for blob in image.layers + [image.config, image.manifestDescriptor] {
                #expect(try sha256(file: "\(layout)/blobs/sha256/\(blob.digest.encoded)") == blob.digest.description)
            }
            let index = try String(contentsOfFile: layout + "/index.json", encoding: .utf8)
            #expect(index.contains(image.manifestDescriptor.digest.description))
            // Nothing but blobs in the layout: no partial files left behind.
            let names = try FileManager.default.contentsOfDirectory(atPath: layout + "/blobs/sha256")
            #expect(Set(names) == Set((image.layers + [image.config, image.manifestDescriptor]).map(\.digest.encoded)))
        }
    }

    @Test("an index is copied whole with --all-platforms, or resolved to the asked platform")
    func indexes() async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(registry.host)
            let amd = try TestImage(layers: [(80, 1000)], label: "amd64")
            let arm = try TestImage(layers: [(81, 1000)], label: "arm64")
            let index = Index(manifests: [
                withPlatform(amd.manifestDescriptor, Platform(os: "linux", architecture: "amd64")),
                withPlatform(arm.manifestDescriptor, Platform(os: "linux", architecture: "arm64")),
            ])
            let indexImage = try IndexImage(index: index, children: [amd, arm])
            let destination = RegistryDestination(
                reference: try reference("\(registry.host)/multi/app:1"), client: client)
            let pushed = try await ImageCopier().copy(
                from: indexImage, to: destination, selection: .all, tags: destination.tags)
            #expect(pushed.digest == indexImage.descriptor.digest)
            let source = try RegistrySource(reference: try reference("\(registry.host)/multi/app:1"), client: client)
            #expect(try await source.root().bytes == indexImage.bytes)

            let single = RegistryDestination(reference: try reference("\(registry.host)/multi/arm:1"), client: client)
            let chosen = try await ImageCopier().copy(
                from: source, to: single, selection: .platform(Platform(os: "linux", architecture: "arm64")),
                tags: single.tags)
            #expect(chosen.digest == arm.manifestDescriptor.digest)
            let missing = RegistryDestination(
                reference: try reference("\(registry.host)/multi/s390x:1"), client: client)
            await #expect(throws: RegistryError.self) {
                try await ImageCopier().copy(
                    from: source, to: missing, selection: .platform(Platform(os: "linux", architecture: "s390x")),
                    tags: missing.tags)
            }
        }
    }

    func withPlatform(_ descriptor: Descriptor, _ platform: Platform) -> Descriptor {
        var copy = descriptor
        copy.platform = platform
        return copy
    }
}

/// An index over test images, as an `ImageSource`.
final class IndexImage: ImageSource, @unchecked Sendable {
    // @unchecked: immutable after init.
    let bytes: [UInt8]
    let descriptor: Descriptor
    let children: [TestImage]
    var name: String { "test-index" }

    init(index: Index, children: [TestImage]) throws {
        bytes = try CanonicalJSON.encode(index)
        let stored = TestImage.describe(bytes, mediaType: MediaType.ociIndex)
        descriptor = stored
        self.children = children
    }

    func root() async throws -> (descriptor: Descriptor, bytes: [UInt8]) { (descriptor, bytes) }

    func owner(_ descriptor: Descriptor) throws -> TestImage {
        guard
            let child = children.first(where: { child in
                child.manifestDescriptor.digest == descriptor.digest || child.config.digest == descriptor.digest
                    || child.layers.contains { $0.digest == descriptor.digest }
            })
        else { throw TestFailure("no blob \(descriptor.digest)") }
        return child
    }

    func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        let child = try owner(descriptor)
        if child.manifestDescriptor.digest == descriptor.digest { return child.manifestBytes }
        return try await child.fetch(descriptor, limit: limit)
    }

    func locate(_ descriptor: Descriptor) async throws -> BlobLocation {
        try await owner(descriptor).locate(descriptor)
    }
}
