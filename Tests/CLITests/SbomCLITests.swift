import Foundation
import ImageFormat
import Testing

/// `shipshape sbom` end to end on a docker-archive the test writes: a dpkg database, a purge in a later layer, a
/// pip package; every format, deterministic bytes, SOURCE_DATE_EPOCH, and the exit codes of bad usage and input.
@Suite(
    "shipshape sbom",
    .enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "build the shipshape binary first"))
struct SbomCLITests {
    static func stanza(_ name: String, _ version: String) -> String {
        "Package: \(name)\nStatus: install ok installed\nArchitecture: amd64\nVersion: \(version)\n"
    }

    func withArchive(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shipshape-sbom-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try InspectFixture.layer([
            InspectFixture.text(
                "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n"),
            InspectFixture.text(
                "var/lib/dpkg/status",
                [Self.stanza("base-files", "12.4+deb12u5"), Self.stanza("less", "590-2")].joined(separator: "\n")),
            InspectFixture.text("var/lib/dpkg/info/less.list", "/usr/bin/less\n"),
        ])
        let purge = try InspectFixture.layer([
            InspectFixture.text("var/lib/dpkg/status", Self.stanza("base-files", "12.4+deb12u5")),
            (TarEntry(path: "var/lib/dpkg/info/.wh.less.list", kind: .regular), []),
            InspectFixture.text(
                "usr/local/lib/python3.11/site-packages/requests-2.32.3.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\nLicense: Apache-2.0\n"),
        ])
        let layers = [base, purge]
        let diffIDs = layers.map { InspectFixture.sha256($0).description }
        let config = """
            {"architecture":"amd64","os":"linux","created":"2025-03-04T05:06:07Z",\
            "rootfs":{"type":"layers","diff_ids":["\(diffIDs[0])","\(diffIDs[1])"]},\
            "history":[{"created_by":"ADD rootfs.tar /"},{"created_by":"RUN apt-get purge -y less && pip install requests"}]}
            """
        let manifest = #"[{"Config":"config.json","RepoTags":["app:1"],"Layers":["0/layer.tar","1/layer.tar"]}]"#
        let archive = try InspectFixture.layer([
            InspectFixture.text("config.json", config), InspectFixture.text("manifest.json", manifest),
            InspectFixture.directory("0"), InspectFixture.file("0/layer.tar", base), InspectFixture.directory("1"),
            InspectFixture.file("1/layer.tar", purge),
        ])
        try Data(archive).write(to: directory.appendingPathComponent("app.tar"))
        try body(directory)
    }

    @Test("text: packages with their layers, the purged one apart")
    func text() throws {
        try withArchive { directory in
            let (status, stdout, stderr) = try run(["sbom", "docker-archive:app.tar"], in: directory)
            #expect(status == 0, "\(stderr)")
            #expect(stdout.contains("deb     base-files  12.4+deb12u5  layer 0"))
            #expect(stdout.contains("python  requests    2.32.3        layer 1"))
            #expect(stdout.contains("deb  less  590-2  layer 0  removed in layer 1"))
            #expect(stdout.hasSuffix("2 packages (1 deb, 1 python); 1 installed then removed\n"))
        }
    }

    @Test("CycloneDX and SPDX: the same bytes every run, timestamp from the image or SOURCE_DATE_EPOCH, --output")
    func formats() throws {
        try withArchive { directory in
            for format in ["cyclonedx", "spdx", "json"] {
                let first = try run(["sbom", "app.tar", "--format", format], in: directory)
                let second = try run(["sbom", "app.tar", "--format", format], in: directory)
                #expect(first.0 == 0 && first.1 == second.1, "\(first.2)")
                #expect(first.1.contains("2025-03-04T05:06:07Z"))
                let epoch = try run(
                    ["sbom", "app.tar", "--format", format, "--output", "out.json"], in: directory,
                    environment: ["SOURCE_DATE_EPOCH": "86400"])
                #expect(epoch.0 == 0 && epoch.1.isEmpty)
                let written = try String(contentsOf: directory.appendingPathComponent("out.json"), encoding: .utf8)
                #expect(written.contains("1970-01-02T00:00:00Z"))
            }
            let cyclone = try run(["sbom", "app.tar", "--format", "cyclonedx"], in: directory).1
            #expect(cyclone.contains(#""purl": "pkg:pypi/requests@2.32.3""#))
            #expect(cyclone.contains(#""value": "RUN apt-get purge -y less && pip install requests""#))
        }
    }

    @Test("build --sbom writes the built image's SBOM beside it; a bad --sbom-format is bad usage")
    func buildSBOM() throws {
        try withArchive { directory in
            let root = directory.appendingPathComponent("root")
            let metadata = root.appendingPathComponent("usr/lib/python3/site-packages/demo-1.0.dist-info")
            try FileManager.default.createDirectory(at: metadata, withIntermediateDirectories: true)
            try Data("Name: demo\nVersion: 1.0\nLicense: MIT\n".utf8).write(
                to: metadata.appendingPathComponent("METADATA"))
            try Data("#!/bin/sh\n".utf8).write(to: root.appendingPathComponent("run"))
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent("run").path)
            let common = ["build", "--add", "./root:/", "--entrypoint", "/run", "--no-git", "--output", "oci:out:1"]
            let built = try run(common + ["--sbom", "out.cdx.json"], in: directory)
            #expect(built.0 == 0, "\(built.2)")
            let sbom = try String(contentsOf: directory.appendingPathComponent("out.cdx.json"), encoding: .utf8)
            #expect(sbom.contains(#""bomFormat": "CycloneDX""#) && sbom.contains(#""purl": "pkg:pypi/demo@1.0""#))
            let text = try run(common + ["--sbom", "out.txt", "--sbom-format", "text"], in: directory)
            #expect(text.0 == 0)
            let listed = try String(contentsOf: directory.appendingPathComponent("out.txt"), encoding: .utf8)
            #expect(listed.contains("1 packages (1 python)") || listed.contains("1 package (1 python)"))
            #expect(try run(common + ["--sbom", "x", "--sbom-format", "xml"], in: directory).0 == 64)
        }
    }

    @Test("bad usage exits 64, an unreadable image 2")
    func failures() throws {
        try withArchive { directory in
            #expect(try run(["sbom", "app.tar", "--format", "yaml"], in: directory).0 == 64)
            let epoch = try run(
                ["sbom", "app.tar"], in: directory, environment: ["SOURCE_DATE_EPOCH": "soon\u{1b}[2J"])
            #expect(epoch.0 == 64 && epoch.2.contains("SOURCE_DATE_EPOCH") && !epoch.2.contains("\u{1b}"))
            try Data("not a tar".utf8).write(to: directory.appendingPathComponent("bad.tar"))
            #expect(try run(["sbom", "docker-archive:bad.tar"], in: directory).0 == 2)
            #expect(try run(["sbom", "docker-archive:missing.tar"], in: directory).0 == 2)
        }
    }
}
