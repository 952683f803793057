import FoundationEssentials

/// Credentials for one registry. Their description never shows the secret.
public enum Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    case basic(username: String, password: String)
    /// An OAuth2 refresh token (`identitytoken` in config.json, or a helper's `<token>` user).
    case identityToken(String)

    public var description: String {
        switch self {
        case .basic(let username, _): "user '\(username)' with a password"
        case .identityToken: "an identity token"
        }
    }

    public var debugDescription: String { description }

    /// `Authorization: Basic …` for this credential, or nil for an identity token.
    var basicAuthorization: String? {
        guard case .basic(let username, let password) = self else { return nil }
        return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
