import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The built init and the static test program, made once per test run.
struct InitFixture: Sendable {
    /// .build/init/shipshape-init, built by scripts/build-init.sh (which does nothing when it is up to date).
    let initPath: String
    /// Tests/InitTests/Helpers/probe.c compiled static with musl-gcc.
    let probePath: String
    let directory: String

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    private static let shared: Result<InitFixture, any Error> = Result { try InitFixture.build() }

    static func get() throws -> InitFixture { try shared.get() }

    private static func build() throws -> InitFixture {
        let build = try Spawned(["bash", "\(repository)/scripts/build-init.sh"])
        let built = try build.wait(timeout: .seconds(300))
        guard built == .exited(0) else { throw SpawnError.io("build-init.sh: \(built): \(build.stderrText)") }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "shipshape-init-tests-\(getpid())"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let probe = "\(directory)/probe"
        let compile = try Spawned([
            "musl-gcc", "-static", "-O2", "-Wall", "-o", probe, "\(repository)/Tests/InitTests/Helpers/probe.c",
        ])
        let compiled = try compile.wait(timeout: .seconds(120))
        guard compiled == .exited(0) else {
            throw SpawnError.io("musl-gcc probe.c: \(compiled): \(compile.stderrText)")
        }
        return InitFixture(
            initPath: "\(repository)/.build/init/shipshape-init", probePath: probe, directory: directory)
    }

    /// `unshare --pid --fork --mount-proc shipshape-init OPTIONS -- probe MODE…`: the init as PID 1.
    func asPID1(
        _ options: [String] = [], _ probe: String..., stdin: Bool = false, environment: [String: String] = [:]
    ) throws -> Spawned {
        try Spawned(
            ["unshare", "--pid", "--fork", "--mount-proc", initPath] + options + ["--", probePath] + probe,
            stdin: stdin, environment: environment)
    }

    /// `probe MODE…` alone as PID 1 (no init), for comparisons.
    func probeAsPID1(_ probe: [String]) throws -> Spawned {
        try Spawned(["unshare", "--pid", "--fork", "--mount-proc", probePath] + probe)
    }
}

/// Whether this machine can run the init as PID 1 of a new PID namespace.
enum InitEnvironment {
    static func onPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    static let canRunAsPID1: Bool =
        getuid() == 0 && onPath("unshare") && onPath("chroot") && onPath("musl-gcc") && onPath("strip")
}

extension Trait where Self == ConditionTrait {
    /// The init's end-to-end tests run the real binary as PID 1 with `unshare --pid`, which needs root.
    static var asPID1: Self {
        .enabled(
            if: Requirement.met(InitEnvironment.canRunAsPID1),
            "needs root (PID namespaces), unshare, chroot and musl-gcc (musl-tools); CI runs as root with them")
    }
}
