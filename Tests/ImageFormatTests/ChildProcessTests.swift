import Testing

@testable import ImageFormat

@Suite("ChildProcess (posix_spawn)")
struct ChildProcessTests {
    @Test("input goes to stdin, stdout comes back, the exit status is kept")
    func roundTrip() throws {
        let output = try ChildProcess.run(["/bin/sh", "-c", "cat; echo err >&2; exit 3"], input: Array("hi\n".utf8))
        #expect(output.status == 3)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "hi\n")
        #expect(output.stderr.isEmpty)  // discarded by default
    }

    @Test("both pipes full at once do not deadlock")
    func bothPipes() throws {
        let script = "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; head -c 1048576 /dev/zero"
        let output = try ChildProcess.run(["/bin/sh", "-c", script], errors: .capture)
        #expect(output.status == 0)
        #expect(output.stdout.count == 2 << 20)
        #expect(output.stderr.count == 1 << 20)
    }

    @Test("output past the limit is read and dropped")
    func limit() throws {
        let output = try ChildProcess.run(["/bin/sh", "-c", "head -c 100000 /dev/zero"], outputLimit: 1000)
        #expect(output.status == 0)
        #expect(output.stdout.count == 1000)
    }

    @Test("a signal is 128 + its number")
    func signal() throws {
        #expect(try ChildProcess.run(["/bin/sh", "-c", "kill -9 $$"]).status == 137)
    }

    @Test("a program that does not exist is a typed error")
    func missing() {
        #expect(throws: ChildProcessError.spawn(program: "/no/such/program", errno: 2)) {
            try ChildProcess.run(["/no/such/program"])
        }
    }
}
