/// Package names as each ecosystem compares them.
public enum PackageName {
    /// PyPI: PEP 503, "the name should be lowercased with all runs of the characters ., -, or _ replaced with a
    /// single - character"; crates.io names are case-insensitive; the others compare exactly.
    public static func normalized(_ name: String, ecosystem: String) -> String {
        switch ecosystem {
        case "PyPI":
            var out: [UInt8] = []
            var inRun = false
            for byte in name.utf8 {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                    if !inRun { out.append(UInt8(ascii: "-")) }
                    inRun = true
                } else {
                    out.append(byte.asciiLowercased)
                    inRun = false
                }
            }
            return String(decoding: out, as: UTF8.self)
        case "crates.io": return name.lowercased()
        default: return name
        }
    }
}
