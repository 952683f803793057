/// The image's StopSignal (`SIGTERM`, `TERM`, `15`, `SIGRTMIN+3`), as Docker parses it; Linux numbers.
public enum StopSignal {
    static let names: [(String, Int32)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("IOT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14),
        ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21),
        ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28),
        ("IO", 29), ("POLL", 29), ("PWR", 30), ("SYS", 31),
    ]
    static let realTimeMinimum: Int32 = 34
    static let realTimeMaximum: Int32 = 64

    /// The signal number of `text`, or nil when it names none.
    public static func number(_ text: String) -> Int32? {
        if let number = Int32(text) { return (1...64).contains(number) ? number : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let found = names.first(where: { $0.0 == name }) { return found.1 }
        for (prefix, base, sign) in [("RTMIN+", realTimeMinimum, Int32(1)), ("RTMAX-", realTimeMaximum, -1)]
        where name.hasPrefix(prefix) {
            guard let offset = Int32(name.dropFirst(prefix.count)) else { return nil }
            let number = base + sign * offset
            return (realTimeMinimum...realTimeMaximum).contains(number) ? number : nil
        }
        if name == "RTMIN" { return realTimeMinimum }
        if name == "RTMAX" { return realTimeMaximum }
        return nil
    }

    /// `SIGTERM`, `SIGRTMIN+3`, or `signal 99`.
    public static func name(of number: Int32) -> String {
        if let found = names.first(where: { $0.1 == number }) { return "SIG" + found.0 }
        if (realTimeMinimum...realTimeMaximum).contains(number) { return "SIGRTMIN+\(number - realTimeMinimum)" }
        return "signal \(number)"
    }
}
