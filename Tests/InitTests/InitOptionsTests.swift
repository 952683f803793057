import InitCore
import Testing

/// The argument vector as the kernel hands it over: bytes.
private func argv(_ words: String...) -> [[UInt8]] {
    ["shipshape-init"].map { Array($0.utf8) } + words.map { Array($0.utf8) }
}

private func parse(_ arguments: [[UInt8]], _ environment: [String: String] = [:]) throws(InitUsageError)
    -> InitCommand
{
    try InitCommand.parse(arguments) { name in environment[name].map { Array($0.utf8) } }
}

private func options(_ arguments: [[UInt8]], _ environment: [String: String] = [:]) throws -> InitOptions {
    guard case .run(let options) = try parse(arguments, environment) else {
        Issue.record("expected a run command")
        return InitOptions()
    }
    return options
}

@Suite("shipshape-init command line and environment")
struct InitOptionsTests {
    @Test("PROGRAM follows -- or the last option, and its own options are left alone")
    func programIndex() throws {
        #expect(try options(argv("--", "prog", "-x")).programIndex == 2)
        #expect(try options(argv("prog", "-x", "--")).programIndex == 1)
        #expect(try options(argv("-s", "-g", "prog")).programIndex == 3)
        #expect(try options(argv("-e", "3", "--", "-prog")).programIndex == 4)
        #expect(try options(argv("-", "x")).programIndex == 1)  // "-" alone is a program name, as in getopt
    }

    @Test("tini's short options, clustered or not")
    func shortOptions() throws {
        let parsed = try options(argv("-sgvvw", "-e3", "-e", "255", "-p", "SIGTERM", "--", "prog"))
        #expect(parsed.subreaper)
        #expect(parsed.killProcessGroup)
        #expect(parsed.verbosity == 3)
        #expect(parsed.warnOnReap)
        #expect(parsed.expectedExitCodes.contains(3))
        #expect(parsed.expectedExitCodes.contains(255))
        #expect(!parsed.expectedExitCodes.contains(0))
        #expect(parsed.parentDeathSignal == 15)
        #expect(parsed.programIndex == 8)
    }

    @Test("defaults: no subreaper, no group, verbosity 1, nothing remapped")
    func defaults() throws {
        let parsed = try options(argv("prog"))
        #expect(!parsed.subreaper && !parsed.killProcessGroup && !parsed.warnOnReap)
        #expect(parsed.verbosity == 1)
        #expect(parsed.expectedExitCodes.isEmpty)
        #expect(parsed.parentDeathSignal == nil)
    }

    @Test(
        "tini's and shipshape's environment variables",
        arguments: [
            ("TINI_SUBREAPER", ""), ("SHIPSHAPE_INIT_SUBREAPER", "1"), ("TINI_KILL_PROCESS_GROUP", "0"),
            ("SHIPSHAPE_INIT_KILL_PROCESS_GROUP", ""),
        ])
    func environmentFlags(variable: String, value: String) throws {
        let parsed = try options(argv("prog"), [variable: value])
        if variable.hasSuffix("SUBREAPER") {
            #expect(parsed.subreaper && !parsed.killProcessGroup)
        } else {
            #expect(parsed.killProcessGroup && !parsed.subreaper)
        }
    }

    @Test("verbosity from the environment, then -v adds one each")
    func verbosity() throws {
        #expect(try options(argv("-v", "prog"), ["TINI_VERBOSITY": "0"]).verbosity == 1)
        #expect(try options(argv("prog"), ["SHIPSHAPE_INIT_VERBOSITY": "3"]).verbosity == 3)
        #expect(
            try options(argv("prog"), ["SHIPSHAPE_INIT_VERBOSITY": "2", "TINI_VERBOSITY": "0"]).verbosity == 2)
        #expect(throws: InitUsageError.invalidVerbosity(variable: "TINI_VERBOSITY", value: Array("loud".utf8))) {
            try parse(argv("prog"), ["TINI_VERBOSITY": "loud"])
        }
    }

    @Test("help, version and license")
    func informational() throws {
        #expect(try parse(argv("-h")) == .help)
        #expect(try parse(argv("--help", "prog")) == .help)
        #expect(try parse(argv("--version")) == .version)
        #expect(try parse(argv("-l")) == .license)
        #expect(try parse(argv("-s", "-h")) == .help)
    }

    @Test(
        "bad command lines name the offending value",
        arguments: [
            (["-x", "prog"], InitUsageError.unknownOption(Array("-x".utf8))),
            (["--frobnicate", "prog"], .unknownOption(Array("--frobnicate".utf8))),
            (["-e"], .missingValue(0x65)),
            (["-e", "256", "prog"], .invalidExitCode(Array("256".utf8))),
            (["-e-1", "prog"], .invalidExitCode(Array("-1".utf8))),
            (["-p", "SIGNOPE", "prog"], .invalidSignal(Array("SIGNOPE".utf8))),
            (["-p", "65", "prog"], .invalidSignal(Array("65".utf8))),
            ([], .missingProgram),
            (["-s", "--"], .missingProgram),
        ])
    func errors(arguments: [String], error: InitUsageError) {
        #expect(throws: error) { try parse([Array("shipshape-init".utf8)] + arguments.map { Array($0.utf8) }) }
        #expect(!error.description.isEmpty)
    }

    @Test("messages quote the value and say what to do")
    func messages() {
        #expect(
            InitUsageError.invalidExitCode(Array("300".utf8)).description
                == "'-e 300': the exit code must be a number from 0 to 255")
        #expect(InitUsageError.unknownOption(Array("-x".utf8)).description.contains("'--' before PROGRAM"))
        #expect(InitCommand.usageExitCode == 64)
    }
}
