import Foundation
import TestSupport
import Testing

/// `lint --today` and SHIPSHAPE_TODAY pin the day end-of-life bases are judged against (issue 12, class 7).
@Suite(
    "lint --today and SHIPSHAPE_TODAY",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct LintTodayTests {
    /// Python 3.10's support ends on 2026-10-31.
    static let dockerfile = "FROM python:3.13-slim AS build\nFROM python:3.10-slim\nUSER 1000\n"

    /// Runs `lint` on the Dockerfile from standard input in an empty directory (no `.shipshape.yml` applies).
    func lint(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let directory = try scratchDirectory("lint-today")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try run(["lint"] + arguments + ["-"], in: directory, stdin: Self.dockerfile, environment: environment)
    }

    @Test("the day before the end passes, the day itself fails, with the date in the message")
    func bothSides() throws {
        let (before, beforeOut, _) = try lint(["--today", "2026-10-30"])
        #expect(before == 0, "\(beforeOut)")
        #expect(!beforeOut.contains("SS0061"))
        let (on, onOut, _) = try lint(["--today", "2026-10-31"])
        #expect(on == 1)
        #expect(onOut.contains("Python 3.10 reached end of life on 2026-10-31"), "\(onOut)")
    }

    @Test("SHIPSHAPE_TODAY pins the day; --today wins over it")
    func environment() throws {
        let (early, _, _) = try lint([], environment: ["SHIPSHAPE_TODAY": "2026-01-01"])
        #expect(early == 0)
        let (late, _, _) = try lint([], environment: ["SHIPSHAPE_TODAY": "2027-01-01"])
        #expect(late == 1)
        let (flag, _, _) = try lint(["--today", "2026-01-01"], environment: ["SHIPSHAPE_TODAY": "2027-01-01"])
        #expect(flag == 0)
    }

    @Test("a date that is not YYYY-MM-DD is a usage error (64), its control characters not printed")
    func invalid() throws {
        for date in ["2026-02-30", "tomorrow", "2026-1-5"] {
            let (status, _, err) = try lint(["--today", date])
            #expect(status == 64, "\(date)")
            #expect(err.contains("is not a date (use YYYY-MM-DD)"), "\(err)")
        }
        let (status, _, err) = try lint([], environment: ["SHIPSHAPE_TODAY": "\u{1B}]0;owned\u{07}"])
        #expect(status == 64)
        #expect(err.contains("SHIPSHAPE_TODAY="), "\(err)")
        #expect(!err.contains("\u{1B}") && !err.contains("\u{07}"), "\(err)")
    }
}
