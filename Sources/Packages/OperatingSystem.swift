/// The image's operating system, from `os-release` (freedesktop.org os-release(5)): what distribution packages are
/// matched against.
public struct OperatingSystem: Sendable, Hashable, Codable {
    /// `ID`: `debian`, `ubuntu`, `alpine`, `rocky`…
    public var id: String
    /// `VERSION_ID`: `12`, `22.04`, `3.20.3`.
    public var versionID: String?
    /// `VERSION_CODENAME`: `bookworm`.
    public var codename: String?
    /// `PRETTY_NAME`, for people.
    public var prettyName: String?
    /// The OSV ecosystem its packages' advisories are published under: `Debian:12`, `Ubuntu:22.04:LTS`,
    /// `Alpine:v3.20`, `Rocky Linux:9`; nil for a distribution OSV does not cover.
    public var ecosystem: String?

    public init(id: String, versionID: String? = nil, codename: String? = nil, prettyName: String? = nil) {
        self.id = id
        self.versionID = versionID
        self.codename = codename
        self.prettyName = prettyName
        self.ecosystem = nil
    }

    /// Reads os-release(5): "a newline-separated list of environment-like shell-compatible variable assignments
    /// … Lines beginning with "#" are treated as comments. Blank lines are permitted and ignored." Nil without an
    /// `ID` (os-release: "If not set, a default of "ID=linux" may be used", which names no distribution).
    public init?(osRelease bytes: [UInt8]) {
        var fields: [String: String] = [:]
        for line in String(decoding: bytes.prefix(64 << 10), as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            var value = trimmed[trimmed.index(after: equals)...]
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            fields[String(trimmed[..<equals])] = String(value).replacing("\\\"", with: "\"")
        }
        guard let id = fields["ID"]?.lowercased(), !id.isEmpty else { return nil }
        self.init(
            id: id, versionID: fields["VERSION_ID"], codename: fields["VERSION_CODENAME"],
            prettyName: fields["PRETTY_NAME"])
        ecosystem = OperatingSystem.ecosystem(id: id, versionID: versionID, version: fields["VERSION"])
    }

    /// The OSV ecosystem (osv-schema, "Defined ecosystems"): `Debian` and `Ubuntu` "with an optional suffix …
    /// `:<RELEASE-NUMBER>`" (Ubuntu adds `:LTS` for long-term releases), `Alpine` with `:v<MAJOR>.<MINOR>`,
    /// `Rocky Linux`, `AlmaLinux`, `Red Hat`, `openSUSE`, `SUSE`, `Wolfi`, `Chainguard`, `Mageia`.
    static func ecosystem(id: String, versionID: String?, version: String?) -> String? {
        let majorMinor = versionID.map { value in
            value.split(separator: ".").prefix(2).map { $0.prefix(while: \.isNumber) }.joined(separator: ".")
        }
        let major = versionID.flatMap { $0.split(separator: ".").first.map(String.init) }
        switch id {
        case "debian":
            return major.map { "Debian:\($0)" } ?? "Debian"
        case "ubuntu":
            guard let versionID else { return "Ubuntu" }
            return version?.contains("LTS") == true ? "Ubuntu:\(versionID):LTS" : "Ubuntu:\(versionID)"
        case "alpine":
            return majorMinor.map { "Alpine:v\($0)" } ?? "Alpine"
        case "rocky": return major.map { "Rocky Linux:\($0)" } ?? "Rocky Linux"
        case "almalinux": return major.map { "AlmaLinux:\($0)" } ?? "AlmaLinux"
        case "rhel": return major.map { "Red Hat:enterprise_linux:\($0)" } ?? "Red Hat"
        case "opensuse-leap": return versionID.map { "openSUSE:Leap \($0)" } ?? "openSUSE"
        case "sles": return versionID.map { "SUSE:Linux Enterprise Server \($0)" } ?? "SUSE"
        case "wolfi": return "Wolfi"
        case "chainguard": return "Chainguard"
        case "mageia": return major.map { "Mageia:\($0)" } ?? "Mageia"
        default: return nil
        }
    }

    /// The `distro` qualifier of distribution PURLs: `debian-12`, `alpine-3.20.3`.
    public var purlDistro: String {
        versionID.map { "\(id)-\($0)" } ?? id
    }
}
