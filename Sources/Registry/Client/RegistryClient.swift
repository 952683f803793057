import Foundation
import ImageFormat

/// A client for one registry (one `host[:port]`), on the OCI distribution spec.
///
/// It pings `/v2/` once to learn the scheme (HTTPS first; plain HTTP only where `RegistryOptions` allows it) and
/// the authentication challenge, then authenticates each request: anonymous, Basic, or a Bearer token fetched from
/// the challenge's realm and cached per scope until it expires. It follows redirects itself and drops the
/// Authorization header when a redirect leaves the registry's host; it retries 429, 5xx and connection errors.
public final class RegistryClient: Sendable {
    /// `SHIPSHAPE_TRACE_HTTP=1` prints each request's method and URL (never its headers) on stderr.
    static let trace = ProcessInfo.processInfo.environment["SHIPSHAPE_TRACE_HTTP"] == "1"

    /// The `host[:port]` requests go to.
    public let host: String
    let http: any HTTPClient
    let options: RegistryOptions
    let credential: Credential?
    let state: AuthState

    public init(host: String, http: any HTTPClient, credential: Credential?, options: RegistryOptions = .init()) {
        self.host = host
        self.http = http
        self.credential = credential
        self.options = options
        self.state = AuthState()
    }

    /// A client for `reference`'s registry with credentials from `store`.
    public convenience init(
        for reference: RegistryReference, http: any HTTPClient, store: CredentialStore, options: RegistryOptions
    ) throws(RegistryError) {
        self.init(
            host: reference.apiHost, http: http, credential: try store.credential(for: reference.registry),
            options: options)
    }

    /// What an error message names: the repository and the reference asked for.
    struct Subject: Sendable {
        var repository: String
        var reference: String
    }

    // MARK: Base URL and ping

    /// `https://host/v2/` or `http://host/v2/`, found by pinging once: HTTPS only, unless plain HTTP is allowed
    /// (loopback: HTTP first, then HTTPS; `--insecure-registry`: HTTPS first, then HTTP; `--plain-http`: HTTP).
    func baseURL() async throws -> URL {
        if let base = await state.base { return base }
        let schemes: [String]
        if options.plainHTTP {
            schemes = ["http"]
        } else if Loopback.contains(host) {
            schemes = ["http", "https"]
        } else if options.allowsPlainHTTP(host) {
            schemes = ["https", "http"]
        } else {
            schemes = ["https"]
        }
        var failures: [String] = []
        for scheme in schemes {
            guard let url = URL(string: "\(scheme)://\(host)/v2/") else {
                throw RegistryError.invalidReference(host, reason: "it does not make a URL")
            }
            let receiver = MemoryReceiver(limit: 64 << 10)
            do {
                let head = try await sendWithRetries(
                    HTTPRequest(method: "GET", url: url), receiver: StatusRouter(target: receiver),
                    retries: schemes.count > 1 ? 0 : options.retries)
                guard head.status == 200 || head.status == 401 else {
                    failures.append("\(scheme): GET /v2/ answered HTTP \(head.status), expected 200 or 401")
                    continue
                }
                if head.status == 401, let header = head["www-authenticate"] {
                    await state.setChallenge(AuthChallenge(header: header))
                }
                await state.setBase(url)
                return url
            } catch let error as HTTPTransportError {
                failures.append("\(scheme): \(error.reason)")
            }
        }
        let reason = failures.joined(separator: "; ")
        if !options.allowsPlainHTTP(host) {
            throw RegistryError.transport(
                host: host, reason: reason + " (HTTPS only; for a plain-HTTP registry pass --insecure-registry \(host))"
            )
        }
        throw RegistryError.transport(host: host, reason: reason)
    }

