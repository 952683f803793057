import Foundation
import ImageFormat
import TestSupport
import Testing

@testable import Registry

/// Runs the debug `shipshape` in `directory` with SOURCE_DATE_EPOCH=0; returns (exit status, stdout, stderr).
func shipshape(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> (
    Int32, String, String
) {
    let result = try TestProcess.run(
        TestFiles.shipshape.path, arguments, directory: directory,
        environment: ["SOURCE_DATE_EPOCH": "0"].merging(extra) { $1 })
    return (result.status, result.stdout, result.stderr)
}

@Suite(
    "shipshape build, tags, copy and inspect against a real registry", .needsRegistry,
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "build the shipshape binary first")
)
struct RegistryCLITests {
    /// A directory with `files/run` (a script) and `files/data.txt` to build from.
    func workspace() throws -> String {
        let directory = NSTemporaryDirectory() + "/shipshape-registry-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/files", withIntermediateDirectories: true)
        try "#!/bin/sh\necho hi\n".write(toFile: directory + "/files/run", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/files/run")
        try String(repeating: "registry data\n", count: 5000).write(
            toFile: directory + "/files/data.txt", atomically: true, encoding: .utf8)
        return directory
    }

    let buildArguments = ["build", "--no-git", "--allow-dynamic", "--add", "files:/app", "--entrypoint", "/app/run"]

