import Foundation

/// What a client learned about its registry: the base URL, the challenge, and Bearer tokens per scope set.
actor AuthState {
    private(set) var base: URL?
    private(set) var challenge: AuthChallenge?
    private var tokens: [String: (token: String, expires: ContinuousClock.Instant)] = [:]

    func setBase(_ url: URL) { base = url }

    func setChallenge(_ challenge: AuthChallenge?) {
        guard let challenge else { return }
        // insufficient_scope keeps the realm and service; only the scope it names is new.
        if self.challenge?.realm != challenge.realm || self.challenge?.scheme != challenge.scheme {
            tokens = [:]
        }
        self.challenge = challenge
    }

    static func key(_ scopes: [String]) -> String { scopes.sorted().joined(separator: " ") }

    func token(for scopes: [String]) -> String? {
        guard let entry = tokens[Self.key(scopes)], ContinuousClock.now < entry.expires else { return nil }
        return entry.token
    }

    func store(_ token: String, for scopes: [String], lifetime: Duration) {
        tokens[Self.key(scopes)] = (token, ContinuousClock.now + lifetime)
    }

    func forgetToken(for scopes: [String]) { tokens[Self.key(scopes)] = nil }
}

extension RegistryClient {
    /// Fetches a Bearer token from the challenge's realm (distribution's token spec): GET with
    /// `service` and each `scope`, Basic credentials when we have them; or, with an identity token, the OAuth2
    /// POST with `grant_type=refresh_token`. The token is cached for its `expires_in` (60 s when absent) less a
    /// margin. Credentials go to the realm only over HTTPS or to loopback.
    func fetchToken(_ challenge: AuthChallenge, scopes: [String], subject: Subject) async throws -> String {
        guard let realm = challenge.realm, var components = URLComponents(string: realm),
            components.scheme == "https" || components.scheme == "http", let realmHost = components.host
        else {
            throw RegistryError.protocolViolation(
                host: host, reason: "the Bearer challenge has no usable realm: '\(challenge.realm ?? "")'")
        }
        let realmOrigin = components.port.map { "\(realmHost):\($0)" } ?? realmHost
        let secure = components.scheme == "https" || Loopback.contains(realmOrigin)
        if components.scheme == "http", !options.allowsPlainHTTP(realmOrigin), !options.allowsPlainHTTP(host) {
            throw RegistryError.insecureNotAllowed(host: realmOrigin)
        }
        var request: HTTPRequest
        if case .identityToken(let refresh) = credential, secure {
            var form = URLComponents()
            form.queryItems =
                [
                    URLQueryItem(name: "grant_type", value: "refresh_token"),
                    URLQueryItem(name: "client_id", value: "shipshape"),
                    URLQueryItem(name: "refresh_token", value: refresh),
                ] + (challenge.service.map { [URLQueryItem(name: "service", value: $0)] } ?? [])
                + scopes.map { URLQueryItem(name: "scope", value: $0) }
            guard let url = components.url else {
                throw RegistryError.protocolViolation(host: host, reason: "the token realm is not a URL")
            }
            let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            request = HTTPRequest(
                method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: .bytes(Array(body.utf8)))
        } else {
            var query = components.queryItems ?? []
            if let service = challenge.service { query.append(URLQueryItem(name: "service", value: service)) }
            query += scopes.map { URLQueryItem(name: "scope", value: $0) }
            components.queryItems = query
            guard let url = components.url else {
                throw RegistryError.protocolViolation(host: host, reason: "the token realm is not a URL")
            }
            request = HTTPRequest(method: "GET", url: url)
            if secure, let basic = credential?.basicAuthorization { request.headers["Authorization"] = basic }
        }
        let receiver = MemoryReceiver(limit: 1 << 20)
        let router = StatusRouter(target: receiver)
        let head: HTTPResponseHead
        do {
            head = try await sendFollowingRedirects(request, receiver: router)
        } catch is MemoryReceiver.BodyTooLarge {
            // Said here: the caller's own catch would report it as its manifest or blob (issue 18 row 16).
            throw RegistryError.tooLarge(what: "the token response of \(realmOrigin)", limit: receiver.limit)
        }
        guard head.status == 200 else {
            let detail = Self.errorDetail(router.errorBody)
            let tokenDetail =
                "the token service \(realmOrigin) answered HTTP \(head.status)"
                + (detail.isEmpty ? "" : ": \(detail)")
            if head.status == 401 || head.status == 403 {
                throw RegistryError.unauthorized(
                    repository: subject.repository, reference: subject.reference, detail: tokenDetail)
            }
            throw RegistryError.unexpectedStatus(
                head.status, method: "token request", repository: subject.repository, reference: subject.reference,
                detail: tokenDetail)
        }
        struct TokenResponse: Decodable {
            var token: String?
            var access_token: String?
            var expires_in: Int?
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(receiver.bytes)),
            let token = decoded.token ?? decoded.access_token, !token.isEmpty
        else {
            throw RegistryError.protocolViolation(host: realmOrigin, reason: "the token response has no token")
        }
        let lifetime = max(decoded.expires_in ?? 60, 60)
        await state.store(token, for: scopes, lifetime: .seconds(max(lifetime - 10, 5)))
        return token
    }
}
