/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The `--fail-on` threshold: findings at or above it make the exit code 1.
public enum FailureThreshold: String, CaseIterable, Sendable, Codable, Hashable {
    case error
    case warning
    case info
    case none

    /// Whether a finding of `severity` fails the run.
    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .none: false
        case .info: true
        case .warning: severity >= .warning
        case .error: severity >= .error
        }
    }
}
