import Foundation
import ImageFormat
import TestSupport
import Testing

/// A small OCI layout written byte by byte, so a test can make it as broken or hostile as it likes: the config
/// and manifest are given as JSON text, layers as uncompressed tars.
enum HostileLayout {
    static func digest(_ bytes: [UInt8]) -> String { InspectFixture.sha256(bytes).description }

    static func descriptor(_ mediaType: String, _ bytes: [UInt8]) -> String {
        #"{"mediaType":"\#(mediaType)","digest":"\#(digest(bytes))","size":\#(bytes.count)}"#
    }

    /// A config whose `config` object is `container` (JSON text) and whose history is `history`.
    static func config(container: String = #"{"Cmd":["/app"]}"#, layers: [[UInt8]], history: [String]? = nil)
        -> [UInt8]
    {
        let diffIDs = layers.map { "\"\(digest($0))\"" }.joined(separator: ",")
        let entries = (history ?? layers.indices.map { "layer \($0)" }).map { text in
            #"{"created_by":"\#(jsonEscaped(text))"}"#
        }
        return Array(
            #"""
            {"architecture":"amd64","os":"linux","config":\#(container),\#
            "rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]},"history":[\#(entries.joined(separator: ","))]}
            """#.utf8)
    }

    /// `text` as the inside of a JSON string.
    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Writes the layout at `root`; returns the blobs directory.
    @discardableResult
    static func write(at root: URL, config: [UInt8], layers: [[UInt8]], manifest: [UInt8]? = nil) throws -> URL {
        let blobs = root.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func put(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: blobs.appendingPathComponent(String(digest(bytes).dropFirst(7))))
        }
        try put(config)
        for layer in layers { try put(layer) }
        let manifestBytes =
            manifest
            ?? Array(
                #"""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\#
                "config":\#(descriptor("application/vnd.oci.image.config.v1+json", config)),\#
                "layers":[\#(layers.map { descriptor("application/vnd.oci.image.layer.v1.tar", $0) }.joined(separator: ","))]}
                """#.utf8)
        try put(manifestBytes)
        let entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes)
        let tagged = entry.dropLast() + #","annotations":{"org.opencontainers.image.ref.name":"t"}}"#
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
        try Data(#"{"schemaVersion":2,"manifests":[\#(tagged)]}"#.utf8).write(
            to: root.appendingPathComponent("index.json"))
        return blobs
    }

    static let app = InspectFixture.file("app", Array(repeating: 0x7F, count: 64), mode: 0o755)
}

/// Issue 18: what an untrusted image, layout or repository can do, through the built binary: exit code, message,
/// bounded time, and nothing read or written outside what the user named.
@Suite(
    "hostile input through the CLI",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct HostileInputCLITests {
    func withDirectory(_ name: String, _ body: (URL) throws -> Void) throws {
        let directory = try scratchDirectory(name)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// Runs and times the binary.
    func timed(_ arguments: [String], in directory: URL, limit: Duration = .seconds(20)) throws -> (
        Int32, String, String
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try run(arguments, in: directory)
        #expect(clock.now - start < limit, "\(arguments) took \(clock.now - start)")
        return result
    }

    // MARK: row 7

    @Test("row 7: a config with User twice is refused, exit 2, naming the key")
    func duplicateUser() throws {
        try withDirectory("dup") { directory in
            let layer = try InspectFixture.layer([HostileLayout.app])
            let config = HostileLayout.config(
                container: #"{"Cmd":["/app"],"User":"65532","User":"0"}"#, layers: [layer])
            try HostileLayout.write(at: directory.appendingPathComponent("dup"), config: config, layers: [layer])
            let (status, out, err) = try timed(["inspect", "oci:dup:t"], in: directory)
            #expect(status == 2)
            #expect(out.isEmpty)
            #expect(err.contains("the key 'User' appears twice in one object at .config"), "\(err)")
        }
    }

    // MARK: row 8

    @Test("row 8: control characters from the image are escaped in text and SARIF, exact in JSON")
    func controlCharacters() throws {
        try withDirectory("ansi") { directory in
            let hostile = "evil\u{1B}]0;pwned\u{07}\u{1B}[2J\r\n0 findings"
            let layer = try InspectFixture.layer([
                HostileLayout.app, InspectFixture.file("usr/bin/\(hostile)", [1, 2], mode: 0o4755),
            ])
            let container = #"{"Cmd":["/app"],"User":"0","Labels":{"x":"a\u001b[31mb"}}"#
            let config = HostileLayout.config(container: container, layers: [layer], history: ["RUN \(hostile)"])
            try HostileLayout.write(at: directory.appendingPathComponent("ansi"), config: config, layers: [layer])
            for format in ["text", "sarif"] {
                let (status, out, err) = try timed(
                    ["inspect", "oci:ansi:t", "--format", format, "--color", "never"], in: directory)
                #expect(status == 1, "\(err)")
                let controls = out.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" && $0 != " " }
                #expect(controls.isEmpty, "\(format): \(controls.map(\.value))")
                // SARIF is JSON: the escapes' backslashes are escaped once more.
                let escaped = #"evil\x1b]0;pwned\x07\x1b[2J\r\n0 findings"#
                let shown = format == "sarif" ? escaped.replacingOccurrences(of: #"\"#, with: #"\\"#) : escaped
                #expect(out.contains(shown), "\(format)")
            }
            let (_, json, _) = try timed(["inspect", "oci:ansi:t", "--format", "json"], in: directory)
            #expect(json.contains(#"evil\u001b]0;pwned\u0007\u001b[2J\r\n0 findings"#))
        }
    }

    @Test("row 8: a NUL and an escape in a broken layer's path are escaped on stderr")
    func controlCharactersInErrors() throws {
        try withDirectory("nul") { directory in
            var layer = try InspectFixture.layer([InspectFixture.file("ok\u{1B}[2J", [1])])
            layer = Array(layer.prefix(1024))  // the end-of-archive marker cut off
            layer.removeLast(600)
            let config = HostileLayout.config(layers: [layer])
            try HostileLayout.write(at: directory.appendingPathComponent("nul"), config: config, layers: [layer])
            let (status, _, err) = try timed(["inspect", "oci:nul:t"], in: directory)
            #expect(status == 2)
            #expect(!err.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(err)")
        }
    }

    // MARK: row 1 and 14

    @Test("row 1: a layout whose blob is a symbolic link to a host file is refused, and nothing of it is copied")
    func symlinkedBlob() throws {
        try withDirectory("link") { directory in
            let secret = directory.appendingPathComponent("host-secret")
            let secretBytes = try InspectFixture.layer([InspectFixture.text("etc/shadow", "root:$6$hash:1:0::::\n")])
            try Data(secretBytes).write(to: secret)
            let layer = try InspectFixture.layer([HostileLayout.app])
            let config = HostileLayout.config(layers: [secretBytes])
            let blobs = try HostileLayout.write(
                at: directory.appendingPathComponent("evil"), config: config, layers: [secretBytes])
            // The layer blob becomes a link to the host file with the same bytes (so size and digest agree).
            let blob = blobs.appendingPathComponent(String(HostileLayout.digest(secretBytes).dropFirst(7)))
            try FileManager.default.removeItem(at: blob)
            try FileManager.default.createSymbolicLink(at: blob, withDestinationURL: secret)
            _ = layer
            for arguments in [["inspect", "oci:evil:t"], ["inspect", "--verify", "oci:evil:t"]] {
                let (status, out, err) = try timed(arguments, in: directory)
                #expect(status == 2, "\(arguments): \(err)")
                #expect(!out.contains("shadow"))
                #expect(err.contains("is a symbolic link or is reached through one"), "\(err)")
            }
            let (status, _, err) = try timed(["copy", "oci:evil:t", "oci-archive:out.tar"], in: directory)
            #expect(status == 2, "\(err)")
            let written = (try? Data(contentsOf: directory.appendingPathComponent("out.tar"))) ?? Data()
            #expect(written.range(of: Data("root:$6$hash".utf8)) == nil)
        }
    }

    @Test("row 1: a symbolic link on the way (blobs/sha256 itself, index.json) is refused too")
    func symlinkedDirectory() throws {
        try withDirectory("linkdir") { directory in
            let layer = try InspectFixture.layer([HostileLayout.app])
            let config = HostileLayout.config(layers: [layer])
            let elsewhere = directory.appendingPathComponent("elsewhere")
            try HostileLayout.write(at: elsewhere, config: config, layers: [layer])
            let evil = directory.appendingPathComponent("evil")
            try FileManager.default.createDirectory(
                at: evil.appendingPathComponent("blobs"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: evil.appendingPathComponent("blobs/sha256"),
                withDestinationURL: elsewhere.appendingPathComponent("blobs/sha256"))
            try FileManager.default.copyItem(
                at: elsewhere.appendingPathComponent("oci-layout"), to: evil.appendingPathComponent("oci-layout"))
            try FileManager.default.createSymbolicLink(
                at: evil.appendingPathComponent("index.json"),
                withDestinationURL: elsewhere.appendingPathComponent("index.json"))
            let (status, _, err) = try timed(["inspect", "oci:evil:t"], in: directory)
            #expect(status == 2)
            #expect(err.contains("evil/index.json' is a symbolic link"), "\(err)")
            try FileManager.default.removeItem(at: evil.appendingPathComponent("index.json"))
            try FileManager.default.copyItem(
                at: elsewhere.appendingPathComponent("index.json"), to: evil.appendingPathComponent("index.json"))
            let (status2, _, err2) = try timed(["inspect", "oci:evil:t"], in: directory)
            #expect(status2 == 2)
            #expect(err2.contains("/blobs/sha256/"), "\(err2)")
            #expect(err2.contains("is a symbolic link"), "\(err2)")
        }
    }

    @Test("row 14: copy refuses a destination layout whose blobs/sha256 is a link, and a FIFO as an archive")
    func destinations() throws {
        try withDirectory("dest") { directory in
            let layer = try InspectFixture.layer([HostileLayout.app])
            try HostileLayout.write(
                at: directory.appendingPathComponent("src"), config: HostileLayout.config(layers: [layer]),
                layers: [layer])
            let other = directory.appendingPathComponent("other")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            let destination = directory.appendingPathComponent("shared/blobs")
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: destination.appendingPathComponent("sha256"), withDestinationURL: other)
            let (status, _, err) = try timed(["copy", "oci:src:t", "oci:shared"], in: directory)
            #expect(status == 2, "\(err)")
            #expect(err.contains("symbolic link"), "\(err)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: other.path).isEmpty)

            let fifo = directory.appendingPathComponent("pipe.tar").path
            #expect(mkfifo(fifo, 0o644) == 0)
            let (status2, _, err2) = try timed(["copy", "oci:src:t", "oci-archive:pipe.tar"], in: directory)
            #expect(status2 == 2, "\(err2)")
            #expect(err2.contains("special file"), "\(err2)")
            var info = stat()
            #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        }
    }

    // MARK: row 2 and 3

    @Test("row 2: a path 16,384 directories deep is exit 2 with the limit, not a crash")
    func deepPath() throws {
        try withDirectory("deep") { directory in
            let path = Array(repeating: "d", count: 16_384).joined(separator: "/")
            let layer = try InspectFixture.layer([HostileLayout.app, InspectFixture.text(path, "x")])
            try HostileLayout.write(
                at: directory.appendingPathComponent("deep"), config: HostileLayout.config(layers: [layer]),
                layers: [layer])
            let (status, _, err) = try timed(["inspect", "oci:deep:t"], in: directory)
            #expect(status == 2)
            #expect(err.contains("over the limit of 4096 (Linux's PATH_MAX)"), "\(err)")
        }
    }

    // MARK: row 9

    @Test("row 9: build-argument secrets in the history are a secrets finding and redacted in text and JSON")
    func historySecrets() throws {
        try withDirectory("args") { directory in
            let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            let layer = try InspectFixture.layer([HostileLayout.app])
            let config = HostileLayout.config(
                layers: [layer], history: ["|2 AWS_SECRET_ACCESS_KEY=\(key) DB_PASSWORD=hunter22 /bin/sh -c make"])
            try HostileLayout.write(at: directory.appendingPathComponent("args"), config: config, layers: [layer])
            for format in ["text", "json", "sarif"] {
                let (status, out, _) = try timed(["inspect", "oci:args:t", "--format", format], in: directory)
                #expect(status == 1)
                #expect(!out.contains(key.prefix(8)) && !out.contains("hunter22"), "\(format)")
                #expect(out.contains("SS1085"), "\(format)")
            }
        }
    }

    // MARK: row 10

    @Test("row 10: lint does not follow a Dockerfile or .shipshape.yml linked out of the tree")
    func lintSymlinks() throws {
        try withDirectory("lintlink") { directory in
            let host = directory.appendingPathComponent("host")
            try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
            let shadow = host.appendingPathComponent("shadow")
            try "root:$6$SECRETHASH:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n".write(
                to: shadow, atomically: true, encoding: .utf8)
            let repository = directory.appendingPathComponent("repo")
            try FileManager.default.createDirectory(
                at: repository.appendingPathComponent("svc"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: repository.appendingPathComponent("svc/Dockerfile"), withDestinationURL: shadow)
            try "FROM alpine:3.21\nUSER 1000\n".write(
                to: repository.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            let (status, out, err) = try timed(["lint", "."], in: repository)
            #expect(status == 2)
            #expect(!(out + err).contains("SECRETHASH"))
            #expect(err.contains("svc/Dockerfile' is a symbolic link to a file outside"), "\(err)")

            try FileManager.default.removeItem(at: repository.appendingPathComponent("svc/Dockerfile"))
            try FileManager.default.createSymbolicLink(
                at: repository.appendingPathComponent(".shipshape.yml"), withDestinationURL: shadow)
            let (status2, out2, err2) = try timed(["lint", "."], in: repository)
            #expect(status2 == 2)
            #expect(!(out2 + err2).contains("SECRETHASH"))
            #expect(err2.contains("symbolic link to a file outside its directory"), "\(err2)")
        }
    }

    @Test("row 10: a file that is not a Dockerfile is quoted only by a short excerpt")
    func notADockerfile() throws {
        try withDirectory("shadow") { directory in
            try "root:$6$SECRETHASHSECRETHASH:19000:0:99999:7:::\n".write(
                to: directory.appendingPathComponent("shadow"), atomically: true, encoding: .utf8)
            let (status, out, _) = try timed(["lint", "shadow"], in: directory)
            #expect(status == 1)
            #expect(out.contains("unknown instruction: root:$6$SECRETHASHSE…"), "\(out)")
            #expect(!out.contains("SECRETHASHSECRETHASH"))
        }
    }

    // MARK: rows 4 and 5

    @Test("row 4: an ARG expansion bomb is a finding in bounded time")
    func expansionBomb() throws {
        try withDirectory("bomb") { directory in
            var text = "FROM alpine:3.21\nARG A0=\(String(repeating: "x", count: 100))\n"
            for level in 1...9 {
                text += "ARG A\(level)=" + String(repeating: "${A\(level - 1)}", count: 10) + "\n"
            }
            text += "RUN echo $A9\n"
            try text.write(to: directory.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            let (status, out, _) = try timed(["lint", "Dockerfile"], in: directory, limit: .seconds(10))
            #expect(status == 1)
            #expect(out.contains("expands to more than 65536 bytes"), "\(out)")
        }
    }

    @Test("row 5: a Dockerfile over 4 MiB is refused before it is read, exit 2")
    func hugeDockerfile() throws {
        try withDirectory("huge") { directory in
            let line = "RUN echo " + String(repeating: "a", count: 90) + "\n"
            let text = "FROM alpine:3.21\n" + String(repeating: line, count: 45_000)
            try text.write(to: directory.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            let (status, _, err) = try timed(["lint", "Dockerfile"], in: directory)
            #expect(status == 2)
            #expect(err.contains("over the limit of 4194304 bytes for a Dockerfile"), "\(err)")
        }
    }
}
