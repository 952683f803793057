/// The config's User (`name`, `uid`, `uid:gid`, `name:group`) resolved against the image's /etc/passwd and
/// /etc/group, as runc does: a name must be there; a bare number need not (its group is then the passwd entry's,
/// else 0).
struct ImageUser: Sendable, Hashable {
    var uid: UInt32
    var gid: UInt32
    var home: String

    init(_ text: String?, root: ProbeRoot) throws(ProbeError) {
        let text = text ?? ""
        guard !text.isEmpty else {
            self.init(uid: 0, gid: 0, home: Self.passwd(root).first(where: { $0.uid == 0 })?.home ?? "/root")
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let users = Self.passwd(root)
        let entry: (name: String, uid: UInt32, gid: UInt32, home: String)?
        if let number = UInt32(parts[0]) {
            entry = users.first(where: { $0.uid == number }) ?? (parts[0], number, 0, "/")
        } else {
            entry = users.first(where: { $0.name == parts[0] })
        }
        guard let entry else { throw .unknownUser(text) }
        var gid = entry.gid
        if parts.count == 2 {
            if let number = UInt32(parts[1]) {
                gid = number
            } else if let group = Self.groups(root).first(where: { $0.name == parts[1] }) {
                gid = group.gid
            } else {
                throw .unknownUser(text)
            }
        }
        self.init(uid: entry.uid, gid: gid, home: entry.home)
    }

    init(uid: UInt32, gid: UInt32, home: String) {
        self.uid = uid
        self.gid = gid
        self.home = home
    }

    private static func lines(_ root: ProbeRoot, _ path: String) -> [[String]] {
        guard let bytes = root.readFile(path, limit: 4 << 20) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static func passwd(_ root: ProbeRoot) -> [(name: String, uid: UInt32, gid: UInt32, home: String)] {
        lines(root, "etc/passwd").compactMap { fields in
            guard fields.count >= 6, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
            return (fields[0], uid, gid, fields[5].isEmpty ? "/" : fields[5])
        }
    }

    static func groups(_ root: ProbeRoot) -> [(name: String, gid: UInt32)] {
        lines(root, "etc/group").compactMap { fields in
            guard fields.count >= 3, let gid = UInt32(fields[2]) else { return nil }
            return (fields[0], gid)
        }
    }
}