    /// `base` + a path under /v2/.
    func url(_ path: String, query: [URLQueryItem] = []) async throws -> URL {
        let base = try await baseURL()
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
            throw RegistryError.protocolViolation(host: host, reason: "cannot build a URL for \(path)")
        }
        components.percentEncodedPath = "/v2/" + path
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else {
            throw RegistryError.protocolViolation(host: host, reason: "cannot build a URL for \(path)")
        }
        return url
    }

    // MARK: Authenticated requests

    /// Sends a request to the registry with authentication for `scopes`, following redirects, retrying transient
    /// failures. 2xx bodies go to `receiver`; other bodies are kept (up to 64 KiB) for the error, which is thrown
    /// unless the status is in `accept`.
    @discardableResult
    func execute(
        _ request: HTTPRequest, scopes: [String], subject: Subject, receiver: (any HTTPBodyReceiver)? = nil,
        accept: Set<Int> = []
    ) async throws -> HTTPResponseHead {
        var triedFreshToken = false
        var scopes = scopes
        while true {
            var authenticated = request
            if let authorization = try await authorization(for: scopes, subject: subject) {
                authenticated.headers["Authorization"] = authorization
            }
            let router = StatusRouter(target: receiver)
            let head = try await sendFollowingRedirects(authenticated, receiver: router)
            if head.status == 401, !triedFreshToken, let header = head["www-authenticate"],
                let challenge = AuthChallenge(header: header)
            {
                // A new or changed challenge, an expired token, or insufficient_scope: fetch a token for what the
                // registry asks (its scope added to ours) and try once more.
                triedFreshToken = true
                await state.setChallenge(challenge)
                if let wanted = challenge.scope {
                    for scope in wanted.split(separator: " ").map(String.init) where !scopes.contains(scope) {
                        scopes.append(scope)
                    }
                }
                await state.forgetToken(for: scopes)
                if challenge.scheme == .bearer || (challenge.scheme == .basic && credential != nil) { continue }
            }
            if (200..<300).contains(head.status) || accept.contains(head.status) { return head }
            throw failure(head, body: router.errorBody, method: request.method, subject: subject)
        }
    }

    /// The Authorization header for `scopes` under the current challenge, fetching a token when needed.
    func authorization(for scopes: [String], subject: Subject) async throws -> String? {
        guard let challenge = await state.challenge else { return nil }
        switch challenge.scheme {
        case .basic:
            return credential?.basicAuthorization
        case .bearer:
            if let token = await state.token(for: scopes) { return "Bearer \(token)" }
            let token = try await fetchToken(challenge, scopes: scopes, subject: subject)
            return "Bearer \(token)"
        case .other:
            return nil
        }
    }

    /// Sends, following up to 10 redirects (absolute or relative Location). The Authorization header goes only to
    /// the registry's own scheme, host and port: object storage behind a redirect never sees it.
    func sendFollowingRedirects(_ request: HTTPRequest, receiver: any HTTPBodyReceiver) async throws
        -> HTTPResponseHead
    {
        var current = request
        for _ in 0..<10 {
            let head = try await sendWithRetries(current, receiver: receiver)
            guard [301, 302, 303, 307, 308].contains(head.status), let location = head["location"] else { return head }
            guard let next = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw RegistryError.protocolViolation(host: host, reason: "a redirect to '\(location)' is not a URL")
            }
            let nextHost = Self.origin(of: next)
            if next.scheme == "http", current.url.scheme == "https", !Loopback.contains(nextHost) {
                throw RegistryError.protocolViolation(host: host, reason: "a redirect from HTTPS to plain HTTP")
            }
            if nextHost != Self.origin(of: current.url) || next.scheme != current.url.scheme {
                current.headers.removeValue(forKey: "Authorization")
            }
            if head.status == 303 {
                current.method = "GET"
                current.body = .none
            }
            current.url = next
        }
        throw RegistryError.protocolViolation(host: host, reason: "more than 10 redirects")
    }

    static func origin(of url: URL) -> String {
        let host = url.host ?? ""
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return url.port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// One request with retries on 429/5xx and connection errors, exponential backoff, Retry-After honoured.
    func sendWithRetries(_ request: HTTPRequest, receiver: any HTTPBodyReceiver, retries: Int? = nil) async throws
        -> HTTPResponseHead
    {
        let retries = retries ?? options.retries
        var attempt = 0
        // All the waits of one request together stay within `maxRetryAfter` (issue 18 row 15: a Retry-After of
        // 999999 capped at 60 s and retried three times stalled each request three minutes). A registry that asks
        // for longer gets its answer back as the failure.
        var waited: Duration = .zero
        while true {
            do {
                if Self.trace { FileHandle.standardError.write(Data("> \(request.method) \(request.url)\n".utf8)) }
                let head = try await http.send(request, receiver: receiver)
                if Self.trace { FileHandle.standardError.write(Data("< \(head.status) \(request.url)\n".utf8)) }
                let transient = head.status == 429 || [500, 502, 503, 504].contains(head.status)
                guard transient, attempt < retries else { return head }
                let wait = delay(attempt: attempt, retryAfter: head["retry-after"], uncapped: true)
                guard waited + wait <= options.maxRetryAfter else { return head }
                waited += wait
                try await Task.sleep(for: wait)
            } catch let error as HTTPTransportError {
                guard attempt < retries else { throw error }
                try await Task.sleep(for: delay(attempt: attempt, retryAfter: nil))
            }
            attempt += 1
        }
    }

    /// How long to wait before retry `attempt`: `Retry-After` as delay-seconds or as an HTTP-date (RFC 9110
    /// §10.2.3; a date in the past means now), capped at `maxRetryAfter`; otherwise exponential backoff.
    /// With `uncapped`, the Retry-After asked for (a sum of waits is checked by the caller).
    func delay(attempt: Int, retryAfter: String?, now: Date = Date(), uncapped: Bool = false) -> Duration {
        let cap: Duration = uncapped ? .seconds(Int64.max / 2) : options.maxRetryAfter
        if let retryAfter {
            let value = retryAfter.trimmingCharacters(in: .whitespaces)
            if let seconds = Int64(value), seconds >= 0 { return min(.seconds(min(seconds, 1 << 40)), cap) }
            let current = Int64(now.timeIntervalSince1970.rounded(.down))
            if let date = HTTPDate.parse(value, now: current) {
                return min(.seconds(min(max(0, date - current), 1 << 40)), cap)
            }
        }
        return options.retryDelay * (1 << min(attempt, 10))
    }

    /// The error for a failed response: the status, the registry's `errors[].code`/`message`, the subject.
    func failure(_ head: HTTPResponseHead, body: [UInt8], method: String, subject: Subject) -> RegistryError {
        let detail = Self.errorDetail(body)
        switch head.status {
        case 401: return .unauthorized(repository: subject.repository, reference: subject.reference, detail: detail)
        case 403: return .denied(repository: subject.repository, reference: subject.reference, detail: detail)
        case 404: return .notFound(repository: subject.repository, reference: subject.reference, detail: detail)
        default:
            return .unexpectedStatus(
                head.status, method: method, repository: subject.repository, reference: subject.reference,
                detail: detail)
        }
    }

    /// `CODE: message; CODE: message` from the spec's error body `{"errors":[{"code","message","detail"}]}`.
    static func errorDetail(_ body: [UInt8]) -> String {
        struct Body: Decodable {
            struct Entry: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Entry]?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)), let errors = decoded.errors else {
            return ""
        }
        return errors.map { entry in
            [entry.code, entry.message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        }.joined(separator: "; ")
    }
}

/// Sends 2xx bodies to the caller's receiver and keeps others in memory for the error message.
final class StatusRouter: HTTPBodyReceiver, @unchecked Sendable {
    // @unchecked: the transport calls begin/receive serially; `errorBody` is read after `send` returned.
    private let target: (any HTTPBodyReceiver)?
    private let errors = MemoryReceiver(limit: 64 << 10)
    private var forwarding = false

    init(target: (any HTTPBodyReceiver)?) { self.target = target }

    func begin(_ head: HTTPResponseHead) throws {
        forwarding = (200..<300).contains(head.status) && target != nil
        try errors.begin(head)
        if forwarding { try target?.begin(head) }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        if forwarding {
            try target?.receive(bytes)
        } else {
            try? errors.receive(bytes)
        }
    }

    var errorBody: [UInt8] { errors.bytes }
}
