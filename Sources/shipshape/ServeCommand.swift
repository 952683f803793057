import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `shipshape serve ARGS…`: runs `shipshape-serve` from beside this binary with the same arguments. The service
/// (HTTP server, SQLite, PostgreSQL client) is a program of its own, so no other command links or loads it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The registry's scanning service (runs shipshape-serve; see shipshape serve --help).",
        discussion: """
            Every argument goes to shipshape-serve, installed beside shipshape. Exit codes: those of \
            shipshape-serve; 2 when it is not installed.
            """)

    @Argument(parsing: .captureForPassthrough, help: "The arguments of shipshape-serve (try --help).")
    var arguments: [String] = []

    func run() throws {
        let program = ServeCommand.companionPath()
        guard access(program, X_OK) == 0 else {
            printError(
                "shipshape: error: serve needs shipshape-serve beside shipshape ('\(program)' is missing): install it "
                    + "with scripts/install.sh, or build it with swift build --product shipshape-serve")
            throw Exit.badInput
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(program, argv)
        printError("shipshape: error: cannot run '\(program)': \(String(cString: strerror(errno)))")
        throw Exit.badInput
    }

    /// `shipshape-serve` in the directory of the running executable (`/proc/self/exe`).
    static func companionPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "shipshape-serve" }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "shipshape-serve" }
        return String(path[...slash]) + "shipshape-serve"
    }
}
