import Foundation
import Hummingbird
import Logging
import Metrics
import ServeCore
import ServeStore

/// The HTTP layer: the registry's notifications (`POST /v1/events`, shared secret), the JSON API and the pages
/// (API token), `/healthz`, `/readyz`, `/metrics`. It only parses requests and renders answers: the roles and the
/// store do the work.
public struct ServeRoutes: Sendable {
    public struct Secrets: Sendable {
        /// What the registry sends in `X-Shipshape-Secret` (or `Authorization: Bearer …`) with each notification.
        public var eventSecret: String
        /// What API and page requests send (`Authorization: Bearer TOKEN`, or Basic with the token as password).
        public var apiToken: String

        public init(eventSecret: String, apiToken: String) {
            self.eventSecret = eventSecret
            self.apiToken = apiToken
        }
    }

    /// Largest notification body read (the registry batches at most `threshold` events, 100 by default).
    public static let eventBodyLimit = 4 << 20

    public let store: ServeStore
    public let secrets: Secrets
    public let metrics: MetricsText
    public let clock: @Sendable () -> Int64
    /// Notifications are written by one group commit at a time.
    let inbox: InboxBatcher

    public init(
        store: ServeStore, secrets: Secrets, metrics: MetricsText,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.store = store
        self.secrets = secrets
        self.metrics = metrics
        self.clock = clock
        inbox = InboxBatcher(store: store, clock: clock)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let routes = self
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ -> Response in
            do {
                _ = try await routes.store.queueDepth()
                return Self.text("ready\n")
            } catch {
                return Self.text("the database is not reachable\n", status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { request, _ -> Response in
            try routes.authorize(request)
            return Self.text(try await routes.metrics.render(store: routes.store), type: "text/plain; version=0.0.4")
        }
        router.post("/v1/events") { request, _ -> Response in
            try routes.authorizeEvents(request)
            var request = request
            let buffer = try await request.collectBody(upTo: Self.eventBodyLimit)
            let events: [RegistryEvent]
            do {
                events = try NotificationEnvelope.parse(Array(buffer.readableBytesView))
            } catch let error as ServeError {
                return Self.json(["error": error.description], status: .badRequest)
            }
            let summary = try await routes.inbox.ingest(events)
            Counter(label: "shipshape_events_received_total").increment(by: summary.accepted)
            Counter(label: "shipshape_events_deduplicated_total").increment(by: summary.duplicates)
            // Three numbers, written directly: JSONSerialization was a tenth of the service's CPU per event.
            let body =
                "{\"accepted\":\(summary.accepted),\"duplicates\":\(summary.duplicates),\"queued\":\(summary.queued)}"
            return Response(
                status: .accepted, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/v1/repositories") { request, _ -> Response in
            try routes.authorize(request)
            return try Self.encoded(try await routes.store.repositories())
        }
        router.get("/v1/images") { request, _ -> Response in
            try routes.authorize(request)
            let repository = request.uri.queryParameters.get("repository")
            var digests: [String]?
            if let vulnerability = request.uri.queryParameters.get("vulnerability") {
                digests = try await routes.store.digests(vulnerability: vulnerability)
            } else if let package = request.uri.queryParameters.get("package") {
                digests = try await routes.store.digests(package: package)
            }
            return try Self.encoded(try await routes.store.images(repository: repository, digests: digests))
        }
        router.get("/v1/images/:digest") { request, context -> Response in
            try routes.authorize(request)
            let digest = context.parameters.get("digest") ?? ""
            guard let image = try await routes.store.image(digest: digest) else {
                return Self.json(["error": "no image \(NotificationEnvelope.printable(digest))"], status: .notFound)
            }
            return try Self.encoded(image)
        }
        router.get("/v1/vulnerabilities") { request, _ -> Response in
            try routes.authorize(request)
            return try Self.encoded(try await routes.store.vulnerabilities())
        }
        router.get("/v1/queue") { request, _ -> Response in
            try routes.authorize(request)
            return try Self.encoded(try await routes.store.queueDepth())
        }
        router.get("/") { request, _ -> Response in
            try routes.authorize(request)
            return Self.html(
                Pages.overview(
                    try await routes.store.images(), try await routes.store.queueDepth(),
                    practices: try await routes.store.practices(), shown: 200))
        }
        router.get("/images/:digest") { request, context -> Response in
            try routes.authorize(request)
            let digest = context.parameters.get("digest") ?? ""
            guard let image = try await routes.store.image(digest: digest) else {
                return Self.html(Pages.notFound(digest), status: .notFound)
            }
            return Self.html(Pages.image(image))
        }
        router.get("/search") { request, _ -> Response in
            try routes.authorize(request)
            let query = request.uri.queryParameters.get("q") ?? ""
            let digests = query.isEmpty ? [] : try await routes.store.digests(vulnerability: query)
            let images = digests.isEmpty ? [] : try await routes.store.images(digests: digests)
            return Self.html(
                Pages.search(query, images: images, top: try await routes.store.vulnerabilities(limit: 50)))
        }
        return router
    }

    // MARK: authentication

    func authorize(_ request: Request) throws {
        guard let header = request.headers[.authorization] else { throw Self.unauthorized }
        if header.hasPrefix("Bearer "), Self.equal(String(header.dropFirst(7)), secrets.apiToken) { return }
        if header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
            Self.equal(String(text[text.index(after: colon)...]), secrets.apiToken)
        {
            return
        }
        throw Self.unauthorized
    }

    func authorizeEvents(_ request: Request) throws {
        for field in request.headers where field.name.canonicalName == "x-shipshape-secret" {
            if Self.equal(field.value, secrets.eventSecret) { return }
        }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            Self.equal(String(header.dropFirst(7)), secrets.eventSecret)
        {
            return
        }
        throw HTTPError(.unauthorized, message: "a notification needs the shared secret (X-Shipshape-Secret)")
    }

    static let unauthorized = HTTPError(
        .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"shipshape\""],
        message: "this needs the API token (Authorization: Bearer TOKEN)")

    /// Compares in time that depends on the length only, not on where the first difference is.
    static func equal(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    // MARK: responses

    static func text(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(
            status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = Self.text(text, status: status, type: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return response
    }

    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
