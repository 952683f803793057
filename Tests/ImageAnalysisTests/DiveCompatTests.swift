import ImageAnalysis
import ImageFormat
import Testing

@Suite("dive-compatible efficiency")
struct DiveCompatTests {
    func compute(_ layers: [[Layer.Item]]) -> DiveCompat {
        DiveCompat.compute(layers: layers.map { $0.map(\.entry) })
    }

    @Test("a hand-worked image: overwrite, whiteout of a file, whiteout of a directory")
    func handWorked() {
        // L0 leaves: /bin/tool 100, /etc/conf 10.
        // L1 leaves: /etc/conf 20; /bin/.wh.tool → /bin/tool was a file in the lower stack: size 0.
        // L2 leaf: /.wh.etc → /etc was a directory below: etc (0) + conf (20, after L1) = 20.
        // Paths: /bin/tool cum 100 min 0 (seen twice), /etc/conf cum 30 min 10 (twice), /etc cum 20 min 20 (once).
        // efficiency = (0 + 10 + 20) / (100 + 30 + 20) = 0.2; wasted = 100 + 30 = 130;
        // user size = tar sizes of L1 + L2 = 20; userWastedPercent = 130 / 20 = 6.5.
        let result = compute([
            [Layer.dir("bin"), Layer.file("bin/tool", 100), Layer.dir("etc"), Layer.file("etc/conf", 10)],
            [Layer.dir("etc"), Layer.file("etc/conf", 20), Layer.dir("bin"), Layer.whiteout("bin/tool")],
            [Layer.whiteout("etc")],
        ])
        #expect(result.efficiency == 0.2)
        #expect(result.wastedBytes == 130)
        #expect(result.userWastedPercent == 6.5)
    }

    @Test("a whiteout of a path absent below stops dive's visit of that layer and leaves a minimum of -1")
    func abortQuirk() {
        // L0: /a 10. L1: .wh.zzz sorts before b: /zzz is not in the stack, dive returns an error, b is never
        // visited. /zzz keeps min -1, cum 0. efficiency = (10 - 1) / 10 = 0.9; wasted 0; user size 5 → 0.
        let result = compute([[Layer.file("a", 10)], [Layer.whiteout("zzz"), Layer.file("b", 5)]])
        #expect(result.efficiency == 0.9)
        #expect(result.wastedBytes == 0)
        #expect(result.userWastedPercent == 0)
    }

    @Test("a single-layer image: nothing above layer 0, never NaN")
    func singleLayer() {
        let result = compute([[Layer.file("a", 10)]])
        #expect(result.efficiency == 1)
        #expect(result.userWastedPercent == 0)
        #expect(compute([]).efficiency == 1)
    }

    @Test("opaque markers are ignored like dive does; the live copy counts as waste")
    func opaqueIgnored() {
        // L0: d/x 100. L1: d/.wh..wh..opq, d/x 100. The opaque marker is dropped; /d/x seen twice: cum 200,
        // min 100. efficiency 0.5, wasted 200, user size 100 → 2.
        let result = compute([[Layer.dir("d"), Layer.file("d/x", 100)], [Layer.opaque("d"), Layer.file("d/x", 100)]])
        #expect(result.efficiency == 0.5)
        #expect(result.wastedBytes == 200)
        #expect(result.userWastedPercent == 2)
    }
}
