import Foundation
import ImageBuild
import ImageFormat
import TestSupport
import Testing

@Suite("shipshape build: reproducible images from files")
struct BuildTests {
    typealias Tools = BuildTestSupport

    /// A directory tree with files, an executable script, a nested directory and a symlink.
    func makeTree(_ root: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/site/css", withIntermediateDirectories: true)
        try "<h1>hi</h1>".write(toFile: root + "/site/index.html", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: root + "/site/css/main.css", atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root + "/site/home.html", withDestinationPath: "index.html")
        try "#!/bin/sh\n".write(toFile: root + "/run.sh", atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root + "/run.sh")
    }

    @Test("building twice gives the same digests, and again after touching files")
    func reproducible() async throws {
        let directory = try Tools.directory("repro")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        var spec = Tools.spec(
            [
                Addition(source: directory + "/site", destination: "/srv/site"),
                Addition(source: directory + "/run.sh", destination: "/run.sh"),
            ],
            entrypoint: ["/run.sh"])
        spec.allowDynamic = true
        let first = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/a"), tags: ["t"])
        let second = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/b"), tags: ["t"])
        #expect(first.manifest.digest == second.manifest.digest)
        #expect(first.layers.map(\.descriptor.digest) == second.layers.map(\.descriptor.digest))

        // Same content, new mtimes and a different umask-looking mode on a plain file: same image.
        let later = Date(timeIntervalSinceNow: 3600)
        for file in ["/site/index.html", "/site/css/main.css", "/run.sh", "/site"] {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: directory + file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/site/index.html")
        let third = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/c"), tags: ["t"])
        #expect(third.manifest.digest == first.manifest.digest)

        // Same inputs into an archive: the same manifest digest.
        let archived = try await ImageBuilder.build(
            spec: spec, output: .ociArchive(path: directory + "/x.tar"), tags: [])
        #expect(archived.manifest.digest == first.manifest.digest)

        // A change in content changes the digest.
        try "<h1>bye</h1>".write(toFile: directory + "/site/index.html", atomically: true, encoding: .utf8)
        let changed = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/d"), tags: ["t"])
        #expect(changed.manifest.digest != first.manifest.digest)
        #expect(
            changed.layers[1].descriptor.digest == first.layers[1].descriptor.digest, "the other layer is unchanged")
    }

    @Test("layers are normalised tars: sorted, owned by the image user, mtime SOURCE_DATE_EPOCH, links kept")
    func layerContent() async throws {
        let directory = try Tools.directory("layer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        var spec = Tools.spec(
            [
                Addition(source: directory + "/site", destination: "/srv/site"),
                Addition(source: directory + "/run.sh", destination: "/run.sh", mode: 0o750),
            ],
            entrypoint: ["/run.sh"])
        spec.layering = .one
        spec.sourceDateEpoch = 1_700_000_000
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        #expect(result.layers.count == 1)
        let layer = try #require(result.layers.first)
        let blob = directory + "/out/blobs/sha256/" + layer.descriptor.digest.encoded
        let listing = try Tools.run(["tar", "--numeric-owner", "--full-time", "-tvzf", blob])
        #expect(listing.status == 0)
        let lines = listing.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        let text = lines.joined(separator: "\n")
        let names = lines.compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(names.first == "run.sh")
        #expect(text.contains("-rwxr-x--- 65532/65532 10 2023-11-14 22:13:20 run.sh"))
        #expect(text.contains("drwxr-xr-x 0/0 0 2023-11-14 22:13:20 srv/"))
        #expect(text.contains("srv/site/home.html -> index.html"))
        #expect(text.contains("-rw-r--r-- 65532/65532 11 2023-11-14 22:13:20 srv/site/index.html"))
        #expect(result.configuration.created == "2023-11-14T22:13:20Z")
        #expect(result.configuration.config?.user == "65532:65532")
        // gzip -t checks the CRC and size trailer; the DiffID is the digest of the decompressed bytes.
        let unzipped = try Tools.run(["sh", "-c", "gzip -dc '\(blob)' | sha256sum"])
        #expect(unzipped.output.hasPrefix(layer.diffID.encoded))
    }

