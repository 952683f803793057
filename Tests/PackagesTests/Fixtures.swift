import ImageAnalysis
import ImageFormat
import Packages

/// Images built in memory by the tests: layers of entries with their content, never committed binaries.
enum Fixture {
    typealias Item = (entry: TarEntry, content: [UInt8])

    static func file(_ path: String, _ text: String, mode: UInt32 = 0o644) -> Item {
        bytes(path, Array(text.utf8), mode: mode)
    }

    static func bytes(_ path: String, _ content: [UInt8], mode: UInt32 = 0o644) -> Item {
        (TarEntry(path: path, kind: .regular, size: Int64(content.count), mode: mode), content)
    }

    static func directory(_ path: String) -> Item {
        (TarEntry(path: path + "/", kind: .directory, mode: 0o755), [])
    }

    static func whiteout(_ path: String) -> Item {
        let parts = path.split(separator: "/")
        let name = ".wh." + (parts.last.map(String.init) ?? "")
        let parent = parts.dropLast().joined(separator: "/")
        return (TarEntry(path: parent.isEmpty ? name : parent + "/" + name, kind: .regular), [])
    }

    static func opaque(_ directory: String) -> Item {
        (TarEntry(path: directory + "/.wh..wh..opq", kind: .regular), [])
    }

    /// The inventory of in-memory layers, with a history entry a layer.
    static func inventory(_ layers: [[Item]], history: [String]? = nil) async throws -> PackageInventory {
        let config = ImageConfiguration(
            created: "2025-01-01T00:00:00Z", architecture: "amd64", os: "linux",
            rootfs: RootFS(diffIDs: []),
            history: (history ?? layers.indices.map { "RUN step \($0)" }).map { History(createdBy: $0) })
        let metadata = ImageMetadata(name: "test", config: config, layers: [])
        return try await ImageAnalyzer.inventory(metadata, layers: InMemoryLayers(layers), parallelism: 2)
    }

    static let osRelease = file(
        "usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")

    /// A dpkg stanza.
    static func stanza(
        _ name: String, _ version: String, status: String = "install ok installed", source: String? = nil,
        architecture: String = "amd64"
    ) -> String {
        var text = "Package: \(name)\nStatus: \(status)\nPriority: optional\n"
        if let source { text += "Source: \(source)\n" }
        text += "Architecture: \(architecture)\nVersion: \(version)\nDescription: \(name)\n long text\n .\n more\n"
        return text
    }

    static func status(_ stanzas: [String]) -> Item {
        file("var/lib/dpkg/status", stanzas.joined(separator: "\n"))
    }

    /// One captured file, as the image glue hands it to the catalogers.
    static func catalogFile(_ path: String, _ text: String, layer: Int = 0) -> CatalogFile {
        CatalogFile(path: path, layer: layer, content: Array(text.utf8), size: Int64(text.utf8.count))
    }

    /// A minimal ELF-looking executable with Go build information at an aligned offset.
    static func goExecutable(
        version: String = "go1.22.5", modules: String, offset: Int = 4096, trailing: Int = 5000
    ) -> [UInt8] {
        var bytes: [UInt8] = [0x7f, 0x45, 0x4c, 0x46] + [UInt8](repeating: 0, count: offset - 4)
        bytes += GoBuildInfoSearch.magic + [8, 2] + [UInt8](repeating: 0, count: 16)
        let sentinel = [UInt8](repeating: 0x30, count: 16)
        let info = sentinel + Array(modules.utf8) + sentinel
        bytes += varint(version.utf8.count) + Array(version.utf8) + varint(info.count) + info
        bytes += [UInt8](repeating: 0x90, count: trailing)
        return bytes
    }

    static func varint(_ value: Int) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }
}
