/// What the image's own files say about it: the distribution (os-release) and the installed packages (dpkg status,
/// apk installed database).
public struct SystemFacts: Sendable, Hashable {
    /// os-release fields (`ID`, `VERSION_ID`, `PRETTY_NAME`…), unquoted.
    public var osRelease: [String: String] = [:]
    /// Installed package names.
    public var packages: Set<String> = []
    /// Which database the packages came from: `dpkg`, `apk` or nil.
    public var packageDatabase: String?
    /// /etc/passwd: user name → uid.
    public var users: [String: Int] = [:]

    public init() {}

    /// A short name of the distribution and version, for messages: `debian 12`.
    public var distribution: String? {
        guard let id = osRelease["ID"] else { return nil }
        return [id, osRelease["VERSION_ID"]].compactMap { $0 }.joined(separator: " ")
    }

    /// Parses os-release: `KEY=value` lines, values optionally quoted.
    public static func parseOSRelease(_ bytes: [UInt8]) -> [String: String] {
        var result: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            result[String(line[..<equals])] = String(value)
        }
        return result
    }

    /// Package names from a dpkg status file: stanzas whose `Status` ends in `installed`.
    public static func parseDpkgStatus(_ bytes: [UInt8]) -> Set<String> {
        var result = Set<String>()
        var name: String?
        var installed = false
        func flush() {
            if let name, installed { result.insert(name) }
            name = nil
            installed = false
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("Package:") {
                name = line.dropFirst("Package:".count).trimmingPrefix(" ").description
            } else if line.hasPrefix("Status:") {
                installed = line.hasSuffix(" installed")
            }
        }
        flush()
        return result
    }

    /// Package names from a distroless-style `var/lib/dpkg/status.d/NAME` file (no Status field: installed).
    public static func parseDpkgStatusFragment(_ bytes: [UInt8]) -> Set<String> {
        var result = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Package:") {
            result.insert(line.dropFirst("Package:".count).trimmingPrefix(" ").description)
        }
        return result
    }

    /// Package names from apk's `lib/apk/db/installed` (`P:name` lines).
    public static func parseApkInstalled(_ bytes: [UInt8]) -> Set<String> {
        var result = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("P:") {
            result.insert(String(line.dropFirst(2)))
        }
        return result
    }

    /// /etc/passwd: `name:x:uid:…`.
    public static func parsePasswd(_ bytes: [UInt8]) -> [String: Int] {
        var result: [String: Int] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, let uid = Int(fields[2]) else { continue }
            result[String(fields[0])] = uid
        }
        return result
    }
}
