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
    @Option(help: "Manifests in the synthetic registry.") var manifests = 100_000
    @Option(help: "Repositories they are spread over.") var repositories = 10_000
    @Option(help: "Packages in each image.") var packagesPerImage = 40
    @Option(help: "Distinct packages in the registry.") var distinctPackages = 30_000
    @Option(help: "Events for the ingest measurement.") var events = 20_000

    func run() async throws {
        let logger = Logger(label: "shipshape-serve-bench")
        do {
            let store = try await ServeStore.open(database, logger: logger)
            let figures = try await StoreBench.rematch(
                store: store, manifests: manifests, repositories: repositories, packagesPerImage: packagesPerImage,
                distinctPackages: distinctPackages, database: vulnerabilityDb, logger: logger)
            print(
                "fill: \(manifests) manifests, \(manifests * packagesPerImage) package rows in "
                    + String(format: "%.2f s", figures.fillSeconds))
            print(
                "rematch: \(figures.summary.packages) distinct packages, \(figures.summary.pairs) matches, "
                    + "\(figures.summary.imagesNotified) images notified in "
                    + String(format: "%.2f s", figures.rematchSeconds))
            let (seconds, summary) = try await StoreBench.ingest(store: store, events: events, batch: 10)
            print(
                "ingest: \(events) events (\(summary.duplicates) duplicates, \(summary.queued) queued) in "
                    + String(format: "%.2f s: %.0f events/s", seconds, Double(events) / seconds))
            await store.close()
        } catch {
            FileHandle.standardError.write(Data("shipshape serve bench: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
