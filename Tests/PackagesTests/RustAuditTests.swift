import Foundation
import Packages
import TestSupport
import Testing

/// Rust executables with `cargo auditable` data: a real ELF (this machine's /usr/bin/true) given a `.dep-v0`
/// section by objcopy, holding zlib-compressed JSON in auditable-serde's shape, as cargo-auditable writes it.
enum RustFixture {
    static let json = """
        {"packages":[{"name":"adler","version":"1.0.2","source":"crates.io"},\
        {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},\
        {"name":"serde","version":"1.0.197","source":"crates.io","dependencies":[]},\
        {"name":"shipshape-demo","version":"0.3.0","source":"local","dependencies":[0,2],"root":true}]}
        """

    static let available = TestProcess.exists("objcopy") && TestProcess.exists("python3")

    /// The ELF with the section, compressed at `level` (9 gives zlib's 0x78 0xDA header, 6 0x78 0x9C, 1 0x78 0x01).
    static func executable(json: String = json, level: Int = 9) throws -> [UInt8] {
        let directory = try TestFiles.temporaryDirectory("sbom-rust")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(json.utf8).write(to: URL(fileURLWithPath: directory + "/audit.json"))
        try TestProcess.output(
            "python3",
            [
                "-c",
                "import sys, zlib; open(sys.argv[2], 'wb').write(zlib.compress(open(sys.argv[1], 'rb').read(), \(level)))",
                directory + "/audit.json", directory + "/audit.z",
            ])
        try TestProcess.output(
            "objcopy", ["--add-section", ".dep-v0=\(directory)/audit.z", "/usr/bin/true", directory + "/app"])
        return Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/app")))
    }
}

@Suite(
    "Rust cargo-auditable", .enabled(if: Requirement.met(RustFixture.available), "needs objcopy (binutils) and python3")
)
struct RustAuditTests {
    @Test("the runtime crates, with cargo PURLs; build-time crates left out", arguments: [9, 6, 1])
    func crates(level: Int) async throws {
        let inventory = try await Fixture.inventory([
            [Fixture.bytes("usr/local/bin/demo", try RustFixture.executable(level: level), mode: 0o755)]
        ])
        #expect(inventory.notes == [])
        let crates = inventory.packages.filter { $0.type == .rust }
        #expect(crates.map(\.name) == ["adler", "serde", "shipshape-demo"])
        #expect(
            crates.map(\.purl) == [
                "pkg:cargo/adler@1.0.2", "pkg:cargo/serde@1.0.197", "pkg:cargo/shipshape-demo@0.3.0",
            ])
        #expect(crates.allSatisfy { $0.locations == ["/usr/local/bin/demo"] && $0.addedIn.index == 0 })
        #expect(PackageType.rust.languageEcosystem == "crates.io")
    }

    @Test("found in any chunking of the stream", arguments: [1, 7, 600, 4096, 65536, 1 << 20])
    func chunked(size: Int) throws {
        let bytes = try RustFixture.executable()
        var search = GoBuildInfoSearch()
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            let more = bytes[offset..<end].withUnsafeBytes { search.consume($0) }
            offset = end
            if !more { break }
        }
        #expect(search.found.map { String(decoding: $0, as: UTF8.self) } == RustFixture.json)
    }

    @Test("an executable without the section, and malformed JSON in one: nothing, and a note")
    func absentAndMalformed() async throws {
        let plain = Array(try Data(contentsOf: URL(fileURLWithPath: "/usr/bin/true")))
        let malformed = try RustFixture.executable(json: #"{"packages":[{"name":1}"#)
        let inventory = try await Fixture.inventory([
            [
                Fixture.bytes("usr/bin/true", plain, mode: 0o755),
                Fixture.bytes("usr/bin/bad", malformed, mode: 0o755),
            ]
        ])
        #expect(inventory.packages.isEmpty)
        #expect(
            inventory.notes.map(\.description) == [
                "/usr/bin/bad (layer 0): malformed cargo-auditable dependency data: not read"
            ])
    }
}
