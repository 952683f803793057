import Foundation
import TestSupport
import Testing

/// A scratch directory for one test, removed afterwards by the caller.
func scratchDirectory(_ name: String) throws -> URL {
    URL(fileURLWithPath: try TestFiles.temporaryDirectory("shipshape-\(name)"))
}

/// Reads an OCI layout the way a client would, with nothing from the project: index.json, then blobs by digest.
struct LayoutReader {
    let directory: URL

    func json(_ url: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        return try #require(object as? [String: Any], "\(url.path) is not a JSON object")
    }

    func blobURL(_ digest: String) -> URL {
        directory.appendingPathComponent("blobs/sha256/" + digest.replacingOccurrences(of: "sha256:", with: ""))
    }

    /// The manifests index.json lists: (digest, tag).
    func entries() throws -> [(digest: String, tag: String?)] {
        let index = try json(directory.appendingPathComponent("index.json"))
        let manifests = try #require(index["manifests"] as? [[String: Any]])
        return manifests.map { entry in
            let annotations = entry["annotations"] as? [String: String]
            return (entry["digest"] as? String ?? "", annotations?["org.opencontainers.image.ref.name"])
        }
    }

    func manifest(_ digest: String) throws -> [String: Any] { try json(blobURL(digest)) }

    func layers(_ manifestDigest: String) throws -> [[String: Any]] {
        try #require(try manifest(manifestDigest)["layers"] as? [[String: Any]])
    }

