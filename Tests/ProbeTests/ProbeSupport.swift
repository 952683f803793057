import Foundation
import TestSupport

@testable import ImageFormat

/// Test tools: compiled programs, images built with `shipshape build`, the probe run through the CLI.
enum ProbeSupport {
    /// Whether the probe can run here: root (the namespaces), musl-gcc (the programs), the built binary.
    static var canProbe: Bool {
        TestProcess.isRoot && TestProcess.exists("musl-gcc") && TestFiles.shipshapeBuilt
    }

    /// The shipshape-init scripts/build-init.sh builds (check.sh builds it before the tests).
    static var initBinary: String? {
        let path = TestFiles.packageRoot.appendingPathComponent(".build/init/shipshape-init").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Compiles `source` statically with musl-gcc (or dynamically with gcc) to `directory/name`.
    static func compile(_ source: String, name: String, in directory: String, dynamic: Bool = false) throws -> String {
        let file = directory + "/\(name).c"
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        let binary = directory + "/" + name
        let compiler = dynamic ? ["gcc", "-O1"] : ["musl-gcc", "-static", "-O1"]
        let result = try TestProcess.run("/usr/bin/env", compiler + ["-o", binary, file], errors: .merged)
        guard result.succeeded else { throw TestFailure("compiling \(name) failed: \(result.stdout)") }
        return binary
    }

    /// `shipshape build --add … --entrypoint … --output oci:DIR`; returns `oci:DIR`.
    static func build(_ additions: [String], entrypoint: [String], in directory: String, extra: [String] = [])
        throws -> String
    {
        let output = directory + "/image-\(UUID().uuidString.prefix(8))"
        let entry = String(decoding: try JSONSerialization.data(withJSONObject: entrypoint), as: UTF8.self)
        var arguments = ["build", "--no-git", "--allow-dynamic", "--entrypoint", entry, "--output", "oci:" + output]
        for addition in additions { arguments += ["--add", addition] }
        let result = try TestProcess.run(TestFiles.shipshape.path, arguments + extra, errors: .merged)
        guard result.succeeded else { throw TestFailure("shipshape build failed: \(result.stdout)") }
        return "oci:" + output
    }

    /// What `shipshape probe --format json` printed, parsed, with the exit status and stderr.
    struct Probed {
        var status: Int32
        var json: [String: Any]
        var stderr: String

        var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
        var rules: [String] { findings.compactMap { $0["rule"] as? String } }
        var runs: [[String: Any]] { (json["probe"] as? [String: Any])?["runs"] as? [[String: Any]] ?? [] }

        func message(_ rule: String) -> String {
            findings.first(where: { $0["rule"] as? String == rule })?["message"] as? String ?? ""
        }
    }

    static func probe(_ image: String, _ options: [String], temporary: String) throws -> Probed {
        let result = try TestProcess.run(
            TestFiles.shipshape.path, ["probe", image, "--format", "json"] + options,
            environment: ["TMPDIR": temporary])
        let object = (try? JSONSerialization.jsonObject(with: result.stdoutData)) as? [String: Any]
        guard let object else {
            throw TestFailure("probe printed no JSON (status \(result.status)): \(result.stdout) \(result.stderr)")
        }
        return Probed(status: result.status, json: object, stderr: result.stderr)
    }

    /// An OCI layout written by hand (uncompressed layers from `TarEntry`s), for images `shipshape build` would not
    /// make: links that try to leave the root, parents left implicit.
    static func layout(_ layers: [[(TarEntry, [UInt8])]], entrypoint: [String], at directory: String) throws -> String {
        var blobs: [Digest: [UInt8]] = [:]
        var descriptors: [Descriptor] = []
        var diffIDs: [Digest] = []
        for entries in layers {
            var writer = TarWriter(sink: MemorySink())
            for (entry, content) in entries { try writer.append(entry, content: content) }
            let bytes = try writer.finish().bytes
            let digest = Blobs.sha256(bytes)
            blobs[digest] = bytes
            diffIDs.append(digest)
            descriptors.append(Descriptor(mediaType: MediaType.ociLayer, digest: digest, size: Int64(bytes.count)))
        }
        var config = ContainerConfig()
        config.entrypoint = entrypoint
        let host = Platform.host
        let configuration = ImageConfiguration(
            architecture: host.architecture, os: host.os, config: config, rootfs: RootFS(diffIDs: diffIDs))
        let configBytes = try CanonicalJSON.encode(configuration)
        let configDigest = Blobs.sha256(configBytes)
        blobs[configDigest] = configBytes
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: descriptors)
        let manifestBytes = try CanonicalJSON.encode(manifest)
        let manifestDigest = Blobs.sha256(manifestBytes)
        blobs[manifestDigest] = manifestBytes
        let index = Index(
            manifests: [
                Descriptor(
                    mediaType: MediaType.ociManifest, digest: manifestDigest, size: Int64(manifestBytes.count))
            ])
        try FileManager.default.createDirectory(atPath: directory + "/blobs/sha256", withIntermediateDirectories: true)
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/oci-layout"))
        try Data(try CanonicalJSON.encode(index)).write(to: URL(fileURLWithPath: directory + "/index.json"))
        for (digest, bytes) in blobs {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/blobs/sha256/" + digest.encoded))
        }
        return "oci:" + directory
    }

    /// Whatever is left in `directory` (the probe's TMPDIR must be empty after a probe).
    static func leftovers(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }
}
