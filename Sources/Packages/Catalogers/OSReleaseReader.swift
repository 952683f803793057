/// The operating system from `/etc/os-release`, or `/usr/lib/os-release` when the first is absent: os-release(5),
/// "The file /etc/os-release takes precedence over /usr/lib/os-release. Applications should check for the former,
/// and exclusively use its data if it exists, and only fall back to the latter if it is missing."
enum OSReleaseReader {
    static let limit = 64 << 10

    static func interest(_ path: Substring) -> Interest? {
        path == "etc/os-release" || path == "usr/lib/os-release" ? .whole(limit) : nil
    }

    static func read(_ files: [CatalogFile], context: inout CatalogContext) -> OperatingSystem? {
        let live = files.filter(\.isLive)
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let file = live.last(where: { $0.path == path }) else { continue }
            if context.noteTruncated(file, limit: limit, action: "not read") { continue }
            if let system = OperatingSystem(osRelease: file.content) { return system }
            context.note(file, "no ID= line: the operating system is unknown")
        }
        return nil
    }
}
