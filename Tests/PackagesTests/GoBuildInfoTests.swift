import Packages
import Testing

@Suite("Go build information")
struct GoBuildInfoTests {
    static let modules = """
        path\texample.com/app/cmd/server
        mod\texample.com/app\t(devel)\t
        dep\tgithub.com/spf13/cobra\tv1.8.0\th1:abc=
        dep\tgolang.org/x/net\tv0.20.0\th1:def=
        =>\tgolang.org/x/net\tv0.23.0\th1:ghi=
        build\t-compiler=gc

        """

    @Test("found in any chunking of the stream", arguments: [1, 7, 16, 4096, 4105, 1 << 20])
    func chunked(size: Int) {
        let bytes = Fixture.goExecutable(modules: Self.modules)
        var search = GoBuildInfoSearch()
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            let more = bytes[offset..<end].withUnsafeBytes { search.consume($0) }
            offset = end
            if !more { break }
        }
        #expect(search.found?.starts(with: GoBuildInfoSearch.magic) == true)
        #expect(search.found?.count == bytes.count - 4096)
    }

    @Test("not ELF, or no build information: nothing found, and the search stops early on non-ELF")
    func negative() {
        var script = GoBuildInfoSearch()
        let text = Array("#!/bin/sh\necho \u{ff} Go buildinf:\n".utf8)
        #expect(text.withUnsafeBytes { script.consume($0) } == false)
        #expect(script.found == nil)
        var elf = GoBuildInfoSearch()
        let plain: [UInt8] = [0x7f, 0x45, 0x4c, 0x46] + [UInt8](repeating: 0, count: 10000)
        #expect(plain.withUnsafeBytes { elf.consume($0) } == true)
        #expect(elf.found == nil)
    }

    @Test("the main module, dependencies with replacements, and the standard library")
    func modules() async throws {
        let inventory = try await Fixture.inventory([
            [Fixture.bytes("usr/local/bin/server", Fixture.goExecutable(modules: Self.modules), mode: 0o755)]
        ])
        #expect(
            inventory.packages.map { "\($0.name)@\($0.version)" } == [
                "example.com/app@(devel)", "github.com/spf13/cobra@v1.8.0", "golang.org/x/net@v0.23.0",
                "stdlib@go1.22.5",
            ])
        #expect(
            inventory.packages.map(\.purl) == [
                "pkg:golang/example.com/app", "pkg:golang/github.com/spf13/cobra@v1.8.0",
                "pkg:golang/golang.org/x/net@v0.23.0", "pkg:golang/stdlib@go1.22.5",
            ])
        #expect(inventory.packages.allSatisfy { $0.locations == ["/usr/local/bin/server"] })
    }

    @Test("broken build information: a note naming the file and layer, the rest of the image still listed")
    func broken() async throws {
        var truncated = Fixture.goExecutable(modules: Self.modules, trailing: 0)
        truncated.removeLast(40)
        var old = Fixture.goExecutable(modules: Self.modules)
        old[4096 + 15] = 0  // flags without "inline strings": a Go release before 1.18
        let inventory = try await Fixture.inventory([
            [Fixture.status([Fixture.stanza("bash", "5.2")])],
            [
                Fixture.bytes("usr/bin/cut", truncated, mode: 0o755),
                Fixture.bytes("usr/bin/old", old, mode: 0o755),
                Fixture.bytes("usr/bin/huge-varint", Fixture.goExecutable(version: "", modules: ""), mode: 0o755),
            ],
        ])
        #expect(inventory.packages.map(\.name) == ["bash"])
        #expect(
            inventory.notes.map(\.description) == [
                "/usr/bin/cut (layer 1): the build information is cut off",
                "/usr/bin/huge-varint (layer 1): malformed build information: the Go version is not 'go…'",
                "/usr/bin/old (layer 1): build information of a Go release before 1.18 (pointers, not inline strings): not read",
            ])
    }
}
