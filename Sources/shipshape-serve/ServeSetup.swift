import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Registry
import ServeCore
import ServeHTTP
import ServeStore
import ServiceLifecycle
import Vulnerabilities

/// The pieces the options describe: the store, the registry access, the matcher, the secrets.
struct ServeSetup {
    let store: ServeStore
    let reconciler: Reconciler
    let scanner: ImageScanner
    let matcher: MatcherBox
    let secrets: ServeRoutes.Secrets
    let lease: Int64
    let logger: Logger

    static func make(_ options: ServeRunCommand, logger: Logger) async throws -> ServeSetup {
        let environment = ProcessInfo.processInfo.environment
        let endpoint = try RegistryEndpoint(parsing: options.registry)
        let store = try await ServeStore.open(options.database, logger: logger)
        let credentials = CredentialStore(
            explicit: [:], authFile: options.authfile ?? CredentialStore.defaultAuthFile(environment: environment))
        let access = RegistryAccess(
            http: CurlHTTPClient(parallelism: 4), store: credentials,
            options: RegistryOptions(plainHTTP: endpoint.plainHTTP), cacheDirectory: options.cache)
        let matcher = MatcherBox(
            path: options.vulnerabilityDb ?? DatabaseLocation.path(environment: DatabaseLocation.processEnvironment))
        let scanner = ImageScanner(
            registry: endpoint, access: access, store: store, matcher: matcher,
            analyser: "shipshape-serve-0.1.0/packages-1", imageChecks: !options.noImageChecks)
        let eventSecret = try secret(
            file: options.eventSecretFile, variable: "SHIPSHAPE_SERVE_EVENT_SECRET", what: "--event-secret-file")
        let apiToken = try secret(
            file: options.apiTokenFile, variable: "SHIPSHAPE_SERVE_API_TOKEN", what: "--api-token-file")
        return ServeSetup(
            store: store, reconciler: Reconciler(registry: endpoint, access: access, store: store, logger: logger),
            scanner: scanner, matcher: matcher,
            secrets: .init(eventSecret: eventSecret, apiToken: apiToken), lease: options.lease, logger: logger)
    }

    /// A secret from its file (first line, trailing newline dropped) or its environment variable.
    static func secret(file: String?, variable: String, what: String) throws -> String {
        var text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(what): cannot read '\(file.prefix(200))'")
            }
            text = String(decoding: data.prefix(4096), as: UTF8.self)
        } else if let value = ProcessInfo.processInfo.environment[variable] {
            text = value
        } else {
            throw ValidationError("\(what) (or \(variable)) is needed")
        }
        text = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        while text.hasSuffix("\r") || text.hasSuffix(" ") { text.removeLast() }
        guard text.utf8.count >= 16 else { throw ValidationError("\(what): the secret must be at least 16 bytes") }
        return text
    }

    func application(listen: String, metrics: MetricsText) throws -> some Service {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen '\(listen.prefix(80))' is not HOST:PORT") }
        let host = String(listen[..<colon])
        let routes = ServeRoutes(store: store, secrets: secrets, metrics: metrics)
        return Application(
            router: routes.router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                FileHandle.standardError.write(Data("shipshape-serve: listening on http://\(host):\(port)\n".utf8))
            }, logger: logger)
    }

    func workerServices(count: Int, prefix: String?, cap: Int?) -> [any Service] {
        let base = prefix ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        return (0..<count).map { index in
            var configured = Worker(name: "\(base)-\(index)", store: store, scanner: scanner, logger: logger)
            configured.lease = lease
            configured.registryConcurrency = cap
            let worker = configured
            return LoopService(name: worker.name) { stop in await worker.run(until: stop) }
        }
    }

    /// The re-match (the database file watched every 2 s), the reaper of expired leases and the purge of old
    /// events and finished jobs.
    func maintenanceServices() -> [any Service] {
        let rematcher = Rematcher(store: store, matcher: matcher, logger: logger)
        let store = store
        let logger = logger
        return [
            LoopService(name: "rematch") { stop in
                while !stop.stopped && !Task.isCancelled {
                    do {
                        _ = try await rematcher.checkForUpdate(now: Self.now())
                    } catch {
                        logger.error("re-match: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(2))
                }
            },
            LoopService(name: "reaper") { stop in
                var rounds = 0
                while !stop.stopped && !Task.isCancelled {
                    do {
                        let reaped = try await store.reap(now: Self.now())
                        if reaped > 0 { logger.warning("reaper: \(reaped) expired leases put back in the queue") }
                        rounds += 1
                        if rounds % 3600 == 0 { try await store.purge(before: Self.now() - 7 * 86_400) }
                    } catch {
                        logger.error("reaper: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            },
        ]
    }

    /// A reconcile walk at start (after the other roles are up), then every `seconds`.
    func reconcileService(every seconds: Int64) -> any Service {
        let reconciler = reconciler
        let logger = logger
        return LoopService(name: "reconcile") { stop in
            var next = Self.now() + 2
            while !stop.stopped && !Task.isCancelled {
                if Self.now() >= next {
                    do {
                        _ = try await reconciler.walk(now: Self.now())
                    } catch {
                        logger.warning("reconcile: \(error)")
                    }
                    next = Self.now() + seconds
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Returns when re-scan `run` has no job queued or running (checked every 2 s).
    func rescanWatch(_ run: String) -> any Service {
        let store = store
        let logger = logger
        return LoopService(name: "rescan") { stop in
            while !stop.stopped && !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                do {
                    if try await store.rescanRemaining(run: run) == 0 {
                        logger.info("re-scan \(run): nothing left, stopping")
                        return
                    }
                } catch {
                    logger.warning("re-scan \(run): \(error)")
                }
            }
        }
    }

    func notifier(_ webhook: String?, tokenFile: String?) throws -> (any Service)? {
        guard let webhook, let url = URL(string: webhook) else { return nil }
        let token =
            tokenFile != nil || ProcessInfo.processInfo.environment["SHIPSHAPE_SERVE_WEBHOOK_TOKEN"] != nil
            ? try Self.secret(file: tokenFile, variable: "SHIPSHAPE_SERVE_WEBHOOK_TOKEN", what: "--webhook-token-file")
            : nil
        let notifier = Notifier(store: store, url: url, token: token, http: CurlHTTPClient(), logger: logger)
        return LoopService(name: "notify") { stop in await notifier.run(until: stop) }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
