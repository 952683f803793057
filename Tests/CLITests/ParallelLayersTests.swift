import Foundation
import ImageFormat
import TestSupport
import Testing

/// The layers of an image are read in parallel (one task a layer, as many at a time as there are cores) and must
/// come back in layer order whatever finished first. At 9eb7014 the release build trapped ("Index out of range",
/// SIGILL) on every image of two layers or more, and through a registry gave one layer's entries to another: the
/// debug build never did. scripts/check.sh runs these tests against the release binary (`SHIPSHAPE_BIN`).
@Suite(
    "inspect reads layers in parallel, in order",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct ParallelLayersTests {
    /// Layer `n` adds `d<n>/` with 20·(n+1) files of distinct sizes and, from layer 1 on, deletes one file of the
    /// layer below: each layer's report (entry count, content bytes, created-by) tells which tar it was given.
    static func write(layers count: Int, to folder: URL) throws -> [(entries: Int, bytes: Int64)] {
        var layers: [[UInt8]] = []
        var expected: [(entries: Int, bytes: Int64)] = []
        for index in 0..<count {
            var entries = [InspectFixture.directory("d\(index)")]
            var bytes: Int64 = 0
            for file in 0..<(20 * (index + 1)) {
                let size = 100 + 37 * file + index
                entries.append(InspectFixture.file("d\(index)/f\(file)", Array(repeating: 0x61, count: size)))
                bytes += Int64(size)
            }
            if index > 0 { entries.append((TarEntry(path: "d\(index - 1)/.wh.f1", kind: .regular), [])) }
            layers.append(try InspectFixture.layer(entries))
            expected.append((entries.count, bytes))
        }
        let diffIDs = layers.map { "\"\(InspectFixture.sha256($0))\"" }.joined(separator: ",")
        let history = (0..<count).map { #"{"created_by":"RUN step \#($0)"}"# }.joined(separator: ",")
        let config = """
            {"architecture":"amd64","os":"linux","config":{"Cmd":["/d0/f0"]},\
            "rootfs":{"type":"layers","diff_ids":[\(diffIDs)]},"history":[\(history)]}
            """
        let names = (0..<count).map { "\"\($0)/layer.tar\"" }.joined(separator: ",")
        var members = [
            InspectFixture.text("config.json", config),
            InspectFixture.text(
                "manifest.json", #"[{"Config":"config.json","RepoTags":["app:1.0.0"],"Layers":[\#(names)]}]"#),
        ]
        for (index, layer) in layers.enumerated() {
            members += [InspectFixture.directory("\(index)"), InspectFixture.file("\(index)/layer.tar", layer)]
        }
        try Data(try InspectFixture.layer(members)).write(to: folder.appendingPathComponent("layers.tar"))
        return expected
    }

    @Test(
        "2, 3 and 7 layers: 20 runs each, every layer's report is its own tar's, every run the same",
        arguments: [2, 3, 7])
    func layersInOrder(count: Int) throws {
        let directory = URL(fileURLWithPath: try TestFiles.temporaryDirectory("shipshape-parallel"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try Self.write(layers: count, to: directory)
        var first: String?
        for attempt in 1...20 {
            let (status, out, err) = try run(
                ["inspect", "docker-archive:layers.tar", "--format", "json", "--fail-on", "none"], in: directory)
            try #require(status == 0, "run \(attempt): exit \(status), stderr: \(err)")
            if let first {
                #expect(out == first, "run \(attempt) differs from run 1")
                continue
            }
            first = out
            let report = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            let layers = try #require(report["layers"] as? [[String: Any]])
            try #require(layers.count == count)
            for (index, layer) in layers.enumerated() {
                #expect(layer["createdBy"] as? String == "RUN step \(index)", "layer \(index): \(layer)")
                #expect(layer["entries"] as? Int == expected[index].entries, "layer \(index): \(layer)")
                #expect((layer["contentBytes"] as? NSNumber)?.int64Value == expected[index].bytes, "layer \(index)")
            }
        }
    }
}