    @Test("build --output REGISTRY/REPO:TAG pushes the image and every --tag; pulled back, the digests match")
    func buildPushes() async throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withLocalRegistry { registry in
            let (status, out, err) = try shipshape(
                buildArguments + [
                    "--output", "\(registry.host)/cli/app:1.2.3", "--tag", "1.2", "--tag", "sha-abc1234",
                ],
                in: directory)
            #expect(status == 0, "\(err)")
            let digest = out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(err.contains("blobs uploaded"), "\(err)")
            #expect(!err.contains("SS1092"))

            // The same inputs built into an OCI layout give the same digest (the build is reproducible).
            let (localStatus, localOut, _) = try shipshape(buildArguments + ["--output", "oci:local:1"], in: directory)
            #expect(localStatus == 0)
            #expect(localOut.trimmingCharacters(in: .whitespacesAndNewlines) == digest)

            let client = makeClient(registry.host)
            for tag in ["1.2.3", "1.2", "sha-abc1234"] {
                let (descriptor, _) = try await client.manifest("cli/app", reference: tag)
                #expect(descriptor.digest.description == digest, "tag \(tag)")
            }
            #expect(Set(try await client.tags("cli/app")) == ["1.2.3", "1.2", "sha-abc1234"])

            // Pulled back by shipshape copy: the manifest digest and every blob are what the local build wrote.
            let (pullStatus, pullOut, pullErr) = try shipshape(
                ["copy", "docker://\(registry.host)/cli/app:1.2.3", "oci:pulled:1.2.3"], in: directory)
            #expect(pullStatus == 0, "\(pullErr)")
            #expect(pullOut.trimmingCharacters(in: .whitespacesAndNewlines) == digest)
            let blobs = try FileManager.default.contentsOfDirectory(atPath: directory + "/local/blobs/sha256")
            for blob in blobs {
                #expect(
                    try sha256(file: "\(directory)/pulled/blobs/sha256/\(blob)") == "sha256:\(blob)", "blob \(blob)")
            }
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: directory + "/pulled/blobs/sha256"))
                    == Set(blobs))

            // A second build on that image as its base, pushed to another repository of the same registry: the base
            // layer is mounted from cli/app, not uploaded again.
            try "v2".write(toFile: directory + "/extra.txt", atomically: true, encoding: .utf8)
            let (baseStatus, _, baseErr) = try shipshape(
                [
                    "build", "--no-git", "--base", "\(registry.host)/cli/app:1.2.3", "--add", "extra.txt:/extra.txt",
                    "--output", "docker://\(registry.host)/cli/child:1",
                ], in: directory)
            #expect(baseStatus == 0, "\(baseErr)")
            #expect(baseErr.contains("1 mounted"), "\(baseErr)")
            #expect(
                registry.requests("POST", "/v2/cli/child/blobs/uploads/?", status: 201).filter { $0.contains("mount=") }
                    .count == 1)
        }
    }

    @Test("a push to a reference without a tag goes to latest with a tagging warning; a digest is refused")
    func implicitLatest() async throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withLocalRegistry { registry in
            let (status, out, err) = try shipshape(
                buildArguments + ["--output", "\(registry.host)/cli/untagged"], in: directory)
            #expect(status == 0, "\(err)")
            #expect(err.contains("warning: [SS1092 latest-tag, tagging] no tag or digest named: 'latest' is implied"))
            let digest = out.trimmingCharacters(in: .whitespacesAndNewlines)
            let client = makeClient(registry.host)
            #expect(
                try await client.manifest("cli/untagged", reference: "latest").descriptor.digest.description == digest)

            // With a --tag, nothing is implied: only that tag is pushed.
            let (tagged, _, taggedErr) = try shipshape(
                buildArguments + ["--output", "\(registry.host)/cli/tagged", "--tag", "2.0.0"], in: directory)
            #expect(tagged == 0)
            #expect(!taggedErr.contains("SS1092"))
            #expect(try await client.tags("cli/tagged") == ["2.0.0"])

            // copy to an untagged reference warns too.
            let (copied, _, copyErr) = try shipshape(
                ["copy", "docker://\(registry.host)/cli/untagged", "\(registry.host)/cli/copy"], in: directory)
            #expect(copied == 0, "\(copyErr)")
            #expect(copyErr.components(separatedBy: "[SS1092 latest-tag, tagging]").count == 3, "\(copyErr)")

            // inspect of an untagged registry reference reports the implied latest as a tagging finding.
            let (inspected, json, _) = try shipshape(
                ["inspect", "--format", "json", "--fail-on", "none", "\(registry.host)/cli/untagged"], in: directory)
            #expect(inspected == 0)
            #expect(json.contains(#""rule": "SS1092""#), "\(json)")
            #expect(json.contains("'latest' is implied"))
            let (pinned, pinnedJSON, _) = try shipshape(
                ["inspect", "--format", "json", "--fail-on", "none", "\(registry.host)/cli/tagged:2.0.0"], in: directory
            )
            #expect(pinned == 0)
            #expect(!pinnedJSON.contains("SS1092"))

            // layers warns for each untagged reference, once, and never for a tag or a digest.
            let (layered, layersJSON, layersErr) = try shipshape(
                [
                    "layers", "--format", "json", "\(registry.host)/cli/untagged", "\(registry.host)/cli/tagged:2.0.0",
                    "docker://\(registry.host)/cli/untagged@\(digest)", "docker://\(registry.host)/cli/copy",
                ], in: directory)
            #expect(layered == 0, "\(layersErr)")
            #expect(layersJSON.contains("cli/tagged:2.0.0"), "\(layersJSON)")
            let warnings = layersErr.split(separator: "\n").filter { $0.contains("[SS1092 latest-tag, tagging]") }
            let implied = "warning: [SS1092 latest-tag, tagging] no tag or digest named: 'latest' is implied"
            #expect(
                warnings.map(String.init) == [
                    "shipshape: docker://\(registry.host)/cli/untagged:latest: \(implied)",
                    "shipshape: docker://\(registry.host)/cli/copy:latest: \(implied)",
                ], "\(layersErr)")

            let (refused, _, refusedErr) = try shipshape(
                buildArguments + ["--output", "\(registry.host)/cli/app@\(digest)"], in: directory)
            #expect(refused == 64)
            #expect(refusedErr.contains("cannot be pushed to a digest"))
        }
    }

    @Test(
        "tags --repository and build --tags-from-git read the registry's tags: a back-port 1.1.9 after 1.2.0 does not take latest",
        .enabled(if: Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/git")), "needs git"))
    func tagsFromRegistry() async throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withLocalRegistry { registry in
            let (status, _, err) = try shipshape(
                buildArguments + [
                    "--output", "\(registry.host)/cli/svc:1.2.0", "--tag", "1.2", "--tag", "1", "--tag", "latest",
                ], in: directory)
            #expect(status == 0, "\(err)")
            let repository = "\(registry.host)/cli/svc"

            let (backport, backportOut, backportErr) = try shipshape(
                ["tags", "--version", "1.1.9", "--sha", "0123456789abcdef", "--repository", repository], in: directory)
            #expect(backport == 0, "\(backportErr)")
            #expect(backportOut == "1.1.9\n1.1\nsha-0123456\n")

            let (release, releaseOut, _) = try shipshape(
                ["tags", "--version", "v1.2.1", "--sha", "0123456789abcdef", "--repository", "docker://" + repository],
                in: directory)
            #expect(release == 0)
            #expect(releaseOut == "1.2.1\n1.2\n1\nlatest\nsha-0123456\n")

            // A repository that does not exist yet has no tags: everything moves, and stderr says why.
            let (fresh, freshOut, freshErr) = try shipshape(
                [
                    "tags", "--version", "1.1.9", "--sha", "0123456789abcdef", "--repository",
                    "\(registry.host)/cli/new",
                ],
                in: directory)
            #expect(fresh == 0)
            #expect(freshOut == "1.1.9\n1.1\n1\nlatest\nsha-0123456\n")
            #expect(freshErr.contains("does not exist yet"))

            // build --tags-from-git in a checkout of the back-port (v1.1.9 on HEAD) pushing to that repository: the
            // registry's 1.2.0 keeps latest and 1.
            let git = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
            for arguments in [["init", "-q"], ["add", "files"], ["commit", "-q", "-m", "1.1.9"], ["tag", "v1.1.9"]] {
                _ = try TestProcess.output("/usr/bin/git", ["-C", directory] + git + arguments)
            }
            let head = try TestProcess.output("/usr/bin/git", ["-C", directory, "rev-parse", "HEAD"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let latestBefore = try await makeClient(registry.host).manifest("cli/svc", reference: "latest").descriptor
            let (fromGit, fromGitOut, fromGitErr) = try shipshape(
                [
                    "build", "--allow-dynamic", "--add", "files:/app", "--entrypoint", "/app/run", "--tags-from-git",
                    "--output", repository,
                ], in: directory)
            #expect(fromGit == 0, "\(fromGitErr)")
            #expect(fromGitErr.contains("(1.1.9, 1.1, sha-\(head.prefix(7)))"), "\(fromGitErr)")
            let client = makeClient(registry.host)
            #expect(try await client.manifest("cli/svc", reference: "latest").descriptor == latestBefore)
            #expect(
                try await client.manifest("cli/svc", reference: "1.1").descriptor.digest.description
                    == fromGitOut.trimmingCharacters(in: .whitespacesAndNewlines))

            let (withTag, _, withTagErr) = try shipshape(
                ["tags", "--version", "1.0.0", "--sha", "0123456", "--repository", repository + ":1"], in: directory)
            #expect(withTag == 64)
            #expect(withTagErr.contains("give the repository alone"))
        }
    }
}
