import ImageAnalysis
import ImageFormat
import Testing

/// Issue 18 row 2: every walk over a path is a loop, not one recursion a component. The entries here are built in
/// memory, past the tar reader's depth limit, so the walks themselves are what is tested (one recursion a level
/// overflowed the stack at 16,384 levels in `DiveCompat`, 131,072 in `MergedFilesystem`).
@Suite("Deep paths")
struct DeepPathTests {
    static let depth = 100_000

    /// `d/d/…/d` `depth` levels deep, and a file in it.
    static func deepLayer(depth: Int = depth) -> [Layer.Item] {
        let directory = Array(repeating: "d", count: depth).joined(separator: "/")
        return [Layer.dir(directory), Layer.file(directory + "/f", 10)]
    }

    @Test("dive's numbers for a layer 100,000 directories deep, and one stacked on it")
    func diveDeep() {
        let layers = [Self.deepLayer(), Self.deepLayer()].map { $0.map(\.entry) }
        let result = DiveCompat.compute(layers: layers)
        #expect(result.wastedBytes == 20)
    }

    @Test("an opaque whiteout at the root over a tree 100,000 directories deep")
    func opaqueOverDeepTree() {
        let fs = merged([Self.deepLayer(), [(TarEntry(path: ".wh..wh..opq", kind: .regular), [])] + Self.deepLayer()])
        #expect(fs.shadowedBytes == 10)
        let leaf = "/" + Array(repeating: "d", count: Self.depth).joined(separator: "/") + "/f"
        #expect(fs.lookup(leaf)?.layer == 1)
    }

    @Test("a whiteout of the top of a tree 100,000 directories deep")
    func whiteoutOfDeepTree() {
        let fs = merged([Self.deepLayer(), [Layer.whiteout("d")]])
        #expect(fs.shadowedBytes == 10)
        #expect(fs.lookup("/d") == nil)
    }
}
