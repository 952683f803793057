import Foundation
import TestSupport
import Testing

/// Without /proc (a chroot, a sandbox), Swift's runtime loses the arguments and libdispatch traps at a random
/// moment: shipshape says what is missing and exits 2, every time, instead of printing its help and exiting 0.
@Suite(
    "Without /proc",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: Requirement.met(TestProcess.isRoot), "needs root (a private mount namespace)"))
struct NoProcTests {
    @Test("a clear message and exit 2", arguments: [["lint", "/nonexistent/Dockerfile"], ["rules"], ["--version"]])
    func noProc(arguments: [String]) throws {
        let command = ([TestFiles.shipshape.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try TestProcess.run("unshare", ["--mount", "sh", "-c", "mount -t tmpfs none /proc && " + command])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr == "shipshape: /proc is not mounted; shipshape needs it (mount -t proc proc /proc)\n")
        #expect(result.stdout.isEmpty)
    }
}
