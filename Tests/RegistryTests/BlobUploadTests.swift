import Foundation
import ImageFormat
import Testing

@testable import Registry

/// Issue 18: the TOCTOU on push paths. A layer file replaced or rewritten between its digest and its upload must
/// not be what the registry receives: the file is opened once and what is sent is hashed (`BlobUpload`).
@Suite("Blob uploads: the file opened once, what is sent hashed")
struct BlobUploadTests {
    static let original = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 9) })

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Every byte of `upload` read the way the transfer reads it, in 16 KiB pieces.
    static func readAll(_ upload: BlobUpload) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in
                try upload.read(into: raw, at: Int64(out.count))
            }
            if count == 0 { return out }
            out += buffer[..<count]
        }
    }

    @Test("a file renamed over the path after it was opened: the original bytes are sent, and they check")
    func replacedByRename() throws {
        let directory = NSTemporaryDirectory() + "/shipshape-blob-upload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/layer"
        try Self.write(Self.original, to: path)
        let descriptor = TestImage.describe(Self.original, mediaType: MediaType.ociLayer)
        let upload = try BlobUpload(
            path: path, offset: 0, length: Int64(Self.original.count), expected: descriptor.digest)
        var other = Self.original
        other[100] ^= 0xFF
        try Self.write(other, to: directory + "/other")
        #expect(rename(directory + "/other", path) == 0)
        #expect(try Self.readAll(upload) == Self.original)
    }

    @Test("a file rewritten in place: the read of the last byte fails, a rewind restarts the digest")
    func rewrittenInPlace() throws {
        let path = NSTemporaryDirectory() + "/shipshape-blob-upload-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        var changed = Self.original
        changed[150_000] ^= 0xFF
        try Self.write(changed, to: path)
        let descriptor = TestImage.describe(Self.original, mediaType: MediaType.ociLayer)
        let upload = try BlobUpload(path: path, offset: 0, length: Int64(changed.count), expected: descriptor.digest)
        #expect {
            _ = try Self.readAll(upload)
        } throws: { error in
            "\(error)".contains("it changed after its digest was taken")
        }
        // Read again from the start (libcurl rewinds to resend): the same answer, not a digest of two passes.
        try Self.write(Self.original, to: path)
        #expect(try Self.readAll(upload) == Self.original)
    }

    @Test("a file shorter than the blob, or not a regular file, is refused before any request")
    func refused() throws {
        let path = NSTemporaryDirectory() + "/shipshape-blob-upload-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.write(Array(Self.original.prefix(10)), to: path)
        let descriptor = TestImage.describe(Self.original, mediaType: MediaType.ociLayer)
        #expect(throws: RegistryError.self) {
            _ = try BlobUpload(path: path, offset: 0, length: Int64(Self.original.count), expected: descriptor.digest)
        }
        #expect(throws: RegistryError.self) {
            _ = try BlobUpload(path: "/dev/zero", offset: 0, length: 10, expected: descriptor.digest)
        }
    }
}

extension RegistryPushPullTests {
    @Test(
        "a layer file changed after its digest was taken: the upload stops before its last byte, nothing is stored",
        arguments: [nil, 64 << 10] as [Int?])
    func changedLayerFile(chunkSize: Int?) async throws {
        try await withLocalRegistry { registry in
            let client = makeClient(
                registry.host, options: RegistryOptions(retryDelay: .milliseconds(10), chunkSize: chunkSize))
            let path = NSTemporaryDirectory() + "/shipshape-toctou-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: path) }
            var changed = BlobUploadTests.original
            changed[199_999] ^= 0xFF
            try BlobUploadTests.write(changed, to: path)
            let descriptor = TestImage.describe(BlobUploadTests.original, mediaType: MediaType.ociLayer)
            let error = await #expect(throws: RegistryError.self) {
                try await client.uploadBlob(
                    "toctou/app", descriptor, from: BlobLocation(path: path, offset: 0, length: Int64(changed.count)))
            }
            #expect(
                error?.description.contains("it changed after its digest was taken") == true,
                "\(String(describing: error))")
            #expect(try await client.blobExists("toctou/app", digest: descriptor.digest) == false)
            // No upload was completed: the registry answered no PUT with 201 Created.
            #expect(registry.requests("PUT", "/v2/toctou/app/blobs/uploads/", status: 201).isEmpty)
            if chunkSize != nil {
                // The chunks before the last were sent; the closing PUT never was.
                #expect(registry.requests("PATCH", "/v2/toctou/app/blobs/uploads/", status: 202).count == 3)
                #expect(registry.requests("PUT", "/v2/toctou/app/blobs/uploads/").isEmpty)
            }
        }
    }
}
