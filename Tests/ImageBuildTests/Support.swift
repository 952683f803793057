import Foundation
import ImageBuild
import ImageFormat
import TestSupport

/// Test tools: programs, scratch directories, compiled test binaries.
enum BuildTestSupport {
    /// Runs a program found in PATH; returns its exit status and stdout with stderr interleaved.
    static func run(_ arguments: [String], directory: String? = nil, environment: [String: String]? = nil) throws -> (
        status: Int32, output: String
    ) {
        let result = try TestProcess.run(
            "/usr/bin/env", arguments, directory: directory, environment: environment ?? [:], errors: .merged)
        return (result.status, result.stdout)
    }

    static func exists(_ name: String) -> Bool { TestProcess.exists(name) }

    static var isRoot: Bool { TestProcess.isRoot }

    static func directory(_ label: String) throws -> String { try TestFiles.temporaryDirectory(label) }

    static let program = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            char name[64] = "";
            FILE *comm = fopen("/proc/1/comm", "r");
            if (comm) { fgets(name, sizeof name, comm); fclose(comm); }
            printf("pid=%d ppid=%d uid=%d pid1=%s", getpid(), getppid(), getuid(), name);
            return argc > 1 ? atoi(argv[1]) : 0;
        }
        """

    /// Compiles the test program: `musl-gcc -static` or, with `dynamic`, plain `gcc`.
    static func compile(in directory: String, dynamic: Bool = false) throws -> String {
        let source = directory + "/prog.c"
        try program.write(toFile: source, atomically: true, encoding: .utf8)
        let binary = directory + (dynamic ? "/prog-dynamic" : "/prog")
        let compiler = dynamic ? ["gcc", "-O1"] : ["musl-gcc", "-static", "-O1"]
        let result = try run(compiler + ["-o", binary, source])
        guard result.status == 0 else { throw TestFailure("compiling failed: \(result.output)") }
        return binary
    }

    /// The shipshape-init scripts/build-init.sh builds (check.sh builds it before the tests).
    static var initBinary: String? {
        let path = TestFiles.packageRoot.appendingPathComponent(".build/init/shipshape-init").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static var host: Platform { Platform.host }

    static func spec(_ additions: [Addition], entrypoint: [String]) -> BuildSpec {
        var spec = BuildSpec(platform: host)
        spec.additions = additions
        spec.entrypoint = entrypoint
        return spec
    }
}
