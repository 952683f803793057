import ImageAnalysis
import ImageFormat
import Testing

/// Issue 18 row 17: `layers` is linear in the number of layers.
@Suite("Layer sharing")
struct LayerSharingTests {
    static func image(_ name: String, diffIDs: [Digest]) -> ImageMetadata {
        ImageMetadata(
            name: name,
            config: ImageConfiguration(architecture: "amd64", os: "linux", rootfs: RootFS(diffIDs: diffIDs)),
            layers: diffIDs.map { _ in .init(compressedSize: 10) })
    }

    @Test("two images of 24,000 layers, sharing the first 12,000: bounded time, each shared layer listed once")
    func manyLayers() throws {
        let diffIDs = try (0..<36_000).map { index in
            try Digest("sha256:" + String(repeating: "0", count: 56) + String(index, radix: 16).leftPadded(to: 8))
        }
        let first = Self.image("a", diffIDs: Array(diffIDs[0..<24_000]))
        let second = Self.image("b", diffIDs: Array(diffIDs[0..<12_000] + diffIDs[24_000..<36_000]))
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = LayerSharing([first, second]).text() }
        #expect(elapsed < .seconds(30))
        let lines = text.split(separator: "\n")
        #expect(lines.filter { $0.hasSuffix(" a, b") }.count == 12_000)
        #expect(lines.filter { $0.hasSuffix(" a") }.count == 12_000)
        #expect(lines.filter { $0.hasSuffix(" b") && !$0.hasSuffix(", b") }.count == 12_000)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
