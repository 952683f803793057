/// A `WWW-Authenticate` challenge (RFC 7235), as registries send them:
/// `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"`
/// or `Basic realm="Registry Realm"`.
public struct AuthChallenge: Sendable, Hashable {
    public enum Scheme: Sendable, Hashable {
        case basic
        case bearer
        case other(String)
    }

    public var scheme: Scheme
    /// Parameter names lowercased; values unquoted.
    public var parameters: [String: String]

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }
    public var error: String? { parameters["error"] }

    /// Parses the first challenge of a header value (registries send one).
    public init?(header: String) {
        var rest = Substring(header).drop(while: { $0 == " " })
        let schemeName = rest.prefix(while: { $0 != " " && $0 != "," })
        guard !schemeName.isEmpty else { return nil }
        rest = rest.dropFirst(schemeName.count)
        switch schemeName.lowercased() {
        case "basic": scheme = .basic
        case "bearer": scheme = .bearer
        default: scheme = .other(schemeName.lowercased())
        }
        var parameters: [String: String] = [:]
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard !rest.isEmpty else { break }
            let name = rest.prefix(while: { $0 != "=" && $0 != " " && $0 != "," })
            rest = rest.dropFirst(name.count).drop(while: { $0 == " " })
            guard rest.first == "=" else { break }  // the start of another challenge
            rest = rest.dropFirst().drop(while: { $0 == " " })
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let token = rest.prefix(while: { $0 != "," && $0 != " " })
                value = String(token)
                rest = rest.dropFirst(token.count)
            }
            parameters[name.lowercased()] = value
        }
        self.parameters = parameters
    }
}
