#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One process of the probed namespace, as the host's /proc shows it.
public struct ObservedProcess: Sendable, Hashable {
    /// The PID inside the namespace (1 is the image's command).
    public var pid: Int
    /// The parent's PID inside the namespace (0 for PID 1).
    public var parent: Int
    /// The kernel's one-letter state: R, S, D, Z (zombie), T, …
    public var state: String
    /// The program's name (`comm`, at most 15 bytes).
    public var name: String
    /// The command line (empty for a zombie).
    public var commandLine: [String]
    var hostPID: Int32

    public var isZombie: Bool { state == "Z" }
}

/// A socket bound inside the namespace: TCP in LISTEN, UDP bound.
public struct ListeningSocket: Sendable, Hashable, Comparable {
    public var transport: String
    public var address: String
    public var port: Int
    /// The namespace PIDs of the processes holding it.
    public var pids: [Int]

    public static func < (a: ListeningSocket, b: ListeningSocket) -> Bool {
        (a.port, a.transport, a.address) < (b.port, b.transport, b.address)
    }
}

/// Reading the namespace's processes and sockets from the host's /proc, through the PID of the namespace's PID 1.
struct ProcessTable {
    /// The host PID of the namespace's PID 1.
    let leader: Int32
    /// `pid:[inode]` of the PID namespace, read once while PID 1 lives.
    let namespace: String

    init?(leader: Int32) {
        guard let link = try? ProbeSystem.readLink(AT_FDCWD, "/proc/\(leader)/ns/pid") else { return nil }
        self.leader = leader
        self.namespace = link
    }

    /// Every process of the namespace now (empty when it is gone).
    func processes() -> [ObservedProcess] {
        guard let listing = try? ProbeSystem.open("/proc", O_DIRECTORY),
            let names = try? ProbeSystem.names(inDirectory: listing)
        else { return [] }
        var found: [(host: Int32, hostParent: Int32, process: ObservedProcess)] = []
        for name in names {
            guard let host = Int32(name), host > 0 else { continue }
            guard (try? ProbeSystem.readLink(AT_FDCWD, "/proc/\(host)/ns/pid")) == namespace else { continue }
            guard let status = try? ProbeSystem.readFile("/proc/\(host)/status", limit: 8192) else { continue }
            var process = ObservedProcess(pid: 0, parent: 0, state: "?", name: "", commandLine: [], hostPID: host)
            var hostParent: Int32 = 0
            for line in String(decoding: status, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("Name:") {
                    process.name = String(line.dropFirst(5).drop(while: { $0 == "\t" || $0 == " " }))
                } else if line.hasPrefix("State:") {
                    process.state = String(line.dropFirst(6).drop(while: { $0 == "\t" || $0 == " " }).prefix(1))
                } else if line.hasPrefix("PPid:") {
                    hostParent = Int32(String(line.dropFirst(5).filter { !$0.isWhitespace })) ?? 0
                } else if line.hasPrefix("NSpid:") {
                    process.pid =
                        line.dropFirst(6).split(whereSeparator: { $0 == "\t" || $0 == " " }).last
                        .flatMap { Int($0) } ?? 0
                }
            }
            if let raw = try? ProbeSystem.readFile("/proc/\(host)/cmdline", limit: 4096) {
                process.commandLine = raw.split(separator: 0, omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self)
                }
                if process.commandLine.last == "" { process.commandLine.removeLast() }
            }
            found.append((host, hostParent, process))
        }
        var namespacePID: [Int32: Int] = [:]
        for entry in found { namespacePID[entry.host] = entry.process.pid }
        return found.map { entry in
            var process = entry.process
            process.parent = namespacePID[entry.hostParent] ?? 0
            return process
        }.sorted { $0.pid < $1.pid }
    }

    /// Sockets bound in the namespace's network namespace, with the processes holding them.
    func sockets(of processes: [ObservedProcess]) -> [ListeningSocket] {
        var bound: [(transport: String, address: String, port: Int, inode: String)] = []
        for (file, transport, state) in [
            ("tcp", "tcp", "0A"), ("tcp6", "tcp", "0A"), ("udp", "udp", "07"), ("udp6", "udp", "07"),
        ] {
            guard let raw = try? ProbeSystem.readFile("/proc/\(leader)/net/\(file)", limit: 1 << 20) else { continue }
            for line in String(decoding: raw, as: UTF8.self).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, fields[3] == state else { continue }
                let local = fields[1].split(separator: ":")
                guard local.count == 2, let port = Int(local[1], radix: 16) else { continue }
                bound.append((transport, Self.address(String(local[0])), port, String(fields[9])))
            }
        }
        guard !bound.isEmpty else { return [] }
        var holders: [String: Set<Int>] = [:]
        for process in processes where !process.isZombie {
            guard let listing = try? ProbeSystem.open("/proc/\(process.hostPID)/fd", O_DIRECTORY),
                let descriptors = try? ProbeSystem.names(inDirectory: listing)
            else { continue }
            for descriptor in descriptors {
                guard let link = try? ProbeSystem.readLink(AT_FDCWD, "/proc/\(process.hostPID)/fd/\(descriptor)"),
                    link.hasPrefix("socket:[")
                else { continue }
                holders[String(link.dropFirst(8).dropLast()), default: []].insert(process.pid)
            }
        }
        var result: Set<ListeningSocket> = []
        for socket in bound {
            result.insert(
                ListeningSocket(
                    transport: socket.transport, address: socket.address, port: socket.port,
                    pids: (holders[socket.inode] ?? []).sorted()))
        }
        return result.sorted()
    }

    /// /proc/net's hex address (little-endian words) as text: `127.0.0.1`, `0.0.0.0`, `::`, `::1`.
    static func address(_ hex: String) -> String {
        let bytes = stride(from: 0, to: hex.utf8.count, by: 2).compactMap { offset -> UInt8? in
            let start = hex.utf8.index(hex.utf8.startIndex, offsetBy: offset)
            let end = hex.utf8.index(start, offsetBy: 2)
            return UInt8(String(hex[start..<end]), radix: 16)
        }
        // Each 32-bit word is in host (little-endian) order.
        var ordered: [UInt8] = []
        for word in stride(from: 0, to: bytes.count, by: 4) {
            ordered.append(contentsOf: bytes[word..<min(word + 4, bytes.count)].reversed())
        }
        if ordered.count == 4 { return ordered.map(String.init).joined(separator: ".") }
        if ordered.allSatisfy({ $0 == 0 }) { return "::" }
        if ordered.dropLast().allSatisfy({ $0 == 0 }) && ordered.last == 1 { return "::1" }
        var groups: [String] = []
        for index in stride(from: 0, to: ordered.count, by: 2) {
            groups.append(String(UInt16(ordered[index]) << 8 | UInt16(ordered[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
}