    @Test(
        "libdeflate and zlib layers: the same DiffIDs and config, each engine reproducible, gzip -dc gives the DiffID",
        .enabled(if: Requirement.met(GzipEngine.libdeflateUnavailable == nil), "needs libdeflate0"))
    func gzipEngines() async throws {
        let directory = try Tools.directory("engines")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        // 3 MB of counted lines: several libdeflate members and zlib batches.
        let lines = (0..<200_000).map { "line \($0) of the layer\n" }.joined()
        try lines.write(toFile: directory + "/big.txt", atomically: true, encoding: .utf8)
        func build(_ engine: GzipEngine, into name: String) async throws -> BuildResult {
            var spec = Tools.spec(
                [
                    Addition(source: directory + "/run.sh", destination: "/run.sh"),
                    Addition(source: directory + "/big.txt", destination: "/big.txt"),
                ], entrypoint: ["/run.sh"])
            spec.layering = .one
            spec.gzipEngine = engine
            return try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/" + name), tags: [])
        }
        let libdeflate = try await build(.libdeflate, into: "libdeflate")
        let zlib = try await build(.zlib, into: "zlib")
        let libdeflateLayer = try #require(libdeflate.layers.first)
        let zlibLayer = try #require(zlib.layers.first)
        #expect(libdeflateLayer.diffID == zlibLayer.diffID)
        #expect(libdeflate.config.digest == zlib.config.digest)
        #expect(libdeflateLayer.descriptor.digest != zlibLayer.descriptor.digest)
        #expect(try await build(.libdeflate, into: "again").manifest.digest == libdeflate.manifest.digest)
        for (name, layer) in [("libdeflate", libdeflateLayer), ("zlib", zlibLayer)] {
            let blob = directory + "/\(name)/blobs/sha256/" + layer.descriptor.digest.encoded
            let check = try Tools.run(["sh", "-c", "gzip -t '\(blob)' && gzip -dc '\(blob)' | sha256sum"])
            #expect(check.output.hasPrefix(layer.diffID.encoded), "\(name): \(check.output)")
            #expect(
                try Tools.run(["sh", "-c", "sha256sum < '\(blob)'"]).output.hasPrefix(layer.descriptor.digest.encoded))
        }
    }

    @Test(
        "skopeo and umoci (Go's gzip readers) read every member of a libdeflate layer",
        .enabled(if: Requirement.met(GzipEngine.libdeflateUnavailable == nil), "needs libdeflate0"),
        .enabled(
            if: Requirement.met(
                FileManager.default.isExecutableFile(atPath: "/usr/bin/skopeo")
                    && FileManager.default.isExecutableFile(atPath: "/usr/bin/umoci")), "needs skopeo and umoci"))
    func goReadsMembers() async throws {
        let directory = try Tools.directory("members")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        // 2.6 MB: three members.
        let lines = (0..<120_000).map { "line \($0) of the layer\n" }.joined()
        try lines.write(toFile: directory + "/big.txt", atomically: true, encoding: .utf8)
        var spec = Tools.spec(
            [
                Addition(source: directory + "/run.sh", destination: "/run.sh"),
                Addition(source: directory + "/big.txt", destination: "/big.txt"),
            ], entrypoint: ["/run.sh"])
        spec.layering = .one
        spec.gzipEngine = .libdeflate
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: ["t"])
        let layer = try #require(result.layers.first)
        // skopeo decompresses the layer (containers/image, pgzip) and names the result by its digest.
        let copy = try Tools.run([
            "skopeo", "copy", "-q", "--dest-decompress", "oci:\(directory)/out:t", "dir:\(directory)/dir",
        ])
        #expect(copy.status == 0, "\(copy.output)")
        #expect(FileManager.default.fileExists(atPath: directory + "/dir/" + layer.diffID.encoded))
        // umoci checks the DiffID while it unpacks.
        let unpack = try Tools.run([
            "umoci", "unpack", "--rootless", "--image", directory + "/out:t", directory + "/bundle",
        ])
        #expect(unpack.status == 0, "\(unpack.output)")
        #expect(try String(contentsOfFile: directory + "/bundle/rootfs/big.txt", encoding: .utf8) == lines)
    }

    @Test("a file with several names is stored once, its later names as tar hard links to the first")
    func hardLinks() async throws {
        let directory = try Tools.directory("hardlinks")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        let tool = String(repeating: "#!/bin/sh\necho tool\n", count: 500)
        try tool.write(toFile: directory + "/bin/tool", atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/bin/tool")
        try manager.linkItem(atPath: directory + "/bin/tool", toPath: directory + "/bin/alias")
        try manager.linkItem(atPath: directory + "/bin/tool", toPath: directory + "/bin/zeta")
        try "other".write(toFile: directory + "/bin/other", atomically: true, encoding: .utf8)
        var spec = Tools.spec(
            [
                Addition(source: directory + "/bin", destination: "/bin"),
                // The same file once more under another mode: a hard link would share the first name's mode.
                Addition(source: directory + "/bin/tool", destination: "/opt/tool", mode: 0o700),
            ], entrypoint: ["/bin/zeta"])
        spec.layering = .one
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        let layer = try #require(result.layers.first)
        let blob = directory + "/out/blobs/sha256/" + layer.descriptor.digest.encoded
        let listing = try Tools.run(["tar", "--numeric-owner", "-tvzf", blob])
        #expect(listing.status == 0)
        let lines = listing.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        // bin/alias sorts first, so it holds the bytes; bin/tool and bin/zeta link to it.
        #expect(
            lines.contains {
                $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix(" \(tool.utf8.count) 1970-01-01 00:00 bin/alias")
            })
        #expect(lines.contains { $0.hasPrefix("hrwxr-xr-x") && $0.hasSuffix("bin/tool link to bin/alias") })
        #expect(lines.contains { $0.hasPrefix("hrwxr-xr-x") && $0.hasSuffix("bin/zeta link to bin/alias") })
        #expect(lines.contains { $0.hasPrefix("-rw-r--r--") && $0.hasSuffix("bin/other") })
        #expect(
            lines.contains {
                $0.hasPrefix("-rwx------") && $0.hasSuffix(" \(tool.utf8.count) 1970-01-01 00:00 opt/tool")
            })
        // Extracted, the names are one file again, with the content.
        let unpacked = directory + "/unpacked"
        try manager.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        #expect(try Tools.run(["tar", "-xzf", blob, "-C", unpacked]).status == 0)
        let alias = try manager.attributesOfItem(atPath: unpacked + "/bin/alias")
        let zeta = try manager.attributesOfItem(atPath: unpacked + "/bin/zeta")
        #expect(alias[.systemFileNumber] as? Int == zeta[.systemFileNumber] as? Int)
        #expect(alias[.referenceCount] as? Int == 3)
        #expect(try String(contentsOfFile: unpacked + "/bin/zeta", encoding: .utf8) == tool)
    }

    @Test("uncompressed layers: DiffID equals the blob digest")
    func uncompressed() async throws {
        let directory = try Tools.directory("plain")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        var spec = Tools.spec(
            [Addition(source: directory + "/run.sh", destination: "/run.sh")], entrypoint: ["/run.sh"])
        spec.compression = .none
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        #expect(result.layers.first?.diffID == result.layers.first?.descriptor.digest)
        #expect(result.layers.first?.descriptor.mediaType == MediaType.ociLayer)
    }

    @Test("the compression level trades size for speed, and the same level gives the same digest")
    func compressionLevel() async throws {
        let directory = try Tools.directory("level")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 400 KB of words: text that level 1 and level 9 compress differently.
        let words = (0..<80_000).map { ["layer", "image", "build", "static", "binary"][($0 * 7 + $0 / 3) % 5] }
        try ("#!/bin/sh\n" + words.joined(separator: " "))
            .write(toFile: directory + "/words.txt", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/words.txt")
        func build(level: Int32, into name: String) async throws -> BuiltLayer {
            var spec = Tools.spec(
                [Addition(source: directory + "/words.txt", destination: "/words.txt")], entrypoint: ["/words.txt"])
            spec.compressionLevel = level
            return try #require(
                try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/" + name), tags: [])
                    .layers.first)
        }
        let fast = try await build(level: 1, into: "fast")
        let small = try await build(level: 9, into: "small")
        #expect(fast.diffID == small.diffID)
        #expect(small.descriptor.size < fast.descriptor.size)
        #expect(try await build(level: 9, into: "again").descriptor.digest == small.descriptor.digest)
    }

    @Test(
        "zstd layers: skopeo copies them, and the DiffID is the digest of what zstd decompresses",
        .enabled(if: Requirement.met(Tools.exists("skopeo") && Tools.exists("zstd")), "needs skopeo and zstd"))
    func zstdLayers() async throws {
        let directory = try Tools.directory("zstd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        var spec = Tools.spec(
            [
                Addition(source: directory + "/site", destination: "/site"),
                Addition(source: directory + "/run.sh", destination: "/run.sh"),
            ], entrypoint: ["/run.sh"])
        spec.compression = .zstd
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: ["z"])
        let layer = try #require(result.layers.first)
        #expect(layer.descriptor.mediaType == MediaType.ociLayerZstd)
        let blob = directory + "/out/blobs/sha256/" + layer.descriptor.digest.encoded
        let sum = try Tools.run(["sh", "-c", "zstd -dc '\(blob)' | sha256sum"])
        #expect(sum.output.hasPrefix(layer.diffID.encoded))
        let copy = try Tools.run(["skopeo", "copy", "oci:\(directory)/out:z", "oci:\(directory)/copy:z"])
        #expect(copy.status == 0, "\(copy.output)")
    }

    @Test(
        "a dynamically linked binary on scratch is refused",
        .enabled(if: Requirement.met(Tools.exists("gcc")), "needs gcc"))
    func dynamicRefused() async throws {
        let directory = try Tools.directory("dynamic")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try Tools.compile(in: directory, dynamic: true)
        let spec = Tools.spec([Addition(source: binary, destination: "/app")], entrypoint: ["/app"])
        await #expect {
            _ = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        } throws: { error in
            guard case BuildError.dynamicExecutable(let path, let problem) = error else { return false }
            return path == binary && problem.contains("loader")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/out/index.json"))
        var allowed = spec
        allowed.allowDynamic = true
        _ = try await ImageBuilder.build(spec: allowed, output: .oci(directory: directory + "/out"), tags: [])
    }

    @Test(
        "a binary for another architecture is refused",
        .enabled(if: Requirement.met(Tools.exists("musl-gcc")), "needs musl-tools"))
    func platformMismatch() async throws {
        let directory = try Tools.directory("platform")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try Tools.compile(in: directory)
        var spec = Tools.spec([Addition(source: binary, destination: "/app")], entrypoint: ["/app"])
        spec.platform =
            Tools.host.architecture == "arm64"
            ? Platform(os: "linux", architecture: "amd64")
            : Platform(os: "linux", architecture: "arm64")
        await #expect {
            _ = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        } throws: { error in
            if case BuildError.platformMismatch = error { return true }
            return false
        }
    }

    @Test("the entrypoint must exist and be executable")
    func entrypointChecks() async throws {
        let directory = try Tools.directory("entry")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        let missing = Tools.spec([Addition(source: directory + "/site", destination: "/site")], entrypoint: ["app"])
        await #expect(
            throws: BuildError.entrypointMissing(
                command: "app",
                searched: [
                    "/usr/local/sbin/app", "/usr/local/bin/app", "/usr/sbin/app", "/usr/bin/app", "/sbin/app",
                    "/bin/app",
                ])
        ) {
            _ = try await ImageBuilder.build(spec: missing, output: .oci(directory: directory + "/out"), tags: [])
        }
        let notExecutable = Tools.spec(
            [Addition(source: directory + "/site", destination: "/site")], entrypoint: ["/site/index.html"])
        await #expect(throws: BuildError.entrypointNotExecutable(path: "/site/index.html")) {
            _ = try await ImageBuilder.build(spec: notExecutable, output: .oci(directory: directory + "/out"), tags: [])
        }
        // Through a symlink, found on PATH.
        var viaLink = Tools.spec(
            [Addition(source: directory + "/run.sh", destination: "/opt/run.sh")], entrypoint: ["run"])
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/bin/run", withDestinationPath: "/opt/run.sh")
        viaLink.additions.append(Addition(source: directory + "/bin", destination: "/usr/bin"))
        _ = try await ImageBuilder.build(spec: viaLink, output: .oci(directory: directory + "/out"), tags: [])
    }

    @Test(
        "bad --add, --expose and --env values are usage errors",
        arguments: ["app", "app:relative", "app:/x:999", "app:/x:abc", ":/x", "a:/x/../y"])
    func badAdditions(_ value: String) {
        #expect(throws: BuildError.self) { try Addition(parsing: value) }
    }

    @Test("automatic labels: version, revision, source, created")
    func labels() async throws {
        let directory = try Tools.directory("labels")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        var spec = Tools.spec(
            [Addition(source: directory + "/run.sh", destination: "/run.sh")], entrypoint: ["/run.sh"])
        spec.version = try SemanticVersion("v1.2.3+meta")
        spec.revision = "0123456789abcdef0123456789abcdef01234567"
        spec.sourceURL = "https://github.com/org/app"
        spec.labels = ["team": "core"]
        spec.exposedPorts = ["8080", "53/udp"]
        let result = try await ImageBuilder.build(spec: spec, output: .oci(directory: directory + "/out"), tags: [])
        let labels = result.configuration.config?.labels ?? [:]
        #expect(labels[Annotation.version] == "1.2.3+meta")
        #expect(labels[Annotation.revision] == spec.revision)
        #expect(labels[Annotation.source] == "https://github.com/org/app")
        #expect(labels[Annotation.created] == "1970-01-01T00:00:00Z")
        #expect(labels["team"] == "core")
        #expect(Set(result.configuration.config?.exposedPorts?.keys ?? [:].keys) == ["8080/tcp", "53/udp"])
    }

    @Test(
        "skopeo and umoci read every output",
        .enabled(
            if: Requirement.met(Tools.exists("skopeo") && Tools.exists("umoci")),
            "needs skopeo and umoci (CI installs them)"))
    func toolsRead() async throws {
        let directory = try Tools.directory("tools")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try makeTree(directory)
        let spec = Tools.spec(
            [
                Addition(source: directory + "/site", destination: "/site"),
                Addition(source: directory + "/run.sh", destination: "/run.sh"),
            ], entrypoint: ["/run.sh"])
        let layout = try await ImageBuilder.build(
            spec: spec, output: .oci(directory: directory + "/layout"), tags: ["v1"])
        _ = try await ImageBuilder.build(spec: spec, output: .ociArchive(path: directory + "/oci.tar"), tags: ["v1"])
        _ = try await ImageBuilder.build(
            spec: spec, output: .dockerArchive(path: directory + "/d.tar"), tags: ["app:v1"])
        for reference in [
            "oci:\(directory)/layout:v1", "oci-archive:\(directory)/oci.tar:v1", "docker-archive:\(directory)/d.tar",
        ] {
            let inspect = try Tools.run(["skopeo", "inspect", reference])
            #expect(inspect.status == 0, "\(reference): \(inspect.output)")
            let copy = try Tools.run(["skopeo", "copy", reference, "oci:\(directory)/copy-\(UUID().uuidString):x"])
            #expect(copy.status == 0, "\(reference): \(copy.output)")
        }
        let raw = try Tools.run(["skopeo", "inspect", "--raw", "oci:\(directory)/layout:v1"])
        #expect(raw.output.contains(layout.config.digest.encoded))
        let unpack = try Tools.run([
            "umoci", "unpack", "--rootless", "--image", "\(directory)/layout:v1", "\(directory)/bundle",
        ])
        #expect(unpack.status == 0, "\(unpack.output)")
        #expect(FileManager.default.fileExists(atPath: directory + "/bundle/rootfs/site/css/main.css"))
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: directory + "/bundle/rootfs/site/home.html")
        #expect(link == "index.html")
    }

    @Test(
        "an image with --init runs: shipshape-init is PID 1 and the exit code comes through",
        .enabled(
            if: Requirement.met(
                Tools.isRoot && Tools.exists("umoci") && Tools.exists("musl-gcc") && Tools.exists("unshare")
                    && Tools.initBinary != nil),
            "needs root, umoci, musl-gcc, unshare and .build/init/shipshape-init (scripts/build-init.sh)"))
    func runsWithInit() async throws {
        let directory = try Tools.directory("run")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try Tools.compile(in: directory)
        var spec = Tools.spec([Addition(source: binary, destination: "/app")], entrypoint: ["/app"])
        spec.cmd = ["7"]
        spec.initBinary = Tools.initBinary
        let result = try await ImageBuilder.build(
            spec: spec, output: .oci(directory: directory + "/layout"), tags: ["v1"])
        let config = try #require(result.configuration.config)
        #expect(config.entrypoint == ["/shipshape-init", "--", "/app"])
        let unpack = try Tools.run(["umoci", "unpack", "--image", "\(directory)/layout:v1", "\(directory)/bundle"])
        #expect(unpack.status == 0, "\(unpack.output)")
        // Run the image's command as its user in a new PID namespace (with its own /proc) on the unpacked rootfs.
        let rootfs = directory + "/bundle/rootfs"
        try FileManager.default.createDirectory(atPath: rootfs + "/proc", withIntermediateDirectories: true)
        let command = (config.entrypoint ?? []) + (config.cmd ?? [])
        let script =
            "mount -t proc proc '\(rootfs)/proc' && exec chroot --userspec=65532:65532 '\(rootfs)' "
            + command.map { "'\($0)'" }.joined(separator: " ")
        let run = try Tools.run(["unshare", "--pid", "--fork", "--mount", "sh", "-c", script])
        #expect(run.status == 7, "\(run.output)")
        #expect(run.output.contains("ppid=1 uid=65532 pid1=shipshape-init"), "\(run.output)")
    }
}
