/// Parsing of `chmod` modes for the fs-security rules.
enum Chmod {
    /// The mode arguments of a chmod command (the first non-option argument), with recursive flags skipped.
    static func mode(_ command: ShellCommand) -> String? {
        guard command.name == "chmod" else { return nil }
        return command.arguments.first { !$0.hasPrefix("-") }
    }

    /// The paths a chmod command changes (the arguments after the mode).
    static func paths(_ command: ShellCommand) -> [String] {
        guard command.name == "chmod" else { return [] }
        let operands = command.arguments.filter { !$0.hasPrefix("-") }
        return Array(operands.dropFirst())
    }

    /// Whether `mode` makes files writable by everyone without the sticky bit.
    static func isWorldWritable(_ mode: String) -> Bool {
        if let octal = octal(mode) {
            let sticky = octal & 0o1000 != 0
            return octal & 0o002 != 0 && !sticky
        }
        for clause in mode.split(separator: ",") {
            let who = clause.prefix { "ugoa".contains($0) }
            let rest = clause.dropFirst(who.count)
            guard let op = rest.first, op == "+" || op == "=" else { continue }
            let perms = rest.dropFirst()
            if perms.contains("w"), perms.contains("t") == false, who.isEmpty || who.contains("o") || who.contains("a")
            {
                if who.isEmpty && op == "+" { return false }  // umask applies: `+w` is not world-writable
                return true
            }
        }
        return false
    }

    /// Whether `mode` sets the setuid or setgid bit.
    static func setsID(_ mode: String) -> Bool {
        if let octal = octal(mode) { return octal & 0o6000 != 0 }
        return mode.split(separator: ",").contains { clause in
            let rest = clause.drop { "ugoa".contains($0) }
            guard let op = rest.first, op == "+" || op == "=" else { return false }
            return rest.dropFirst().contains("s")
        }
    }

    private static func octal(_ mode: String) -> Int? {
        guard !mode.isEmpty, mode.count <= 4, mode.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return Int(mode, radix: 8)
    }
}
