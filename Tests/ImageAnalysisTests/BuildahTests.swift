import Foundation
import ImageAnalysis
import TestSupport
import Testing

/// A real image built by buildah (CI installs it) from scratch, inspected from the oci-archive buildah writes.
enum Buildah {
    static let available =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/buildah")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/tini-static") && getuid() == 0

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try TestProcess.run("/usr/bin/buildah", arguments, errors: .merged)
        return (result.status, result.stdout)
    }
}

@Suite("buildah integration")
struct BuildahTests {
    @Test(
        "an image built FROM scratch by buildah: layers, exact waste and findings",
        .enabled(
            if: Requirement.met(Buildah.available), "needs root, buildah and tini-static (CI installs buildah and tini)"
        ))
    func buildAndInspect() async throws {
        let directory = try TestFiles.temporaryDirectory("inspect-buildah")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let context = directory + "/context"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/usr/bin/tini-static", toPath: context + "/app")
        try Data(repeating: 7, count: 200_000).write(to: URL(fileURLWithPath: context + "/big.bin"))
        try Data(repeating: 8, count: 1_000).write(to: URL(fileURLWithPath: context + "/small.bin"))
        // The second COPY overwrites /data.bin: its first 200,000 bytes stay in the lower layer, shadowed.
        let containerfile = """
            FROM scratch
            COPY app /app
            COPY big.bin /data.bin
            COPY small.bin /data.bin
            ENTRYPOINT ["/app", "--"]
            CMD ["/app", "--version"]
            """
        try containerfile.write(toFile: context + "/Containerfile", atomically: true, encoding: .utf8)
        let storage = ["--root", directory + "/storage", "--runroot", directory + "/run", "--storage-driver", "vfs"]
        let build = try Buildah.run(
            storage + [
                "bud", "--layers", "--isolation", "chroot", "-f", context + "/Containerfile", "-t",
                "shipshape-test:1.0.0", context,
            ])
        try #require(build.status == 0, "\(build.output)")
        let archive = directory + "/image.tar"
        let push = try Buildah.run(storage + ["push", "shipshape-test:1.0.0", "oci-archive:\(archive)"])
        try #require(push.status == 0, "\(push.output)")
        defer { _ = try? Buildah.run(storage + ["rmi", "-a", "-f"]) }

        let report = try await ImageFiles.inspect("oci-archive:" + archive, verify: true)
        #expect(report.layers.count == 3)
        #expect(report.waste.shadowedBytes == 200_000)
        #expect(report.waste.largest.first?.path == "/data.bin")
        #expect(report.waste.largest.first?.addedIn == 1)
        #expect(report.waste.largest.first?.hiddenIn == 2)
        #expect(report.layers.allSatisfy { $0.createdBy?.contains("COPY") ?? false })
        let rules = Set(report.findings.map(\.rule))
        #expect(rules.contains("SS1050"))  // runs as root
        #expect(rules.contains("SS1070"))  // 200 kB of 909 kB stored is above 10%
        #expect(!rules.contains("SS1010") && !rules.contains("SS1013"))  // /app is static and present
    }
}
