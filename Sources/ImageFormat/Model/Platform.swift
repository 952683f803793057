#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An image platform: `os/architecture[/variant]`.
public struct Platform: Sendable, Hashable, Codable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    public var variant: String?
    public var osVersion: String?
    public var osFeatures: [String]?

    enum CodingKeys: String, CodingKey {
        case architecture
        case os
        case variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `linux/arm64`, `linux/arm/v7`, `linux/amd64`.
    ///
    /// Follows containerd's platform specifier: `<os>/<arch>[/<variant>]`, lowercase; `x86_64` is normalised to
    /// `amd64` and `aarch64` to `arm64` as containerd does.
    public init(parsing string: String) throws(ImageFormatError) {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidPlatform(string)
        }
        self.os = parts[0]
        self.architecture = Platform.normalise(architecture: parts[1])
        self.variant = parts.count == 3 ? parts[2] : nil
    }

    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }

    /// Whether an image built for `self` satisfies a request for `wanted` (variant only compared when both name one).
    public func matches(_ wanted: Platform) -> Bool {
        guard os == wanted.os, architecture == wanted.architecture else { return false }
        if let variant, let other = wanted.variant { return variant == other }
        return true
    }

    /// The platform of this machine.
    public static var host: Platform {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return Platform(os: "linux", architecture: normalise(architecture: machine))
    }

    static func normalise(architecture: String) -> String {
        switch architecture {
        case "x86_64", "x86-64": "amd64"
        case "aarch64": "arm64"
        case "i686", "i586", "i386": "386"
        default: architecture
        }
    }
}
