import Foundation
import Testing

@testable import ImageFormat

/// Issue 18 rows 1 and 14: an OCI layout's files are read, and a layout destination's written, never through a
/// symbolic link below the layout directory.
@Suite("OCI layouts and symbolic links")
struct LayoutSymlinkTests {
    @Test("a blob that is a link to a host file is refused, and so is a linked blobs/sha256")
    func readingRefusesLinks() throws {
        try Fixtures.withDirectory { directory in
            try ImageFixture.sample(compression: .none).writeOCILayout(at: directory + "/layout")
            let store = DirectoryStore(path: directory + "/layout")
            #expect(try store.read("oci-layout", limit: 1 << 10) != nil)
            try Fixtures.write(Array("host secret".utf8), to: directory + "/secret")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/layout/blobs/sha256/link", withDestinationPath: directory + "/secret")
            #expect(
                throws: ImageReadError.symbolicLink(
                    path: directory + "/layout/blobs/sha256/link", root: directory + "/layout")
            ) {
                try store.read("blobs/sha256/link", limit: 1 << 10)
            }
            #expect(throws: ImageReadError.self) { try store.locate("blobs/sha256/link") }
            #expect(try store.read("blobs/sha256/absent", limit: 1 << 10) == nil)

            try FileManager.default.moveItem(atPath: directory + "/layout/blobs/sha256", toPath: directory + "/moved")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/layout/blobs/sha256", withDestinationPath: directory + "/moved")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/moved").filter {
                $0.count == 64
            }
            let name = try #require(names.first)
            #expect(throws: ImageReadError.self) { try store.read("blobs/sha256/" + name, limit: 16 << 20) }
            #expect(mkfifo(directory + "/layout/fifo", 0o644) == 0)
            #expect(
                throws: ImageReadError.notRegularFile(path: directory + "/layout/fifo", root: directory + "/layout")
            ) {
                try store.read("fifo", limit: 1 << 10)
            }
        }
    }

    @Test("a destination whose blobs/sha256 is a link is refused; a linked blob does not count as present")
    func writingRefusesLinks() async throws {
        try await Fixtures.withDirectory { directory in
            try FileManager.default.createDirectory(
                atPath: directory + "/dest/blobs", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory + "/other", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/dest/blobs/sha256", withDestinationPath: directory + "/other")
            #expect(throws: DestinationError.self) { try OCILayoutDestination(directory: directory + "/dest") }

            let bytes = Array("blob".utf8)
            let digest = Blobs.sha256(bytes)
            let destination = try OCILayoutDestination(directory: directory + "/fresh")
            let same = directory + "/same-size"
            try Fixtures.write(bytes, to: same)
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/fresh/blobs/sha256/" + digest.encoded, withDestinationPath: same)
            let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: digest, size: Int64(bytes.count))
            #expect(try await destination.hasBlob(descriptor) == false)
            try await destination.putBlob(descriptor, bytes: bytes)
            let attributes = try FileManager.default.attributesOfItem(
                atPath: directory + "/fresh/blobs/sha256/" + digest.encoded)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular)
            #expect(try String(contentsOfFile: same, encoding: .utf8) == "blob")
        }
    }
}
