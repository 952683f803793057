import ImageAnalysis
import ImageFormat
import Testing

@Suite("Merged filesystem and shadowed bytes")
struct MergedFilesystemTests {
    @Test("a file overwritten by a later layer: the lower copy is shadowed")
    func overwrite() {
        // L0 stores /a (100 bytes); L1 stores /a again (30). The 100 bytes of L0 are unreachable: 100.
        let fs = merged([[Layer.file("a", 100)], [Layer.file("a", 30)]])
        #expect(fs.shadowedBytes == 100)
        #expect(fs.lookup("/a")?.size == 30)
        #expect(fs.lookup("a")?.layer == 1)
        let blob = fs.shadowedBlobs.first
        #expect(blob?.layer == 0)
        #expect(blob?.hiddenBy == 1)
        #expect(blob?.cause == .overwritten)
    }

    @Test("a rewrite with the same size (chmod) is called out as such")
    func chmodRewrite() {
        // L1 rewrites /app with the same 1000 bytes and a new mode: 1000 shadowed, cause rewritten-same-size.
        let fs = merged([[Layer.file("app", 1000)], [Layer.file("app", 1000, mode: 0o755)]])
        #expect(fs.shadowedBytes == 1000)
        #expect(fs.shadowedBlobs.first?.cause == .rewrittenSameSize)
    }

    @Test("a whiteout deletes a file and a directory with its whole subtree")
    func whiteouts() {
        // L0: d/x (200), d/y (50), e/f (7). L1 whites out d/x: 200. L2 whites out e: its f (7). Total 207.
        let fs = merged([
            [Layer.dir("d"), Layer.file("d/x", 200), Layer.file("d/y", 50), Layer.dir("e"), Layer.file("e/f", 7)],
            [Layer.whiteout("d/x")],
            [Layer.whiteout("e")],
        ])
        #expect(fs.shadowedBytes == 207)
        #expect(fs.lookup("/d/x") == nil)
        #expect(fs.lookup("/d/y")?.size == 50)
        #expect(fs.lookup("/e") == nil)
        #expect(fs.shadowedBlobs.map(\.cause) == [.deleted, .deleted])
        #expect(fs.shadowedBlobs.map(\.hiddenBy) == [1, 2])
    }

    @Test("a whiteout and a re-creation in the same layer: lower subtree gone, this layer's entries stay")
    func whiteoutThenRecreate() {
        // L0: d/x (200), d/y (50). L1: .wh.d, then d/ and d/z (10): x and y are shadowed (250), z lives.
        let fs = merged([
            [Layer.dir("d"), Layer.file("d/x", 200), Layer.file("d/y", 50)],
            [Layer.whiteout("d"), Layer.dir("d"), Layer.file("d/z", 10)],
        ])
        #expect(fs.shadowedBytes == 250)
        #expect(fs.children(of: "/d") == ["z"])
    }

    @Test("a whiteout never hides an entry of its own layer, whatever the order")
    func whiteoutSameLayerEntry() {
        // L0: f (8). L1: f (5) then .wh.f. The L1 f overwrote L0's (8 shadowed); the whiteout only applies to lower
        // layers, so f (5) stays.
        let fs = merged([[Layer.file("f", 8)], [Layer.file("f", 5), Layer.whiteout("f")]])
        #expect(fs.shadowedBytes == 8)
        #expect(fs.lookup("/f")?.size == 5)
    }

    @Test("an opaque directory hides lower children, not those of its own layer before or after the marker")
    func opaque() {
        // L0: d/x (100), d/sub/y (40), d/keep? no: everything under d from L0 goes: 140.
        // L1: d/, d/new (5) before the marker, the marker, d/late (7) after it, d/sub/z (3): all of L1 stays.
        let fs = merged([
            [Layer.dir("d"), Layer.file("d/x", 100), Layer.dir("d/sub"), Layer.file("d/sub/y", 40)],
            [
                Layer.dir("d"), Layer.file("d/new", 5), Layer.opaque("d"), Layer.file("d/late", 7),
                Layer.file("d/sub/z", 3),
            ],
        ])
        #expect(fs.shadowedBytes == 140)
        #expect(fs.children(of: "/d") == ["late", "new", "sub"])
        #expect(fs.children(of: "/d/sub") == ["z"])
        #expect(fs.shadowedBlobs.allSatisfy { $0.cause == .opaqueDirectory })
    }

    @Test("an opaque marker after this layer's own subdirectory prunes only the lower part of it")
    func opaqueAfterOwnSubdirectory() {
        // L0: d/sub/y (40), d/sub/w (2). L1: d/sub/z (3) first, then d/.wh..wh..opq: y and w (42) go, z stays.
        let fs = merged([
            [Layer.dir("d"), Layer.dir("d/sub"), Layer.file("d/sub/y", 40), Layer.file("d/sub/w", 2)],
            [Layer.file("d/sub/z", 3), Layer.opaque("d")],
        ])
        #expect(fs.shadowedBytes == 42)
        #expect(fs.children(of: "/d/sub") == ["z"])
    }

    @Test("a non-directory replaces a lower directory with all it holds")
    func fileReplacesDirectory() {
        // L0: d/x (10), d/e/y (20). L1: d is a 3-byte file. 30 shadowed.
        let fs = merged([
            [Layer.dir("d"), Layer.file("d/x", 10), Layer.dir("d/e"), Layer.file("d/e/y", 20)],
            [Layer.file("d", 3)],
        ])
        #expect(fs.shadowedBytes == 30)
        #expect(fs.lookup("/d")?.entry.kind == .regular)
        #expect(fs.lookup("/d/x") == nil)
        #expect(fs.shadowedBlobs.allSatisfy { $0.cause == .replaced })
    }

