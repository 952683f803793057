// Parse speed of DockerfileSyntax: built by scripts/parse-bench.sh together with the parser sources (swiftc -O).
//   bash scripts/parse-bench.sh [DIR]   (default: ../shared/corpus/dockerfiles)
import Foundation

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/corpus/dockerfiles"
var files: [[UInt8]] = []
if let enumerator = FileManager.default.enumerator(atPath: directory) {
    for case let path as String in enumerator {
        let full = directory + "/" + path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: full)
        {
            files.append([UInt8](data))
        }
    }
}
guard !files.isEmpty else {
    print("no files under \(directory)")
    exit(2)
}
let totalBytes = files.reduce(0) { $0 + $1.count }
/// CPU time of this process: the machine may be shared, so wall time would measure the neighbours too.
struct CPUClock {
    func measure(_ body: () -> Void) -> Duration {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end)
        let nanoseconds = (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec)
        return .nanoseconds(nanoseconds)
    }
}
let clock = CPUClock()
var instructions = 0
var commands = 0
// Warm up once, then measure several rounds and keep the best.
for file in files { instructions &+= Dockerfile.parse(file).instructions.count }
var best = Duration.seconds(1000)
for _ in 0..<5 {
    instructions = 0
    commands = 0
    let elapsed = clock.measure {
        for file in files {
            let parsed = Dockerfile.parse(file)
            instructions &+= parsed.instructions.count
            commands &+= parsed.allCommands.count
        }
    }
    best = min(best, elapsed)
}
let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
print(
    "parsed \(files.count) files (\(totalBytes) bytes, \(instructions) instructions, \(commands) shell commands)"
        + " in \(String(format: "%.1f", seconds * 1000)) ms of CPU:"
        + " \(String(format: "%.1f", seconds * 1e6 / Double(files.count))) µs per file on average")

// The typical file: the median size.
let sorted = files.sorted { $0.count < $1.count }
let typical = sorted[sorted.count / 2]
let rounds = max(1, min(2000, 2_000_000 / max(1, typical.count)))
let typicalElapsed = clock.measure {
    for _ in 0..<rounds { instructions &+= Dockerfile.parse(typical).instructions.count }
}
let typicalSeconds =
    Double(typicalElapsed.components.seconds) + Double(typicalElapsed.components.attoseconds) / 1e18
print(
    "typical file (median size, \(typical.count) bytes): \(String(format: "%.1f", typicalSeconds * 1e6 / Double(rounds))) µs of CPU per parse"
)
