import Crypto
import Foundation
import TestSupport

/// A token server for the registry's `auth: token` (distribution's token spec): GET /token with Basic auth,
/// `service` and `scope` parameters; answers a JWT signed ES256 with a key and self-signed certificate made by
/// the `openssl` CLI, the certificate given to the registry as its rootcertbundle and sent in the `x5c` header.
final class TokenServer: Sendable {
    let server: TestHTTPServer
    let directory: String
    let certificatePath: String
    static let service = "shipshape-test"
    static let issuer = "shipshape-test-issuer"

    var realm: String { "http://\(server.origin)/token" }
    /// Token requests seen (their query strings), to check caching.
    var tokenRequests: Int { server.requests.filter { $0.path == "/token" }.count }

    /// `users`: name → password; `pullOnly`: users granted only pull.
    init(users: [String: String], pullOnly: Set<String> = [], lifetime: Int = 300) throws {
        let directory = NSTemporaryDirectory() + "/shipshape-token-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try TestProcess.output(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                directory + "/key.pem", "-out", directory + "/cert.pem", "-days", "2", "-subj", "/CN=shipshape-token",
            ])
        _ = try TestProcess.output(
            "/usr/bin/openssl",
            ["x509", "-in", directory + "/cert.pem", "-outform", "DER", "-out", directory + "/cert.der"])
        let key = try P256.Signing.PrivateKey(
            pemRepresentation: try String(contentsOfFile: directory + "/key.pem", encoding: .utf8))
        let certificate = try Data(contentsOf: URL(fileURLWithPath: directory + "/cert.der")).base64EncodedString()
        self.directory = directory
        self.certificatePath = directory + "/cert.pem"
        server = try TestHTTPServer { request in
            guard request.path == "/token" else { return .init(status: 404) }
            var user = ""
            if let header = request.headers["authorization"], header.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(header.dropFirst(6))),
                case let pair = String(decoding: decoded, as: UTF8.self), let colon = pair.firstIndex(of: ":")
            {
                let name = String(pair[..<colon])
                guard users[name] == String(pair[pair.index(after: colon)...]) else {
                    return .init(
                        status: 401,
                        body: Array(#"{"errors":[{"code":"UNAUTHORIZED","message":"wrong password"}]}"#.utf8))
                }
                user = name
            }
            var access: [[String: Any]] = []
            for (name, value) in request.query where name == "scope" {
                let parts = value.split(separator: ":")
                guard parts.count == 3 else { continue }
                var actions = parts[2].split(separator: ",").map(String.init)
                if user.isEmpty {
                    actions = []
                } else if pullOnly.contains(user) {
                    actions = actions.filter { $0 == "pull" }
                }
                access.append(["type": String(parts[0]), "name": String(parts[1]), "actions": actions])
            }
            let now = Int(Date().timeIntervalSince1970)
            let claims: [String: Any] = [
                "iss": TokenServer.issuer, "sub": user, "aud": TokenServer.service, "exp": now + lifetime,
                "nbf": now - 10, "iat": now, "jti": UUID().uuidString, "access": access,
            ]
            let header: [String: Any] = ["alg": "ES256", "typ": "JWT", "x5c": [certificate]]
            func segment(_ object: [String: Any]) -> String {
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                return base64url(data)
            }
            let input = segment(header) + "." + segment(claims)
            guard let signature = try? key.signature(for: Data(input.utf8)) else { return .init(status: 500) }
            let token = input + "." + base64url(signature.rawRepresentation)
            let body = try? JSONSerialization.data(withJSONObject: ["token": token, "expires_in": lifetime])
            return .init(status: 200, headers: ["Content-Type": "application/json"], body: Array(body ?? Data()))
        }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

private func base64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