    @Test("a directory over a lower non-directory replaces it")
    func directoryReplacesFile() {
        // L0: p is a 9-byte file. L1: p/ and p/q (1). 9 shadowed.
        let fs = merged([[Layer.file("p", 9)], [Layer.dir("p"), Layer.file("p/q", 1)]])
        #expect(fs.shadowedBytes == 9)
        #expect(fs.lookup("/p/q")?.size == 1)
    }

    @Test("an implicit parent directory replaces a lower non-directory too")
    func implicitDirectoryReplacesFile() {
        // L0: p (9 bytes). L1 has only p/q (1), no entry for p: p must be a directory now; 9 shadowed.
        let fs = merged([[Layer.file("p", 9)], [Layer.file("p/q", 1)]])
        #expect(fs.shadowedBytes == 9)
    }

    @Test("a hard-linked blob stays alive while any of its names is visible")
    func hardLinks() {
        // L0: a (100) and b → a share one blob. L1 deletes a: b still reaches it: 0. L2 deletes b: 100.
        let base: [Layer.Item] = [Layer.file("a", 100), Layer.hardLink("b", to: "a")]
        #expect(merged([base]).shadowedBytes == 0)
        #expect(merged([base, [Layer.whiteout("a")]]).shadowedBytes == 0)
        #expect(merged([base, [Layer.whiteout("a")]]).lookup("/b")?.size == 100)
        let gone = merged([base, [Layer.whiteout("a")], [Layer.whiteout("b")]])
        #expect(gone.shadowedBytes == 100)
        #expect(gone.shadowedBlobs.first?.hiddenBy == 2)
    }

    @Test("a hard link overwritten by a regular file releases only its name")
    func hardLinkOverwritten() {
        // L0: a (100), b → a. L1: b is a new 4-byte file; a still holds the blob: 0. L2 deletes a: 100.
        let base: [Layer.Item] = [Layer.file("a", 100), Layer.hardLink("b", to: "a")]
        #expect(merged([base, [Layer.file("b", 4)]]).shadowedBytes == 0)
        #expect(merged([base, [Layer.file("b", 4)], [Layer.whiteout("a")]]).shadowedBytes == 100)
    }

    @Test("hard links inside a directory hidden by an opaque marker die with it")
    func hardLinksUnderOpaque() {
        // L0: d/a (64), d/b → d/a, c → d/a (outside d). L1: d opaque. c keeps the blob alive: 0.
        let base: [Layer.Item] = [
            Layer.dir("d"), Layer.file("d/a", 64), Layer.hardLink("d/b", to: "d/a"), Layer.hardLink("c", to: "d/a"),
        ]
        #expect(merged([base, [Layer.opaque("d")]]).shadowedBytes == 0)
        #expect(merged([base, [Layer.opaque("d")], [Layer.whiteout("c")]]).shadowedBytes == 64)
    }

    @Test("a file written twice in one layer: the first copy is stored and unreachable")
    func duplicateInOneLayer() {
        let fs = merged([[Layer.file("x", 11), Layer.file("x", 2)]])
        #expect(fs.shadowedBytes == 11)
    }

    @Test("symbolic links resolve inside the image, relative and absolute, with a loop limit")
    func symlinks() {
        let fs = merged([
            [
                Layer.dir("usr/bin"), Layer.file("usr/bin/python3.12", 10, mode: 0o755),
                Layer.symlink("usr/bin/python3", to: "python3.12"), Layer.symlink("bin", to: "usr/bin"),
                Layer.symlink("usr/bin/python", to: "/bin/python3"), Layer.symlink("loop1", to: "loop2"),
                Layer.symlink("loop2", to: "/loop1"), Layer.symlink("up", to: "../../usr/bin/python"),
            ]
        ])
        #expect(fs.resolve("/bin/python").file?.path == "/usr/bin/python3.12")
        #expect(fs.resolve("/up").file?.path == "/usr/bin/python3.12")
        #expect(fs.resolve("/loop1").loop)
        #expect(fs.resolve("/missing").file == nil)
    }

    @Test("paths that climb out of the root are not applied")
    func dotDot() {
        let fs = merged([[Layer.file("../evil", 5), Layer.file("./ok", 1)]])
        #expect(fs.anomalies.invalidPaths == 1)
        #expect(fs.lookup("/ok") != nil)
    }

    @Test("100,000 files with 4,000 whiteouts apply in linear time")
    func scale() {
        var lower: [TarEntry] = []
        for directory in 0..<100 {
            lower.append(TarEntry(path: "d\(directory)/", kind: .directory))
            for file in 0..<1000 { lower.append(TarEntry(path: "d\(directory)/f\(file)", kind: .regular, size: 10)) }
        }
        var upper: [TarEntry] = []
        for index in 0..<4000 { upper.append(TarEntry(path: "d\(index % 100)/.wh.f\(index / 100)", kind: .regular)) }
        let clock = ContinuousClock()
        var fs = MergedFilesystem()
        let elapsed = clock.measure {
            fs.apply(lower)
            fs.apply(upper)
        }
        #expect(fs.shadowedBytes == 40_000)
        #expect(elapsed < .seconds(10))
    }
}

@Suite("Merged filesystem listing")
struct MergedFilesystemListingTests {
    @Test("every final path is visited once, in depth-first name order")
    func forEachFile() {
        let fs = merged([
            [Layer.dir("b"), Layer.file("b/y", 1), Layer.file("a", 2), Layer.file("b/x", 3)],
            [Layer.whiteout("b/y")],
        ])
        var paths: [String] = []
        fs.forEachFile { paths.append($0.path) }
        #expect(paths == ["/a", "/b", "/b/x"])
    }
}
