import ImageFormat

/// Which file contents the first pass keeps, and how many bytes of each: only the few small files checks read
/// (os-release, the package databases, ld.so.conf, passwd) and small candidate secret files. Everything else is
/// headers only, so memory stays bounded whatever the image size.
public enum ContentInterest {
    /// Largest package database kept (dpkg status, apk installed).
    static let packageDatabaseLimit = 32 << 20
    /// Largest candidate secret file read.
    static let secretLimit = 64 << 10
    static let smallLimit = 256 << 10

    /// How many leading bytes of `entry` to keep in the first pass (0 = none).
    public static func captureLimit(for entry: TarEntry) -> Int {
        guard entry.kind == .regular, entry.size > 0 else { return 0 }
        let path = entry.path.utf8.starts(with: "./".utf8) ? String(entry.path.dropFirst(2)) : entry.path
        switch path {
        case "etc/os-release", "usr/lib/os-release", "etc/alpine-release", "etc/debian_version", "etc/passwd",
            "etc/ld.so.conf", "etc/redhat-release":
            return smallLimit
        case "var/lib/dpkg/status", "lib/apk/db/installed":
            return packageDatabaseLimit
        default:
            break
        }
        let utf8 = path.utf8
        if utf8.starts(with: "etc/ld.so.conf.d/".utf8) || utf8.starts(with: "etc/ld-musl-".utf8)
            || utf8.starts(with: "var/lib/dpkg/status.d/".utf8)
        {
            return smallLimit
        }
        if SecretScanner.isCandidate(path: path), entry.size <= Int64(secretLimit) { return secretLimit }
        return 0
    }
}
