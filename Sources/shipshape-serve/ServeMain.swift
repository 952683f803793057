import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Registry
import ServeCore
import ServeHTTP
import ServeStore
import ServiceLifecycle
import Vulnerabilities

/// `shipshape-serve` (what `shipshape serve` runs): `run` (the default) is the service; `bench` measures the store.
@main
struct ServeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shipshape serve",
        abstract: "The registry's scanning service: notifications, workers, re-match, webhook, API and pages.",
        discussion: "Without a subcommand: run (see shipshape serve run --help).",
        subcommands: [ServeRunCommand.self, ServeBenchCommand.self], defaultSubcommand: ServeRunCommand.self)

    /// ArgumentParser's own `main`, after unblocking the stop signals: a mask is inherited across exec, and a
    /// parent that started us from a thread blocking SIGTERM (a test runner's worker thread, some supervisors)
    /// would otherwise leave the service deaf to SIGTERM, so it would never drain and stop.
    static func main() async {
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// The service: parses its options, builds the roles, runs them as one service group; SIGTERM drains.
struct ServeRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The registry's scanning service: notifications, workers, re-match, webhook, API and pages.",
        discussion: """
            Every role runs in this one process unless --role names some (repeatable: api, worker, rematch, \
            notify, reconcile). SQLite (a file, the default) is for one machine; --database postgres://USER@HOST:PORT/NAME \
            lets any number of processes share one queue. Secrets are read from files (or the environment \
            variables SHIPSHAPE_SERVE_EVENT_SECRET, SHIPSHAPE_SERVE_API_TOKEN, SHIPSHAPE_SERVE_WEBHOOK_TOKEN), \
            never from the command line, and never logged. See docs/serve.md. Exit codes: 0 stopped cleanly; \
            2 the database, registry or a secret could not be used; 64 bad usage.
            """)

    @Option(help: "The registry to scan: http(s)://HOST[:PORT].") var registry: String
    @Option(help: "A SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/NAME[?host=SOCKETDIR].")
    var database = "shipshape-serve.db"
    @Option(help: "Where the API listens: HOST:PORT (port 0: any free port, printed at start).")
    var listen = "127.0.0.1:8080"
    @Option(help: "A file holding the shared secret the registry's notifications carry.") var eventSecretFile: String?
    @Option(help: "A file holding the API token (API, pages and /metrics).") var apiTokenFile: String?
    @Option(help: "The roles to run (repeatable): api, worker, rematch, notify, reconcile; default all.") var role:
        [String] = []
    @Option(help: "Worker tasks in this process.") var workers = 2
    @Option(help: "This process's worker name prefix (default: host name and process id).") var workerName: String?
    @Option(help: "The vulnerability database (default: the one `shipshape db` writes).") var vulnerabilityDb: String?
    @Option(help: "Post new findings to this URL (JSON, Idempotency-Key header).") var webhook: String?
    @Option(help: "A file holding a bearer token for the webhook.") var webhookTokenFile: String?
    @Option(help: "A Docker/containers auth file with the registry's credentials.") var authfile: String?
    @Option(help: "Keep downloaded blobs in DIR (default: a temporary directory per scan).") var cache: String?
    @Option(help: "Seconds a worker's lease lasts (renewed every third of it).") var lease: Int64 = 30
    @Option(help: "At most N scans pull from the registry at once, across every process sharing the database.")
    var registryConcurrency: Int?
    @Option(help: "Seconds between reconcile walks of the registry's catalog (0: none; one walk at start).")
    var reconcileInterval: Int64 = 3600
    @Flag(help: "Leave out the image checks (only the packages and vulnerabilities).") var noImageChecks = false
    @Option(
        help: ArgumentHelp(
            "A one-off full re-scan named RUN: queue every image once for it, work, and exit 0 when none is left.",
            discussion: "Every process given the same RUN shares the work (a Kubernetes Indexed Job: deploy/).",
            valueName: "RUN"))
    var rescan: String?

    func validate() throws {
        let known: Set<String> = ["api", "worker", "rematch", "notify", "reconcile"]
        for name in role where !known.contains(name) {
            throw ValidationError("unknown --role '\(name)' (use api, worker, rematch, notify or reconcile)")
        }
        guard (0...64).contains(workers) else { throw ValidationError("--workers must be 0 to 64") }
        guard (3...3600).contains(lease) else { throw ValidationError("--lease must be 3 to 3600 seconds") }
        if let registryConcurrency, !(1...1000).contains(registryConcurrency) {
            throw ValidationError("--registry-concurrency must be 1 to 1000")
        }
        if let rescan,
            rescan.isEmpty || rescan.utf8.count > 64
                || !rescan.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
                })
        {
            throw ValidationError("--rescan '\(rescan.prefix(80))' must be 1 to 64 letters, digits, '.', '_' or '-'")
        }
        do { _ = try RegistryEndpoint(parsing: registry) } catch { throw ValidationError("\(error)") }
        if let webhook, URL(string: webhook)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--webhook '\(webhook.prefix(80))' is not an http(s) URL")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["SHIPSHAPE_SERVE_DEBUG"] != nil ? .debug : .info
            return handler
        }
        let prometheus = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
        let logger = Logger(label: "shipshape-serve")
        let roles = Set(role.isEmpty ? ["api", "worker", "rematch", "notify", "reconcile"] : role)
        do {
            let setup = try await ServeSetup.make(self, logger: logger)
            var services: [any Service] = []
            if roles.contains("api") {
                services.append(try setup.application(listen: listen, metrics: MetricsText(registry: prometheus)))
            }
            if roles.contains("worker") {
                services += setup.workerServices(count: workers, prefix: workerName, cap: registryConcurrency)
            }
            if roles.contains("rematch") { services += setup.maintenanceServices() }
            if roles.contains("reconcile"), reconcileInterval > 0 {
                services.append(setup.reconcileService(every: reconcileInterval))
            }
            if roles.contains("notify"), let notifier = try setup.notifier(webhook, tokenFile: webhookTokenFile) {
                services.append(notifier)
            }
            var configured = services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
            if let rescan {
                let queued = try await setup.store.enqueueRescan(run: rescan, now: ServeSetup.now())
                logger.info("re-scan \(rescan): \(queued) images queued by this process")
                // When the run has nothing left, the group drains (the job in hand is finished) and exits 0.
                configured.append(
                    .init(service: setup.rescanWatch(rescan), successTerminationBehavior: .gracefullyShutdownGroup))
            }
            logger.info("shipshape-serve started: \(roles.sorted().joined(separator: ", "))")
            let group = ServiceGroup(
                configuration: .init(
                    services: configured, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            await setup.store.close()
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("shipshape serve: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
