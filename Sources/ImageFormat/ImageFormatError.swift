/// What can go wrong reading or writing image formats. Each case says what failed, with which value, and what
/// to do.
public enum ImageFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidDigest(String, reason: String)
    case invalidPlatform(String)
    case invalidReference(String, reason: String)
    case invalidTarPath(String, reason: String)

    public var description: String {
        switch self {
        case .invalidDigest(let value, let reason):
            "invalid digest '\(value)': \(reason)"
        case .invalidPlatform(let value):
            "invalid platform '\(value)': expected os/architecture[/variant], for example linux/amd64 or linux/arm/v7"
        case .invalidReference(let value, let reason):
            "invalid image reference '\(value)': \(reason)"
        case .invalidTarPath(let value, let reason):
            "cannot write tar entry '\(value)': \(reason)"
        }
    }
}