    func config(_ manifestDigest: String) throws -> [String: Any] {
        let descriptor = try #require(try manifest(manifestDigest)["config"] as? [String: Any])
        return try json(blobURL(try #require(descriptor["digest"] as? String)))
    }
}

/// A small image built by `shipshape build` (the project's own builder, reproducible): `app/run` (a script) and
/// `app/data.txt`, written into `directory`.
func buildFixtureImage(in directory: URL, output: String, extra: [String] = []) throws -> String {
    let files = directory.appendingPathComponent("files")
    try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    try "#!/bin/sh\necho hello\n".write(to: files.appendingPathComponent("run"), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
        [.posixPermissions: 0o755], ofItemAtPath: files.appendingPathComponent("run").path)
    try String(repeating: "shipshape copy test data\n", count: 2000).write(
        to: files.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
    let (status, out, err) = try run(
        [
            "build", "--no-git", "--allow-dynamic", "--add", "files:/app", "--entrypoint", "/app/run", "--output",
            output,
        ] + extra, in: directory,
        // The layer digest (in the golden files) depends on the gzip engine: pinned to the default one.
        environment: ["SOURCE_DATE_EPOCH": "0", "SHIPSHAPE_GZIP": "libdeflate"])
    try #require(status == 0, "shipshape build failed: \(err)")
    return out.trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite(
    "shipshape copy between local formats",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct CopyCLITests {
    @Test("oci → docker-archive → oci-archive → oci keeps the manifest digest and every blob")
    func roundTrip() throws {
        let directory = try scratchDirectory("copy-chain")
        defer { try? FileManager.default.removeItem(at: directory) }
        let digest = try buildFixtureImage(in: directory, output: "oci:start:1.0")
        #expect(digest.hasPrefix("sha256:") && digest.count == 71)

        let steps = [
            ("oci:start:1.0", "docker-archive:app.tar"),
            ("docker-archive:app.tar", "oci-archive:app-oci.tar:1.0"),
            ("oci-archive:app-oci.tar:1.0", "oci:end:1.0"),
        ]
        for (source, destination) in steps {
            let (status, out, err) = try run(["copy", source, destination], in: directory)
            #expect(status == 0, "copy \(source) \(destination): \(err)")
            #expect(out == digest + "\n", "copy \(source) \(destination) printed \(out)")
            #expect(err.isEmpty, "copy \(source) \(destination) wrote to stderr: \(err)")
        }
        let start = LayoutReader(directory: directory.appendingPathComponent("start"))
        let end = LayoutReader(directory: directory.appendingPathComponent("end"))
        #expect(try end.entries().map(\.digest) == [digest])
        #expect(try end.entries().map(\.tag) == ["1.0"])
        // The manifest bytes and every blob are the same bytes at the end as at the start.
        #expect(try Data(contentsOf: end.blobURL(digest)) == Data(contentsOf: start.blobURL(digest)))
        for layer in try start.layers(digest) {
            let layerDigest = try #require(layer["digest"] as? String)
            #expect(try Data(contentsOf: end.blobURL(layerDigest)) == Data(contentsOf: start.blobURL(layerDigest)))
        }
        // skopeo, an independent reader, agrees on the OCI archive's digest and reads the docker archive.
        if Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/skopeo")) {
            let (ociOut, ociStatus) = try runTool(
                "/usr/bin/skopeo", ["inspect", "--format", "{{.Digest}}", "oci-archive:app-oci.tar:1.0"], in: directory)
            #expect(ociStatus == 0)
            #expect(ociOut.trimmingCharacters(in: .whitespacesAndNewlines) == digest)
            let (_, dockerStatus) = try runTool(
                "/usr/bin/skopeo", ["inspect", "docker-archive:app.tar"], in: directory)
            #expect(dockerStatus == 0)
        }
    }

    @Test("copy prints the digest; bad references are usage errors; missing files are unreadable input")
    func golden() throws {
        let directory = try scratchDirectory("copy-golden")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try buildFixtureImage(in: directory, output: "oci:image:1.0")
        try expectSnapshot("copy-oci-to-oci-archive", ["copy", "oci:image:1.0", "oci-archive:out.tar"], in: directory)
        try expectSnapshot("copy-missing-source", ["copy", "docker-archive:missing.tar", "oci:out"], in: directory)
        try expectSnapshot("copy-missing-tag", ["copy", "oci:image:2.0", "oci:out"], in: directory)
        try expectSnapshot("copy-empty-path", ["copy", "oci:", "oci:out"], in: directory)
        try expectSnapshot("copy-bare-destination", ["copy", "oci:image:1.0", "out.tar"], in: directory)
        try expectSnapshot("copy-bad-reference", ["copy", "oci:image:1.0", "localhost:5000/App:1"], in: directory)
        try expectSnapshot(
            "copy-bad-platform", ["copy", "--platform", "linux", "oci:image:1.0", "oci:x"], in: directory)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
}

@Suite(
    "shipshape build --base",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct BuildBaseCLITests {
    @Test("a base from an OCI layout: its layers reused byte for byte, base.name and base.digest recorded")
    func baseFromLayout() throws {
        let directory = try scratchDirectory("build-base")
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseDigest = try buildFixtureImage(
            in: directory, output: "oci:base:1.0", extra: ["--label", "tier=base", "--env", "MODE=base"])
        try "app".write(to: directory.appendingPathComponent("app.txt"), atomically: true, encoding: .utf8)
        let (status, out, err) = try run(
            [
                "build", "--no-git", "--allow-dynamic", "--base", "oci:base:1.0", "--add", "app.txt:/srv/app.txt",
                "--output", "oci:app:2.0",
            ], in: directory, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(status == 0, "\(err)")
        let digest = out.trimmingCharacters(in: .whitespacesAndNewlines)
        let base = LayoutReader(directory: directory.appendingPathComponent("base"))
        let app = LayoutReader(directory: directory.appendingPathComponent("app"))
        let baseLayers = try base.layers(baseDigest)
        let appLayers = try app.layers(digest)
        try #require(appLayers.count == baseLayers.count + 1)
        for (baseLayer, appLayer) in zip(baseLayers, appLayers) {
            let layerDigest = try #require(baseLayer["digest"] as? String)
            #expect(appLayer["digest"] as? String == layerDigest)
            #expect(appLayer["size"] as? Int == baseLayer["size"] as? Int)
            #expect(appLayer["mediaType"] as? String == baseLayer["mediaType"] as? String)
            #expect(try Data(contentsOf: app.blobURL(layerDigest)) == Data(contentsOf: base.blobURL(layerDigest)))
        }
        let annotations = try #require(try app.manifest(digest)["annotations"] as? [String: String])
        #expect(annotations["org.opencontainers.image.base.name"] == "oci:base:1.0")
        #expect(annotations["org.opencontainers.image.base.digest"] == baseDigest)
        let config = try #require(try app.config(digest)["config"] as? [String: Any])
        let labels = try #require(config["Labels"] as? [String: String])
        #expect(labels["org.opencontainers.image.base.name"] == "oci:base:1.0")
        #expect(labels["org.opencontainers.image.base.digest"] == baseDigest)
        #expect(labels["tier"] == "base")
        #expect((config["Env"] as? [String])?.contains("MODE=base") == true)
        #expect(config["Entrypoint"] as? [String] == ["/app/run"])
        let baseDiffIDs = try #require(
            (try base.config(baseDigest)["rootfs"] as? [String: Any])?["diff_ids"] as? [String])
        let appDiffIDs = try #require((try app.config(digest)["rootfs"] as? [String: Any])?["diff_ids"] as? [String])
        #expect(Array(appDiffIDs.prefix(baseDiffIDs.count)) == baseDiffIDs)

        // A base that does not exist is unreadable input, not a crash.
        let (missingStatus, _, missingError) = try run(
            ["build", "--no-git", "--base", "oci:nothing:1", "--add", "app.txt:/a", "--output", "oci:x"],
            in: directory)
        #expect(missingStatus == 2)
        #expect(missingError.contains("nothing"))
    }
}

/// Runs a program other than shipshape; returns stdout and the exit status.
func runTool(_ executable: String, _ arguments: [String], in directory: URL) throws -> (String, Int32) {
    let result = try TestProcess.run(executable, arguments, directory: directory.path, errors: .discarded)
    return (result.stdout, result.status)
}
