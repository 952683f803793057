import ArgumentParser
import Foundation
import Logging
import ServeCore
import ServeStore

/// `shipshape serve bench`: the store's figures for bench/serve.sh (a synthetic registry written straight in).
struct ServeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the store: re-match of a synthetic registry's inventories, and the ingest rate.",
        discussion: "Writes into --database, which should be new. Exit codes: 0 measured; 2 the store failed.")

    @Option(help: "A new SQLite file or postgres:// database.") var database: String
    @Option(help: "The vulnerability database to re-match with (bench/make-osv-zip.py records).")
    var vulnerabilityDb: String
    @Option(help: "A second vulnerability database (the advisory update) to re-match with after the first.")
    var updateDb: String?
    @Option(help: "Manifests in the synthetic registry.") var manifests = 100_000
    @Option(help: "Repositories they are spread over.") var repositories = 10_000
    @Option(help: "Packages in each image.") var packagesPerImage = 40
    @Option(help: "Distinct packages in the registry.") var distinctPackages = 30_000
    @Option(help: "Events for the ingest measurement.") var events = 20_000
    @Option(help: "Re-match rounds with --update-db (each: the update, then the first database again).")
    var rounds = 3

    func run() async throws {
        let logger = Logger(label: "shipshape-serve-bench")
        do {
            let store = try await ServeStore.open(database, logger: logger)
            let figures = try await StoreBench.rematch(
                store: store, manifests: manifests, repositories: repositories, packagesPerImage: packagesPerImage,
                distinctPackages: distinctPackages, database: vulnerabilityDb, update: updateDb, rounds: rounds,
                logger: logger)
            print(
                "fill: \(manifests) manifests, \(manifests * packagesPerImage) package rows in "
                    + String(format: "%.2f s", figures.fillSeconds))
            print(Self.line("first match", figures.first, [figures.firstSeconds]))
            if let update = figures.update, let withdraw = figures.withdraw {
                print(Self.line("re-match after the update", update, figures.updateSeconds))
                print(Self.line("re-match after its withdrawal", withdraw, figures.withdrawSeconds))
            }
            let (seconds, summary) = try await StoreBench.ingest(store: store, events: events, batch: 10)
            print(
                "inbox (the store alone, no HTTP): \(events) events (\(summary.duplicates) duplicates, \(summary.queued) queued) in "
                    + String(format: "%.2f s: %.0f events/s", seconds, Double(events) / seconds))
            await store.close()
        } catch {
            FileHandle.standardError.write(Data("shipshape serve bench: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// One figure: the median of `seconds`, and every run when there are several.
    static func line(_ what: String, _ summary: Rematcher.Summary, _ seconds: [Double]) -> String {
        let sorted = seconds.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let runs =
            sorted.count > 1
            ? " (median of \(sorted.count): "
                + seconds.map { String(format: "%.2f", $0) }
                .joined(separator: ", ") + ")" : ""
        return "\(what): \(summary.packages) distinct packages, \(summary.pairs) matches, \(summary.imagesNotified) "
            + "images notified in " + String(format: "%.2f s", median) + runs
    }
}
