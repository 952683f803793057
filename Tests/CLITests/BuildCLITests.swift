import Foundation
import TestSupport
import Testing

@Suite(
    "shipshape build options",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct BuildCLITests {
    @Test(
        "a compression level outside the compressor's range is a usage error naming the range",
        arguments: [
            ("gzip", "0", "gzip takes 1 to 9"), ("gzip", "10", "gzip takes 1 to 9"),
            ("zstd", "20", "zstd takes 1 to 19"), ("none", "3", "uncompressed layers have no level"),
        ])
    func badLevel(compression: String, level: String, expected: String) throws {
        let directory = try scratchDirectory("level")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, out, err) = try run(
            [
                "build", "--no-git", "--allow-dynamic", "--add", "x:/x", "--entrypoint", "/x", "--compression",
                compression, "--compression-level", level, "--output", "oci:out",
            ], in: directory)
        #expect(status == 64)
        #expect(out.isEmpty)
        #expect(err.contains("--compression-level '\(level)'") && err.contains(expected), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test("SHIPSHAPE_GZIP naming no engine is a usage error naming the engines")
    func badEngine() throws {
        let directory = try scratchDirectory("engine")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, out, err) = try run(
            ["build", "--no-git", "--allow-dynamic", "--add", "x:/x", "--entrypoint", "/x", "--output", "oci:out"],
            in: directory, environment: ["SHIPSHAPE_GZIP": "pigz"])
        #expect(status == 64)
        #expect(out.isEmpty)
        #expect(err.contains("SHIPSHAPE_GZIP") && err.contains("expected libdeflate or zlib"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test("--compression-level 1 writes a larger gzip layer than 9 with the same DiffID")
    func levels() throws {
        let directory = try scratchDirectory("levels")
        defer { try? FileManager.default.removeItem(at: directory) }
        let fast = try buildFixtureImage(
            in: directory, output: "oci:fast:t", extra: ["--compression-level", "1"])
        let small = try buildFixtureImage(
            in: directory, output: "oci:small:t", extra: ["--compression-level", "9"])
        let fastLayers = try LayoutReader(directory: directory.appendingPathComponent("fast")).layers(fast)
        let smallLayers = try LayoutReader(directory: directory.appendingPathComponent("small")).layers(small)
        #expect(fastLayers.count == 1 && smallLayers.count == 1)
        let fastSize = try #require(fastLayers.first?["size"] as? Int)
        let smallSize = try #require(smallLayers.first?["size"] as? Int)
        #expect(smallSize < fastSize)
    }
}
