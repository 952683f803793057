import Foundation
import ImageFormat
import TestSupport
import Testing

/// A small image written by the test itself (never a committed binary): a legacy `docker save` archive with two
/// layers that exercise the report: a deleted apt list (waste), a chmod-rewritten script, a network tool, a
/// `#!` script whose interpreter is missing, and no version labels.
enum InspectFixture {
    static func sha256(_ bytes: [UInt8]) -> Digest {
        var sink = HashingSink(MemorySink())
        try? sink.write(bytes)
        return sink.digest
    }

    static func layer(_ entries: [(TarEntry, [UInt8])]) throws -> [UInt8] {
        var writer = TarWriter(sink: MemorySink())
        for (entry, content) in entries { try writer.append(entry, content: content) }
        return try writer.finish().bytes
    }

    static func directory(_ path: String) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, kind: .directory, mode: 0o755), [])
    }

    static func file(_ path: String, _ content: [UInt8], mode: UInt32 = 0o644) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, kind: .regular, size: Int64(content.count), mode: mode), content)
    }

    static func text(_ path: String, _ content: String, mode: UInt32 = 0o644) -> (TarEntry, [UInt8]) {
        file(path, Array(content.utf8), mode: mode)
    }

    /// Writes the archive as `name` in `directory`; `architecture` goes into the config.
    static func write(to folder: URL, name: String = "app.tar", architecture: String = "amd64") throws {
        let script = "#!/bin/bash\nexec /usr/local/bin/server \"$@\"\n"
        let base = try layer([
            directory("etc"),
            text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n"),
            text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"), directory("usr"), directory("usr/bin"),
            file("usr/bin/nc", Array(repeating: 0x90, count: 3000), mode: 0o755), directory("var"),
            directory("var/lib"), directory("var/lib/apt"), directory("var/lib/apt/lists"),
            file("var/lib/apt/lists/deb.debian.org_Packages", Array(repeating: 0x41, count: 200_000)),
            directory("app"), text("app/start.sh", script),
        ])
        let cleanup = try layer([
            (TarEntry(path: "var/lib/apt/lists/.wh.deb.debian.org_Packages", kind: .regular), []),
            text("app/start.sh", script, mode: 0o755),
        ])
        let layers = [base, cleanup]
        let diffIDs = layers.map { InspectFixture.sha256($0).description }
        let config = """
            {"architecture":"\(architecture)","os":"linux","created":"2025-01-01T00:00:00Z",\
            "config":{"Cmd":["/app/start.sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},\
            "rootfs":{"type":"layers","diff_ids":["\(diffIDs[0])","\(diffIDs[1])"]},\
            "history":[{"created":"2025-01-01T00:00:00Z","created_by":"ADD rootfs.tar / # debian:12"},\
            {"created":"2025-01-01T00:00:00Z","created_by":"RUN rm -rf /var/lib/apt/lists/* && chmod +x /app/start.sh"}]}
            """
        let manifest = """
            [{"Config":"config.json","RepoTags":["app:latest"],"Layers":["0/layer.tar","1/layer.tar"]}]
            """
        let archive = try layer([
            text("config.json", config), text("manifest.json", manifest), directory("0"), file("0/layer.tar", base),
            directory("1"), file("1/layer.tar", cleanup),
        ])
        try Data(archive).write(to: folder.appendingPathComponent(name))
    }

    /// An OCI layout whose index lists two untagged manifests without platforms (one layer, two configs: amd64
    /// and arm64), which nothing in the index tells apart.
    static func writeAmbiguousLayout(to folder: URL) throws {
        let root = folder.appendingPathComponent("two")
        let blobs = root.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func blob(_ bytes: [UInt8]) throws -> Digest {
            let digest = InspectFixture.sha256(bytes)
            try Data(bytes).write(to: blobs.appendingPathComponent(digest.encoded))
            return digest
        }
        let layerBytes = try layer([text("hello.txt", "hello\n")])
        let layerDigest = try blob(layerBytes)
        var manifests: [String] = []
        for architecture in ["amd64", "arm64"] {
            let config = Array(
                """
                {"architecture":"\(architecture)","os":"linux","rootfs":{"type":"layers","diff_ids":["\(layerDigest)"]}}
                """.utf8)
            let configDigest = try blob(config)
            let manifest = Array(
                """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(configDigest)","size":\(config.count)},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\(layerDigest)","size":\(layerBytes.count)}]}
                """.utf8)
            let manifestDigest = try blob(manifest)
            manifests.append(
                #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifestDigest)","size":\#(manifest.count)}"#
            )
        }
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
        try Data(#"{"schemaVersion":2,"manifests":[\#(manifests.joined(separator: ","))]}"#.utf8).write(
            to: root.appendingPathComponent("index.json"))
    }
}

@Suite(
    "shipshape inspect golden tests",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct InspectGoldenTests {
    /// Runs `body` in a fresh directory holding the fixture images, removed afterwards.
    func withImages(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shipshape-inspect-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try InspectFixture.write(to: directory)
        try InspectFixture.writeAmbiguousLayout(to: directory)
        try body(directory)
    }

    @Test("inspect, text format") func text() throws {
        try withImages { directory in
            try expectSnapshot(
                "inspect-text", ["inspect", "docker-archive:app.tar", "--color", "never"], in: directory)
        }
    }

    @Test("inspect, JSON format") func json() throws {
        try withImages { directory in
            try expectSnapshot(
                "inspect-json", ["inspect", "docker-archive:app.tar", "--format", "json", "--fail-on", "error"],
                in: directory)
        }
    }

    @Test("several untagged manifests without platforms: exit 2 listing them") func ambiguous() throws {
        try withImages { directory in
            try expectSnapshot("inspect-ambiguous", ["inspect", "oci:two"], in: directory)
        }
    }

    @Test("--platform that the single-platform image does not match: exit 2") func platformMismatch() throws {
        try withImages { directory in
            try expectSnapshot(
                "inspect-platform-mismatch", ["inspect", "docker-archive:app.tar", "--platform", "linux/arm64"],
                in: directory)
        }
    }

    @Test("rules lists the image checks; explain shows one") func imageRules() throws {
        try withImages { directory in
            try expectSnapshot("rules-image", ["rules", "--kind", "image"], in: directory)
            try expectSnapshot("explain-image", ["explain", "SS1010"], in: directory)
        }
    }
}
