import ArgumentParser
import ImageFormat

#if canImport(Glibc)
import Glibc
#endif

@main
struct Shipshape: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shipshape",
        abstract: "Container images made the way the best practice says: lint, inspect, build, copy, tag.",
        discussion: """
            Exit codes: 0 no finding at or above the failure threshold; 1 findings at or above it; \
            2 the input could not be read or is not what it claims to be; 64 bad usage.
            """,
        version: ShipshapeVersion.current,
        subcommands: [
            LintCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            InspectCommand.self,
            ProbeCommand.self,
            SbomCommand.self,
            ScanCommand.self,
            DbCommand.self,
            LayersCommand.self,
            CopyCommand.self,
            BuildCommand.self,
            TagsCommand.self,
            LspCommand.self,
            ServeCommand.self,
        ]
    )

    static func main() async {
        #if canImport(Glibc)
        // Swift's runtime reads the arguments from /proc/self/cmdline, and libdispatch's thread-pool monitor
        // traps (SIGILL) at a random moment when /proc/self/task cannot be read. Without /proc (a chroot, some
        // sandboxes) every argument would be lost and the run would crash: say so instead.
        if access("/proc/self/cmdline", R_OK) != 0 {
            let message = "shipshape: /proc is not mounted; shipshape needs it (mount -t proc proc /proc)\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            Glibc.exit(2)
        }
        // Allocations of 64 KiB and more (entry tables, growing arrays) get their own mapping and go back to the
        // system when freed. By default glibc raises that threshold after the first such free and keeps the freed
        // memory, which added about 1 MB to the peak of an inspect (README, "Inspecting images": Performance).
        // mallopt is declared in <malloc.h>, which the Glibc module does not export: look it up in the C library.
        if let symbol = dlsym(nil, "mallopt") {
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 64 << 10)
        }
        #endif
        // Before any thread starts: SIGINT/SIGTERM/SIGHUP remove the temporary directories, then stop the process.
        TemporaryDirectories.installSignalCleanup()
        // The same arguments as `main(nil)` reads, with long runs of `lint` paths kept from the parser (see
        // LintPathRuns).
        await main(LintPathRuns.collapsed(Array(CommandLine.arguments.dropFirst())))
    }
}

enum ShipshapeVersion {
    static let current = "0.1.0"
}
