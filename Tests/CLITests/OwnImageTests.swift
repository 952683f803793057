import Foundation
import TestSupport
import Testing

/// Shipshape's own image (scripts/build-image.sh): shipshape and shipshape-init on scratch, built by
/// `shipshape build` from the binaries under test; it passes its own `inspect` with no finding, and `lint` runs in
/// it as its unprivileged user, as `docker run --rm -v "$PWD:/src" IMAGE lint /src` would run it.
@Suite(
    "Shipshape's own image",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(
        if: Requirement.met(
            FileManager.default.isExecutableFile(
                atPath: TestFiles.packageRoot.appendingPathComponent(".build/init/shipshape-init").path)),
        "needs .build/init/shipshape-init (scripts/build-init.sh)"))
struct OwnImageTests {
    @Test("built from the binaries under test, it passes its own inspect and runs lint as uid 65532")
    func ownImage() throws {
        let directory = try TestFiles.temporaryDirectory("own-image")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = TestFiles.packageRoot.path
        let build = try TestProcess.run(
            "/bin/bash", [root + "/scripts/build-image.sh", "oci:\(directory)/layout:test"], directory: root,
            environment: ["BIN": TestFiles.shipshape.path, "INIT": root + "/.build/init/shipshape-init"])
        #expect(build.status == 0, "\(build.stderr)")

        let inspect = try TestProcess.run(
            TestFiles.shipshape.path, ["inspect", "--fail-on", "info", "oci:\(directory)/layout:test"])
        #expect(inspect.status == 0, "\(inspect.stdout)\(inspect.stderr)")
        #expect(inspect.stdout.contains("0 findings"), "\(inspect.stdout)")

        // Run it as a runtime would: its root filesystem, a fresh PID and mount namespace with /proc, uid 65532.
        guard TestProcess.isRoot || Requirement.inCI else { return }
        let bundle = directory + "/bundle"
        let unpack = try TestProcess.run("umoci", ["unpack", "--image", "\(directory)/layout:test", bundle])
        #expect(unpack.status == 0, "\(unpack.stderr)")
        let rootfs = bundle + "/rootfs"
        // The mount point a runtime makes for /proc (scratch images have none).
        try FileManager.default.createDirectory(atPath: rootfs + "/proc", withIntermediateDirectories: true)
        try "FROM ubuntu:latest\nRUN apt-get update\n".write(
            toFile: rootfs + "/src/Dockerfile", atomically: true, encoding: .utf8)
        let lint = try TestProcess.run(
            "unshare",
            [
                "--mount", "--pid", "--fork", "--mount-proc=\(rootfs)/proc", "chroot", "--userspec=65532:65532", rootfs,
                "/shipshape-init", "--", "/usr/local/bin/shipshape", "lint", "--format", "json", "/src/Dockerfile",
            ])
        #expect(lint.status == 1, "\(lint.stderr)")
        #expect(lint.stdout.contains("\"rule\": \"SS0091\""), "stdout: \(lint.stdout) stderr: \(lint.stderr)")
    }
}
