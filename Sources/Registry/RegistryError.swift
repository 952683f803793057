import ImageFormat

/// What can go wrong talking to a registry. Each case names the repository, the reference and, where there is
/// one, the HTTP status and the registry's own error code and message. Credentials never appear here.
public enum RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidReference(String, reason: String)
    /// 401: the registry wants credentials we do not have, or refused the ones we sent.
    case unauthorized(repository: String, reference: String, detail: String)
    /// 403: the credentials are valid but may not do this.
    case denied(repository: String, reference: String, detail: String)
    /// 404: the repository, manifest or blob does not exist.
    case notFound(repository: String, reference: String, detail: String)
    /// Any other unexpected status.
    case unexpectedStatus(Int, method: String, repository: String, reference: String, detail: String)
    /// A blob or manifest whose bytes do not match the digest or size it was asked for.
    case digestMismatch(what: String, expected: String, actual: String)
    case sizeMismatch(what: String, expected: Int64, actual: Int64)
    case tooLarge(what: String, limit: Int)
    /// A connection-level failure (refused, reset, TLS, DNS) after retries.
    case transport(host: String, reason: String)
    /// A response that breaks the distribution spec (missing Location, bad JSON, bad challenge).
    case protocolViolation(host: String, reason: String)
    /// Plain HTTP to a host that is neither loopback nor allowed with --insecure-registry/--plain-http.
    case insecureNotAllowed(host: String)
    case credentials(String)
    case platformNotFound(String, available: [String], image: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidReference(let value, let reason):
            return "invalid registry reference '\(value)': \(reason)"
        case .unauthorized(let repository, let reference, let detail):
            return "authentication required for '\(repository)' (reference '\(reference)'): HTTP 401\(suffix(detail));"
                + " log in with --username/--password-stdin, --authfile or ~/.docker/config.json"
        case .denied(let repository, let reference, let detail):
            return "access denied to '\(repository)' (reference '\(reference)'): HTTP 403\(suffix(detail))"
        case .notFound(let repository, let reference, let detail):
            return "'\(repository)' has no '\(reference)': HTTP 404\(suffix(detail))"
        case .unexpectedStatus(let status, let method, let repository, let reference, let detail):
            return "\(method) for '\(repository)' (reference '\(reference)') failed: HTTP \(status)\(suffix(detail))"
        case .digestMismatch(let what, let expected, let actual):
            return "\(what) does not match its digest: expected \(expected), got \(actual); nothing was kept"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) bytes, its descriptor says \(expected); nothing was kept"
        case .tooLarge(let what, let limit):
            return "\(what) is larger than the limit of \(limit) bytes"
        case .transport(let host, let reason):
            return "cannot reach registry '\(host)': \(reason)"
        case .protocolViolation(let host, let reason):
            return "registry '\(host)' answered outside the distribution spec: \(reason)"
        case .insecureNotAllowed(let host):
            return "refusing plain HTTP to '\(host)': only loopback registries use HTTP unless you pass"
                + " --insecure-registry \(host) or --plain-http"
        case .credentials(let reason):
            return "cannot read registry credentials: \(reason)"
        case .platformNotFound(let wanted, let available, let image):
            return "\(image) has no image for platform \(wanted); it has: "
                + (available.isEmpty ? "none" : available.joined(separator: ", "))
                + " (use --platform or --all-platforms)"
        case .io(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        }
    }

    private func suffix(_ detail: String) -> String { detail.isEmpty ? "" : " (\(detail))" }
}
