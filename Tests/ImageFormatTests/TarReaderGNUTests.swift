import Foundation
import TestSupport
import Testing

@testable import ImageFormat

/// Archives made by GNU tar itself, in each of its formats, read by TarReader and compared with GNU tar's own
/// verbose listing (`tar -tv --numeric-owner`).
@Suite(
    "Tar reader against GNU tar",
    .enabled(if: Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/tar"))))
struct TarReaderGNUTests {
    /// One line of `tar -tvf --numeric-owner --full-time`: kind, uid/gid, size, name, link target.
    struct Listed: Hashable, CustomStringConvertible {
        var kind: Character
        var uid: Int
        var gid: Int
        var size: Int64
        var path: String
        var link: String?

        var description: String { "\(kind) \(uid)/\(gid) \(size) \(path)" + (link.map { " -> \($0)" } ?? "") }
    }

    static func gnuListing(_ archive: String) throws -> [Listed] {
        let text = String(
            decoding: try Fixtures.run("/usr/bin/tar", ["-tvf", archive, "--numeric-owner", "--full-time"]),
            as: UTF8.self)
        return text.split(separator: "\n").map { line in
            // -rw-r--r-- 0/0 5 2024-01-01 00:00:00 name [-> target | link to target]
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let ids = fields[1].split(separator: "/")
            var rest = String(fields[5].drop(while: { $0 == " " }))
            var link: String?
            for marker in [" -> ", " link to "] {
                if let range = rest.range(of: marker) {
                    link = String(rest[range.upperBound...])
                    rest = String(rest[..<range.lowerBound])
                }
            }
            let path = rest.hasSuffix("/") ? String(rest.dropLast()) : rest
            return Listed(
                kind: fields[0].first ?? "?", uid: Int(ids[0]) ?? -1, gid: Int(ids[1]) ?? -1,
                size: Int64(fields[2]) ?? -1, path: path, link: link)
        }
    }

    static func ourListing(_ archive: String) throws -> [Listed] {
        let location = BlobLocation(path: archive, length: try SystemFile(reading: archive).size())
        let reader = TarReader(stream: try FileRegionStream(location), name: archive)
        var out: [Listed] = []
        while let entry = try reader.next() {
            let kind: Character =
                switch entry.kind {
                case .directory: "d"
                case .symbolicLink: "l"
                case .hardLink: "h"
                case .characterDevice: "c"
                case .blockDevice: "b"
                case .fifo: "p"
                default: "-"
                }
            out.append(
                Listed(
                    kind: kind, uid: entry.uid, gid: entry.gid,
                    size: entry.kind == .regular ? entry.sparseFileSize ?? entry.size : 0,
                    path: entry.path, link: entry.linkTarget))
        }
        return out
    }

    /// A tree with long names, a long symlink target, a hard link and a sparse file.
    static func makeTree(_ root: String) throws {
        let manager = FileManager.default
        let deep = root + "/tree/" + String(repeating: "long-directory-name/", count: 8)
        try manager.createDirectory(atPath: deep, withIntermediateDirectories: true)
        try Data("deep content\n".utf8).write(to: URL(fileURLWithPath: deep + String(repeating: "f", count: 120)))
        try Data(repeating: 65, count: 70_000).write(to: URL(fileURLWithPath: root + "/tree/plain"))
        try manager.createSymbolicLink(
            atPath: root + "/tree/symlink", withDestinationPath: String(repeating: "target/", count: 30) + "end")
        try manager.linkItem(atPath: root + "/tree/plain", toPath: root + "/tree/hardlink")
        // Sparse: 8 MiB with 4 KiB of data in the middle.
        let handle = try #require(FileHandle(forWritingAtPath: root + "/tree/plain") ?? nil)
        try handle.close()
        try Fixtures.run("/usr/bin/truncate", ["-s", "8M", root + "/tree/sparse"])
        try Fixtures.run(
            "/usr/bin/dd",
            [
                "if=/dev/urandom", "of=\(root)/tree/sparse", "bs=4096", "count=1", "seek=1000", "conv=notrunc",
            ])
    }

    @Test(
        "GNU tar's listing and ours agree",
        arguments: [
            ["--format=gnu"], ["--format=oldgnu"], ["--format=posix"], ["--format=ustar"],
            ["--format=gnu", "--sparse"], ["--format=oldgnu", "--sparse"],
            ["--format=posix", "--sparse", "--sparse-version=0.0"],
            ["--format=posix", "--sparse", "--sparse-version=0.1"],
            ["--format=posix", "--sparse", "--sparse-version=1.0"],
            ["--format=gnu", "--owner=+4000000", "--group=+5000000", "--mtime=@9999999999"],
            ["--format=posix", "--owner=+4000000", "--group=+5000000", "--mtime=@9999999999"],
        ])
    func agreesWithGNUTar(options: [String]) throws {
        try Fixtures.withDirectory { root in
            try TarReaderGNUTests.makeTree(root)
            let archive = root + "/out.tar"
            // ustar cannot hold the long names: leave them out there.
            let members =
                options.contains("--format=ustar") ? ["tree/plain", "tree/hardlink", "tree/sparse"] : ["tree"]
            try Fixtures.run("/usr/bin/tar", ["-cf", archive, "--sort=name"] + options + members, directory: root)
            let expected = try TarReaderGNUTests.gnuListing(archive)
            let actual = try TarReaderGNUTests.ourListing(archive)
            #expect(actual == expected)
            #expect(actual.count >= 3)
        }
    }

    @Test("sparse files report their real size and their stored data", arguments: ["gnu", "posix"])
    func sparseContent(format: String) throws {
        try Fixtures.withDirectory { root in
            try TarReaderGNUTests.makeTree(root)
            let archive = root + "/out.tar"
            var options = ["-cf", archive, "--sparse", "--format=\(format)"]
            if format == "posix" { options.append("--sparse-version=1.0") }
            try Fixtures.run("/usr/bin/tar", options + ["tree/sparse", "tree/plain"], directory: root)
            let reader = TarReader(
                stream: try FileRegionStream(
                    BlobLocation(path: archive, length: try SystemFile(reading: archive).size())), name: archive)
            let sparse = try #require(try reader.next())
            #expect(sparse.path == "tree/sparse")
            #expect(sparse.sparseFileSize == 8 << 20)
            #expect(sparse.size == 4096)
            let data = try reader.readContent(upTo: Int.max)
            #expect(data.count == 4096)
            let plain = try #require(try reader.next())
            #expect(plain.path == "tree/plain")
            #expect(try reader.readContent(upTo: 3) == [65, 65, 65])
        }
    }
}
